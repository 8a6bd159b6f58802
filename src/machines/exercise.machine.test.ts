import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createActor, getInitialSnapshot, transition, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getSimplePaths } from 'xstate/graph';
import { exerciseMachine, type ExerciseEvent, type ExerciseInput } from './exercise.machine.ts';

type Snap = SnapshotFrom<typeof exerciseMachine>;

const right: ExerciseEvent = { type: 'user.check', grade: { correct: true } };
const wrong: ExerciseEvent = { type: 'user.check', grade: { correct: false, detail: { wrongLines: 1 } } };
const edit: ExerciseEvent = { type: 'user.edit' };
const retry: ExerciseEvent = { type: 'user.retry' };
const reveal: ExerciseEvent = { type: 'user.reveal' };
const ALL_EVENTS: readonly ExerciseEvent[] = [edit, right, wrong, retry, reveal];

function start(input: ExerciseInput = {}): Snap {
  return getInitialSnapshot(exerciseMachine, input);
}
function run(events: readonly ExerciseEvent[], input: ExerciseInput = {}): Snap {
  let s = start(input);
  for (const e of events) [s] = transition(exerciseMachine, s, e);
  return s;
}
const where = (s: Snap): string => (typeof s.value === 'string' ? s.value : Object.entries(s.value).map(([k, v]) => `${k}.${String(v)}`).join());

