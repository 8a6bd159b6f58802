import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { revealAnswer } from './expected.ts';
import { gradeQuiz } from './grade.ts';
import { loadQuizzes } from './load.ts';
import { sealQuiz } from './seal.ts';
import { generateQuiz } from './variant.ts';
import type { Answer } from './types.ts';

test('sealed quiz data holds no plain choice answer, and grades exactly like the plain definition', () => {
  for (const quiz of [fixtureQuiz('nat.yaml'), ...loadQuizzes()]) {
    const sealed = sealQuiz(quiz, '0.1.0+test');
    const json = JSON.stringify(sealed);
    assert.doesNotMatch(json, /"correct"/, `${quiz.id}: "correct" in the page data`);
    assert.doesNotMatch(json, /"shows"/, `${quiz.id}: "shows" marks the wrong options`);
    for (let i = 0; i < 5; i++) {
      const plain = generateQuiz(quiz, `seal:${i}`);
      const closed = generateQuiz(sealed, `seal:${i}`);
      const choices = plain.questions.filter((q) => q.type === 'choice');
      // The right answer, each single option, and every option at once: the same grade either way.
      const answers: Record<string, Answer>[] = [Object.fromEntries(choices.map((q) => [q.key, revealAnswer(q)]))];
      for (let k = 0; k < 6; k++) answers.push(Object.fromEntries(choices.map((q) => [q.key, { choices: [k % (q.options?.length ?? 1)] }])));
      answers.push(Object.fromEntries(choices.map((q) => [q.key, { choices: (q.options ?? []).map((_, j) => j) }])));
      for (const a of answers) {
        const p = gradeQuiz({ ...plain, questions: choices }, a);
        const c = gradeQuiz({ ...closed, questions: closed.questions.filter((q) => q.type === 'choice') }, a);
        assert.deepEqual(c.grades.map((g) => [g.score, g.feedback]), p.grades.map((g) => [g.score, g.feedback]));
      }
    }
  }
});

test('another salt gives other seals: the hashes are keyed by the course version', () => {
  const quiz = fixtureQuiz('nat.yaml');
  const a = sealQuiz(quiz, 'v1').questions.find((q) => q.type === 'choice')!.options!.map((o) => o.sealed);
  const b = sealQuiz(quiz, 'v2').questions.find((q) => q.type === 'choice')!.options!.map((o) => o.sealed);
  assert.notDeepEqual(a, b);
  assert.equal(new Set(a).size, a.length, 'no two options share a seal');
});
