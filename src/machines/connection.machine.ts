// Stepping through one connection, packet by packet (the <ConnectionView> island). The same
// stepping model as the packet walk (walk.machine.ts: first/prev/next/last, the index never leaves
// [0, total - 1]), plus where the data is: the timeline comes from the engine worker, so the view
// is `loading` until it arrives, and `failed` (with the reason) when the engine could not run.
// Step 0 is "before the first packet"; step k is "after packet k".

import { assign, setup } from 'xstate';

export interface ConnectionInput {
  readonly total?: number;
}

export interface ConnectionContext {
  readonly index: number;
  readonly total: number;
  /** Why the engine gave no timeline (state `failed`). */
  readonly error?: string;
}

export type ConnectionEvent =
  | { readonly type: 'user.next' }
  | { readonly type: 'user.prev' }
  | { readonly type: 'user.first' }
  | { readonly type: 'user.last' }
  | { readonly type: 'user.goto'; readonly index: number }
  /** A timeline arrived (a flow chosen, a new run): start again at its first step. */
  | { readonly type: 'timeline.load'; readonly total: number }
  /** The engine could not give one; a later load recovers. */
  | { readonly type: 'timeline.failed'; readonly error: string }
  /** Asking the engine again (another flow, another run). */
  | { readonly type: 'timeline.request' };

const count = (n: number): number => (Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0);
const clamp = (i: number, total: number): number => (total === 0 || !Number.isFinite(i) ? 0 : Math.min(total - 1, Math.max(0, Math.floor(i))));

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
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
    load: assign(({ event }) => (event.type === 'timeline.load' ? { total: count(event.total), index: 0, error: undefined } : {})),
    fail: assign(({ event }) => (event.type === 'timeline.failed' ? { error: event.error, total: 0, index: 0 } : {})),
  },
}).createMachine({
  id: 'connection',
  context: ({ input }) => ({ index: 0, total: count(input.total ?? 0) }),
  initial: 'loading',
  on: {
    'timeline.load': { target: '.choosing', actions: 'load' },
    'timeline.failed': { target: '.failed', actions: 'fail' },
    'timeline.request': { target: '.loading' },
  },
  states: {
    loading: {},
    failed: {},
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
