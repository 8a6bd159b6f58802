// The quizzes' connection-state questions (issue 14) answered as a learner would: the engine's
// answer earns everything; a learner who thinks a dropped SYN leaves no entry anywhere (an empty
// answer: the same as a guesser's blank) earns nothing; an entry with the wrong state or without
// [UNREPLIED] does not earn the key point. Every variant drawn for a few seeds.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadQuizzes } from './load.ts';
import { revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { generateQuestion } from './variant.ts';

const quiz = loadQuizzes().find((q) => q.id === 'part-5')!;
const def = quiz.questions.find((q) => q.id === 'dropped-syn-record')!;

describe('part 5: what conntrack keeps for a SYN dropped further on', () => {
  for (const seed of ['a', 'b', 'c', 'd']) {
    const q = generateQuestion(quiz.id, def, seed);
    test(`seed ${seed} (${q.ns})`, () => {
      const right = revealAnswer(q);
      assert.ok('text' in right && /SYN_SENT .*\[UNREPLIED\]/.test(right.text), `the engine's answer: ${JSON.stringify(right)}`);
      assert.equal(gradeQuestion(q, right).score, 1);
      // "A dropped SYN leaves no entry": nothing typed. A guesser's blank is the same answer.
      assert.equal(gradeQuestion(q, { text: '' }).earned, 0);
      assert.equal(gradeQuestion(q, undefined).earned, 0);
      // The connection thought open (ESTABLISHED, replied): not full marks.
      const open = right.text.replace('SYN_SENT', 'ESTABLISHED').replace(' [UNREPLIED]', '');
      assert.ok(gradeQuestion(q, { text: open }).score < 1, open);
    });
  }
});

describe('part 1: what conntrack keeps for UDP datagrams nobody answers', () => {
  const part1 = loadQuizzes().find((q) => q.id === 'part-1')!;
  const udp = part1.questions.find((q) => q.id === 'udp-record')!;
  for (const seed of ['a', 'b', 'c']) {
    const q = generateQuestion(part1.id, udp, seed);
    test(`seed ${seed}`, () => {
      const right = revealAnswer(q);
      assert.ok('text' in right && /^udp .*\[UNREPLIED\]/.test(right.text) && right.text.split('\n').length === 1, `the engine's answer: ${JSON.stringify(right)}`);
      assert.equal(gradeQuestion(q, right).score, 1);
      assert.equal(gradeQuestion(q, { text: '' }).earned, 0);
      // "The listener answered / UDP has a connection": the entry thought replied.
      assert.equal(gradeQuestion(q, { text: right.text.replace(' [UNREPLIED]', '') }).earned, 0);
      // One entry per datagram: not full marks.
      assert.ok(gradeQuestion(q, { text: [right.text, right.text, right.text].join('\n') }).score < 1);
    });
  }
});
