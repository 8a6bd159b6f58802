// mountQuiz: the quiz-taking UI, self-contained (DOM + src/styles/quiz.css, no Astro), used by
// /quizzes/<id>/ (practice), /assignment/ (a teacher's link) and the SCORM package.
//
// An XState actor (src/machines/quiz.machine.ts) owns the flow; this module renders each
// state, reads the answers, and provides the machine's async steps: `prepare` loads the quiz
// core and the engine (src/quiz/core.ts, a separate chunk), draws the learner's variant and computes
// each question's choices; `grade` grades every answer and builds the result file.
//
// Graded: intro (name, rules) -> questions (timer when there is a time limit) -> result
// (score, per question its points and "Download result file"; with an attempt left, only hints
// of what is wrong, since the next attempt is the same variant; after the last one, the
// feedback with the right values and the explanations: the machine's `disclosure`). Nothing of
// an answer is in the page before submission. Practice: Check answer (hints) / Reveal answer
// (the answer and the explanation) per question, New variant.
// Attempts, the open attempt and its draft answers live in `storage` (localStorage by default).

import { createActor, fromPromise, type Actor } from 'xstate';
import { attemptsLeft, disclosure, MAX_STUDENT_LENGTH, quizMachine, validStudent, type GradeInput, type GradeOutput, type PrepareInput, type PrepareOutput, type QuizContext } from '../../machines/quiz.machine.ts';
import { passMarkPercent, percentOf } from '../../quiz/score.ts';
import type { Answer, Assignment, QuestionGrade, QuizDefinition, ResultFile } from '../../quiz/types.ts';
import { announcer, downloadText, h, uid } from './dom.ts';
import { resultFileName } from '../../quiz/text.ts';
import { pointsText, questionCard, type QuestionCard } from './card.ts';
import { attemptKey, readAttempts, readNumber, writeAttempts, writeNumber, type AttemptRecord } from '../../quiz/attempt-storage.ts';
import type * as Core from '../../quiz/core.ts';

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
  /** The learner, when the host knows them (an LMS): not asked for. */
  readonly student?: string;
  /** The seed, when the host fixes it; by default studentSeed(assignment id, student) or practice:<n>. */
  readonly seed?: string;
  readonly onSubmit?: (result: ResultFile, score: QuizScore) => void;
  readonly storage?: Storage;
}

interface Prepared {
  readonly core: typeof Core;
  readonly quiz: Core.PreparedQuiz;
}

interface Outcome {
  readonly result?: ResultFile;
  readonly grades: readonly QuestionGrade[];
  readonly score: Core.Score;
}

