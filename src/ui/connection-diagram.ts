// The TCP state diagram of one socket, as SVG markup (a string, so the Astro component draws it
// at build time and the <ConnectionView> island redraws it in the browser from the same code).
// The states are the ones `ss` names; the socket's current state is lit (thick outline, bold
// name, a "now" tag) and the transition the packet caused is drawn as a thick dashed arrow from
// the state before (dashed outline) to the state after: shape and weight carry the meaning,
// colour only repeats it.

export const TCP_STATES = [
  'CLOSED',
  'LISTEN',
  'SYN-SENT',
  'SYN-RECV',
  'ESTAB',
  'FIN-WAIT-1',
  'FIN-WAIT-2',
  'CLOSE-WAIT',
  'CLOSING',
  'LAST-ACK',
  'TIME-WAIT',
] as const;

export type TcpStateName = (typeof TCP_STATES)[number];

const WIDTH = 264;
const HEIGHT = 322;
const NODE_W = 82;
const NODE_H = 26;
const COL = [46, 132, 218] as const;
const ROW = (r: number): number => 18 + r * 46;

/** Where each state sits: the handshake at the top, the two ways to close below. */
const POSITION: Record<TcpStateName, readonly [number, number]> = {
  CLOSED: [COL[1], ROW(0)],
  LISTEN: [COL[0], ROW(1)],
  'SYN-SENT': [COL[2], ROW(1)],
  'SYN-RECV': [COL[0], ROW(2)],
  ESTAB: [COL[1], ROW(3)],
  'FIN-WAIT-1': [COL[0], ROW(4)],
  'CLOSE-WAIT': [COL[2], ROW(4)],
  'FIN-WAIT-2': [COL[0], ROW(5)],
  CLOSING: [COL[1], ROW(5)],
  'LAST-ACK': [COL[2], ROW(5)],
  'TIME-WAIT': [COL[1], ROW(6)],
};

/** The usual transitions (RFC 9293's diagram, as Linux takes them), drawn thin. */
const EDGES: readonly (readonly [TcpStateName, TcpStateName])[] = [
  ['CLOSED', 'LISTEN'],
  ['CLOSED', 'SYN-SENT'],
  ['LISTEN', 'SYN-RECV'],
  ['SYN-SENT', 'ESTAB'],
  ['SYN-RECV', 'ESTAB'],
  ['ESTAB', 'FIN-WAIT-1'],
  ['ESTAB', 'CLOSE-WAIT'],
  ['FIN-WAIT-1', 'FIN-WAIT-2'],
  ['FIN-WAIT-1', 'CLOSING'],
  ['FIN-WAIT-2', 'TIME-WAIT'],
  ['CLOSING', 'TIME-WAIT'],
  ['CLOSE-WAIT', 'LAST-ACK'],
];

export function isTcpState(name: string | undefined): name is TcpStateName {
  return name !== undefined && (TCP_STATES as readonly string[]).includes(name);
}

/** The point where the segment from a's centre towards b's centre leaves a's box. */
function border(a: readonly [number, number], b: readonly [number, number], pad = 0): [number, number] {
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  if (dx === 0 && dy === 0) return [ax, ay];
  const sx = dx === 0 ? Infinity : (NODE_W / 2 + pad) / Math.abs(dx);
  const sy = dy === 0 ? Infinity : (NODE_H / 2 + pad) / Math.abs(dy);
  const s = Math.min(sx, sy);
  return [ax + dx * s, ay + dy * s];
}

const r1 = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * The path of a transition from `from` to `to`. Going back up the diagram (LAST-ACK or TIME-WAIT
 * to CLOSED, a reset to LISTEN) bends around the side so it does not cross the other states.
 */
