// Stepping through a packet walk (the trace steps of one packet): which step is shown.
// The index never leaves [0, total - 1]; with no steps (total 0) the machine is `empty` and the
// index is 0. `walk.load` (a new packet chosen, a new run) starts again at the first step.
// The stepping itself is shared with the connection view (stepping.ts).

import { assign, setup } from 'xstate';
import { clamp, count, steppingGuards, steppingStates, type StepEvent, type StepIndex } from './stepping.ts';

export interface WalkInput {
  readonly total?: number;
}

export type WalkContext = StepIndex;

export type WalkEvent = StepEvent | { readonly type: 'walk.load'; readonly total: number };

export const walkMachine = setup({
  types: {
    context: {} as WalkContext,
    events: {} as WalkEvent,
    input: {} as WalkInput,
  },
  guards: steppingGuards,
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
  states: steppingStates,
});
