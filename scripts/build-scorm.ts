// npm run build:scorm [-- --quizzes part-1,part-5] [--version 1.2|2004] [--out dist-scorm]
//                     [--title TEXT] [--time-limit MINUTES]
//
// Packages quizzes as a SCORM SCO for an LMS: bundles src/scorm/sco.ts (the quiz UI and its
// CSS) with esbuild, embeds the quiz definitions and the course version in index.html, writes
// imsmanifest.xml listing every file, and zips the folder with fflate:
//
//   <out>/packet-path-<set>-scorm12/      the unzipped SCO (kept for the e2e test)
//   <out>/packet-path-<set>-scorm12.zip   what an LMS imports
//   (and -scorm2004 for SCORM 2004 4th Edition)
//
// <set> is "all" without --quizzes, else the ids joined with "_". Bad flags: usage, exit 2.

import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { zipSync, type Zippable } from 'fflate';
import { assignmentId } from '../src/quiz/assignment.ts';
import { loadQuizzes } from '../src/quiz/load.ts';
import { sealQuiz } from '../src/quiz/seal.ts';
import { courseVersion } from '../src/quiz/version.ts';
import type { Assignment, QuizDefinition } from '../src/quiz/types.ts';
import type { ScormVersion } from '../src/scorm/lms.ts';
import { buildManifest } from '../src/scorm/manifest.ts';
import { passMarkOf, scoPage, type ScoPackage } from '../src/scorm/package.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = join(ROOT, 'src/scorm/sco.ts');

const USAGE = `usage: npm run build:scorm [-- [--quizzes ID,ID...] [--version 1.2|2004] [--out DIR] [--title TEXT] [--time-limit MINUTES]]

  --quizzes     the quizzes to package, by id (default: every quiz)
  --version     SCORM 1.2 or 2004 (default: both, one zip each)
  --out         the output folder (default: dist-scorm)
  --title       the package's title in the LMS (default: the quiz's title)
  --time-limit  a time limit in minutes for the whole package (default: none)`;

class UsageError extends Error {}
/** A failure with a message that says it all (no stack trace needed): exit 1. */
class BuildError extends Error {}

interface Options {
  readonly quizzes: readonly string[] | undefined;
  readonly versions: readonly ScormVersion[];
  readonly out: string;
  readonly title: string | undefined;
  readonly timeLimitMinutes: number | undefined;
}

function parseOptions(argv: readonly string[]): Options | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        quizzes: { type: 'string' },
        version: { type: 'string' },
        out: { type: 'string' },
        title: { type: 'string' },
        'time-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  let quizzes: string[] | undefined;
  if (values.quizzes !== undefined) {
    quizzes = [...new Set(values.quizzes.split(',').map((id) => id.trim()).filter(Boolean))];
    if (quizzes.length === 0) throw new UsageError('--quizzes needs at least one quiz id');
  }
  let versions: ScormVersion[] = ['1.2', '2004'];
  if (values.version !== undefined) {
    if (values.version !== '1.2' && values.version !== '2004') throw new UsageError(`--version must be 1.2 or 2004, not "${values.version}"`);
    versions = [values.version];
  }
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out needs a folder');
  if (values.title !== undefined && values.title.trim() === '') throw new UsageError('--title needs a text');
  let timeLimitMinutes: number | undefined;
  if (values['time-limit'] !== undefined) {
    timeLimitMinutes = Number(values['time-limit']);
    if (!Number.isInteger(timeLimitMinutes) || timeLimitMinutes < 1 || timeLimitMinutes > 24 * 60) {
      throw new UsageError(`--time-limit must be a whole number of minutes from 1 to 1440, not "${values['time-limit']}"`);
    }
  }
  // A relative --out is relative to where npm was run (INIT_CWD), the default to the project.
  const out = values.out === undefined ? join(ROOT, 'dist-scorm') : resolve(process.env['INIT_CWD'] ?? process.cwd(), values.out);
  return { quizzes, versions, out, title: values.title?.trim(), timeLimitMinutes };
}

