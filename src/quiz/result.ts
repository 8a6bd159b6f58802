// Result files: what a learner's browser saves after a graded attempt, and what the gradebook
// and `npm run grade` do with it. The file is untrusted: its score and seed are never used;
// the seed is recomputed from the assignment and the student, the variant regenerated, every
// expected answer recomputed by the engine and every answer graded again. Problems with one
// file are that file's error or warnings, never an exception.

import * as z from 'zod/mini';
import { assignmentId, validateAssignment } from './assignment.ts';
import { gradeQuiz } from './grade.ts';
import { hash53 } from './hash.ts';
import { dueTime } from './due.ts';
import { parseIsoTime } from './iso-time.ts';
import { passes, passMarkOf, percentOf } from './score.ts';
import { canonicalStudent } from './student.ts';
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

/** The name as shown: canonicalStudent (NFKC, invisible characters removed, whitespace collapsed), at most 200 characters. Kept as data (HTML is escaped where it is shown). */
export function displayStudent(name: string): string {
  return [...canonicalStudent(name)].slice(0, MAX_STUDENT_DISPLAY).join('');
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether the text takes more than `max` bytes as UTF-8. */
function utf8Exceeds(text: string, max: number): boolean {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most files need no encoding to be measured.
  if (text.length * 3 <= max) return false;
  return new TextEncoder().encode(text).length > max;
}

type ParsedResult = { readonly ok: true; readonly result: ResultFile; readonly contentKey: string } | { readonly ok: false; readonly error: string };

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
  if (text.length > MAX_RESULT_BYTES || utf8Exceeds(text, MAX_RESULT_BYTES)) {
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
  // The file's content, whatever its layout (JSON.stringify drops the spaces and line breaks; it
  // is native, where canonicalJson costs a regrade of 1,000 files a tenth of a second): the same
  // file under two names is one file.
  return { ok: true, result, contentKey: hash53(JSON.stringify(value)).toString(36) };
}

/**
 * Grace past the time limit (not the due date, which is the end of its day and is not
 * enforced by the quiz): an attempt submitted automatically when the time is up reaches the
 * file a moment after the limit (the countdown's last tick, the page saving
 * the file), and a slow phone can take some seconds. 30 s past the limit is on time.
 */
export const GRACE_MS = 30_000;
/** How far in the future (by the grader's clock) a time may be before it is impossible: clocks differ. */
export const CLOCK_SKEW_MS = 10 * 60_000;

/** What the checks of a file's times need besides the file. */
export interface RegradeOptions {
  /** The grader's clock (ms since the epoch): a time later than this (plus CLOCK_SKEW_MS) is impossible. Left out, that check is not made. */
  readonly now?: number;
}

const minutes = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

function timingWarnings(r: ResultFile, options: RegradeOptions): string[] {
  const warnings: string[] = [];
  const started = parseIsoTime(r.startedAt);
  const submitted = parseIsoTime(r.submittedAt);
  const limit = r.assignment.timeLimitMinutes;
  const due = r.assignment.due;
  // A time that cannot be read is said, with what could not be checked: never a silent pass.
  if (started === undefined) warnings.push(`startedAt "${r.startedAt.slice(0, 40)}" is not an ISO date-time (file edited?)${limit !== undefined ? ': the time limit could not be checked' : ''}`);
  if (submitted === undefined) {
    const unchecked = [due !== undefined ? 'the due date' : '', limit !== undefined ? 'the time limit' : ''].filter(Boolean).join(' and ');
    warnings.push(`submittedAt "${r.submittedAt.slice(0, 40)}" is not an ISO date-time (file edited?)${unchecked ? `: ${unchecked} could not be checked` : ''}`);
  }
  if (options.now !== undefined) {
    for (const [name, t] of [['startedAt', started], ['submittedAt', submitted]] as const) {
      if (t !== undefined && t > options.now + CLOCK_SKEW_MS) warnings.push(`${name} ${name === 'startedAt' ? r.startedAt : r.submittedAt} is in the future (clock or file edited)`);
    }
  }
  const created = r.assignment.created !== undefined ? Date.parse(`${r.assignment.created}T00:00:00Z`) : undefined;
  if (created !== undefined && started !== undefined && started < created - CLOCK_SKEW_MS) {
    warnings.push(`started ${r.startedAt} before the assignment was made (${r.assignment.created}): clock or file edited`);
  }
  if (started !== undefined && submitted !== undefined) {
    if (submitted < started) warnings.push('submitted before it was started (clock or file edited)');
    else if (limit !== undefined && submitted - started > limit * 60_000 + GRACE_MS) {
      warnings.push(`over the time limit: ${minutes(submitted - started)} for a limit of ${limit} min (${GRACE_MS / 1000} s of grace)`);
    }
  }
  if (due !== undefined && submitted !== undefined && submitted > dueTime(due)) {
    warnings.push(`late: submitted ${r.submittedAt} after the due date ${due}`);
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
export function regradeResult(fileName: string, text: string, quizzes: readonly QuizDefinition[], courseVersion: string, options: RegradeOptions = {}): RegradeOutcome {
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
  warnings.push(...timingWarnings(r, options));
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
  // The course writes a score into every file it makes: a file without one was edited.
  if (claimed === undefined) warnings.push('no score in the file (the course writes one into every file): edited, and regraded');
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
    title: r.assignment.title,
    studentKey: normalizeStudent(r.student),
    startedAt: r.startedAt,
    submittedAt: r.submittedAt,
    contentKey: parsed.contentKey,
    ...(r.assignment.attempts !== undefined ? { attemptsAllowed: r.assignment.attempts } : {}),
  };
}

export { normalizeStudent };
export { parseIsoTime };
export * from './gradebook.ts';
