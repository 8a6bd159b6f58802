// The questions screen's markup: the bar (how many questions, the variant and New variant) and
// the question cards, in sections when an assignment holds several quizzes. One builder for
// both sides: mount.ts builds it in the browser, and the practice pages build it at build time
// (static-html.ts through static-dom.ts), so the HTML a page carries is the markup the browser
// would have built, and hydrating it changes nothing the learner sees.

import type { PreparedQuiz } from '../../quiz/core.ts';
import { questionCard, type QuestionCard } from './card.ts';
import { h, uid } from './dom.ts';
import { plural } from './words.ts';

export { plural };

export interface CardPlace {
  readonly quiz: number;
  readonly index: number;
  readonly number: number;
  readonly total: number;
  readonly headingLevel: 2 | 3;
}

/** Where every question goes: its quiz, its number on the page, its heading level. */
export function cardPlaces(quiz: PreparedQuiz): CardPlace[] {
  const multi = quiz.variants.length > 1;
  const total = quiz.questions.reduce((n, qs) => n + qs.length, 0);
  const places: CardPlace[] = [];
  quiz.questions.forEach((list, qi) => list.forEach((_, index) => places.push({ quiz: qi, index, number: places.length + 1, total, headingLevel: multi ? 3 : 2 })));
  return places;
}

export interface QuestionsHead {
  readonly element: HTMLElement;
  /** Practice without a fixed seed: the New variant button. */
  readonly newVariant?: HTMLButtonElement;
}

/** The bar above the questions; `variant` given: the practice variant and New variant. */
export function questionsHead(options: { total: number; practice: boolean; variant?: number }): QuestionsHead {
  const head = h('div', { class: 'quiz-bar' });
  const heading = h(
    'p',
    { id: uid('questions'), class: 'quiz-bar-title', tabindex: -1, 'data-focus': '' },
    options.practice ? `${plural(options.total, 'question')}: check each answer when you are ready.` : `${plural(options.total, 'question')}. Answer them in any order, then submit.`,
  );
  head.append(heading);
  let newVariant: HTMLButtonElement | undefined;
  if (options.variant !== undefined) {
    newVariant = h('button', { type: 'button', class: 'secondary' }, 'New variant');
    head.append(h('p', { class: 'quiz-variant' }, h('span', {}, `Variant ${options.variant}. `), newVariant));
  }
  return { element: head, newVariant };
}

export interface CardHooks {
  readonly practice: boolean;
  readonly onChange: () => void;
  readonly announce: (text: string) => void;
}

/** The card of a place; `adopt`: the same card as the page's HTML has it (hydrating). */
export function placedCard(quiz: PreparedQuiz, place: CardPlace, hooks: CardHooks, adopt?: HTMLElement): QuestionCard {
  const prepared = quiz.questions[place.quiz]![place.index]!;
  return questionCard(prepared, { number: place.number, total: place.total, practice: hooks.practice, onChange: hooks.onChange, announce: hooks.announce, headingLevel: place.headingLevel, adopt });
}

/** The cards, and what goes on the screen after the bar: the cards, or per quiz a section of them. */
export function questionsBody(quiz: PreparedQuiz, hooks: CardHooks): { nodes: HTMLElement[]; cards: QuestionCard[] } {
  const places = cardPlaces(quiz);
  const cards = places.map((p) => placedCard(quiz, p, hooks));
  if (quiz.variants.length <= 1) return { nodes: cards.map((c) => c.element), cards };
  const nodes = quiz.variants.map((variant, qi) => {
    const hid = uid('quiz');
    return h('section', { class: 'quiz-part', 'aria-labelledby': hid }, h('h2', { id: hid }, variant.title), ...cards.filter((_, i) => places[i]!.quiz === qi).map((c) => c.element));
  });
  return { nodes, cards };
}

/** The practice screen as the page first shows it: the shell mountQuiz makes, the bar, the cards. */
export function practiceShell(quiz: PreparedQuiz, variant: number): HTMLElement {
  const total = cardPlaces(quiz).length;
  const head = questionsHead({ total, practice: true, variant });
  const body = questionsBody(quiz, { practice: true, onChange: () => {}, announce: () => {} });
  // The first card alone is drawn with the page; the others once it is live (quiz.css, mount.ts).
  for (const card of body.cards.slice(1)) card.element.setAttribute('data-deferred', '');
  return h('div', { class: 'quiz', 'data-mode': 'practice' }, h('div', { class: 'quiz-screen', 'data-screen': 'practicing', 'data-prerendered': String(variant) }, head.element, ...body.nodes));
}
