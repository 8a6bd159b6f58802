// The house rule: a lower layer never imports a higher one. Every import of every .ts, .mjs and
// .astro file under src/ is read (static, `export ... from`, `import type`, `typeof import()`,
// dynamic `import()`, `new URL('...', import.meta.url)` for workers; `?worker`/`?url`/`?raw`
// suffixes stripped; in .astro, the frontmatter and the <script> blocks) and checked.
//
// A room is the first folder under src/. Layers, low to high:
//   0 net          the kernel model: imports nothing outside src/net
//   1 cli          argv -> engine calls -> the real tools' text
//   2 kernel       the real-kernel runner
//   3 lab grading  the headless course core (lab model, topology drawing, grading)
//   4 quiz playground conformance progress   what the course does with it, headless
//   5 machines     XState flows
//   6 ui scorm     DOM code (styles: the CSS the DOM code loads)
//   7 components layouts pages (and src/*.ts beside them: content.config.ts)   the Astro site
//   bin            entry points: may import anything but the site and DOM code; nothing imports bin
// A room imports its own files and lower layers freely. Rooms of one layer import each other only
// along the edges listed in SAME_LAYER, the ones the course needs: grading reads lab models;
// conformance compares the quizzes' scenarios too; the SCORM SCO mounts the quiz UI and its CSS;
// pages are made of components and layouts. Any other same-layer import fails: add an edge here
// only with a reason.
// A test (*.test.ts) is in the layer of the folder it sits in, like the file it tests; a test may
// also use test helpers of any room: files under a fixtures/, testdata/ or testing/ folder, the
// engine's scenario runner (engine tests state behaviour as whole scripts) and the conformance
// normalization (tests compare with the kernel's recorded text), listed in TEST_HELPERS.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const LAYER: Readonly<Record<string, number>> = {
  net: 0,
  cli: 1,
  kernel: 2,
  lab: 3,
  grading: 3,
  quiz: 4,
  playground: 4,
  conformance: 4,
  progress: 4,
  machines: 5,
  ui: 6,
  scorm: 6,
  styles: 6,
  components: 7,
  layouts: 7,
  pages: 7,
  '': 7, // files directly in src/ (content.config.ts, the tree-wide tests)
};

/** importer room -> rooms of its own layer it may import. */
const SAME_LAYER: Readonly<Record<string, readonly string[]>> = {
  grading: ['lab'],
  conformance: ['quiz'],
  scorm: ['ui', 'styles'],
  pages: ['components', 'layouts'],
};

const BIN_FORBIDDEN = new Set(['ui', 'components', 'layouts', 'pages', 'styles']);

/** One import as written: the specifier and the line it is on. */
export interface ImportRef {
  readonly specifier: string;
  readonly line: number;
}

/** Every module a TypeScript/JavaScript text refers to; `lineOffset` shifts line numbers (astro blocks). */
function importsOfScript(fileName: string, text: string, lineOffset = 0): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ImportRef[] = [];
  const add = (node: ts.Node): void => {
    if (!ts.isStringLiteralLike(node)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 + lineOffset;
    found.push({ specifier: node.text, line });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'URL' && node.arguments?.length === 2) {
      const base = node.arguments[1]!;
      if (ts.isPropertyAccessExpression(base) && base.name.text === 'url' && ts.isMetaProperty(base.expression)) add(node.arguments[0]!);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The imports of a file: .astro files are read in their frontmatter and <script> blocks. */
export function importsOf(fileName: string, text: string): ImportRef[] {
  if (!fileName.endsWith('.astro')) return importsOfScript(fileName, text);
  const found: ImportRef[] = [];
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length - 1;
  const frontmatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (frontmatter) found.push(...importsOfScript(fileName, frontmatter[1]!, 1));
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const start = m.index + m[0].indexOf('>') + 1;
    found.push(...importsOfScript(fileName, m[1]!, lineOf(start)));
  }
  return found;
}

/** The src-relative path an import points at, or undefined when it leaves src (a package, node:, the repo). */
export function resolveImport(file: string, specifier: string): string | undefined {
  const bare = specifier.replace(/\?[\w&=-]*$/, '');
  let target: string;
  if (bare.startsWith('./') || bare.startsWith('../') || bare === '.' || bare === '..') target = posix.normalize(posix.join(posix.dirname(file), bare));
  else if (bare.startsWith('/src/')) target = bare.slice(1);
  else return undefined;
  return target === 'src' || target.startsWith('src/') ? target : undefined;
}

function roomOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts[1]! : '';
}

const TEST_HELPERS = new Set(['src/cli/run-scenario.ts', 'src/conformance/normalize.ts']);
const isTestHelper = (path: string): boolean => /\/(fixtures|testdata|testing)\//.test(path) || TEST_HELPERS.has(path);

