// Keeps docs/authoring.md true:
// - its list of SIMPLIFIED notes equals the `SIMPLIFIED` comments in src (tests excepted),
//   matched by file and by the first words of each note;
// - its frontmatter table names every field of the lesson schema, and its component section
//   every prop of the lesson components;
// - its worked examples work: the scenario runs in the engine, the quiz questions load with the
//   quiz schema and grade as the guide says.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runScenario } from './cli/run-scenario.ts';
import { expectedAnswer, revealAnswer } from './quiz/expected.ts';
import { gradeQuestion } from './quiz/grade.ts';
import { parseQuiz } from './quiz/schema.ts';
import { generateQuestion } from './quiz/variant.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GUIDE_PATH = join(ROOT, 'docs', 'authoring.md');
const guide = readFileSync(GUIDE_PATH, 'utf8');

/** Words of a note or a guide entry, compared without comment marks, quotes, backticks or line breaks. */
function words(text: string): string[] {
  return text
    .replace(/[`"]/g, '')
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** How many words of a note identify it (its first words). */
const PHRASE_WORDS = 6;

interface Note {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|js|mjs|astro)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/** Every SIMPLIFIED note in src: the text after "SIMPLIFIED:" plus the comment lines that continue it. */
function simplifiedNotes(): Note[] {
  const notes: Note[] = [];
  for (const path of sourceFiles(join(ROOT, 'src'))) {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      const at = line.indexOf('SIMPLIFIED');
      if (at < 0) return;
      let text = line.slice(at + 'SIMPLIFIED'.length).replace(/^:/, '');
      for (let j = i + 1; j < lines.length && j <= i + 4; j++) {
        const more = /^\s*(?:\/\/|\*(?!\/))(.*)$/.exec(lines[j]!);
        if (!more || more[1]!.includes('SIMPLIFIED')) break;
        text += ` ${more[1]}`;
      }
      notes.push({ file: relative(ROOT, path).split('\\').join('/'), line: i + 1, text: text.replace(/\*\/\s*$/, '').trim() });
    });
  }
  return notes;
}

/** The text of a section: from its heading to the next heading of the same or a higher level. */
function section(markdown: string, heading: RegExp): string {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  assert.ok(start >= 0, `docs/authoring.md has no heading matching ${heading}`);
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

interface GuideEntry {
  readonly file: string;
  readonly text: string;
}

/** The list items of the guide's SIMPLIFIED section: "- `src/...`: "note" In plain words: ...". */
function guideEntries(): GuideEntry[] {
  const body = section(guide, /^#+ .*SIMPLIFIED/);
  const items: string[] = [];
  for (const line of body.split('\n')) {
    if (line.startsWith('- ')) items.push(line.slice(2));
    else if (/^\s+\S/.test(line) && items.length > 0) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items.map((item) => {
    const file = /^`(src\/[^`]+)`/.exec(item)?.[1];
    assert.ok(file, `a SIMPLIFIED entry of docs/authoring.md does not start with its file in backticks: "${item.slice(0, 80)}"`);
    return { file, text: item };
  });
}

function contains(haystack: readonly string[], needle: readonly string[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((w, k) => haystack[i + k] === w)) return true;
  }
  return false;
}

describe('docs/authoring.md: the SIMPLIFIED notes', () => {
  const notes = simplifiedNotes();
  const entries = guideEntries();

  test('the engine has notes and the guide lists them', () => {
    assert.ok(notes.length > 0, 'no SIMPLIFIED note found in src: is the scan broken?');
    assert.ok(entries.length > 0);
  });

  test('every SIMPLIFIED note in src is listed in the guide (file and words)', () => {
    const missing = notes.filter((n) => {
      const phrase = words(n.text).slice(0, PHRASE_WORDS);
      return !entries.some((e) => e.file === n.file && contains(words(e.text), phrase));
    });
    assert.deepEqual(
      missing.map((n) => `${n.file}:${n.line}: "${words(n.text).slice(0, PHRASE_WORDS).join(' ')}..."`),
      [],
      'add these notes to "Every SIMPLIFIED note in the engine" in docs/authoring.md: the file in backticks, the note quoted, then a sentence in plain words',
    );
  });

  test('every note the guide lists still exists in src', () => {
    const stale = entries.filter((e) => !notes.some((n) => n.file === e.file && contains(words(e.text), words(n.text).slice(0, PHRASE_WORDS))));
    assert.deepEqual(
      stale.map((e) => e.text.slice(0, 100)),
      [],
      'these entries of docs/authoring.md quote a SIMPLIFIED note that is no longer in that file: update or remove them',
    );
  });

  test('one guide entry per note', () => {
    assert.equal(entries.length, notes.length, `the guide lists ${entries.length} notes, src has ${notes.length}`);
  });
});

describe('docs/authoring.md: lessons', () => {
  test('the frontmatter table names every field of the lesson schema', () => {
    const config = readFileSync(join(ROOT, 'src', 'content.config.ts'), 'utf8');
    const lessons = /const lessons = defineCollection\(([\s\S]*?)\nconst /.exec(config)?.[1];
    assert.ok(lessons, 'src/content.config.ts: the lessons collection was not found');
    const fields = [...lessons.matchAll(/^ {6}(\w+): z\b/gm)].map((m) => m[1]!);
    assert.ok(fields.includes('title') && fields.includes('scenarios'), `fields read: ${fields.join(', ')}`);
    const table = section(guide, /^### Frontmatter/);
    for (const f of fields) assert.match(table, new RegExp(`^\\| \`${f}\` \\|`, 'm'), `docs/authoring.md: no row for the frontmatter field ${f}`);
  });

  test('the components section names every prop of the lesson components', () => {
    const components = section(guide, /^### Components/);
    for (const name of ['Lab', 'PredictCapture', 'PredictPath', 'PacketWalk', 'PacketFlow', 'Term', 'ConnectionView', 'PredictState']) {
      const source = readFileSync(join(ROOT, 'src', 'components', `${name}.astro`), 'utf8');
      const props = /interface Props \{([\s\S]*?)\n\}/.exec(source)?.[1];
      assert.ok(props !== undefined, `${name}.astro: no interface Props`);
      const chunk = components.split(/\*\*`</).find((c) => c.startsWith(`${name} `) || c.startsWith(`${name}>`));
      assert.ok(chunk, `docs/authoring.md: no **\`<${name} ...>\`** paragraph under "Components"`);
      for (const m of props.matchAll(/^ {2}(\w+)\??:/gm)) {
        assert.match(chunk, new RegExp(`\\b${m[1]}\\b`), `docs/authoring.md: <${name}>'s prop "${m[1]}" is not described`);
      }
    }
  });
});

/** The fenced block that follows the `<!-- checked: KIND ... -->` marker. */
function checkedBlock(kind: string): string {
  const m = new RegExp(`<!-- checked: ${kind}\\b[^>]*-->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\`\\n`).exec(guide);
  assert.ok(m, `docs/authoring.md: no block marked <!-- checked: ${kind} -->`);
  return `${m[1]!}\n`;
}

describe('docs/authoring.md: the worked examples', () => {
  test('the example scenario runs in the engine and shows what its header says', () => {
    const script = checkedBlock('scenario');
    assert.match(script, /^# \S.*\n# claims: (none|S\d(, S\d)*)\n/, 'a title line, then a claims line');
    const result = runScenario(script);
    assert.equal(result.exitCode, 0, result.stderr);
    assert.match(result.stdout, /^\s+1\s+84 DROP\b/m, 'the DROP rule counts one packet');
    assert.match(result.stdout, /== default eth1\nARP, Request who-has 10\.0\.1\.1 tell 10\.0\.1\.2, length 28\nARP, Reply .*\nIP 10\.0\.1\.2 > 10\.0\.2\.2: ICMP echo request, id \d+, seq 1, length 64\n== default eth2\n$/);
  });

  test('the example quiz questions load, and grade as the guide says (20 variants)', () => {
    const quiz = parseQuiz(parse(`id: guide-example\ntitle: Guide example\nquestions:\n${checkedBlock('quiz')}`), 'docs/authoring.md');
    assert.deepEqual(
      quiz.questions.map((q) => q.type),
      ['capture', 'write-rule'],
    );
    for (const def of quiz.questions) {
      for (let i = 0; i < 20; i++) {
        const q = generateQuestion(quiz.id, def, `guide:${i}`);
        assert.notEqual(q.values.lan, q.values.far, 'notEqual keeps lan and far apart');
        const expected = expectedAnswer(q);
        assert.equal(gradeQuestion(q, revealAnswer(q)).score, 1, `${def.id}, seed ${q.seed}: the revealed answer`);
        if (expected.type === 'capture') {
          assert.ok(!expected.lines.some((l) => l.kind === 'echo-reply'), 'no echo reply on eth1');
          assert.equal(expected.lines.filter((l) => l.kind === 'echo-request').length, Number(q.values.n));
        }
        if (expected.type === 'write-rule') {
          assert.ok(expected.goals.every((g) => g.met), 'the solution meets every goal');
          assert.ok(gradeQuestion(q, { text: '' }).score < 1, 'the empty rule set misses a goal');
          const far = q.values.far!;
          assert.equal(gradeQuestion(q, { text: `iptables -A FORWARD -s ${far}.2 -m conntrack --ctstate NEW -j DROP` }).score, 1, 'the other spelling passes');
          const naive = gradeQuestion(q, { text: `iptables -A FORWARD -s ${far}.2 -j DROP` });
          assert.ok(naive.score < 1 && naive.hints.some((h) => /^goal 1 not met/.test(h)), `the naive rule misses goal 1: ${naive.hints.join(' | ')}`);
        }
      }
    }
  });
});
