// The learner's progress as plain, versioned data, and the pure functions that read, update,
// export and merge it. Storage (localStorage, a file download) is the UI's business: these
// functions take and return strings and objects, never throw, and take the time as an argument.
//
// Formats:
//   version 2 (current): { version: 2, exercises: { [exerciseId]: ExerciseProgress },
//     review: { [reviewId]: ReviewItem } }: version 1 and the review queue (src/progress/review.ts:
//     what was missed comes back after 1, 3, 7 days). Exported files add `course: 'packet-path'`
//     (and the stored text may carry it too).
//   version 1: { version: 1, exercises: { [exerciseId]: ExerciseProgress } }, no queue. Reading it
//     (or version 0) queues every exercise missed then (a wrong first check, or the answer revealed
//     without solving) at its first step, due a day after the entry's last change.
//   version 0 (the earlier format): a flat map { [exerciseId]: { tries, ok, shown, at? } }
//     tries: checks made; ok: solved; shown: answer revealed; at: ISO time (optional).
//     It did not record first tries; migration infers what it can (see migrateV0Entry).
//   Both formats read the same way: an exercise is solved (correct / ok), revealed without
//   solving, tried (checks but neither) or not started (see exerciseState). Files exported
//   before "solved" excluded right checks made after a reveal still import; such an entry
//   reads as solved.
//
// Exercise ids: "LESSON#EXERCISE", the lesson being a content path, e.g.
// "02-netfilter/01-veth#capture-br1".

import { LEFT_QUEUE, preferReviewItem, questionReviewId, reviewTarget, schedule, type ReviewItem, type ReviewOutcome } from './review.ts';

const PROGRESS_VERSION = 2;
export const COURSE_MARKER = 'packet-path';
/** updatedAt of entries whose time is unknown (migrated from version 0 without `at`). */
export const UNKNOWN_TIME = '1970-01-01T00:00:00.000Z';

export interface ExerciseProgress {
  /** Checks made. */
  readonly attempts: number;
  /** The first check's result; absent until the first check (or when unknown). */
  readonly firstTryCorrect?: boolean;
  /** Solved: some check was right before the answer was revealed; stays true. */
  readonly correct: boolean;
  /** The answer was revealed; stays true. */
  readonly revealed: boolean;
  /** ISO 8601 time of the last change. */
  readonly updatedAt: string;
}

export interface Progress {
  readonly version: 2;
  readonly exercises: Readonly<Record<string, ExerciseProgress>>;
  /** The review queue, by review id (an exercise id, or "quiz:" and a question key): see review.ts. */
  readonly review: Readonly<Record<string, ReviewItem>>;
}

interface ProgressResult {
  readonly progress: Progress;
  /** Sentences for people: what could not be read and was dropped or changed. Empty when all was fine. */
  readonly problems: readonly string[];
}

export interface ImportResult extends ProgressResult {
  /** The file was refused (not JSON, not Packet Path progress): progress is `current`. */
  readonly rejected: boolean;
  /** Exercises the file added. */
  readonly added: number;
  /** Exercises whose record the file's replaced (see preferEntry). */
  readonly updated: number;
}

/**
 * Where the learner is with one exercise, in the words the pages show:
 *   solved       some check was right before the answer was revealed;
 *   revealed     the answer was revealed without a right check first;
 *   tried        checked, not solved, answer not revealed;
 *   not-started  no check and no reveal.
 */
export type ExerciseState = 'solved' | 'revealed' | 'tried' | 'not-started';

/** Where the learner is with a lesson: done only when every exercise is solved. */
export type LessonState = 'done' | 'in-progress' | 'not-started';

export interface LessonSummary {
  readonly lessonId: string;
  readonly total: number;
  readonly solved: number;
  /** Revealed without solving. */
  readonly revealed: number;
  readonly tried: number;
  readonly notStarted: number;
  /** Right at the first check. */
  readonly firstTry: number;
  readonly state: LessonState;
}

// Ids become object keys; build objects with Object.fromEntries and read them with
// Object.hasOwn so that "__proto__" or "constructor" are just ids.
const MAX_ID_LENGTH = 300;
const CONTROL = /[\u0000-\u001f\u007f]/;

function isExerciseId(id: string): boolean {
  return id.length > 0 && id.length <= MAX_ID_LENGTH && !CONTROL.test(id) && id.trim() === id;
}

