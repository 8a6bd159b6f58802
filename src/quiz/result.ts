// Result files: what a learner's browser saves after a graded attempt, and what the gradebook
// and `npm run grade` do with it. The file is untrusted: its score and seed are never used;
// the seed is recomputed from the assignment and the student, the variant regenerated, every
// expected answer recomputed by the engine and every answer graded again. Problems with one
// file are that file's error or warnings, never an exception.

import * as z from 'zod/mini';
import { assignmentId, validateAssignment } from './assignment.ts';
import { gradeQuiz } from './grade.ts';
import { passes, passMarkOf, percentOf } from './score.ts';
import { generateQuiz, normalizeStudent, studentSeed } from './variant.ts';
import type { Answer, Assignment, QuestionGrade, QuizDefinition, RegradeOutcome, ResultFile } from './types.ts';

/** Largest result file read (bytes of UTF-8). */
export const MAX_RESULT_BYTES = 1_000_000;
/** Longest student name kept for display. */
const MAX_STUDENT_DISPLAY = 200;

interface MakeResultInput {
  readonly courseVersion: string;
  readonly assignment: Assignment;
  readonly student: string;
  readonly attempt: number;
  /** ISO date-times (the caller's clock: the core never reads one). */
  readonly startedAt: string;
  readonly submittedAt: string;
  readonly answers: Readonly<Record<string, Answer>>;
  /** The quizzes, to put the (informational) score in the file; left out when absent. */
  readonly quizzes?: readonly QuizDefinition[];
}

