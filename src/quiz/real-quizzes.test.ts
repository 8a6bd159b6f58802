// The course's own quizzes (lessons/*/quiz.yaml): every question, 100 variants each. The
// scenario runs, the revealed answer scores 1, an empty answer scores less (for write-rule:
// the solution meets every goal and the empty rule set misses at least one).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectedAnswer, questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { loadQuizzes, quizFiles } from './load.ts';
import { generateQuestion } from './variant.ts';
import type { Answer, QuestionType } from './types.ts';

const VARIANTS = 100;

const EMPTY: Record<QuestionType, Answer> = {
  capture: { lines: [] },
  hooks: { steps: [] },
  'order-hooks': { steps: [] },
  counters: { selected: [] },
  conntrack: { text: '' },
  'capture-point': { selected: [] },
  choice: { choices: [] },
  'write-rule': { text: '' },
};

test('the course has quiz files, and they load', () => {
  assert.ok(quizFiles().length > 0, 'no lessons/*/quiz.yaml');
  assert.ok(loadQuizzes().length > 0);
});

const quizzes = quizFiles().length > 0 ? loadQuizzes() : [];

for (const quiz of quizzes) {
  describe(`quiz ${quiz.id}`, () => {
    for (const def of quiz.questions) {
      test(`${def.id} (${def.type}): ${VARIANTS} variants`, () => {
        for (let i = 0; i < VARIANTS; i++) {
          const q = generateQuestion(quiz.id, def, `test:${i}`);
          const expected = expectedAnswer(q); // throws, naming the seed and line, when the scenario fails
          questionChoices(q);
          const right = gradeQuestion(q, revealAnswer(q));
          assert.equal(right.score, 1, `seed ${q.seed}: the revealed answer scores ${right.score}:\n${right.feedback.join('\n')}`);
          const empty = gradeQuestion(q, EMPTY[q.type]);
          assert.ok(empty.score < 1, `seed ${q.seed}: an empty answer scores 1 (nothing to find in this variant?)`);
          if (expected.type === 'write-rule') assert.ok(expected.goals.every((g) => g.met));
        }
      });
    }
  });
}