function entryOf(p: Progress, id: string): ExerciseProgress | undefined {
  return Object.hasOwn(p.exercises, id) ? p.exercises[id] : undefined;
}

function withEntry(p: Progress, id: string, e: ExerciseProgress): Progress {
  return { version: 2, exercises: Object.fromEntries([...Object.entries(p.exercises).filter(([k]) => k !== id), [id, e]]), review: p.review };
}

export function emptyProgress(): Progress {
  return { version: 2, exercises: {}, review: {} };
}

/** The review queue's record of `id` (undefined: never missed). */
export function getReviewItem(p: Progress, id: string): ReviewItem | undefined {
  return Object.hasOwn(p.review, id) ? p.review[id] : undefined;
}

/**
 * An outcome for the review queue (review.ts schedule): `now` is an ISO time; `missedSeed`, for
 * a quiz question, the seed of the variant missed. An unusable id or time changes nothing.
 */
export function recordReviewOutcome(p: Progress, id: string, outcome: ReviewOutcome, now: string, missedSeed?: string): Progress {
  if (!isExerciseId(id) || !reviewTarget(id) || !isTime(now)) return p;
  const old = getReviewItem(p, id);
  const next = schedule(old, outcome, Date.parse(now), missedSeed);
  if (next === old || next === undefined) return p;
  return { ...p, review: Object.fromEntries([...Object.entries(p.review).filter(([k]) => k !== id), [id, next]]) };
}

export function getExercise(p: Progress, id: string): ExerciseProgress | undefined {
  return entryOf(p, id);
}

/** A check of exercise `id`; `now` is an ISO 8601 time (anything else is stored as UNKNOWN_TIME). */
export function recordCheck(p: Progress, id: string, correct: boolean, now: string): Progress {
  const old = entryOf(p, id);
  const attempts = (old?.attempts ?? 0) + 1;
  // The first check decides firstTryCorrect; a check after the answer was shown is not a
  // first try that counts as right.
  const firstTryCorrect = old?.firstTryCorrect ?? (old !== undefined && old.attempts > 0 ? undefined : correct && !(old?.revealed ?? false));
  return withEntry(p, id, {
    attempts,
    ...(firstTryCorrect !== undefined ? { firstTryCorrect } : {}),
    // Solved means right before the answer was shown: a right check after a reveal is counted
    // as a check but does not turn "revealed" into "solved".
    correct: (old?.correct ?? false) || (correct && !(old?.revealed ?? false)),
    revealed: old?.revealed ?? false,
    updatedAt: normalTime(now),
  });
}

/** The answer of exercise `id` was revealed. */
export function recordReveal(p: Progress, id: string, now: string): Progress {
  const old = entryOf(p, id);
  return withEntry(p, id, {
    attempts: old?.attempts ?? 0,
    ...(old?.firstTryCorrect !== undefined ? { firstTryCorrect: old.firstTryCorrect } : {}),
    correct: old?.correct ?? false,
    revealed: true,
    updatedAt: normalTime(now),
  });
}

/** The lesson part of an exercise id ("02-netfilter/01-veth" of "02-netfilter/01-veth#capture-br1"). */
export function lessonOf(exerciseId: string): string {
  const i = exerciseId.indexOf('#');
  return i < 0 ? exerciseId : exerciseId.slice(0, i);
}

/** The state of one exercise's record (undefined: never touched). */
export function exerciseState(e: ExerciseProgress | undefined): ExerciseState {
  if (!e) return 'not-started';
  if (e.correct) return 'solved';
  if (e.revealed) return 'revealed';
  return e.attempts > 0 ? 'tried' : 'not-started';
}

/** The full ids of a lesson's exercises: ids after '#' get `lessonId#`; duplicates count once. */
export function lessonExerciseIds(lessonId: string, exerciseIds: readonly string[]): string[] {
  return [...new Set(exerciseIds.map((id) => (id.includes('#') ? id : `${lessonId}#${id}`)))];
}

/**
 * Counts for one lesson. `exerciseIds` are the lesson's exercises, as full ids or as the part
 * after '#' (then prefixed with `lessonId#`); duplicates count once. A lesson is done when every
 * exercise is solved (revealed ones do not count), not started when no exercise was checked or
 * revealed, and in progress otherwise (a single wrong check is a start).
 */
