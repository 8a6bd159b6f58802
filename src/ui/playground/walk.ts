// The playground's packet walk: step forward and back through a chosen packet's trace, as the
// lessons' <PacketWalk> does (src/ui/islands/packet-walk.ts): the device and namespace light up
// on the topology, the hook on the packet-flow diagram (rendered once in the page by
// <PacketFlow />, one figure per set of layers: the one this run's topology has is shown), and
// the step's facts are listed: conntrack's lookup, the NAT decision, the rule's text, the drop reason. The walk machine (walk.machine.ts) owns the index.

import { createActor } from 'xstate';
import { walkMachine } from '../../machines/walk.machine.ts';
import type { PacketWalk, Topology } from '../../lab/lab-model.ts';
import { announce } from '../announce.ts';
import { clearWalkMarks, flowSelectors, followHighlight, markWalkStep, showFlowLayers, showStep } from '../walk-view.ts';

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

  function choose(packet: PacketWalk | undefined): void {
    walk = packet;
    flow = flowSelectors(packet?.steps ?? [], topology);
    actor.send({ type: 'walk.load', total: packet?.steps.length ?? 0 });
  }

  function render(speak: boolean): void {
    const { index, total } = actor.getSnapshot().context;
    const drawings = [...root.querySelectorAll('[data-walk-topology]')];
    const flows = [...root.querySelectorAll('[data-packet-flow]')];
    prev.disabled = !walk || index === 0;
    next.disabled = !walk || index >= total - 1;
    if (!walk || total === 0) {
      clearWalkMarks([...drawings, ...flows]);
      counter.textContent = 'No step';
      return;
    }
    const step = walk.steps[index]!;
    counter.textContent = `Step ${index + 1} of ${total}`;
    const mark = () => markWalkStep({ walk: walk!, index, flow, drawings, flows });
    if (speak) followHighlight(flows, root.querySelector('[data-walk-bar]'), mark);
    else mark();
    const caption = root.querySelector('[data-flow-ns]');
    if (caption) caption.textContent = `namespace ${step.ns}`;
    const headline = showStep(step, view, root.querySelector('[data-step-headline]'));
    if (speak) announce(`Step ${index + 1} of ${total}. ${headline}`);
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
      showFlowLayers([...root.querySelectorAll<HTMLElement>('[data-packet-flow]')], topo);
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
      if (!list.length) {
        const none = 'This run sent no packet: add a ping (or nc) to the script to have one to walk.';
        const headline = root.querySelector('[data-step-headline]');
        if (headline) {
          headline.textContent = none;
          view.hidden = true;
        } else {
          view.replaceChildren(Object.assign(document.createElement('p'), { className: 'walk-note', textContent: none }));
        }
      }
      render(false);
    },
  };
}