/** Why `file` may not import `target` (both src-relative), or undefined when it may. */
export function layeringProblem(file: string, target: string): string | undefined {
  const from = roomOf(file);
  const to = roomOf(target);
  if (from === to) return undefined;
  if (to === 'bin') return 'nothing imports an entry point (src/bin)';
  if (from === 'bin') return BIN_FORBIDDEN.has(to) ? `entry points (src/bin) do not import ${to}` : undefined;
  const fromLayer = LAYER[from];
  const toLayer = LAYER[to];
  if (fromLayer === undefined) return `src/${from} is in no layer: add it to LAYER in src/layering.test.ts`;
  if (toLayer === undefined) return `src/${to} is in no layer: add it to LAYER in src/layering.test.ts`;
  if (file.endsWith('.test.ts') && isTestHelper(target)) return undefined;
  if (toLayer < fromLayer) return undefined;
  const name = (room: string): string => (room ? `src/${room}` : 'src/');
  if (toLayer === fromLayer) return SAME_LAYER[from]?.includes(to) ? undefined : `${name(from)} may not import ${name(to)} (same layer; allowed edges are listed in SAME_LAYER)`;
  return `${name(from)} (layer ${fromLayer}) imports ${name(to)} (layer ${toLayer}), a higher layer`;
}

/** Every layering problem in these files (paths relative to the repository, under src/). */
export function layeringViolations(files: readonly { readonly path: string; readonly text: string }[]): string[] {
  const problems: string[] = [];
  for (const { path, text } of files) {
    for (const ref of importsOf(path, text)) {
      const target = resolveImport(path, ref.specifier);
      if (target === undefined) continue;
      const problem = layeringProblem(path, target);
      if (problem) problems.push(`${path}:${ref.line} imports '${ref.specifier}': ${problem}`);
    }
  }
  return problems;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mjs|astro)$/.test(entry.name) ? [full] : [];
  });
}

describe('layering', () => {
  test('no file under src/ imports a higher layer', () => {
    const files = sourceFiles(join(ROOT, 'src')).map((full) => ({ path: relative(ROOT, full).split('\\').join('/'), text: readFileSync(full, 'utf8') }));
    assert.ok(files.length > 100, `found only ${files.length} files under src/`);
    assert.deepEqual(layeringViolations(files), []);
  });

  test('an upward import is caught, in every form of import', () => {
    const upward = [
      { path: 'src/net/world.ts', text: "import { mountQuiz } from '../ui/quiz/mount.ts';" },
      { path: 'src/net/a.ts', text: "import type { X } from '../cli/x.ts';\nexport { y } from '../cli/y.ts';" },
      { path: 'src/lab/b.ts', text: "const m = await import('../quiz/core.ts');\ntype T = typeof import('../machines/m.ts');" },
      { path: 'src/grading/c.ts', text: "const w = new Worker(new URL('../ui/engine/worker.ts?worker', import.meta.url));" },
      { path: 'src/quiz/d.ts', text: "import x from '../ui/dom.ts?url';" },
      { path: 'src/machines/e.mjs', text: "import '../components/lib/course.ts';" },
      { path: 'src/ui/f.ts', text: "import '../pages/index.astro';" },
      { path: 'src/components/G.astro', text: "---\nimport { run } from '../bin/netsim.ts';\n---\n<p>hi</p>" },
      { path: 'src/pages/h.astro', text: "---\nconst a = 1;\n---\n<div></div>\n<script>\n  import '../bin/grade.ts';\n</script>" },
      { path: 'src/bin/i.ts', text: "import '../ui/announce.ts';" },
      { path: 'src/quiz/j.ts', text: "import '../conformance/conformance.ts';" },
      { path: 'src/kernel/k.test.ts', text: "import '../quiz/core.ts';" },
      { path: 'src/net/l.ts', text: "import { runScenario } from '../cli/run-scenario.ts';" },
      { path: 'src/lab/m.ts', text: "import { gradeCapture } from '../grading/capture.ts';" },
    ];
    const problems = layeringViolations(upward);
    assert.equal(problems.length, 16, problems.join('\n'));
    assert.match(problems[0]!, /^src\/net\/world\.ts:1 imports '\.\.\/ui\/quiz\/mount\.ts': src\/net \(layer 0\) imports src\/ui \(layer 6\)/);
    assert.ok(problems.some((p) => p.startsWith("src/pages/h.astro:6 imports '../bin/grade.ts'")), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith("src/grading/c.ts:1 imports '../ui/engine/worker.ts?worker'")), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith("src/quiz/j.ts:1 imports '../conformance/conformance.ts': src/quiz may not import src/conformance (same layer")), problems.join('\n'));
  });

  test('downward, same-room, allowed same-layer and outside-src imports pass', () => {
    const fine = [
      { path: 'src/ui/a.ts', text: "import { x } from '../net/addr.ts';\nimport './b.ts';\nimport 'xstate';\nimport 'node:fs';" },
      { path: 'src/scorm/a.ts', text: "import { mountQuiz } from '../ui/quiz/mount.ts';\nimport '../styles/quiz.css';" },
      { path: 'src/grading/b.ts', text: "import type { LabModel } from '../lab/lab-model.ts';" },
      { path: 'src/conformance/c.ts', text: "const q = await import('../quiz/load.ts');\nconst root = new URL('../..', import.meta.url);" },
      { path: 'src/bin/d.ts', text: "import '../kernel/kernel-runner.ts';\nimport '../quiz/result.ts';" },
      { path: 'src/bin/d.test.ts', text: "import '../quiz/fixtures/fixtures.ts';" },
      { path: 'src/net/e.test.ts', text: "import '../cli/run-scenario.ts';\nimport './testing/build.ts';" },
      { path: 'src/pages/e.astro', text: "---\nimport Base from '../layouts/BaseLayout.astro';\n---\n<script>import '../ui/quiz/practice-page.ts';</script>" },
    ];
    assert.deepEqual(layeringViolations(fine), []);
  });
});
