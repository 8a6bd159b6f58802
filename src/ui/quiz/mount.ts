// mountQuiz: the quiz-taking UI, self-contained (DOM + src/styles/quiz.css, no Astro), used by
// /quizzes/<id>/ (practice), /assignment/ (a teacher's link) and the SCORM package.
//
// An XState actor (src/machines/quiz.machine.ts) owns the flow; this module renders each
// state, reads the answers, and provides the machine's async steps: `prepare` draws the
// learner's variant and computes each question's choices; `grade` grades every answer and builds
// the result file. The engine does both, and Check answer and Reveal answer, through `engine`:
// the page's engine worker (src/ui/engine/handlers-quiz.ts), so the page never waits on it.
//
// A practice page carries its first variant in its HTML (built at build time with screen.ts):
// given `prerendered`, mountQuiz hydrates those cards instead of drawing them, a few per frame:
// each static card stays on the page and gets live answer controls (the one part rebuilt, taking
// over what the learner already typed or ticked and the focus) and listeners on its buttons
// (card.ts). Every other screen is built here, its cards a few per frame, but for the intro, the
// countdown and the result, which only a quiz taken for a teacher shows: graded.ts, given by the
// pages that take such quizzes (`graded`), so that a practice page does not load them.
//
// Graded: intro (name, rules) -> questions (timer when there is a time limit) -> result
// (score, per question its points and "Download result file"; with an attempt left, only hints
// of what is wrong, since the next attempt is the same variant; after the last one, the
// feedback with the right values and the explanations: the machine's `disclosure`). Nothing of
// an answer is in the page before submission. Practice: Check answer (hints) / Reveal answer
// (the answer and the explanation) per question, New variant.
// Attempts, the open attempt and its draft answers live in `storage` (localStorage by default).

import { createActor, fromPromise, type Actor } from 'xstate';
import { quizMachine, type GradeInput, type GradeOutput, type PrepareInput, type PrepareOutput, type QuizContext } from '../../machines/quiz.machine.ts';
import type { Answer, Assignment, QuestionGrade, QuestionVariant, QuizDefinition, ResultFile } from '../../quiz/types.ts';
import { announcer, h, uid } from './dom.ts';
import type { QuestionCard } from './card.ts';
import { plural } from './words.ts';
import { attemptKey, readAttempts, readNumber, writeAttempts, writeNumber, type AttemptRecord } from '../../quiz/attempt-storage.ts';
import { pickQuizzes } from '../../quiz/pick.ts';
import { practiceSeed, studentSeed } from '../../quiz/seeds.ts';
import type { PreparedQuiz, Score } from '../../quiz/core.ts';
import type { QuizMethods } from '../engine/handlers-quiz.ts';
import type { CardHooks } from './screen.ts';
import type { GradedHost } from './graded.ts';
import { QUIZ_IDLE } from './page-data.ts';
import { whenIdleAfterLoad, yieldToMain } from '../engine/idle.ts';

/** Calls an engine method: the page's engine worker (src/ui/engine/client.ts callEngine), or what the host provides. */
export type EngineCall = <T>(method: string, arg: unknown) => Promise<T>;

/** The questions screen's builder (screen.ts: the cards, their controls, the topology drawing). */
export type ScreenKit = typeof import('./screen.ts');

/** The intro, countdown and result screens of a quiz taken for a teacher (graded.ts). */
export type GradedKit = typeof import('./graded.ts');

interface QuizScore {
  readonly earned: number;
  readonly possible: number;
  readonly passed: boolean;
}

