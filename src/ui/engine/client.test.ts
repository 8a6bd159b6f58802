import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createEngineClient, EngineRestarted, type WorkerLike } from './client.ts';
import { dispatch, mergeHandlers } from './dispatch.ts';
import type { EngineRequest, EngineResponse, HandlerTable } from './protocol.ts';

/** A worker that runs the real dispatch on a handler table, answering on the next microtask. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<EngineResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly sent: EngineRequest[] = [];
  private readonly handlers: HandlerTable;
  constructor(handlers: HandlerTable) {
    this.handlers = handlers;
  }
  postMessage(message: EngineRequest): void {
    this.sent.push(message);
    void dispatch(this.handlers, structuredClone(message)).then((response) => {
      if (!this.terminated) this.onmessage?.({ data: structuredClone(response) } as MessageEvent<EngineResponse>);
    });
  }
  terminate(): void {
    this.terminated = true;
  }
  fail(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

const never = new Promise<never>(() => {});
const handlers: HandlerTable = {
  double: (n: number) => n * 2,
  later: async (s: string) => `${s}!`,
  boom: () => {
    throw new Error('the scenario failed at line 3');
  },
  hang: () => never,
};

function setup() {
  const workers: FakeWorker[] = [];
  const client = createEngineClient(() => {
    const w = new FakeWorker(handlers);
    workers.push(w);
    return w;
  });
  return { client, workers };
}

describe('engine client', () => {
  test('answers each call with its own value, in any order of methods', async () => {
    const { client, workers } = setup();
    const [a, b] = await Promise.all([client.call<number>('double', 21), client.call<string>('later', 'hi')]);
    assert.equal(a, 42);
    assert.equal(b, 'hi!');
    assert.equal(workers.length, 1, 'one worker for every call');
    assert.equal(client.pending, 0);
  });

  test('an unknown method and a throwing handler reject with the reason, and the worker keeps serving', async () => {
    const { client, workers } = setup();
    await assert.rejects(client.call('lab.nothing', null), /the engine has no method "lab.nothing"/);
    await assert.rejects(client.call('boom', null), /the scenario failed at line 3/);
    assert.equal(await client.call('double', 2), 4);
    assert.equal(workers.length, 1);
  });

  test('warm starts the worker once, without sending anything', () => {
    const { client, workers } = setup();
    client.warm();
    client.warm();
    assert.equal(workers.length, 1);
    assert.deepEqual(workers[0]!.sent, []);
  });

  test('restart rejects pending calls with EngineRestarted, terminates the old worker and serves from a fresh one', async () => {
    const { client, workers } = setup();
    const stuck = client.call('hang', null);
    assert.equal(client.pending, 1);
    client.restart('the run took too long');
    await assert.rejects(stuck, (error: unknown) => error instanceof EngineRestarted && /took too long/.test(error.message));
    assert.equal(workers.length, 2);
    assert.equal(workers[0]!.terminated, true);
    assert.equal(workers[1]!.terminated, false);
    assert.equal(client.pending, 0);
    assert.equal(await client.call('double', 5), 10);
    assert.equal(workers[1]!.sent.length, 1);
  });

  test('a worker error rejects what was pending and a fresh worker takes over', async () => {
    const { client, workers } = setup();
    const stuck = client.call('hang', null);
    workers[0]!.fail('SyntaxError in worker.js');
    await assert.rejects(stuck, (error: unknown) => error instanceof EngineRestarted && /SyntaxError in worker\.js/.test(error.message));
    assert.equal(workers[0]!.terminated, true);
    assert.equal(await client.call('double', 1), 2);
    assert.equal(workers.length, 2);
  });

  test('ids are not reused across restarts: a late answer of an old call is not taken for a new one', async () => {
    const { client, workers } = setup();
    void client.call('hang', null).catch(() => {});
    client.restart();
    await client.call('double', 3);
    const ids = [...workers[0]!.sent, ...workers[1]!.sent].map((m) => m.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('engine dispatch', () => {
  test('a method defined in two tables is refused when the tables are merged', () => {
    assert.throws(() => mergeHandlers({ 'lab.model': () => 1 }, { 'lab.model': () => 2 }), /lab\.model is defined twice/);
  });

  test('methods inherited from Object are not methods of the engine', async () => {
    const answer = await dispatch(mergeHandlers(handlers), { id: 7, method: 'toString', arg: null });
    assert.deepEqual(answer, { id: 7, ok: false, error: 'the engine has no method "toString"' });
  });

  test('a non-Error throw still becomes an error answer', async () => {
    const answer = await dispatch({ odd: () => { throw 'plain string'; } }, { id: 1, method: 'odd', arg: null });
    assert.deepEqual(answer, { id: 1, ok: false, error: 'plain string' });
  });
});
