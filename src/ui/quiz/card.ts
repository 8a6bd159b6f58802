// One question on screen: its number and points, the prompt, the topology and the scenario's
// commands (collapsed), the answer controls in a fieldset, and, by mode, Check answer / Reveal
// answer (practice) or nothing (graded, until submitted). After grading: the score and either
// the hints (what is wrong: practice's Check answer, a graded attempt that may be retried) or
// the feedback lines that name the right values, then the explanation (mount.ts decides which).

import type { QuestionGrade, QuestionVariant } from '../../quiz/types.ts';
import { h, markdownNodes, uid } from './dom.ts';
import { pointsText } from './words.ts';
import { captureControl } from './questions/capture.ts';
import type { AnswerControl, QuestionInput } from './questions/common.ts';
import { hooksControl, orderHooksControl } from './questions/hooks.ts';
import { capturePointControl, choiceControl, conntrackControl, countersControl, writeRuleControl } from './questions/others.ts';
import { stateControl } from './questions/state.ts';
import { topologyFigure, watchFigure } from './topology.ts';
import type { PreparedQuestion } from '../../quiz/core.ts';
import { adoptState } from './hydrate.ts';

export interface QuestionCard {
  readonly element: HTMLElement;
  readonly control: AnswerControl;
  readonly prepared: PreparedQuestion;
  setLocked(locked: boolean): void;
  setStatus(text: string): void;
  /** A message about the answer itself (cannot be read), shown as an alert. */
  showError(text: string, line?: number): void;
  /** The score, with `hints` (what is wrong) or `feedback` (the right values too). */
  showGrade(grade: QuestionGrade, detail: 'hints' | 'feedback'): void;
  clearGrade(): void;
  showAnswer(text: string): void;
  showExplanation(): void;
  readonly checkButton?: HTMLButtonElement;
  readonly revealButton?: HTMLButtonElement;
}

function controlFor(input: QuestionInput): AnswerControl {
  switch (input.question.type) {
    case 'capture':
      return captureControl(input);
    case 'hooks':
      return hooksControl(input);
    case 'order-hooks':
      return orderHooksControl(input);
    case 'counters':
      return countersControl(input);
    case 'conntrack':
      return conntrackControl(input);
    case 'capture-point':
      return capturePointControl(input);
    case 'choice':
      return choiceControl(input);
    case 'write-rule':
      return writeRuleControl(input);
    case 'state':
      return stateControl(input);
  }
}

export { pointsText };

const LINE_IN_FEEDBACK = /\bline (\d+)\b/;

