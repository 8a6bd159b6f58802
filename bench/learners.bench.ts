// `npm run bench` (last): the simulated guessers' share of every quiz (src/quiz/simulate.ts),
// the figures the simulated-learners test holds to 10%, over fewer seeds (a quick look, not
// the test).

import { performance } from 'node:perf_hooks';
import { loadQuizzes } from '../src/quiz/load.ts';
import { GUESSERS, guesserScore } from '../src/quiz/simulate.ts';

const SEEDS = 20;
const t0 = performance.now();
console.log(`\nsimulated guessers (mean share of the points over ${SEEDS} seeds; the test's bound is 10%)`);
for (const quiz of loadQuizzes()) {
  console.log(`  ${quiz.id.padEnd(12)} ${GUESSERS.map((g) => `${g} ${(100 * guesserScore(quiz, g, SEEDS)).toFixed(1).padStart(4)}%`).join('  ')}`);
}
console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
