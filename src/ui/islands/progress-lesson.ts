// A lesson page's progress: one line for the lesson (the course map's words) and each exercise
// with its state in words: solved, answer revealed without solving, tried, not started. Filled
// from localStorage on load and again whenever an exercise saves a check or a reveal.
//
// Markup contract (the lesson page): <article data-lesson-id data-exercises="ID ID ..."> holds
// [data-lesson-progress] with [data-lesson-progress-summary] (a <p>) and
// [data-lesson-progress-list] (a <ul>); exercises are [data-exercise-id] elements whose
// .exercise-title heading has an id to link to.

import { EXERCISE_STATE_LABELS, describeLesson, exerciseState, getExercise, lessonExerciseIds, summarizeLesson } from '../../progress/store.ts';
import { loadProgress } from './progress-client.ts';

function titleOf(id: string): { text: string; anchor?: string } {
  for (const el of document.querySelectorAll<HTMLElement>('[data-exercise-id]')) {
    if (el.dataset.exerciseId !== id) continue;
    const heading = el.querySelector<HTMLElement>('.exercise-title');
    const kicker = heading?.querySelector('.exercise-kicker')?.textContent ?? '';
    const text = (heading?.textContent ?? '').replace(kicker, '').trim();
    return { text: text || id.slice(id.indexOf('#') + 1), ...(heading?.id ? { anchor: heading.id } : {}) };
  }
  return { text: id.slice(id.indexOf('#') + 1) };
}

function fill(): void {
  const article = document.querySelector<HTMLElement>('article[data-lesson-id]');
  const panel = document.querySelector<HTMLElement>('[data-lesson-progress]');
  if (!article || !panel) return;
  const lessonId = article.dataset.lessonId ?? '';
  const ids = lessonExerciseIds(lessonId, (article.dataset.exercises ?? '').split(/\s+/).filter(Boolean));
  if (ids.length === 0) return;
  const progress = loadProgress();
  const summary = panel.querySelector('[data-lesson-progress-summary]');
  if (summary) summary.textContent = `This lesson: ${describeLesson(summarizeLesson(progress, lessonId, ids))}.`;
  const list = panel.querySelector('[data-lesson-progress-list]');
  list?.replaceChildren(
    ...ids.map((id) => {
      const state = exerciseState(getExercise(progress, id));
      const li = document.createElement('li');
      li.dataset.state = state;
      const { text, anchor } = titleOf(id);
      const name = anchor ? Object.assign(document.createElement('a'), { href: `#${anchor}` }) : document.createElement('span');
      name.textContent = text;
      const label = document.createElement('span');
      label.className = 'exercise-state';
      label.textContent = EXERCISE_STATE_LABELS[state];
      li.append(name, ': ', label);
      return li;
    }),
  );
  panel.hidden = false;
}

fill();
document.addEventListener('pp:progress', fill);
