// The guessable answers measured on main in issue 11, each on the course's own question, now
// earning nothing: an empty or comments-only write-rule answer, the wrong SNAT source on every
// line, every box ticked, a wrong [UNREPLIED], an order-hooks list left as given, INPUT where
// the packet meets FORWARD.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { loadQuizzes } from './load.ts';
import { generateQuestion } from './variant.ts';
import type { QuestionVariant } from './types.ts';

const quizzes = loadQuizzes();
function variants(quizId: string, questionId: string, n = 12): QuestionVariant[] {
  const quiz = quizzes.find((q) => q.id === quizId)!;
  const def = quiz.questions.find((q) => q.id === questionId)!;
  return Array.from({ length: n }, (_, i) => generateQuestion(quiz.id, def, `measure:${i}`));
}

test('write-rule: empty, "# nothing" and comments-only answers earn 0 (were 1.5/3 and 2/3)', () => {
  for (const q of [...variants('part-5', 'masquerade-the-lan'), ...variants('part-3', 'no-pings-to-the-router', 4)]) {
    for (const text of ['', '# nothing', '# iptables -t nat -A POSTROUTING -j MASQUERADE\n\n']) {
      assert.equal(gradeQuestion(q, { text }).score, 0, `${q.id} ${q.seed}: ${JSON.stringify(text)}`);
    }
  }
});

test('capture: every line right but the SNAT source (the point of the question) earns 0 (was 2/3)', () => {
  let checked = 0;
  for (const q of variants('part-2', 'where-snat-shows', 20)) {
    const right = revealAnswer(q);
    if (!('lines' in right) || q.values.cap !== 'eth2') continue;
    // On eth2 the requests carry the SNAT address; the learner writes vasya's own, as if before the SNAT.
    assert.ok(right.lines.some((l) => l.kind === 'echo-request' && l.src === `${q.values.wan}.1`));
    const vasya = `${q.values.lan}.${q.values.v}`;
    const wrong = { lines: right.lines.map((l) => (l.kind === 'echo-request' ? { ...l, src: vasya } : l)) };
    assert.equal(gradeQuestion(q, wrong).score, 0, `${q.seed}`);
    assert.equal(gradeQuestion(q, right).score, 1);
    checked++;
  }
  assert.ok(checked > 0);
});

test('multiple choice: ticking every box earns 0 (was 60%)', () => {
  for (const q of variants('part-1', 'what-tcp-adds', 3)) {
    const g = gradeQuestion(q, { choices: (q.options ?? []).map((_, i) => i) });
    assert.equal(g.score, 0);
    assert.match(g.feedback[0]!, /^every option ticked: no credit/);
  }
});

test('conntrack: a wrong [UNREPLIED] earns 0 (cost 0.14 of 2 points)', () => {
  for (const q of variants('part-1', 'who-heard-what')) {
    const right = revealAnswer(q);
    if (!('text' in right)) throw new Error('conntrack answers are text');
    const lines = right.text.split('\n');
    // Flip [UNREPLIED] on the first entry.
    lines[0] = lines[0]!.includes('[UNREPLIED]') ? lines[0]!.replace(' [UNREPLIED]', '') : lines[0]!.replace(/( src=\S+ dst=\S+)(.*?)( src=)/, '$1$2 [UNREPLIED]$3');
    const g = gradeQuestion(q, { text: lines.join('\n') });
    assert.equal(g.score, 0, `${q.seed}: ${lines[0]}\n${g.feedback.join('\n')}`);
  }
});

test('order-hooks: the list left as given earns 0 (was 1/2); it holds hooks the packet does not meet', () => {
  for (const [quizId, id] of [['part-2', 'three-namespaces'], ['part-5', 'dnat-for-the-host-itself'], ['part-7', 'published-walk'], ['final-exam', 'bridged-frame-walk']] as const) {
    for (const q of variants(quizId, id, 6)) {
      const given = questionChoices(q).shuffledHooks!;
      const right = revealAnswer(q) as { steps: { ns: string; hook: string }[] };
      assert.ok(given.length > right.steps.length, `${id}: no distractor`);
      assert.equal(gradeQuestion(q, { steps: given }).score, 0, `${id} ${q.seed}`);
    }
  }
});

test('hooks: INPUT where the packet meets FORWARD earns 0, however right the rest', () => {
  for (const q of variants('final-exam', 'tcp-through-a-published-port', 6)) {
    const right = revealAnswer(q) as { steps: { ns: string; hook: string }[] };
    const steps = right.steps.map((s) => (s.hook === 'FORWARD' ? { ...s, hook: 'INPUT' } : s));
    assert.equal(gradeQuestion(q, { steps } as never).score, 0);
  }
});
