// How one step of a connection is shown, shared by the lessons' <ConnectionView> island and the
// playground's view: both ends' sockets (a TCP state diagram, or for UDP and ICMP the words that
// there is no connection state), the packet on the wire, and each namespace's conntrack entry.
// The island fills the markup src/components/ConnectionView.astro renders (and the playground
// builds the same markup with connectionViewMarkup below).

import { isTcpState, tcpStateDiagram } from './connection-diagram.ts';

export type FlowProto = 'tcp' | 'udp' | 'icmp';

/** One end of the flow at one step. */
export interface ViewEnd {
  /** The namespace the end lives in. */
  readonly ns: string;
  /** "10.0.0.1:45678" (or "10.0.0.1" for ICMP). */
  readonly address: string;
  /**
   * The socket's state as `ss` names it after the step; CLOSED: no socket of this flow here
   * (ss lists nothing); NONE: no TCP or UDP socket at all (ping).
   */
  readonly state: string;
  /** The states the step moved it through, the one before first (empty: unchanged). */
  readonly path: readonly string[];
  /** What made it change, in a few words ("received SYN-ACK, sent ACK"). */
  readonly why?: string;
}

/** One namespace's conntrack entry for the flow at one step. */
export interface ViewConntrack {
  readonly ns: string;
  /** What the step did to the entry. */
  readonly change: 'none' | 'created' | 'updated' | 'unchanged' | 'destroyed';
  /** How `-m conntrack --ctstate` classed the packet here: NEW, ESTABLISHED, RELATED, INVALID. */
  readonly ctstate?: string;
  /** TCP state (SYN_SENT, ESTABLISHED, ...), absent for UDP/ICMP or with no entry. */
  readonly state?: string;
  readonly unreplied: boolean;
  readonly assured: boolean;
  /** Seconds, as conntrack -L shows them. */
  readonly timeout?: number;
  /** The line `conntrack -L` would print. */
  readonly line?: string;
  /** Which of state/unreplied/assured/timeout the packet changed. */
  readonly changed?: readonly string[];
}

export interface ViewStep {
  /** "Before the first packet", "SYN: 10.0.0.1.40000 > 10.0.0.2.80: Flags [S] ..." */
  readonly title: string;
  /** Seconds since the scenario's start, as tcpdump's clock shows it. */
  readonly time?: string;
  readonly wire?: {
    readonly line: string;
    /** "client -> server" direction of the packet. */
    readonly toServer: boolean;
    /** Where it was seen ("client eth0"). */
    readonly seenAt?: string;
  };
  /** What became of it ("delivered to server's socket", "dropped in web's INPUT"). */
  readonly fate?: string;
  readonly dropped?: boolean;
  readonly client: ViewEnd;
  readonly server: ViewEnd;
  readonly conntrack: readonly ViewConntrack[];
}

