// The grading behind `npm run grade` (src/bin/grade.ts is its command line): regrades result
// files and prints the gradebook CSV and every file's problems.

import { readFileSync, statSync } from 'node:fs';
import { buildGradebook, MAX_RESULT_BYTES, regradeResult, resultsToCsv, type RegradeOptions } from '../quiz/result.ts';
import type { QuizDefinition, RegradeOutcome } from '../quiz/types.ts';
import { USAGE } from './grade.ts';

export interface GradeRun {
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
