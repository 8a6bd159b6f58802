// /teach/gradebook/: result files in, regraded outcomes out. Every file is read as untrusted
// text and regraded by the quiz core (regradeResult): one bad file gets its own message and
// never stops the others. Names and file names are shown through textContent, cleaned of
// control characters and cut (CSS truncates them further, with the whole text in a tooltip).

import type { Assignment, QuestionGrade, RegradeOutcome } from '../../quiz/types.ts';
import { downloadText, h, uid } from './dom.ts';
import { displayText, labelForPeople } from '../../quiz/text.ts';
import { pageQuizData } from './page-data.ts';
import { percentOf } from '../../quiz/score.ts';
import type * as Core from '../../quiz/core.ts';

type Graded = Extract<RegradeOutcome, { ok: true }>;

interface Entry {
  readonly name: string;
  readonly outcome: RegradeOutcome;
  readonly assignment?: Assignment;
}

/** Files larger than this are refused unread (the core refuses anything over 1 MB as well). */
const MAX_FILE_BYTES = 2_000_000;
/** More files than this in one gradebook are refused (a class, not a data set). */
const MAX_FILES = 2_000;

const zone = document.querySelector<HTMLElement>('[data-drop-zone]');
const input = document.querySelector<HTMLInputElement>('[data-gb-files]');
const status = document.querySelector<HTMLElement>('[data-gb-status]');
const results = document.querySelector<HTMLElement>('[data-gb-results]');
const actions = document.querySelector<HTMLElement>('[data-gb-actions]');
const csvButton = document.querySelector<HTMLButtonElement>('[data-gb-csv]');
const clearButton = document.querySelector<HTMLButtonElement>('[data-gb-clear]');

const entries: Entry[] = [];
const seen = new Set<string>();
let core: typeof Core | undefined;
let queue: Promise<void> = Promise.resolve();

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const num = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

function say(text: string): void {
  if (status) status.textContent = text;
}

/** A name shown inert: cleaned, cut, in a span CSS truncates, the whole (cleaned) text as its tooltip. */
function nameSpan(text: string, cls = 'gb-name'): HTMLElement {
  const shown = displayText(text, 200);
  return h('span', { class: cls, title: displayText(text, 1000) }, shown);
}

