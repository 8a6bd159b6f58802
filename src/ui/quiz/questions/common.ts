// What every question renderer shares: its inputs, the control it returns, and small builders
// (a row of move/remove buttons, a code box with line numbers).

import type { QuestionChoices } from '../../../quiz/expected.ts';
import type { Answer, QuestionVariant } from '../../../quiz/types.ts';
import { h, uid } from '../dom.ts';

export interface QuestionInput {
  readonly question: QuestionVariant;
  readonly choices: QuestionChoices;
  /** Called whenever the learner changes the answer. */
  readonly onChange: () => void;
  /** Announces a short message politely (a move in a list...). */
  readonly announce: (text: string) => void;
}

export type ReadResult = { readonly ok: true; readonly answer: Answer | undefined } | { readonly ok: false; readonly error: string; readonly line?: number };

export interface AnswerControl {
  /** The answer controls, inside the question's fieldset. */
  readonly element: HTMLElement;
  /** The answer as it stands: undefined when nothing is answered; an error when it cannot be read. */
  read(): ReadResult;
  /** Puts an answer back (a draft restored after a reload). */
  write(answer: Answer): void;
  /** Points at a line of a typed answer (or clears the mark). */
  markLine?(line: number | undefined, message?: string): void;
}


export const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'] as const;

export function hint(...children: (Node | string)[]): HTMLParagraphElement {
  return h('p', { class: 'exercise-hint' }, ...children);
}

export function code(text: string): HTMLElement {
  return h('code', {}, text);
}

/**
 * Move up / Move down / Remove for the items of a list. `name(i)` names item i for the buttons'
 * accessible names ("line 2"). The list calls `refresh()` after every change to renumber.
 */
interface ListButtons {
  readonly element: HTMLElement;
  refresh(index: number, count: number, name: string): void;
}

export function listButtons(actions: { up: () => void; down: () => void; remove?: () => void }, compact = false): ListButtons {
  // Compact: arrows and a cross (rows of fields need the room); the accessible names stay words.
  const cls = compact ? 'button-small quiz-icon-button' : 'button-small';
  const up = h('button', { type: 'button', class: cls, 'data-move': 'up' }, compact ? '↑' : 'Move up');
  const down = h('button', { type: 'button', class: cls, 'data-move': 'down' }, compact ? '↓' : 'Move down');
  const remove = actions.remove ? h('button', { type: 'button', class: cls, 'data-move': 'remove' }, compact ? '✕' : 'Remove') : undefined;
  up.addEventListener('click', actions.up);
  down.addEventListener('click', actions.down);
  if (remove && actions.remove) remove.addEventListener('click', actions.remove);
  const element = h('span', { class: 'quiz-item-buttons' }, up, down, remove);
  return {
    element,
    refresh(index, count, name) {
      up.setAttribute('aria-label', `Move up: ${name}`);
      down.setAttribute('aria-label', `Move down: ${name}`);
      remove?.setAttribute('aria-label', `Remove ${name}`);
      if (compact) {
        up.title = `Move ${name} up`;
        down.title = `Move ${name} down`;
        if (remove) remove.title = `Remove ${name}`;
      }
      // Never disabled (a disabled button loses focus); at an edge the move does nothing but say so.
      up.setAttribute('aria-disabled', String(index === 0));
      down.setAttribute('aria-disabled', String(index === count - 1));
    },
  };
}

/** Moves `item` one place up or down among its siblings; returns its new index or undefined when it cannot move. */
export function moveItem(item: Element, direction: 'up' | 'down'): number | undefined {
  const parent = item.parentElement;
  if (!parent) return undefined;
  if (direction === 'up') {
    const prev = item.previousElementSibling;
    if (!prev) return undefined;
    parent.insertBefore(item, prev);
  } else {
    const next = item.nextElementSibling;
    if (!next) return undefined;
    parent.insertBefore(next, item);
  }
  return [...parent.children].indexOf(item);
}

/** A monospace text box with line numbers beside it; `markLine` points at one line (an error). */
interface CodeBox {
  readonly element: HTMLElement;
  readonly textarea: HTMLTextAreaElement;
  markLine(line: number | undefined, message?: string): void;
}

export function codeBox(options: { label: string; placeholder?: string; rows?: number; help?: string }): CodeBox {
  const id = uid('code');
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const gutter = h('pre', { class: 'quiz-code-gutter', 'aria-hidden': 'true' });
  const textarea = h('textarea', {
    id,
    class: 'quiz-code-input',
    rows: options.rows ?? 5,
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    wrap: 'off',
    placeholder: options.placeholder,
    'aria-describedby': options.help ? helpId : undefined,
  });
  const error = h('p', { id: errorId, class: 'exercise-message quiz-code-error', hidden: true });
  let marked: number | undefined;
  const renderGutter = (): void => {
    const count = Math.max(textarea.value.split('\n').length, Number(textarea.rows));
    const lines: string[] = [];
    for (let i = 1; i <= count; i++) lines.push(String(i));
    gutter.replaceChildren(
      ...lines.map((n, i) => h('span', { class: i + 1 === marked ? 'is-marked' : undefined }, n)),
    );
    // Only once the box is on the page: one being built has not scrolled, and scrollTop is a
    // layout query, best not made for every card while a page hydrates.
    if (textarea.isConnected) gutter.scrollTop = textarea.scrollTop;
  };
  textarea.addEventListener('input', () => {
    if (marked !== undefined) box.markLine(undefined);
    renderGutter();
  });
  textarea.addEventListener('scroll', () => {
    gutter.scrollTop = textarea.scrollTop;
  });
  const box: CodeBox = {
    element: h(
      'div',
      { class: 'quiz-code' },
      h('label', { for: id }, options.label),
      options.help ? h('p', { id: helpId, class: 'exercise-hint' }, options.help) : null,
      h('div', { class: 'quiz-code-frame' }, gutter, textarea),
      error,
    ),
    textarea,
    markLine(line, message) {
      marked = line;
      error.hidden = message === undefined;
      error.textContent = message ?? '';
      const described = [options.help ? helpId : '', message !== undefined ? errorId : ''].filter(Boolean).join(' ');
      if (described) textarea.setAttribute('aria-describedby', described);
      else textarea.removeAttribute('aria-describedby');
      textarea.setAttribute('aria-invalid', String(message !== undefined));
      renderGutter();
    },
  };
  renderGutter();
  return box;
}

/** "HOOK in ns" the way lists and reveals show a hook step. */
export function hookText(step: { ns: string; hook: string }): string {
  return `${step.hook} in ${step.ns}`;
}
