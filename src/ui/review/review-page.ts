// The review page (/review/): the items of the review queue (src/progress/review.ts) due now,
// each shown with the widget of its own page, and when the next one is due.
//
// - A lesson exercise is taken from its lesson page (fetched, same origin, as the browser would
//   load it): the exercise element itself (the same <pp-predict-*> island, its scenario text and
//   explanation) and the lab it runs on (topology and commands), marked data-review so that it
//   starts afresh. The island grades through the engine worker as on the lesson page and saves its
//   outcome in the same way. Embedding, not a link back, so that the learner answers here and the
//   page can say at once what the answer did to the queue; a link back to the lesson is given too.
// - A quiz question is drawn as a new variant of itself (another seed, whose values differ from
//   the variant missed wherever the question has parameters) from the definitions its practice
//   page embeds, and shown by the quiz UI (mountQuiz, practice, that one question).
// Each outcome is saved by the widget (progress-client.ts) and announced by 'pp:progress': the
// page then says what it did (solved: when it comes back, or that it left; missed: back in a day).

import { dueIds, dueInWords, isDue, LEFT_QUEUE, nextDueTime, questionReviewId, REVIEW_DAYS, reviewTarget, type ReviewItem } from '../../progress/review.ts';
import { getReviewItem } from '../../progress/store.ts';
import { drawParams } from '../../quiz/variant.ts';
import type { QuestionDefinition, QuizDefinition } from '../../quiz/types.ts';
import { loadProgress, saveQuestionOutcome } from '../islands/progress-client.ts';

interface Catalogue {
  readonly lessons: Readonly<Record<string, { url: string; title: string; number: string }>>;
  readonly quizzes: Readonly<Record<string, { url: string; title: string; questions: readonly string[] }>>;
}

/** The islands, the quiz UI and the engine client (widgets.ts): loaded only when something is due. */
let widgetsModule: Promise<typeof import('./widgets.ts')> | undefined;
const widgets = (): Promise<typeof import('./widgets.ts')> => (widgetsModule ??= import('./widgets.ts'));

/** Attributes that name other elements by id. */
const ID_REFS = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'for', 'list', 'headers'];

