// The review queue's schedule: what a learner missed comes back after 1, then 3, then 7 days.
// Pure: the time is always an argument (the browser's clock, in the UI), nothing is stored here.
//
//   a miss (a wrong check, or the answer revealed without solving), at any time:
//       step 0, due one day after the miss
//   solved when due (due <= now):
//       step 0 -> step 1, due 3 days later; step 1 -> step 2, due 7 days later;
//       step 2 -> left the queue (step 3: kept as a record so that an import cannot bring back
//       an older, still-pending copy of it)
//   solved before it is due: nothing changes (it comes back when due all the same)
//
// A day is 24 hours from the outcome, not a calendar day: "due in 5 hours" means exactly that.

/** The spacing, in days, before each review: after a miss, after one solved review, after two. */
export const REVIEW_DAYS = [1, 3, 7] as const;
/** The step of an item that left the queue (solved at each of the REVIEW_DAYS reviews). */
export const LEFT_QUEUE = REVIEW_DAYS.length;

const DAY_MS = 24 * 60 * 60 * 1000;

export type ReviewOutcome = 'solved' | 'missed';

export interface ReviewItem {
  /** 0..2: waiting for review number step+1; LEFT_QUEUE: left the queue. */
  readonly step: number;
  /** ISO time it is due (for an item that left the queue: when it left). */
  readonly due: string;
  /** ISO time of the last outcome that changed it. */
  readonly updatedAt: string;
  /** Quiz questions: the seed of the variant last missed, so that the review draws another. */
  readonly missedSeed?: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The item after an outcome at `now` (ms since the epoch). undefined: not in the queue (a first
 * outcome that is a solve never enters it). `missedSeed` is kept with a miss (quiz questions).
 */
export function schedule(item: ReviewItem | undefined, outcome: ReviewOutcome, now: number, missedSeed?: string): ReviewItem | undefined {
  if (outcome === 'missed') {
    return { step: 0, due: iso(now + REVIEW_DAYS[0] * DAY_MS), updatedAt: iso(now), ...(missedSeed !== undefined ? { missedSeed } : {}) };
  }
  if (!item || item.step >= LEFT_QUEUE || !isDue(item, now)) return item;
  const step = item.step + 1;
  if (step >= LEFT_QUEUE) return { step: LEFT_QUEUE, due: iso(now), updatedAt: iso(now) };
  return { step, due: iso(now + REVIEW_DAYS[step]! * DAY_MS), updatedAt: iso(now), ...(item.missedSeed !== undefined ? { missedSeed: item.missedSeed } : {}) };
}

/** Still in the queue (due now or later). */
export function isQueued(item: ReviewItem | undefined): item is ReviewItem {
  return item !== undefined && item.step < LEFT_QUEUE;
}

/** In the queue and due at `now`. */
export function isDue(item: ReviewItem | undefined, now: number): boolean {
  return isQueued(item) && Date.parse(item.due) <= now;
}

/** The ids of the items due at `now`, the longest-waiting first (ties by id). */
export function dueIds(items: Readonly<Record<string, ReviewItem>>, now: number): string[] {
  return Object.entries(items)
    .filter(([, item]) => isDue(item, now))
    .sort(([a, x], [b, y]) => Date.parse(x.due) - Date.parse(y.due) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([id]) => id);
}

/** The earliest time (ms) an item not yet due becomes due; undefined when none waits. */
export function nextDueTime(items: Readonly<Record<string, ReviewItem>>, now: number): number | undefined {
  let next: number | undefined;
  for (const item of Object.values(items)) {
    if (!isQueued(item)) continue;
    const t = Date.parse(item.due);
    if (t > now && (next === undefined || t < next)) next = t;
  }
  return next;
}

/** Which of two records of the same item to keep on import: the later outcome; on a tie, `current`. */
export function preferReviewItem(current: ReviewItem, imported: ReviewItem): ReviewItem {
  return Date.parse(imported.updatedAt) > Date.parse(current.updatedAt) ? imported : current;
}

/**
 * How long until `due`, in words a page can put after "due ": "now", "in 5 minutes",
 * "in 3 hours", "in 2 days" (rounded up, so never "in 0 hours").
 */
export function dueInWords(due: number, now: number): string {
  const ms = due - now;
  if (ms <= 0) return 'now';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.ceil(ms / 3_600_000);
  if (hours < 48) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.ceil(ms / DAY_MS);
  return `in ${days} days`;
}

// --- Ids ------------------------------------------------------------------------------------
// A lesson exercise's review id is its exercise id ("bridges/two-bridges#br1"); a quiz
// question's is "quiz:" and its key ("quiz:part-1/arp-who-has").

const QUIZ_PREFIX = 'quiz:';

export function questionReviewId(questionKey: string): string {
  return `${QUIZ_PREFIX}${questionKey}`;
}

export type ReviewTarget =
  | { readonly kind: 'exercise'; readonly exerciseId: string; readonly lessonId: string }
  | { readonly kind: 'question'; readonly key: string; readonly quizId: string; readonly questionId: string };

/** What a review id names; undefined when it names neither a lesson exercise nor a quiz question. */
export function reviewTarget(id: string): ReviewTarget | undefined {
  if (id.startsWith(QUIZ_PREFIX)) {
    const key = id.slice(QUIZ_PREFIX.length);
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1) return undefined;
    return { kind: 'question', key, quizId: key.slice(0, slash), questionId: key.slice(slash + 1) };
  }
  const hash = id.indexOf('#');
  if (hash <= 0 || hash === id.length - 1) return undefined;
  return { kind: 'exercise', exerciseId: id, lessonId: id.slice(0, hash) };
}
