import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffLines, formatDiff } from './diff.ts';

test('equal inputs give no diff', () => {
  assert.equal(formatDiff(['a', 'b'], ['a', 'b']), '');
  assert.equal(formatDiff([], []), '');
});

test('diffLines keeps common lines and marks the rest', () => {
  assert.deepEqual(
    diffLines(['a', 'b', 'c'], ['a', 'x', 'c', 'd']).map((o) => `${o.op}${o.line}`),
    [' a', '-b', '+x', ' c', '+d'],
  );
});

test('formatDiff shows hunks with context and line numbers', () => {
  const kernel = ['h', '1', '2', '3', '4', '5', '6', 'k', '7', '8', '9', '10', '11'];
  const engine = ['h', '1', '2', '3', '4', '5', '6', 'e', '7', '8', '9', '10', '11'];
  assert.equal(formatDiff(kernel, engine, 2), '@@ kernel line 6, engine line 6 @@\n  5\n  6\n- k\n+ e\n  7\n  8\n');
});

test('formatDiff separates distant changes into hunks', () => {
  const d = formatDiff(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], ['A', 'b', 'c', 'd', 'e', 'f', 'g', 'H'], 1);
  assert.equal(d, '@@ kernel line 1, engine line 1 @@\n- a\n+ A\n  b\n@@ kernel line 7, engine line 7 @@\n  g\n- h\n+ H\n');
});
