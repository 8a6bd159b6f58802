// The quiz's state questions (src/quiz/state.ts): the schema's rules for them, and the course's
// two (part 1: the server's socket after the client's SYN; final exam: who keeps TIME-WAIT)
// answered over many variants as the engine answers, as a learner holding the targeted
// misconception (0, with the catalogue's nudge) and as guessers (blank, tick-all, the first
// choice: nothing). The choices a page shows are the same in every variant, so the
// prerendered practice page carries no answer (src/ui/quiz/questions/state.test.ts).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { loadQuizzes } from './load.ts';
import { parseQuiz } from './schema.ts';
import { questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { guess, misconceivedAnswer } from './simulate.ts';
import { generateQuestion } from './variant.ts';
import { answerAsText } from './review.ts';
import { CATALOGUE } from '../grading/catalogue.ts';
import { SeededRandom } from '../net/rng.ts';
import type { QuestionDefinition } from './types.ts';

const QUIZZES = loadQuizzes();
const SEEDS = Array.from({ length: 24 }, (_, i) => `state:${i}`);

function problems(question: Record<string, unknown>): string {
  try {
    parseQuiz({ id: 'q1', title: 'T', part: 1, questions: [question] }, 'lessons/01-x/quiz.yaml');
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}

const base = { id: 's', type: 'state', prompt: 'p', explanation: 'e', keyPoint: { what: 'the state' }, scenario: 'ip netns add a', flow: '10.0.0.1' };

describe('the schema of a state question', () => {
  test('a well-formed socket, time-wait and conntrack question', () => {
    assert.equal(problems({ ...base, ask: 'socket', side: 'server', after: 'SYN' }), '');
    assert.equal(problems({ ...base, ask: 'time-wait' }), '');
    assert.equal(problems({ ...base, ask: 'conntrack', ns: 'fw', after: '2', keyPoint: { what: 'x', fields: ['flags'] } }), '');
  });
  test('each ask takes exactly the fields it needs', () => {
    assert.match(problems({ ...base, ask: 'socket', after: 'SYN' }), /side: client or server/);
    assert.match(problems({ ...base, ask: 'socket', side: 'server' }), /needs after/);
    assert.match(problems({ ...base, ask: 'time-wait', after: 'SYN' }), /no after/);
    assert.match(problems({ ...base, ask: 'time-wait', side: 'client' }), /side belongs to ask: socket/);
    assert.match(problems({ ...base, ask: 'conntrack', after: '1' }), /needs ns/);
    assert.match(problems({ ...base, ask: 'socket', side: 'server', after: 'SYN', ns: 'fw' }), /ns belongs to ask: conntrack/);
    assert.match(problems({ ...base, ask: 'sockets', side: 'server', after: 'SYN' }), /ask/);
    assert.match(problems({ ...base, ask: 'socket', side: 'server', after: 'SYN', flow: undefined }), /flow/);
    assert.match(problems({ ...base, ask: 'socket', side: 'server', after: 'SYN', keyPoint: { what: 'x', fields: ['state'] } }), /not a state field/);
    assert.match(problems({ ...base, ask: 'socket', side: 'server', after: 'SYN', keyPoint: { what: 'x', hook: 'INPUT' } }), /has no "hook"/);
  });
});

const QUESTIONS: { quiz: string; id: string; target: string }[] = [
  { quiz: 'part-1', id: 'server-after-syn', target: 'server-established-on-syn' },
  { quiz: 'final-exam', id: 'who-keeps-time-wait', target: 'server-sits-in-time-wait' },
];

for (const { quiz: quizId, id, target } of QUESTIONS) {
  const quiz = QUIZZES.find((q) => q.id === quizId)!;
  const def = quiz.questions.find((q) => q.id === id) as QuestionDefinition;
  const nudge = CATALOGUE.find((e) => e.id === target)!.nudge;

  describe(`${quizId}/${id}`, () => {
    test('the engine answer earns every point; the choices are the same in every variant, the answer never first', () => {
      const lists = new Set<string>();
      for (const seed of SEEDS) {
        const q = generateQuestion(quizId, def, seed);
        const right = revealAnswer(q);
        const g = gradeQuestion(q, right);
        assert.equal(g.earned, q.points, `${seed}: ${g.feedback.join('; ')}`);
        const states = questionChoices(q).states!;
        lists.add(states.join(','));
        assert.ok('state' in right && states.includes(right.state));
        assert.notEqual(states[0], (right as { state: string }).state, `${seed}: the answer is the first choice`);
      }
      assert.equal(lists.size, 1, 'the choices never depend on the variant');
    });

    test(`a learner holding ${target} scores 0 and reads its nudge; the belief differs from the truth in some variant`, () => {
      let applied = 0;
      for (const seed of SEEDS) {
        const q = generateQuestion(quizId, def, seed);
        const answer = misconceivedAnswer(target, q);
        if (!answer) continue;
        applied++;
        const g = gradeQuestion(q, answer);
        assert.equal(g.earned, 0, `${seed}: ${JSON.stringify(answer)}`);
        assert.ok(g.hints.some((h) => h.includes(nudge)), `${seed}: the nudge is in the hints: ${g.hints.join(' | ')}`);
        assert.ok(g.misconceptions.includes(CATALOGUE.find((e) => e.id === target)!.name), g.misconceptions.join(', '));
        // The hints say what is wrong, never the right state.
        const right = (revealAnswer(q) as { state: string }).state;
        for (const h of g.hints) assert.ok(!h.includes(right) || nudge.includes(right), `${seed}: a hint names the answer: ${h}`);
        assert.ok(g.feedback.some((f) => f.includes(right)), 'the feedback (shown once no attempt is left) names it');
      }
      assert.ok(applied > 0);
    });

    test('guessers earn nothing: blank, tick-all, always-first; a made-up or ill-shaped answer neither', () => {
      for (const seed of SEEDS) {
        const q = generateQuestion(quizId, def, seed);
        for (const strategy of ['blank', 'tick-all', 'always-first'] as const) {
          const g = gradeQuestion(q, guess(strategy, q, new SeededRandom(1)));
          assert.equal(g.earned, 0, `${seed} ${strategy}: ${g.feedback.join('; ')}`);
        }
        assert.equal(gradeQuestion(q, { state: 'ESTABLISHED-ISH' }).earned, 0);
        assert.equal(gradeQuestion(q, { state: '' }).earned, 0);
        assert.equal(gradeQuestion(q, undefined).earned, 0);
        const bad = gradeQuestion(q, { text: 'SYN-RECV' });
        assert.equal(bad.earned, 0);
        assert.equal(bad.answered, false);
      }
    });

    test('the gradebook shows both answers in words', () => {
      const q = generateQuestion(quizId, def, SEEDS[0]!);
      const right = revealAnswer(q);
      assert.ok(!answerAsText(q, right).startsWith('('));
      assert.equal(answerAsText(q, { state: 'neither' }), 'neither end');
    });
  });
}

test('final exam: the closer is drawn per variant, and the answer follows it (not the role)', () => {
  const quiz = QUIZZES.find((q) => q.id === 'final-exam')!;
  const def = quiz.questions.find((q) => q.id === 'who-keeps-time-wait')!;
  const seen = new Map<string, string>();
  for (const seed of SEEDS) {
    const q = generateQuestion(quiz.id, def, seed);
    seen.set(q.values.closer!, (revealAnswer(q) as { state: string }).state);
  }
  assert.deepEqual(Object.fromEntries(seen), { client: 'client', server: 'server' });
});

test('a wrong state no catalogue entry explains: the generic hint, which names only the learner\'s answer', () => {
  const quiz = QUIZZES.find((q) => q.id === 'part-1')!;
  const def = quiz.questions.find((q) => q.id === 'server-after-syn')!;
  const q = generateQuestion(quiz.id, def, 'state:x');
  const g = gradeQuestion(q, { state: 'LISTEN' });
  assert.equal(g.earned, 0);
  assert.deepEqual(g.hints, ["Not LISTEN: follow the server's socket packet by packet, up to and including this one."]);
  assert.deepEqual(g.misconceptions, ['state: said LISTEN where it is SYN-RECV']);
});

describe('ask conntrack: the entry is the key point, the flags worth the rest', () => {
  const scenario = readFileSync(new URL('../../content/scenarios/conn-syn-dropped.sh', import.meta.url), 'utf8');
  const def = (extra: Partial<QuestionDefinition> = {}): QuestionDefinition => ({
    id: 'ct', type: 'state', points: 2, params: {}, prompt: 'p', explanation: 'e', keyPoint: { what: 'the entry' },
    scenario, flow: '10.0.2.2.80', ask: 'conntrack', ns: 'fw', after: '1', ...extra,
  });
  test('right, flags wrong, flags key, the misconception "no entry"', () => {
    const q = generateQuestion('t', def(), 's');
    const right = revealAnswer(q);
    assert.deepEqual(right, { state: 'SYN_SENT', unreplied: true, assured: false });
    assert.deepEqual(questionChoices(q).stateFlags, true);
    assert.equal(gradeQuestion(q, right).earned, 2);
    assert.equal(gradeQuestion(q, { state: 'SYN_SENT' }).earned, 1);
    assert.equal(gradeQuestion(generateQuestion('t', def({ keyPoint: { what: 'x', fields: ['flags'] } }), 's'), { state: 'SYN_SENT' }).earned, 0);
    const none = gradeQuestion(q, misconceivedAnswer('dropped-syn-no-entry', q));
    assert.equal(none.earned, 0);
    assert.ok(none.hints.some((h) => h.includes(CATALOGUE.find((e) => e.id === 'dropped-syn-no-entry')!.nudge)));
    // Tick-all: the last entry state and both flags.
    assert.equal(gradeQuestion(q, guess('tick-all', q, new SeededRandom(1))).earned, 0);
  });
});
