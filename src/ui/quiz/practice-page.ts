// /quizzes/<id>/: the page's quiz in practice mode. Its first variant is already in the HTML
// (built at build time): mountQuiz hydrates it. The engine worker starts once the page has
// loaded and gone idle, so the first Check answer does not wait for it to download.

import { callEngine, warmEngine } from '../engine/client.ts';
import { mountQuiz } from './mount.ts';
import * as screen from './screen.ts';
import { pagePrepared, pageQuizData, QUIZ_IDLE } from './page-data.ts';
import { whenIdleAfterLoad } from '../engine/idle.ts';
import { saveQuestionOutcome } from '../islands/progress-client.ts';
import { questionReviewId } from '../../progress/review.ts';

const root = document.querySelector<HTMLElement>('[data-quiz-root]');
if (root) {
  try {
    const data = pageQuizData();
    mountQuiz(root, { quizzes: data.quizzes, courseVersion: data.courseVersion, mode: 'practice', engine: callEngine, prerendered: pagePrepared(), screen,
      // What was missed comes back on the review page (/review/).
      onPracticeOutcome: ({ key, seed, solved }) => saveQuestionOutcome(questionReviewId(key), solved ? 'solved' : 'missed', seed),
    });
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'exercise-message';
    p.setAttribute('role', 'alert');
    p.textContent = `The quiz could not start: ${(error as Error).message}`;
    root.replaceChildren(p);
  }
  whenIdleAfterLoad(warmEngine, QUIZ_IDLE);
}