export interface ViewFlow {
  /** What the flow selector sends back (the engine's flow key). */
  readonly id: string;
  /** "TCP 10.0.0.1:45678 -> 10.0.0.2:80". */
  readonly label: string;
  readonly proto: FlowProto;
  readonly steps: readonly ViewStep[];
  /** What the engine models on an assumption for this flow (said on the page). */
  readonly notes: readonly string[];
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The words for a socket that has no TCP state. */
export function statelessWords(proto: FlowProto, side: 'client' | 'server'): string {
  if (proto === 'icmp') {
    return side === 'client'
      ? 'No connection state: ping\'s socket sends a request and takes any reply with its id.'
      : 'No socket at all: the kernel itself answers an echo request, and no socket keeps a record of it.';
  }
  return 'No connection state: UDP sends each datagram on its own, and no packet changes a UDP socket.';
}

function changed(end: ViewEnd): boolean {
  return end.path.length > 1 && end.path[0] !== end.state;
}

/** Fills one end's panel: the state line and the diagram (TCP), or the stateless note. */
export function renderEnd(panel: Element, proto: FlowProto, side: 'client' | 'server', end: ViewEnd, idPrefix: string): void {
  const where = panel.querySelector('[data-where]');
  if (where) where.textContent = `${end.ns} ${end.address}`;
  const text = panel.querySelector('[data-state-text]');
  if (text) {
    const parts: Node[] = [];
    if (end.state === 'NONE') parts.push(document.createTextNode('ss -tan / -uan: no socket listed'));
    else if (end.state === 'CLOSED') parts.push(document.createTextNode('ss: no socket (CLOSED)'));
    else parts.push(document.createTextNode('ss: '), el('strong', undefined, end.state));
    if (changed(end)) {
      parts.push(document.createTextNode(' '), el('span', 'conn-changed', `was ${end.path.slice(0, -1).join(', then ')}${end.why ? `: ${end.why}` : ''}`));
    }
    text.replaceChildren(...parts);
  }
  const drawing = panel.querySelector('[data-diagram]');
  if (!drawing) return;
  if (proto === 'tcp') {
    const label = `${side} socket: ${end.state}${changed(end) ? `, was ${end.path[0]}` : ', unchanged'}`;
    drawing.className = 'conn-diagram';
    // Our own markup, from the fixed list of state names (anything else is not drawn).
    drawing.innerHTML = tcpStateDiagram({ current: end.state, path: changed(end) ? end.path : [], label, idPrefix: `${idPrefix}-${side}` });
  } else {
    drawing.className = 'conn-stateless';
    drawing.replaceChildren(el('p', undefined, statelessWords(proto, side)));
  }
}

/** Fills the wire panel. */
export function renderWire(panel: Element, step: ViewStep): void {
  const arrow = panel.querySelector('[data-arrow]');
  const line = panel.querySelector('[data-wire-line]');
  const fate = panel.querySelector<HTMLElement>('[data-fate]');
  const seen = panel.querySelector('[data-seen]');
  if (arrow) {
    // Side by side the client is on the left; stacked (a phone) it is above: CSS shows one arrow.
    const [wide, narrow] = step.wire ? (step.wire.toServer ? ['→', '↓'] : ['←', '↑']) : ['·', '·'];
    const a = el('span', 'conn-arrow-wide', wide);
    const b = el('span', 'conn-arrow-narrow', narrow);
    a.setAttribute('aria-hidden', 'true');
    b.setAttribute('aria-hidden', 'true');
    arrow.replaceChildren(a, b, el('span', 'visually-hidden', step.wire ? (step.wire.toServer ? 'client to server' : 'server to client') : 'no packet yet'));
  }
  if (line) line.textContent = step.wire?.line ?? 'Nothing has been sent yet.';
  if (seen) seen.textContent = step.wire ? `${step.time ? `t = ${step.time} s, ` : ''}${step.wire.seenAt ? `seen on ${step.wire.seenAt}` : 'no capture of the scenario saw it (the engine\'s summary of the packet)'}` : '';
  if (fate) {
    fate.textContent = step.fate ?? '';
    fate.classList.toggle('is-dropped', !!step.dropped);
  }
}

/** Fills the conntrack panel. */
export function renderConntrack(panel: Element, entries: readonly ViewConntrack[], proto: FlowProto): void {
  const list = panel.querySelector('[data-ct-list]');
  if (!list) return;
  if (entries.length === 0) {
    list.replaceChildren(el('li', undefined, 'No namespace here tracks this flow: none has a rule that needs conntrack.'));
    return;
  }
  list.replaceChildren(
    ...entries.map((e) => {
      const li = el('li');
      const head = el('div', 'conn-ct-head');
      head.append(el('span', undefined, `${e.ns}:`));
      const changed = new Set(e.changed ?? []);
      const chip = (text: string, key: string): HTMLElement => {
        const c = el('span', `conn-chip${changed.has(key) ? ' is-changed' : ''}`, text);
        if (changed.has(key)) c.title = 'changed by this packet';
        return c;
      };
      if (e.ctstate) head.append(el('span', 'conn-chip', `--ctstate ${e.ctstate}`));
      if (e.change === 'none' || (e.change === 'destroyed' && !e.line)) {
        head.append(el('span', undefined, e.change === 'destroyed' ? 'entry gone' : 'no entry'));
      } else {
        head.append(el('span', 'conn-changed', ({ created: 'created', updated: 'updated', unchanged: 'unchanged', destroyed: 'destroyed', none: '' } as const)[e.change]));
        if (proto === 'tcp' && e.state) head.append(chip(e.state, 'state'));
        head.append(chip(e.unreplied ? '[UNREPLIED]' : 'replied', 'unreplied'));
        if (e.assured) head.append(chip('[ASSURED]', 'assured'));
        if (e.timeout !== undefined) head.append(chip(`${e.timeout} s`, 'timeout'));
      }
      li.append(head);
      if (e.line) li.append(el('code', 'conn-ct-line', e.line));
      return li;
    }),
  );
}

/** Text with `code` spans (the engine's notes) as nodes. */
export function withCode(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? el('code', undefined, part) : document.createTextNode(part)));
}

/** One sentence for screen readers about step `step`. */
export function describeStep(flow: ViewFlow, step: ViewStep): string {
  const end = (name: string, e: ViewEnd): string => {
    if (flow.proto !== 'tcp') return '';
    if (changed(e)) return `${name} socket ${e.path.join(' to ')}.`;
    return `${name} socket ${e.state}, unchanged.`;
  };
  const ct = step.conntrack
    .map((c) => `conntrack in ${c.ns}:${c.ctstate ? ` packet ${c.ctstate},` : ''} ${c.change === 'none' ? 'no entry' : `entry ${c.change}${c.state ? ` ${c.state}` : ''}${c.unreplied ? ' UNREPLIED' : ''}${c.assured ? ' ASSURED' : ''}`}.`)
    .join(' ');
  return [step.title + '.', step.wire?.line ?? '', step.fate ?? '', end('Client', step.client), end('Server', step.server), ct].filter(Boolean).join(' ');
}