export function summarizeLesson(p: Progress, lessonId: string, exerciseIds: readonly string[]): LessonSummary {
  const ids = lessonExerciseIds(lessonId, exerciseIds);
  const counts: Record<ExerciseState, number> = { solved: 0, revealed: 0, tried: 0, 'not-started': 0 };
  let firstTry = 0;
  for (const id of ids) {
    const e = entryOf(p, id);
    counts[exerciseState(e)]++;
    if (e?.firstTryCorrect === true) firstTry++;
  }
  const total = ids.length;
  const state: LessonState = total > 0 && counts.solved === total ? 'done' : counts['not-started'] === total ? 'not-started' : 'in-progress';
  return { lessonId, total, solved: counts.solved, revealed: counts.revealed, tried: counts.tried, notStarted: counts['not-started'], firstTry, state };
}

/** The state of an exercise in words ("solved", "answer revealed, not solved", ...). */
export const EXERCISE_STATE_LABELS: Readonly<Record<ExerciseState, string>> = {
  solved: 'solved',
  revealed: 'answer revealed, not solved',
  tried: 'tried, not solved yet',
  'not-started': 'not started',
};

/**
 * A lesson's progress in one line of text (the map's badge, the lesson's progress line):
 * "not started", "done: 3 of 3 solved, 2 on the first try",
 * "in progress: 1 of 5 solved, 1 revealed, 1 tried".
 */
export function describeLesson(s: LessonSummary): string {
  if (s.state === 'not-started') return 'not started';
  if (s.state === 'done') return `done: ${s.solved} of ${s.total} solved${s.firstTry ? `, ${s.firstTry} on the first try` : ''}`;
  const more = [s.revealed ? `${s.revealed} revealed` : '', s.tried ? `${s.tried} tried` : ''].filter(Boolean);
  return `in progress: ${s.solved} of ${s.total} solved${more.length ? `, ${more.join(', ')}` : ''}`;
}

// --- Reading ------------------------------------------------------------------------------

type Json = unknown;

export function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function describeValue(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

function isTime(v: Json): v is string {
  return typeof v === 'string' && v.length <= 40 && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));
}

/** An ISO time as toISOString writes it; UNKNOWN_TIME for anything that is not a time. */
function normalTime(v: Json): string {
  return isTime(v) ? new Date(Date.parse(v)).toISOString() : UNKNOWN_TIME;
}

