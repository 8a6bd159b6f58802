// /teach/gradebook/: result files in, regraded outcomes out. Every file is read as untrusted
// text and regraded by the quiz core (regradeResult) in the engine worker, off the page's
// thread and from the same engine file as every other page: one bad file gets its own message
// and never stops the others. The files are then compared with each other (buildGradebook: the
// same file twice, an attempt number reused, more files than attempts, best and last attempt).
// The files' text is kept in this browser (IndexedDB) until the teacher clears the gradebook,
// so a reload regrades and shows the same gradebook. Names, file names, question texts and
// answers are shown through textContent, cleaned of control characters and cut.

import type { Assignment, RegradeOutcome } from '../../quiz/types.ts';
import { downloadText, h, uid } from './dom.ts';
import { displayText, labelForPeople } from '../../quiz/text.ts';
import { pageQuizData } from './page-data.ts';
import { percentOf } from '../../quiz/score.ts';
import { buildGradebook, classReport, resultsToCsv, type ClassReport, type Gradebook, type GradebookRow, type Kept, type StudentSummary } from '../../quiz/gradebook.ts';
import type { QuestionReview } from '../../quiz/review.ts';
import { callEngine } from '../engine/client.ts';
import type { QuizRegradeArg, QuizReviewArg, QuizReviewValue } from '../engine/handlers-quiz.ts';

type Graded = Extract<RegradeOutcome, { ok: true }>;

/** One file as the teacher gave it: its name and text (what is kept in the browser). */
interface Stored {
  readonly name: string;
  readonly text: string;
}

interface Entry extends Stored {
  readonly outcome: RegradeOutcome;
  readonly assignment?: Assignment;
}

/** Files larger than this are refused unread (the core refuses anything over 1 MB as well). */
const MAX_FILE_BYTES = 2_000_000;
/** More files than this in one gradebook are refused (a class, not a data set). */
const MAX_FILES = 2_000;
const KEPT_KEY = 'packet-path-gradebook:kept';

const zone = document.querySelector<HTMLElement>('[data-drop-zone]');
const input = document.querySelector<HTMLInputElement>('[data-gb-files]');
const status = document.querySelector<HTMLElement>('[data-gb-status]');
const results = document.querySelector<HTMLElement>('[data-gb-results]');
const actions = document.querySelector<HTMLElement>('[data-gb-actions]');
const csvButton = document.querySelector<HTMLButtonElement>('[data-gb-csv]');
const clearButton = document.querySelector<HTMLButtonElement>('[data-gb-clear]');
const confirmBox = document.querySelector<HTMLElement>('[data-gb-confirm]');
const confirmText = document.querySelector<HTMLElement>('[data-gb-confirm-text]');
const confirmYes = document.querySelector<HTMLButtonElement>('[data-gb-confirm-yes]');
const confirmNo = document.querySelector<HTMLButtonElement>('[data-gb-confirm-no]');
const keptInputs = [...document.querySelectorAll<HTMLInputElement>('input[name="gb-kept"]')];

const entries: Entry[] = [];
/** name + text of every file held: the very same file given again is skipped. */
const seen = new Set<string>();
let queue: Promise<void> = Promise.resolve();
let kept: Kept = readKept();

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const num = (n: number): string => (Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100));

function say(text: string): void {
  if (status) status.textContent = text;
}

function readKept(): Kept {
  try {
    return localStorage.getItem(KEPT_KEY) === 'last' ? 'last' : 'best';
  } catch {
    return 'best';
  }
}

// --- Kept in the browser: IndexedDB, one record per file ----------------------------------------

const DB_NAME = 'packet-path-gradebook';
const STORE = 'files';

function openDb(): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { autoIncrement: true });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
      request.onblocked = () => resolve(undefined);
    } catch {
      resolve(undefined);
    }
  });
}

async function withStore<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest<T> | undefined): Promise<T | undefined> {
  const db = await openDb();
  if (!db) return undefined;
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(STORE, mode);
      const request = run(tx.objectStore(STORE));
      tx.oncomplete = () => {
        db.close();
        resolve(request?.result);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        resolve(undefined);
      };
    } catch {
      db.close();
      resolve(undefined);
    }
  });
}

