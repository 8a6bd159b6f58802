// <pp-predict-path>: predict which hooks a packet meets in one namespace, in order
// (data-ask="hooks"), or what `conntrack -L` holds at the end (data-ask="conntrack").

import type { HookName } from '../../net/netfilter/rule.ts';
import { gradeConntrack, gradeHooks, hooksOf, conntrackOf, type ConntrackEntryFields, type HookStep } from '../../grading/path.ts';
import type { LabModel } from '../../lab/lab-model.ts';
import { findPacket } from '../../lab/find-packet.ts';
import { ExerciseElement, type Prediction } from './exercise-element.ts';
import { linesOf, sequenceRows, summaryText, type Graded, type GradedRow } from '../../grading/rows.ts';
import { matchMisconceptions, type MisconceptionMatch } from '../../grading/misconception-match.ts';
// The quiz's list buttons: one widget for ordering a path, in lessons and quizzes alike.
import { listButtons, moveItem } from '../quiz/questions/common.ts';

type PathPrediction =
  | { readonly kind: 'hooks'; readonly hooks: HookStep[] }
  | { readonly kind: 'conntrack'; readonly entries: ConntrackEntryFields[] }
  | { readonly kind: 'counters'; readonly counted: ReadonlyMap<string, boolean> };

const DOTTED = /^\d{1,3}(\.\d{1,3}){3}$/;

function formatEntry(e: ConntrackEntryFields): string {
  return `${e.proto} src=${e.orig.src} dst=${e.orig.dst}${e.unreplied ? ' [UNREPLIED]' : ''} src=${e.reply.src} dst=${e.reply.dst}${e.zone ? ` zone=${e.zone}` : ''}`;
}

class PredictPath extends ExerciseElement<PathPrediction> {
  private get ask(): 'hooks' | 'conntrack' | 'counters' {
    const ask = this.dataset.ask;
    return ask === 'conntrack' || ask === 'counters' ? ask : 'hooks';
  }

  /** The rules the exercise lists, from the engine's final ruleset. */
  private rulesOf(model: LabModel): LabModel['rules'] {
    const chain = this.dataset.chain;
    const [table, name] = chain?.includes(' ') ? chain.split(' ') : ['filter', chain];
    return model.rules.filter((r) => r.ns === this.ns && (chain === undefined || chain === '' || (r.table === table && r.chain === name)));
  }

  /** 0-based index of the conntrack -L the exercise is about (undefined: the last). */
  private get listingIndex(): number | undefined {
    return this.dataset.listing ? Number(this.dataset.listing) - 1 : undefined;
  }

  private get ns(): string {
    return this.dataset.ns ?? 'default';
  }