/** Grades every quiz of an assignment for one seed; passed against the quizzes' pass mark, as the quiz UI decides it. */
export function gradeAssignment(
  assignment: Assignment,
  seed: string,
  answers: Readonly<Record<string, Answer>>,
  quizzes: readonly QuizDefinition[],
): { grades: QuestionGrade[]; earned: number; possible: number; passMark: number; passed: boolean } {
  const grades: QuestionGrade[] = [];
  let earned = 0;
  let possible = 0;
  const defs: QuizDefinition[] = [];
  for (const id of assignment.quizzes) {
    const def = quizzes.find((q) => q.id === id);
    if (!def) throw new Error(`unknown quiz "${id}"`);
    defs.push(def);
    const g = gradeQuiz(generateQuiz(def, seed), answers);
    grades.push(...g.grades);
    earned += g.earned;
    possible += g.possible;
  }
  const passMark = passMarkOf(defs);
  return { grades, earned: round(earned), possible: round(possible), passMark, passed: passes(earned, possible, passMark) };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

export function makeResultFile(input: MakeResultInput): ResultFile {
  const id = assignmentId(input.assignment);
  const seed = studentSeed(id, input.student);
  const file: ResultFile = {
    format: 'packet-path-result',
    formatVersion: 1,
    courseVersion: input.courseVersion,
    assignment: input.assignment,
    assignmentId: id,
    student: input.student,
    seed,
    attempt: input.attempt,
    startedAt: input.startedAt,
    submittedAt: input.submittedAt,
    answers: input.answers,
  };
  if (!input.quizzes) return file;
  const { earned, possible } = gradeAssignment(input.assignment, seed, input.answers, input.quizzes);
  return { ...file, score: { earned, possible } };
}

/** The name as shown: control characters removed, trimmed, at most 200 characters. Kept as data (HTML is escaped where it is shown). */
export function displayStudent(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name
    .replace(/[\t\n\r\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return [...clean].slice(0, MAX_STUDENT_DISPLAY).join('');
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

type ParsedResult = { readonly ok: true; readonly result: ResultFile } | { readonly ok: false; readonly error: string };

const NOT_RESULT = 'not a Packet Path result file (no "format": "packet-path-result")';
const ATTEMPT = 'attempt is not a positive whole number';
const DATES = 'startedAt and submittedAt are ISO date-times';
const SCORE = 'score is not { earned, possible }';

const boundedString = (max: number, error: string) => z.string({ error }).check(z.maxLength(max, { error }));
/** Informational fields: a missing or odd one reads as ''. */
const lenientString = (max: number) => z.catch(z.string().check(z.maxLength(max)), '');
/** Any JSON number, 1e999 (Infinity) included: the claimed score is only compared, never trusted. */
const jsonNumber = z.custom<number>((v) => typeof v === 'number', { error: SCORE });

/**
 * A result file's shape. Fields are checked in this order and a file's error is its first
 * problem, so the keys' order is the order of the messages.
 */
const resultFileSchema = z.object(
  {
    format: z.literal('packet-path-result', { error: NOT_RESULT }),
    formatVersion: z.literal(1, { error: (issue) => `result format version ${JSON.stringify(issue.input)} is not one this gradebook reads (1)` }),
    courseVersion: boundedString(100, 'no courseVersion'),
    assignment: z.pipe(
      z.unknown(),
      z.transform((value, ctx) => {
        const a = validateAssignment(value);
        if (a.ok) return a.assignment;
        ctx.issues.push({ code: 'custom', message: a.error, input: value });
        return z.NEVER;
      }),
    ),
    assignmentId: lenientString(100),
    student: z.string({ error: 'no student name' }).check(
      z.maxLength(10_000, { error: 'the student name is longer than 10,000 characters' }),
      z.refine((name) => displayStudent(name) !== '', { error: 'the student name is empty' }),
    ),
    seed: lenientString(20_000),
    attempt: z.number({ error: ATTEMPT }).check(
      z.refine((n) => Number.isInteger(n), { error: ATTEMPT }),
      z.gte(1, { error: ATTEMPT }),
      z.lte(1_000_000, { error: ATTEMPT }),
    ),
    startedAt: boundedString(40, DATES),
    submittedAt: boundedString(40, DATES),
    answers: z.custom<Record<string, Answer>>(isRecord, { error: 'no answers object' }),
    score: z.optional(z.object({ earned: jsonNumber, possible: jsonNumber }, { error: SCORE })),
  },
  { error: NOT_RESULT },
);

/** Checks a result file's shape (not its score: see regradeResult). */
export function parseResultFile(text: string): ParsedResult {
  if (text.length > MAX_RESULT_BYTES || utf8Length(text) > MAX_RESULT_BYTES) {
    return { ok: false, error: `the file is larger than ${MAX_RESULT_BYTES / 1_000_000} MB; a result file is much smaller` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, error: `not a JSON file (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = resultFileSchema.safeParse(value);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? NOT_RESULT };
  const r = parsed.data;
  const result: ResultFile = {
    format: 'packet-path-result',
    formatVersion: 1,
    courseVersion: r.courseVersion,
    assignment: r.assignment,
    assignmentId: r.assignmentId,
    student: r.student,
    seed: r.seed,
    attempt: r.attempt,
    startedAt: r.startedAt,
    submittedAt: r.submittedAt,
    answers: r.answers,
    ...(r.score ? { score: { earned: r.score.earned, possible: r.score.possible } } : {}),
  };
  return { ok: true, result };
}

/** End of the due date: a date means the end of that day (UTC). */
export function dueTime(due: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? Date.parse(`${due}T23:59:59.999Z`) : Date.parse(due);
}

function timingWarnings(r: ResultFile): string[] {
  const warnings: string[] = [];
  const started = Date.parse(r.startedAt);
  const submitted = Date.parse(r.submittedAt);
  if (Number.isNaN(started)) warnings.push(`startedAt "${r.startedAt.slice(0, 40)}" is not a date-time`);
  if (Number.isNaN(submitted)) warnings.push(`submittedAt "${r.submittedAt.slice(0, 40)}" is not a date-time`);
  if (!Number.isNaN(started) && !Number.isNaN(submitted)) {
    if (submitted < started) warnings.push('submitted before it was started (clock or file edited)');
    const limit = r.assignment.timeLimitMinutes;
    if (limit !== undefined && submitted - started > limit * 60_000) {
      warnings.push(`over the time limit: ${Math.ceil((submitted - started) / 60_000)} minutes for a limit of ${limit}`);
    }
  }
  if (r.assignment.due !== undefined && !Number.isNaN(submitted) && submitted > dueTime(r.assignment.due)) {
    warnings.push(`late: submitted ${r.submittedAt} after the due date ${r.assignment.due}`);
  }
  if (r.assignment.attempts !== undefined && r.attempt > r.assignment.attempts) {
    warnings.push(`attempt ${r.attempt} of ${r.assignment.attempts} allowed`);
  }
  return warnings;
}

/**
 * Regrades one result file. Never trusts its score or seed; refuses (ok: false) a file that
 * is not JSON, not a result file, too large, made with another course version, or for a quiz
 * this course does not have; warns about the rest (late, over time, extra attempts, an
 * assignment id or seed that does not match, a claimed score that differs: `tampered`).
 */
export function regradeResult(fileName: string, text: string, quizzes: readonly QuizDefinition[], courseVersion: string): RegradeOutcome {
  const fail = (error: string): RegradeOutcome => ({ ok: false, file: fileName, error });
  const parsed = parseResultFile(text);
  if (!parsed.ok) return fail(parsed.error);
  const r = parsed.result;
  if (r.courseVersion !== courseVersion) {
    return fail(`made with course version ${r.courseVersion.slice(0, 100)}, this gradebook grades ${courseVersion}: the questions may differ, so it is not regraded (regrade it with the course version it was made with)`);
  }
  const unknown = r.assignment.quizzes.filter((id) => !quizzes.some((q) => q.id === id));
  if (unknown.length > 0) return fail(`the assignment names quiz(zes) this course does not have: ${unknown.join(', ')}`);
  const warnings: string[] = [];
  const id = assignmentId(r.assignment);
  if (r.assignmentId !== id) warnings.push(`the file's assignment id "${r.assignmentId.slice(0, 40)}" does not match its assignment (${id}): graded as ${id}`);
  const seed = studentSeed(id, r.student);
  if (r.seed !== seed) warnings.push('the seed in the file does not match the assignment and student: the recomputed seed was used');
  if (r.assignment.mode === 'practice') warnings.push('a practice assignment (answers may have been revealed)');
  warnings.push(...timingWarnings(r));
  let graded: ReturnType<typeof gradeAssignment>;
  try {
    graded = gradeAssignment(r.assignment, seed, r.answers, quizzes);
  } catch (err) {
    // A broken question variant: the course's fault, said plainly, for this file only.
    return fail(`could not be graded: ${err instanceof Error ? err.message : String(err)}`);
  }
  const keys = new Set(graded.grades.map((g) => g.key));
  const stray = Object.keys(r.answers).filter((k) => !keys.has(k));
  if (stray.length > 0) warnings.push(`answers to questions not in the assignment were ignored: ${stray.slice(0, 5).map((k) => k.slice(0, 80)).join(', ')}${stray.length > 5 ? ', ...' : ''}`);
  const claimed = r.score;
  const tampered =
    claimed !== undefined && (Math.abs(claimed.earned - graded.earned) > 1e-6 || Math.abs(claimed.possible - graded.possible) > 1e-6)
      ? { claimedEarned: claimed.earned, claimedPossible: claimed.possible }
      : undefined;
  return {
    ok: true,
    file: fileName,
    student: displayStudent(r.student),
    assignmentId: id,
    attempt: r.attempt,
    grades: graded.grades,
    earned: graded.earned,
    possible: graded.possible,
    passMark: graded.passMark,
    passed: graded.passed,
    ...(tampered ? { tampered } : {}),
    warnings,
  };
}

// --- CSV -------------------------------------------------------------------------------------

/** One CSV cell: formula-looking text neutralized with a leading ', then RFC 4180 quoting. */
export function csvCell(value: string | number): string {
  let s = typeof value === 'number' ? formatNumber(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '';
}

/** The question keys of graded outcomes, in the order they first appear. */
function questionKeys(outcomes: readonly RegradeOutcome[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const o of outcomes) {
    if (!o.ok) continue;
    for (const g of o.grades) {
      if (!seen.has(g.key)) {
        seen.add(g.key);
        keys.push(g.key);
      }
    }
  }
  return keys;
}

function flagsOf(o: Extract<RegradeOutcome, { ok: true }>): string {
  const flags: string[] = [];
  if (o.tampered) flags.push(`tampered (claimed ${formatNumber(o.tampered.claimedEarned)}/${formatNumber(o.tampered.claimedPossible)})`);
  flags.push(...o.warnings);
  return flags.join('; ');
}

/**
 * The gradebook as CSV (RFC 4180, CRLF): student, assignment (its id), attempt, the points
 * earned per question, total, possible, percent (percentOf: whole, on the side of the pass mark
 * the student's result is), flags. Refused files have no row (their
 * errors are reported beside it).
 */
export function resultsToCsv(outcomes: readonly RegradeOutcome[]): string {
  const keys = questionKeys(outcomes);
  const rows: (string | number)[][] = [['student', 'assignment', 'attempt', ...keys, 'total', 'possible', 'percent', 'flags']];
  for (const o of outcomes) {
    if (!o.ok) continue;
    const byKey = new Map(o.grades.map((g) => [g.key, g.earned]));
    rows.push([
      o.student,
      o.assignmentId,
      o.attempt,
      ...keys.map((k) => (byKey.has(k) ? byKey.get(k)! : '')),
      o.earned,
      o.possible,
      // As the student's result screen and an LMS show it: a whole percent, never across the pass mark.
      percentOf(o, o.passMark),
      flagsOf(o),
    ]);
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

// --- Class report ----------------------------------------------------------------------------

interface QuestionReport {
  readonly key: string;
  readonly type: QuestionGrade['type'];
  readonly points: number;
  /** Graded files that include the question. */
  readonly students: number;
  readonly answered: number;
  /** Mean score, 0..1. */
  readonly averageScore: number;
  /** Most common first (then by label); each counted once per file. */
  readonly misconceptions: readonly { readonly label: string; readonly count: number }[];
}

export interface ClassReport {
  readonly files: number;
  readonly refused: number;
  readonly questions: readonly QuestionReport[];
}

export function classReport(outcomes: readonly RegradeOutcome[]): ClassReport {
  const keys = questionKeys(outcomes);
  const graded = outcomes.filter((o): o is Extract<RegradeOutcome, { ok: true }> => o.ok);
  const questions = keys.map((key): QuestionReport => {
    const grades = graded.flatMap((o) => o.grades.filter((g) => g.key === key));
    const counts = new Map<string, number>();
    for (const g of grades) for (const m of new Set(g.misconceptions)) counts.set(m, (counts.get(m) ?? 0) + 1);
    const first = grades[0]!;
    return {
      key,
      type: first.type,
      points: first.points,
      students: grades.length,
      answered: grades.filter((g) => g.answered).length,
      averageScore: grades.length === 0 ? 0 : Math.round((grades.reduce((s, g) => s + g.score, 0) / grades.length) * 10_000) / 10_000,
      misconceptions: [...counts]
        .map(([label, count]) => ({ label, count }))
        .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
    };
  });
  return { files: outcomes.length, refused: outcomes.length - graded.length, questions };
}

export { normalizeStudent };
