// <pp-predict-capture>: the learner lists the lines they expect tcpdump to print at one
// capture point (kind, source, destination per line, or lines typed in tcpdump's format);
// "Check prediction" grades them field by field against the engine's capture.

import { formatCaptureLine, gradeCapture, lineFromFrame, parseTcpdumpLines, type CaptureLine, type LineKind } from '../../grading/capture.ts';
import type { LabModel } from '../../lab/lab-model.ts';
import { ExerciseElement, type Prediction } from './exercise-element.ts';
import { sequenceRows, type Graded } from '../../grading/rows.ts';

const DOTTED = /^\d{1,3}(\.\d{1,3}){3}$/;

class PredictCapture extends ExerciseElement<CaptureLine[]> {
  private get captureId(): string {
    return this.dataset.capture ?? '';
  }

  protected override setup(): void {
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-row-action]');
      if (!button) return;
      if (button.dataset.rowAction === 'add') this.addRow();
      else if (button.dataset.rowAction === 'remove') this.removeRow(button.closest('[data-row]'));
    });
  }

  private rows(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[data-row]')];
  }

  /** Keeps every control's accessible name in step with its line number. */
  private renumber(): void {
    this.rows().forEach((row, i) => {
      const n = i + 1;
      row.querySelector('[data-row-number]')!.textContent = `${n}.`;
      row.querySelector('[data-field="kind"]')?.setAttribute('aria-label', `Line ${n}: kind of packet`);
      row.querySelector('[data-field="src"]')?.setAttribute('aria-label', `Line ${n}: source address (for ARP: the "tell" address)`);
      row.querySelector('[data-field="dst"]')?.setAttribute('aria-label', `Line ${n}: destination address (for ARP: the address asked for)`);
      row.querySelector('[data-row-action="remove"]')?.setAttribute('aria-label', `Remove line ${n}`);
    });
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

  protected readPrediction(): Prediction<CaptureLine[]> {
    const typed = this.find<HTMLTextAreaElement>('textarea[data-typed]')?.value.trim() ?? '';
    if (typed !== '') {
      const parsed = parseTcpdumpLines(typed);
      if (parsed.errors.length > 0) {
        const first = parsed.errors[0]!;
        return { ok: false, error: `Typed line ${first.line} is not a tcpdump line I understand: ${first.message}` };
      }
      return { ok: true, value: [...parsed.lines] };
    }
    const lines: CaptureLine[] = [];
    for (const [i, row] of this.rows().entries()) {
      const kind = row.querySelector<HTMLSelectElement>('[data-field="kind"]')?.value ?? '';
      const src = row.querySelector<HTMLInputElement>('[data-field="src"]')?.value.trim() ?? '';
      const dst = row.querySelector<HTMLInputElement>('[data-field="dst"]')?.value.trim() ?? '';
      if (kind === '' && src === '' && dst === '') continue;
      if (kind === '') return { ok: false, error: `Line ${i + 1}: choose what kind of packet it is.` };
      for (const [name, value] of [['source', src], ['destination', dst]] as const) {
        if (!DOTTED.test(value)) return { ok: false, error: `Line ${i + 1}: the ${name} should be an IPv4 address such as 10.0.0.1 (pick one from the list or type it).` };
      }
      lines.push({ kind: kind as LineKind, src, dst });
    }
    if (lines.length === 0) return { ok: false, error: 'Add at least one line (or type lines in tcpdump\'s format) before checking. If you expect no packets at all, type "none".' };
    return { ok: true, value: lines };
  }

  private expected(model: LabModel): CaptureLine[] {
    const capture = model.captures.find((c) => c.id === this.captureId);
    if (!capture) throw new Error(`the scenario has no capture on "${this.captureId}"`);
    return capture.frames.map(lineFromFrame);
  }

  protected grade(model: LabModel, prediction: CaptureLine[]): Graded {
    return sequenceRows(gradeCapture(prediction, this.expected(model)), formatCaptureLine);
  }

  protected answerText(model: LabModel): string {
    const capture = model.captures.find((c) => c.id === this.captureId);
    if (!capture) return `(no capture on ${this.captureId})`;
    const header = this.dataset.command ?? `tcpdump -n -i ${this.captureId.split(' ')[1]}`;
    return `# ${header}\n${capture.lines.length ? capture.lines.join('\n') : '(nothing: tcpdump prints no line)'}`;
  }
}

if (!customElements.get('pp-predict-capture')) customElements.define('pp-predict-capture', PredictCapture);