async function loadStored(): Promise<Stored[]> {
  const all = (await withStore<unknown[]>('readonly', (s) => s.getAll())) ?? [];
  return all.filter((v): v is Stored => v !== null && typeof v === 'object' && typeof (v as Stored).name === 'string' && typeof (v as Stored).text === 'string');
}

/** Whether the files were kept (false: private browsing, quota, no IndexedDB). */
async function keepFiles(files: readonly Stored[]): Promise<boolean> {
  if (files.length === 0) return true;
  const db = await openDb();
  if (!db) return false;
  return new Promise((resolve) => {
    try {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      for (const f of files) store.add({ name: f.name, text: f.text });
      tx.oncomplete = () => {
        db.close();
        resolve(true);
      };
      tx.onerror = tx.onabort = () => {
        db.close();
        resolve(false);
      };
    } catch {
      db.close();
      resolve(false);
    }
  });
}

async function forgetFiles(): Promise<void> {
  await withStore('readwrite', (s) => s.clear());
}

// --- Grading ----------------------------------------------------------------------------------

/** Regrades files and adds them; returns how many were added and skipped. */
async function gradeStored(files: readonly Stored[]): Promise<{ added: Stored[]; skipped: number }> {
  let data: ReturnType<typeof pageQuizData>;
  try {
    data = pageQuizData();
  } catch (error) {
    say(`The gradebook could not read its quizzes: ${(error as Error).message}`);
    return { added: [], skipped: 0 };
  }
  const added: Stored[] = [];
  let skipped = 0;
  const now = Date.now();
  let last = performance.now();
  for (const [i, file] of files.entries()) {
    const fingerprint = `${file.name}\u0000${file.text}`;
    if (seen.has(fingerprint)) {
      skipped++;
      continue;
    }
    if (entries.length >= MAX_FILES) {
      entries.push({ ...file, text: '', outcome: { ok: false, file: file.name, error: `the gradebook holds ${MAX_FILES} files at most` } });
      continue;
    }
    seen.add(fingerprint);
    let outcome: RegradeOutcome;
    let assignment: Assignment | undefined;
    try {
      const arg: QuizRegradeArg = { fileName: file.name, text: file.text, quizzes: data.quizzes, courseVersion: data.courseVersion, now };
      ({ outcome, assignment } = await callEngine<{ outcome: RegradeOutcome; assignment?: Assignment }>('quiz.regrade', arg));
    } catch (error) {
      outcome = { ok: false, file: file.name, error: `could not be graded: ${(error as Error).message}` };
    }
    entries.push({ ...file, outcome, ...(assignment ? { assignment } : {}) });
    added.push(file);
    // Say how far it got, every half second or so (the grading itself is in the worker).
    if (performance.now() - last > 500) {
      say(`Grading… ${i + 1} of ${files.length} files done.`);
      last = performance.now();
    }
  }
  return { added, skipped };
}

function summary(): string {
  const graded = entries.filter((e) => e.outcome.ok).length;
  const refused = entries.length - graded;
  return `The gradebook holds ${plural(entries.length, 'file')}: ${graded} graded${refused ? `, ${refused} not graded` : ''}.`;
}

async function readFiles(files: readonly File[]): Promise<Stored[]> {
  const out: Stored[] = [];
  for (const file of files) {
    if (file.size > MAX_FILE_BYTES) {
      entries.push({ name: file.name, text: '', outcome: { ok: false, file: file.name, error: `the file is ${Math.round(file.size / 1_000_000)} MB; a result file is a few KB` } });
      continue;
    }
    try {
      out.push({ name: file.name, text: await file.text() });
    } catch (error) {
      entries.push({ name: file.name, text: '', outcome: { ok: false, file: file.name, error: `the file could not be read (${(error as Error).message})` } });
    }
  }
  return out;
}

