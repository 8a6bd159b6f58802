// /teach/assign/: reads the form, builds the assignment, checks it with the quiz core's own
// validation (the same the student's page applies), and shows the link, a Copy button and a
// preview of what students will see.

import type { Assignment } from '../../quiz/types.ts';
import { h } from './dom.ts';

const form = document.querySelector<HTMLFormElement>('[data-assign-form]');
const output = document.querySelector<HTMLElement>('[data-assign-output]');
const linkInput = document.querySelector<HTMLInputElement>('[data-assign-link]');
const copy = document.querySelector<HTMLButtonElement>('[data-assign-copy]');
const status = document.querySelector<HTMLElement>('[data-assign-status]');
const preview = document.querySelector<HTMLElement>('[data-assign-preview]');
const openLink = document.querySelector<HTMLAnchorElement>('[data-assign-open]');
const errors = document.querySelector<HTMLElement>('[data-assign-errors]');
const gradedOnly = document.querySelector<HTMLFieldSetElement>('[data-graded-only]');

type Read = { ok: true; assignment: Assignment } | { ok: false; problems: { field?: HTMLElement; text: string }[] };

function value(name: string): string {
  const el = form?.elements.namedItem(name);
  return el instanceof HTMLInputElement ? el.value.trim() : '';
}

function readForm(): Read {
  if (!form) return { ok: false, problems: [{ text: 'the form is missing' }] };
  const problems: { field?: HTMLElement; text: string }[] = [];
  const titleInput = form.querySelector<HTMLInputElement>('#assign-title')!;
  const title = titleInput.value.trim();
  if (!title) problems.push({ field: titleInput, text: 'Give the assignment a title.' });
  const quizzes = [...form.querySelectorAll<HTMLInputElement>('input[name="quiz"]:checked')].map((i) => i.value);
  if (quizzes.length === 0) problems.push({ field: form.querySelector<HTMLElement>('input[name="quiz"]') ?? undefined, text: 'Pick at least one quiz.' });
  const mode = form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value === 'practice' ? 'practice' : 'graded';
  const whole = (name: string, label: string, min: number, max: number): number | undefined => {
    const text = value(name);
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push({ field: form.querySelector<HTMLElement>(`[name="${name}"]`) ?? undefined, text: `${label}: a whole number from ${min} to ${max}, or empty for no limit.` });
      return undefined;
    }
    return n;
  };
  const attempts = mode === 'graded' ? whole('attempts', 'Attempts allowed', 1, 100) : undefined;
  const timeLimitMinutes = mode === 'graded' ? whole('timeLimitMinutes', 'Time limit', 1, 1440) : undefined;
  const date = value('due');
  const time = value('dueTime');
  let due: string | undefined;
  if (time && !date) problems.push({ field: form.querySelector<HTMLElement>('#assign-due') ?? undefined, text: 'A due time needs a due date.' });
  else if (date && time) {
    const local = new Date(`${date}T${time}`);
    if (Number.isNaN(local.getTime())) problems.push({ field: form.querySelector<HTMLElement>('#assign-due-time') ?? undefined, text: 'The due time is not a time.' });
    else due = local.toISOString().replace(/\.000Z$/, 'Z');
  } else if (date) due = date;
  if (problems.length) return { ok: false, problems };
  const assignment: Assignment = {
    v: 1,
    title,
    quizzes,
    mode,
    ...(attempts !== undefined ? { attempts } : {}),
    ...(timeLimitMinutes !== undefined ? { timeLimitMinutes } : {}),
    ...(due !== undefined ? { due } : {}),
    // The day (UTC) the link is made: a result file started before it is flagged. A day, not a
    // time, so that making the link again the same day gives the same assignment (the same id).
    created: new Date().toISOString().slice(0, 10),
  };
  return { ok: true, assignment };
}

