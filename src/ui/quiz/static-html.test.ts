// The practice pages' questions in their HTML (static-html.ts): every quiz's first variant
// renders on the build-time DOM to the card markup, with every question, its controls and its
// buttons, and with no answer in it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadQuizzes } from '../../quiz/load.ts';
import { answerText, prepareQuizNow } from '../../quiz/core.ts';
import { sealQuiz } from '../../quiz/seal.ts';
import { practiceSeed } from '../../quiz/seeds.ts';
import { practiceHtml } from './static-html.ts';
import { h } from './dom.ts';
import { outerHtml, renderStatic } from './static-dom.ts';

const QUIZZES = loadQuizzes('lessons');
const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, '\u00a0').replace(/&amp;/g, '&');

test('the build-time DOM writes elements, attributes and text as HTML, escaped', () => {
  const html = renderStatic(() =>
    outerHtml(h('p', { class: 'a', 'data-x': 'say "hi" & <bye>', hidden: true }, 'x < y & z', h('input', { type: 'checkbox' }), h('pre', {}, '\nfirst line'))),
  );
  assert.equal(html, '<p class="a" data-x="say &quot;hi&quot; &amp; <bye>" hidden>x &lt; y &amp; z<input type="checkbox"><pre>\n\nfirst line</pre></p>');
});

test('setting a DOM property the build-time DOM does not model fails the build, never silently differs', () => {
  assert.throws(() => renderStatic(() => Object.assign(h('div'), { innerHTML: '<b>x</b>' })), /innerHTML/);
});

test('ids built at build time never meet the ones the browser makes', () => {
  const html = renderStatic(() => outerHtml(h('p', { id: 'x' })));
  assert.match(html, /id="x"/);
  const prepared = prepareQuizNow([sealQuiz(QUIZZES[0]!, 'v')], practiceSeed(1));
  assert.match(practiceHtml(prepared, 1), /id="q-s[0-9a-z]+"/);
});

for (const quiz of QUIZZES) {
  test(`${quiz.id}: the first practice variant as HTML: every question, its controls, no answer`, () => {
    const prepared = prepareQuizNow([sealQuiz(quiz, 'test-version')], practiceSeed(1));
    const html = practiceHtml(prepared, 1);
    const questions = prepared.questions[0]!;
    assert.equal(html.match(/<section class="exercise quiz-question"/g)?.length, questions.length);
    assert.equal(html.match(/>Check answer</g)?.length, questions.length);
    assert.equal(html.match(/>Reveal answer</g)?.length, questions.length);
    assert.match(html, /^<div class="quiz" data-mode="practice"><div class="quiz-screen" data-screen="practicing" data-prerendered="1">/);
    assert.match(html, />Variant 1\. </);
    const text = unescape(html);
    const cards = html.split('<section class="exercise quiz-question"').slice(1).map(unescape);
    for (const [i, p] of questions.entries()) {
      assert.ok(text.includes(`>Question ${i + 1}<`), `question ${i + 1} is in the page`);
      assert.ok(html.includes(`data-key="${p.question.key}"`));
      // A paragraph of the prompt as written (its first line, code spans aside).
      const firstWords = p.question.prompt.split('\n')[0]!.split('`')[0]!.trim().slice(0, 40);
      if (firstWords) assert.ok(text.includes(firstWords), `the prompt of ${p.question.key}: ${firstWords}`);
      if (p.topology) assert.ok(html.includes('class="topo"'), 'the topology drawing');
      // No answer: the engine's answer lines are nowhere in the page (a choice's option texts are the question itself).
      if (p.question.type === 'choice' || p.question.type === 'counters' || p.question.type === 'capture-point' || p.question.type === 'order-hooks') continue;
      const answer = answerText(p).split('\n').slice(1).map((l) => l.trim()).filter((l) => l.length > 12 && !l.startsWith('('));
      for (const line of answer) assert.ok(!cards[i]!.includes(line), `${p.question.key}: the answer line "${line}" is in its card`);
    }
    assert.ok(!html.includes('exercise-answer" role="region" tabindex="-1">'), 'no answer region is filled');
    assert.ok(!/"correct"|correct=/.test(html));
  });
}