async function addFiles(files: readonly File[]): Promise<void> {
  if (files.length === 0) return;
  say(`Grading ${plural(files.length, 'file')}…`);
  results?.setAttribute('aria-busy', 'true');
  const texts = await readFiles(files);
  const { added, skipped } = await gradeStored(texts);
  const kept = await keepFiles(added);
  results?.removeAttribute('aria-busy');
  render();
  say(
    `${plural(added.length, 'file')} added${skipped ? ` (${plural(skipped, 'file')} already in the gradebook skipped)` : ''}. ${summary()}${kept ? ' Kept in this browser until you clear the gradebook.' : ' This browser would not keep them (private browsing?): they are gone when the page is closed.'}`,
  );
}

async function restore(): Promise<void> {
  const stored = await loadStored();
  if (stored.length === 0) return;
  say(`Grading the ${plural(stored.length, 'file')} kept in this browser…`);
  results?.setAttribute('aria-busy', 'true');
  await gradeStored(stored);
  results?.removeAttribute('aria-busy');
  render();
  say(`${summary()} These files were kept in this browser; "Clear the gradebook" removes them.`);
}

// --- Rendering --------------------------------------------------------------------------------

/** A name shown inert: cleaned, cut, in a span CSS truncates, the whole (cleaned) text as its tooltip. */
function nameSpan(text: string, cls = 'gb-name'): HTMLElement {
  return h('span', { class: cls, title: displayText(text, 1000) }, displayText(text, 200));
}

/** How a flag reads: bad (the file or a time cannot be trusted), a warning (late, over, extra attempts), or a note. */
function flagClass(text: string): string {
  if (/^(tampered|no score in the file|same file as|attempt \d+ reused|\d+ different files|submitted before|started .* before the assignment was made|(startedAt|submittedAt) .*(not an ISO|in the future)|the seed in the file)/.test(text)) return 'gb-flag is-bad';
  if (/^(late|over the time|attempt \d+ of)/.test(text)) return 'gb-flag is-warn';
  return 'gb-flag';
}

function flagsOf(row: GradebookRow): HTMLElement | string {
  const o = row.outcome;
  const items: HTMLElement[] = [];
  if (o.tampered) {
    items.push(h('li', { class: 'gb-flag is-bad' }, `Tampered: the file claims ${num(o.tampered.claimedEarned)} of ${num(o.tampered.claimedPossible)}; regraded ${num(o.earned)} of ${num(o.possible)}, and counted so.`));
  }
  for (const w of [...o.warnings, ...row.flags]) items.push(h('li', { class: flagClass(w) }, displayText(w, 300)));
  return items.length ? h('ul', { class: 'gb-flags' }, ...items) : '';
}

function questionLabel(key: string, index: number): HTMLElement {
  return h('span', {}, `Q${index + 1}`, h('span', { class: 'visually-hidden' }, `, ${key}`));
}

/** The answer view of one file: filled when first opened (the engine recomputes the right answers). */
function answersDetails(entry: Entry, o: Graded, id: string): HTMLElement {
  const summaryEl = h('summary', {}, h('span', { class: 'gb-name' }, displayText(o.student, 200)), `, attempt ${o.attempt}: ${num(o.earned)} of ${num(o.possible)}`);
  const details = h('details', { class: 'gb-answers', id }, summaryEl);
  let filled = false;
  details.addEventListener('toggle', () => {
    if (!details.open || filled) return;
    filled = true;
    void fillAnswers(details, entry, o);
  });
  return details;
}

