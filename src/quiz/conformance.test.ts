import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { quizScenarios } from './conformance.ts';

test('quiz scenarios: one per question that runs the engine; write-rule runs setup + solution + probe', () => {
  const quiz = fixtureQuiz('nat.yaml');
  const items = quizScenarios([quiz]);
  assert.equal(items.length, quiz.questions.filter((q) => q.type !== 'choice').length);
  assert.ok(items.every((i) => i.id.startsWith('quiz-fixture-nat-')));
  const wr = items.find((i) => i.id === 'quiz-fixture-nat-write-snat')!;
  assert.match(wr.source, /ip netns exec b ip link set eth0 up\niptables -t nat -A POSTROUTING -o \S+ -j MASQUERADE\ntcpdump -n -i \S+ icmp &\n/);
  assert.deepEqual(quizScenarios([quiz]), items, 'the same variant every time');
});
