import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { drawParams, generateQuiz, normalizeStudent, studentSeed, substitute } from './variant.ts';
import type { QuestionDefinition } from './types.ts';

const quiz = fixtureQuiz('nat.yaml');

describe('variants', () => {
  test('the same seed always gives the same quiz', () => {
    assert.deepEqual(generateQuiz(quiz, 'k3j9x0:ada lovelace'), generateQuiz(quiz, 'k3j9x0:ada lovelace'));
  });

  test('different seeds give different variants', () => {
    const scenarios = new Set<string>();
    for (let i = 0; i < 30; i++) scenarios.add(generateQuiz(quiz, `s${i}`).questions[0]!.scenario!);
    assert.ok(scenarios.size > 20, `${scenarios.size} distinct scenarios of 30`);
  });

  test('every {{param}} is substituted, in every templated field', () => {
    for (const q of generateQuiz(quiz, 'x').questions) assert.doesNotMatch(JSON.stringify({ ...q, params: undefined }), /\{\{/, q.id);
  });

  test('values stay in bounds; adding a question does not change the others', () => {
    const extra = { ...quiz, questions: [{ ...quiz.questions[8]!, id: 'new-one' }, ...quiz.questions] };
    for (let i = 0; i < 50; i++) {
      const a = generateQuiz(quiz, `b${i}`);
      const b = generateQuiz(extra, `b${i}`);
      assert.deepEqual(b.questions.slice(1), a.questions);
      const host = Number(a.questions[0]!.values.host);
      assert.ok(host >= 2 && host <= 200);
    }
  });

  test('notEqual redraws (never equal), also when only one value is left', () => {
    const q: QuestionDefinition = {
      id: 'n',
      type: 'choice',
      points: 1,
      prompt: 'p',
      explanation: 'e',
      params: { a: { int: [1, 2] }, b: { int: [1, 2], notEqual: ['a'] }, c: { pick: ['x', 1, 2], notEqual: ['a', 'b'] } },
    };
    for (let i = 0; i < 100; i++) {
      const v = drawParams('quiz', q, `n${i}`);
      assert.notEqual(v.a, v.b);
      assert.equal(v.c, 'x');
    }
    const impossible: QuestionDefinition = { ...q, params: { a: { pick: ['1'] }, b: { int: [1, 1], notEqual: ['a'] } } };
    assert.throws(() => drawParams('quiz', impossible, 's'), /quiz quiz, question n, seed "s": parameter "b": every value of int is excluded/);
  });

  test('studentSeed: trimmed, lower-cased, inner spaces collapsed', () => {
    assert.equal(normalizeStudent('  Ada   LOVELACE \t'), 'ada lovelace');
    assert.equal(studentSeed('k3j9x0', ' Ada\u00a0 Lovelace'), 'k3j9x0:ada lovelace');
  });

  test('substitute', () => {
    assert.equal(substitute('{{a}}.{{ b }}', { a: '10', b: '2' }), '10.2');
    assert.throws(() => substitute('{{c}}', {}), /unknown parameter/);
  });
});
