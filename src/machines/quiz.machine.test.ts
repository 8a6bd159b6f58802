import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createActor, fromPromise, getInitialSnapshot, SimulatedClock, transition, waitFor, type AnyEventObject, type SnapshotFrom } from 'xstate';
import { attemptsLeft, disclosure, quizMachine, validStudent, type GradeInput, type GradeOutput, type QuizEvent, type QuizInput } from './quiz.machine.ts';

type Snap = SnapshotFrom<typeof quizMachine>;

const where = (s: Snap): string =>
  typeof s.value === 'string' ? s.value : Object.entries(s.value).map(([k, v]) => `${k}.${String(v)}`).join();

// Pure runs: the invoked actors' results are fed as the done/error events xstate sends.
const prepared = (now: number): AnyEventObject => ({ type: 'xstate.done.actor.prepare', output: { now, data: 'questions' } });
const graded: AnyEventObject = { type: 'xstate.done.actor.grade', output: { data: 'result' } };
const gradeError: AnyEventObject = { type: 'xstate.error.actor.grade', error: new Error('engine failed') };
const prepareError: AnyEventObject = { type: 'xstate.error.actor.prepare', error: new Error('no engine') };
const ada = (attemptsUsed = 0, open?: { attempt: number; startedAt: number }): QuizEvent => ({ type: 'student.change', name: 'Ada Lovelace', attemptsUsed, ...(open ? { open } : {}) });
const start: QuizEvent = { type: 'quiz.start' };
const submit: QuizEvent = { type: 'quiz.submit' };
const expired: QuizEvent = { type: 'timer.expired' };

function run(input: QuizInput, events: readonly (QuizEvent | AnyEventObject)[]): Snap {
  let s = getInitialSnapshot(quizMachine, input);
  for (const e of events) [s] = transition(quizMachine, s, e as QuizEvent);
  return s;
}

const GRADED: QuizInput = { mode: 'graded', assigned: true, attemptsAllowed: 2 };

describe('quiz machine: graded', () => {
  test('starts at the intro; no start without a student', () => {
    assert.equal(where(run(GRADED, [])), 'intro');
    assert.equal(where(run(GRADED, [start])), 'intro');
    assert.equal(where(run(GRADED, [{ type: 'student.change', name: '   ', attemptsUsed: 0 }, start])), 'intro');
  });
  test('intro -> preparing -> taking.untimed; the attempt counts once the questions are shown', () => {
    const p = run(GRADED, [ada(), start]);
    assert.equal(where(p), 'preparing');
    assert.equal(p.context.attemptsUsed, 0);
    const s = run(GRADED, [ada(), start, prepared(1000)]);
    assert.equal(where(s), 'taking.untimed');
    assert.equal(s.context.attempt, 1);
    assert.equal(s.context.attemptsUsed, 1);
    assert.equal(s.context.startedAt, 1000);
    assert.equal(s.context.prepared, 'questions');
    assert.deepEqual(s.context.open, { attempt: 1, startedAt: 1000 });
  });
  test('taking + quiz.submit -> grading -> submitted, not expired', () => {
    const g = run(GRADED, [ada(), start, prepared(0), submit]);
    assert.equal(where(g), 'grading');
    const s = run(GRADED, [ada(), start, prepared(0), submit, graded]);
    assert.equal(where(s), 'submitted');
    assert.equal(s.context.expired, false);
    assert.equal(s.context.outcome, 'result');
    assert.equal(s.context.open, undefined);
  });
  test('taking + timer.expired -> grading, marked expired', () => {
    const s = run({ ...GRADED, timeLimitMinutes: 5 }, [ada(), start, prepared(0), expired, graded]);
    assert.equal(where(s), 'submitted');
    assert.equal(s.context.expired, true);
  });
  test('no reveal, no check, no new variant while taking', () => {
    const s = run(GRADED, [ada(), start, prepared(0), { type: 'question.reveal', key: 'q/a' }, { type: 'question.check', key: 'q/a', correct: true }, { type: 'quiz.newVariant' }]);
    assert.equal(where(s), 'taking.untimed');
    assert.deepEqual(s.context.practice, {});
    assert.equal(s.context.variant, 1);
  });
  test('attempts: none left -> the intro refuses to start; quiz.again only while some are left', () => {
    assert.equal(where(run(GRADED, [ada(2), start])), 'intro');
    const once = run(GRADED, [ada(0), start, prepared(0), submit, graded, { type: 'quiz.again' }]);
    assert.equal(where(once), 'intro');
    assert.equal(once.context.attemptsUsed, 1);
    assert.equal(attemptsLeft(once.context), 1);
    const twice = run(GRADED, [ada(0), start, prepared(0), submit, graded, { type: 'quiz.again' }, start, prepared(5), submit, graded]);
    assert.equal(twice.context.attempt, 2);
    assert.equal(attemptsLeft(twice.context), 0);
    assert.equal(where(transition(quizMachine, twice, { type: 'quiz.again' })[0]), 'submitted');
  });
  test('an open attempt resumes: same number, same start, remaining time only, even with no attempt left', () => {
    const s = run({ ...GRADED, attemptsAllowed: 1, timeLimitMinutes: 10 }, [ada(1, { attempt: 1, startedAt: 1_000 }), start, prepared(1_000 + 4 * 60_000)]);
    assert.equal(where(s), 'taking.timed');
    assert.equal(s.context.attempt, 1);
    assert.equal(s.context.attemptsUsed, 1);
    assert.equal(s.context.startedAt, 1_000);
    assert.equal(s.context.deadline, 1_000 + 10 * 60_000);
    assert.equal(s.context.timeLeftMs, 6 * 60_000);
  });
  test('a resumed attempt past its deadline has no time left', () => {
    const s = run({ ...GRADED, timeLimitMinutes: 1 }, [ada(1, { attempt: 1, startedAt: 0 }), start, prepared(5 * 60_000)]);
    assert.equal(s.context.timeLeftMs, 0);
  });
  test('failures: prepare and grade errors keep the message and can be retried', () => {
    const p = run(GRADED, [ada(), start, prepareError]);
    assert.equal(where(p), 'prepareFailed');
    assert.equal(p.context.error, 'no engine');
    assert.equal(p.context.attemptsUsed, 0, 'a failed preparation uses no attempt');
    assert.equal(where(transition(quizMachine, p, { type: 'quiz.retry' })[0]), 'preparing');
    const g = run(GRADED, [ada(), start, prepared(0), submit, gradeError]);
    assert.equal(where(g), 'gradeFailed');
    assert.equal(where(transition(quizMachine, g, { type: 'quiz.retry' })[0]), 'grading');
  });
});

