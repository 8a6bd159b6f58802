// The course version result files carry: the package version plus a hash of every quiz
// definition, so a result made against other questions (or other parameters) is recognized.

import { canonicalJson, fnv1a32, hex8 } from './hash.ts';
import type { QuizDefinition } from './types.ts';

function quizzesHash(quizzes: readonly QuizDefinition[]): string {
  // Sorted by id: the order quizzes were loaded in is not part of what they are.
  const sorted = [...quizzes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hex8(fnv1a32(canonicalJson(sorted)));
}

export function courseVersion(packageVersion: string, quizzes: readonly QuizDefinition[]): string {
  return `${packageVersion}+${quizzesHash(quizzes)}`;
}
