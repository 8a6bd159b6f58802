// <pp-connection-view>: step through one connection, packet by packet. The connection machine
// (connection.machine.ts) owns the step; this element gets the flow's steps from the engine
// worker (started early, like every lesson island: runtime.ts), fills the panels (both sockets,
// the wire, conntrack) and announces each step to screen readers.

import { createActor, type Actor } from 'xstate';
import { connectionMachine } from '../../machines/connection.machine.ts';
import { describeStep, renderConntrack, renderEnd, renderWire, withCode, type ViewFlow } from '../connection-view.ts';
import { loadConnection, type FlowChoice, type LoadedConnection } from '../connection-data.ts';
import { announce, prepareLab } from './runtime.ts';

const ACTIONS = { next: 'user.next', prev: 'user.prev', first: 'user.first', last: 'user.last' } as const;

export class ConnectionViewElement extends HTMLElement {
  private actor?: Actor<typeof connectionMachine>;
  private flows: readonly FlowChoice[] = [];
  private flow?: ViewFlow;
  /** How a flow is fetched: from the embedded scenario (a lesson), or what the playground set. */
  private loader?: (flow: string) => Promise<LoadedConnection | undefined>;
  /** The latest request: an older answer arriving late is dropped. */
  private request = 0;

  connectedCallback(): void {
    if (this.actor) return;
    this.actor = createActor(connectionMachine, { input: {} });
    this.actor.subscribe(() => this.render(false));
    this.actor.start();
    this.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
      if (button && this.contains(button)) this.act(button.dataset.action ?? '');
    });
    this.querySelector('select[data-flow-select]')?.addEventListener('change', (event) => {
      void this.show((event.target as HTMLSelectElement).value, true);
    });
    this.addEventListener('keydown', (event) => {
      if ((event.target as Element).closest('select, input, textarea')) return;
      const action = ({ ArrowRight: 'next', ArrowLeft: 'prev', Home: 'first', End: 'last' } as Record<string, string>)[event.key];
      if (!action) return;
      event.preventDefault();
      this.act(action);
    });
    const scenario = this.dataset.scenario;
    if (scenario) {
      this.loader = (flow) => loadConnection(scenario, flow);
      // The engine starts at idle or when the view comes near (runtime.ts); the view's own call waits for it.
      prepareLab(this, scenario);
      void this.show(this.dataset.flow ?? '', false);
    }
  }

  /** The playground: show flow `flow` (empty: the first TCP flow, else the first) of whatever `loader` runs. */
  use(loader: (flow: string) => Promise<LoadedConnection | undefined>, flow = ''): Promise<void> {
    this.loader = loader;
    return this.show(flow, false);
  }

  private async show(flow: string, speak: boolean): Promise<void> {
    if (!this.loader) return;
    const request = ++this.request;
    this.actor?.send({ type: 'timeline.request' });
    try {
      const loaded = await this.loader(flow);
      if (request !== this.request) return;
      if (!loaded) {
        // A playground run without any TCP, UDP or ICMP flow.
        this.flows = [];
        this.flow = undefined;
        this.fillFlows('');
        this.actor?.send({ type: 'timeline.load', total: 0 });
        return;
      }
      this.flows = loaded.flows;
      this.flow = loaded.view;
      this.fillFlows(loaded.view.id);
      this.actor?.send({ type: 'timeline.load', total: loaded.view.steps.length });
      if (speak) announce(`Flow chosen: ${loaded.view.label}.`);
    } catch (error) {
      if (request !== this.request) return;
      this.actor?.send({ type: 'timeline.failed', error: `The simulator could not show this connection: ${(error as Error).message}` });
    }
  }

  private fillFlows(chosen: string): void {
    const select = this.querySelector<HTMLSelectElement>('select[data-flow-select]');
    if (!select) return;
    select.replaceChildren(
      ...this.flows.map((f) => {
        const option = document.createElement('option');
        option.value = f.id;
        option.textContent = f.label;
        option.selected = f.id === chosen;
        return option;
      }),
    );
    select.disabled = this.flows.length < 2;
  }

  private act(action: string): void {
    const type = ACTIONS[action as keyof typeof ACTIONS];
    if (!type) return;
    const before = this.actor?.getSnapshot().context.index;
    this.actor?.send({ type });
    if (this.actor?.getSnapshot().context.index !== before) this.render(true);
  }

  private render(speak: boolean): void {
    const snapshot = this.actor?.getSnapshot();
    if (!snapshot) return;
    const error = this.querySelector<HTMLElement>('[data-error]');
    const counter = this.querySelector('[data-step-counter]');
    const buttons = (name: string) => this.querySelector<HTMLButtonElement>(`button[data-action="${name}"]`);
    if (error) {
      error.hidden = !snapshot.matches('failed');
      error.textContent = snapshot.context.error ?? '';
    }
    if (snapshot.matches('loading') || snapshot.matches('failed')) {
      if (counter) counter.textContent = snapshot.matches('failed') ? 'Not available' : 'Loading the connection…';
      for (const n of Object.keys(ACTIONS)) buttons(n)!.disabled = true;
      return;
    }
    const flow = this.flow;
    if (!flow || snapshot.matches('empty')) {
      if (counter) counter.textContent = this.dataset.emptyText ?? 'This flow has no packets';
      for (const n of Object.keys(ACTIONS)) buttons(n)!.disabled = true;
      return;
    }
    const { index, total } = snapshot.context;
    const step = flow.steps[index]!;
    this.dataset.proto = flow.proto;
    if (counter) counter.textContent = index === 0 ? `Start (${total - 1} steps)` : `Step ${index} of ${total - 1}`;
    const focused = document.activeElement;
    const atStart = index === 0;
    const atEnd = index >= total - 1;
    buttons('first')!.disabled = atStart;
    buttons('prev')!.disabled = atStart;
    buttons('next')!.disabled = atEnd;
    buttons('last')!.disabled = atEnd;
    // A button disabled under the keyboard would drop focus to <body>: move it to the other way.
    if (focused instanceof HTMLButtonElement && this.contains(focused) && focused.disabled) {
      (atEnd ? buttons('prev') : buttons('next'))?.focus();
    }
    const title = this.querySelector('[data-step-title]');
    if (title) title.textContent = step.title;
    const prefix = this.id || 'conn';
    for (const side of ['client', 'server'] as const) {
      const panel = this.querySelector(`[data-end="${side}"]`);
      if (panel) renderEnd(panel, flow.proto, side, step[side], prefix);
    }
    const wire = this.querySelector('[data-wire]');
    if (wire) renderWire(wire, step);
    const ct = this.querySelector('[data-conntrack]');
    if (ct) renderConntrack(ct, step.conntrack, flow.proto);
    const notes = this.querySelector<HTMLElement>('[data-notes]');
    if (notes) {
      notes.hidden = flow.notes.length === 0;
      notes.replaceChildren(...(flow.notes.length ? withCode(`How the simulator models this: ${flow.notes.join(' ')}`) : []));
    }
    if (speak) announce(`${index === 0 ? 'Start' : `Step ${index} of ${total - 1}`}. ${describeStep(flow, step)}`);
  }
}

if (!customElements.get('pp-connection-view')) customElements.define('pp-connection-view', ConnectionViewElement);
