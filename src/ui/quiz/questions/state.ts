// The state question (src/quiz/state.ts): the choice question's radios, one per state (or end,
// or conntrack entry), worded and ordered by the quiz core the same in every variant, so what
// is built says nothing of the answer; a conntrack question adds its two flags. Built on
// choiceControl so that the quiz page's script grows by this wrapper only.

import type { Answer } from '../../../quiz/types.ts';
import { h } from '../dom.ts';
import type { AnswerControl, QuestionInput } from './common.ts';
import { choiceControl } from './others.ts';

export function stateControl(input: QuestionInput): AnswerControl {
  const states = input.choices.states ?? [];
  const radios = choiceControl(input);
  const flag = (name: string): HTMLInputElement => {
    const box = h('input', { type: 'checkbox' });
    box.addEventListener('change', input.onChange);
    radios.element.append(h('label', { class: 'checkbox' }, box, ' ', h('code', {}, name)));
    return box;
  };
  const [unreplied, assured] = input.choices.stateFlags ? [flag('[UNREPLIED]'), flag('[ASSURED]')] : [];
  return {
    element: radios.element,
    read: () => {
      const read = radios.read();
      if (!read.ok || !read.answer || !('choices' in read.answer)) return read;
      return { ok: true, answer: { state: states[read.answer.choices[0]!] ?? '', ...(unreplied?.checked && { unreplied: true }), ...(assured?.checked && { assured: true }) } };
    },
    write: (answer: Answer) => {
      if (!('state' in answer)) return;
      radios.write({ choices: [states.indexOf(answer.state)] });
      if (unreplied && assured) [unreplied.checked, assured.checked] = [answer.unreplied === true, answer.assured === true];
    },
  };
}