export function timeOf(s: string): number {
  const t = Date.parse(s);
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

function isCount(v: Json): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** A version-1 entry, or the reason it cannot be read. Unknown fields are dropped. */
function readV1Entry(v: Json): ExerciseProgress | string {
  if (!isObject(v)) return `it is ${describeValue(v)}, not an object`;
  if (!isCount(v.attempts)) return `attempts is ${describeValue(v.attempts)}, not a count`;
  if (typeof v.correct !== 'boolean') return `correct is ${describeValue(v.correct)}, not true or false`;
  if (typeof v.revealed !== 'boolean') return `revealed is ${describeValue(v.revealed)}, not true or false`;
  if (v.firstTryCorrect !== undefined && typeof v.firstTryCorrect !== 'boolean') return `firstTryCorrect is ${describeValue(v.firstTryCorrect)}`;
  if (!isTime(v.updatedAt)) return `updatedAt is ${describeValue(v.updatedAt)}, not a time`;
  // firstTryCorrect only means something after a check.
  const firstTryCorrect = v.attempts > 0 ? (v.firstTryCorrect as boolean | undefined) : undefined;
  return {
    attempts: v.attempts,
    ...(firstTryCorrect !== undefined ? { firstTryCorrect } : {}),
    correct: v.correct,
    revealed: v.revealed,
    updatedAt: normalTime(v.updatedAt),
  };
}

/**
 * A version-0 entry { tries, ok, shown, at? }. First try: the version-0 page stopped checking at
 * the first right answer, so ok after one try was right the first time (unless the answer had
 * been shown, when that cannot be told), and any other checked entry was not.
 */
function migrateV0Entry(v: Json): ExerciseProgress | string {
  if (!isObject(v)) return `it is ${describeValue(v)}, not an object`;
  if (!isCount(v.tries)) return `tries is ${describeValue(v.tries)}, not a count`;
  const ok = v.ok ?? false;
  const shown = v.shown ?? false;
  if (typeof ok !== 'boolean') return `ok is ${describeValue(ok)}, not true or false`;
  if (typeof shown !== 'boolean') return `shown is ${describeValue(shown)}, not true or false`;
  let firstTryCorrect: boolean | undefined;
  if (v.tries === 1 && ok) firstTryCorrect = shown ? undefined : true;
  else if (v.tries > 0) firstTryCorrect = false;
  return {
    attempts: v.tries,
    ...(firstTryCorrect !== undefined ? { firstTryCorrect } : {}),
    correct: ok,
    revealed: shown,
    updatedAt: normalTime(v.at),
  };
}

function readEntries(
  raw: Record<string, Json>,
  read: (v: Json) => ExerciseProgress | string,
  problems: string[],
): Record<string, ExerciseProgress> {
  const entries: [string, ExerciseProgress][] = [];
  for (const [id, v] of Object.entries(raw)) {
    if (!isExerciseId(id)) {
      problems.push(`Skipped an entry with an unusable exercise id ${JSON.stringify(id.slice(0, 60))}.`);
      continue;
    }
    const e = read(v);
    if (typeof e === 'string') problems.push(`Skipped exercise ${JSON.stringify(id)}: ${e}.`);
    else entries.push([id, e]);
  }
  return Object.fromEntries(entries);
}

const MAX_SEED_LENGTH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A review-queue entry, or the reason it cannot be read. Unknown fields are dropped. */
function readReviewItem(v: Json): ReviewItem | string {
  if (!isObject(v)) return `it is ${describeValue(v)}, not an object`;
  if (!isCount(v.step) || v.step > LEFT_QUEUE) return `step is ${describeValue(v.step)}, not a step from 0 to ${LEFT_QUEUE}`;
  if (!isTime(v.due)) return `due is ${describeValue(v.due)}, not a time`;
  if (!isTime(v.updatedAt)) return `updatedAt is ${describeValue(v.updatedAt)}, not a time`;
  if (v.missedSeed !== undefined && (typeof v.missedSeed !== 'string' || v.missedSeed.length > MAX_SEED_LENGTH || CONTROL.test(v.missedSeed))) {
    return `missedSeed is ${describeValue(v.missedSeed)}, not a seed`;
  }
  return { step: v.step, due: normalTime(v.due), updatedAt: normalTime(v.updatedAt), ...(typeof v.missedSeed === 'string' ? { missedSeed: v.missedSeed } : {}) };
}

function readReview(raw: Json, problems: string[]): Record<string, ReviewItem> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.push(`The saved review queue is ${describeValue(raw)}, not a map of exercises; it was left out.`);
    return {};
  }
  const items: [string, ReviewItem][] = [];
  for (const [id, v] of Object.entries(raw)) {
    if (!isExerciseId(id) || !reviewTarget(id)) {
      problems.push(`Skipped a review entry with an unusable id ${JSON.stringify(id.slice(0, 60))}.`);
      continue;
    }
    const item = readReviewItem(v);
    if (typeof item === 'string') problems.push(`Skipped the review of ${JSON.stringify(id)}: ${item}.`);
    else items.push([id, item]);
  }
  return Object.fromEntries(items);
}

/**
 * The queue that data without one (version 0 or 1) implies: each exercise missed (a wrong first
 * check, or revealed without solving) at the first step, due a day after its last change.
 */
export function impliedReview(exercises: Readonly<Record<string, ExerciseProgress>>): Record<string, ReviewItem> {
  const items: [string, ReviewItem][] = [];
  for (const [id, e] of Object.entries(exercises)) {
    const missed = e.firstTryCorrect === false || (e.revealed && !e.correct) || (!e.correct && e.attempts > 0);
    if (!missed || !reviewTarget(id)) continue;
    items.push([id, { step: 0, due: new Date(Date.parse(e.updatedAt) + DAY_MS).toISOString(), updatedAt: e.updatedAt }]);
  }
  return Object.fromEntries(items);
}

/**
 * Review outcomes recorded apart from the progress (a practice quiz page's outbox: one JSON line
 * [question key, solved, ISO time, seed?] per outcome), applied in order. Lines that cannot be
 * read are left out.
 */
