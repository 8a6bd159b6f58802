// hooks: the netfilter hooks a packet meets, in order, each with its namespace, built with
// buttons (a namespace picker when the scenario has several) or typed as a list.
// order-hooks: the same hooks and a few the packet does not meet, given shuffled; the learner
// ticks "not met" on those and puts the others in order with Move up / Move down (keyboard:
// the focus stays on the moved item's button).

import { parseHookList, type HookStep } from '../../../grading/path.ts';
import type { HookName } from '../../../net/netfilter/rule.ts';
import type { Answer } from '../../../quiz/types.ts';
import { h, uid } from '../dom.ts';
import { code, hint, hookText, HOOKS, listButtons, moveItem, type AnswerControl, type QuestionInput, type ReadResult } from './common.ts';

interface StepList {
  readonly list: HTMLOListElement;
  steps(): HookStep[];
  add(step: HookStep, focus?: boolean): void;
  clear(): void;
}

/** An ordered list of hook steps, each with Move up / Move down (and Remove when `removable`). */
function stepList(options: {
  removable: boolean;
  /** Each item gets a "not met" checkbox (order-hooks: distractors are left out, not removed, so they can be put back). */
  leaveOut?: boolean;
  onChange: () => void;
  announce: (text: string) => void;
  labelledBy: string;
  empty?: HTMLElement;
  focusAfterLast?: () => HTMLElement | undefined;
}): StepList {
  const list = h('ol', { class: 'hook-sequence quiz-steps', 'aria-labelledby': options.labelledBy });
  const items = (): HTMLLIElement[] => [...list.children] as HTMLLIElement[];
  const stepOf = (li: Element): HookStep => ({ ns: li.getAttribute('data-ns') ?? 'default', hook: li.getAttribute('data-hook') as HookName });
  const refresh = (): void => {
    const all = items();
    all.forEach((li, i) => {
      const buttons = (li as HTMLLIElement & { buttons?: ReturnType<typeof listButtons> }).buttons;
      buttons?.refresh(i, all.length, `step ${i + 1}, ${hookText(stepOf(li))}`);
    });
    if (options.empty) options.empty.hidden = all.length > 0;
  };
  const add = (step: HookStep, focus = false): void => {
    const li = h('li', { 'data-ns': step.ns, 'data-hook': step.hook }) as HTMLLIElement & { buttons?: ReturnType<typeof listButtons> };
    const move = (direction: 'up' | 'down', button: 'up' | 'down'): void => {
      const at = moveItem(li, direction);
      refresh();
      const count = items().length;
      if (at === undefined) {
        options.announce(`${hookText(step)} is already ${direction === 'up' ? 'first' : 'last'}.`);
        return;
      }
      // Keep the focus on the same button of the moved item (the browser drops it on a move).
      li.querySelector<HTMLButtonElement>(`button[data-move="${button}"]`)?.focus();
      options.announce(`${hookText(step)} is now step ${at + 1} of ${count}.`);
      options.onChange();
    };
    const buttons = listButtons({
      up: () => move('up', 'up'),
      down: () => move('down', 'down'),
      remove: options.removable
        ? () => {
            const index = items().indexOf(li);
            li.remove();
            refresh();
            const rest = items();
            (rest[Math.min(index, rest.length - 1)]?.querySelector<HTMLButtonElement>('button[data-move="remove"]') ?? options.focusAfterLast?.())?.focus();
            options.announce(`Step ${index + 1}, ${hookText(step)}, removed.`);
            options.onChange();
          }
        : undefined,
    });
    li.buttons = buttons;
    let out: HTMLElement | null = null;
    if (options.leaveOut) {
      const box = h('input', { type: 'checkbox', 'aria-label': `Not met: ${hookText(step)}` });
      box.addEventListener('change', () => {
        li.classList.toggle('quiz-step-out', box.checked);
        li.toggleAttribute('data-out', box.checked);
        options.announce(box.checked ? `${hookText(step)} left out: the packet does not meet it.` : `${hookText(step)} put back.`);
        options.onChange();
      });
      out = h('label', { class: 'checkbox quiz-step-leave-out' }, box, ' not met');
    }
    li.append(h('span', { class: 'quiz-step-text' }, h('span', { class: 'quiz-step-hook' }, step.hook), ' ', h('span', { class: 'quiz-step-ns' }, `in ${step.ns}`)));
    if (out) li.append(out);
    li.append(buttons.element);
    list.append(li);
    refresh();
    if (focus) buttons.element.querySelector<HTMLButtonElement>('button')?.focus();
  };
  return {
    list,
    steps: () => items().filter((li) => !li.hasAttribute('data-out')).map(stepOf),
    add,
    clear: () => {
      list.replaceChildren();
      refresh();
    },
  };
}