describe('quiz machine: what a graded result may show (disclosure)', () => {
  const again: QuizEvent = { type: 'quiz.again' };
  test('before submission: nothing, in every state of an attempt', () => {
    for (const events of [[], [ada()], [ada(), start], [ada(), start, prepared(0)], [ada(), start, prepared(0), submit], [ada(), start, prepared(0), submit, gradeError]]) {
      assert.deepEqual(disclosure(run(GRADED, events)), { show: 'nothing' }, events.map((e) => e.type).join(' '));
    }
  });
  test('attempts left: hints only, with the count; the last attempt: the answers', () => {
    const first = run(GRADED, [ada(), start, prepared(0), submit, graded]);
    assert.deepEqual(disclosure(first), { show: 'hints', attemptsLeft: 1 });
    // Another attempt starts: nothing again until it is submitted.
    assert.deepEqual(disclosure(run(GRADED, [ada(), start, prepared(0), submit, graded, again])), { show: 'nothing' });
    assert.deepEqual(disclosure(run(GRADED, [ada(), start, prepared(0), submit, graded, again, start, prepared(5)])), { show: 'nothing' });
    const last = run(GRADED, [ada(), start, prepared(0), submit, graded, again, start, prepared(5), submit, graded]);
    assert.deepEqual(disclosure(last), { show: 'answers' });
    // A single attempt, or the last one resumed after a reload: the answers at once.
    assert.deepEqual(disclosure(run({ ...GRADED, attemptsAllowed: 1 }, [ada(), start, prepared(0), submit, graded])), { show: 'answers' });
    assert.deepEqual(disclosure(run({ ...GRADED, attemptsAllowed: 1 }, [ada(1, { attempt: 1, startedAt: 0 }), start, prepared(9), submit, graded])), { show: 'answers' });
    // Timed out on the last attempt: the same.
    assert.deepEqual(disclosure(run({ ...GRADED, attemptsAllowed: 1, timeLimitMinutes: 1 }, [ada(), start, prepared(0), expired, graded])), { show: 'answers' });
  });
  test('no attempt limit: hints only, after every submission', () => {
    const input: QuizInput = { mode: 'graded', assigned: true };
    let events: (QuizEvent | AnyEventObject)[] = [ada()];
    for (let i = 0; i < 5; i++) {
      events = [...events, start, prepared(i), submit, graded];
      assert.deepEqual(disclosure(run(input, events)), { show: 'hints', attemptsLeft: Infinity });
      events.push(again);
    }
  });
  test('practice, free or a teacher\'s link: the answers (Reveal answer shows them anyway)', () => {
    assert.deepEqual(disclosure(run({ mode: 'practice' }, [prepared(0)])), { show: 'answers' });
    assert.deepEqual(disclosure(run({ mode: 'practice', assigned: true }, [ada(), start, prepared(0), submit, graded])), { show: 'answers' });
  });
});