let coreChunk: Promise<typeof Core> | undefined;
/** The quiz core and the engine (one chunk, fetched once). */
function loadCore(): Promise<typeof Core> {
  coreChunk ??= import('../../quiz/core.ts');
  return coreChunk;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

function formatDue(due: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(due);
  const d = new Date(dateOnly ? `${due}T12:00:00Z` : due);
  if (Number.isNaN(d.getTime())) return due;
  return dateOnly
    ? d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) + ' (end of the day, UTC)'
    : d.toLocaleString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function dueMs(due: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? Date.parse(`${due}T23:59:59.999Z`) : Date.parse(due);
}

function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

function minutesText(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min >= 1 ? plural(min, 'minute') : plural(Math.max(1, Math.round(ms / 1000)), 'second');
}

/** The intro's rule on what a graded attempt shows after submitting (the machine's `disclosure`). */
function gradedRule(attemptsAllowed: number | undefined): string {
  const start = 'No answer is shown before you submit. Then you see your score';
  const end = 'and download a result file to hand in to your teacher.';
  if (attemptsAllowed === 1) return `${start}, the right answers and their explanations, ${end}`;
  if (attemptsAllowed === undefined) return `${start} and what is wrong in each answer (the right answers and explanations stay hidden, since you may try again), ${end}`;
  return `${start} and what is wrong in each answer (the right answers and explanations appear after your last attempt), ${end}`;
}

export function mountQuiz(root: HTMLElement, options: MountOptions): { destroy(): void } {
  const storage = options.storage;
  const assignment = options.assignment;
  const assigned = assignment !== undefined;
  const mode = options.mode;
  const knownStudent = options.student?.trim() ? options.student.trim() : undefined;
  const practiceKey = `practice:${options.quizzes.map((q) => q.id).join('+')}`;

  const shell = h('div', { class: 'quiz', 'data-mode': mode });
  const screen = h('div', { class: 'quiz-screen' });
  shell.append(screen);
  root.replaceChildren(shell);
  const announce = announcer(shell);

  let actor: Actor<typeof quizMachine> | undefined;
  let core: typeof Core | undefined;
  let definitions: QuizDefinition[] = [];
  let id = '';
  let cards: QuestionCard[] = [];
  let ticker: ReturnType<typeof setInterval> | undefined;
  /** The machine state last rendered. */
  let rendered = '';
  let destroyed = false;

  const key = (student: string): string => attemptKey(id, student);
  const record = (student: string): AttemptRecord => readAttempts(key(student), storage);
  const context = (): QuizContext => actor!.getSnapshot().context;

  /** Replaces the screen and moves the focus to its heading (or the first thing worth it). */
  function show(name: string, ...children: (Node | null)[]): void {
    screen.replaceChildren(...children.filter((c): c is Node => c !== null));
    screen.dataset.screen = name;
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
    if (progressLine) progressLine.textContent = `Answered: ${answeredCount()} of ${cards.length}.`;
    const snapshot = actor?.getSnapshot();
    if (snapshot?.matches('taking') && snapshot.context.open) {
      const was = record(snapshot.context.student);
      writeAttempts(key(snapshot.context.student), { ...was, open: snapshot.context.open, draft: readAnswers(false).answers }, storage);
    }
  }

  // ---- the machine's async steps

  async function prepare(input: PrepareInput): Promise<PrepareOutput> {
    const c = core ?? (await loadCore());
    core = c;
    const seed = options.seed ?? (assigned ? c.studentSeed(id, input.student) : c.practiceSeed(input.variant));
    const quiz = await c.prepareQuiz(definitions, seed);
    const data: Prepared = { core: c, quiz };
    return { now: Date.now(), data };
  }

  async function grade(input: GradeInput): Promise<GradeOutput> {
    const c = core ?? (await loadCore());
    const ctx = context();
    const prepared = ctx.prepared as Prepared;
    const { answers } = readAnswers(false);
    const { grades, score } = c.gradeAll(prepared.quiz.variants, answers);
    let result: ResultFile | undefined;
    if (assignment) {
      result = c.resultFile({
        courseVersion: options.courseVersion,
        assignment,
        student: ctx.student.trim(),
        attempt: input.attempt,
        startedAt: ctx.startedAt ?? Date.now(),
        submittedAt: Date.now(),
        answers,
        quizzes: definitions,
      });
    }
    const outcome: Outcome = { result, grades, score };
    return { data: outcome };
  }

  // ---- screens

  function renderLoading(text: string): void {
    show('loading', h('p', { class: 'quiz-loading', role: 'status', 'aria-busy': 'true' }, text));
  }

  function renderIntro(): void {
    const ctx = context();
    const headingId = uid('intro');
    const total = definitions.reduce((n, d) => n + d.questions.length, 0);
    const points = definitions.reduce((n, d) => n + d.questions.reduce((p, q) => p + q.points, 0), 0);
    const rules = h('ul', { class: 'quiz-rules' });
    rules.append(
      h('li', {}, `${plural(total, 'question')}, ${pointsText(points)}${definitions.length > 1 ? `, in ${definitions.length} quizzes: ${definitions.map((d) => d.title).join('; ')}` : ''}.`),
    );
    if (mode === 'practice') rules.append(h('li', {}, 'Practice: check your answers and reveal them as you go; no time limit.'));
    const attemptsItem = h('li', { 'data-attempts': '' });
    if (mode === 'graded') rules.append(attemptsItem);
    if (mode === 'graded' && ctx.timeLimitMs !== undefined) {
      rules.append(h('li', {}, `Time limit: ${minutesText(ctx.timeLimitMs)}, counted from when the questions appear. When the time is up, your answers are submitted as they are.`));
    }
    if (assignment?.due) {
      const late = Date.now() > dueMs(assignment.due);
      rules.append(h('li', { class: late ? 'quiz-late' : undefined }, `Due: ${formatDue(assignment.due)}.${late ? ' The due date has passed: your result will be marked late.' : ''}`));
    }
    rules.append(h('li', {}, mode === 'graded' ? gradedRule(ctx.attemptsAllowed) : 'When you are done, submit and download a result file for your teacher.'));

    const inputId = uid('student');
    const helpId = `${inputId}-help`;
    const errorId = `${inputId}-error`;
    const nameInput = h('input', {
      id: inputId,
      type: 'text',
      autocomplete: 'name',
      maxlength: MAX_STUDENT_LENGTH,
      required: true,
      spellcheck: 'false',
      'aria-describedby': helpId,
    });
    nameInput.value = ctx.student;
    const nameError = h('p', { id: errorId, class: 'exercise-message', role: 'alert', hidden: true });
    const status = h('p', { class: 'quiz-message', role: 'status' });
    const start = h('button', { type: 'button', class: 'button-primary' }, 'Start quiz');
    const again = h('p', { class: 'quiz-again', hidden: true });

    const refresh = (): void => {
      const c = context();
      const left = attemptsLeft(c);
      if (mode === 'graded') {
        attemptsItem.textContent =
          c.attemptsAllowed === undefined
            ? c.attemptsUsed > 0
              ? `Attempts: no limit (${plural(c.attemptsUsed, 'attempt')} started so far in this browser).`
              : 'Attempts: no limit.'
            : `Attempts: ${c.attemptsAllowed} allowed; ${left === 0 ? 'none' : left} left${validStudent(c.student) || knownStudent ? '' : ' (counted per name, in this browser)'}. Starting the quiz uses one.`;
      }
      const parts: string[] = [];
      if (c.open) parts.push(`You started attempt ${c.open.attempt} at ${new Date(c.open.startedAt).toLocaleTimeString()} and did not submit it: Start quiz resumes it${c.timeLimitMs !== undefined ? ', with the time that is left' : ''}.`);
      else if (mode === 'graded' && left === 0 && (validStudent(c.student) || knownStudent)) parts.push(`You have used all ${plural(c.attemptsAllowed ?? 0, 'attempt')} of this assignment: there is none left.`);
      status.textContent = parts.join(' ');
      start.hidden = mode === 'graded' && left === 0 && !c.open && validStudent(c.student);
      const last = validStudent(c.student) ? record(c.student).last : undefined;
      again.hidden = !last;
      again.replaceChildren();
      if (last) {
        const b = h('button', { type: 'button', class: 'secondary' }, `Download the result file of attempt ${last.attempt} again`);
        b.addEventListener('click', () => downloadResult(last));
        again.append(b);
      }
    };
    const setStudent = (name: string): void => {
      const r = validStudent(name) && id ? record(name) : { used: 0 };
      actor?.send({ type: 'student.change', name, attemptsUsed: r.used, ...(r.open ? { open: r.open } : {}) });
    };
    nameInput.addEventListener('input', () => {
      nameError.hidden = true;
      nameInput.removeAttribute('aria-invalid');
      nameInput.setAttribute('aria-describedby', helpId);
      setStudent(nameInput.value);
      refresh();
    });
    start.addEventListener('click', () => {
      if (!validStudent(context().student)) {
        nameError.textContent = nameInput.value.trim() === '' ? 'Type your name or student id first.' : `Your name or id: at most ${MAX_STUDENT_LENGTH} characters, without control characters.`;
        nameError.hidden = false;
        nameInput.setAttribute('aria-invalid', 'true');
        nameInput.setAttribute('aria-describedby', `${helpId} ${errorId}`);
        nameInput.focus();
        return;
      }
      actor?.send({ type: 'quiz.start' });
    });
    nameInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') start.click();
    });

    const who = knownStudent
      ? h('p', {}, 'You are: ', h('strong', { class: 'quiz-student' }, knownStudent))
      : h(
          'div',
          { class: 'quiz-field' },
          h('label', { for: inputId }, 'Your name or student id'),
          h('p', { id: helpId, class: 'exercise-hint' }, 'Your teacher sees it on your result. It also picks your own variant of the questions: type it the same way every time.'),
          nameInput,
          nameError,
        );
    show(
      'intro',
      h(
        'section',
        { class: 'quiz-intro panel', 'aria-labelledby': headingId },
        h('h2', { id: headingId, tabindex: -1, 'data-focus': '' }, 'Before you start'),
        rules,
        who,
        status,
        h('div', { class: 'exercise-actions' }, start),
        again,
      ),
    );
    if (knownStudent) setStudent(knownStudent);
    refresh();
  }

  function renderQuestions(practice: boolean): void {
    const ctx = context();
    const prepared = ctx.prepared as Prepared;
    const multi = prepared.quiz.variants.length > 1;
    const total = prepared.quiz.questions.reduce((n, qs) => n + qs.length, 0);
    let number = 0;
    cards = [];
    const sections: HTMLElement[] = [];
    prepared.quiz.variants.forEach((variant, qi) => {
      const list = prepared.quiz.questions[qi] ?? [];
      const built = list.map((p) => {
        number += 1;
        const card = questionCard(p, { number, total, practice, onChange: onAnswerChange, announce, headingLevel: multi ? 3 : 2 });
        cards.push(card);
        return card.element;
      });
      if (multi) {
        const hid = uid('quiz');
        sections.push(h('section', { class: 'quiz-part', 'aria-labelledby': hid }, h('h2', { id: hid }, variant.title), ...built));
      } else sections.push(...built);
    });

    // Restore a draft (a reloaded attempt).
    const draft = !practice && ctx.student ? record(ctx.student).draft : undefined;
    if (draft) {
      for (const card of cards) {
        const a = draft[card.prepared.question.key];
        if (a) card.control.write(a);
      }
    }

    const head = h('div', { class: 'quiz-bar' });
    const headingId = uid('questions');
    const heading = h('p', { id: headingId, class: 'quiz-bar-title', tabindex: -1, 'data-focus': '' }, practice ? `${plural(total, 'question')}: check each answer when you are ready.` : `${plural(total, 'question')}. Answer them in any order, then submit.`);
    head.append(heading);
    // The timer sits apart from the bar so that it alone stays in view (sticky) while the learner scrolls.
    let timer: HTMLElement | null = null;
    if (!practice && ctx.deadline !== undefined) {
      timer = h('p', { class: 'quiz-timer', role: 'timer', 'aria-live': 'off', 'aria-atomic': 'true' });
      startTicker(timer, ctx.deadline);
    }
    if (practice && !ctx.assigned && !ctx.fixedSeed) {
      const fresh = h('button', { type: 'button', class: 'secondary' }, 'New variant');
      fresh.addEventListener('click', () => actor?.send({ type: 'quiz.newVariant' }));
      head.append(h('p', { class: 'quiz-variant' }, h('span', {}, `Variant ${ctx.variant}. `), fresh));
    }

    for (const card of cards) wirePractice(card, practice);

    const footer: (HTMLElement | null)[] = [];
    if (!practice || ctx.assigned) {
      progressLine = h('p', { class: 'quiz-progress', 'aria-live': 'polite' });
      const submitError = h('div', { class: 'quiz-submit-error' });
      const submit = h('button', { type: 'button', class: 'button-primary' }, 'Submit answers');
      submit.addEventListener('click', () => {
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
      footer.push(h('div', { class: 'quiz-submit panel' }, progressLine, submitError, h('div', { class: 'exercise-actions' }, submit), h('p', { class: 'exercise-hint' }, practice ? 'Submitting grades every answer and gives you a result file for your teacher.' : 'You cannot change your answers after submitting.')));
      progressLine.textContent = `Answered: ${answeredCount()} of ${cards.length}.`;
    } else progressLine = undefined;

    show(practice ? 'practicing' : 'taking', head, timer, ...sections, ...footer);
    if (!practice && ctx.deadline !== undefined) {
      announce(`The quiz has started. You have ${minutesText(ctx.deadline - Date.now())}.`);
    }
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
    card.checkButton?.addEventListener('click', () => {
      if (!core) return;
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
        graded = core.gradeQuestion(card.prepared.question, r.answer);
      } catch (error) {
        card.showError(`The simulator could not grade this question: ${(error as Error).message}`);
        return;
      }
      // What is wrong, not the right value: Reveal answer is there for that.
      card.showGrade(graded, 'hints');
      actor?.send({ type: 'question.check', key, correct: graded.earned >= graded.points - 1e-9 });
      statusOf();
    });
    card.revealButton?.addEventListener('click', () => {
      if (!core) return;
      let text: string;
      try {
        text = core.answerText(card.prepared);
      } catch (error) {
        card.showError(`The simulator could not compute this answer: ${(error as Error).message}`);
        return;
      }
      actor?.send({ type: 'question.reveal', key });
      card.showAnswer(text);
      statusOf();
      card.element.querySelector<HTMLElement>('.exercise-answer')?.focus();
    });
  }

  function startTicker(timer: HTMLElement, deadline: number): void {
    stopTicker();
    const marks = [5 * 60_000, 60_000, 30_000].filter((m) => deadline - Date.now() > m + 1000);
    const tick = (): void => {
      const left = deadline - Date.now();
      timer.textContent = `Time left: ${clock(left)}`;
      timer.classList.toggle('is-short', left <= 60_000);
      while (marks.length && left <= marks[0]!) {
        const mark = marks.shift()!;
        announce(`${minutesText(mark)} left.`);
      }
      // The machine's own timer submits; this catches a tab whose timers were held back.
      if (left <= 0) actor?.send({ type: 'timer.expired' });
    };
    tick();
    ticker = setInterval(tick, 1000);
  }

  function stopTicker(): void {
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
  }

  function downloadResult(result: ResultFile): void {
    downloadText(resultFileName(result.assignment.title, result.student, result.attempt), `${JSON.stringify(result, null, 2)}\n`);
  }

  function renderSubmitted(): void {
    stopTicker();
    const snapshot = actor!.getSnapshot();
    const ctx = snapshot.context;
    const outcome = ctx.outcome as Outcome;
    const headingId = uid('result');
    const { score } = outcome;
    // percentOf, as the SCORM adapter reports it: 69.6 % of a 70 % mark is 69, never "70 %: not passed".
    const percent = percentOf(score, score.passMark);
    const summary = h(
      'p',
      { class: `quiz-score ${score.passed ? 'is-passed' : 'is-failed'}` },
      `You scored ${pointsText(score.earned).replace(/ points?$/, '')} of ${pointsText(score.possible)} (${percent}\u00a0%): ${score.passed ? 'passed' : 'not passed'} (the pass mark is ${passMarkPercent(score.passMark)}\u00a0%).`,
    );
    const parts: (HTMLElement | null)[] = [h('h2', { id: headingId, tabindex: -1, 'data-focus': '' }, 'Your result'), summary];
    if (ctx.expired) parts.push(message('The time was up: your answers were submitted as they were.'));
    if (outcome.result) {
      const result = outcome.result;
      const download = h('button', { type: 'button', class: 'button-primary' }, 'Download result file');
      download.addEventListener('click', () => downloadResult(result));
      parts.push(
        h('p', {}, `Attempt ${result.attempt}. Hand the result file in to your teacher: it holds your answers, which the teacher's gradebook grades again.`),
        h('div', { class: 'exercise-actions' }, download, h('span', { class: 'quiz-file-name' }, resultFileName(result.assignment.title, result.student, result.attempt))),
      );
    }
    const shown = disclosure(snapshot);
    const full = shown.show === 'answers';
    const left = attemptsLeft(ctx);
    if (assigned && left > 0) {
      const again = h('button', { type: 'button', class: 'secondary' }, 'Start another attempt');
      again.addEventListener('click', () => actor?.send({ type: 'quiz.again' }));
      const text =
        shown.show !== 'hints'
          ? 'You may try again.'
          : Number.isFinite(shown.attemptsLeft)
            ? `You have ${plural(shown.attemptsLeft, 'attempt')} left: the answers and explanations appear after your last attempt. Below, each question says what is wrong, not what is right.`
            : 'You may try again, so the answers and explanations stay hidden: below, each question says what is wrong, not what is right.';
      parts.push(h('p', {}, text), h('div', { class: 'exercise-actions' }, again));
    } else if (assigned && mode === 'graded') parts.push(h('p', {}, 'That was your last attempt. Below, each question shows the right answer where yours was wrong, and its explanation.'));
    const panel = h('section', { class: 'quiz-result panel', 'aria-labelledby': headingId }, ...parts);

    // The questions stay, locked, with their points: the hints, or once no attempt is left, the feedback and explanations.
    outcome.grades.forEach((g) => {
      const card = cards.find((c) => c.prepared.question.key === g.key);
      if (!card) return;
      card.setLocked(true);
      card.checkButton?.closest('.exercise-actions')?.remove();
      card.showGrade(g, full ? 'feedback' : 'hints');
      if (full) card.showExplanation();
    });
    const questions = cards.map((c) => c.element);
    show('submitted', panel, h('h2', { class: 'quiz-review-title' }, 'Your answers, question by question'), ...questions);
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
        renderIntro();
        break;
      case 'preparing':
        renderLoading(mode === 'practice' && previous === 'practicing' ? 'Drawing a new variant…' : 'Preparing your questions…');
        break;
      case 'taking':
        renderQuestions(false);
        break;
      case 'practicing':
        renderQuestions(true);
        if (!assigned) writeNumber(practiceKey, s.context.variant, storage);
        if (previous === 'preparing' && s.context.variant > 1) announce(`Variant ${s.context.variant}: new values in every question.`);
        break;
      case 'grading':
        stopTicker();
        for (const c of cards) c.setLocked(true);
        screen.prepend(h('p', { class: 'quiz-loading', role: 'status', 'aria-busy': 'true' }, 'Grading your answers…'));
        break;
      case 'submitted':
        renderSubmitted();
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

  renderLoading('Loading the quiz…');
  loadCore()
    .then((c) => {
      if (destroyed) return;
      core = c;
      const ids = assignment ? assignment.quizzes : options.quizzes.map((q) => q.id);
      definitions = c.pickQuizzes(options.quizzes, ids);
      id = assignment ? c.assignmentId(assignment) : practiceKey;
      const known = knownStudent ? record(knownStudent) : undefined;
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
      actor = createActor(machine, {
        input: {
          mode,
          assigned: assigned || mode === 'graded',
          attemptsAllowed: mode === 'graded' ? assignment?.attempts : undefined,
          attemptsUsed: known?.used ?? 0,
          open: mode === 'graded' ? known?.open : undefined,
          timeLimitMinutes: mode === 'graded' ? assignment?.timeLimitMinutes : undefined,
          student: knownStudent,
          variant: assigned ? 1 : (readNumber(practiceKey, storage) ?? 1),
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
      actor.start();
      render();
    })
    .catch((error: unknown) => {
      if (destroyed) return;
      show('failed', message(`The quiz could not be loaded: ${error instanceof Error ? error.message : String(error)}`, 'alert'));
    });

  return {
    destroy() {
      destroyed = true;
      stopTicker();
      actor?.stop();
      root.replaceChildren();
    },
  };
}
