import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dueIds, dueInWords, isDue, isQueued, LEFT_QUEUE, nextDueTime, preferReviewItem, questionReviewId, REVIEW_DAYS, reviewTarget, schedule, type ReviewItem } from './review.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The clock is injected: a fixed start, and days after it. */
const T0 = Date.parse('2026-03-01T09:30:00.000Z');
const at = (days: number, hours = 0): number => T0 + days * DAY + hours * HOUR;

describe('schedule', () => {
  test('the intervals are 1, 3 and 7 days', () => assert.deepEqual([...REVIEW_DAYS], [1, 3, 7]));

  test('a miss enters the queue due one day later; a first solve never enters it', () => {
    const missed = schedule(undefined, 'missed', T0);
    assert.deepEqual(missed, { step: 0, due: new Date(at(1)).toISOString(), updatedAt: new Date(T0).toISOString() });
    assert.equal(schedule(undefined, 'solved', T0), undefined);
  });

  test('not due before the day is up, due from then on', () => {
    const item = schedule(undefined, 'missed', T0)!;
    assert.equal(isDue(item, at(1) - 1), false);
    assert.equal(isDue(item, at(1)), true);
    assert.equal(isDue(item, at(5)), true);
  });

  test('solved when due: 1 day, then 3 days, then 7 days, then it leaves the queue', () => {
    let item = schedule(undefined, 'missed', T0)!;
    item = schedule(item, 'solved', at(1))!;
    assert.equal(item.step, 1);
    assert.equal(item.due, new Date(at(1 + 3)).toISOString());
    item = schedule(item, 'solved', at(4, 2))!;
    assert.equal(item.step, 2);
    assert.equal(item.due, new Date(at(4 + 7, 2)).toISOString());
    item = schedule(item, 'solved', at(11, 2))!;
    assert.equal(item.step, LEFT_QUEUE);
    assert.equal(isQueued(item), false);
    assert.equal(isDue(item, at(100)), false);
    // Once out, a solve keeps it out.
    assert.equal(schedule(item, 'solved', at(12)), item);
  });

  test('solved before it is due: nothing changes', () => {
    const item = schedule(undefined, 'missed', T0)!;
    assert.equal(schedule(item, 'solved', at(0, 23)), item);
    const later = schedule(schedule(item, 'solved', at(1))!, 'solved', at(2));
    assert.equal(later!.step, 1);
  });

  test('a miss when due (or at any step, or after leaving) starts again at one day', () => {
    let item = schedule(undefined, 'missed', T0)!;
    item = schedule(item, 'solved', at(1))!;
    item = schedule(item, 'solved', at(4))!;
    assert.equal(item.step, 2);
    const missed = schedule(item, 'missed', at(11))!;
    assert.deepEqual(missed, { step: 0, due: new Date(at(12)).toISOString(), updatedAt: new Date(at(11)).toISOString() });
    const left = schedule(schedule(missed, 'solved', at(12))!, 'solved', at(15))!;
    const out = schedule(left, 'solved', at(22))!;
    assert.equal(out.step, LEFT_QUEUE);
    assert.equal(schedule(out, 'missed', at(30))!.step, 0);
  });

  test('a quiz question keeps the seed of the variant missed, and a new miss replaces it', () => {
    const item = schedule(undefined, 'missed', T0, 'practice:1')!;
    assert.equal(item.missedSeed, 'practice:1');
    const next = schedule(item, 'solved', at(1))!;
    assert.equal(next.missedSeed, 'practice:1');
    assert.equal(schedule(next, 'missed', at(5), 'review:x')!.missedSeed, 'review:x');
  });

  test('any sequence of outcomes: the step stays in range, due is never before the outcome, 3 solves when due take it out', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ outcome: fc.constantFrom('solved' as const, 'missed' as const), hours: fc.integer({ min: 0, max: 24 * 10 }) }), { maxLength: 30 }), (steps) => {
        let item: ReviewItem | undefined;
        let now = T0;
        let solvedDue = 0;
        for (const s of steps) {
          now += s.hours * HOUR;
          const wasDue = isDue(item, now);
          item = schedule(item, s.outcome, now);
          if (s.outcome === 'missed') solvedDue = 0;
          else if (wasDue) solvedDue++;
          if (item) {
            assert.ok(item.step >= 0 && item.step <= LEFT_QUEUE);
            assert.ok(Date.parse(item.due) >= Date.parse(item.updatedAt));
            assert.equal(item.step, Math.min(solvedDue, LEFT_QUEUE));
          }
        }
      }),
    );
  });
});

describe('the queue', () => {
  const items: Record<string, ReviewItem> = {
    'b/l#late': { step: 0, due: new Date(at(2)).toISOString(), updatedAt: new Date(at(1)).toISOString() },
    'b/l#early': { step: 1, due: new Date(at(1)).toISOString(), updatedAt: new Date(T0).toISOString() },
    'quiz:part-1/q': { step: 0, due: new Date(at(3)).toISOString(), updatedAt: new Date(at(2)).toISOString() },
    'b/l#gone': { step: LEFT_QUEUE, due: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString() },
  };

  test('due items, the longest-waiting first; items that left never show', () => {
    assert.deepEqual(dueIds(items, T0), []);
    assert.deepEqual(dueIds(items, at(1)), ['b/l#early']);
    assert.deepEqual(dueIds(items, at(9)), ['b/l#early', 'b/l#late', 'quiz:part-1/q']);
  });

  test('the next due time is the earliest one still ahead', () => {
    assert.equal(nextDueTime(items, T0), at(1));
    assert.equal(nextDueTime(items, at(1)), at(2));
    assert.equal(nextDueTime(items, at(9)), undefined);
    assert.equal(nextDueTime({}, T0), undefined);
  });

  test('on import the later outcome wins; a tie keeps the current one', () => {
    const a = items['b/l#late']!;
    const b = { ...a, step: 1, updatedAt: new Date(at(5)).toISOString() };
    assert.equal(preferReviewItem(a, b), b);
    assert.equal(preferReviewItem(b, a), b);
    const same = { ...a };
    assert.equal(preferReviewItem(a, same), a);
  });

  test('due times in words, rounded up', () => {
    assert.equal(dueInWords(T0, T0), 'now');
    assert.equal(dueInWords(T0 + 1, T0), 'in 1 minute');
    assert.equal(dueInWords(T0 + 59 * 60_000, T0), 'in 59 minutes');
    assert.equal(dueInWords(T0 + HOUR + 1, T0), 'in 2 hours');
    assert.equal(dueInWords(T0 + DAY, T0), 'in 24 hours');
    assert.equal(dueInWords(T0 + 3 * DAY, T0), 'in 3 days');
  });

  test('review ids: an exercise id, or "quiz:" and a question key', () => {
    assert.deepEqual(reviewTarget('bridges/two-bridges#br1'), { kind: 'exercise', exerciseId: 'bridges/two-bridges#br1', lessonId: 'bridges/two-bridges' });
    assert.deepEqual(reviewTarget(questionReviewId('part-1/arp')), { kind: 'question', key: 'part-1/arp', quizId: 'part-1', questionId: 'arp' });
    for (const bad of ['', 'no-hash', '#x', 'lesson#', 'quiz:', 'quiz:nokey', 'quiz:/q', 'quiz:p/']) assert.equal(reviewTarget(bad), undefined, bad);
  });
});