describe('quiz machine: practice', () => {
  const FREE: QuizInput = { mode: 'practice' };
  test('free practice prepares at once, then practices', () => {
    assert.equal(where(run(FREE, [])), 'preparing');
    assert.equal(where(run(FREE, [prepared(0)])), 'practicing');
  });
  test('check, reveal per question; a new variant prepares again with the next seed', () => {
    const s = run(FREE, [prepared(0), { type: 'question.check', key: 'q/a', correct: false }, { type: 'question.check', key: 'q/a', correct: true }, { type: 'question.reveal', key: 'q/b' }]);
    assert.deepEqual(s.context.practice, { 'q/a': { checks: 2, correct: true, revealed: false }, 'q/b': { checks: 0, correct: false, revealed: true } });
    const n = transition(quizMachine, s, { type: 'quiz.newVariant' })[0];
    assert.equal(where(n), 'preparing');
    assert.equal(n.context.variant, 2);
    const again = transition(quizMachine, n, prepared(1) as QuizEvent)[0];
    assert.deepEqual(again.context.practice, {}, 'a new variant starts clean');
  });
  test('free practice has nothing to submit', () => {
    assert.equal(where(run(FREE, [prepared(0), submit])), 'practicing');
  });
  test("a teacher's practice link: intro, practice with reveal, submit, no time limit", () => {
    const input: QuizInput = { mode: 'practice', assigned: true, timeLimitMinutes: 5 };
    assert.equal(where(run(input, [])), 'intro');
    const s = run(input, [ada(), start, prepared(0), { type: 'question.reveal', key: 'q/a' }, { type: 'quiz.newVariant' }]);
    assert.equal(where(s), 'practicing', 'no new variant: the seed is the student');
    assert.equal(s.context.practice['q/a']?.revealed, true);
    const done = run(input, [ada(), start, prepared(0), submit, graded]);
    assert.equal(where(done), 'submitted');
    assert.equal(done.context.attempt, 1);
    assert.equal(done.context.attemptsUsed, 1);
    assert.equal(where(transition(quizMachine, done, { type: 'quiz.again' })[0]), 'intro');
  });
});

describe('quiz machine: the timer (SimulatedClock)', () => {
  function timedActor(clock: SimulatedClock, input: QuizInput) {
    const gradedWith: boolean[] = [];
    const machine = quizMachine.provide({
      actors: {
        prepare: fromPromise(async () => ({ now: clock.now() })),
        grade: fromPromise<GradeOutput, GradeInput>(async ({ input: i }) => {
          gradedWith.push(i.expired);
          return { data: { expired: i.expired } };
        }),
      },
    });
    return { actor: createActor(machine, { input, clock }), gradedWith };
  }

  test('timer.expired fires at the time limit and submits', async () => {
    const clock = new SimulatedClock();
    clock.set(1_000);
    const { actor, gradedWith } = timedActor(clock, { mode: 'graded', assigned: true, timeLimitMinutes: 2 });
    actor.start();
    actor.send(ada());
    actor.send(start);
    await waitFor(actor, (s) => s.matches('taking'));
    assert.equal(actor.getSnapshot().context.deadline, 1_000 + 120_000);
    clock.increment(119_999);
    assert.ok(actor.getSnapshot().matches({ taking: 'timed' }), 'still taking 1 ms before the limit');
    clock.increment(1);
    await waitFor(actor, (s) => s.matches('submitted'));
    assert.deepEqual(gradedWith, [true]);
    assert.equal(actor.getSnapshot().context.expired, true);
    actor.stop();
  });

  test('submitting before the limit cancels the timer', async () => {
    const clock = new SimulatedClock();
    const { actor, gradedWith } = timedActor(clock, { mode: 'graded', assigned: true, timeLimitMinutes: 1 });
    actor.start();
    actor.send(ada());
    actor.send(start);
    await waitFor(actor, (s) => s.matches('taking'));
    clock.increment(30_000);
    actor.send(submit);
    await waitFor(actor, (s) => s.matches('submitted'));
    clock.increment(60_000);
    assert.deepEqual(gradedWith, [false]);
    assert.equal(actor.getSnapshot().context.expired, false);
    actor.stop();
  });

  test('a resumed attempt gets only the time left', async () => {
    const clock = new SimulatedClock();
    clock.set(100_000);
    const { actor } = timedActor(clock, { mode: 'graded', assigned: true, timeLimitMinutes: 1, attemptsAllowed: 1 });
    actor.start();
    actor.send(ada(1, { attempt: 1, startedAt: 100_000 - 50_000 }));
    actor.send(start);
    await waitFor(actor, (s) => s.matches('taking'));
    clock.increment(9_999);
    assert.ok(actor.getSnapshot().matches('taking'));
    clock.increment(1);
    await waitFor(actor, (s) => s.matches('submitted'));
    actor.stop();
  });

  test('the storage actions run at start and at submit', async () => {
    const clock = new SimulatedClock();
    const calls: string[] = [];
    const machine = quizMachine.provide({
      actors: { prepare: fromPromise(async () => ({ now: 7 })), grade: fromPromise<GradeOutput, GradeInput>(async () => ({ data: 1 })) },
      actions: {
        persistStart: ({ context }) => void calls.push(`start ${context.attempt} at ${context.startedAt}`),
        persistSubmit: ({ context }) => void calls.push(`submit ${context.attempt}`),
      },
    });
    const actor = createActor(machine, { input: { mode: 'graded', assigned: true }, clock }).start();
    actor.send(ada());
    actor.send(start);
    await waitFor(actor, (s) => s.matches('taking'));
    actor.send(submit);
    await waitFor(actor, (s) => s.matches('submitted'));
    assert.deepEqual(calls, ['start 1 at 7', 'submit 1']);
    actor.stop();
  });
});