  protected override setup(): void {
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-hook-add], button[data-entry-action]');
      if (!button) return;
      if (button.dataset.hookAdd) this.addHook(button.dataset.hookAdd as HookName);
      else if (button.dataset.entryAction === 'add') this.addEntry();
      else if (button.dataset.entryAction === 'remove') this.removeEntry(button.closest('[data-entry]'));
    });
  }

  // ---- hooks: an ordered list built from buttons (keyboard friendly, no drag and drop)

  private sequence(): HTMLOListElement | null {
    return this.find<HTMLOListElement>('[data-sequence]');
  }

  /** Each step's Move up / Move down / Remove (the quiz's widget, src/ui/quiz/questions/common.ts). */
  private readonly stepButtons = new WeakMap<Element, ReturnType<typeof listButtons>>();

  private renumberHooks(): void {
    const items = [...(this.sequence()?.children ?? [])];
    items.forEach((li, i) => this.stepButtons.get(li)?.refresh(i, items.length, `step ${i + 1}, ${li.getAttribute('data-hook')}`));
    const empty = this.find('[data-sequence-empty]');
    if (empty) empty.hidden = items.length > 0;
  }

  /** A polite message for a move or a removal (screen readers hear where the step went). */
  private announce(text: string): void {
    this.announceAfter(this.sequence(), text);
  }

  private addHook(hook: HookName): void {
    const li = document.createElement('li');
    li.dataset.hook = hook;
    const name = document.createElement('span');
    name.className = 'quiz-step-text quiz-step-hook';
    name.textContent = hook;
    const move = (direction: 'up' | 'down'): void => {
      const at = moveItem(li, direction);
      this.renumberHooks();
      if (at === undefined) {
        this.announce(`${hook} is already ${direction === 'up' ? 'first' : 'last'}.`);
        return;
      }
      // Keep the focus on the same button of the moved step (the browser drops it on a move).
      li.querySelector<HTMLButtonElement>(`button[data-move="${direction}"]`)?.focus();
      this.announce(`${hook} is now step ${at + 1} of ${this.sequence()?.children.length ?? 0}.`);
      this.actor?.send({ type: 'user.edit' });
    };
    const buttons = listButtons({ up: () => move('up'), down: () => move('down'), remove: () => this.removeHook(li) });
    this.stepButtons.set(li, buttons);
    li.append(name, buttons.element);
    this.sequence()?.append(li);
    this.renumberHooks();
    this.actor?.send({ type: 'user.edit' });
  }

  private removeHook(li: Element): void {
    const items = [...(this.sequence()?.children ?? [])];
    const index = items.indexOf(li);
    li.remove();
    this.renumberHooks();
    const rest = [...(this.sequence()?.children ?? [])];
    (rest[Math.min(index, rest.length - 1)]?.querySelector<HTMLElement>('button[data-move="remove"]') ?? this.find<HTMLElement>('button[data-hook-add]'))?.focus();
    this.announce(`Step ${index + 1}, ${li.getAttribute('data-hook')}, removed.`);
    this.actor?.send({ type: 'user.edit' });
  }

  // ---- conntrack: one row of fields per expected entry

  private entries(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>('[data-entry]')];
  }

  private renumberEntries(): void {
    this.entries().forEach((entry, i) => {
      const n = i + 1;
      entry.querySelector('[data-entry-number]')!.textContent = `Entry ${n}`;
      for (const el of entry.querySelectorAll<HTMLElement>('[data-label]')) el.setAttribute('aria-label', `Entry ${n}: ${el.dataset.label}`);
      entry.querySelector('[data-entry-action="remove"]')?.setAttribute('aria-label', `Remove entry ${n}`);
    });
  }

  private addEntry(): void {
    const template = this.querySelector<HTMLTemplateElement>('template[data-entry-template]');
    const list = this.find('[data-entries]');
    if (!template || !list) return;
    const entry = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
    list.append(entry);
    this.renumberEntries();
    entry.querySelector<HTMLElement>('select, input')?.focus();
    this.actor?.send({ type: 'user.edit' });
  }

  private removeEntry(entry: Element | null): void {
    entry?.remove();
    this.renumberEntries();
    this.find<HTMLElement>('[data-entry-action="add"]')?.focus();
    this.actor?.send({ type: 'user.edit' });
  }

  protected readPrediction(): Prediction<PathPrediction> {
    if (this.ask === 'counters') {
      const counted = new Map<string, boolean>();
      for (const box of this.querySelectorAll<HTMLInputElement>('input[data-rule-key]')) counted.set(box.dataset.ruleKey ?? '', box.checked);
      return { ok: true, value: { kind: 'counters', counted } };
    }
    if (this.ask === 'hooks') {
      const hooks = [...(this.sequence()?.children ?? [])].map((li) => ({ ns: this.ns, hook: li.getAttribute('data-hook') as HookName }));
      if (hooks.length === 0) return { ok: false, error: 'Add the hooks the packet meets, in order, with the buttons above.' };
      return { ok: true, value: { kind: 'hooks', hooks } };
    }
    const entries: ConntrackEntryFields[] = [];
    for (const [i, entry] of this.entries().entries()) {
      const value = (field: string): string => entry.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-field="${field}"]`)?.value.trim() ?? '';
      const addrs = { origSrc: value('orig-src'), origDst: value('orig-dst'), replySrc: value('reply-src'), replyDst: value('reply-dst') };
      for (const [name, addr] of Object.entries(addrs)) {
        if (!DOTTED.test(addr)) return { ok: false, error: `Entry ${i + 1}: ${name.replace(/([A-Z])/g, ' $1').toLowerCase()} should be an IPv4 address.` };
      }
      const zone = value('zone');
      if (zone !== '' && !/^\d{1,5}$/.test(zone)) return { ok: false, error: `Entry ${i + 1}: the zone is a whole number (0 when conntrack prints none).` };
      entries.push({
        proto: value('proto') || 'icmp',
        orig: { src: addrs.origSrc, dst: addrs.origDst },
        reply: { src: addrs.replySrc, dst: addrs.replyDst },
        unreplied: entry.querySelector<HTMLInputElement>('[data-field="unreplied"]')?.checked ?? false,
        assured: false,
        zone: Number(zone || '0'),
      });
    }
    return { ok: true, value: { kind: 'conntrack', entries } };
  }

  private expectedHooks(model: LabModel): HookStep[] {
    const walk = findPacket(model, this.dataset.packet ?? '');
    if (!walk) throw new Error(`no packet matches "${this.dataset.packet}"`);
    return hooksOf(walk).filter((h) => h.ns === this.ns);
  }

  private nudges(rows: readonly GradedRow[], matches: readonly MisconceptionMatch[]): Graded['nudges'] {
    return matches.map((m) => ({ id: m.id, name: m.name, nudge: m.nudge, lines: linesOf(rows, m.items) }));
  }

  protected grade(model: LabModel, prediction: PathPrediction): Graded {
    if (prediction.kind === 'counters') {
      const rules = this.rulesOf(model);
      const said = rules.map((r) => prediction.counted.get(`${r.table}/${r.chain}/${r.index}`) ?? false);
      const rows: GradedRow[] = rules.map((r, i) => {
        const right = said[i] === r.packets > 0;
        return {
          text: `${said[i] ? 'counts' : 'stays at 0'}: ${r.text}`,
          status: right ? 'right' : 'wrong',
          note: right ? 'right' : said[i] ? 'wrong: no packet that reaches this rule matches it' : 'wrong: a packet reaches this rule and matches it',
          line: i + 1,
        };
      });
      const wrong = rows.filter((r) => r.status === 'wrong').length;
      const matches = matchMisconceptions(this.misconceptions(), this.scenario, { on: 'counters', rows: rules.map((r, i) => ({ rule: r.text, said: said[i]!, moved: r.packets > 0 })) });
      return {
        correct: wrong === 0,
        rows,
        summary: wrong === 0 ? 'Right: exactly these counters move.' : `Not quite: ${rows.length - wrong} right, ${wrong} wrong.`,
        nudges: this.nudges(rows, matches),
      };
    }
    if (prediction.kind === 'hooks') {
      const grade = gradeHooks(prediction.hooks, this.expectedHooks(model));
      const graded = sequenceRows(grade, (h) => h.hook, {
        noun: 'hook',
        why: (f) => (f === 'hook' ? 'the packet meets another hook at this point of its walk' : undefined),
      });
      return { ...graded, nudges: this.nudges(graded.rows, matchMisconceptions(this.misconceptions(), this.scenario, { on: 'hooks', grade })) };
    }
    const expected = conntrackOf(model, this.ns, this.listingIndex) ?? [];
    const grade = gradeConntrack(prediction.entries, expected);
    // Rows in the learner's order (entry 1, 2...), the missing ones last.
    const numbered = grade.items.map((item, index) => {
      const at = item.predicted ? prediction.entries.indexOf(item.predicted) : -1;
      const wrong = Object.entries(item.fields).filter(([, m]) => m === 'wrong').map(([f]) => f);
      const words = wrong.map((f) => f.replace(/([A-Z])/g, ' $1').toLowerCase());
      const line = at >= 0 ? at + 1 : undefined;
      let row: GradedRow;
      switch (item.status) {
        case 'right':
          row = { text: formatEntry(item.predicted!), status: item.status, note: 'right', line: line! };
          break;
        case 'wrong':
          row = { text: formatEntry(item.predicted!), status: item.status, note: `wrong ${words.join(', ')}: conntrack records each direction as the packets looked when they passed its hooks.`, line: line!, fields: wrong };
          break;
        case 'missing':
          row = { text: '(an entry is missing)', status: item.status, note: 'missing: conntrack holds one more entry' };
          break;
        case 'extra':
          row = item.duplicate
            ? { text: formatEntry(item.predicted!), status: item.status, note: 'extra: this entry is already listed above', line: line! }
            : { text: formatEntry(item.predicted!), status: item.status, note: 'extra: conntrack holds no such entry', line: line! };
          break;
      }
      return { row, index };
    });
    const order = [...numbered].sort((a, b) => (a.row.line ?? Infinity) - (b.row.line ?? Infinity));
    const rows = order.map((o) => o.row);
    const matches = matchMisconceptions(this.misconceptions(), this.scenario, { on: 'conntrack', grade }).map((m) => ({
      ...m,
      items: m.items.map((i) => order.findIndex((o) => o.index === i)),
    }));
    return {
      correct: grade.summary.correct,
      rows,
      summary: summaryText(grade.summary, 'Right: these are the entries conntrack holds (graded: protocol, addresses, [UNREPLIED], zone).'),
      nudges: this.nudges(rows, matches),
    };
  }

  protected override markRows(graded: Graded | undefined): void {
    for (const el of this.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    for (const el of this.querySelectorAll('[data-mark]')) el.remove();
    for (const el of this.querySelectorAll('.is-marked')) el.classList.remove('is-marked');
    if (!graded) return;
    const bad = graded.rows.filter((r) => r.line !== undefined && (r.status === 'wrong' || r.status === 'extra'));
    const mark = (host: Element | undefined | null, text: string): void => {
      if (!host) return;
      host.classList.add('is-marked');
      const span = document.createElement('span');
      span.className = 'row-mark';
      span.dataset.mark = '';
      span.textContent = ` ✗ ${text}`;
      host.append(span);
    };
    if (this.ask === 'counters') {
      const boxes = [...this.querySelectorAll<HTMLInputElement>('input[data-rule-key]')];
      for (const r of bad) {
        const box = boxes[r.line! - 1];
        box?.setAttribute('aria-invalid', 'true');
        mark(box?.closest('li'), 'wrong');
      }
    } else if (this.ask === 'hooks') {
      const items = [...(this.sequence()?.children ?? [])];
      for (const r of bad) {
        const li = items[r.line! - 1];
        mark(li?.querySelector('span'), r.status === 'extra' ? 'extra' : 'wrong');
      }
    } else {
      const entries = this.entries();
      for (const r of bad) {
        const entry = entries[r.line! - 1];
        if (!entry) continue;
        const map: Record<string, string> = { origSrc: 'orig-src', origDst: 'orig-dst', replySrc: 'reply-src', replyDst: 'reply-dst', unreplied: 'unreplied', zone: 'zone', proto: 'proto' };
        for (const f of r.status === 'extra' ? Object.keys(map) : (r.fields ?? [])) entry.querySelector(`[data-field="${map[f] ?? f}"]`)?.setAttribute('aria-invalid', 'true');
        mark(entry.querySelector('[data-entry-number]'), r.status === 'extra' ? 'extra' : 'wrong');
      }
    }
  }

  protected answerText(model: LabModel): string {
    if (this.ask === 'counters') {
      const rules = this.rulesOf(model);
      return `    pkts    bytes  rule\n${rules.map((r) => `${String(r.packets).padStart(8)} ${String(r.bytes).padStart(8)}  ${r.text}`).join('\n')}`;
    }
    if (this.ask === 'hooks') {
      const walk = findPacket(model, this.dataset.packet ?? '');
      const hooks = walk ? hooksOf(walk).filter((h) => h.ns === this.ns) : [];
      return `${walk?.summary ?? this.dataset.packet}\nin namespace ${this.ns}: ${hooks.map((h) => h.hook).join(' -> ') || '(no hook)'}`;
    }
    const blocks = model.printed.filter((p) => p.ns === this.ns && /^conntrack\s+(-L|--dump)\b/.test(p.command));
    const block = this.listingIndex === undefined ? blocks[blocks.length - 1] : blocks[this.listingIndex];
    return block ? `# ${block.command}\n${block.output || '(empty: conntrack holds no entry)'}` : '(the scenario prints no conntrack -L)';
  }
}

if (!customElements.get('pp-predict-path')) customElements.define('pp-predict-path', PredictPath);
