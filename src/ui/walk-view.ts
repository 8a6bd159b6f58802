// How a packet walk is shown, shared by the lessons' <PacketWalk> island and the playground's
// walk: which element of the packet-flow diagram (<PacketFlow />) each trace step stands for,
// the marks on the topology and the diagram for the current step, and the step's details.

import { deviceOf, type TraceEvent } from '../net/trace.ts';
import type { PacketWalk, Topology, WalkStep } from '../lab/lab-model.ts';
import { describeWalkStep, flowLayersOf } from '../lab/walk-step.ts';

const MARKS = ['is-active', 'is-visited', 'is-dropped'];

/** The packet-flow element a step stands for, as a CSS selector (undefined: none). */
function flowSelector(step: TraceEvent, inBridgeLayer: boolean, isPort: boolean, isBridge: boolean): string | undefined {
  switch (step.step) {
    case 'receive':
      // The first tap (before any hook) is any device's own receive; the second one is a
      // bridge device receiving what its port passed up (after br_netfilter's PREROUTING).
      return `[data-hook="INGRESS"][data-tap="${isBridge ? 'device' : 'port'}"]`;
    case 'transmit':
      return '[data-hook="EGRESS"]';
    case 'bridge':
      return isBridge || isPort ? '[data-hook="BRIDGE"]' : undefined;
    case 'route':
      return `[data-step="route"][data-route="${step.note.startsWith('namespace ') ? 'output' : 'input'}"]`;
    case 'deliver':
      return '[data-step="local"]';
    case 'hook':
    case 'rule':
    case 'policy':
    case 'conntrack':
    case 'nat':
      if (step.hook === 'PREROUTING') return `[data-hook="PREROUTING"][data-layer="${inBridgeLayer ? 'bridge' : 'ip'}"]`;
      return `[data-hook="${step.hook}"]`;
    default:
      return undefined;
  }
}

/** Per step of a walk, the flow element it lights up (br_netfilter's bridge layer or the IP layer). */
export function flowSelectors(steps: readonly TraceEvent[], topology: Topology): (string | undefined)[] {
  const device = (ns: string, dev?: string) => topology.namespaces.find((n) => n.name === ns)?.devices.find((d) => d.name === dev);
  let inBridgeLayer = false;
  return steps.map((step) => {
    const isPort = !!device(step.ns, deviceOf(step))?.master;
    const isBridge = device(step.ns, deviceOf(step))?.kind === 'bridge';
    if (step.step === 'bridge' && step.hook === 'BRIDGE' && isPort) inBridgeLayer = true;
    else if (step.step === 'receive' || step.step === 'transmit' || step.step === 'route') inBridgeLayer = false;
    return flowSelector(step, inBridgeLayer, isPort, isBridge);
  });
}

function highlight(scope: ParentNode, selector: string | undefined, mark: string): void {
  if (!selector) return;
  for (const el of scope.querySelectorAll(selector)) el.classList.add(mark);
}

/** Removes every walk mark inside `scopes`. */
export function clearWalkMarks(scopes: readonly ParentNode[]): void {
  for (const scope of scopes) for (const el of scope.querySelectorAll(MARKS.map((m) => `.${m}`).join(','))) el.classList.remove(...MARKS);
}

export interface WalkMarks {
  readonly walk: PacketWalk;
  readonly index: number;
  /** flowSelectors() of the walk. */
  readonly flow: readonly (string | undefined)[];
  /** Topology drawings (devices by data-dev="ns/dev", namespaces by data-ns). */
  readonly drawings: readonly ParentNode[];
  /** Packet-flow diagrams. */
  readonly flows: readonly ParentNode[];
}

/**
 * Marks step `index`: the devices the packet has crossed (the current one active), its
 * namespace, and on the diagram the hooks met earlier in this namespace and the current one (or,
 * for a drop, the last element reached, marked dropped).
 */
