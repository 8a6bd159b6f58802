// <pp-predict-capture>: the learner lists the lines they expect tcpdump to print at one
// capture point (kind, source, destination per line, and the fields the exercise grades:
// data-fields, e.g. "seq,id,flags"), or types lines in tcpdump's format; "Check prediction"
// grades them field by field against the engine's capture, marks the wrong rows in the form,
// and names the misconceptions it recognises (lessons/misconceptions.yaml).

import {
  captureLines,
  fieldApplies,
  formatCaptureLine,
  gradeCapture,
  parseTcpdumpLines,
  type CaptureField,
  type CaptureLine,
  type LineKind,
  type OptionalCaptureField,
} from '../../grading/capture.ts';
import { captureContext, matchMisconceptions } from '../../grading/misconception-match.ts';
import type { LabModel } from '../../lab/lab-model.ts';
import { moveItem } from '../quiz/questions/common.ts';
import { ExerciseElement, type Prediction } from './exercise-element.ts';
import { FIELD_WORDS, linesOf, sequenceRows, type Graded } from '../../grading/rows.ts';

const DOTTED = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The form's words for each field, by line kind: an ARP line is named as tcpdump prints it. */
function fieldNames(kind: string): { src: string; dst: string } {
  if (kind === 'arp-request') return { src: 'tell (the asker)', dst: 'who-has (asked for)' };
  if (kind === 'arp-reply') return { src: 'is-at (who answers)', dst: 'to (the asker)' };
  return { src: 'source', dst: 'destination' };
}

const NUMBER_LABELS: Record<string, string> = { id: 'ICMP id', seq: 'seq', ack: 'TCP ack (empty: none)' };

interface CapturePrediction {
  readonly lines: CaptureLine[];
  /** The form's line number of each line (row number, or the typed line's number). */
  readonly numbers: number[];
  readonly typed: boolean;
}

/** Why a field is wrong, in a few words that point at the mechanism, never at the value. */
function why(field: string, p: CaptureLine, e: CaptureLine): string | undefined {
  switch (field) {
    case 'kind':
      return 'tcpdump prints another kind of packet here (request, reply, error, ARP)';
    case 'src':
    case 'dst':
      if (e.kind === 'arp-request') return field === 'src' ? 'the request is sent by the address that asks ("tell")' : 'the request asks for the address the sender wants to reach next ("who-has")';
      if (e.kind === 'arp-reply') return field === 'src' ? 'the reply comes from the address that was asked for' : 'the reply goes back to the one that asked';
      return `tcpdump shows the packet as it is at this device (received: before this namespace's hooks; sent: after them)`;
    case 'seq':
      return e.kind === 'tcp' ? 'a sequence number counts the bytes a side has sent' : 'ping gives every request it sends its own number';
    case 'id':
      return p.id === 0 ? 'nothing on the way rewrote ping\'s id before this device' : 'something on the way changed the id ping chose';
    case 'flags':
      return 'a segment\'s flags say what it does (open, acknowledge, send, close, reset)';
    case 'ack':
      return 'an ack number says which byte the sender expects next; a first SYN acknowledges nothing';
    default:
      return undefined;
  }
}

class PredictCapture extends ExerciseElement<CapturePrediction> {
  private get captureId(): string {
    return this.dataset.capture ?? '';
  }

  private get asked(): OptionalCaptureField[] {
    return (this.dataset.fields ?? '').split(',').filter(Boolean) as OptionalCaptureField[];
  }

