// The state question on the prerendered practice page: its controls are the same markup in a
// variant whose answer is the client and in one whose answer is the server, and nothing is
// ticked, so the page's HTML says nothing about the answer.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadQuizzes } from '../../../quiz/load.ts';
import { sealQuiz } from '../../../quiz/seal.ts';
import { prepareQuizNow } from '../../../quiz/core.ts';
import { revealAnswer } from '../../../quiz/expected.ts';
import { practiceHtml } from '../static-html.ts';

const QUIZZES = loadQuizzes();

test('the practice page: the state controls are the same markup whatever the answer, nothing ticked', () => {
  const quiz = sealQuiz(QUIZZES.find((q) => q.id === 'final-exam')!, 'test-version');
  const controls = new Map<string, string>();
  for (let n = 1; n <= 12 && controls.size < 2; n++) {
    const prepared = prepareQuizNow([quiz], `practice:${n}`);
    const html = practiceHtml(prepared, n);
    const q = prepared.questions[0]!.find((p) => p.question.id === 'who-keeps-time-wait')!.question;
    const card = html.split('<section class="exercise quiz-question"').find((c) => c.includes(`data-key="${q.key}"`))!;
    const control = /<div class="quiz-choice">.*?<\/ul>/s.exec(card)![0].replace(/(q|choice)-s[0-9a-z]+/g, 'ID');
    assert.ok(!/checked/.test(control));
    controls.set((revealAnswer(q) as { state: string }).state, control);
  }
  assert.equal(controls.size, 2, 'variants with both answers were drawn');
  const [a, b] = [...controls.values()];
  assert.equal(a, b);
});