export function markWalkStep({ walk, index, flow, drawings, flows }: WalkMarks): void {
  clearWalkMarks([...drawings, ...flows]);
  const step = walk.steps[index];
  if (!step) return;
  for (let i = 0; i < index; i++) {
    if (walk.steps[i]!.ns !== step.ns) continue;
    for (const f of flows) highlight(f, flow[i], 'is-visited');
  }
  for (const d of drawings) {
    for (let i = 0; i <= index; i++) {
      const s = walk.steps[i]!;
      const dev = deviceOf(s);
      if (dev) highlight(d, `[data-dev="${CSS.escape(`${s.ns}/${dev}`)}"]`, i === index ? 'is-active' : 'is-visited');
    }
    highlight(d, `[data-ns="${CSS.escape(step.ns)}"]`, 'is-active');
  }
  const dropped = step.step === 'drop';
  const selector = dropped ? flow.slice(0, index).reverse().find((s) => s !== undefined) : flow[index];
  for (const f of flows) highlight(f, selector, dropped ? 'is-dropped' : 'is-active');
}

/**
 * Shows a step: its headline in `headline` (the walk's control bar, kept on screen with the
 * buttons; without one, the headline opens `view`) and its facts as a list in `view`.
 * Returns the headline (what is announced).
 */
export function showStep(step: WalkStep, view: HTMLElement, headline: Element | null): string {
  const { headline: text, rows } = describeWalkStep(step);
  const dl = document.createElement('dl');
  for (const [term, value] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.append(...withRule(value, step.ruleText));
    dl.append(dt, dd);
  }
  if (headline) {
    headline.classList.remove('walk-intro');
    headline.replaceChildren(...withRule(text, step.ruleText));
    view.replaceChildren(dl);
  } else {
    const note = document.createElement('p');
    note.className = 'walk-note';
    note.append(...withRule(text, step.ruleText));
    view.replaceChildren(note, dl);
  }
  view.hidden = false;
  return text;
}

/**
 * `text` with the rule in it as code whose options never break from their values
 * ("-o eth2" stays on one line); copying it gives plain spaces.
 */
function withRule(text: string, rule: string | undefined): (string | Node)[] {
  const at = rule ? text.indexOf(rule) : -1;
  if (!rule || at < 0) return [text];
  const code = document.createElement('code');
  code.className = 'walk-rule';
  const words = rule.split(' ');
  const groups: string[] = [];
  for (const w of words) {
    // A value goes with the option before it, an option with a "!" before it.
    const last = groups.at(-1);
    if (last !== undefined && (last === '!' || (!w.startsWith('-') && w !== '!'))) groups[groups.length - 1] = `${last} ${w}`;
    else groups.push(w);
  }
  groups.forEach((g, i) => {
    if (i) code.append(' ');
    code.append(Object.assign(document.createElement('span'), { textContent: g }));
  });
  return [text.slice(0, at), code, text.slice(at + rule.length)].filter((part) => part !== '');
}

/** Shows only the diagram variant (figure[data-flow-layers]) that draws this topology's layers. */
export function showFlowLayers(flows: readonly HTMLElement[], topology: Topology): void {
  if (flows.length < 2) return;
  const layers = flowLayersOf(topology);
  for (const f of flows) f.hidden = f.dataset['flowLayers'] !== layers;
}

/** Is all of `el` between `top` and the bottom of the viewport? */
function inSight(el: Element, top: number): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= top && r.bottom <= window.innerHeight;
}

/**
 * Runs `mark` (which moves the highlight on the diagram) and keeps it in sight: when the lit
 * element is off screen, the page scrolls just enough to show it below the sticky `bar` (which
 * holds the buttons and the step's headline), so the buttons, the step and the lit hook are on
 * screen together, also at phone width where the diagram is below the topology.
 */
export function followHighlight(flows: readonly ParentNode[], bar: Element | null, mark: () => void): void {
  mark();
  const after = flows.map((f) => f.querySelector('.is-active, .is-dropped')).find((el): el is Element => !!el && (el as Element).getClientRects().length > 0);
  if (!after) return;
  const top = bar ? bar.getBoundingClientRect().bottom : 0;
  if (inSight(after, top)) return;
  const r = after.getBoundingClientRect();
  const margin = 12;
  const delta = r.top < top ? r.top - top - margin : r.bottom - window.innerHeight + margin;
  // At once, not smoothly: a smooth scroll still running when the next step comes stops short.
  window.scrollBy({ top: delta, behavior: 'instant' });
}