async function fillAnswers(details: HTMLElement, entry: Entry, o: Graded): Promise<void> {
  const loading = h('p', { class: 'gb-meta', role: 'status' }, 'Working out the right answers…');
  details.append(loading);
  let review: QuestionReview[];
  try {
    const arg: QuizReviewArg = { text: entry.text, quizzes: pageQuizData().quizzes };
    const value = await callEngine<QuizReviewValue>('quiz.review', arg);
    if (!value.ok) {
      loading.replaceWith(h('p', {}, value.error));
      return;
    }
    review = value.review;
  } catch (error) {
    loading.replaceWith(h('p', {}, `The answers could not be shown: ${(error as Error).message}`));
    return;
  }
  loading.remove();
  details.append(
    h('p', { class: 'gb-meta' }, 'File ', nameSpan(o.file, 'gb-file'), `, submittedAt “${displayText(o.submittedAt ?? '', 40)}”. The questions of this student's own variant.`),
    ...review.map((r) => {
      const full = r.earned >= r.points - 1e-9;
      return h(
        'section',
        { class: `gb-review${full ? ' is-full' : r.earned <= 1e-9 ? ' is-zero' : ''}`, 'aria-label': `Question ${r.number}` },
        h('h4', {}, `Q${r.number}: ${num(r.earned)} of ${num(r.points)} ${r.points === 1 ? 'point' : 'points'}${full ? ' (right)' : r.answered ? '' : ' (not answered)'}`),
        h('p', { class: 'gb-prompt' }, r.prompt),
        h(
          'div',
          { class: 'gb-compare' },
          h('div', {}, h('h5', {}, 'Answer given'), h('pre', { class: 'gb-answer' }, displayMultiline(r.studentAnswer))),
          h('div', {}, h('h5', {}, 'Right answer'), h('pre', { class: 'gb-answer' }, displayMultiline(r.rightAnswer))),
        ),
        r.feedback.length && !full ? h('ul', { class: 'gb-feedback' }, ...r.feedback.map((f) => h('li', {}, displayText(f, 400)))) : null,
      );
    }),
  );
}

/** Untrusted text of several lines: each line cleaned as displayText does, at most 60 lines. */
function displayMultiline(text: string): string {
  const lines = text.split('\n');
  return lines.slice(0, 60).map((l) => displayText(l, 400)).join('\n') + (lines.length > 60 ? `\n… ${lines.length - 60} more lines` : '');
}

