// The seeds variants are drawn from (docs/quiz-format.md), apart from the drawing (variant.ts)
// so that a page can name a seed without loading the templates.

import { normalizeStudent } from './student.ts';

/** "<assignment id>:<student id>" (docs/quiz-format.md). */
export function studentSeed(assignmentId: string, student: string): string {
  return `${assignmentId}:${normalizeStudent(student)}`;
}

/** The seed of the nth practice attempt. */
export function practiceSeed(n: number): string {
  return `practice:${n}`;
}
