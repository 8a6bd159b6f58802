// The messages between a page and the one engine worker (worker.ts). A request names a method of
// the handler tables (handlers-*.ts) and carries one structured-clone-safe argument; the answer
// carries the same id, and either the handler's value or the error's message.

export interface EngineRequest {
  readonly id: number;
  readonly method: string;
  readonly arg: unknown;
}

export type EngineResponse =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };

/**
 * A method: takes the request's argument, returns a structured-clone-safe value (or its promise).
 * `never`: each table types its own argument; what arrives is trusted as the caller sent it.
 */
export type EngineHandler = (arg: never) => unknown;

export type HandlerTable = Readonly<Record<string, EngineHandler>>;