async function addFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return;
  let data: ReturnType<typeof pageQuizData>;
  try {
    data = pageQuizData();
  } catch (error) {
    say(`The gradebook could not read its quizzes: ${(error as Error).message}`);
    return;
  }
  say(`Grading ${plural(files.length, 'file')}…`);
  results?.setAttribute('aria-busy', 'true');
  try {
    core ??= await import('../../quiz/core.ts');
  } catch (error) {
    say(`The grader could not be loaded: ${(error as Error).message}`);
    results?.removeAttribute('aria-busy');
    return;
  }
  let added = 0;
  let duplicates = 0;
  for (const [i, file] of files.entries()) {
    if (entries.length >= MAX_FILES) {
      entries.push({ name: file.name, outcome: { ok: false, file: file.name, error: `the gradebook holds ${MAX_FILES} files at most` } });
      continue;
    }
    let outcome: RegradeOutcome;
    let assignment: Assignment | undefined;
    if (file.size > MAX_FILE_BYTES) {
      outcome = { ok: false, file: file.name, error: `the file is ${Math.round(file.size / 1_000_000)} MB; a result file is a few KB` };
    } else {
      let text: string;
      try {
        text = await file.text();
      } catch (error) {
        text = '';
        outcome = { ok: false, file: file.name, error: `the file could not be read (${(error as Error).message})` };
      }
      const fingerprint = `${file.name}\u0000${file.size}\u0000${text}`;
      if (seen.has(fingerprint)) {
        duplicates++;
        continue;
      }
      seen.add(fingerprint);
      try {
        outcome = core.regradeResult(file.name, text, data.quizzes, data.courseVersion);
        const parsed = core.parseResultFile(text);
        if (parsed.ok) assignment = parsed.result.assignment;
      } catch (error) {
        outcome = { ok: false, file: file.name, error: `could not be graded: ${(error as Error).message}` };
      }
    }
    entries.push({ name: file.name, outcome: outcome!, ...(assignment ? { assignment } : {}) });
    added++;
    if (i % 4 === 3) {
      say(`Grading… ${i + 1} of ${files.length} files done.`);
      // Let the page breathe between files.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  results?.removeAttribute('aria-busy');
  render();
  const graded = entries.filter((e) => e.outcome.ok).length;
  const refused = entries.length - graded;
  say(
    `${plural(added, 'file')} added${duplicates ? ` (${plural(duplicates, 'file')} already in the gradebook skipped)` : ''}. The gradebook holds ${plural(entries.length, 'file')}: ${graded} graded${refused ? `, ${refused} not graded` : ''}.`,
  );
}

function flagsOf(o: Graded): HTMLElement | string {
  const flags: HTMLElement[] = [];
  if (o.tampered) {
    flags.push(h('li', { class: 'gb-flag is-bad' }, `Tampered: the file claims ${num(o.tampered.claimedEarned)} of ${num(o.tampered.claimedPossible)}; regraded ${num(o.earned)} of ${num(o.possible)}, and counted so.`));
  }
  for (const w of o.warnings) flags.push(h('li', { class: /^(late|over the time|attempt )/.test(w) ? 'gb-flag is-warn' : 'gb-flag' }, displayText(w, 300)));
  return flags.length ? h('ul', { class: 'gb-flags' }, ...flags) : '';
}

function questionLabel(key: string, index: number): HTMLElement {
  return h('span', {}, `Q${index + 1}`, h('span', { class: 'visually-hidden' }, `, ${key}`));
}

function renderGroup(id: string, group: Entry[]): HTMLElement {
  const graded = group.map((e) => e.outcome).filter((o): o is Graded => o.ok);
  graded.sort((a, b) => a.student.localeCompare(b.student) || a.attempt - b.attempt);
  const assignment = group.find((e) => e.assignment)?.assignment;
  const keys: { key: string; points: number }[] = [];
  for (const o of graded) for (const g of o.grades) if (!keys.some((k) => k.key === g.key)) keys.push({ key: g.key, points: g.points });
  const headingId = uid('gb');
  const title = assignment ? displayText(assignment.title, 200) : id;

  const table = h('table', { class: 'gb-table' });
  table.append(h('caption', {}, `Scores for ${title}: one row per result file`));
  const head = table.createTHead().insertRow();
  const th = (content: Node | string, cls?: string): HTMLTableCellElement => {
    const cell = h('th', { scope: 'col', class: cls }, content);
    head.append(cell);
    return cell;
  };
  // Total, percent and flags first: they are what a teacher reads; the questions follow.
  th('Student');
  th('Attempt', 'gb-num');
  th('Total', 'gb-num');
  th('%', 'gb-num');
  th('Flags');
  keys.forEach((k, i) => th(h('span', {}, questionLabel(k.key, i), h('span', { class: 'gb-points' }, ` /${num(k.points)}`)), 'gb-num'));
  const body = table.createTBody();
  for (const o of graded) {
    const tr = body.insertRow();
    if (o.tampered) tr.className = 'is-tampered';
    const name = h('th', { scope: 'row' }, nameSpan(o.student));
    tr.append(name);
    tr.insertCell().textContent = String(o.attempt);
    tr.lastElementChild!.className = 'gb-num';
    const total = tr.insertCell();
    total.className = 'gb-num gb-total';
    total.textContent = `${num(o.earned)} / ${num(o.possible)}`;
    const pct = tr.insertCell();
    pct.className = 'gb-num';
    // The student's own result screen's number (and the CSV's): never rounded across the pass mark.
    pct.textContent = o.possible === 0 ? '–' : String(percentOf(o, o.passMark));
    tr.insertCell().append(flagsOf(o));
    const byKey = new Map<string, QuestionGrade>(o.grades.map((g) => [g.key, g]));
    for (const k of keys) {
      const g = byKey.get(k.key);
      const cell = tr.insertCell();
      cell.className = `gb-num${g ? (g.earned >= g.points - 1e-9 ? ' is-full' : g.earned <= 1e-9 ? ' is-zero' : '') : ''}`;
      cell.textContent = g ? num(g.earned) : '–';
      if (g && !g.answered) cell.title = 'not answered';
    }
  }

  const parts: (Node | null)[] = [
    h('h2', { id: headingId }, title),
    h('p', { class: 'gb-meta' }, `Assignment ${id}${assignment ? `: ${assignment.mode}, ${assignment.quizzes.join(', ')}` : ''}. ${plural(graded.length, 'result file')} graded, ${plural(new Set(graded.map((o) => o.student.toLowerCase())).size, 'student')}.`),
    graded.length ? h('div', { class: 'gb-table-wrap', tabindex: 0, role: 'region', 'aria-label': `Scores for ${title}` }, table) : null,
  ];
  if (keys.length) {
    parts.push(h('details', { class: 'gb-legend' }, h('summary', {}, 'Which question is which'), h('ol', {}, ...keys.map((k) => h('li', {}, h('code', {}, k.key), ` (${num(k.points)} ${k.points === 1 ? 'point' : 'points'})`)))));
  }
  if (core && graded.length) parts.push(renderClass(core.classReport(graded), keys.map((k) => k.key), graded.length));
  return h('section', { class: 'gb-group', 'aria-labelledby': headingId }, ...parts);
}

function renderClass(report: Core.ClassReport, keys: string[], files: number): HTMLElement {
  const headingId = uid('class');
  const all = report.questions.flatMap((q) => q.misconceptions.map((m) => ({ q, m })));
  all.sort((a, b) => b.m.count - a.m.count || keys.indexOf(a.q.key) - keys.indexOf(b.q.key));
  const top = all.slice(0, 12);
  const list = top.length
    ? h(
        'ol',
        { class: 'gb-misconceptions' },
        ...top.map(({ q, m }) =>
          h('li', {}, h('span', { class: 'gb-count' }, `${m.count} of ${q.students}`), ' ', h('span', { class: 'gb-q' }, `Q${keys.indexOf(q.key) + 1}:`), ' ', displayText(labelForPeople(m.label), 300)),
        ),
      )
    : h('p', {}, 'No misconception showed up in the answers graded.');
  const table = h('table', { class: 'gb-table gb-questions' });
  table.append(h('caption', {}, 'Average score per question'));
  const head = table.createTHead().insertRow();
  for (const t of ['Question', 'Average', 'Answered']) head.append(h('th', { scope: 'col' }, t));
  const body = table.createTBody();
  for (const q of report.questions) {
    const tr = body.insertRow();
    tr.append(h('th', { scope: 'row' }, questionLabel(q.key, keys.indexOf(q.key))));
    tr.insertCell().textContent = `${Math.round(q.averageScore * 100)} %`;
    tr.insertCell().textContent = `${q.answered} of ${q.students}`;
  }
  return h(
    'section',
    { class: 'gb-class', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, 'What caught the class'),
    h('p', { class: 'exercise-hint' }, `The misconceptions the grader saw most often, counted once per result file (${plural(files, 'file')}). A name in ‹ › stands for a value that differs between students' variants (the quiz parameter of that name).`),
    list,
    h('div', { class: 'gb-table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Average score per question' }, table),
  );
}

function render(): void {
  if (!results) return;
  const groups = new Map<string, Entry[]>();
  const refused: Entry[] = [];
  for (const e of entries) {
    if (!e.outcome.ok) {
      refused.push(e);
      continue;
    }
    const list = groups.get(e.outcome.assignmentId) ?? [];
    list.push(e);
    groups.set(e.outcome.assignmentId, list);
  }
  const parts: HTMLElement[] = [];
  if (refused.length) {
    const headingId = uid('refused');
    parts.push(
      h(
        'section',
        { class: 'gb-refused panel', 'aria-labelledby': headingId },
        h('h2', { id: headingId }, `Not graded (${refused.length})`),
        h('p', {}, `${refused.length === 1 ? 'This file was' : 'These files were'} not graded; the others were.`),
        h('ul', {}, ...refused.map((e) => h('li', {}, nameSpan(e.name, 'gb-file'), ': ', displayText(e.outcome.ok ? '' : e.outcome.error, 400)))),
      ),
    );
  }
  for (const [id, group] of groups) parts.push(renderGroup(id, group));
  results.replaceChildren(...parts);
  if (actions) actions.hidden = entries.length === 0;
  if (csvButton) csvButton.disabled = !entries.some((e) => e.outcome.ok);
}

function exportCsv(): void {
  if (!core) return;
  const outcomes = entries.map((e) => e.outcome);
  downloadText('packet-path-grades.csv', core.resultsToCsv(outcomes), 'text/csv');
  say(`Exported ${plural(outcomes.filter((o) => o.ok).length, 'graded file')} to packet-path-grades.csv.`);
}

function enqueue(files: readonly File[]): void {
  queue = queue.then(() => addFiles(files)).catch((error: unknown) => say(`Grading stopped: ${error instanceof Error ? error.message : String(error)}`));
}

input?.addEventListener('change', () => {
  const files = [...(input.files ?? [])];
  input.value = '';
  enqueue(files);
});
zone?.addEventListener('dragover', (event) => {
  event.preventDefault();
  if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
  zone.classList.add('is-over');
});
zone?.addEventListener('dragleave', () => zone.classList.remove('is-over'));
zone?.addEventListener('drop', (event) => {
  event.preventDefault();
  zone.classList.remove('is-over');
  enqueue([...(event.dataTransfer?.files ?? [])]);
});
// A file dropped beside the zone would make the browser open it and leave the gradebook.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
csvButton?.addEventListener('click', exportCsv);
clearButton?.addEventListener('click', () => {
  entries.length = 0;
  seen.clear();
  render();
  say('The gradebook is empty.');
  input?.focus();
});
