// The course map's progress: a badge per lesson from the progress in localStorage, and the
// "Export progress" / "Import progress" buttons (a JSON file). Bad files get a clear message;
// an import merges and never erases other lessons' progress. Above the parts, how many missed
// exercises are due on the review page (nothing when none is).

import { describeLesson, summarizeLesson } from '../../progress/store.ts';
import { dueIds } from '../../progress/review.ts';
import { exportProgress, importProgress } from '../../progress/transfer.ts';
import { loadProgress, progressProblems, save } from './progress-client.ts';

const exportText = (): string => exportProgress(loadProgress());

function importText(text: string): ReturnType<typeof importProgress> {
  const result = importProgress(loadProgress(), text);
  if (!result.rejected) save(result.progress);
  return result;
}

function fillBadges(): void {
  const progress = loadProgress();
  for (const badge of document.querySelectorAll<HTMLElement>('.progress-badge[data-lesson-id]')) {
    const ids = (badge.dataset.exercises ?? '').split(/\s+/).filter(Boolean);
    if (ids.length === 0) continue;
    const s = summarizeLesson(progress, badge.dataset.lessonId ?? '', ids);
    // In words, not colour only: "not started", "in progress: 1 of 5 solved, 1 revealed, 1 tried",
    // "done: 3 of 3 solved" (revealed answers never count as solved).
    badge.textContent = describeLesson(s);
    badge.dataset.state = s.state;
  }
}

function fillReviewDue(): void {
  const line = document.querySelector<HTMLElement>('[data-review-due]');
  if (!line) return;
  const due = dueIds(loadProgress().review, Date.now()).length;
  line.hidden = due === 0;
  if (due === 0) {
    line.replaceChildren();
    return;
  }
  const link = Object.assign(document.createElement('a'), { href: '/review/', textContent: due === 1 ? 'Review it' : 'Review them' });
  line.replaceChildren(`${due === 1 ? '1 exercise you missed is' : `${due} exercises you missed are`} due for review. `, link);
}

function status(text: string): void {
  const el = document.querySelector('[data-progress-status]');
  if (el) el.textContent = text;
}

function download(): void {
  const blob = new Blob([exportText()], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = 'packet-path-progress.json';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  status('Progress exported to packet-path-progress.json.');
}

async function upload(file: File): Promise<void> {
  if (file.size > 1_000_000) {
    status(`${file.name} is too large to be a Packet Path progress file (over 1 MB): nothing was imported.`);
    return;
  }
  const result = importText(await file.text());
  if (result.rejected) {
    status(`${file.name} was not imported: ${result.problems.join(' ')}`);
    return;
  }
  const what = `${result.added} exercise${result.added === 1 ? '' : 's'} added, ${result.updated} updated`;
  status(`Imported ${file.name}: ${what}.${result.problems.length ? ` Some entries were skipped: ${result.problems.join(' ')}` : ''}`);
  fillBadges();
  fillReviewDue();
}

function setup(): void {
  const picker = document.createElement('input');
  picker.type = 'file';
  picker.accept = 'application/json,.json';
  picker.hidden = true;
  picker.setAttribute('aria-hidden', 'true');
  picker.tabIndex = -1;
  picker.dataset.progressFile = '';
  document.body.append(picker);
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (file) void upload(file);
    picker.value = '';
  });
  document.querySelector('[data-progress-export]')?.addEventListener('click', download);
  document.querySelector('[data-progress-import]')?.addEventListener('click', () => picker.click());
  fillBadges();
  fillReviewDue();
  const problems = progressProblems();
  if (problems.length) status(`Some saved progress could not be read and was left out: ${problems.join(' ')}`);
}

setup();