describe('quiz machine: invariants over random runs', () => {
  const EVENTS: readonly (QuizEvent | AnyEventObject)[] = [
    ada(0),
    ada(1),
    start,
    submit,
    expired,
    { type: 'question.check', key: 'q/a', correct: true },
    { type: 'question.reveal', key: 'q/a' },
    { type: 'quiz.newVariant' },
    { type: 'quiz.retry' },
    { type: 'quiz.again' },
    prepared(0),
    prepared(90_000),
    graded,
    gradeError,
    prepareError,
  ];
  const INPUTS: readonly QuizInput[] = [
    { mode: 'graded', assigned: true, attemptsAllowed: 1, timeLimitMinutes: 1 },
    { mode: 'graded', assigned: true },
    { mode: 'practice' },
    { mode: 'practice', assigned: true },
  ];
  test('graded never reveals (answers only once no attempt is left); attempts never exceed the limit; attemptsUsed never decreases within a student', () => {
    let seed = 4242;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (const input of INPUTS) {
      for (let r = 0; r < 150; r++) {
        let s = getInitialSnapshot(quizMachine, input);
        for (let k = 0; k < 40; k++) {
          const e = EVENTS[rand(EVENTS.length)]!;
          const [n] = transition(quizMachine, s, e as QuizEvent);
          const label = `${JSON.stringify(input)}: ${where(s)} + ${e.type} -> ${where(n)}`;
          if (input.mode === 'graded') {
            assert.ok(Object.values(n.context.practice).every((p) => !p.revealed), label);
            assert.notEqual(where(n), 'practicing', label);
            // The answers only after a submission that used the last attempt; before one, nothing at all.
            const d = disclosure(n);
            if (where(n) !== 'submitted') assert.equal(d.show, 'nothing', label);
            else assert.equal(d.show, input.attemptsAllowed !== undefined && n.context.attemptsUsed >= input.attemptsAllowed ? 'answers' : 'hints', label);
          }
          if (input.attemptsAllowed !== undefined && e.type !== 'student.change') {
            assert.ok(n.context.attempt <= input.attemptsAllowed, label);
          }
          if (e.type !== 'student.change') assert.ok(n.context.attemptsUsed >= s.context.attemptsUsed, label);
          if (where(n) === 'taking.timed') assert.ok(n.context.deadline !== undefined, label);
          if (input.mode === 'practice' && !input.assigned) assert.ok(!['intro', 'taking.timed', 'taking.untimed'].includes(where(n)), label);
          s = n;
        }
      }
    }
  });
  test('validStudent: trimmed, not empty, not too long, no control characters', () => {
    assert.equal(validStudent(' Ada '), true);
    assert.equal(validStudent(''), false);
    assert.equal(validStudent('x'.repeat(121)), false);
    assert.equal(validStudent('a\u0007b'), false);
  });
});
