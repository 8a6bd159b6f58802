// Stepping through one connection, packet by packet (the <ConnectionView> island). The same
// stepping model as the packet walk (walk.machine.ts: first/prev/next/last, the index never leaves
// [0, total - 1]), plus where the data is: the timeline comes from the engine worker, so the view
// is `loading` until it arrives, and `failed` (with the reason) when the engine could not run.
// Step 0 is "before the first packet"; step k is "after packet k".

import { assign, setup } from 'xstate';
import { clamp, count, steppingGuards, steppingStates, type StepEvent, type StepIndex } from './stepping.ts';

export interface ConnectionInput {
  readonly total?: number;
}

export interface ConnectionContext extends StepIndex {
  /** Why the engine gave no timeline (state `failed`). */
  readonly error?: string;
}

export type ConnectionEvent =
  | StepEvent
  /** A timeline arrived (a flow chosen, a new run): start again at its first step. */
  | { readonly type: 'timeline.load'; readonly total: number }
  /** The engine could not give one; a later load recovers. */
  | { readonly type: 'timeline.failed'; readonly error: string }
  /** Asking the engine again (another flow, another run). */
  | { readonly type: 'timeline.request' };

export const connectionMachine = setup({
  types: {
    context: {} as ConnectionContext,
    events: {} as ConnectionEvent,
    input: {} as ConnectionInput,
  },
  guards: steppingGuards,
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
    ...steppingStates,
  },
});
