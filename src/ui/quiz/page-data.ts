// Reads the quiz data a page embedded at build time (src/components/QuizData.astro).

import type { QuizDefinition } from '../../quiz/types.ts';

interface PageQuizData {
  readonly courseVersion: string;
  readonly quizzes: QuizDefinition[];
}

export function pageQuizData(): PageQuizData {
  const el = document.getElementById('pp-quiz-data');
  if (!el) throw new Error('this page embeds no quiz data');
  const data = JSON.parse(el.textContent ?? '{}') as Partial<PageQuizData>;
  if (typeof data.courseVersion !== 'string' || !Array.isArray(data.quizzes)) throw new Error('the quiz data embedded in this page is damaged');
  return { courseVersion: data.courseVersion, quizzes: data.quizzes };
}
