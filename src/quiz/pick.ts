// Picking an assignment's quizzes among the course's: no engine, so the quiz page can do it.

import type { QuizDefinition } from './types.ts';

/** The quizzes named by id, in that order; an unknown id is an error naming it. */
export function pickQuizzes(all: readonly QuizDefinition[], ids: readonly string[]): QuizDefinition[] {
  return ids.map((id) => {
    const q = all.find((d) => d.id === id);
    if (!q) throw new Error(`this course has no quiz "${id}" (it has ${all.map((d) => d.id).join(', ') || 'none'})`);
    return q;
  });
}
