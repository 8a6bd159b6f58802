import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { extremeValues, quizExtremeScenarios, quizHookVariants, quizScenarios } from './conformance.ts';
import type { QuestionDefinition } from './types.ts';
import { drawParams } from './variant.ts';

test('quiz scenarios: one per question that runs the engine; write-rule runs setup + solution + probe', () => {
  const quiz = fixtureQuiz('nat.yaml');
  const items = quizScenarios([quiz]);
  assert.equal(items.length, quiz.questions.filter((q) => q.type !== 'choice').length);
  assert.ok(items.every((i) => i.id.startsWith('quiz-fixture-nat-')));
  const wr = items.find((i) => i.id === 'quiz-fixture-nat-write-snat')!;
  assert.match(wr.source, /ip netns exec b ip link set eth0 up\niptables -t nat -A POSTROUTING -o \S+ -j MASQUERADE\ntcpdump -n -i \S+ icmp &\n/);
  assert.deepEqual(quizScenarios([quiz]), items, 'the same variant every time');
});

test('extreme variants: all-min, all-max and the middle pick values, each value of every pick once, notEqual respected', () => {
  const quiz = fixtureQuiz('nat.yaml');
  const def = quiz.questions.find((q) => q.id === 'write-snat') ?? quiz.questions.find((q) => q.type !== 'choice')!;
  // A variant equal to the "conformance" one is left out: that one is recorded already.
  const drawn = drawParams(quiz.id, def, 'conformance');
  const variants = [{ name: 'conformance', values: drawn }, ...extremeValues(quiz.id, def)];
  const byName = new Map(variants.map((v) => [v.name, v.values]));
  for (const [name, spec] of Object.entries(def.params)) {
    if ('int' in spec) {
      assert.equal((byName.get('min') ?? drawn)[name], String(spec.int[0]), `${name} at its minimum`);
      assert.equal((byName.get('max') ?? drawn)[name], String(spec.int[1]), `${name} at its maximum`);
    } else {
      const taken = new Set(variants.map((v) => v.values[name]));
      for (const value of spec.pick) assert.ok(taken.has(String(value)), `${name}=${value} is taken by some variant`);
    }
  }
  assert.equal(new Set(variants.map((v) => JSON.stringify(v.values))).size, variants.length, 'no two variants alike');
});

test('extreme variants: a value that notEqual forbids moves on to the next allowed one', () => {
  const def = {
    id: 'two-hosts',
    type: 'capture',
    points: 1,
    params: { a: { int: [2, 3] }, b: { int: [2, 3], notEqual: ['a'] }, c: { pick: ['x', 'y'] }, d: { pick: ['x', 'y'], notEqual: ['c'] } },
    prompt: '',
  } as unknown as QuestionDefinition;
  for (const { name, values } of extremeValues('q', def)) {
    assert.notEqual(values.a, values.b, `${name}: a and b differ`);
    assert.notEqual(values.c, values.d, `${name}: c and d differ`);
  }
  const min = extremeValues('q', def).find((v) => v.name === 'min')!.values;
  assert.deepEqual(min, { a: '2', b: '3', c: 'x', d: 'y' });
});

test('extreme scenarios are named quiz-<quiz>-<question>-<variant> and substitute the values', () => {
  const quiz = fixtureQuiz('nat.yaml');
  const items = quizExtremeScenarios([quiz]);
  assert.ok(items.length > 0);
  assert.ok(items.every((i) => /^quiz-fixture-nat-[\w-]+-(min|max|pick\d+)$/.test(i.id)), items.map((i) => i.id).join(', '));
  assert.ok(items.every((i) => !i.source.includes('{{')), 'every placeholder filled');
  const hooks = quizHookVariants([quiz]);
  assert.ok(hooks.some((h) => h.id.endsWith('-min') && h.packet !== ''), 'hooks questions bring their packet');
});