function transitionPath(from: TcpStateName, to: TcpStateName): string {
  const a = POSITION[from];
  const b = POSITION[to];
  if (b[1] < a[1] && Math.abs(b[1] - a[1]) > 46) {
    // Around the outside: right-hand states go up the right edge, the others up the left one.
    const side = a[0] > COL[1] || (a[0] === COL[1] && b[0] >= COL[1]) ? WIDTH - 3 : 3;
    const start: [number, number] = [a[0] + (side > WIDTH / 2 ? NODE_W / 2 : -NODE_W / 2), a[1]];
    const end: [number, number] = [b[0] + (side > WIDTH / 2 ? NODE_W / 2 : -NODE_W / 2) + (side > WIDTH / 2 ? 4 : -4), b[1]];
    return `M${r1(start[0])},${r1(start[1])} C${side},${r1(start[1])} ${side},${r1(end[1])} ${r1(end[0])},${r1(end[1])}`;
  }
  const s = border(a, b, 1);
  const e = border(b, a, 2);
  return `M${r1(s[0])},${r1(s[1])} L${r1(e[0])},${r1(e[1])}`;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface DiagramOptions {
  /** The socket's state now (undefined: nothing lit, e.g. before the data is here). */
  readonly current?: string;
  /**
   * The states the packet moved the socket through, the one before first and `current` last
   * (one segment can make two moves: FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT); empty: no change.
   */
  readonly path?: readonly string[];
  /** The accessible name of the drawing. */
  readonly label: string;
  /** A prefix for the arrowhead's id, unique in the page. */
  readonly idPrefix: string;
}

/** The diagram as SVG markup. States outside the list are ignored (nothing lit). */
export function tcpStateDiagram({ current, path = [], label, idPrefix }: DiagramOptions): string {
  const now = isTcpState(current) ? current : undefined;
  const moves = path.filter(isTcpState);
  const before = moves.length > 1 && moves[0] !== now ? moves[0] : undefined;
  const passed = new Set(moves.slice(1, -1));
  const marker = `${idPrefix}-arrow`;
  const parts: string[] = [];
  parts.push(
    `<svg class="tcp-diagram" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${esc(label)}" preserveAspectRatio="xMidYMin meet">`,
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="tcp-arrowhead"/></marker></defs>`,
  );
  for (const [a, b] of EDGES) {
    const s = border(POSITION[a], POSITION[b]);
    const e = border(POSITION[b], POSITION[a]);
    parts.push(`<line class="tcp-edge" x1="${r1(s[0])}" y1="${r1(s[1])}" x2="${r1(e[0])}" y2="${r1(e[1])}"/>`);
  }
  for (const state of TCP_STATES) {
    const [x, y] = POSITION[state];
    const cls = ['tcp-state', state === now ? 'is-current' : '', state === before || (passed.has(state) && state !== now) ? 'is-previous' : ''].filter(Boolean).join(' ');
    parts.push(
      `<g class="${cls}" data-state="${state}"><rect x="${x - NODE_W / 2}" y="${y - NODE_H / 2}" width="${NODE_W}" height="${NODE_H}" rx="5"/>`,
      `<text x="${x}" y="${y + 4}" text-anchor="middle">${state}</text></g>`,
    );
  }
  if (before && now) {
    for (let i = 1; i < moves.length; i++) {
      if (moves[i - 1] === moves[i]) continue;
      parts.push(`<path class="tcp-transition" d="${transitionPath(moves[i - 1]!, moves[i]!)}" marker-end="url(#${marker})"/>`);
    }
  }
  if (now) {
    // A "now" tag beside the lit state: the current state is told by a word, not only by colour.
    const [x, y] = POSITION[now];
    const left = x > WIDTH / 2;
    const tx = left ? x - NODE_W / 2 - 2 : x + NODE_W / 2 + 2;
    parts.push(`<text class="tcp-now" x="${tx}" y="${y - NODE_H / 2 - 3}" text-anchor="${left ? 'end' : 'start'}">now</text>`);
  }
  parts.push('</svg>');
  return parts.join('');
}