describe('exercise machine: state x event', () => {
  test('idle: starts with nothing counted', () => {
    const s = start();
    assert.equal(where(s), 'idle');
    assert.deepEqual(
      { attempts: s.context.attempts, firstTryCorrect: s.context.firstTryCorrect, revealed: s.context.revealed, lastGrade: s.context.lastGrade, mode: s.context.mode },
      { attempts: 0, firstTryCorrect: undefined, revealed: false, lastGrade: undefined, mode: 'practice' },
    );
  });
  test('idle + user.edit -> predicting', () => assert.equal(where(run([edit])), 'predicting'));
  test('idle + user.check -> idle (nothing predicted yet, nothing counted)', () => {
    const s = run([right]);
    assert.equal(where(s), 'idle');
    assert.equal(s.context.attempts, 0);
  });
  test('idle + user.reveal -> idle (reveal needs a prediction started)', () => assert.equal(where(run([reveal])), 'idle'));
  test('predicting + user.edit -> predicting', () => assert.equal(where(run([edit, edit])), 'predicting'));
  test('predicting + user.check (correct) -> checked.correct, first try correct', () => {
    const s = run([edit, right]);
    assert.equal(where(s), 'checked.correct');
    assert.equal(s.context.attempts, 1);
    assert.equal(s.context.firstTryCorrect, true);
    assert.deepEqual(s.context.lastGrade, { correct: true });
  });
  test('predicting + user.check (wrong) -> checked.incorrect, keeps the grade', () => {
    const s = run([edit, wrong]);
    assert.equal(where(s), 'checked.incorrect');
    assert.equal(s.context.attempts, 1);
    assert.equal(s.context.firstTryCorrect, false);
    assert.deepEqual(s.context.lastGrade, { correct: false, detail: { wrongLines: 1 } });
  });
  test('checked.incorrect + user.retry -> predicting', () => assert.equal(where(run([edit, wrong, retry])), 'predicting'));
  test('checked.incorrect + user.edit -> predicting', () => assert.equal(where(run([edit, wrong, edit])), 'predicting'));
  test('checked.incorrect + user.check -> checked.incorrect (no check without a retry)', () => {
    const s = run([edit, wrong, right]);
    assert.equal(where(s), 'checked.incorrect');
    assert.equal(s.context.attempts, 1);
  });
  test('checked.correct + user.retry -> checked.correct', () => assert.equal(where(run([edit, right, retry])), 'checked.correct'));
  test('a second try that is right: firstTryCorrect stays false', () => {
    const s = run([edit, wrong, retry, right]);
    assert.equal(where(s), 'checked.correct');
    assert.equal(s.context.attempts, 2);
    assert.equal(s.context.firstTryCorrect, false);
  });
  test('predicting + user.reveal -> revealed', () => {
    const s = run([edit, reveal]);
    assert.equal(where(s), 'revealed');
    assert.equal(s.context.revealed, true);
    assert.equal(s.context.firstTryCorrect, undefined);
  });
  test('checked.incorrect + user.reveal -> revealed', () => assert.equal(where(run([edit, wrong, reveal])), 'revealed'));
  test('checked.correct + user.reveal -> revealed', () => assert.equal(where(run([edit, right, reveal])), 'revealed'));
  test('revealed + any event -> revealed; checks keep counting after a reveal', () => {
    for (const e of ALL_EVENTS) {
      const s = run([edit, wrong, reveal, e]);
      assert.equal(where(s), 'revealed', e.type);
      assert.equal(s.context.attempts, e.type === 'user.check' ? 2 : 1, e.type);
    }
    const s = run([edit, reveal, right, wrong, right]);
    assert.equal(s.context.attempts, 3);
    assert.equal(s.context.firstTryCorrect, false, 'a right check after the reveal is no right first try');
    assert.equal(s.context.solved, false, 'a right check after the reveal does not solve it');
    assert.equal(run([edit, right, reveal]).context.solved, true, 'solved, then revealed: still solved');
    const restored = run([right], { previous: { attempts: 2, firstTryCorrect: false, correct: false, revealed: true } });
    assert.equal(restored.context.attempts, 3, 'a revealed exercise restored from storage keeps counting');
  });
  test('graded mode: predicting + user.reveal -> predicting; checked.incorrect + user.reveal -> checked.incorrect', () => {
    assert.equal(where(run([edit, reveal], { mode: 'graded' })), 'predicting');
    const s = run([edit, wrong, reveal], { mode: 'graded' });
    assert.equal(where(s), 'checked.incorrect');
    assert.equal(s.context.revealed, false);
  });
  test('restored revealed -> revealed; restored solved -> checked.correct; restored unsolved -> idle with its attempts', () => {
    const r = start({ previous: { attempts: 2, firstTryCorrect: false, correct: false, revealed: true } });
    assert.equal(where(r), 'revealed');
    const c = start({ previous: { attempts: 1, firstTryCorrect: true, correct: true, revealed: false } });
    assert.equal(where(c), 'checked.correct');
    assert.equal(c.context.firstTryCorrect, true);
    const u = start({ previous: { attempts: 3, firstTryCorrect: false, correct: false, revealed: false } });
    assert.equal(where(u), 'idle');
    const s = run([edit, right], { previous: { attempts: 3, firstTryCorrect: false, correct: false, revealed: false } });
    assert.equal(s.context.attempts, 4);
    assert.equal(s.context.firstTryCorrect, false);
  });
  test('runs in an actor the way the UI drives it', () => {
    const actor = createActor(exerciseMachine, { input: { mode: 'practice' } });
    const seen: string[] = [];
    actor.subscribe((s) => seen.push(where(s)));
    actor.start();
    actor.send(edit);
    actor.send(wrong);
    actor.send(retry);
    actor.send(right);
    assert.deepEqual(seen, ['idle', 'predicting', 'checked.incorrect', 'predicting', 'checked.correct']);
    assert.equal(actor.getSnapshot().can(reveal), true);
    assert.equal(actor.getSnapshot().can(retry), false);
    actor.stop();
  });
});

// --- Model-based: every path and every transition of the machine -------------------------

const INPUTS: readonly ExerciseInput[] = [
  { mode: 'practice' },
  { mode: 'graded' },
  { mode: 'practice', previous: { attempts: 2, firstTryCorrect: false, correct: false, revealed: false } },
  { mode: 'graded', previous: { attempts: 1, firstTryCorrect: true, correct: true, revealed: false } },
  { mode: 'practice', previous: { attempts: 0, correct: false, revealed: true } },
];

// Attempts grow without bound around the retry loop; states that differ only in attempts > 3
// are the same for the invariants, so the traversal merges them (the random runs below go further).
const serializeState = (s: Snap): string =>
  JSON.stringify({
    value: s.value,
    attempts: Math.min(s.context.attempts, 4),
    firstTryCorrect: s.context.firstTryCorrect ?? null,
    revealed: s.context.revealed,
    last: s.context.lastGrade?.correct ?? null,
  });

