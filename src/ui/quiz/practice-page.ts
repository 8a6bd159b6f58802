// /quizzes/<id>/: mounts the page's quiz in practice mode.

import { mountQuiz } from './mount.ts';
import { pageQuizData } from './page-data.ts';

const root = document.querySelector<HTMLElement>('[data-quiz-root]');
if (root) {
  try {
    const data = pageQuizData();
    mountQuiz(root, { quizzes: data.quizzes, courseVersion: data.courseVersion, mode: 'practice' });
  } catch (error) {
    const p = document.createElement('p');
    p.className = 'exercise-message';
    p.setAttribute('role', 'alert');
    p.textContent = `The quiz could not start: ${(error as Error).message}`;
    root.replaceChildren(p);
  }
}
