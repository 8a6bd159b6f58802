import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { assignmentId, decodeAssignment, encodeAssignment } from './assignment.ts';
import type { Assignment } from './types.ts';

const week5: Assignment = { v: 1, title: 'Week 5', quizzes: ['part-5'], mode: 'graded', attempts: 2, timeLimitMinutes: 20 };

const arbAssignment: fc.Arbitrary<Assignment> = fc.record(
  {
    v: fc.constant(1 as const),
    title: fc.string({ minLength: 1, maxLength: 60, unit: 'grapheme' }).filter((s) => s.trim() !== ''),
    quizzes: fc.uniqueArray(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), { minLength: 1, maxLength: 8 }),
    mode: fc.constantFrom('graded' as const, 'practice' as const),
    attempts: fc.integer({ min: 1, max: 100 }),
    timeLimitMinutes: fc.integer({ min: 1, max: 1440 }),
    due: fc.constantFrom('2026-11-26', '2026-02-28T17:00:00Z', '2026-12-31T23:59:59.999+01:00'),
  },
  { requiredKeys: ['v', 'title', 'quizzes', 'mode'] },
);

describe('assignments', () => {
  test('encode/decode round trip (property)', () => {
    fc.assert(
      fc.property(arbAssignment, (a) => {
        const encoded = encodeAssignment(a);
        assert.match(encoded, /^[A-Za-z0-9_-]+$/);
        const d = decodeAssignment(encoded);
        assert.ok(d.ok, d.ok ? '' : d.error);
        assert.deepEqual(d.assignment, { ...a }); // fc.record makes null-prototype objects
        assert.equal(assignmentId(d.assignment), assignmentId(a));
      }),
      { numRuns: 300 },
    );
  });

  test('the id: short, stable, independent of key order, different when anything changes', () => {
    const id = assignmentId(week5);
    assert.match(id, /^[0-9a-z]{11}$/);
    assert.equal(assignmentId({ mode: 'graded', quizzes: ['part-5'], v: 1, timeLimitMinutes: 20, attempts: 2, title: 'Week 5' }), id);
    assert.notEqual(assignmentId({ ...week5, attempts: 3 }), id);
    assert.notEqual(assignmentId({ ...week5, title: 'Week 5 ' }), id);
  });

  test('decoding accepts a "#a=" prefix and refuses damaged or invalid links with a message', () => {
    assert.ok(decodeAssignment(`#a=${encodeAssignment(week5)}`).ok);
    const enc = (v: unknown): string => btoa(JSON.stringify(v)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const cases: [string, RegExp][] = [
      ['', /holds no assignment/],
      ['abc$%', /damaged/],
      ['A'.repeat(5000), /too long/],
      ['////', /damaged/],
      [enc('not an object'), /invalid assignment/],
      [btoa('{nope').replace(/=+$/, ''), /not JSON/],
      [enc({ ...week5, v: 2 }), /v: /],
      [enc({ ...week5, extra: true }), /extra/],
      [enc({ ...week5, quizzes: [] }), /quizzes: an assignment has at least one quiz/],
      [enc({ ...week5, quizzes: ['a', 'a'] }), /listed twice/],
      [enc({ ...week5, quizzes: ['../etc'] }), /quiz id/],
      [enc({ ...week5, mode: 'exam' }), /mode/],
      [enc({ ...week5, attempts: 0 }), /attempts/],
      [enc({ ...week5, attempts: 1.5 }), /attempts/],
      [enc({ ...week5, due: '2026-02-30' }), /due/],
      [enc({ ...week5, due: 'tomorrow' }), /due/],
      [enc({ ...week5, created: '2026-11-26T10:00:00Z' }), /created: a date/],
      [enc({ ...week5, created: '2026-02-30' }), /created/],
      [enc({ ...week5, title: '' }), /title/],
      [enc({ ...week5, title: 'x'.repeat(300) }), /title/],
    ];
    for (const [text, message] of cases) {
      const d = decodeAssignment(text);
      assert.ok(!d.ok, text.slice(0, 40));
      assert.match(d.error, message);
    }
    // The day a link was made round-trips.
    const made = decodeAssignment(encodeAssignment({ ...week5, created: '2026-11-26' }));
    assert.ok(made.ok && made.assignment.created === '2026-11-26');
    // Invalid UTF-8 bytes.
    assert.match((decodeAssignment('_w') as { error: string }).error, /damaged/);
  });
});
