// The page's side of the one engine worker (worker.ts): callEngine sends a request and resolves
// with the worker's answer; warmEngine starts the worker early (download, parse, and evaluation
// of the engine happen off the main thread while the learner reads); restartEngine throws a
// runaway worker away (the playground's timeout) and starts a fresh one.
//
// The worker is created in exactly one place (startWorker below) so that the bundler emits one
// worker file that every page uses, and the browser caches the engine once.

import type { EngineRequest, EngineResponse } from './protocol.ts';

/** Why a call did not get an answer: the engine was restarted (or failed) while it was pending. */
export class EngineRestarted extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EngineRestarted';
  }
}

/** What the client needs of a Worker (a fake in tests). */
export interface WorkerLike {
  postMessage(message: EngineRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export interface EngineClient {
  call<T>(method: string, arg: unknown): Promise<T>;
  /** Starts the worker if it is not running (idempotent). */
  warm(): void;
  /** Terminates the worker, rejects every pending call with EngineRestarted, and starts a fresh one. */
  restart(reason?: string): void;
  /** Calls sent and not answered yet. */
  readonly pending: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export function createEngineClient(spawn: () => WorkerLike): EngineClient {
  let worker: WorkerLike | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const start = (): WorkerLike => {
    if (worker) return worker;
    const w = spawn();
    w.onmessage = (event) => {
      const message = event.data;
      const call = pending.get(message.id);
      if (!call) return; // an answer to a call already given up (restart)
      pending.delete(message.id);
      if (message.ok) call.resolve(message.value);
      else call.reject(new Error(message.error));
    };
    w.onerror = (event) => {
      // The worker failed to load or threw outside a handler: nothing pending will be answered.
      event.preventDefault?.();
      restart(`the engine stopped: ${event.message || 'it could not be loaded'}`);
    };
    worker = w;
    return w;
  };

  const restart = (reason = 'the engine was restarted before it answered'): void => {
    const old = worker;
    worker = undefined;
    if (old) {
      old.onmessage = null;
      old.onerror = null;
      old.terminate();
    }
    const given = [...pending.values()];
    pending.clear();
    for (const call of given) call.reject(new EngineRestarted(reason));
    start();
  };

  return {
    call<T>(method: string, arg: unknown): Promise<T> {
      const w = start();
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        try {
          w.postMessage({ id, method, arg });
        } catch (error) {
          pending.delete(id);
          reject(error as Error);
        }
      });
    },
    warm(): void {
      start();
    },
    restart,
    get pending(): number {
      return pending.size;
    },
  };
}

let client: EngineClient | undefined;

function pageClient(): EngineClient {
  client ??= createEngineClient(
    () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'packet-path-engine' }) as unknown as WorkerLike,
  );
  return client;
}

/** Calls an engine method in the page's worker (started now if it was not). */
export function callEngine<T>(method: string, arg: unknown): Promise<T> {
  return pageClient().call<T>(method, arg);
}

/** Starts the page's worker now, if it is not started: the engine loads while the learner reads. */
export function warmEngine(): void {
  pageClient().warm();
}

/** Terminates the page's worker and starts a fresh one; pending calls reject with EngineRestarted. */
export function restartEngine(reason?: string): void {
  pageClient().restart(reason);
}

