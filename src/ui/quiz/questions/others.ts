// The question types answered with checkboxes, radios or a text box: counters, capture-point,
// choice (radios, or checkboxes when several are right), conntrack and write-rule (a code box
// with line numbers; a refused line is pointed at).

import { parseConntrackList } from '../../../grading/path.ts';
import type { Answer } from '../../../quiz/types.ts';
import { h, inlineMarkdown, uid } from '../dom.ts';
import { optionGroups } from '../../../lab/option-groups.ts';
import { codeBox, hint, type AnswerControl, type QuestionInput, type ReadResult } from './common.ts';

/** A list of checkboxes whose values are the answer's `selected` ids. */
function checkboxList(items: readonly { id: string; label: Node | string }[], onChange: () => void): { list: HTMLUListElement; selected(): string[]; set(ids: readonly string[]): void } {
  const boxes: HTMLInputElement[] = [];
  const list = h(
    'ul',
    { class: 'rule-choices quiz-checklist' },
    ...items.map((item) => {
      const box = h('input', { type: 'checkbox', value: item.id });
      box.addEventListener('change', onChange);
      boxes.push(box);
      return h('li', {}, h('label', { class: 'checkbox' }, box, ' ', item.label));
    }),
  );
  return {
    list,
    selected: () => boxes.filter((b) => b.checked).map((b) => b.value),
    set: (ids) => {
      for (const b of boxes) b.checked = ids.includes(b.value);
    },
  };
}

export function countersControl({ question, choices, onChange }: QuestionInput): AnswerControl {
  const options = choices.counterOptions ?? [];
  const boxes = checkboxList(
    // A rule wraps between its options only (one nowrap span per "-o br0" group).
    options.map((o) => ({ id: o.id, label: h('code', {}, ...optionGroups(o.policy ? `${o.label} (the policy)` : o.label).flatMap((g, i) => [...(i > 0 ? [' '] : []), h('span', { class: 'nowrap' }, g)])) })),
    onChange,
  );
  const where = question.ns && question.ns !== 'default' ? ` in namespace ${question.ns}` : '';
  return {
    element: h('div', { class: 'quiz-counters' }, hint(`Tick every rule and policy${where} whose packet counter is above zero at the end of the scenario; leave the others.`), boxes.list),
    read: () => ({ ok: true, answer: { selected: boxes.selected() } }),
    write: (answer: Answer) => {
      if ('selected' in answer) boxes.set(answer.selected);
    },
  };
}

export function capturePointControl({ choices, onChange }: QuestionInput): AnswerControl {
  const points = choices.capturePoints ?? [];
  const boxes = checkboxList(
    points.map((p) => {
      const [ns, dev] = p.split(' ');
      return { id: p, label: h('span', {}, 'tcpdump on ', h('code', {}, dev ?? p), ns === 'default' ? ' (the host, namespace default)' : ` in namespace ${ns}`) };
    }),
    onChange,
  );
  return {
    element: h('div', { class: 'quiz-capture-point' }, hint("Tick every capture point that prints such a line (the scenario's tcpdump commands)."), boxes.list),
    read: () => {
      const selected = boxes.selected();
      return { ok: true, answer: selected.length ? { selected } : undefined };
    },
    write: (answer: Answer) => {
      if ('selected' in answer) boxes.set(answer.selected);
    },
  };
}

export function choiceControl({ choices, onChange }: QuestionInput): AnswerControl {
  const multiple = choices.multiple ?? false;
  const name = uid('choice');
  const inputs: HTMLInputElement[] = [];
  const list = h(
    'ul',
    { class: 'quiz-options' },
    // In the variant's own order (seeded: the same for a learner, new for a new variant); the value stays the index as written.
    ...(choices.optionOrder ?? (choices.options ?? []).map((_, i) => i)).map((i) => {
      const text = choices.options?.[i] ?? '';
      const input = h('input', { type: multiple ? 'checkbox' : 'radio', name, value: String(i) });
      input.addEventListener('change', onChange);
      inputs.push(input);
      return h('li', {}, h('label', { class: 'quiz-option' }, input, h('span', {}, ...inlineMarkdown(text))));
    }),
  );
  return {
    element: h('div', { class: 'quiz-choice' }, hint(multiple ? 'Choose every right answer.' : 'Choose one answer.'), list),
    read: () => {
      // A set of option indexes as written, kept in index order whatever order they were shown in.
      const picked = inputs.filter((i) => i.checked).map((i) => Number(i.value)).sort((a, b) => a - b);
      return { ok: true, answer: picked.length ? { choices: picked } : undefined };
    },
    write: (answer: Answer) => {
      if (!('choices' in answer)) return;
      for (const input of inputs) input.checked = answer.choices.includes(Number(input.value));
    },
  };
}

export function conntrackControl({ question, onChange }: QuestionInput): AnswerControl {
  const ns = question.ns ?? 'default';
  const when = question.listing !== undefined ? `at its conntrack -L number ${question.listing}` : 'at the end of the scenario';
  const box = codeBox({
    label: `Your entries: conntrack -L in namespace ${ns} ${when}, one per line`,
    help: 'As conntrack -L prints them: the protocol, the original direction (src= dst=), [UNREPLIED] when no reply was seen, then the reply direction (src= dst=). Ids, ports, timeouts and counters may be left out. Leave the box empty if conntrack holds no entry.',
    placeholder: 'icmp src=… dst=… [UNREPLIED] src=… dst=…',
    rows: 4,
  });
  box.textarea.addEventListener('input', onChange);
  return {
    element: h('div', { class: 'quiz-conntrack' }, box.element),
    read: (): ReadResult => {
      const text = box.textarea.value;
      const parsed = parseConntrackList(text);
      if (parsed.errors.length) {
        const first = parsed.errors[0]!;
        return { ok: false, error: `Line ${first.line} is not a conntrack entry I understand: ${first.message}`, line: first.line };
      }
      return { ok: true, answer: { text } };
    },
    write: (answer: Answer) => {
      if (!('text' in answer)) return;
      box.textarea.value = answer.text;
      box.textarea.dispatchEvent(new Event('input'));
    },
    markLine: (line, message) => box.markLine(line, message),
  };
}

export function writeRuleControl({ question, onChange }: QuestionInput): AnswerControl {
  const ns = question.ns ?? 'default';
  const box = codeBox({
    label: 'Your iptables commands, one per line',
    help: `Each line is an iptables command; it runs in namespace ${ns}, after the setup and before the probe. At most ${question.maxRules ?? 20} lines; blank lines and lines starting with # are skipped.`,
    placeholder: 'iptables -A FORWARD …',
    rows: 6,
  });
  box.textarea.addEventListener('input', onChange);
  return {
    element: h('div', { class: 'quiz-write-rule' }, hint('Write the rules; they are run in the simulator and checked by what happens, not by how they are spelled.'), box.element),
    read: (): ReadResult => {
      const text = box.textarea.value;
      return { ok: true, answer: text.trim() === '' ? undefined : { text } };
    },
    write: (answer: Answer) => {
      if (!('text' in answer)) return;
      box.textarea.value = answer.text;
      box.textarea.dispatchEvent(new Event('input'));
    },
    markLine: (line, message) => box.markLine(line, message),
  };
}