function catalogue(): Catalogue {
  try {
    const data = JSON.parse(document.getElementById('pp-review-catalogue')?.textContent ?? '') as Partial<Catalogue>;
    return { lessons: data.lessons ?? {}, quizzes: data.quizzes ?? {} };
  } catch {
    return { lessons: {}, quizzes: {} };
  }
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

/** "in 3 days (Thursday 10 December, 14:05)". */
function dueText(due: number, now: number): string {
  return `${dueInWords(due, now)} (${when(due)})`;
}

// ---- fetching a page once ---------------------------------------------------------------------

const pages = new Map<string, Promise<Document>>();

function pageAt(url: string): Promise<Document> {
  let page = pages.get(url);
  if (!page) {
    page = fetch(url).then(async (response) => {
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      return new DOMParser().parseFromString(await response.text(), 'text/html');
    });
    pages.set(url, page);
    page.catch(() => pages.delete(url));
  }
  return page;
}

/**
 * Moves a part of another page into this one: ids get `prefix` (two items from one lesson
 * never share an id) and the references to them follow; a link to an anchor this part does not
 * hold goes to that anchor on its own page.
 */
function adopt<E extends Element>(node: E, prefix: string, pageUrl: string): E {
  const copy = document.importNode(node, true) as E;
  const all = [copy, ...copy.querySelectorAll('*')];
  const ids = new Set(all.map((e) => e.id).filter(Boolean));
  for (const e of all) {
    if (e.id) e.id = `${prefix}${e.id}`;
    for (const name of ID_REFS) {
      const v = e.getAttribute(name);
      if (v) e.setAttribute(name, v.split(/\s+/).map((id) => (ids.has(id) ? `${prefix}${id}` : id)).join(' '));
    }
    const href = e.getAttribute('href');
    if (e.tagName === 'A' && href?.startsWith('#')) e.setAttribute('href', ids.has(href.slice(1)) ? `#${prefix}${href.slice(1)}` : `${pageUrl}${href}`);
  }
  return copy;
}

// ---- one item ---------------------------------------------------------------------------------

interface Shown {
  readonly id: string;
  /** The queue's record when the page showed it. */
  readonly item: ReviewItem;
  readonly state: HTMLElement;
}

let counter = 0;

async function showExercise(id: string, lessonId: string, body: HTMLElement, back: HTMLAnchorElement, cat: Catalogue): Promise<void> {
  const lesson = cat.lessons[lessonId];
  if (!lesson) throw new Error('its lesson is not in this version of the course');
  const page = await pageAt(lesson.url);
  const exercise = page.querySelector<HTMLElement>(`[data-exercise-id="${CSS.escape(id)}"]`);
  if (!exercise) throw new Error('its lesson no longer has it');
  const { EXERCISE_ELEMENTS } = await widgets();
  const anchor = exercise.querySelector('.exercise-title')?.id;
  if (anchor) back.href = `${lesson.url}#${anchor}`;
  if (!EXERCISE_ELEMENTS.has(exercise.localName)) throw new Error('this kind of exercise is answered on its lesson page');
  const prefix = `rv${++counter}-`;
  const parts: Element[] = [];
  const scenario = exercise.dataset.scenario ?? '';
  const lab = scenario ? page.querySelector(`.lab[data-lab="${CSS.escape(scenario)}"]`) : null;
  if (lab) {
    const copy = adopt(lab, prefix, lesson.url);
    // The lab as context: its drawing and commands, not the lesson's other islands or links.
    copy.querySelectorAll('.lab-playground, .lab-try, [data-exercise-id], pp-packet-walk').forEach((e) => e.remove());
    parts.push(copy);
  }
  const live = adopt(exercise, prefix, lesson.url);
  live.dataset.review = '';
  parts.push(live);
  body.replaceChildren(...parts);
}

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

/** A seed for the review whose values differ from the variant missed, where the question has any. */
function reviewSeed(quizId: string, question: QuestionDefinition, item: ReviewItem): string {
  const base = `review:${item.due}`;
  if (Object.keys(question.params).length === 0 || item.missedSeed === undefined) return base;
  const missed = JSON.stringify(drawParams(quizId, question, item.missedSeed));
  for (let k = 0; k < 50; k++) {
    const seed = k === 0 ? base : `${base}:${k}`;
    if (JSON.stringify(drawParams(quizId, question, seed)) !== missed) return seed;
  }
  return base; // a question with a single possible variant
}

/**
 * The quiz UI numbers the one question "Question 1 of 1" and names its regions so: two items on
 * this page would share those names. The item's own heading (quiz and question number) goes first.
 */
function nameAfterItem(root: HTMLElement, titleId: string): void {
  const title = (): string => document.getElementById(titleId)?.textContent?.trim() ?? '';
  const fix = (): void => {
    for (const q of root.querySelectorAll<HTMLElement>('.quiz-question[aria-labelledby]')) {
      const ids = (q.getAttribute('aria-labelledby') ?? '').split(/\s+/);
      if (!ids.includes(titleId)) q.setAttribute('aria-labelledby', [titleId, ...ids].join(' '));
    }
    const suffix = ` (${title()})`;
    for (const a of root.querySelectorAll<HTMLElement>('.exercise-answer[aria-label]')) {
      const label = a.getAttribute('aria-label') ?? '';
      if (!label.endsWith(suffix)) a.setAttribute('aria-label', `${label}${suffix}`);
    }
  };
  new MutationObserver(fix).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'aria-labelledby'] });
}

async function showQuestion(quizId: string, questionId: string, item: ReviewItem, body: HTMLElement, back: HTMLAnchorElement, cat: Catalogue, titleId: string): Promise<void> {
  const quiz = cat.quizzes[quizId];
  if (!quiz) throw new Error('its quiz is not in this version of the course');
  const page = await pageAt(quiz.url);
  const data = JSON.parse(page.getElementById('pp-quiz-data')?.textContent ?? '{}') as { courseVersion?: string; quizzes?: QuizDefinition[] };
  const definition = data.quizzes?.find((q) => q.id === quizId);
  const question = definition?.questions.find((q) => q.id === questionId);
  if (!definition || !question || typeof data.courseVersion !== 'string') throw new Error('its quiz no longer has it');
  back.href = quiz.url;
  const { mountQuiz, screen, callEngine } = await widgets();
  const seed = reviewSeed(quizId, question, item);
  // The seed names the variant shown (a test draws the same one to know its answer).
  const root = el('div', { class: 'quiz-root review-quiz', 'data-seed': seed });
  body.replaceChildren(root);
  nameAfterItem(root, titleId);
  mountQuiz(root, {
    quizzes: [{ ...definition, questions: [question] }],
    courseVersion: data.courseVersion,
    mode: 'practice',
    seed,
    engine: callEngine,
    screen,
    // The quiz UI remembers a practice variant number per quiz: not the quiz page's one.
    storage: memoryStorage(),
    onPracticeOutcome: ({ key, seed }, solved) => saveQuestionOutcome(questionReviewId(key), solved ? 'solved' : 'missed', seed),
  });
}

