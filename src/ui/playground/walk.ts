// The playground's packet walk: step forward and back through a chosen packet's trace, as the
// lessons' <PacketWalk> does (src/ui/islands/packet-walk.ts): the device and namespace light up
// on the topology, the hook on the packet-flow diagram (rendered once in the page by
// <PacketFlow />), and the step's table, chain, rule, verdict, conntrack state and the packet
// before and after NAT are listed. The walk machine (walk.machine.ts) owns the index.

import { createActor } from 'xstate';
import { walkMachine } from '../../machines/walk.machine.ts';
import type { TraceEvent } from '../../net/trace.ts';
import type { PacketWalk, Topology } from '../lab-model.ts';
import { announce } from '../announce.ts';
import { flowSelector } from '../walk-flow.ts';

const MARKS = ['is-active', 'is-visited', 'is-dropped'];


export interface WalkView {
  /** Show a new run's packets (none: the walk says there is nothing to walk). */
  load(packets: readonly PacketWalk[], topology: Topology): void;
}

/**
 * Wires the walk inside `root`: a select [data-packet-select], buttons [data-action=prev|next],
 * [data-step-counter], [data-step-view], the topology drawing in [data-walk-topology] (highlighted
 * through data-dev / data-ns), the packet-flow figure [data-packet-flow] and [data-flow-ns].
 */
export function mountWalk(root: HTMLElement): WalkView {
  const actor = createActor(walkMachine, { input: { total: 0 } });
  let packets: readonly PacketWalk[] = [];
  let walk: PacketWalk | undefined;
  let topology: Topology = { namespaces: [], links: [] };
  let flow: (string | undefined)[] = [];
  const select = root.querySelector<HTMLSelectElement>('select[data-packet-select]')!;
  const prev = root.querySelector<HTMLButtonElement>('button[data-action="prev"]')!;
  const next = root.querySelector<HTMLButtonElement>('button[data-action="next"]')!;
  const counter = root.querySelector<HTMLElement>('[data-step-counter]')!;
  const view = root.querySelector<HTMLElement>('[data-step-view]')!;

  const device = (ns: string, dev?: string) => topology.namespaces.find((n) => n.name === ns)?.devices.find((d) => d.name === dev);

  function choose(packet: PacketWalk | undefined): void {
    walk = packet;
    let inBridgeLayer = false;
    flow = (packet?.steps ?? []).map((step) => {
      const isPort = !!device(step.ns, step.dev)?.master;
      const isBridge = device(step.ns, step.dev)?.kind === 'bridge';
      if (step.step === 'bridge' && step.hook === 'BRIDGE' && isPort) inBridgeLayer = true;
      else if (step.step === 'receive' || step.step === 'transmit' || step.step === 'route') inBridgeLayer = false;
      return flowSelector(step, inBridgeLayer, isPort, isBridge);
    });
    actor.send({ type: 'walk.load', total: packet?.steps.length ?? 0 });
  }

  function highlight(scope: ParentNode, selector: string | undefined, mark: string): void {
    if (!selector) return;
    for (const el of scope.querySelectorAll(selector)) el.classList.add(mark);
  }

  function render(speak: boolean): void {
    const { index, total } = actor.getSnapshot().context;
    const drawings = [...root.querySelectorAll('[data-walk-topology]')];
    const flows = [...root.querySelectorAll('[data-packet-flow]')];
    for (const scope of [...drawings, ...flows]) for (const el of scope.querySelectorAll(MARKS.map((m) => `.${m}`).join(','))) el.classList.remove(...MARKS);
    prev.disabled = !walk || index === 0;
    next.disabled = !walk || index >= total - 1;
    if (!walk || total === 0) {
      counter.textContent = 'No step';
      return;
    }
    const step = walk.steps[index]!;
    counter.textContent = `Step ${index + 1} of ${total}`;
    for (let i = 0; i < index; i++) {
      if (walk.steps[i]!.ns !== step.ns) continue;
      for (const f of flows) highlight(f, flow[i], 'is-visited');
    }
    for (const d of drawings) {
      for (let i = 0; i <= index; i++) {
        const s = walk.steps[i]!;
        if (s.dev) highlight(d, `[data-dev="${CSS.escape(`${s.ns}/${s.dev}`)}"]`, i === index ? 'is-active' : 'is-visited');
      }
      highlight(d, `[data-ns="${CSS.escape(step.ns)}"]`, 'is-active');
    }
    const dropped = step.step === 'drop';
    const selector = dropped ? flow.slice(0, index).reverse().find((s) => s !== undefined) : flow[index];
    for (const f of flows) highlight(f, selector, dropped ? 'is-dropped' : 'is-active');
    const caption = root.querySelector('[data-flow-ns]');
    if (caption) caption.textContent = `namespace ${step.ns}`;

    const rows: [string, string][] = [['Where', `namespace ${step.ns}${step.dev ? `, device ${step.dev}` : ''}`]];
    if (step.hook && step.hook !== 'INGRESS' && step.hook !== 'EGRESS') rows.push(['Hook', step.hook]);
    if (step.table) rows.push(['Table and chain', `${step.table} ${step.chain ?? ''}${step.rule ? `, rule ${step.rule}` : ''}`]);
    if (step.ruleText) rows.push(['Rule', step.ruleText]);
    if (step.verdict) rows.push(['Verdict', step.verdict]);
    if (step.ctState) rows.push(['Conntrack', step.ctState]);
    if (step.before) rows.push(['Before NAT', step.before]);
    rows.push([step.before ? 'After NAT' : 'Packet', step.summary]);
    if (step.reason) rows.push(['Dropped', step.reason]);
    const note = document.createElement('p');
    note.className = 'walk-note';
    note.textContent = step.note;
    const dl = document.createElement('dl');
    for (const [term, value] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dl.append(dt, dd);
    }
    view.replaceChildren(note, dl);
    if (speak) announce(`Step ${index + 1} of ${total}. ${step.note}`);
  }

  actor.subscribe(() => render(false));
  actor.start();

  const act = (action: string): void => {
    const type = ({ next: 'user.next', prev: 'user.prev', first: 'user.first', last: 'user.last' } as const)[action as 'next'];
    if (!type || !walk) return;
    actor.send({ type });
    render(true);
  };
  root.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-action]');
    if (button) act(button.dataset['action'] ?? '');
  });
  root.addEventListener('keydown', (event) => {
    if ((event.target as Element).closest('select, input, textarea')) return;
    const action = ({ ArrowRight: 'next', ArrowLeft: 'prev', Home: 'first', End: 'last' } as Record<string, string>)[event.key];
    if (action) {
      event.preventDefault();
      act(action);
    }
  });
  select.addEventListener('change', () => {
    const packet = packets.find((p) => String(p.packet) === select.value);
    choose(packet);
    render(false);
    announce(`Packet chosen: ${packet?.summary ?? ''}. ${packet?.steps.length ?? 0} steps.`);
  });

  return {
    load(list, topo) {
      packets = list;
      topology = topo;
      select.replaceChildren(
        ...list.map((p) => {
          const option = document.createElement('option');
          option.value = String(p.packet);
          option.textContent = `#${p.packet} ${p.summary}`;
          return option;
        }),
      );
      select.disabled = list.length === 0;
      choose(list[0]);
      if (!list.length) view.replaceChildren(Object.assign(document.createElement('p'), { className: 'walk-note', textContent: 'This run sent no packet: add a ping (or nc) to the script to have one to walk.' }));
      render(false);
    },
  };
}
