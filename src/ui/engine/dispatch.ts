// What the worker does with one request, apart from the worker itself (so it is testable in
// Node): find the method in the handler tables, run it, and turn a throw or an unknown method
// into an error answer rather than a dead worker.

import type { EngineRequest, EngineResponse, HandlerTable } from './protocol.ts';

/** One table from several; a method defined twice is a programming error, caught at start. */
export function mergeHandlers(...tables: HandlerTable[]): HandlerTable {
  const merged: Record<string, HandlerTable[string]> = {};
  for (const table of tables) {
    for (const [method, handler] of Object.entries(table)) {
      if (Object.hasOwn(merged, method)) throw new Error(`engine method ${method} is defined twice`);
      merged[method] = handler;
    }
  }
  return merged;
}

export async function dispatch(handlers: HandlerTable, request: EngineRequest): Promise<EngineResponse> {
  const { id, method } = request;
  const handler = Object.hasOwn(handlers, method) ? handlers[method] : undefined;
  if (!handler) return { id, ok: false, error: `the engine has no method "${method}"` };
  try {
    return { id, ok: true, value: await handler(request.arg as never) };
  } catch (error) {
    return { id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
