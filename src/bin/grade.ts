// npm run grade -- FILES...
//
// Regrades result files against the course's quizzes (lessons/*/quiz.yaml) and this
// checkout's course version: prints the gradebook CSV on stdout (UTF-8 with a BOM; columns in
// docs/quiz-format.md) and every file's problems on stderr as `FILE: message` (the flags the
// gradebook shows: late, over time, impossible times, the same file twice, an attempt reused). One bad file never stops the others.
// Exit status: 0 when every file was graded, 1 when some were refused, 2 on a usage error.

import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadQuizzes } from '../quiz/load.ts';
import { buildGradebook, MAX_RESULT_BYTES, regradeResult, resultsToCsv, type RegradeOptions } from '../quiz/result.ts';
import { courseVersion } from '../quiz/version.ts';
import type { QuizDefinition, RegradeOutcome } from '../quiz/types.ts';

const USAGE = 'usage: npm run grade -- RESULT.json... (prints the CSV on stdout, problems on stderr)';

interface GradeRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/** Reads one file defensively: a missing, unreadable or oversized file is that file's error. */
function readResult(path: string, quizzes: readonly QuizDefinition[], version: string, options: RegradeOptions): RegradeOutcome {
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, file: path, error: 'not a file' };
    if (st.size > MAX_RESULT_BYTES) return { ok: false, file: path, error: `the file is larger than ${MAX_RESULT_BYTES / 1_000_000} MB; a result file is much smaller` };
    return regradeResult(path, readFileSync(path, 'utf8'), quizzes, version, options);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, file: path, error: code === 'ENOENT' ? 'no such file' : `cannot read it (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** `now`: the clock a time in the future is judged by (the default, Date.now(), is the real one). */
export function gradeFiles(files: readonly string[], quizzes: readonly QuizDefinition[], version: string, now: number = Date.now()): GradeRun {
  if (files.length === 0) return { stdout: '', stderr: `grade: no result files given\n${USAGE}\n`, exitCode: 2 };
  return report(files.map((f) => readResult(f, quizzes, version, { now })));
}

function report(outcomes: readonly RegradeOutcome[]): GradeRun {
  let stderr = '';
  // One line per problem: file names and messages may hold newlines only if someone put them there.
  const oneLine = (s: string): string => s.replace(/\s*\n\s*/g, ' ');
  const book = buildGradebook(outcomes);
  const rows = new Map(book.rows.map((r) => [r.outcome, r]));
  const dup = new Map(book.duplicates.map((d) => [d.file, d.sameAs]));
  for (const o of outcomes) {
    if (!o.ok) stderr += `${o.file}: ${oneLine(o.error)}\n`;
    else if (dup.has(o.file) && !rows.has(o)) stderr += `${o.file}: warning: same file as ${oneLine(dup.get(o.file)!)}: graded once, there\n`;
    else {
      if (o.tampered) stderr += `${o.file}: warning: the file claims ${o.tampered.claimedEarned}/${o.tampered.claimedPossible}, regraded ${o.earned}/${o.possible} (tampered?)\n`;
      for (const w of [...o.warnings, ...(rows.get(o)?.flags ?? [])]) stderr += `${o.file}: warning: ${oneLine(w)}\n`;
    }
  }
  const refused = outcomes.filter((o) => !o.ok).length;
  return { stdout: resultsToCsv(outcomes), stderr, exitCode: refused > 0 ? 1 : 0 };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const files = argv.filter((a) => a !== '--');
  const unknownOption = files.find((f) => f.startsWith('-'));
  if (unknownOption !== undefined) {
    process.stderr.write(`grade: unknown option ${unknownOption}\n${USAGE}\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write(`grade: no result files given\n${USAGE}\n`);
    return 2;
  }
  const quizzes = loadQuizzes();
  const run = gradeFiles(files, quizzes, courseVersion(packageVersion(), quizzes));
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  return run.exitCode;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`grade: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