function showProblems(problems: { field?: HTMLElement; text: string }[]): void {
  if (!errors) return;
  errors.replaceChildren(
    h('div', { class: 'exercise-message', role: 'alert' }, h('p', {}, problems.length === 1 ? 'One thing to fix:' : 'Some things to fix:'), h('ul', {}, ...problems.map((p) => h('li', {}, p.text)))),
  );
  for (const el of form?.querySelectorAll('[aria-invalid]') ?? []) el.removeAttribute('aria-invalid');
  for (const p of problems) p.field?.setAttribute('aria-invalid', 'true');
  problems[0]?.field?.focus();
}

function describe(a: Assignment, id: string, link: string): HTMLElement {
  const titles = [...(form?.querySelectorAll<HTMLInputElement>('input[name="quiz"]') ?? [])]
    .filter((i) => a.quizzes.includes(i.value))
    .map((i) => i.closest('label')?.querySelector('span')?.firstChild?.textContent?.trim() ?? i.value);
  const rows: [string, string][] = [
    ['Title', a.title],
    ['Quizzes', titles.join('; ')],
    ['Mode', a.mode === 'graded' ? 'Graded: answers shown only after submitting' : 'Practice: check and reveal as they go'],
  ];
  if (a.mode === 'graded') {
    rows.push(['Attempts', a.attempts === undefined ? 'no limit' : String(a.attempts)]);
    rows.push(['Time limit', a.timeLimitMinutes === undefined ? 'none' : `${a.timeLimitMinutes} minutes`]);
  }
  rows.push(['Due', a.due === undefined ? 'no due date' : /^\d{4}-\d{2}-\d{2}$/.test(a.due) ? `${a.due}, end of the day (UTC)` : new Date(a.due).toLocaleString()]);
  if (a.created !== undefined) rows.push(['Made', `${a.created} (UTC): a result file started before that day is flagged`]);
  rows.push(['Assignment id', `${id} (result files carry it; the gradebook groups by it)`]);
  rows.push(['Link length', `${link.length} characters`]);
  return h('dl', { class: 'assign-summary' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

async function make(): Promise<void> {
  const read = readForm();
  if (!read.ok) {
    showProblems(read.problems);
    return;
  }
  const { encodeAssignment, assignmentId, validateAssignment } = await import('../../quiz/assignment.ts');
  const checked = validateAssignment(read.assignment);
  if (!checked.ok) {
    showProblems([{ text: checked.error }]);
    return;
  }
  errors?.replaceChildren();
  for (const el of form?.querySelectorAll('[aria-invalid]') ?? []) el.removeAttribute('aria-invalid');
  const link = new URL(`/assignment/#a=${encodeAssignment(checked.assignment)}`, location.href).href;
  if (linkInput) linkInput.value = link;
  if (openLink) openLink.href = link;
  if (preview) preview.replaceChildren(describe(checked.assignment, assignmentId(checked.assignment), link));
  if (status) status.textContent = '';
  if (output) {
    output.hidden = false;
    output.querySelector<HTMLElement>('h2')?.focus();
  }
}

async function copyLink(): Promise<void> {
  if (!linkInput || !status) return;
  try {
    await navigator.clipboard.writeText(linkInput.value);
    status.textContent = 'Link copied.';
  } catch {
    linkInput.focus();
    linkInput.select();
    status.textContent = 'Your browser did not let the page copy: the link is selected, press Ctrl+C (or ⌘C) to copy it.';
  }
}

function syncMode(): void {
  const practice = form?.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value === 'practice';
  if (gradedOnly) gradedOnly.disabled = practice;
}

form?.addEventListener('submit', (event) => {
  event.preventDefault();
  void make();
});
form?.addEventListener('change', (event) => {
  if ((event.target as HTMLInputElement).name === 'mode') syncMode();
});
// Any change makes the shown link stale: say so rather than hide it.
form?.addEventListener('input', () => {
  if (output && !output.hidden && status) status.textContent = 'The form changed: make the link again to include the change.';
});
copy?.addEventListener('click', () => void copyLink());
syncMode();
