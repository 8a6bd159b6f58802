// The screens only a quiz taken for a teacher shows (an assignment link, graded or practice, and
// the SCORM package): the intro (the rules, the due date, the learner's name), the countdown of a
// time limit, and the result after submitting. mountQuiz (mount.ts) is given this module by the
// pages that take such quizzes, so a practice quiz page does not load it.

import { attemptsLeft, disclosure, MAX_STUDENT_LENGTH, validStudent, type QuizContext, type QuizEvent, type quizMachine } from '../../machines/quiz.machine.ts';
import { passMarkPercent, percentOf } from '../../quiz/score.ts';
import { dueTime } from '../../quiz/due.ts';
import { resultFileName } from '../../quiz/text.ts';
import type { AttemptRecord } from '../../quiz/attempt-storage.ts';
import type { Assignment, QuizDefinition, ResultFile } from '../../quiz/types.ts';
import type { SnapshotFrom } from 'xstate';
import { downloadText, h, uid } from './dom.ts';
import type { QuestionCard } from './card.ts';
import type { Outcome } from './mount.ts';
import { plural, pointsText } from './words.ts';

/** What these screens need of the mounted quiz (mount.ts). */
export interface GradedHost {
  readonly mode: 'practice' | 'graded';
  readonly assignment: Assignment | undefined;
  /** The learner, when the host knows them (an LMS): not asked for. */
  readonly knownStudent: string | undefined;
  readonly definitions: readonly QuizDefinition[];
  snapshot(): SnapshotFrom<typeof quizMachine>;
  send(event: QuizEvent): void;
  /** The learner's attempts at this quiz, as stored. */
  record(student: string): AttemptRecord;
  /** Replaces the screen. */
  show(name: string, ...children: (Node | null)[]): void;
  announce(text: string): void;
}

function formatDue(due: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(due);
  const d = new Date(dateOnly ? `${due}T12:00:00Z` : due);
  if (Number.isNaN(d.getTime())) return due;
  return dateOnly
    ? d.toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) + ' (end of the day, UTC)'
    : d.toLocaleString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

function clock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A duration as the intro and the announcements say it: "25 minutes", "40 seconds". */
export function minutesText(ms: number): string {
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

function downloadResult(result: ResultFile): void {
  downloadText(resultFileName(result.assignment.title, result.student, result.attempt), `${JSON.stringify(result, null, 2)}\n`);
}

/** Before the questions: the rules, the learner's name (unless the host knows it), Start quiz. */
export function renderIntro(host: GradedHost): void {
  const { mode, assignment, knownStudent, definitions } = host;
  const context = (): QuizContext => host.snapshot().context;
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
    const late = Date.now() > dueTime(assignment.due);
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
    const last = validStudent(c.student) ? host.record(c.student).last : undefined;
    again.hidden = !last;
    again.replaceChildren();
    if (last) {
      const b = h('button', { type: 'button', class: 'secondary' }, `Download the result file of attempt ${last.attempt} again`);
      b.addEventListener('click', () => downloadResult(last));
      again.append(b);
    }
  };
  const setStudent = (name: string): void => {
    const r = validStudent(name) ? host.record(name) : { used: 0 };
    host.send({ type: 'student.change', name, attemptsUsed: r.used, ...(r.open ? { open: r.open } : {}) });
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
    host.send({ type: 'quiz.start' });
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
  host.show(
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

/**
 * The time left, in `timer`, every second until `deadline`, with an announcement at 5 minutes, 1
 * minute and 30 seconds left. Returns what stops it.
 */
export function startCountdown(host: GradedHost, timer: HTMLElement, deadline: number): () => void {
  const marks = [5 * 60_000, 60_000, 30_000].filter((m) => deadline - Date.now() > m + 1000);
  const tick = (): void => {
    const left = deadline - Date.now();
    timer.textContent = `Time left: ${clock(left)}`;
    timer.classList.toggle('is-short', left <= 60_000);
    while (marks.length && left <= marks[0]!) {
      const mark = marks.shift()!;
      host.announce(`${minutesText(mark)} left.`);
    }
    // The machine's own timer submits; this catches a tab whose timers were held back.
    if (left <= 0) host.send({ type: 'timer.expired' });
  };
  tick();
  const ticker = setInterval(tick, 1000);
  return () => clearInterval(ticker);
}

/** After submitting: the score, the result file, another attempt if one is left, and the locked questions. */
export function renderSubmitted(host: GradedHost, cards: readonly QuestionCard[]): void {
  const { mode } = host;
  const assigned = host.assignment !== undefined;
  const snapshot = host.snapshot();
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
  if (ctx.expired) parts.push(h('p', { class: 'quiz-message', role: 'status' }, 'The time was up: your answers were submitted as they were.'));
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
    again.addEventListener('click', () => host.send({ type: 'quiz.again' }));
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
  host.show('submitted', panel, h('h2', { class: 'quiz-review-title' }, 'Your answers, question by question'), ...questions);
}
