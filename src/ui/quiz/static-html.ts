// The practice screen as HTML, built at build time (src/pages/quizzes/[id].astro) with the
// browser's own builder (screen.ts) on the build's document (static-dom.ts).

import type { PreparedQuiz } from '../../quiz/core.ts';
import { practiceShell } from './screen.ts';
import { outerHtml, renderStatic } from './static-dom.ts';

export function practiceHtml(quiz: PreparedQuiz, variant: number): string {
  return renderStatic(() => outerHtml(practiceShell(quiz, variant)));
}
