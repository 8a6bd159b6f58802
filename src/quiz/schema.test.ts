import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuiz, quizSchema } from './schema.ts';

const choice = {
  id: 'c',
  type: 'choice',
  prompt: 'Which?',
  explanation: 'Because.',
  keyPoint: { what: 'the idea' },
  options: [
    { text: 'yes', correct: true, explanation: 'right' },
    { text: 'no', correct: false, explanation: 'wrong' },
  ],
};

const quiz = (questions: unknown[], extra: Record<string, unknown> = {}) => ({ id: 'q1', title: 'T', part: 1, questions, ...extra });

function problems(data: unknown): string {
  try {
    parseQuiz(data, 'lessons/01-x/quiz.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('expected parseQuiz to throw');
}

describe('parseQuiz', () => {
  test('defaults: points 1, passScore 0.7, params {}, multiple false, ns default, maxRules 20', () => {
    const q = parseQuiz(
      quiz([
        choice,
        { id: 'w', type: 'write-rule', prompt: 'p', explanation: 'e', setup: 'ip netns add a', probe: 'ip netns exec a ping -c 1 10.0.0.1', goals: [{ ping: 1, replies: false }], solution: 'iptables -A INPUT -j DROP', keyPoint: { what: 'no reply', goals: [1] } },
      ]),
      'x',
    );
    assert.equal(q.passScore, 0.7);
    assert.equal(q.questions[0]!.points, 1);
    assert.deepEqual(q.questions[0]!.params, {});
    assert.equal(q.questions[0]!.multiple, false);
    assert.equal(q.questions[1]!.ns, 'default');
    assert.equal(q.questions[1]!.maxRules, 20);
  });

  test('errors name the file and the path of the bad field (with the question id)', () => {
    const m = problems(quiz([choice, { id: 'cap', type: 'capture', prompt: 'p', explanation: 'e', scenario: 'ip netns add a' }]));
    assert.match(m, /^lessons\/01-x\/quiz\.yaml: invalid quiz file:/);
    assert.match(m, /questions\[1\] \(id "cap"\)\.capture: /);
  });

  test('unknown fields are refused (strict), also type-foreign ones', () => {
    assert.match(problems(quiz([{ ...choice, colour: 'red' }])), /colour/);
    assert.match(problems(quiz([{ ...choice, scenario: 'x' }])), /scenario/);
    assert.match(problems({ ...quiz([choice]), extra: 1 }), /extra/);
  });

  test('duplicate question ids', () => {
    assert.match(problems(quiz([choice, choice])), /questions\[1\] \(id "c"\)\.id: duplicate question id "c"/);
  });

  test('every {{name}} must be a declared parameter', () => {
    const m = problems(quiz([{ ...choice, prompt: 'ping {{far}} from {{ lan }}', params: { lan: { pick: ['10.0.0'] } } }]));
    assert.match(m, /prompt: \{\{far\}\} is used but no parameter "far" is declared/);
    assert.doesNotMatch(m, /"lan"/);
    assert.match(problems(quiz([{ ...choice, options: [{ text: '{{x}}', correct: true, explanation: 'e' }, choice.options[1]] }])), /options\[0\]\.text: \{\{x\}\}/);
  });

  test('parameters: pick or int, notEqual names an earlier parameter', () => {
    assert.match(problems(quiz([{ ...choice, params: { a: { pick: [1], int: [1, 2] } } }])), /either \{ pick/);
    assert.match(problems(quiz([{ ...choice, params: { a: { int: [5, 2] } } }])), /min <= max/);
    assert.match(problems(quiz([{ ...choice, params: { a: { pick: [1], notEqual: ['b'] }, b: { pick: [2] } } }])), /drawn after "a"/);
    assert.match(problems(quiz([{ ...choice, params: { a: { pick: [1], notEqual: ['zz'] } } }])), /"zz", which is not a parameter/);
  });

  test('type-specific requirements', () => {
    assert.match(problems(quiz([{ ...choice, options: [{ text: 'a', correct: false, explanation: 'e' }, { text: 'b', correct: false, explanation: 'e' }] }])), /no option is marked correct/);
    assert.match(problems(quiz([{ ...choice, options: [{ text: 'a', correct: true, explanation: 'e' }, { text: 'b', correct: true, explanation: 'e' }] }])), /multiple is false/);
    assert.match(problems(quiz([{ ...choice, options: [choice.options[0]] }])), /at least two options/);
    assert.match(problems(quiz([{ id: 'h', type: 'hooks', prompt: 'p', explanation: 'e', scenario: 's' }])), /packet/);
    assert.match(problems(quiz([{ id: 'k', type: 'counters', prompt: 'p', explanation: 'e', scenario: 's', chains: [] }])), /chains names at least one chain/);
    assert.match(problems(quiz([{ id: 'k', type: 'capture', prompt: 'p', explanation: 'e', scenario: 's', capture: 'eth0', keyPoint: { what: 'k', fields: ['src'] } }])), /capture is "NS DEV"/);
    assert.match(problems(quiz([{ id: 'k', type: 'capture-point', prompt: 'p', explanation: 'e', scenario: 's', match: {}, keyPoint: { what: 'k' } }])), /at least one of kind, src, dst/);
    const wr = { id: 'w', type: 'write-rule', prompt: 'p', explanation: 'e', setup: 's', probe: 'p', solution: 'iptables -A INPUT -j DROP', keyPoint: { what: 'k', goals: [1] } };
    assert.match(problems(quiz([{ ...wr }])), /goals/);
    assert.match(problems(quiz([{ ...wr, goals: [{ ping: 1 }] }])), /replies/);
    assert.match(problems(quiz([{ ...wr, goals: [{ ping: 1, replies: true, expect: 'all' }] }])), /expect does not belong in a ping goal/);
    assert.match(problems(quiz([{ ...wr, goals: [{ counter: { chain: 'INPUT', rule: 1 } }] }])), /packets: N or packetsAtLeast/);
    assert.match(problems(quiz([{ ...wr, goals: [{ ping: 1, replies: true }], solution: 'rm -rf /' }])), /solution line 1 is not an iptables command/);
  });

  test('ids are slugs; passScore in [0, 1]', () => {
    assert.match(problems({ ...quiz([choice]), id: 'Part 1' }), /^.*\n {2}id: quiz id is lower-case/);
    assert.match(problems(quiz([choice], { passScore: 1.5 })), /passScore/);
  });

  test('every field of the schema is described', () => {
    assert.ok(quizSchema.description);
    for (const [name, field] of Object.entries(quizSchema.shape)) assert.ok((field as { description?: string }).description, name);
  });

  test('every question declares a key point that fits its type', () => {
    assert.match(problems(quiz([{ ...choice, keyPoint: undefined }])), /keyPoint: Invalid input/);
    const capture = { id: 'k', type: 'capture', prompt: 'p', explanation: 'e', scenario: 's', capture: 'default eth0' };
    assert.match(problems(quiz([{ ...capture, keyPoint: { what: 'w' } }])), /key point names its fields/);
    assert.match(problems(quiz([{ ...capture, keyPoint: { what: 'w', fields: ['colour'] } }])), /"colour" is not a capture field/);
    assert.match(problems(quiz([{ ...capture, keyPoint: { what: 'w', fields: ['src'], hook: 'INPUT' } }])), /has no "hook"/);
    assert.match(problems(quiz([{ ...choice, targets: ['ping-resends'] }])), /no option shows "ping-resends"/);
  });
});
