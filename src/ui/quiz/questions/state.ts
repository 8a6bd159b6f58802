// The state question (src/quiz/state.ts): one radio per state (or end, or conntrack entry), in
// the fixed order every variant shows, and for a conntrack question the two flags. Nothing of
// the answer is in what is built: the choices come from the question's kind, never its answer.

import type { Answer } from '../../../quiz/types.ts';
import { stateChoiceWords } from '../../../quiz/state-words.ts';
import { h, uid } from '../dom.ts';
import { hint, type AnswerControl, type QuestionInput } from './common.ts';

function askedWords(question: QuestionInput['question']): string {
  switch (question.ask) {
    case 'socket':
      return `Choose the state ss names for the ${question.side ?? 'server'}'s socket of this connection just after that packet.`;
    case 'conntrack':
      return `Choose what conntrack in namespace ${question.ns ?? 'default'} holds for this flow just after that packet, and tick the flags it shows.`;
    default:
      return 'Choose the end whose socket sits in TIME-WAIT once the connection is closed.';
  }
}

export function stateControl({ question, choices, onChange }: QuestionInput): AnswerControl {
  const name = uid('state');
  const radios: HTMLInputElement[] = [];
  const list = h(
    'ul',
    { class: 'quiz-options quiz-states' },
    ...(choices.states ?? []).map((state) => {
      const input = h('input', { type: 'radio', name, value: state });
      input.addEventListener('change', onChange);
      radios.push(input);
      return h('li', {}, h('label', { class: 'quiz-option' }, input, h('span', {}, stateChoiceWords(state))));
    }),
  );
  const flagBox = (flag: 'unreplied' | 'assured'): HTMLInputElement => {
    const box = h('input', { type: 'checkbox', value: flag });
    box.addEventListener('change', onChange);
    return box;
  };
  const unreplied = choices.stateFlags ? flagBox('unreplied') : undefined;
  const assured = choices.stateFlags ? flagBox('assured') : undefined;
  const flags =
    unreplied && assured
      ? h(
          'fieldset',
          { class: 'quiz-state-flags' },
          h('legend', {}, 'Its flags, if there is an entry'),
          h('ul', { class: 'quiz-checklist' }, h('li', {}, h('label', { class: 'checkbox' }, unreplied, ' ', h('code', {}, '[UNREPLIED]'))), h('li', {}, h('label', { class: 'checkbox' }, assured, ' ', h('code', {}, '[ASSURED]')))),
        )
      : null;
  return {
    element: h('div', { class: 'quiz-state' }, hint(askedWords(question)), list, flags),
    read: () => {
      const chosen = radios.find((r) => r.checked)?.value;
      if (chosen === undefined) return { ok: true, answer: undefined };
      return { ok: true, answer: { state: chosen, ...(unreplied?.checked ? { unreplied: true } : {}), ...(assured?.checked ? { assured: true } : {}) } };
    },
    write: (answer: Answer) => {
      if (!('state' in answer)) return;
      for (const r of radios) r.checked = r.value === answer.state;
      if (unreplied) unreplied.checked = answer.unreplied === true;
      if (assured) assured.checked = answer.assured === true;
    },
  };
}