function itemSection(id: string, item: ReviewItem, cat: Catalogue): { li: HTMLElement; shown: Shown; load: () => Promise<void> } | undefined {
  const target = reviewTarget(id);
  if (!target) return undefined;
  const n = ++counter;
  const titleId = `rv-item-${n}`;
  const lesson = target.kind === 'exercise' ? cat.lessons[target.lessonId] : undefined;
  const quiz = target.kind === 'question' ? cat.quizzes[target.quizId] : undefined;
  const heading = el(
    'h2',
    { id: titleId, class: 'review-item-title' },
    el('span', { class: 'review-kicker' }, target.kind === 'exercise' ? `Lesson ${lesson?.number ?? '?'}` : 'Quiz'),
    ' ',
    lesson?.title ?? quiz?.title ?? id,
    ...(quiz && target.kind === 'question' && quiz.questions.includes(target.questionId) ? [`, question ${quiz.questions.indexOf(target.questionId) + 1}`] : []),
  );
  const back = el('a', { href: lesson?.url ?? quiz?.url ?? '/' }, target.kind === 'exercise' ? 'Back to the lesson' : 'The quiz');
  const dueSince = Date.parse(item.due);
  const meta = el(
    'p',
    { class: 'review-meta' },
    `Review ${item.step + 1} of ${REVIEW_DAYS.length}, due since ${when(dueSince)}. `,
    back,
  );
  const state = el('p', { class: 'review-state', 'aria-live': 'polite', 'data-review-state': '' });
  const body = el('div', { class: 'review-body' }, el('p', { class: 'quiz-loading', role: 'status' }, target.kind === 'exercise' ? 'Loading the exercise and its lab…' : 'Drawing a new variant…'));
  const li = el('li', { class: 'review-item', 'data-review-id': id, 'aria-labelledby': titleId }, heading, meta, body, state);
  const load = async (): Promise<void> => {
    try {
      if (target.kind === 'exercise') await showExercise(id, target.lessonId, body, back, cat);
      else await showQuestion(target.quizId, target.questionId, item, body, back, cat, titleId);
    } catch (error) {
      body.replaceChildren(el('p', { class: 'exercise-message', role: 'alert' }, `This one cannot be shown here: ${(error as Error).message}. `, el('a', { href: back.href }, 'Open its page')));
    }
  };
  return { li, shown: { id, item, state }, load };
}

// ---- the page ---------------------------------------------------------------------------------

function laterText(now: number, dueCount: number): string {
  const review = loadProgress().review;
  const next = nextDueTime(review, now);
  if (next === undefined) {
    return dueCount === 0 ? 'Nothing is waiting: what you miss from now on comes back here.' : '';
  }
  const waiting = Object.values(review).filter((i) => i.step < LEFT_QUEUE && Date.parse(i.due) > now).length;
  return `${dueCount === 0 ? 'Nothing is due now. ' : ''}${waiting === 1 ? '1 more comes back later' : `${waiting} more come back later`}: the next one is due ${dueText(next, now)}.`;
}

function start(): void {
  const root = document.querySelector<HTMLElement>('[data-review-root]');
  const list = root?.querySelector<HTMLElement>('[data-review-list]');
  const summary = root?.querySelector<HTMLElement>('[data-review-summary]');
  const later = root?.querySelector<HTMLElement>('[data-review-later]');
  if (!root || !list || !summary || !later) return;
  const cat = catalogue();
  const now = Date.now();
  const progress = loadProgress();
  const ids = dueIds(progress.review, now).filter((id) => reviewTarget(id) !== undefined);
  const shown: Shown[] = [];
  const loads: (() => Promise<void>)[] = [];
  for (const id of ids) {
    const made = itemSection(id, getReviewItem(progress, id)!, cat);
    if (!made) continue;
    list.append(made.li);
    shown.push(made.shown);
    loads.push(made.load);
  }

  const refresh = (): void => {
    const t = Date.now();
    const p = loadProgress();
    let stillDue = 0;
    for (const s of shown) {
      const item = getReviewItem(p, s.id);
      if (isDue(item, t)) stillDue++;
      if (!item || item.updatedAt === s.item.updatedAt) continue;
      if (item.step >= LEFT_QUEUE) s.state.textContent = 'Solved: that was its last review, it has left your list.';
      else if (item.step > s.item.step) s.state.textContent = `Solved: it comes back ${dueText(Date.parse(item.due), t)}.`;
      else s.state.textContent = `Not solved this time: it comes back ${dueText(Date.parse(item.due), t)}, and checking again now does not change that.`;
      s.state.dataset.outcome = item.step > s.item.step ? 'solved' : 'missed';
    }
    summary.textContent =
      shown.length === 0
        ? 'Nothing to review now.'
        : stillDue === 0
          ? `Done: all ${shown.length === 1 ? 'the one item' : `${shown.length} items`} due today answered.`
          : `${stillDue === 1 ? '1 item is' : `${stillDue} items are`} due for review.`;
    const text = laterText(t, stillDue);
    later.textContent = text;
    later.hidden = text === '';
  };
  refresh();
  document.addEventListener('pp:progress', refresh);
  if (loads.length) void widgets().then((w) => w.warmEngine());
  // One after the other, in the order shown: the first item is ready first.
  void loads.reduce((chain, load) => chain.then(load), Promise.resolve());
}

start();