function checkStep(input: ExerciseInput, prev: Snap, event: ExerciseEvent, next: Snap): void {
  const label = `${JSON.stringify(input)}: ${where(prev)} + ${event.type}${event.type === 'user.check' ? `(${event.grade.correct})` : ''} -> ${where(next)}`;
  const p = prev.context;
  const n = next.context;
  // attempts never decreases; a check that is taken counts exactly one.
  assert.ok(n.attempts >= p.attempts, label);
  assert.ok(n.attempts - p.attempts <= 1, label);
  if (n.attempts === p.attempts + 1) assert.equal(event.type, 'user.check', label);
  // firstTryCorrect is set once, by the first check, to that check's result.
  if (p.firstTryCorrect !== undefined) assert.equal(n.firstTryCorrect, p.firstTryCorrect, label);
  else if (n.firstTryCorrect !== undefined) {
    assert.equal(event.type, 'user.check', label);
    if (event.type === 'user.check') assert.equal(n.firstTryCorrect, event.grade.correct && !p.revealed, label);
    assert.equal(n.attempts, 1, label);
  }
  // revealed stays revealed, in the revealed state.
  if (p.revealed) {
    assert.equal(n.revealed, true, label);
    assert.equal(where(next), 'revealed', label);
  }
  assert.equal(n.revealed, where(next) === 'revealed', label);
  // graded mode never reveals.
  if (p.mode === 'graded') assert.equal(n.revealed, p.revealed, label);
  // The substate of checked agrees with the last grade (after a check in this session).
  if (where(next).startsWith('checked.') && n.lastGrade) assert.equal(where(next) === 'checked.correct', n.lastGrade.correct, label);
  assert.equal(n.mode, p.mode, label);
}

describe('exercise machine: model-based (xstate/graph)', () => {
  for (const input of INPUTS) {
    test(`all simple paths hold the invariants, input ${JSON.stringify(input)}`, () => {
      const paths = getSimplePaths(exerciseMachine, { input, events: ALL_EVENTS, serializeState });
      assert.ok(paths.length > 0);
      const reached = new Set<string>();
      for (const path of paths) {
        // The traversal keeps one snapshot per serialized state, so replay the path's events
        // on the machine itself and check the real snapshots.
        let prev = start(input);
        for (const step of path.steps) {
          if (step.event.type.startsWith('xstate.')) continue;
          const [next] = transition(exerciseMachine, prev, step.event);
          checkStep(input, prev, step.event, next);
          assert.equal(where(next), where(step.state));
          prev = next;
        }
        assert.equal(serializeState(prev), serializeState(path.state));
        reached.add(where(path.state));
      }
      if (!input.previous) {
        const expected = input.mode === 'graded' ? ['idle', 'predicting', 'checked.correct', 'checked.incorrect'] : ['idle', 'predicting', 'checked.correct', 'checked.incorrect', 'revealed'];
        assert.deepEqual([...reached].sort(), expected.sort());
      }
    });

    test(`every transition from every reachable state holds the invariants, input ${JSON.stringify(input)}`, () => {
      const adjacency = getAdjacencyMap(exerciseMachine, { input, events: ALL_EVENTS, serializeState });
      let edges = 0;
      for (const { state, transitions } of Object.values(adjacency)) {
        for (const { event } of Object.values(transitions) as { event: ExerciseEvent }[]) {
          const [next] = transition(exerciseMachine, state, event);
          checkStep(input, state, event, next);
          edges++;
        }
      }
      assert.ok(edges >= ALL_EVENTS.length);
    });
  }

  test('random long runs hold the invariants (retry loops past the traversal cap)', () => {
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const input of INPUTS) {
      for (let r = 0; r < 80; r++) {
        let s = start(input);
        for (let k = 0; k < 40; k++) {
          const e = ALL_EVENTS[rand(ALL_EVENTS.length)]!;
          const [next] = transition(exerciseMachine, s, e);
          checkStep(input, s, e, next);
          s = next;
        }
      }
    }
  });
});
