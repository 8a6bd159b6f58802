// The course's own quizzes (lessons/*/quiz.yaml): every question, 100 variants each. The
// scenario runs, the revealed answer scores 1, an empty answer scores 0 (for write-rule: the
// solution meets every goal and the empty rule set misses at least one key goal, so that no
// rule set passes only because the setup already did).

import { BLANK } from './simulate.ts';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expectedAnswer, questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { loadQuizzes, quizFiles } from './load.ts';
import { generateQuestion } from './variant.ts';
import { runWriteRule } from './write-rule.ts';
import type { Answer, QuestionType } from './types.ts';

const VARIANTS = 100;


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
          const empty = gradeQuestion(q, BLANK[q.type]);
          assert.equal(empty.score, 0, `seed ${q.seed}: an empty answer scores ${empty.score}`);
          if (expected.type === 'write-rule') {
            assert.ok(expected.goals.every((g) => g.met));
            // The goals must not pass on the setup alone: without the learner's rules a key goal fails.
            const bare = runWriteRule(q, '');
            assert.ok(bare.ok, `seed ${q.seed}: the setup and probe alone fail`);
            const keyGoals = q.keyPoint?.goals ?? [];
            assert.ok(keyGoals.length > 0, 'a write-rule question names its key goals');
            assert.ok(
              keyGoals.some((n) => bare.goals[n - 1]?.met === false),
              `seed ${q.seed}: every key goal (${keyGoals.join(', ')}) is met without any rule: the setup already does it`,
            );
          }
        }
      });
    }
  });
}
