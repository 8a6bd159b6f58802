// The learner's progress in this browser: localStorage through the pure store
// (src/progress/store.ts). Corrupted or old data is recovered by the store; problems are
// kept for the page to show, never thrown.

import {
  parseProgress,
  recordCheck,
  recordReveal,
  recordReviewOutcome,
  applyReviewOutbox,
  serializeProgress,
  type Progress,
} from '../../progress/store.ts';
import type { ReviewOutcome } from '../../progress/review.ts';

export const STORAGE_KEY = 'packet-path.progress';
/** Where a practice quiz page writes its review outcomes (src/ui/quiz/practice-page.ts), folded in at load. */
const REVIEW_OUTBOX_KEY = 'packet-path.review-outbox';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: progress lives for this page only
  }
}

let cached: Progress | undefined;
let loadProblems: readonly string[] = [];

export function loadProgress(): Progress {
  if (!cached) {
    const result = parseProgress(storage()?.getItem(STORAGE_KEY) ?? null);
    cached = result.progress;
    loadProblems = result.problems;
    // What quiz pages recorded for the review queue since.
    const outbox = storage()?.getItem(REVIEW_OUTBOX_KEY) ?? null;
    if (outbox !== null) {
      cached = applyReviewOutbox(cached, outbox);
      try {
        storage()?.setItem(STORAGE_KEY, serializeProgress(cached));
        storage()?.removeItem(REVIEW_OUTBOX_KEY);
      } catch {
        // Kept in the outbox: applied again (to the same effect) at the next load.
      }
    }
  }
  return cached;
}

export function progressProblems(): readonly string[] {
  loadProgress();
  return loadProblems;
}

/** Keeps `progress` as the learner's (the map's import uses it too). */
export function save(progress: Progress): void {
  cached = progress;
  try {
    storage()?.setItem(STORAGE_KEY, serializeProgress(progress));
  } catch {
    // Quota or privacy mode: keep it in memory.
  }
  // The lesson's progress panel and the map redraw in a task of their own, after the grade
  // the learner asked for has painted, not inside the same long task.
  setTimeout(() => document.dispatchEvent(new CustomEvent('pp:progress')), 0);
}

/** A check of a lesson exercise; `review`: what it means for the review queue (none: nothing). */
export function saveCheck(id: string, correct: boolean, review?: ReviewOutcome): void {
  const now = new Date().toISOString();
  const p = recordCheck(loadProgress(), id, correct, now);
  save(review ? recordReviewOutcome(p, id, review, now) : p);
}

/** The answer of a lesson exercise was revealed; `review`: 'missed' unless it was solved first. */
export function saveReveal(id: string, review?: ReviewOutcome): void {
  const now = new Date().toISOString();
  const p = recordReveal(loadProgress(), id, now);
  save(review ? recordReviewOutcome(p, id, review, now) : p);
}

/** A quiz question's outcome in practice, for the review queue (`seed`: the variant's). */
export function saveQuestionOutcome(reviewId: string, outcome: ReviewOutcome, seed: string | undefined): void {
  save(recordReviewOutcome(loadProgress(), reviewId, outcome, new Date().toISOString(), outcome === 'missed' ? seed : undefined));
}