export function applyReviewOutbox(p: Progress, text: string | null): Progress {
  if (text === null) return p;
  let next = p;
  for (const line of text.split('\n')) {
    const parsed = parseJson(line);
    if (!parsed.ok) continue;
    const [key, solved, at, seed] = Array.isArray(parsed.value) ? parsed.value : [];
    if (typeof key !== 'string' || typeof solved !== 'boolean' || !isTime(at)) continue;
    const missedSeed = !solved && typeof seed === 'string' && seed.length <= MAX_SEED_LENGTH && !CONTROL.test(seed) ? seed : undefined;
    next = recordReviewOutcome(next, questionReviewId(key), solved ? 'solved' : 'missed', at, missedSeed);
  }
  return next;
}

/** Progress from exercises read from data without a review queue (see impliedReview). */
function withoutQueue(exercises: Record<string, ExerciseProgress>): Progress {
  return { version: 2, exercises, review: impliedReview(exercises) };
}

function looksLikeV0(v: Record<string, Json>): boolean {
  const values = Object.values(v);
  return values.length > 0 && !('exercises' in v) && !('version' in v) && values.some((x) => isObject(x) && 'tries' in x);
}

/** Reads an already parsed JSON value (see parseProgress). */
export function readProgressValue(data: Json): ProgressResult {
  const problems: string[] = [];
  if (!isObject(data)) {
    return { progress: emptyProgress(), problems: [`The saved progress is ${describeValue(data)}, not progress data; starting fresh.`] };
  }
  if (data.course !== undefined && data.course !== COURSE_MARKER) {
    return { progress: emptyProgress(), problems: [`The saved data belongs to ${describeValue(data.course)}, not to Packet Path; starting fresh.`] };
  }
  if (!('version' in data) && !('exercises' in data)) {
    if (Object.keys(data).filter((k) => k !== 'course').length === 0) return { progress: emptyProgress(), problems };
    if (!looksLikeV0(data)) {
      return { progress: emptyProgress(), problems: ['The saved progress has neither a version nor exercises; starting fresh.'] };
    }
    const exercises = readEntries(data, migrateV0Entry, problems);
    return { progress: withoutQueue(exercises), problems };
  }
  const version = data.version;
  if (version === 0) {
    // A version-0 map that was wrapped: { version: 0, exercises: { id: { tries, ok, shown } } }.
    if (!isObject(data.exercises)) return { progress: emptyProgress(), problems: ['The saved progress (version 0) has no exercises; starting fresh.'] };
    return { progress: withoutQueue(readEntries(data.exercises, migrateV0Entry, problems)), problems };
  }
  if (version !== PROGRESS_VERSION && version !== 1) {
    if (typeof version === 'number' && Number.isInteger(version) && version > PROGRESS_VERSION) {
      problems.push(`The saved progress is version ${version}, newer than this page (version ${PROGRESS_VERSION}); reading what this version understands.`);
    } else {
      problems.push(`The saved progress has version ${describeValue(version)}; reading it as version ${PROGRESS_VERSION}.`);
    }
  }
  if (!isObject(data.exercises)) {
    problems.push(`The saved progress's exercises are ${describeValue(data.exercises)}, not a map of exercises; starting fresh.`);
    return { progress: emptyProgress(), problems };
  }
  const exercises = readEntries(data.exercises, readV1Entry, problems);
  // Version 1 had no queue; a later version's queue is read as far as this version understands it.
  if (version === 1) return { progress: withoutQueue(exercises), problems };
  return { progress: { version: 2, exercises, review: readReview(data.review, problems) }, problems };
}

export function parseJson(text: string): { ok: true; value: Json } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The stored progress text (null: nothing stored). Recovers what it can: version 0 is
 * migrated, unknown fields are dropped, bad entries are skipped (each named in `problems`),
 * unreadable text gives an empty progress. Never throws.
 */
export function parseProgress(text: string | null): ProgressResult {
  if (text === null || text.trim() === '') return { progress: emptyProgress(), problems: [] };
  const parsed = parseJson(text);
  if (!parsed.ok) return { progress: emptyProgress(), problems: [`The saved progress is not readable (${parsed.error}); starting fresh.`] };
  return readProgressValue(parsed.value);
}

/** Compact text for storage (what parseProgress reads back). */
export function serializeProgress(p: Progress): string {
  return JSON.stringify({ course: COURSE_MARKER, version: p.version, exercises: p.exercises, review: p.review });
}
