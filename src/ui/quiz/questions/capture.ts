// capture: the lines tcpdump prints at one capture point, in order. Each line is a kind (a
// select), a source and a destination (typed, or picked from the topology's addresses), TCP's
// flags on a TCP line, and the fields the question grades (`fields:`: id, seq, ack); lines can
// be added, removed and moved. Or the learner types tcpdump's own lines, which then win.
// "tcpdump prints nothing here" answers an empty capture. ARP boxes are named as tcpdump
// prints the line (who-has/tell, is-at/to the asker).

import { fieldApplies, LINE_KIND_LABELS, parseCaptureFields, parseTcpdumpLines, TCP_FLAGS, type CaptureLine, type LineKind, type OptionalCaptureField } from '../../../grading/capture.ts';
import type { Answer } from '../../../quiz/types.ts';
import { h, uid } from '../dom.ts';
import { code, hint, listButtons, moveItem, type AnswerControl, type QuestionInput, type ReadResult } from './common.ts';

const DOTTED = /^\d{1,3}(\.\d{1,3}){3}$/;

export function captureControl({ question, choices, onChange, announce }: QuestionInput): AnswerControl {
  const [ns, dev] = (question.capture ?? '').trim().split(/\s+/);
  const listId = uid('addresses');
  const typedId = uid('typed');
  const noneId = uid('none');
  const datalist = h('datalist', { id: listId }, ...choices.addresses.map((a) => h('option', { value: a })));
  const rows = h('ol', { class: 'capture-rows quiz-lines' });
  let asked: OptionalCaptureField[] = [];
  try {
    asked = parseCaptureFields(question.fields);
  } catch {
    asked = [];
  }
  const numberFields = (['id', 'seq', 'ack'] as const).filter((f) => asked.includes(f));
  const NUMBER_LABELS: Record<string, string> = { id: 'ICMP id', seq: 'seq', ack: 'TCP ack (empty: none)' };
  type Row = {
    li: HTMLLIElement;
    kind: HTMLSelectElement;
    src: HTMLInputElement;
    dst: HTMLInputElement;
    flags: HTMLSelectElement;
    numbers: Partial<Record<'id' | 'seq' | 'ack', HTMLInputElement>>;
    number: HTMLElement;
    buttons: ReturnType<typeof listButtons>;
  };
  const all: Row[] = [];
  const names = (kind: string): { src: string; dst: string } =>
    kind === 'arp-request' ? { src: 'tell (the asker)', dst: 'who-has (asked for)' } : kind === 'arp-reply' ? { src: 'is-at (who answers)', dst: 'to (the asker)' } : { src: 'source', dst: 'destination' };

  const renumber = (): void => {
    const order = [...rows.children];
    all.sort((a, b) => order.indexOf(a.li) - order.indexOf(b.li));
    all.forEach((r, i) => {
      const n = i + 1;
      const nm = names(r.kind.value);
      r.number.textContent = `${n}.`;
      r.kind.setAttribute('aria-label', `Line ${n}: kind of packet`);
      r.src.setAttribute('aria-label', `Line ${n}: source address${nm.src === 'source' ? '' : `, ${nm.src}`}`);
      r.dst.setAttribute('aria-label', `Line ${n}: destination address${nm.dst === 'destination' ? '' : `, ${nm.dst}`}`);
      r.src.placeholder = nm.src;
      r.dst.placeholder = nm.dst;
      r.flags.setAttribute('aria-label', `Line ${n}: TCP flags`);
      r.flags.hidden = r.kind.value !== 'tcp';
      for (const [f, input] of Object.entries(r.numbers)) {
        input.setAttribute('aria-label', `Line ${n}: ${NUMBER_LABELS[f]}`);
        input.hidden = r.kind.value !== '' && !fieldApplies(r.kind.value as LineKind, f as OptionalCaptureField);
      }
      r.buttons.refresh(i, all.length, `line ${n}`);
    });
  };

  const addRow = (line?: CaptureLine, focus = false): void => {
    const kind = h('select', { 'data-field': 'kind' }, h('option', { value: '' }, 'kind…'), ...choices.lineKinds.map((k) => h('option', { value: k }, LINE_KIND_LABELS[k])));
    const field = (name: 'src' | 'dst', placeholder: string): HTMLInputElement =>
      h('input', { 'data-field': name, list: listId, inputmode: 'decimal', autocomplete: 'off', spellcheck: 'false', placeholder });
    const src = field('src', 'source');
    const dst = field('dst', 'destination');
    const flags = h('select', { 'data-field': 'flags' }, h('option', { value: '' }, 'flags…'), ...TCP_FLAGS.map(([v, label]) => h('option', { value: v }, label)));
    const numbers: Row['numbers'] = {};
    for (const f of numberFields) numbers[f] = h('input', { 'data-field': f, class: 'field-number', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', placeholder: f });
    kind.addEventListener('change', renumber);
    if (line) {
      kind.value = line.kind;
      src.value = line.src;
      dst.value = line.dst;
      if (line.flags !== undefined) flags.value = line.flags;
      for (const f of numberFields) if (line[f] !== undefined) numbers[f]!.value = String(line[f]);
    }
    const number = h('span', { class: 'row-number', 'aria-hidden': 'true' });
    const li = h('li', { class: 'capture-row' });
    const move = (direction: 'up' | 'down'): void => {
      const at = moveItem(li, direction);
      renumber();
      if (at === undefined) {
        announce(`Line ${all.findIndex((r) => r.li === li) + 1} is already the ${direction === 'up' ? 'first' : 'last'}.`);
        return;
      }
      announce(`Moved to line ${at + 1} of ${all.length}.`);
      onChange();
    };
    const buttons = listButtons({
      up: () => move('up'),
      down: () => move('down'),
      remove: () => {
        const index = all.findIndex((r) => r.li === li);
        li.remove();
        all.splice(index, 1);
        renumber();
        const next = all[Math.min(index, all.length - 1)];
        (next?.kind ?? add).focus();
        announce(`Line ${index + 1} removed.`);
        onChange();
      },
    }, true);
    li.append(number, kind, src, h('span', { class: 'row-arrow', 'aria-hidden': 'true' }, '→'), dst, flags, ...Object.values(numbers), buttons.element);
    rows.append(li);
    all.push({ li, kind, src, dst, flags, numbers, number, buttons });
    renumber();
    if (focus) kind.focus();
  };

  const add = h('button', { type: 'button', class: 'button-secondary' }, 'Add a line');
  add.addEventListener('click', () => {
    addRow(undefined, true);
    onChange();
  });
  const none = h('input', { type: 'checkbox', id: noneId });
  const typed = h('textarea', { id: typedId, rows: 4, spellcheck: 'false', autocapitalize: 'off', placeholder: 'IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64' });
  const typedBox = h(
    'details',
    { class: 'typed-lines' },
    h('summary', {}, "Or type the lines in tcpdump's own format"),
    h('label', { for: typedId }, 'Your tcpdump lines, one per line (graded instead of the lines above)'),
    typed,
  );
  const syncNone = (): void => {
    rows.classList.toggle('is-off', none.checked);
    for (const r of all) for (const el of [r.kind, r.src, r.dst, r.flags, ...Object.values(r.numbers)]) el.disabled = none.checked;
    add.disabled = none.checked;
  };
  none.addEventListener('change', syncNone);

  addRow();
  addRow();

  const element = h(
    'div',
    { class: 'quiz-capture' },
    hint(
      'Every line ',
      code(`${ns === 'default' || !ns ? '' : `ip netns exec ${ns} `}tcpdump -n -i ${dev ?? '?'}`),
      ' prints, in order, read as tcpdump prints it. An ARP request ',
      code('who-has T tell S'),
      ' is sent by S (the asker) for T; an ARP reply ',
      code('A is-at …'),
      ' is sent by A back to the asker.',
    ),
    datalist,
    rows,
    h('p', { class: 'quiz-row-actions' }, add, h('label', { class: 'checkbox quiz-none' }, none, ' tcpdump prints nothing here')),
    typedBox,
  );

  return {
    element,
    read(): ReadResult {
      if (none.checked) return { ok: true, answer: { lines: [] } };
      const text = typed.value.trim();
      if (text !== '') {
        const parsed = parseTcpdumpLines(text);
        if (parsed.errors.length > 0) {
          const first = parsed.errors[0]!;
          return { ok: false, error: `Typed line ${first.line} is not a tcpdump line I understand: ${first.message}`, line: first.line };
        }
        return { ok: true, answer: { lines: [...parsed.lines] } };
      }
      const lines: CaptureLine[] = [];
      for (const [i, r] of all.entries()) {
        const kind = r.kind.value;
        const src = r.src.value.trim();
        const dst = r.dst.value.trim();
        if (kind === '' && src === '' && dst === '') continue;
        if (kind === '') return { ok: false, error: `Line ${i + 1}: choose what kind of packet it is.` };
        const nm = names(kind);
        for (const [name, value] of [[nm.src, src], [nm.dst, dst]] as const) {
          if (!DOTTED.test(value)) return { ok: false, error: `Line ${i + 1}: the ${name} address should be an IPv4 address such as 10.0.0.1 (pick one from the list or type it).` };
        }
        const line: { -readonly [K in keyof CaptureLine]: CaptureLine[K] } = { kind: kind as LineKind, src, dst };
        if (kind === 'tcp') {
          if (r.flags.value === '') return { ok: false, error: `Line ${i + 1}: choose the TCP flags tcpdump prints for this segment.` };
          line.flags = r.flags.value;
        }
        for (const f of numberFields) {
          if (!fieldApplies(line.kind, f)) continue;
          const v = r.numbers[f]!.value.trim();
          if (v === '' && f === 'ack') continue;
          if (!/^\d{1,10}$/.test(v)) return { ok: false, error: `Line ${i + 1}: the ${NUMBER_LABELS[f]} is a whole number as tcpdump prints it${f === 'id' ? ' (any number stands for the id ping picks itself)' : ''}.` };
          line[f] = Number(v);
        }
        lines.push(line);
      }
      return { ok: true, answer: lines.length ? { lines } : undefined };
    },
    write(answer: Answer) {
      if (!('lines' in answer)) return;
      for (const r of all) r.li.remove();
      all.length = 0;
      none.checked = answer.lines.length === 0;
      for (const line of answer.lines) addRow(line);
      if (all.length === 0) addRow();
      syncNone();
    },
  };
}
