// The playground's engine, in a module Web Worker: the page posts a script, the worker runs it
// with runPlayground (src/playground/run.ts) and posts the lab model back. A run that never
// ends is the page's problem: it terminates this worker after a wall-clock timeout and starts
// a new one, so nothing here needs to be interruptible.

import { runPlayground } from '../../playground/run.ts';
import { engineVocabulary } from '../../playground/vocabulary.ts';
import type { FromWorker, RunResult, ToWorker } from '../../playground/protocol.ts';

const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type !== 'run') return;
  const t0 = performance.now();
  const run = runPlayground(message.source);
  const result: RunResult = { ...run, captures: run.captures.map(({ ns, dev, id, lines }) => ({ ns, dev, id, lines })) };
  scope.postMessage({ type: 'result', id: message.id, result, ms: Math.round(performance.now() - t0) });
};

scope.postMessage({ type: 'ready', vocabulary: engineVocabulary() });
