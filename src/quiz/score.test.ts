import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passes, passMarkOf, passMarkPercent, percentOf, scaledOf } from './score.ts';

test('percentOf and scaledOf round, but never across the pass mark', () => {
  const at = (earned: number, possible: number, passMark = 0.7) => ({ earned, possible, passed: earned / possible >= passMark - 1e-9 });
  assert.equal(percentOf(at(7, 10)), 70);
  assert.equal(percentOf(at(14, 20)), 70);
  assert.equal(percentOf(at(2, 3)), 67);
  assert.equal(percentOf(at(12.61, 130)), 10);
  assert.equal(percentOf(at(12, 12)), 100);
  assert.equal(percentOf(at(0, 12)), 0);
  assert.equal(percentOf({ earned: 3, possible: 0, passed: true }), 0);
  // 69.6% fails a 70% pass mark: reported as 69, not 70.
  assert.equal(percentOf(at(6.96, 10), 0.7), 69);
  assert.equal(percentOf(at(6.96, 10)), 70);
  assert.equal(scaledOf(at(2, 3)), 0.6667);
  assert.equal(scaledOf(at(7, 10), 0.7), 0.7);
  assert.equal(scaledOf(at(6.99996, 10), 0.7), 0.6999);
  for (const mark of [0.5, 0.7, 0.75, 0.725]) {
    for (let possible = 1; possible <= 60; possible++) {
      for (let earned = 0; earned <= possible; earned += 0.25) {
        const score = at(earned, possible, mark);
        assert.equal(percentOf(score, mark) >= mark * 100 - 1e-9, score.passed, `${earned}/${possible} against ${mark}`);
        assert.equal(scaledOf(score, mark) >= mark - 1e-9, score.passed, `${earned}/${possible} against ${mark} (scaled)`);
        assert.ok(Math.abs(percentOf(score, mark) - (100 * earned) / possible) < 1 + 1e-9);
      }
    }
  }
});

test('passes: the pass mark reached, up to float noise; nothing to earn passes', () => {
  assert.equal(passes(7, 10, 0.7), true);
  assert.equal(passes(6.96, 10, 0.7), false);
  assert.equal(passes(0.7 * 3, 3, 0.7), true);
  assert.equal(passes(0, 0, 0.7), true);
});

test('passMarkOf weights pass scores by points, for definitions and variants alike', () => {
  const quiz = (passScore: number, points: number[]) => ({ passScore, questions: points.map((p) => ({ points: p })) });
  assert.equal(passMarkOf([quiz(0.7, [1, 2]), quiz(0.7, [3])]), 0.7);
  assert.equal(passMarkOf([quiz(0.5, [1, 1]), quiz(0.8, [3, 3])]), 0.725);
  assert.equal(passMarkOf([]), 0);
});

test('passMarkPercent is the least whole percent that passes: never shown below a failing percentOf', () => {
  assert.equal(passMarkPercent(0.7), 70);
  assert.equal(passMarkPercent(0.725), 73);
  assert.equal(passMarkPercent(0.7249), 73);
  assert.equal(passMarkPercent(0), 0);
  for (const mark of [0.5, 0.7, 0.7249, 0.725, 0.7333333333]) {
    for (let possible = 1; possible <= 40; possible++) {
      for (let earned = 0; earned <= possible; earned += 0.25) {
        const score = { earned, possible, passed: passes(earned, possible, mark) };
        assert.equal(percentOf(score, mark) >= passMarkPercent(mark), score.passed, `${earned}/${possible} against ${mark}`);
      }
    }
  }
});
