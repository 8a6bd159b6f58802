// One predict-then-reveal exercise: the learner writes a prediction, checks it (the UI grades
// it with src/grading and passes the grade in the event), retries, or reveals the answer.
// The machine decides only what is allowed when and keeps the counts the progress store needs.
//
//   idle --user.edit--> predicting --user.check--> checked.correct | checked.incorrect
//   checked.incorrect --user.retry | user.edit--> predicting
//   predicting | checked --user.reveal [canReveal]--> revealed (stays revealed)
//   revealed --user.check--> revealed, the check counted (checks keep counting after a reveal;
//     a right one there is no first try and does not make the exercise solved)
//
// `mode: 'graded'` forbids revealing (guard canReveal). `previous` restores an exercise from the
// progress store: a revealed one starts revealed, a solved one starts in checked.correct.

import { assign, setup } from 'xstate';

export type ExerciseMode = 'practice' | 'graded';

/** What the UI computed with the grading functions; `detail` is kept for display (e.g. a CaptureGrade). */
interface ExerciseGrade {
  readonly correct: boolean;
  readonly detail?: unknown;
}

/** The progress store's record of this exercise (src/progress/store.ts ExerciseProgress). */
interface ExercisePrevious {
  readonly attempts: number;
  readonly firstTryCorrect?: boolean;
  readonly correct: boolean;
  readonly revealed: boolean;
}

export interface ExerciseInput {
  readonly mode?: ExerciseMode;
  readonly previous?: ExercisePrevious;
}

interface ExerciseContext {
  readonly mode: ExerciseMode;
  /** Checks made (never decreases). */
  readonly attempts: number;
  /** Set by the first check, never changed after; undefined until then. */
  readonly firstTryCorrect: boolean | undefined;
  readonly revealed: boolean;
  readonly lastGrade: ExerciseGrade | undefined;
  /** Restored from the progress store: solved before this page was opened. */
  readonly solvedBefore: boolean;
  /** Solved: restored as solved, or a right check before the answer was revealed; stays true. */
  readonly solved: boolean;
}

export type ExerciseEvent =
  | { readonly type: 'user.edit' }
  | { readonly type: 'user.check'; readonly grade: ExerciseGrade }
  | { readonly type: 'user.retry' }
  | { readonly type: 'user.reveal' };

export const exerciseMachine = setup({
  types: {
    context: {} as ExerciseContext,
    events: {} as ExerciseEvent,
    input: {} as ExerciseInput,
  },
  guards: {
    gradeIsCorrect: ({ event }) => event.type === 'user.check' && event.grade.correct,
    canReveal: ({ context }) => context.mode === 'practice',
    wasRevealed: ({ context }) => context.revealed,
    wasSolved: ({ context }) => context.solvedBefore,
  },
  actions: {
    recordCheck: assign(({ context, event }) => {
      if (event.type !== 'user.check') return {};
      return {
        attempts: context.attempts + 1,
        // A check after the answer was shown is never a right first try.
        firstTryCorrect: context.firstTryCorrect ?? (event.grade.correct && !context.revealed),
        lastGrade: event.grade,
        solved: context.solved || (event.grade.correct && !context.revealed),
      };
    }),
    markRevealed: assign({ revealed: true }),
  },
}).createMachine({
  id: 'exercise',
  context: ({ input }) => ({
    mode: input.mode ?? 'practice',
    attempts: Math.max(0, Math.floor(input.previous?.attempts ?? 0)),
    // A restored exercise that was never checked keeps firstTryCorrect undefined.
    firstTryCorrect: (input.previous?.attempts ?? 0) > 0 ? input.previous?.firstTryCorrect : undefined,
    revealed: input.previous?.revealed ?? false,
    lastGrade: undefined,
    solvedBefore: input.previous?.correct ?? false,
    solved: input.previous?.correct ?? false,
  }),
  initial: 'idle',
  states: {
    idle: {
      always: [
        { guard: 'wasRevealed', target: 'revealed' },
        { guard: 'wasSolved', target: 'checked.correct' },
      ],
      on: {
        'user.edit': { target: 'predicting' },
      },
    },
    predicting: {
      on: {
        'user.edit': {},
        'user.check': [
          { guard: 'gradeIsCorrect', target: 'checked.correct', actions: 'recordCheck' },
          { target: 'checked.incorrect', actions: 'recordCheck' },
        ],
        'user.reveal': { guard: 'canReveal', target: 'revealed', actions: 'markRevealed' },
      },
    },
    checked: {
      // Never entered without naming the substate; xstate wants an initial one all the same.
      initial: 'incorrect',
      on: {
        'user.reveal': { guard: 'canReveal', target: 'revealed', actions: 'markRevealed' },
      },
      states: {
        correct: {},
        incorrect: {
          on: {
            'user.retry': { target: '#exercise.predicting' },
            // Editing the prediction after a wrong check is a retry.
            'user.edit': { target: '#exercise.predicting' },
          },
        },
      },
    },
    revealed: {
      on: {
        'user.check': { actions: 'recordCheck' },
      },
    },
  },
});
