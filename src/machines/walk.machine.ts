// Stepping through a packet walk (the trace steps of one packet): which step is shown.
// The index never leaves [0, total - 1]; with no steps (total 0) the machine is `empty` and the
// index is 0. `walk.load` (a new packet chosen, a new run) starts again at the first step.

import { assign, setup } from 'xstate';

export interface WalkInput {
  readonly total?: number;
}

export interface WalkContext {
  readonly index: number;
  readonly total: number;
}

export type WalkEvent =
  | { readonly type: 'user.next' }
  | { readonly type: 'user.prev' }
  | { readonly type: 'user.first' }
  | { readonly type: 'user.last' }
  /** Jump to a step (a click on it); clamped into range. */
  | { readonly type: 'user.goto'; readonly index: number }
  | { readonly type: 'walk.load'; readonly total: number };

const count = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
const clamp = (i: number, total: number): number => (total === 0 || !Number.isFinite(i) ? 0 : Math.min(total - 1, Math.max(0, Math.floor(i))));

export const walkMachine = setup({
  types: {
    context: {} as WalkContext,
    events: {} as WalkEvent,
    input: {} as WalkInput,
  },
  guards: {
    canGoNext: ({ context }) => context.index < context.total - 1,
    canGoPrev: ({ context }) => context.index > 0,
    hasSteps: ({ context }) => context.total > 0,
  },
  actions: {
    next: assign({ index: ({ context }) => context.index + 1 }),
    prev: assign({ index: ({ context }) => context.index - 1 }),
    first: assign({ index: 0 }),
    last: assign({ index: ({ context }) => Math.max(0, context.total - 1) }),
    goto: assign({ index: ({ context, event }) => (event.type === 'user.goto' ? clamp(event.index, context.total) : context.index) }),
    load: assign(({ event }) => (event.type === 'walk.load' ? { total: count(event.total), index: 0 } : {})),
  },
}).createMachine({
  id: 'walk',
  context: ({ input }) => ({ index: 0, total: count(input.total ?? 0) }),
  initial: 'choosing',
  on: {
    'walk.load': { target: '.choosing', actions: 'load' },
  },
  states: {
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
  },
});
