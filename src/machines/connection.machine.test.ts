import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getInitialSnapshot, transition, type SnapshotFrom } from 'xstate';
import { connectionMachine, type ConnectionEvent } from './connection.machine.ts';

type Snap = SnapshotFrom<typeof connectionMachine>;

function run(events: readonly ConnectionEvent[]): Snap {
  let s = getInitialSnapshot(connectionMachine, {});
  for (const e of events) [s] = transition(connectionMachine, s, e);
  return s;
}
const at = (s: Snap): string => `${String(s.value)} ${s.context.index}/${s.context.total}`;
const load = (total: number): ConnectionEvent => ({ type: 'timeline.load', total });
const next: ConnectionEvent = { type: 'user.next' };
const prev: ConnectionEvent = { type: 'user.prev' };

describe('connection machine: state x event', () => {
  test('starts loading, and stepping keys do nothing until the timeline is here', () => {
    assert.equal(at(run([])), 'loading 0/0');
    assert.equal(at(run([next, next])), 'loading 0/0');
  });
  test('a timeline of 4 steps: stepping at 0, next/prev clamp to [0, 3]', () => {
    assert.equal(at(run([load(4)])), 'stepping 0/4');
    assert.equal(at(run([load(4), next, next])), 'stepping 2/4');
    assert.equal(at(run([load(4), next, next, next, next, next])), 'stepping 3/4');
    assert.equal(at(run([load(4), prev])), 'stepping 0/4');
    assert.equal(at(run([load(4), { type: 'user.last' }])), 'stepping 3/4');
    assert.equal(at(run([load(4), { type: 'user.last' }, { type: 'user.first' }])), 'stepping 0/4');
    assert.equal(at(run([load(4), { type: 'user.goto', index: 9 }])), 'stepping 3/4');
  });
  test('no packets in the flow: empty', () => assert.equal(at(run([load(0)])), 'empty 0/0'));
  test('the engine fails: failed with the reason; a later load recovers', () => {
    const failed = run([load(3), next, { type: 'timeline.failed', error: 'boom' }]);
    assert.equal(at(failed), 'failed 0/0');
    assert.equal(failed.context.error, 'boom');
    const again = run([{ type: 'timeline.failed', error: 'boom' }, { type: 'timeline.request' }, load(2)]);
    assert.equal(at(again), 'stepping 0/2');
    assert.equal(again.context.error, undefined);
  });
  test('another flow: starts again at its first step', () => {
    assert.equal(at(run([load(5), { type: 'user.last' }, { type: 'timeline.request' }, load(3)])), 'stepping 0/3');
  });
});
