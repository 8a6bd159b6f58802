import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createActor, getInitialSnapshot, transition, type SnapshotFrom } from 'xstate';
import { MAX_HISTORY, playgroundMachine, previousRun, TIMEOUT_MESSAGE, type PlaygroundEvent } from './playground.machine.ts';

type Snap = SnapshotFrom<typeof playgroundMachine>;

function run(events: readonly PlaygroundEvent[], source = 'ip netns add a\n'): Snap {
  let s = getInitialSnapshot(playgroundMachine, { source });
  for (const e of events) [s] = transition(playgroundMachine, s, e);
  return s;
}

const start: PlaygroundEvent = { type: 'run.start' };
const ok = (output = 'out\n'): PlaygroundEvent => ({ type: 'run.done', answer: { output } });
const change = (source: string): PlaygroundEvent => ({ type: 'editor.change', source });

describe('playground machine', () => {
  test('starts editing with the given script and no history', () => {
    const s = run([]);
    assert.equal(s.value, 'editing');
    assert.equal(s.context.source, 'ip netns add a\n');
    assert.deepEqual(s.context.history, []);
  });

  test('editing + editor.change keeps the text', () => assert.equal(run([change('x')]).context.source, 'x'));

  test('editing + run.start on an empty script stays editing (hasScript)', () => {
    assert.equal(run([start], '  \n# \n'.replace('#', '')).value, 'editing');
  });

  test('editing + run.start -> running, with the script being run', () => {
    const s = run([start]);
    assert.equal(s.value, 'running');
    assert.equal(s.context.running, 'ip netns add a\n');
  });

  test('running + run.done (clean) -> ran, recorded in the history', () => {
    const s = run([start, ok('== default: ip route\n')]);
    assert.equal(s.value, 'ran');
    assert.deepEqual(s.context.history, [{ id: 1, source: 'ip netns add a\n', output: '== default: ip route\n', outcome: 'ran' }]);
    assert.equal(s.context.running, undefined);
  });

  test('running + run.done with an error -> failed, with its line and message', () => {
    const s = run([start, { type: 'run.done', answer: { output: '', error: { line: 3, message: 'Cannot find device "x"' } } }]);
    assert.equal(s.value, 'failed');
    assert.equal(s.context.history[0]!.outcome, 'failed');
    assert.equal(s.context.history[0]!.line, 3);
    assert.equal(s.context.history[0]!.message, 'Cannot find device "x"');
  });

  test('running + run.done stopped by a limit -> failed', () => {
    const s = run([start, { type: 'run.done', answer: { output: 'partial\n', stopped: { line: 9, message: 'netsim: stopped' } } }]);
    assert.equal(s.value, 'failed');
    assert.equal(s.context.history[0]!.output, 'partial\n');
  });

  test('running + run.timeout -> timedOut, recorded with the timeout message', () => {
    const s = run([start, { type: 'run.timeout' }]);
    assert.equal(s.value, 'timedOut');
    assert.equal(s.context.history[0]!.outcome, 'timedOut');
    assert.equal(s.context.history[0]!.message, TIMEOUT_MESSAGE);
  });

  test('running ignores a second run.start; an edit while running is kept but the run records what was started', () => {
    const s = run([start, change('ip netns add b\n'), start, ok()]);
    assert.equal(s.value, 'ran');
    assert.equal(s.context.history.length, 1);
    assert.equal(s.context.history[0]!.source, 'ip netns add a\n');
    assert.equal(s.context.source, 'ip netns add b\n');
  });

  test('ran | failed | timedOut + run.start -> running again', () => {
    for (const end of [ok(), { type: 'run.done', answer: { output: '', error: { line: 1, message: 'x' } } } as const, { type: 'run.timeout' } as const]) {
      assert.equal(run([start, end, start]).value, 'running');
    }
  });

  test('run.done and run.timeout outside running are ignored', () => {
    assert.equal(run([ok()]).context.history.length, 0);
    assert.equal(run([{ type: 'run.timeout' }]).value, 'editing');
  });

  test('history: ids count up; previousRun is the one before the latest', () => {
    const s = run([start, ok('one\n'), change('ip netns add b\n'), start, ok('two\n')]);
    assert.deepEqual(s.context.history.map((r) => [r.id, r.source, r.output]), [
      [1, 'ip netns add a\n', 'one\n'],
      [2, 'ip netns add b\n', 'two\n'],
    ]);
    assert.equal(previousRun(s.context.history)?.id, 1);
    assert.equal(previousRun(s.context.history.slice(0, 1)), undefined);
  });

  test('history.restore puts an earlier script back and goes to editing (knownRun)', () => {
    const s = run([start, ok(), change('ip netns add b\n'), start, ok(), { type: 'history.restore', id: 1 }]);
    assert.equal(s.value, 'editing');
    assert.equal(s.context.source, 'ip netns add a\n');
    assert.equal(s.context.history.length, 2);
    const unknown = run([start, ok(), { type: 'history.restore', id: 42 }]);
    assert.equal(unknown.value, 'ran');
  });

  test('history keeps the last MAX_HISTORY runs', () => {
    const events: PlaygroundEvent[] = [];
    for (let i = 0; i < MAX_HISTORY + 5; i++) events.push(start, ok(`${i}\n`));
    const s = run(events);
    assert.equal(s.context.history.length, MAX_HISTORY);
    assert.equal(s.context.history[0]!.id, 6);
    assert.equal(s.context.history.at(-1)!.id, MAX_HISTORY + 5);
  });

  test('history.clear empties the history', () => assert.equal(run([start, ok(), { type: 'history.clear' }]).context.history.length, 0));

  test('an actor runs the same flow', () => {
    const actor = createActor(playgroundMachine, { input: {} });
    actor.start();
    actor.send(change('ping -c 1 10.0.0.1'));
    actor.send(start);
    assert.equal(actor.getSnapshot().value, 'running');
    actor.send(ok());
    assert.equal(actor.getSnapshot().value, 'ran');
    actor.stop();
  });
});