/** The quizzes asked for, in the order asked; an unknown id is a usage error naming the known ones. */
function selectQuizzes(all: readonly QuizDefinition[], ids: readonly string[] | undefined): QuizDefinition[] {
  if (!ids) return [...all];
  const byId = new Map(all.map((quiz) => [quiz.id, quiz]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length) {
    const known = all.map((quiz) => quiz.id).join(', ') || '(none: no lessons/*/quiz.yaml)';
    throw new UsageError(`unknown quiz id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nknown quiz ids: ${known}`);
  }
  return ids.map((id) => byId.get(id)!);
}

/** sco.js and sco.css (and any asset the CSS references), bundled once for every version. */
async function bundle(): Promise<Map<string, Uint8Array>> {
  const outdir = join(ROOT, '.scorm-bundle'); // virtual: write is false
  let result: esbuild.BuildResult<{ write: false; outdir: string }>;
  try {
    result = await esbuild.build({
      entryPoints: { sco: ENTRY },
      outdir,
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: ['es2022'],
      minify: true,
      legalComments: 'eof',
      charset: 'utf8',
      logLevel: 'silent',
      assetNames: 'assets/[name]-[hash]',
      loader: { '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file', '.jpg': 'file', '.webp': 'file' },
      define: { 'process.env.NODE_ENV': '"production"', 'import.meta.env.DEV': 'false', 'import.meta.env.PROD': 'true' },
    });
  } catch (error) {
    const errors = (error as { errors?: esbuild.Message[] }).errors;
    if (!errors?.length) throw error;
    const text = await esbuild.formatMessages(errors, { kind: 'error', color: false });
    throw new BuildError(`bundling ${relative(ROOT, ENTRY)} failed:\n${text.join('')}`);
  }
  for (const warning of result.warnings) console.warn(`build:scorm: esbuild warning: ${warning.text}`);
  const files = new Map<string, Uint8Array>();
  for (const file of result.outputFiles) files.set(relative(outdir, file.path).split('\\').join('/'), file.contents);
  return files;
}

/**
 * The package's pass mark for the LMS (masteryscore, 2004's minNormalizedMeasure) when it is a
 * whole percent, as the scores the SCO reports are.
 */
function lmsPassMark(passMark: number): number | undefined {
  const percent = passMark * 100;
  return Math.abs(percent - Math.round(percent)) < 1e-6 ? Math.round(percent) / 100 : undefined;
}

const KIB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
// Fixed timestamps: the same input gives the same zip, byte for byte.
const ZIP_MTIME = new Date('2000-01-01T00:00:00Z');

async function main(): Promise<void> {
  let options: Options | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`build:scorm: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }

  let all: QuizDefinition[];
  try {
    all = loadQuizzes();
  } catch (error) {
    console.error(`build:scorm: the quizzes do not load: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  let quizzes: QuizDefinition[];
  try {
    quizzes = selectQuizzes(all, options.quizzes);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`build:scorm: ${error.message}`);
    process.exit(2);
  }
  if (quizzes.length === 0) {
    console.error('build:scorm: there is no quiz to package (no lessons/*/quiz.yaml)');
    process.exit(1);
  }

  const set = options.quizzes ? quizzes.map((quiz) => quiz.id).join('_') : 'all';
  // The course version is over EVERY quiz (what the gradebook compares), not just the package's.
  const packageJson = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const version = courseVersion(packageJson.version, all);
  const title =
    options.title ??
    (quizzes.length === 1 ? quizzes[0]!.title : options.quizzes ? `Packet Path quizzes: ${quizzes.map((quiz) => quiz.id).join(', ')}` : 'Packet Path quizzes');
  const assignment: Assignment = {
    v: 1,
    title,
    quizzes: quizzes.map((quiz) => quiz.id),
    mode: 'graded',
    ...(options.timeLimitMinutes ? { timeLimitMinutes: options.timeLimitMinutes } : {}),
  };
  const passMark = passMarkOf(quizzes);
  const passScore = lmsPassMark(passMark);

  const bundled = await bundle();
  await mkdir(options.out, { recursive: true });
  const cwd = process.env['INIT_CWD'] ?? process.cwd();
  const shown = (path: string) => {
    const rel = relative(cwd, path);
    return rel.startsWith('..') ? path : rel || '.';
  };

  console.log(`build:scorm: ${quizzes.length} quiz${quizzes.length > 1 ? 'zes' : ''} (${assignment.quizzes.join(', ')}), course version ${version}`);
  for (const scorm of options.versions) {
    const name = `packet-path-${set}-scorm${scorm === '1.2' ? '12' : '2004'}`;
    const pkg: ScoPackage = {
      format: 'packet-path-sco',
      formatVersion: 1,
      scorm,
      title,
      courseVersion: version,
      assignment,
      assignmentId: assignmentId(assignment),
      passMark,
      // Choice answers sealed as on the site (src/quiz/seal.ts): the package shows no "correct": true.
      quizzes: quizzes.map((quiz) => sealQuiz(quiz, version)),
    };
    const files = new Map<string, Uint8Array>(bundled);
    files.set('index.html', new TextEncoder().encode(scoPage(pkg)));
    const manifest = buildManifest({
      version: scorm,
      identifier: `packet-path-${set}`,
      packageVersion: version,
      title,
      launch: 'index.html',
      files: [...files.keys()],
      ...(passScore !== undefined ? { passScore } : {}),
      ...(options.timeLimitMinutes ? { timeLimitMinutes: options.timeLimitMinutes } : {}),
    });
    files.set('imsmanifest.xml', new TextEncoder().encode(manifest));

    const folder = join(options.out, name);
    await rm(folder, { recursive: true, force: true });
    const zippable: Zippable = {};
    const ordered = ['imsmanifest.xml', ...[...files.keys()].filter((file) => file !== 'imsmanifest.xml').sort()];
    for (const file of ordered) {
      const bytes = files.get(file)!;
      await mkdir(dirname(join(folder, file)), { recursive: true });
      await writeFile(join(folder, file), bytes);
      zippable[file] = [bytes, { mtime: ZIP_MTIME }];
    }
    const zip = zipSync(zippable, { level: 9 });
    const zipPath = `${folder}.zip`;
    await writeFile(zipPath, zip);
    const size = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
    console.log(`  SCORM ${scorm.padEnd(4)}  ${shown(folder)}/  (${ordered.join(', ')}: ${KIB(size)})`);
    console.log(`             ${shown(zipPath)}  (${KIB(zip.length)})`);
  }
}

main().catch((error: unknown) => {
  console.error(`build:scorm: ${error instanceof BuildError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