interface MountOptions {
  /** The course's quiz definitions (an assignment picks among them; practice takes them all). */
  readonly quizzes: QuizDefinition[];
  readonly courseVersion: string;
  readonly mode: 'practice' | 'graded';
  readonly assignment?: Assignment;
  /** The assignment's id (src/quiz/assignment.ts assignmentId): where its attempts are kept, what seeds its variants. */
  readonly assignmentId?: string;
  /** The learner, when the host knows them (an LMS): not asked for. */
  readonly student?: string;
  /** The seed, when the host fixes it; by default studentSeed(assignment id, student) or practice:<n>. */
  readonly seed?: string;
  readonly onSubmit?: (result: ResultFile, score: QuizScore) => void;
  /** Practice: a question missed (a check not fully right, or revealed unsolved) or solved (right, not revealed first). */
  readonly onPracticeOutcome?: (question: QuestionVariant, solved: boolean) => void;
  readonly storage?: Storage;
  /** Runs the quiz engine's methods (src/ui/engine/handlers-quiz.ts). */
  readonly engine: EngineCall;
  /** Practice: the variant the page's HTML already shows (screen.ts practiceShell), hydrated rather than drawn. */
  readonly prerendered?: { readonly variant: number; readonly quiz: PreparedQuiz };
  /**
   * The screen builder: the module, when the page needs it at once (hydrating its questions),
   * or how to fetch it (`() => import('./screen.ts')`): then it is fetched when the page is idle
   * or the questions are drawn, whichever comes first (an assignment's intro needs none of it).
   */
  readonly screen: ScreenKit | (() => Promise<ScreenKit>);
  /**
   * The intro, countdown and result screens: needed, and given, by the hosts of an assignment or a
   * graded quiz (the machine's intro); a practice quiz never shows them, and its page never loads them.
   */
  readonly graded?: GradedKit;
}

interface Prepared {
  readonly quiz: PreparedQuiz;
}

/** What `grade` resolves with: the result screen's data (graded.ts). */
export interface Outcome {
  readonly result?: ResultFile;
  readonly grades: readonly QuestionGrade[];
  readonly score: Score;
}

/** Before the next frame is painted: a slice of card building. */
const nextFrame = (): Promise<void> => new Promise((resolve) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => resolve()) : setTimeout(resolve, 0)));
/** How long one slice of card building may run before the page gets the thread back (ms). */
const SLICE_MS = 6;

