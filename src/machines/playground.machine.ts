// The playground page's flow: the learner edits a script, runs it (the engine runs in a Web
// Worker), and sees the result: `ran` (it ran to the end), `failed` (a command failed, or a
// limit of the simulation stopped it) or `timedOut` (the worker took too long and was
// stopped). Every finished run is kept in a history (script, output, outcome) so the next run
// can be compared with it, and an earlier script can be brought back into the editor.
//
// Pure: the page (src/ui/playground/page.ts) owns the worker and the DOM. It sends
// `run.start` and, when the state is `running`, posts the script to the worker; the worker's
// answer comes back as `run.done`, the page's timer as `run.timeout`.

import { assign, setup } from 'xstate';

/** How a run ended. */
type RunOutcome = 'ran' | 'failed' | 'timedOut';

/** What the machine keeps of a run (the page keeps the full lab model of the latest one). */
export interface RunRecord {
  /** 1, 2, 3...: the run's number on this page. */
  readonly id: number;
  readonly source: string;
  /** The scenario output (printed blocks, then captures), as `netsim run` prints it. */
  readonly output: string;
  readonly outcome: RunOutcome;
  /** The message of an error, a limit, or the timeout. */
  readonly message?: string;
  /** The script line the message is about (1-based; 0 when it is about no line). */
  readonly line?: number;
}

/** The worker's answer, reduced to what the flow needs. */
interface RunAnswer {
  readonly output: string;
  readonly error?: { readonly line: number; readonly message: string };
  readonly stopped?: { readonly line: number; readonly message: string };
}

interface PlaygroundContext {
  /** The editor's text. */
  readonly source: string;
  /** The script being run (set on run.start). */
  readonly running?: string;
  /** Finished runs, oldest first; at most MAX_HISTORY. */
  readonly history: readonly RunRecord[];
  readonly nextId: number;
}

interface PlaygroundInput {
  readonly source?: string;
}

export type PlaygroundEvent =
  | { readonly type: 'editor.change'; readonly source: string }
  | { readonly type: 'run.start' }
  | { readonly type: 'run.done'; readonly answer: RunAnswer }
  | { readonly type: 'run.timeout' }
  /** Put the script of an earlier run back into the editor (its output stays in the history). */
  | { readonly type: 'history.restore'; readonly id: number }
  | { readonly type: 'history.clear' };

/** Runs kept for comparison and for going back. */
export const MAX_HISTORY = 20;

export const TIMEOUT_MESSAGE = 'The run took too long and was stopped. Look for a loop (a chain that jumps back to itself, a bridge loop) or too much traffic, change the script and run it again.';

function keep(history: readonly RunRecord[], record: RunRecord): RunRecord[] {
  const all = [...history, record];
  return all.slice(Math.max(0, all.length - MAX_HISTORY));
}

export const playgroundMachine = setup({
  types: {
    context: {} as PlaygroundContext,
    events: {} as PlaygroundEvent,
    input: {} as PlaygroundInput,
  },
  guards: {
    hasScript: ({ context }) => context.source.trim() !== '',
    answerIsClean: ({ event }) => event.type === 'run.done' && !event.answer.error && !event.answer.stopped,
    knownRun: ({ context, event }) => event.type === 'history.restore' && context.history.some((r) => r.id === event.id),
  },
  actions: {
    setSource: assign({ source: ({ context, event }) => (event.type === 'editor.change' ? event.source : context.source) }),
    startRun: assign({ running: ({ context }) => context.source }),
    recordAnswer: assign(({ context, event }) => {
      if (event.type !== 'run.done') return {};
      const { answer } = event;
      const problem = answer.error ?? answer.stopped;
      const record: RunRecord = {
        id: context.nextId,
        source: context.running ?? context.source,
        output: answer.output,
        outcome: problem ? 'failed' : 'ran',
        ...(problem ? { message: problem.message, line: problem.line } : {}),
      };
      return { history: keep(context.history, record), nextId: context.nextId + 1, running: undefined };
    }),
    recordTimeout: assign(({ context }) => {
      const record: RunRecord = { id: context.nextId, source: context.running ?? context.source, output: '', outcome: 'timedOut', message: TIMEOUT_MESSAGE, line: 0 };
      return { history: keep(context.history, record), nextId: context.nextId + 1, running: undefined };
    }),
    restore: assign({
      source: ({ context, event }) => (event.type === 'history.restore' ? (context.history.find((r) => r.id === event.id)?.source ?? context.source) : context.source),
    }),
    clearHistory: assign({ history: [] }),
  },
}).createMachine({
  id: 'playground',
  context: ({ input }) => ({ source: input.source ?? '', history: [], nextId: 1 }),
  initial: 'editing',
  states: {
    editing: {
      on: {
        'editor.change': { actions: 'setSource' },
        'run.start': { guard: 'hasScript', target: 'running', actions: 'startRun' },
        'history.restore': { guard: 'knownRun', actions: 'restore' },
        'history.clear': { actions: 'clearHistory' },
      },
    },
    running: {
      // The editor stays editable: a change is kept for the next run; a second run waits.
      on: {
        'editor.change': { actions: 'setSource' },
        'run.done': [
          { guard: 'answerIsClean', target: 'ran', actions: 'recordAnswer' },
          { target: 'failed', actions: 'recordAnswer' },
        ],
        'run.timeout': { target: 'timedOut', actions: 'recordTimeout' },
      },
    },
    // The three outcomes behave like editing (edit, run again, go back), and say how the last run ended.
    ran: {
      on: {
        'editor.change': { actions: 'setSource' },
        'run.start': { guard: 'hasScript', target: 'running', actions: 'startRun' },
        'history.restore': { guard: 'knownRun', target: 'editing', actions: 'restore' },
        'history.clear': { actions: 'clearHistory' },
      },
    },
    failed: {
      on: {
        'editor.change': { actions: 'setSource' },
        'run.start': { guard: 'hasScript', target: 'running', actions: 'startRun' },
        'history.restore': { guard: 'knownRun', target: 'editing', actions: 'restore' },
        'history.clear': { actions: 'clearHistory' },
      },
    },
    timedOut: {
      on: {
        'editor.change': { actions: 'setSource' },
        'run.start': { guard: 'hasScript', target: 'running', actions: 'startRun' },
        'history.restore': { guard: 'knownRun', target: 'editing', actions: 'restore' },
        'history.clear': { actions: 'clearHistory' },
      },
    },
  },
});

/** The run before the latest one (what the latest is compared with), if any. */
export function previousRun(history: readonly RunRecord[]): RunRecord | undefined {
  return history.length >= 2 ? history[history.length - 2] : undefined;
}
