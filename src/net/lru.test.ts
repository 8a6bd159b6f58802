import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearAllMemos, Lru } from './lru.ts';

test('Lru keeps what is used and holds at most twice its capacity', () => {
  const memo = new Lru<string, number>(2);
  memo.set('a', 1);
  memo.set('b', 2);
  memo.set('c', 3); // the young map was full: a and b age
  assert.equal(memo.get('a'), 1, 'an aged entry is still found');
  memo.set('d', 4); // young (c, a) was full: it ages, b is dropped
  assert.equal(memo.get('b'), undefined, 'the entry used least recently is gone');
  assert.equal(memo.get('c'), 3);
  assert.equal(memo.get('a'), 1);
  assert.equal(memo.get('d'), 4);
  for (let i = 0; i < 100; i++) memo.set(`k${i}`, i);
  assert.ok(memo.size <= 4, `at most 2 x capacity entries (${memo.size})`);
});

test('getOrCompute computes once; clearAllMemos empties every memo', () => {
  const memo = new Lru<string, number>(8);
  let calls = 0;
  const compute = (): number => ++calls;
  assert.equal(memo.getOrCompute('x', compute), 1);
  assert.equal(memo.getOrCompute('x', compute), 1);
  assert.equal(calls, 1);
  clearAllMemos();
  assert.equal(memo.size, 0);
  assert.equal(memo.getOrCompute('x', compute), 2);
});
