// The playground's engine methods: run a typed script, and the engine's words for the editor's
// completions. A run that never ends is the page's problem: it restarts the engine after a
// wall-clock timeout (client.ts restartEngine), so nothing here needs to be interruptible.

import { runPlayground } from '../../playground/run.ts';
import { engineVocabulary } from '../../playground/vocabulary.ts';
import type { RunResult, Vocabulary } from '../../playground/protocol.ts';

export interface PlaygroundAnswer {
  readonly result: RunResult;
  /** How long the engine ran, in the worker. */
  readonly ms: number;
}

export const playgroundHandlers = {
  'playground.run'(source: string): PlaygroundAnswer {
    const t0 = performance.now();
    const run = runPlayground(source);
    // Frames stay behind: the page never reads them, and they are most of a flood's weight.
    const result: RunResult = { ...run, captures: run.captures.map(({ ns, dev, id, lines }) => ({ ns, dev, id, lines })) };
    return { result, ms: Math.round(performance.now() - t0) };
  },
  'playground.vocabulary'(_arg: unknown): Vocabulary {
    return engineVocabulary();
  },
};
