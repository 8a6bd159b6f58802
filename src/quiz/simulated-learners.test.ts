// Simulated learners over the course's quizzes (docs/quiz-format.md, "Simulated learners"):
// every guessing strategy (blank, tick-all, always-first, random) earns at most 10% of a
// quiz's points on average over many seeds; a learner holding a misconception scores 0 on
// every question whose `targets` list it; and the choice bank has no position or length
// giveaway. The per-quiz figures are printed (also by `npm run bench`).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CATALOGUE } from '../grading/catalogue.ts';
import { questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { loadQuizzes } from './load.ts';
import { GUESSERS, guesserScore, misconceivedAnswer } from './simulate.ts';
import { generateQuestion } from './variant.ts';

const SEEDS = 40;
const MAX_GUESS = 0.1;
/** A question's targets must be entries of the catalogue (lessons/misconceptions.yaml). */
const KNOWN_MISCONCEPTIONS = new Set(CATALOGUE.map((entry) => entry.id));

const quizzes = loadQuizzes();

describe('guessers earn at most 10% of any quiz', () => {
  for (const quiz of quizzes) {
    test(`${quiz.id}: blank, tick-all, always-first, random over ${SEEDS} seeds`, () => {
      const figures = GUESSERS.map((g) => [g, guesserScore(quiz, g, SEEDS)] as const);
      console.log(`${quiz.id}: ${figures.map(([g, s]) => `${g} ${(100 * s).toFixed(1)}%`).join(', ')}`);
      for (const [g, s] of figures) assert.ok(s <= MAX_GUESS, `${quiz.id}: the ${g} guesser earns ${(100 * s).toFixed(1)}% on average`);
    });
  }
});

describe('a learner holding a targeted misconception fails the key point', () => {
  for (const quiz of quizzes) {
    for (const def of quiz.questions) {
      for (const id of def.targets ?? []) {
        test(`${quiz.id}/${def.id}: ${id}`, () => {
          assert.ok(KNOWN_MISCONCEPTIONS.has(id), `unknown misconception id "${id}"`);
          let applied = 0;
          for (let i = 0; i < SEEDS; i++) {
            const q = generateQuestion(quiz.id, def, `sim:${i}`);
            const answer = misconceivedAnswer(id, q);
            if (answer === undefined) continue;
            applied++;
            const g = gradeQuestion(q, answer);
            assert.equal(g.score, 0, `seed ${q.seed}: a learner holding ${id} scores ${g.score}: ${JSON.stringify(answer)}\n${g.feedback.join('\n')}`);
          }
          assert.ok(applied > 0, `no variant of ${def.id} tells ${id} from the truth (or no simulated learner answers this type for it)`);
        });
      }
    }
  }
});

describe('the choice bank has no position or length giveaway', () => {
  const singles = quizzes.flatMap((quiz) => quiz.questions.filter((q) => q.type === 'choice' && !q.multiple).map((q) => ({ quiz, q })));

  test('the right option is the strictly longest in at most a third of single-answer questions', () => {
    const longest = singles.filter(({ q }) => {
      const opts = q.options ?? [];
      const right = opts.find((o) => o.correct)!;
      return opts.every((o) => o === right || o.text.length < right.text.length);
    });
    console.log(`choice bank: the right option is the longest in ${longest.length} of ${singles.length} single-answer questions`);
    assert.ok(singles.length > 0);
    assert.ok(longest.length <= Math.ceil(singles.length / 3), `longest: ${longest.map(({ q }) => q.id).join(', ')}`);
  });

  test('after shuffling, the right option is at each position about as often as chance', () => {
    const SHUFFLES = 200;
    for (const { quiz, q: def } of singles) {
      const n = def.options!.length;
      const at = new Array<number>(n).fill(0);
      const orders = new Set<string>();
      for (let i = 0; i < SHUFFLES; i++) {
        const q = generateQuestion(quiz.id, def, `shuffle:${i}`);
        const order = questionChoices(q).optionOrder!;
        orders.add(order.join(','));
        const right = (revealAnswer(q) as { choices: number[] }).choices[0]!;
        at[order.indexOf(right)]!++;
        // Stable for a learner: the same seed, the same order.
        if (i < 5) assert.deepEqual(questionChoices(generateQuestion(quiz.id, def, `shuffle:${i}`)).optionOrder, order);
      }
      // Binomial(200, 1/n): at 1/4, the mean is 50 and the standard deviation about 6; 5 sd either side.
      const mean = SHUFFLES / n;
      const sd = Math.sqrt(SHUFFLES * (1 / n) * (1 - 1 / n));
      for (const [pos, count] of at.entries()) {
        assert.ok(Math.abs(count - mean) <= 5 * sd, `${def.id}: the right option is shown at position ${pos + 1} ${count} times of ${SHUFFLES}`);
      }
      assert.ok(orders.size > 1, `${def.id}: a new variant never reorders`);
    }
  });
});
