import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines, outputLines } from './diff.ts';

const show = (d: ReturnType<typeof diffLines>): string => d.map((l) => `${l.kind === 'added' ? '+' : l.kind === 'removed' ? '-' : ' '}${l.text}`).join('|');

test('a line added in the middle is the only new line', () => {
  assert.equal(show(diffLines(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])), ' a|+x| b| c');
});
test('removed and added lines', () => {
  assert.equal(show(diffLines(['a', 'b', 'c'], ['a', 'c', 'd'])), ' a|-b| c|+d');
});
test('identical outputs have no marks; empty outputs are fine', () => {
  assert.equal(show(diffLines(['a'], ['a'])), ' a');
  assert.equal(show(diffLines([], ['a'])), '+a');
  assert.equal(show(diffLines(['a'], [])), '-a');
});
test('over the size limit, counts decide (linear)', () => {
  const before = Array.from({ length: 5000 }, (_, i) => `l${i % 50}`);
  const after = [...before.slice(0, 1), 'new', ...before.slice(1).reverse()];
  const d = diffLines(before, after);
  assert.equal(d.filter((l) => l.kind === 'added').map((l) => l.text).join(), 'new');
});
test('outputLines drops the last empty line', () => assert.deepEqual(outputLines('a\nb\n'), ['a', 'b']));