export function hooksControl({ question, choices, onChange, announce }: QuestionInput): AnswerControl {
  const defaultNs = question.ns ?? 'default';
  const namespaces = choices.namespaces.length ? choices.namespaces : [defaultNs];
  const seqId = uid('seq');
  const nsId = uid('ns');
  const typedId = uid('typed');
  const nsSelect = h('select', { id: nsId }, ...namespaces.map((n) => h('option', { value: n, selected: n === defaultNs }, n)));
  const empty = h('p', { class: 'hook-empty' }, 'No hook yet.');
  const buttons = h('div', { class: 'hook-buttons', role: 'group', 'aria-label': 'Add a hook' });
  const steps = stepList({ removable: true, onChange, announce, labelledBy: seqId, empty, focusAfterLast: () => buttons.querySelector<HTMLButtonElement>('button') ?? undefined });
  for (const hook of HOOKS) {
    const b = h('button', { type: 'button', class: 'button-secondary' }, h('span', { class: 'visually-hidden' }, 'Add '), hook);
    b.addEventListener('click', () => {
      const step = { ns: nsSelect.value || defaultNs, hook };
      steps.add(step);
      announce(`Added ${hookText(step)} as step ${steps.steps().length}.`);
      onChange();
    });
    buttons.append(b);
  }
  const typed = h('textarea', { id: typedId, rows: 3, spellcheck: 'false', autocapitalize: 'off', placeholder: `PREROUTING -> FORWARD -> POSTROUTING   (or "router FORWARD" for another namespace)` });
  const element = h(
    'div',
    { class: 'quiz-hooks' },
    hint('The packet: ', code(question.packet ?? ''), '… Add the hooks in the order it meets them; a hook it meets twice goes in twice.'),
    namespaces.length > 1 ? h('p', { class: 'quiz-ns-pick' }, h('label', { for: nsId }, 'Namespace of the next hook'), ' ', nsSelect) : null,
    buttons,
    h('p', { class: 'hook-sequence-label', id: seqId }, 'Your order:'),
    steps.list,
    empty,
    h(
      'details',
      { class: 'typed-lines' },
      h('summary', {}, 'Or type the list'),
      h('label', { for: typedId }, `Hooks in order, separated by commas or "->"; write "NAMESPACE HOOK" for a namespace other than ${defaultNs} (graded instead of the list above)`),
      typed,
    ),
  );
  return {
    element,
    read(): ReadResult {
      const text = typed.value.trim();
      if (text !== '') {
        const parsed = parseHookList(text, defaultNs);
        if (parsed.errors.length) return { ok: false, error: `The typed list: ${parsed.errors[0]}` };
        return { ok: true, answer: parsed.steps.length ? { steps: parsed.steps } : undefined };
      }
      const list = steps.steps();
      return { ok: true, answer: list.length ? { steps: list } : undefined };
    },
    write(answer: Answer) {
      if (!('steps' in answer)) return;
      steps.clear();
      for (const s of answer.steps) steps.add({ ns: s.ns, hook: s.hook });
    },
  };
}

export function orderHooksControl({ question, choices, onChange, announce }: QuestionInput): AnswerControl {
  const seqId = uid('order');
  const steps = stepList({ removable: false, leaveOut: true, onChange, announce, labelledBy: seqId });
  const given = choices.shuffledHooks ?? [];
  for (const s of given) steps.add(s);
  const element = h(
    'div',
    { class: 'quiz-order-hooks' },
    hint(
      'The packet: ',
      code(question.packet ?? ''),
      '… Some of these hooks it meets, some it does not. Tick "not met" on those it does not meet, and put the others in the order it meets them with Move up and Move down.',
    ),
    h('p', { class: 'hook-sequence-label', id: seqId }, 'The order:'),
    steps.list,
  );
  return {
    element,
    read: () => ({ ok: true, answer: { steps: steps.steps() } }),
    write(answer: Answer) {
      if (!('steps' in answer)) return;
      const key = (s: HookStep): string => `${s.ns}\u0000${s.hook}`;
      // The answer's hooks in its order, then the given hooks it leaves out (ticked "not met").
      const rest = [...given];
      const kept: HookStep[] = [];
      for (const s of answer.steps) {
        const at = rest.findIndex((r) => key(r) === key(s));
        if (at < 0) return; // not this variant's hooks
        kept.push(rest.splice(at, 1)[0]!);
      }
      steps.clear();
      for (const s of [...kept, ...rest]) steps.add({ ns: s.ns, hook: s.hook });
      const lis = [...steps.list.children];
      lis.slice(kept.length).forEach((li) => {
        const box = li.querySelector<HTMLInputElement>('.quiz-step-leave-out input');
        if (box) {
          box.checked = true;
          li.classList.add('quiz-step-out');
          li.setAttribute('data-out', '');
        }
      });
    },
  };
}
