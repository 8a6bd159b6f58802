// /quizzes/<id>/: the page's quiz in practice mode. Its first variant is already in the HTML
// (built at build time): mountQuiz hydrates it. The engine worker starts once the page has
// loaded and gone idle, so the first Check answer does not wait for it to download.

import { callEngine, warmEngine } from '../engine/client.ts';
import { mountQuiz } from './mount.ts';
import * as screen from './screen.ts';
import { pagePrepared, pageQuizData, QUIZ_IDLE } from './page-data.ts';
import { whenIdleAfterLoad } from '../engine/idle.ts';

/**
 * Practice outcomes for the review queue, one JSON line each ([question key, solved, time, seed]),
 * that the progress store folds in at its next load (src/progress/store.ts applyReviewOutbox,
 * src/ui/islands/progress-client.ts): the quiz page does not load the store for them. A full
 * storage keeps nothing, as for progress.
 */
const OUTBOX = 'packet-path.review-outbox';

const root = document.querySelector<HTMLElement>('[data-quiz-root]');
if (root) {
  try {
    const data = pageQuizData();
    mountQuiz(root, { quizzes: data.quizzes, courseVersion: data.courseVersion, mode: 'practice', engine: callEngine, prerendered: pagePrepared(), screen,
      // What was missed comes back on the review page (/review/); "quiz:" + key is its review id (src/progress/review.ts).
      onPracticeOutcome: ({ key, seed }, solved) => {
        try {
          localStorage.setItem(OUTBOX, `${localStorage.getItem(OUTBOX) ?? ''}${JSON.stringify([key, solved, new Date(), seed])}\n`);
        } catch {}
      },
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
