// Taking a quiz (src/ui/quiz/mount.ts): which screen shows, what is allowed when, the attempts,
// the time limit. The UI renders, reads answers and grades (with the engine); the machine only
// decides, and keeps the counts.
//
// Graded (an assignment, a student):
//   intro --quiz.start [canStart]--> preparing --(done)--> taking --quiz.submit | timer.expired--> grading --(done)--> submitted
//   taking.timed raises timer.expired when the time limit runs out (a delayed event: the
//   actor's clock, so tests drive it with SimulatedClock); submitted --quiz.again [hasAttemptsLeft]--> intro.
// Practice (no assignment):
//   preparing --(done)--> practicing; question.check / question.reveal per question;
//   quiz.newVariant --> preparing with the next practice seed.
// Practice with an assignment (the teacher's practice link): intro -> preparing -> practicing,
//   plus quiz.submit -> grading -> submitted (no time limit, no attempt limit).
//
// The two async steps are promise actors the UI provides (machine.provide({ actors })):
// `prepare` (load the engine, draw the variant, compute each question's choices; its output
// carries the time the questions appeared) and `grade` (grade every answer, build the result
// file). Side effects on storage are named actions the UI provides too (persistStart,
// persistSubmit); here they do nothing.

import { assign, fromPromise, raise, setup, type SnapshotFrom } from 'xstate';
import type { OpenAttempt } from '../quiz/types.ts';

type QuizMode = 'practice' | 'graded';

export interface QuizInput {
  readonly mode: QuizMode;
  /** An assignment (graded, or a teacher's practice link): the learner names themselves and submits. */
  readonly assigned?: boolean;
  /** Attempts allowed; undefined: no limit. */
  readonly attemptsAllowed?: number;
  /** Attempts this student already started (from storage). */
  readonly attemptsUsed?: number;
  readonly open?: OpenAttempt;
  readonly timeLimitMinutes?: number;
  /** A student already known (SCORM's learner name): prefilled. */
  readonly student?: string;
  /** Practice: the variant to start with (remembered by the page); default 1. */
  readonly variant?: number;
  /** Practice with a seed the host fixed: no new variants. */
  readonly fixedSeed?: boolean;
}

/** What `prepare` is given: the practice variant and the student (the seed is theirs). */
export interface PrepareInput {
  readonly variant: number;
  readonly student: string;
}

/** What `grade` is given: whether the timer submitted the answers, and the attempt. */
export interface GradeInput {
  readonly expired: boolean;
  readonly attempt: number;
}

/** What `prepare` resolves with: when the questions appeared, and the UI's own data. */
export interface PrepareOutput {
  readonly now: number;
  readonly data?: unknown;
}

/** What `grade` resolves with: the UI's own data (score, result file). */
export interface GradeOutput {
  readonly data?: unknown;
}

interface PracticeState {
  readonly checks: number;
  readonly correct: boolean;
  readonly revealed: boolean;
}

export interface QuizContext {
  readonly mode: QuizMode;
  readonly assigned: boolean;
  readonly fixedSeed: boolean;
  readonly attemptsAllowed: number | undefined;
  readonly attemptsUsed: number;
  readonly open: OpenAttempt | undefined;
  readonly timeLimitMs: number | undefined;
  readonly student: string;
  /** Practice variant number (practice seed "practice:<n>"). */
  readonly variant: number;
  /** The attempt being taken or last submitted (1-based; 0 before the first). */
  readonly attempt: number;
  readonly startedAt: number | undefined;
  readonly deadline: number | undefined;
  /** Time left when the questions appeared (ms); the timer's delay. */
  readonly timeLeftMs: number;
  /** The time limit ran out: the answers were submitted by the timer. */
  readonly expired: boolean;
  readonly practice: Readonly<Record<string, PracticeState>>;
  readonly prepared: unknown;
  readonly outcome: unknown;
  readonly error: string | undefined;
}

export type QuizEvent =
  | { readonly type: 'student.change'; readonly name: string; readonly attemptsUsed: number; readonly open?: OpenAttempt }
  | { readonly type: 'quiz.start' }
  | { readonly type: 'quiz.submit' }
  | { readonly type: 'timer.expired' }
  | { readonly type: 'question.check'; readonly key: string; readonly correct: boolean }
  | { readonly type: 'question.reveal'; readonly key: string }
  | { readonly type: 'quiz.newVariant' }
  | { readonly type: 'quiz.retry' }
  | { readonly type: 'quiz.again' };

/** Longest accepted student name or id (characters, after trimming). */
export const MAX_STUDENT_LENGTH = 120;

const count = (n: number | undefined): number => (n !== undefined && Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);

