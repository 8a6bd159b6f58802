// Reads the quiz data a page embedded at build time (src/components/QuizData.astro; a practice
// page's first variant, src/pages/quizzes/[id].astro), and how soon a quiz page starts its work
// ahead of need (src/ui/engine/idle.ts).

import type { PreparedQuiz } from '../../quiz/core.ts';
import type { QuizDefinition } from '../../quiz/types.ts';
import type { IdleTiming } from '../engine/idle.ts';

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

/** The variant a practice page shows in its HTML (its questions, prepared by the engine at build time), if it has one. */
export function pagePrepared(): { variant: number; quiz: PreparedQuiz } | undefined {
  const el = document.getElementById('pp-quiz-prepared');
  if (!el) return undefined;
  try {
    const data = JSON.parse(el.textContent ?? '') as { variant?: unknown; quiz?: PreparedQuiz };
    if (typeof data.variant !== 'number' || !data.quiz || !Array.isArray(data.quiz.questions)) return undefined;
    return { variant: data.variant, quiz: data.quiz };
  } catch {
    return undefined; // then the page draws the variant with the engine, as for any other
  }
}

/** A quiz page's work ahead of need (the engine, the card builder, the next variant): sooner than a lesson's. */
export const QUIZ_IDLE: IdleTiming = { timeoutMs: 2_000, fallbackMs: 200 };
