// The learner's progress in this browser: localStorage through the pure store
// (src/progress/store.ts). Corrupted or old data is recovered by the store; problems are
// kept for the page to show, never thrown.

import {
  exportProgress,
  importProgress,
  parseProgress,
  recordCheck,
  recordReveal,
  serializeProgress,
  type ImportResult,
  type Progress,
} from '../../progress/store.ts';

export const STORAGE_KEY = 'packet-path.progress';

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
  }
  return cached;
}

export function progressProblems(): readonly string[] {
  loadProgress();
  return loadProblems;
}

function save(progress: Progress): void {
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

export function saveCheck(id: string, correct: boolean): void {
  save(recordCheck(loadProgress(), id, correct, new Date().toISOString()));
}

export function saveReveal(id: string): void {
  save(recordReveal(loadProgress(), id, new Date().toISOString()));
}

export function exportText(): string {
  return exportProgress(loadProgress());
}

export function importText(text: string): ImportResult {
  const result = importProgress(loadProgress(), text);
  if (!result.rejected) save(result.progress);
  return result;
}