export function mountQuiz(root: HTMLElement, options: MountOptions): { destroy(): void } {
  const storage = options.storage;
  const assignment = options.assignment;
  const assigned = assignment !== undefined;
  const mode = options.mode;
  const knownStudent = options.student?.trim() ? options.student.trim() : undefined;
  const practiceKey = `practice:${options.quizzes.map((q) => q.id).join('+')}`;

  const call = <K extends keyof QuizMethods>(method: K, arg: Parameters<QuizMethods[K]>[0]): Promise<ReturnType<QuizMethods[K]>> => options.engine(method, arg);

  // The practice screen the page carries, hydrated when it shows the variant this learner is on.
  const prerendered = mode === 'practice' && !assigned && options.seed === undefined ? options.prerendered : undefined;
  const startVariant = assigned ? 1 : (readNumber(practiceKey, storage) ?? 1);
  const staticShell = root.querySelector<HTMLElement>(':scope > .quiz');
  const staticScreen = staticShell?.querySelector<HTMLElement>(':scope > .quiz-screen[data-prerendered]');
  const fetchKit = typeof options.screen === 'function' ? options.screen : undefined;
  let kit = typeof options.screen === 'function' ? undefined : options.screen;
  const loadKit = async (): Promise<ScreenKit> => (kit ??= await fetchKit!());
  if (!kit) whenIdleAfterLoad(() => void loadKit().catch(() => undefined), QUIZ_IDLE);
  let hydrating = kit !== undefined && prerendered !== undefined && staticScreen?.dataset.prerendered === String(prerendered.variant) && startVariant === prerendered.variant;

  const shell = hydrating ? staticShell! : h('div', { class: 'quiz', 'data-mode': mode });
  const screen = hydrating ? staticScreen! : h('div', { class: 'quiz-screen' });
  if (!hydrating) {
    shell.append(screen);
    root.replaceChildren(shell);
  }
  const announce = announcer(shell);

  let actor: Actor<typeof quizMachine> | undefined;
  let definitions: QuizDefinition[] = [];
  let id = '';
  let cards: QuestionCard[] = [];
  /** Stops the time limit's countdown, while it runs. */
  let stopCountdown: (() => void) | undefined;
  /** The machine state last rendered. */
  let rendered = '';
  /** The questions being prepared replace those of another variant (New variant). */
  let drawingNewVariant = false;
  let destroyed = false;
  /** Bumped by every new screen: card building for an older one stops. */
  let generation = 0;
  /** Every card of the screen is built and wired (Submit waits for it). */
  let cardsReady = false;
  /** Practice: the next variant, drawn by the engine worker while the learner works on this one. */
  let nextDraw: { readonly seed: string; readonly quiz: Promise<PreparedQuiz> } | undefined;

  const key = (student: string): string => attemptKey(id, student);
  const record = (student: string): AttemptRecord => readAttempts(key(student), storage);
  const context = (): QuizContext => actor!.getSnapshot().context;
  /** The intro, countdown and result screens: start() refuses a quiz that needs them without them. */
  const graded = (): GradedKit => options.graded!;
  const gradedHost: GradedHost = {
    mode,
    assignment,
    knownStudent,
    get definitions() {
      return definitions;
    },
    snapshot: () => actor!.getSnapshot(),
    send: (event) => actor?.send(event),
    record,
    show,
    announce,
  };

  /** Replaces the screen and moves the focus to its heading (or the first thing worth it). */
  function show(name: string, ...children: (Node | null)[]): void {
    generation += 1;
    shell.style.removeProperty('overflow-anchor');
    screen.replaceChildren(...children.filter((c): c is Node => c !== null));
    screen.dataset.screen = name;
    delete screen.dataset.prerendered;
  }

  function focusHeading(): void {
    screen.querySelector<HTMLElement>('[data-focus]')?.focus();
  }

  function message(text: string, kind: 'status' | 'alert' = 'status'): HTMLElement {
    return h('p', { class: kind === 'alert' ? 'exercise-message' : 'quiz-message', role: kind }, text);
  }

  // ---- answers

  function readAnswers(strict: boolean): { answers: Record<string, Answer>; problems: QuestionCard[] } {
    const answers: Record<string, Answer> = {};
    const problems: QuestionCard[] = [];
    for (const card of cards) {
      const r = card.control.read();
      if (!r.ok) {
        problems.push(card);
        if (strict) card.showError(r.error, r.line);
        continue;
      }
      if (r.answer !== undefined) answers[card.prepared.question.key] = r.answer;
    }
    return { answers, problems };
  }

  function answeredCount(): number {
    return cards.filter((c) => {
      const r = c.control.read();
      return !r.ok || r.answer !== undefined;
    }).length;
  }

  let progressLine: HTMLElement | undefined;
  function onAnswerChange(): void {
    // Until every card is built, the stored draft holds more than the cards do: leave it.
    if (!cardsReady) return;
    if (progressLine) progressLine.textContent = `Answered: ${answeredCount()} of ${cards.length}.`;
    const snapshot = actor?.getSnapshot();
    if (snapshot?.matches('taking') && snapshot.context.open) {
      const was = record(snapshot.context.student);
      writeAttempts(key(snapshot.context.student), { ...was, open: snapshot.context.open, draft: readAnswers(false).answers }, storage);
    }
  }

  // ---- the machine's async steps

  async function prepare(input: PrepareInput): Promise<PrepareOutput> {
    const seed = options.seed ?? (assigned ? studentSeed(id, input.student) : practiceSeed(input.variant));
    // The variant in the page's HTML needs no engine; the next one may be drawn already.
    const drawn = nextDraw?.seed === seed ? nextDraw.quiz : undefined;
    nextDraw = undefined;
    const [quiz] = await Promise.all([prerendered && prerendered.quiz.seed === seed ? prerendered.quiz : (drawn ?? call('quiz.prepare', { definitions, seed })), loadKit()]);
    // A variant drawn ahead is here at once: its cards go up in a task of their own, not in the
    // click's (which takes the old ones down: the two made one long task on a phone). Not a frame
    // callback: Chromium runs a click and the next frame's callbacks in one task.
    if (drawn) await yieldToMain();
    const data: Prepared = { quiz };
    return { now: Date.now(), data };
  }

  async function grade(input: GradeInput): Promise<GradeOutput> {
    const ctx = context();
    const prepared = ctx.prepared as Prepared;
    const { answers } = readAnswers(false);
    const submittedAt = Date.now();
    const [{ grades, score }, result] = await Promise.all([
      call('quiz.gradeAll', { variants: prepared.quiz.variants, answers }),
      assignment
        ? call('quiz.resultFile', {
            courseVersion: options.courseVersion,
            assignment,
            student: ctx.student.trim(),
            attempt: input.attempt,
            startedAt: ctx.startedAt ?? submittedAt,
            submittedAt,
            answers,
            quizzes: definitions,
          })
        : undefined,
    ]);
    const outcome: Outcome = { result, grades, score };
    return { data: outcome };
  }

  // ---- screens

  function renderLoading(text: string): void {
    show('loading', h('p', { class: 'quiz-loading', role: 'status', 'aria-busy': 'true' }, text));
  }

  const cardHooks = (practice: boolean): CardHooks => ({ practice, onChange: onAnswerChange, announce });

  /** Free practice: once the page is idle, the engine worker draws the next variant, so New variant shows it at once. */
  function drawNextVariant(): void {
    const ctx = context();
    if (ctx.mode !== 'practice' || ctx.assigned || ctx.fixedSeed || options.seed !== undefined) return;
    const seed = practiceSeed(ctx.variant + 1);
    whenIdleAfterLoad(() => {
      if (destroyed || nextDraw?.seed === seed || context().variant !== ctx.variant) return;
      const quiz = call('quiz.prepare', { definitions, seed });
      quiz.catch(() => {
        // Drawn again when asked for (and its error shown then).
        if (nextDraw?.quiz === quiz) nextDraw = undefined;
      });
      nextDraw = { seed, quiz };
    }, QUIZ_IDLE);
  }

  /** The bar above the questions, its New variant button wired. */
  function head(practice: boolean): HTMLElement {
    const ctx = context();
    const prepared = ctx.prepared as Prepared;
    const total = kit!.cardPlaces(prepared.quiz).length;
    const bar = kit!.questionsHead({ total, practice, variant: practice && !ctx.assigned && !ctx.fixedSeed ? ctx.variant : undefined });
    bar.newVariant?.addEventListener('click', () => actor?.send({ type: 'quiz.newVariant' }));
    return bar.element;
  }

  /**
   * Builds (or, hydrating, takes over) every card a slice at a time, never one long task: `place`
   * puts a built card on the page. Resolves false when another screen came first.
   */
  async function buildCards(practice: boolean, place: (card: QuestionCard, index: number) => void, mine = generation, adoptFrom?: (index: number) => HTMLElement | undefined): Promise<boolean> {
    if (mine !== generation || destroyed) return false;
    const prepared = (context().prepared as Prepared).quiz;
    const places = kit!.cardPlaces(prepared);
    const hooks = cardHooks(practice);
    let i = 0;
    while (i < places.length) {
      const sliceEnd = performance.now() + SLICE_MS;
      do {
        const card = kit!.placedCard(prepared, places[i]!, hooks, adoptFrom?.(i));
        cards.push(card);
        // Wired before it is placed: a click the learner made on the static card is replayed on it.
        wirePractice(card, practice);
        place(card, i);
        i += 1;
      } while (i < places.length && performance.now() < sliceEnd);
      if (i < places.length) {
        await nextFrame();
        if (mine !== generation || destroyed) return false;
      }
    }
    return true;
  }

  /** Practice, first screen: the page's own cards become live ones, one slice per frame. */
  function hydrateQuestions(): void {
    hydrating = false;
    generation += 1;
    // A swapped card must not count as moved content: scroll anchoring would "correct" the scroll
    // by the anchor's jump through the detached live card. The cards do not move; nothing to correct.
    shell.style.overflowAnchor = 'none';
    cards = [];
    cardsReady = false;
    progressLine = undefined;
    // The bar stays as the page has it (screen.ts practiceShell): its New variant button only needs its listener.
    screen.querySelector(':scope > .quiz-bar .quiz-variant > button')?.addEventListener('click', () => actor?.send({ type: 'quiz.newVariant' }));
    const staticCards = [...screen.querySelectorAll<HTMLElement>('.quiz-question')];
    // Check answer or Reveal answer clicked on a card not yet live (the card keeps its buttons): done once it is.
    const early = new Set<HTMLElement>();
    const onEarlyClick = (event: Event): void => {
      const button = (event.target as Element | null)?.closest?.<HTMLElement>('.exercise-actions button');
      if (button) early.add(button);
    };
    screen.addEventListener('click', onEarlyClick, true);
    // From the next frame on: the page's first task stays short.
    const mine = generation;
    void nextFrame().then(() => buildCards(true, (card, i) => {
      const old = staticCards[i];
      // The card took over the static one in place (card.ts), or, when it could not, replaces it.
      if (!old) screen.append(card.element);
      else if (old !== card.element) old.replaceWith(card.element);
      for (const button of early) if (card.element.contains(button)) button.click();
    }, mine, (i) => staticCards[i])).then(async (done) => {
      screen.removeEventListener('click', onEarlyClick, true);
      if (!done) return;
      for (const extra of staticCards.slice(cards.length)) extra.remove();
      cardsReady = true;
      delete screen.dataset.prerendered;
      shell.style.removeProperty('overflow-anchor');
      shell.dataset.hydrated = '';
      drawNextVariant();
      await liftDeferred(mine);
    });
  }

  /** The cards not yet drawn (quiz.css [data-deferred]) shown, a frame apiece: no frame lays out more than a card. */
  async function liftDeferred(mine: number): Promise<void> {
    for (const card of screen.querySelectorAll('[data-deferred]')) {
      await nextFrame();
      if (mine !== generation || destroyed) return;
      card.removeAttribute('data-deferred');
    }
  }

  /** `newVariant`: the questions replace those of another variant (New variant), not a first screen. */
  function renderQuestions(practice: boolean, newVariant = false): void {
    const ctx = context();
    const prepared = ctx.prepared as Prepared;
    const multi = prepared.quiz.variants.length > 1;
    cards = [];
    cardsReady = false;
    // One container per quiz (the cards go straight on the screen for one quiz).
    const sections = multi
      ? prepared.quiz.variants.map((variant) => {
          const hid = uid('quiz');
          return h('section', { class: 'quiz-part', 'aria-labelledby': hid }, h('h2', { id: hid }, variant.title));
        })
      : [];
    const places = kit!.cardPlaces(prepared.quiz);

    // The timer sits apart from the bar so that it alone stays in view (sticky) while the learner scrolls.
    let timer: HTMLElement | null = null;
    if (!practice && ctx.deadline !== undefined) {
      timer = h('p', { class: 'quiz-timer', role: 'timer', 'aria-live': 'off', 'aria-atomic': 'true' });
      stopTicker();
      stopCountdown = graded().startCountdown(gradedHost, timer, ctx.deadline);
    }

    let footer: HTMLElement | null = null;
    if (!practice || ctx.assigned) {
      const line = h('p', { class: 'quiz-progress', 'aria-live': 'polite' });
      progressLine = line;
      const submitError = h('div', { class: 'quiz-submit-error' });
      const submit = h('button', { type: 'button', class: 'button-primary' }, 'Submit answers');
      submit.addEventListener('click', () => {
        if (!cardsReady) return; // a moment after the questions appear; never a partial submission
        const { problems } = readAnswers(true);
        if (problems.length) {
          submitError.replaceChildren(
            message(`${plural(problems.length, 'answer')} cannot be read as written (question ${problems.map((p) => cards.indexOf(p) + 1).join(', ')}): fix or clear ${problems.length === 1 ? 'it' : 'them'}, then submit.`, 'alert'),
          );
          problems[0]!.element.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
          return;
        }
        actor?.send({ type: 'quiz.submit' });
      });
      footer = h('div', { class: 'quiz-submit panel' }, line, submitError, h('div', { class: 'exercise-actions' }, submit), h('p', { class: 'exercise-hint' }, practice ? 'Submitting grades every answer and gives you a result file for your teacher.' : 'You cannot change your answers after submitting.'));
      line.textContent = `Answered: 0 of ${places.length}.`;
    } else progressLine = undefined;

    show(practice ? 'practicing' : 'taking', head(practice), timer, ...sections, footer);
    if (!practice && ctx.deadline !== undefined) {
      announce(`The quiz has started. You have ${graded().minutesText(ctx.deadline - Date.now())}.`);
    }

    // Restore a draft (a reloaded attempt) as each card is built.
    const draft = !practice && ctx.student ? record(ctx.student).draft : undefined;
    // A new variant: its first card is drawn at once, the others not until all are built (quiz.css
    // [data-deferred]), so that a frame that builds cards does not lay them all out; then they are
    // shown a frame apiece, as after hydrating. A graded screen shows its cards as they are built.
    const mine = generation;
    void buildCards(practice, (card, i) => {
      const a = draft?.[card.prepared.question.key];
      if (a) card.control.write(a);
      if (newVariant && i > 0) card.element.setAttribute('data-deferred', '');
      const container = multi ? sections[places[i]!.quiz]! : screen;
      if (!multi && footer) footer.before(card.element);
      else container.append(card.element);
    }).then((done) => {
      if (!done) return;
      cardsReady = true;
      onAnswerChange(); // the count, and the draft with whatever was answered while the cards were built
      if (practice) drawNextVariant();
      return liftDeferred(mine);
    });
  }

  function wirePractice(card: QuestionCard, practice: boolean): void {
    if (!practice) return;
    const key = card.prepared.question.key;
    const statusOf = (): void => {
      const p = context().practice[key];
      if (!p) {
        card.setStatus('');
        return;
      }
      const parts: string[] = [];
      if (p.checks > 0) parts.push(p.correct ? 'Right.' : 'Not yet: change your answer and check again.', `${plural(p.checks, 'check')} so far.`);
      if (p.revealed) parts.push('Answer revealed.');
      card.setStatus(parts.join(' '));
    };
    card.checkButton?.addEventListener('click', () => void check());
    card.revealButton?.addEventListener('click', () => void reveal());
    /** The card is still on screen (not replaced by a new variant while the engine worked). */
    const current = (): boolean => !destroyed && cards.includes(card);

    async function check(): Promise<void> {
      const r = card.control.read();
      if (!r.ok) {
        card.showError(r.error, r.line);
        return;
      }
      if (r.answer === undefined) {
        card.showError('Nothing to check yet: answer the question first.');
        return;
      }
      let graded: QuestionGrade;
      try {
        graded = await busy(card.checkButton, call('quiz.grade', { question: card.prepared.question, answer: r.answer }));
      } catch (error) {
        if (current()) card.showError(`The simulator could not grade this question: ${(error as Error).message}`);
        return;
      }
      if (!current()) return;
      // What is wrong, not the right value: Reveal answer is there for that.
      card.showGrade(graded, 'hints');
      const solved = graded.earned >= graded.points - 1e-9;
      actor?.send({ type: 'question.check', key, correct: solved });
      if (!solved || !context().practice[key]?.revealed) options.onPracticeOutcome?.(card.prepared.question, solved);
      statusOf();
    }

    async function reveal(): Promise<void> {
      let text: string;
      try {
        text = await busy(card.revealButton, call('quiz.answerText', card.prepared));
      } catch (error) {
        if (current()) card.showError(`The simulator could not compute this answer: ${(error as Error).message}`);
        return;
      }
      if (!current()) return;
      if (!context().practice[key]?.correct) options.onPracticeOutcome?.(card.prepared.question, false);
      actor?.send({ type: 'question.reveal', key });
      card.showAnswer(text);
      statusOf();
      card.element.querySelector<HTMLElement>('.exercise-answer')?.focus();
    }
  }

  /** While the engine works on a button's request, the button says so (and a second click waits for the same answer). */
  async function busy<T>(button: HTMLButtonElement | undefined, work: Promise<T>): Promise<T> {
    button?.setAttribute('aria-busy', 'true');
    try {
      return await work;
    } finally {
      button?.removeAttribute('aria-busy');
    }
  }

  function stopTicker(): void {
    stopCountdown?.();
    stopCountdown = undefined;
  }

  function renderFailed(retry: string): void {
    const ctx = context();
    const b = h('button', { type: 'button' }, retry);
    b.addEventListener('click', () => actor?.send({ type: 'quiz.retry' }));
    show('failed', h('div', { class: 'panel' }, h('p', { class: 'exercise-message', role: 'alert', tabindex: -1, 'data-focus': '' }, `Something went wrong: ${ctx.error ?? 'unknown error'}`), b));
  }

  function render(): void {
    if (!actor || destroyed) return;
    const s = actor.getSnapshot();
    const state = s.matches('intro')
      ? 'intro'
      : s.matches('preparing')
        ? 'preparing'
        : s.matches('taking')
          ? 'taking'
          : s.matches('practicing')
            ? 'practicing'
            : s.matches('grading')
              ? 'grading'
              : s.matches('submitted')
                ? 'submitted'
                : s.matches('prepareFailed')
                  ? 'prepareFailed'
                  : s.matches('gradeFailed')
                    ? 'gradeFailed'
                    : 'other';
    if (state === rendered) return;
    const previous = rendered;
    rendered = state;
    switch (state) {
      case 'intro':
        graded().renderIntro(gradedHost);
        break;
      case 'preparing':
        // Hydrating: the page already shows these questions.
        drawingNewVariant = mode === 'practice' && previous === 'practicing';
        if (!hydrating) renderLoading(drawingNewVariant ? 'Drawing a new variant…' : 'Preparing your questions…');
        break;
      case 'taking':
        renderQuestions(false);
        break;
      case 'practicing':
        if (hydrating) hydrateQuestions();
        else renderQuestions(true, drawingNewVariant);
        if (!assigned) writeNumber(practiceKey, s.context.variant, storage);
        if (previous === 'preparing' && s.context.variant > 1) announce(`Variant ${s.context.variant}: new values in every question.`);
        break;
      case 'grading':
        stopTicker();
        for (const c of cards) c.setLocked(true);
        screen.prepend(h('p', { class: 'quiz-loading', role: 'status', 'aria-busy': 'true' }, 'Grading your answers…'));
        break;
      case 'submitted':
        stopTicker();
        graded().renderSubmitted(gradedHost, cards);
        break;
      case 'prepareFailed':
        renderFailed('Try again');
        break;
      case 'gradeFailed':
        renderFailed('Grade again');
        break;
    }
    // Never on the first screen (the page just loaded): after that, the focus follows the screen.
    if (state !== 'grading' && previous !== '' && !(previous === 'preparing' && rendered === 'practicing' && s.context.variant === 1)) focusHeading();
  }

  // ---- start

  if (!hydrating) renderLoading('Loading the quiz…');
  void start();

  /**
   * Builds the machine and starts it in three tasks (with the page's own module evaluation
   * before them, four): each of them alone stays short on a slow phone, where building the
   * machine and its first snapshot in the page's first task made one long task.
   */
  async function start(): Promise<void> {
    try {
      const ids = assignment ? assignment.quizzes : options.quizzes.map((q) => q.id);
      definitions = pickQuizzes(options.quizzes, ids);
      if (assignment && !options.assignmentId) throw new Error('an assignment needs its id');
      if ((assigned || mode === 'graded') && !options.graded) throw new Error('an assignment or a graded quiz needs its screens (the graded option)');
      id = assignment ? options.assignmentId! : practiceKey;
      const known = knownStudent ? record(knownStudent) : undefined;
      await yieldToMain();
      if (destroyed) return;
      const machine = quizMachine.provide({
        actors: {
          prepare: fromPromise<PrepareOutput, PrepareInput>(({ input }) => prepare(input)),
          grade: fromPromise<GradeOutput, GradeInput>(({ input }) => grade(input)),
        },
        actions: {
          persistStart: ({ context: ctx }) => {
            if (!ctx.open) return;
            const was = record(ctx.student);
            writeAttempts(key(ctx.student), { ...was, used: Math.max(was.used, ctx.attemptsUsed), open: ctx.open, draft: was.open?.attempt === ctx.open.attempt ? was.draft : undefined }, storage);
          },
          persistSubmit: ({ context: ctx }) => {
            const outcome = ctx.outcome as Outcome | undefined;
            if (assigned) {
              const was = record(ctx.student);
              writeAttempts(key(ctx.student), { used: Math.max(was.used, ctx.attemptsUsed), ...(outcome?.result ? { last: outcome.result } : {}) }, storage);
            }
            if (outcome) {
              const { earned, possible, passed } = outcome.score;
              if (outcome.result) options.onSubmit?.(outcome.result, { earned, possible, passed });
            }
          },
        },
      });
      await yieldToMain();
      if (destroyed) return;
      actor = createActor(machine, {
        input: {
          mode,
          assigned: assigned || mode === 'graded',
          attemptsAllowed: mode === 'graded' ? assignment?.attempts : undefined,
          attemptsUsed: known?.used ?? 0,
          open: mode === 'graded' ? known?.open : undefined,
          timeLimitMinutes: mode === 'graded' ? assignment?.timeLimitMinutes : undefined,
          student: knownStudent,
          variant: startVariant,
          fixedSeed: options.seed !== undefined,
        },
      });
      actor.subscribe({
        next: () => {
          render();
        },
        error: (error) => {
          show('failed', message(`The quiz stopped: ${(error as Error).message}`, 'alert'));
        },
      });
      await yieldToMain();
      if (destroyed) return;
      actor.start();
      render();
    } catch (error: unknown) {
      hydrating = false;
      show('failed', message(`The quiz could not be loaded: ${error instanceof Error ? error.message : String(error)}`, 'alert'));
    }
  }

  return {
    destroy() {
      destroyed = true;
      stopTicker();
      actor?.stop();
      root.replaceChildren();
    },
  };
}
