// The one engine worker of every page (lessons, quizzes, the playground): a module Web Worker
// that answers { id, method, arg } requests from client.ts with the handler tables' values.
// One file, so the browser downloads and caches the engine once for the whole site.

import { dispatch, mergeHandlers } from './dispatch.ts';
import { labHandlers } from './handlers-lab.ts';
import { playgroundHandlers } from './handlers-playground.ts';
import { quizHandlers } from './handlers-quiz.ts';
import type { EngineRequest, EngineResponse } from './protocol.ts';

const handlers = mergeHandlers(labHandlers, playgroundHandlers, quizHandlers);

const scope = self as unknown as {
  postMessage(message: EngineResponse): void;
  onmessage: ((event: MessageEvent<EngineRequest>) => void) | null;
};

scope.onmessage = (event) => {
  void dispatch(handlers, event.data).then((response) => {
    try {
      scope.postMessage(response);
    } catch (error) {
      // A value that cannot be cloned (a handler's bug): say so rather than leave the call hanging.
      scope.postMessage({ id: response.id, ok: false, error: `the engine's answer could not be sent: ${(error as Error).message}` });
    }
  });
};