export function questionCard(
  prepared: PreparedQuestion,
  options: {
    number: number;
    total: number;
    practice: boolean;
    onChange: () => void;
    announce: (text: string) => void;
    headingLevel: 2 | 3;
    /** The same card as the page's HTML has it (hydrating): it stays on the page, and only its answer controls are built again and swapped in. */
    adopt?: HTMLElement;
  },
): QuestionCard {
  const { question } = prepared;
  // Hydrating: the static card stays where it is, with everything in it that has no behaviour of
  // its own (heading, text, drawing, commands, the empty status, feedback and answer boxes) and
  // its buttons (they only need listeners); only the answer controls are built anew and swapped
  // in. The browser lays out that fieldset again, not the whole card.
  const adopt = options.adopt;
  /** A part of the static card, taken as it is (open or closed, scrolled). */
  const adopted = <T extends HTMLElement = HTMLElement>(selector: string): T | null => adopt?.querySelector<T>(`:scope > ${selector}`) ?? null;
  const titleId = uid('q');
  const control = controlFor({ question, choices: prepared.choices, onChange: options.onChange, announce: options.announce });
  const fieldset = h('fieldset', { class: 'quiz-answer' }, h('legend', { class: 'visually-hidden' }, `Your answer to question ${options.number}`), control.element);
  const status = adopted('.quiz-status') ?? h('p', { class: 'exercise-status quiz-status', 'aria-live': 'polite' });
  const feedback = adopted('.quiz-feedback') ?? h('div', { class: 'exercise-grade quiz-feedback' });
  // Built only when shown: in graded mode nothing of the answer or the explanation is in the page before submission.
  const answer = adopted('.exercise-answer') ?? h('section', { class: 'exercise-answer', role: 'region', tabindex: -1, hidden: true });
  const fillAnswer = (heading: string, label: string, output: string | undefined): void => {
    answer.setAttribute('aria-label', `${label} question ${options.number}`);
    answer.replaceChildren(
      h(options.headingLevel === 2 ? 'h3' : 'h4', {}, heading),
      ...(output === undefined ? [] : [h('pre', { tabindex: 0 }, output)]),
      h('div', { class: 'exercise-explanation quiz-text' }, ...markdownNodes(question.explanation)),
    );
    answer.hidden = false;
  };
  let checkButton: HTMLButtonElement | undefined;
  let revealButton: HTMLButtonElement | undefined;
  let actions: HTMLElement | null = null;
  if (options.practice) {
    actions = adopted('.exercise-actions');
    // The static buttons (Check answer, Reveal answer), as screen.ts built them.
    if (actions) [checkButton, revealButton] = actions.children as HTMLCollectionOf<HTMLButtonElement>;
    else {
      checkButton = h('button', { type: 'button', class: 'button-primary' }, 'Check answer');
      revealButton = h('button', { type: 'button' }, 'Reveal answer');
      actions = h('div', { class: 'exercise-actions' }, checkButton, revealButton);
    }
  }
  const staticFieldset = adopted('fieldset');
  let element: HTMLElement;
  if (staticFieldset) {
    const staticFigure = adopted('.quiz-topology');
    if (staticFigure) watchFigure(staticFigure);
    // What the learner typed or ticked before the script ran moves into the live controls.
    adoptState(staticFieldset, fieldset, document.activeElement);
    staticFieldset.replaceWith(fieldset);
    element = adopt!;
  } else {
    const scenario = prepared.scenario?.length
      ? h(
          'details',
          { class: 'lab-commands quiz-scenario' },
          h('summary', {}, question.type === 'write-rule' ? 'The setup and the probe' : `The scenario's commands (${prepared.scenario[0]!.text.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#')).length})`),
          ...prepared.scenario.flatMap((part) => [...(prepared.scenario!.length > 1 ? [h('p', { class: 'quiz-scenario-part' }, part.title)] : []), h('pre', { tabindex: 0 }, h('code', {}, part.text))]),
        )
      : null;
    const goals = prepared.goals?.length
      ? h('div', { class: 'quiz-goals' }, h('p', {}, 'After the probe, the simulator checks that:'), h('ul', {}, ...prepared.goals.map((g) => h('li', {}, g))))
      : null;
    const figure = prepared.topology ? topologyFigure(prepared.topology.layout, prepared.topology.description) : null;
    element = h(
      'section',
      { class: 'exercise quiz-question', 'aria-labelledby': titleId, 'data-key': question.key, 'data-type': question.type },
      h(options.headingLevel === 2 ? 'h2' : 'h3', { id: titleId, class: 'exercise-title' }, h('span', { class: 'exercise-kicker' }, `Question ${options.number}`), ' ', h('span', { class: 'quiz-points' }, `of ${options.total}, ${pointsText(question.points)}`)),
      h('div', { class: 'quiz-text quiz-prompt' }, ...markdownNodes(question.prompt)),
      figure,
      scenario,
      goals,
      fieldset,
      actions,
      status,
      feedback,
      answer,
    );
  }

  const card: QuestionCard = {
    element,
    control,
    prepared,
    checkButton,
    revealButton,
    setLocked(locked) {
      fieldset.disabled = locked;
      element.classList.toggle('is-locked', locked);
    },
    setStatus(text) {
      status.textContent = text;
    },
    showError(text, line) {
      const p = h('p', { class: 'exercise-message', role: 'alert' }, text);
      feedback.replaceChildren(p);
      if (line !== undefined) control.markLine?.(line, text);
    },
    showGrade(grade, detail) {
      const full = grade.earned >= grade.points - 1e-9;
      const none = grade.earned <= 1e-9;
      const summary = h(
        'p',
        { class: `grade-summary ${full ? 'is-right' : 'is-wrong'}` },
        `${full ? 'Right' : none ? (grade.answered ? 'Not right' : 'Not answered') : 'Partly right'}: ${pointsText(grade.earned).replace(/ points?$/, '')} of ${pointsText(grade.points)}.`,
      );
      const lines = (detail === 'hints' ? grade.hints : grade.feedback).filter((f) => f.trim() !== '' && !(!grade.answered && f.trim() === 'not answered'));
      const list = lines.length && !full ? h('ul', { class: 'quiz-feedback-lines' }, ...lines.map((f) => h('li', {}, f))) : null;
      feedback.replaceChildren(summary, list ?? '');
      const lineMatch = !full && (question.type === 'write-rule' || question.type === 'conntrack') ? LINE_IN_FEEDBACK.exec(lines[0] ?? '') : null;
      control.markLine?.(lineMatch ? Number(lineMatch[1]) : undefined, lineMatch ? lines[0] : undefined);
    },
    clearGrade() {
      feedback.replaceChildren();
      control.markLine?.(undefined);
    },
    showAnswer(text) {
      fillAnswer("The engine's answer", 'Answer to', text);
    },
    showExplanation() {
      fillAnswer('Explanation', 'Explanation of', undefined);
    },
  };
  return card;
}
