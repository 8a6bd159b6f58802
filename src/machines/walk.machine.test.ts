import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createActor, getInitialSnapshot, transition, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { walkMachine, type WalkEvent, type WalkInput } from './walk.machine.ts';

type Snap = SnapshotFrom<typeof walkMachine>;

const next: WalkEvent = { type: 'user.next' };
const prev: WalkEvent = { type: 'user.prev' };
const first: WalkEvent = { type: 'user.first' };
const last: WalkEvent = { type: 'user.last' };

function run(events: readonly WalkEvent[], input: WalkInput = { total: 5 }): Snap {
  let s = getInitialSnapshot(walkMachine, input);
  for (const e of events) [s] = transition(walkMachine, s, e);
  return s;
}
const at = (s: Snap): string => `${String(s.value)} ${s.context.index}/${s.context.total}`;

describe('walk machine: state x event', () => {
  test('start with 5 steps: stepping at 0', () => assert.equal(at(run([])), 'stepping 0/5'));
  test('start with no steps: empty', () => assert.equal(at(run([], {})), 'empty 0/0'));
  test('stepping + user.next -> index + 1', () => assert.equal(at(run([next, next])), 'stepping 2/5'));
  test('stepping(last) + user.next -> stays at the last step (canGoNext)', () => assert.equal(at(run([next, next, next, next, next, next])), 'stepping 4/5'));
  test('stepping(0) + user.prev -> stays at 0 (canGoPrev)', () => assert.equal(at(run([prev])), 'stepping 0/5'));
  test('stepping + user.prev -> index - 1', () => assert.equal(at(run([next, next, prev])), 'stepping 1/5'));
  test('stepping + user.last -> total - 1; + user.first -> 0', () => {
    assert.equal(at(run([last])), 'stepping 4/5');
    assert.equal(at(run([last, first])), 'stepping 0/5');
  });
  test('stepping + user.goto -> clamped into range', () => {
    assert.equal(at(run([{ type: 'user.goto', index: 3 }])), 'stepping 3/5');
    assert.equal(at(run([{ type: 'user.goto', index: 99 }])), 'stepping 4/5');
    assert.equal(at(run([{ type: 'user.goto', index: -2 }])), 'stepping 0/5');
    assert.equal(at(run([{ type: 'user.goto', index: Number.NaN }])), 'stepping 0/5');
  });
  test('stepping + walk.load -> a new walk from its first step', () => {
    assert.equal(at(run([last, { type: 'walk.load', total: 3 }])), 'stepping 0/3');
    assert.equal(at(run([last, { type: 'walk.load', total: 0 }])), 'empty 0/0');
  });
  test('empty + user.next/prev/first/last -> empty at 0', () => {
    for (const e of [next, prev, first, last, { type: 'user.goto', index: 2 } as const]) assert.equal(at(run([e], { total: 0 })), 'empty 0/0');
  });
  test('empty + walk.load -> stepping', () => assert.equal(at(run([{ type: 'walk.load', total: 2 }], {})), 'stepping 0/2'));
  test('walk.load with a bad total counts as no steps or its floor', () => {
    assert.equal(at(run([{ type: 'walk.load', total: -3 }])), 'empty 0/0');
    assert.equal(at(run([{ type: 'walk.load', total: 2.7 }])), 'stepping 0/2');
  });
  test('one step: next and prev are not allowed', () => {
    const s = run([], { total: 1 });
    assert.equal(s.can(next), false);
    assert.equal(s.can(prev), false);
  });
  test('in an actor', () => {
    const actor = createActor(walkMachine, { input: { total: 3 } }).start();
    actor.send(next);
    actor.send(next);
    actor.send(next);
    assert.equal(actor.getSnapshot().context.index, 2);
    actor.stop();
  });
});

describe('walk machine: model-based', () => {
  const events: WalkEvent[] = [next, prev, first, last, { type: 'user.goto', index: 2 }, { type: 'user.goto', index: 50 }, { type: 'walk.load', total: 0 }, { type: 'walk.load', total: 1 }, { type: 'walk.load', total: 4 }];
  for (const total of [0, 1, 4]) {
    test(`every transition from every reachable state keeps the index in range (start total ${total})`, () => {
      const adjacency = getAdjacencyMap(walkMachine, { input: { total }, events });
      const states = Object.values(adjacency);
      assert.ok(states.length >= 1);
      for (const { state, transitions } of states) {
        for (const { event } of Object.values(transitions) as { event: WalkEvent }[]) {
          const [after] = transition(walkMachine, state, event);
          const { index, total: t } = after.context;
          const label = `${at(state)} + ${JSON.stringify(event)} -> ${at(after)}`;
          assert.ok(Number.isInteger(index) && index >= 0, label);
          assert.ok(t === 0 ? index === 0 && after.value === 'empty' : index <= t - 1 && after.value === 'stepping', label);
          if (event.type === 'user.next' && state.context.total > 0) assert.equal(index, Math.min(state.context.index + 1, t - 1), label);
          if (event.type === 'user.prev') assert.equal(index, Math.max(state.context.index - 1, 0), label);
        }
      }
    });
  }
});
