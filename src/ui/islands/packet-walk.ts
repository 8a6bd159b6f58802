// <pp-packet-walk>: step forward and back through one packet's trace. The walk machine
// (walk.machine.ts) owns the index; this element shows the step (its headline in the sticky
// control bar, beside the buttons; its facts below), highlights the device and namespace on the
// topology and the hook on the packet-flow diagram, and announces each step.

import { createActor, type Actor } from 'xstate';
import { walkMachine } from '../../machines/walk.machine.ts';
import type { LabModel, PacketWalk } from '../../lab/lab-model.ts';
import { findPacket } from '../../lab/find-packet.ts';
import { announce, labModel, prepareLab } from './runtime.ts';
import { flowSelectors, followHighlight, markWalkStep, showStep } from '../walk-view.ts';

class PacketWalkElement extends HTMLElement {
  private actor?: Actor<typeof walkMachine>;
  private model?: LabModel;
  private walk?: PacketWalk;
  /** Per step: the flow selector and whether br_netfilter's bridge layer is where it happens. */
  private flow: (string | undefined)[] = [];

  connectedCallback(): void {
    if (this.actor) return;
    this.actor = createActor(walkMachine, { input: { total: 0 } });
    this.actor.subscribe(() => this.render());
    this.actor.start();
    prepareLab(this, this.dataset.scenario ?? '');
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (button) void this.act(button.dataset.action ?? '');
    });
    this.querySelector('select[data-packet-select]')?.addEventListener('change', (event) => {
      void this.choose(Number((event.target as HTMLSelectElement).value));
    });
    this.addEventListener('keydown', (event) => {
      if ((event.target as Element).closest('select, input, textarea')) return;
      if (event.key === 'ArrowRight') void this.act('next');
      else if (event.key === 'ArrowLeft') void this.act('prev');
    });
  }

  private async ensureModel(): Promise<LabModel> {
    if (!this.model) {
      this.model = await labModel(this.dataset.scenario ?? '');
      const select = this.querySelector<HTMLSelectElement>('select[data-packet-select]');
      const wanted = findPacket(this.model, this.dataset.packet ?? '') ?? this.model.packets[0];
      if (select) {
        select.replaceChildren(
          ...this.model.packets.map((p) => {
            const option = document.createElement('option');
            option.value = String(p.packet);
            option.textContent = p.summary;
            option.selected = p === wanted;
            return option;
          }),
        );
        select.disabled = false;
      }
      if (wanted) this.load(wanted);
    }
    return this.model;
  }

  private load(walk: PacketWalk): void {
    this.walk = walk;
    this.flow = flowSelectors(walk.steps, this.model!.topology);
    this.actor?.send({ type: 'walk.load', total: walk.steps.length });
  }

  private async choose(packet: number): Promise<void> {
    const model = await this.ensureModel();
    const walk = model.packets.find((p) => p.packet === packet);
    if (walk) this.load(walk);
    announce(`Packet chosen: ${walk?.summary ?? ''}. ${walk?.steps.length ?? 0} steps.`);
  }

  private async act(action: string): Promise<void> {
    const firstLoad = !this.model;
    await this.ensureModel();
    if (firstLoad && action === 'next') {
      // The first press shows step 1 (the machine starts there).
      this.render(true);
      return;
    }
    const type = ({ next: 'user.next', prev: 'user.prev', first: 'user.first', last: 'user.last' } as const)[action as 'next'];
    if (type) this.actor?.send({ type });
    this.render(true);
  }

  private render(speak = false): void {
    const snapshot = this.actor?.getSnapshot();
    const walk = this.walk;
    const counter = this.querySelector('[data-step-counter]');
    const prev = this.querySelector<HTMLButtonElement>('button[data-action="prev"]');
    const next = this.querySelector<HTMLButtonElement>('button[data-action="next"]');
    if (!snapshot || !walk || walk.steps.length === 0) return;
    const { index, total } = snapshot.context;
    const step = walk.steps[index]!;
    if (counter) counter.textContent = `Step ${index + 1} of ${total}`;
    const focused = document.activeElement;
    if (prev) prev.disabled = index === 0;
    if (next) next.disabled = index >= total - 1;
    // A button disabled under the keyboard would drop focus to <body>: at the last step focus
    // goes to "Previous step", at the first to "Next step".
    if (focused === next && next?.disabled && prev && !prev.disabled) prev.focus();
    else if (focused === prev && prev?.disabled && next && !next.disabled) next.focus();

    const scenario = this.dataset.scenario ?? '';
    const drawings = [...document.querySelectorAll(`.lab[data-lab="${CSS.escape(scenario)}"]`), this];
    const flows = [...this.querySelectorAll('[data-packet-flow]')];
    const mark = () => markWalkStep({ walk, index, flow: this.flow, drawings, flows });
    // Only a step the learner asked for moves the page (not a packet chosen, not the first load).
    if (speak) followHighlight(flows, this.querySelector('[data-walk-bar]'), mark);
    else mark();
    const flowCaption = this.querySelector('[data-flow-ns]');
    if (flowCaption) flowCaption.textContent = `namespace ${step.ns}`;
    const view = this.querySelector<HTMLElement>('[data-step-view]');
    const headline = view ? showStep(step, view, this.querySelector('[data-step-headline]')) : step.note;
    if (speak) announce(`Step ${index + 1} of ${total}. ${headline}`);
  }
}

if (!customElements.get('pp-packet-walk')) customElements.define('pp-packet-walk', PacketWalkElement);
