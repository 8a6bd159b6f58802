// Progress moved between browsers: the file a learner exports and imports on the course map.
// Apart from the store (store.ts) because only the map needs it: a lesson page, which loads the
// store, does not load this.

import { COURSE_MARKER, describeValue, isObject, parseJson, readProgressValue, timeOf, type ExerciseProgress, type ImportResult, type Progress } from './store.ts';
import { preferReviewItem, type ReviewItem } from './review.ts';

/** Pretty JSON for a file the learner downloads (what importProgress reads back). */
export function exportProgress(p: Progress): string {
  const byId = ([a]: [string, unknown], [b]: [string, unknown]): number => (a < b ? -1 : a > b ? 1 : 0);
  const exercises = Object.fromEntries(Object.entries(p.exercises).sort(byId));
  const review = Object.fromEntries(Object.entries(p.review).sort(byId));
  return `${JSON.stringify({ course: COURSE_MARKER, version: p.version, exercises, review }, null, 2)}\n`;
}

/**
 * Which of two records of the same exercise to keep: the one with more attempts (it has seen
 * more of the learner's work); with equal attempts the later updatedAt; when those are equal
 * too, `current`. The whole record is kept, never a mix of fields.
 */
export function preferEntry(current: ExerciseProgress, imported: ExerciseProgress): ExerciseProgress {
  if (imported.attempts !== current.attempts) return imported.attempts > current.attempts ? imported : current;
  return timeOf(imported.updatedAt) > timeOf(current.updatedAt) ? imported : current;
}

/**
 * Merges an exported file into the current progress. The file must be Packet Path progress
 * (course: 'packet-path'); otherwise `current` is returned unchanged with a problem saying
 * why. Exercises only in `current` are kept as they are, exercises only in the file are added,
 * and for exercises in both preferEntry decides. Never throws.
 */
export function importProgress(current: Progress, text: string): ImportResult {
  const reject = (why: string): ImportResult => ({
    progress: current,
    problems: [`This file is not Packet Path progress: ${why}. Nothing was imported.`],
    rejected: true,
    added: 0,
    updated: 0,
  });
  const parsed = parseJson(text);
  if (!parsed.ok) return reject(`it is not JSON (${parsed.error})`);
  const data = parsed.value;
  if (!isObject(data) || data.course !== COURSE_MARKER) {
    return reject(
      isObject(data) ? (data.course === undefined ? 'it has no "course": "packet-path" marker' : `it is marked as ${describeValue(data.course)}`) : `it is ${describeValue(data)}`,
    );
  }
  const read = readProgressValue(data);
  const merged = new Map<string, ExerciseProgress>(Object.entries(current.exercises));
  let added = 0;
  let replaced = 0;
  for (const [id, e] of Object.entries(read.progress.exercises)) {
    const old = merged.get(id);
    if (!old) {
      merged.set(id, e);
      added++;
    } else {
      const keep = preferEntry(old, e);
      if (keep !== old) {
        merged.set(id, keep);
        replaced++;
      }
    }
  }
  // The review queue: items only in the file are added, for items in both the later outcome wins.
  const review = new Map<string, ReviewItem>(Object.entries(current.review));
  for (const [id, item] of Object.entries(read.progress.review)) {
    const old = review.get(id);
    review.set(id, old ? preferReviewItem(old, item) : item);
  }
  return { progress: { version: 2, exercises: Object.fromEntries(merged), review: Object.fromEntries(review) }, problems: read.problems, rejected: false, added, updated: replaced };
}
