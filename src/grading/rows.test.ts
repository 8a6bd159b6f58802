import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradeCapture, type CaptureLine } from './capture.ts';
import { sequenceRows } from './rows.ts';

const req = (src: string, seq: number): CaptureLine => ({ kind: 'echo-request', src, dst: '10.0.0.2', seq });

test('rows are the learner\'s lines, numbered as the form numbers them; a missing line has no number', () => {
  const expected = [req('10.0.0.1', 1), req('10.0.0.1', 2), req('10.0.0.1', 3), req('10.0.0.1', 4)];
  // The form's rows 1, 3 and 4 are filled (row 2 left blank): three lines, one missing.
  const predicted = [req('10.0.0.1', 1), req('10.0.0.1', 1), req('10.0.0.1', 1)];
  const g = gradeCapture(predicted, expected, ['seq']);
  const rows = sequenceRows(g, (l) => `seq ${l.seq}`, { numbers: [1, 3, 4], why: (f) => (f === 'seq' ? 'ping numbers each request' : undefined) });
  assert.deepEqual(rows.rows.map((r) => r.line), [1, 3, 4, undefined]);
  assert.deepEqual(rows.rows.map((r) => r.status), ['right', 'wrong', 'wrong', 'missing']);
  // The field and why; said once in full, then pointed at.
  assert.equal(rows.rows[1]!.note, 'wrong seq: ping numbers each request.');
  assert.equal(rows.rows[2]!.note, 'wrong seq (as on line 3).');
  assert.deepEqual(rows.rows[1]!.fields, ['seq']);
  assert.match(rows.rows[3]!.note, /^missing/);
  assert.equal(rows.correct, false);
});