function renderGroup(id: string, rows: GradebookRow[], book: Gradebook): HTMLElement {
  rows.sort((a, b) => a.outcome.student.localeCompare(b.outcome.student) || a.outcome.attempt - b.outcome.attempt);
  const graded = rows.map((r) => r.outcome);
  const entryOf = new Map(entries.filter((e) => e.outcome.ok).map((e) => [e.outcome as Graded, e]));
  const assignment = graded.map((o) => entryOf.get(o)?.assignment).find((a) => a);
  const keys: { key: string; points: number }[] = [];
  for (const o of graded) for (const g of o.grades) if (!keys.some((k) => k.key === g.key)) keys.push({ key: g.key, points: g.points });
  const headingId = uid('gb');
  const title = assignment ? displayText(assignment.title, 200) : id;
  const answerIds = new Map(rows.map((r) => [r.outcome, uid('answers')]));

  const table = h('table', { class: 'gb-table' });
  table.append(h('caption', {}, `Scores for ${title}: one row per result file`));
  const head = table.createTHead().insertRow();
  const th = (content: Node | string, cls?: string): void => void head.append(h('th', { scope: 'col', class: cls }, content));
  // Total, percent and flags first: they are what a teacher reads; the questions follow.
  th('Student');
  th('Attempt', 'gb-num');
  th('Answers');
  th('Total', 'gb-num');
  th('%', 'gb-num');
  th('Flags');
  keys.forEach((k, i) => th(h('span', {}, questionLabel(k.key, i), h('span', { class: 'gb-points' }, ` /${num(k.points)}`)), 'gb-num'));
  const body = table.createTBody();
  for (const row of rows) {
    const o = row.outcome;
    const tr = body.insertRow();
    if (o.tampered) tr.className = 'is-tampered';
    const answersId = answerIds.get(o)!;
    const open = h('a', { href: `#${answersId}`, class: 'gb-open' }, 'view', h('span', { class: 'visually-hidden' }, ` of ${displayText(o.student, 200)}, attempt ${o.attempt}`));
    open.addEventListener('click', (event) => {
      const details = document.getElementById(answersId) as HTMLDetailsElement | null;
      if (!details) return;
      event.preventDefault();
      details.open = true;
      details.scrollIntoView({ block: 'start' });
      details.querySelector('summary')?.focus();
    });
    tr.append(h('th', { scope: 'row' }, nameSpan(o.student)));
    const marks = [row.best ? 'best' : '', row.last ? 'last' : ''].filter(Boolean);
    const attempt = tr.insertCell();
    attempt.className = 'gb-num';
    attempt.append(String(o.attempt), marks.length ? h('span', { class: 'gb-marks' }, ` ${marks.join(', ')}`) : '');
    tr.insertCell().append(open);
    const total = tr.insertCell();
    total.className = 'gb-num gb-total';
    total.textContent = `${num(o.earned)} / ${num(o.possible)}`;
    const pct = tr.insertCell();
    pct.className = 'gb-num';
    // The student's own result screen's number (and the CSV's): never rounded across the pass mark.
    pct.textContent = o.possible === 0 ? '–' : String(percentOf(o, o.passMark));
    tr.insertCell().append(flagsOf(row));
    const byKey = new Map(o.grades.map((g) => [g.key, g]));
    for (const k of keys) {
      const g = byKey.get(k.key);
      const cell = tr.insertCell();
      cell.className = `gb-num${g ? (g.earned >= g.points - 1e-9 ? ' is-full' : g.earned <= 1e-9 ? ' is-zero' : '') : ''}`;
      cell.textContent = g ? num(g.earned) : '–';
      if (g && !g.answered) cell.title = 'not answered';
    }
  }

  const students = book.students.filter((s) => s.assignmentId === id);
  const duplicates = book.duplicates.filter((d) => rows.some((r) => r.outcome.file === d.sameAs));
  const parts: (Node | null)[] = [
    h('h2', { id: headingId }, title),
    h('p', { class: 'gb-meta' }, `Assignment ${id}${assignment ? `: ${assignment.mode}, ${assignment.quizzes.join(', ')}` : ''}. ${plural(graded.length, 'result file')} graded, ${plural(students.length, 'student')}.`),
    graded.length ? h('div', { class: 'gb-table-wrap', tabindex: 0, role: 'region', 'aria-label': `Scores for ${title}` }, table) : null,
    duplicates.length
      ? h('p', { class: 'gb-dupes' }, `Graded once: ${duplicates.map((d) => `${displayText(d.file, 80)} is the same file as ${displayText(d.sameAs, 80)}`).join('; ')}.`)
      : null,
    renderStudents(students),
  ];
  if (keys.length) {
    parts.push(h('details', { class: 'gb-legend' }, h('summary', {}, 'Which question is which'), h('ol', {}, ...keys.map((k) => h('li', {}, h('code', {}, k.key), ` (${num(k.points)} ${k.points === 1 ? 'point' : 'points'})`)))));
  }
  if (graded.length) {
    const chosen = students.map((s) => (kept === 'best' ? s.best : s.last));
    parts.push(renderClass(classReport(chosen), keys.map((k) => k.key), chosen.length));
  }
  if (rows.length) {
    const answersHeading = uid('answers-h');
    parts.push(
      h(
        'section',
        { class: 'gb-answer-list', 'aria-labelledby': answersHeading },
        h('h3', { id: answersHeading }, 'Answers, question by question'),
        h('p', { class: 'exercise-hint' }, "Open a file to see each question of the student's variant, their answer beside the right one."),
        ...rows.map((r) => answersDetails(entryOf.get(r.outcome)!, r.outcome, answerIds.get(r.outcome)!)),
      ),
    );
  }
  return h('section', { class: 'gb-group', 'aria-labelledby': headingId }, ...parts);
}

function renderStudents(students: readonly StudentSummary[]): HTMLElement | null {
  if (students.length === 0) return null;
  const table = h('table', { class: 'gb-table gb-students' });
  table.append(h('caption', {}, `Each student: best and last attempt (the class view below counts the ${kept})`));
  const head = table.createTHead().insertRow();
  for (const [t, cls] of [['Student', ''], ['Files', 'gb-num'], ['Best', 'gb-num'], ['Last', 'gb-num']] as const) head.append(h('th', { scope: 'col', class: cls || undefined }, t));
  const body = table.createTBody();
  const score = (o: Graded): string => `${num(o.earned)} / ${num(o.possible)} (attempt ${o.attempt})`;
  for (const s of [...students].sort((a, b) => a.student.localeCompare(b.student))) {
    const tr = body.insertRow();
    tr.append(h('th', { scope: 'row' }, nameSpan(s.student)));
    for (const [text, cls] of [[String(s.files.length), 'gb-num'], [score(s.best), `gb-num${kept === 'best' ? ' gb-kept-score' : ''}`], [score(s.last), `gb-num${kept === 'last' ? ' gb-kept-score' : ''}`]] as const) {
      const cell = tr.insertCell();
      cell.className = cls;
      cell.textContent = text;
    }
  }
  return h('div', { class: 'gb-table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Best and last attempt of each student' }, table);
}