export function validStudent(name: string): boolean {
  const t = name.trim();
  return t.length > 0 && t.length <= MAX_STUDENT_LENGTH && !/[\u0000-\u001f\u007f]/.test(t);
}

/** Attempts left (Infinity when unlimited). */
export function attemptsLeft(context: Pick<QuizContext, 'attemptsAllowed' | 'attemptsUsed'>): number {
  return context.attemptsAllowed === undefined ? Infinity : Math.max(0, context.attemptsAllowed - context.attemptsUsed);
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export const quizMachine = setup({
  types: {
    context: {} as QuizContext,
    events: {} as QuizEvent,
    input: {} as QuizInput,
  },
  actors: {
    // Placeholders: the UI provides the real ones.
    prepare: fromPromise<PrepareOutput, PrepareInput>(async () => ({ now: 0 })),
    grade: fromPromise<GradeOutput, GradeInput>(async () => ({})),
  },
  guards: {
    needsIntro: ({ context }) => context.assigned || context.mode === 'graded',
    isPractice: ({ context }) => context.mode === 'practice',
    canStart: ({ context }) => validStudent(context.student) && (context.open !== undefined || attemptsLeft(context) > 0),
    hasAttemptsLeft: ({ context }) => attemptsLeft(context) > 0,
    hasTimeLimit: ({ context }) => context.timeLimitMs !== undefined,
    canReveal: ({ context }) => context.mode === 'practice',
    canSubmit: ({ context }) => context.assigned || context.mode === 'graded',
    canNewVariant: ({ context }) => context.mode === 'practice' && !context.assigned && !context.fixedSeed,
  },
  actions: {
    setStudent: assign(({ event }) => {
      if (event.type !== 'student.change') return {};
      return { student: event.name, attemptsUsed: count(event.attemptsUsed), open: event.open };
    }),
    // The actors' results come in as params, typed from the actors above (onDone's event.output).
    storePrepared: assign((_, output: PrepareOutput) => ({ prepared: output.data, practice: {}, error: undefined, expired: false, outcome: undefined })),
    /** The questions are on screen: the attempt counts from now (or from when a resumed one began). */
    beginAttempt: assign(({ context }, { now }: PrepareOutput) => {
      const resumed = context.open;
      const startedAt = resumed?.startedAt ?? now;
      const attempt = resumed?.attempt ?? context.attemptsUsed + 1;
      const deadline = context.timeLimitMs === undefined ? undefined : startedAt + context.timeLimitMs;
      return {
        attempt,
        attemptsUsed: Math.max(context.attemptsUsed, attempt),
        startedAt,
        deadline,
        timeLeftMs: deadline === undefined ? 0 : Math.max(0, deadline - now),
        open: { attempt, startedAt },
      };
    }),
    /** Practice: no limits; the attempt number only names a practice link's result file. */
    beginPracticeAttempt: assign(({ context }, { now }: PrepareOutput) => ({
      attempt: context.attemptsUsed + 1,
      startedAt: now,
      deadline: undefined,
    })),
    markExpired: assign({ expired: true }),
    storeOutcome: assign(({ context }, output: GradeOutput) => ({
      outcome: output.data,
      attemptsUsed: Math.max(context.attemptsUsed, context.attempt),
      open: undefined,
      error: undefined,
    })),
    storeError: assign((_, { error }: { error: unknown }) => ({ error: errorText(error) })),
    recordCheck: assign(({ context, event }) => {
      if (event.type !== 'question.check') return {};
      const was = context.practice[event.key] ?? { checks: 0, correct: false, revealed: false };
      return { practice: { ...context.practice, [event.key]: { ...was, checks: was.checks + 1, correct: event.correct } } };
    }),
    recordReveal: assign(({ context, event }) => {
      if (event.type !== 'question.reveal') return {};
      const was = context.practice[event.key] ?? { checks: 0, correct: false, revealed: false };
      return { practice: { ...context.practice, [event.key]: { ...was, revealed: true } } };
    }),
    nextVariant: assign({ variant: ({ context }) => context.variant + 1 }),
    clearAttempt: assign({ outcome: undefined, prepared: undefined, expired: false, startedAt: undefined, deadline: undefined }),
    // Storage, provided by the UI.
    persistStart: () => {},
    persistSubmit: () => {},
  },
  delays: {
    timeLeft: ({ context }) => context.timeLeftMs,
  },
}).createMachine({
  id: 'quiz',
  context: ({ input }) => ({
    mode: input.mode,
    assigned: input.assigned ?? false,
    fixedSeed: input.fixedSeed ?? false,
    attemptsAllowed: input.attemptsAllowed === undefined ? undefined : Math.max(1, count(input.attemptsAllowed)),
    attemptsUsed: count(input.attemptsUsed),
    open: input.open,
    timeLimitMs: input.timeLimitMinutes !== undefined && input.timeLimitMinutes > 0 ? input.timeLimitMinutes * 60_000 : undefined,
    student: input.student ?? '',
    variant: Math.max(1, count(input.variant ?? 1)),
    attempt: 0,
    startedAt: undefined,
    deadline: undefined,
    timeLeftMs: 0,
    expired: false,
    practice: {},
    prepared: undefined,
    outcome: undefined,
    error: undefined,
  }),
  initial: 'entering',
  states: {
    // Transient: an assignment starts with its intro, free practice with its questions.
    entering: {
      always: [{ guard: 'needsIntro', target: 'intro' }, { target: 'preparing' }],
    },
    intro: {
      on: {
        'student.change': { actions: 'setStudent' },
        'quiz.start': { guard: 'canStart', target: 'preparing' },
      },
    },
    preparing: {
      invoke: {
        id: 'prepare',
        src: 'prepare',
        input: ({ context }) => ({ variant: context.variant, student: context.student }),
        onDone: [
          {
            guard: 'isPractice',
            target: 'practicing',
            actions: [
              { type: 'storePrepared', params: ({ event }) => event.output },
              { type: 'beginPracticeAttempt', params: ({ event }) => event.output },
            ],
          },
          {
            target: 'taking',
            actions: [
              { type: 'storePrepared', params: ({ event }) => event.output },
              { type: 'beginAttempt', params: ({ event }) => event.output },
              'persistStart',
            ],
          },
        ],
        onError: { target: 'prepareFailed', actions: { type: 'storeError', params: ({ event }) => ({ error: event.error }) } },
      },
    },
    prepareFailed: {
      on: { 'quiz.retry': { target: 'preparing' } },
    },
    taking: {
      initial: 'choosing',
      states: {
        choosing: {
          always: [{ guard: 'hasTimeLimit', target: 'timed' }, { target: 'untimed' }],
        },
        timed: {
          after: { timeLeft: { actions: raise({ type: 'timer.expired' }) } },
        },
        untimed: {},
      },
      on: {
        'quiz.submit': { target: 'grading' },
        'timer.expired': { target: 'grading', actions: 'markExpired' },
      },
    },
    practicing: {
      on: {
        'question.check': { actions: 'recordCheck' },
        'question.reveal': { guard: 'canReveal', actions: 'recordReveal' },
        'quiz.newVariant': { guard: 'canNewVariant', target: 'preparing', actions: 'nextVariant' },
        'quiz.submit': { guard: 'canSubmit', target: 'grading' },
      },
    },
    grading: {
      invoke: {
        id: 'grade',
        src: 'grade',
        input: ({ context }) => ({ expired: context.expired, attempt: context.attempt }),
        onDone: { target: 'submitted', actions: [{ type: 'storeOutcome', params: ({ event }) => event.output }, 'persistSubmit'] },
        onError: { target: 'gradeFailed', actions: { type: 'storeError', params: ({ event }) => ({ error: event.error }) } },
      },
    },
    gradeFailed: {
      on: { 'quiz.retry': { target: 'grading' } },
    },
    submitted: {
      on: {
        'quiz.again': { guard: 'hasAttemptsLeft', target: 'intro', actions: 'clearAttempt' },
      },
    },
  },
});

type QuizMachine = typeof quizMachine;

/**
 * What the learner may see of the right answers (QuestionGrade.feedback, the explanations):
 * - graded, before submission: nothing;
 * - graded, submitted, with another attempt to come: hints only (what is wrong, not the right
 *   value), since the seed is assignment + student and the next attempt is the same variant.
 *   `attemptsLeft` is Infinity when the assignment sets no limit;
 * - graded, submitted, no attempt left: the answers;
 * - practice (free, or a teacher's practice link): the answers (Reveal answer shows them anyway;
 *   Check answer gives hints).
 */
type Disclosure = { readonly show: 'nothing' } | { readonly show: 'hints'; readonly attemptsLeft: number } | { readonly show: 'answers' };

export function disclosure(snapshot: Pick<SnapshotFrom<QuizMachine>, 'context' | 'matches'>): Disclosure {
  if (snapshot.context.mode === 'practice') return { show: 'answers' };
  if (!snapshot.matches('submitted')) return { show: 'nothing' };
  const left = attemptsLeft(snapshot.context);
  return left > 0 ? { show: 'hints', attemptsLeft: left } : { show: 'answers' };
}
