// What the packet walk (walk.machine.ts) and the connection view (connection.machine.ts) share:
// stepping through `total` steps with first/prev/next/last and a jump, the index never leaving
// [0, total - 1]; with no steps the machine is `empty` and the index is 0.

export interface StepIndex {
  readonly index: number;
  readonly total: number;
}

export type StepEvent =
  | { readonly type: 'user.next' }
  | { readonly type: 'user.prev' }
  | { readonly type: 'user.first' }
  | { readonly type: 'user.last' }
  /** Jump to a step (a click on it); clamped into range. */
  | { readonly type: 'user.goto'; readonly index: number };

/** A step count from outside (a message, an input): a whole number, at least 0. */
export const count = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);

/** A jump's index into [0, total - 1] (0 with no steps). */
export const clamp = (i: number, total: number): number => (total === 0 || !Number.isFinite(i) ? 0 : Math.min(total - 1, Math.max(0, Math.floor(i))));

/** The guards every stepping machine's setup takes; its actions next/prev/first/last/goto move `index` (assign needs each machine's own event type). */
export const steppingGuards = {
  canGoNext: ({ context }: { context: StepIndex }) => context.index < context.total - 1,
  canGoPrev: ({ context }: { context: StepIndex }) => context.index > 0,
  hasSteps: ({ context }: { context: StepIndex }) => context.total > 0,
};

/** `choosing` (after a load: stepping, or empty when there is nothing to step), `empty` and `stepping`. */
export const steppingStates = {
  // Transient: decides between empty and stepping after (re)loading.
  choosing: {
    always: [{ guard: 'hasSteps', target: 'stepping' }, { target: 'empty' }],
  },
  empty: {},
  stepping: {
    on: {
      'user.next': { guard: 'canGoNext', actions: 'next' },
      'user.prev': { guard: 'canGoPrev', actions: 'prev' },
      'user.first': { actions: 'first' },
      'user.last': { actions: 'last' },
      'user.goto': { actions: 'goto' },
    },
  },
} as const;
