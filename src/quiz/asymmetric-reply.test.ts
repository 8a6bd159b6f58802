// Part 5's asymmetric-routing question (issue 14: a packet classed INVALID) answered as learners
// would: the engine's answer (the two INVALID rules) earns everything; a learner who believes a
// reply is always ESTABLISHED (the ESTABLISHED rules ticked instead) earns nothing and is named;
// guessers (blank, every box, any single box, so the first one shown too) earn nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectedAnswer, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { loadQuizzes } from './load.ts';
import { generateQuestion } from './variant.ts';

const quiz = loadQuizzes().find((q) => q.id === 'part-5')!;
const def = quiz.questions.find((q) => q.id === 'asymmetric-reply-ctstate')!;

describe('part 5: how r2 classes replies whose requests crossed r1', () => {
  for (const seed of ['a', 'b', 'c', 'd']) {
    const q = generateQuestion(quiz.id, def, seed);
    test(`seed ${seed}`, () => {
      const e = expectedAnswer(q);
      assert.equal(e.type, 'counters');
      if (e.type !== 'counters') return;
      const right = revealAnswer(q);
      assert.ok('selected' in right);
      if (!('selected' in right)) return;
      const labels = right.selected.map((id) => e.options.find((o) => o.id === id)!.label).sort();
      assert.deepEqual(labels, ['-A FORWARD -p icmp -m conntrack --ctstate INVALID', '-A FORWARD -p tcp -m conntrack --ctstate INVALID']);
      assert.equal(gradeQuestion(q, right).score, 1);
      // The misconception: the replies counted as ESTABLISHED.
      const established = e.options.filter((o) => /--ctstate ESTABLISHED$/.test(o.label)).map((o) => o.id);
      assert.equal(established.length, 2);
      const wrong = gradeQuestion(q, { selected: established });
      assert.equal(wrong.earned, 0);
      assert.ok(wrong.misconceptions.includes('a reply is always ESTABLISHED'), wrong.misconceptions.join('; '));
      // Guessers.
      assert.equal(gradeQuestion(q, undefined).earned, 0, 'unanswered');
      assert.equal(gradeQuestion(q, { selected: [] }).earned, 0, 'blank');
      assert.equal(gradeQuestion(q, { selected: e.options.map((o) => o.id) }).earned, 0, 'every box');
      for (const o of e.options) assert.equal(gradeQuestion(q, { selected: [o.id] }).earned, 0, `only ${o.label}`);
    });
  }
});