  protected override setup(): void {
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-row-action], button[data-move]');
      if (!button) return;
      const row = button.closest<HTMLElement>('[data-row]');
      if (button.dataset.rowAction === 'add') this.addRow();
      else if (button.dataset.move === 'remove') this.removeRow(row);
      else if (row && (button.dataset.move === 'up' || button.dataset.move === 'down')) this.moveRow(row, button.dataset.move);
    });
    this.addEventListener('change', (event) => {
      const select = (event.target as Element).closest<HTMLSelectElement>('select[data-field="kind"]');
      if (select) this.renumber();
      if ((event.target as Element).matches('input[data-none]')) this.syncNone();
    });
    this.syncNone();
    this.renumber();
  }

  private rows(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[data-row]')];
  }

  /** Keeps every control's accessible name in step with its line number and kind. */
  private renumber(): void {
    this.rows().forEach((row, i) => {
      const n = i + 1;
      const kind = row.querySelector<HTMLSelectElement>('[data-field="kind"]')?.value ?? '';
      const names = fieldNames(kind);
      row.querySelector('[data-row-number]')!.textContent = `${n}.`;
      row.querySelector('[data-field="kind"]')?.setAttribute('aria-label', `Line ${n}: kind of packet`);
      for (const f of ['src', 'dst'] as const) {
        const input = row.querySelector<HTMLInputElement>(`[data-field="${f}"]`);
        if (!input) continue;
        input.setAttribute('aria-label', `Line ${n}: ${f === 'src' ? 'source' : 'destination'} address${names[f] === (f === 'src' ? 'source' : 'destination') ? '' : `, ${names[f]}`}`);
        input.placeholder = names[f];
      }
      row.querySelector('[data-field="flags"]')?.setAttribute('aria-label', `Line ${n}: TCP flags`);
      for (const [f, label] of Object.entries(NUMBER_LABELS)) row.querySelector(`[data-field="${f}"]`)?.setAttribute('aria-label', `Line ${n}: ${label}`);
      // Only the fields a line of this kind has (no seq on an ARP line); every one until a kind is chosen.
      for (const f of ['flags', 'id', 'seq', 'ack'] as const) {
        const el = row.querySelector<HTMLElement>(`[data-field="${f}"]`);
        if (el) el.hidden = kind !== '' && !fieldApplies(kind as LineKind, f);
      }
      // The quiz's row buttons (src/ui/quiz/questions/common.ts listButtons): same names, same edges.
      const count = this.rows().length;
      const button = (move: string): HTMLElement | null => row.querySelector<HTMLElement>(`button[data-move="${move}"]`);
      button('up')?.setAttribute('aria-label', `Move up: line ${n}`);
      button('down')?.setAttribute('aria-label', `Move down: line ${n}`);
      button('remove')?.setAttribute('aria-label', `Remove line ${n}`);
      if (button('up')) button('up')!.title = `Move line ${n} up`;
      if (button('down')) button('down')!.title = `Move line ${n} down`;
      if (button('remove')) button('remove')!.title = `Remove line ${n}`;
      button('up')?.setAttribute('aria-disabled', String(i === 0));
      button('down')?.setAttribute('aria-disabled', String(i === count - 1));
    });
  }

  /** "tcpdump prints nothing here": the lines are set aside (kept, so unticking brings them back). */
  private get nothing(): boolean {
    return this.find<HTMLInputElement>('input[data-none]')?.checked ?? false;
  }

  private syncNone(): void {
    const off = this.nothing;
    this.find('[data-rows]')?.classList.toggle('is-off', off);
    for (const el of this.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>('[data-rows] :is(input, select, button), button[data-row-action="add"]')) el.disabled = off;
  }

  private moveRow(row: HTMLElement, direction: 'up' | 'down'): void {
    const at = moveItem(row, direction);
    this.renumber();
    if (at === undefined) {
      this.announce(`Line ${this.rows().indexOf(row) + 1} is already the ${direction === 'up' ? 'first' : 'last'}.`);
      return;
    }
    row.querySelector<HTMLButtonElement>(`button[data-move="${direction}"]`)?.focus();
    this.announce(`Moved to line ${at + 1} of ${this.rows().length}.`);
    this.actor?.send({ type: 'user.edit' });
  }

  /** A polite message for a move or a removal. */
  private announce(text: string): void {
    this.announceAfter(this.find('[data-rows]'), text);
  }

  private addRow(): void {
    const template = this.querySelector<HTMLTemplateElement>('template[data-row-template]');
    const list = this.find('[data-rows]');
    if (!template || !list) return;
    const row = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
    list.append(row);
    this.renumber();
    row.querySelector<HTMLElement>('select')?.focus();
    this.actor?.send({ type: 'user.edit' });
  }

  private removeRow(row: Element | null): void {
    if (!row) return;
    const rows = this.rows();
    const index = rows.indexOf(row as HTMLElement);
    row.remove();
    this.renumber();
    const next = this.rows()[Math.min(index, this.rows().length - 1)];
    (next?.querySelector<HTMLElement>('select') ?? this.find<HTMLElement>('[data-row-action="add"]'))?.focus();
    this.actor?.send({ type: 'user.edit' });
  }

  protected readPrediction(): Prediction<CapturePrediction> {
    const asked = this.asked;
    const textarea = this.find<HTMLTextAreaElement>('textarea[data-typed]');
    const typed = textarea?.value.trim() ?? '';
    if (typed !== '') {
      const parsed = parseTcpdumpLines(typed);
      if (parsed.errors.length > 0) {
        const first = parsed.errors[0]!;
        return { ok: false, error: `Typed line ${first.line} is not a tcpdump line I understand: ${first.message}` };
      }
      const numbers: number[] = [];
      textarea!.value.split(/\r?\n/).forEach((raw, i) => {
        const t = raw.trim();
        if (t !== '' && !t.startsWith('#')) numbers.push(i + 1);
      });
      for (const [k, line] of parsed.lines.entries()) {
        const missing = asked.filter((f) => fieldApplies(line.kind, f) && line[f] === undefined && !(f === 'ack' && line.kind === 'tcp'));
        if (missing.length > 0) {
          return { ok: false, error: `Typed line ${numbers[k]}: this exercise grades the ${missing.join(' and ')}; write ${missing.length > 1 ? 'them' : 'it'} as tcpdump prints ${missing.length > 1 ? 'them' : 'it'}.` };
        }
      }
      return { ok: true, value: { lines: [...parsed.lines], numbers, typed: true } };
    }
    if (this.nothing) return { ok: true, value: { lines: [], numbers: [], typed: false } };
    const lines: CaptureLine[] = [];
    const numbers: number[] = [];
    for (const [i, row] of this.rows().entries()) {
      const get = (f: string): string => row.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="${f}"]`)?.value.trim() ?? '';
      const kind = get('kind');
      const src = get('src');
      const dst = get('dst');
      const extras = (['flags', 'id', 'seq', 'ack'] as const).map(get);
      if (kind === '' && src === '' && dst === '' && extras.every((x) => x === '')) continue;
      if (kind === '') return { ok: false, error: `Line ${i + 1}: choose what kind of packet it is.` };
      const names = fieldNames(kind);
      for (const [f, value] of [['src', src], ['dst', dst]] as const) {
        if (!DOTTED.test(value)) return { ok: false, error: `Line ${i + 1}: the ${names[f]} address should be an IPv4 address such as 10.0.0.1 (pick one from the list or type it).` };
      }
      const line: { -readonly [K in keyof CaptureLine]: CaptureLine[K] } = { kind: kind as LineKind, src, dst };
      for (const f of asked) {
        if (!fieldApplies(line.kind, f)) continue;
        const v = get(f);
        if (f === 'flags') {
          if (v === '') return { ok: false, error: `Line ${i + 1}: choose the TCP flags tcpdump prints for this segment.` };
          line.flags = v;
          continue;
        }
        if (v === '' && f === 'ack') continue; // no ack printed
        if (!/^\d{1,10}$/.test(v)) return { ok: false, error: `Line ${i + 1}: the ${NUMBER_LABELS[f]} is a whole number as tcpdump prints it${f === 'id' ? ' (any number stands for the id ping picks itself)' : ''}.` };
        line[f] = Number(v);
      }
      lines.push(line);
      numbers.push(i + 1);
    }
    if (lines.length === 0) return { ok: false, error: 'Add at least one line (or type lines in tcpdump\'s format) before checking. If you expect no packets at all, tick "tcpdump prints nothing here".' };
    return { ok: true, value: { lines, numbers, typed: false } };
  }

  private expected(model: LabModel): CaptureLine[] {
    const capture = model.captures.find((c) => c.id === this.captureId);
    if (!capture) throw new Error(`the scenario has no capture on "${this.captureId}"`);
    return captureLines(capture.frames, capture.lines);
  }

  protected grade(model: LabModel, prediction: CapturePrediction): Graded {
    const grade = gradeCapture(prediction.lines, this.expected(model), this.asked);
    const words = ['kind', 'addresses', ...this.asked.map((f) => FIELD_WORDS[f] ?? f)];
    const rows = sequenceRows(grade, formatCaptureLine, { numbers: prediction.numbers, why: (f, p, e) => why(f as CaptureField, p, e) });
    const matches = matchMisconceptions(this.misconceptions(), this.scenario, { on: 'capture', grade, ...captureContext(model, this.captureId) });
    return {
      ...rows,
      summary: rows.correct ? `Right: these are tcpdump's lines here, in order (graded: ${words.join(', ')}).` : rows.summary,
      nudges: matches.map((m) => ({ id: m.id, name: m.name, nudge: m.nudge, lines: linesOf(rows.rows, m.items) })),
    };
  }

  protected override markRows(graded: Graded | undefined): void {
    const typed = this.find<HTMLTextAreaElement>('textarea[data-typed]');
    const rows = this.rows();
    for (const row of rows) {
      row.classList.remove('is-marked');
      for (const el of row.querySelectorAll('select, input')) el.removeAttribute('aria-invalid');
      const mark = row.querySelector<HTMLElement>('[data-row-mark]');
      if (mark) {
        mark.hidden = true;
        mark.replaceChildren();
      }
    }
    typed?.removeAttribute('aria-invalid');
    if (!graded) return;
    const bad = graded.rows.filter((r) => r.line !== undefined && (r.status === 'wrong' || r.status === 'extra'));
    if (typed && typed.value.trim() !== '') {
      if (bad.length > 0) typed.setAttribute('aria-invalid', 'true');
      return;
    }
    for (const r of bad) {
      const row = rows[r.line! - 1];
      if (!row) continue;
      row.classList.add('is-marked');
      const mark = row.querySelector<HTMLElement>('[data-row-mark]');
      if (mark) {
        // A cross the eye finds; the word for screen readers (the fields carry aria-invalid too).
        const word = document.createElement('span');
        word.className = 'visually-hidden';
        word.textContent = r.status === 'extra' ? `line ${r.line}: extra` : `line ${r.line}: wrong`;
        mark.hidden = false;
        mark.title = r.status === 'extra' ? 'extra line' : 'wrong';
        mark.replaceChildren('✗', word);
      }
      const wrongFields = r.status === 'extra' ? ['kind', 'src', 'dst'] : (r.fields ?? []);
      for (const f of wrongFields) row.querySelector(`[data-field="${f}"]`)?.setAttribute('aria-invalid', 'true');
    }
  }

  protected answerText(model: LabModel): string {
    const capture = model.captures.find((c) => c.id === this.captureId);
    if (!capture) return `(no capture on ${this.captureId})`;
    const header = this.dataset.command ?? `tcpdump -n -i ${this.captureId.split(' ')[1]}`;
    return `# ${header}\n${capture.lines.length ? capture.lines.join('\n') : '(nothing: tcpdump prints no line)'}`;
  }
}

if (!customElements.get('pp-predict-capture')) customElements.define('pp-predict-capture', PredictCapture);