function renderClass(report: ClassReport, keys: string[], students: number): HTMLElement {
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
    h('p', { class: 'exercise-hint' }, `The misconceptions the grader saw most often, counted once per student on their ${kept} attempt (${plural(students, 'student')}). A name in ‹ › stands for a value that differs between students' variants (the quiz parameter of that name).`),
    list,
    h('div', { class: 'gb-table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Average score per question' }, table),
  );
}

function render(): void {
  if (!results) return;
  const outcomes = entries.map((e) => e.outcome);
  const book = buildGradebook(outcomes);
  const parts: HTMLElement[] = [];
  const refused = entries.filter((e) => !e.outcome.ok);
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
  const groups = new Map<string, GradebookRow[]>();
  for (const row of book.rows) groups.set(row.outcome.assignmentId, [...(groups.get(row.outcome.assignmentId) ?? []), row]);
  for (const [id, rows] of groups) parts.push(renderGroup(id, rows, book));
  results.replaceChildren(...parts);
  if (actions) actions.hidden = entries.length === 0;
  if (csvButton) csvButton.disabled = !entries.some((e) => e.outcome.ok);
}

function exportCsv(): void {
  const outcomes = entries.map((e) => e.outcome);
  downloadText('packet-path-grades.csv', resultsToCsv(outcomes), 'text/csv;charset=utf-8');
  const book = buildGradebook(outcomes);
  say(`Exported ${plural(book.rows.length, 'graded file')} to packet-path-grades.csv (UTF-8)${book.duplicates.length ? `; ${plural(book.duplicates.length, 'copy', 'copies')} of a file graded once` : ''}.`);
}

function enqueue(run: () => Promise<void>): void {
  queue = queue.then(run).catch((error: unknown) => say(`Grading stopped: ${error instanceof Error ? error.message : String(error)}`));
}

input?.addEventListener('change', () => {
  const files = [...(input.files ?? [])];
  input.value = '';
  enqueue(() => addFiles(files));
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
  const files = [...(event.dataTransfer?.files ?? [])];
  enqueue(() => addFiles(files));
});
// A file dropped beside the zone would make the browser open it and leave the gradebook.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());
csvButton?.addEventListener('click', exportCsv);

for (const radio of keptInputs) {
  radio.checked = radio.value === kept;
  radio.addEventListener('change', () => {
    if (!radio.checked) return;
    kept = radio.value === 'last' ? 'last' : 'best';
    try {
      localStorage.setItem(KEPT_KEY, kept);
    } catch {
      /* not remembered */
    }
    render();
    say(`The class view counts each student's ${kept} attempt.`);
  });
}

// Clearing asks first: the files kept in this browser are gone afterwards.
clearButton?.addEventListener('click', () => {
  if (!confirmBox) return;
  if (confirmText) confirmText.textContent = `Remove all ${plural(entries.length, 'file')} from this gradebook and from this browser? Students' own files are not touched.`;
  confirmBox.hidden = false;
  confirmNo?.focus();
});
confirmNo?.addEventListener('click', () => {
  if (confirmBox) confirmBox.hidden = true;
  clearButton?.focus();
});
confirmYes?.addEventListener('click', () => {
  if (confirmBox) confirmBox.hidden = true;
  enqueue(async () => {
    entries.length = 0;
    seen.clear();
    await forgetFiles();
    render();
    say('The gradebook is empty.');
    input?.focus();
  });
});

enqueue(restore);
