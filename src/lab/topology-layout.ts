// Computes the drawing of a lab's topology (namespaces, devices, bridges with their ports, veth
// links) from the lab model, for an inline SVG. Pure: no DOM, no Astro; the same input always
// gives the same drawing.
//
// The shape: one namespace is the hub (the one with the most veth links to other namespaces,
// `default` on a tie). Its devices are rows, a bridge is a box holding its ports. Every other
// namespace hangs off the hub device its veth pair reaches, in a side column, with its peer
// device on the same row as the hub's end when possible; namespaces further away (a router
// behind a router) stack under their parent in the same column. Two modes:
//   narrow: hub on the left, every other namespace in one column on its right (fits ~340 units);
//   wide:   the first group of neighbours (say, the containers behind a bridge) on the left,
//           the others on the right.
// Text widths are estimated for a monospace font (every label is drawn in one), so the layout
// never depends on a browser.

import type { Topology, TopologyDevice, TopologyNamespace } from './lab-model.ts';

export type LayoutMode = 'narrow' | 'wide';

type TextClass = 'ns-name' | 'ns-note' | 'dev-name' | 'dev-addr';

interface TextLine {
  readonly text: string;
  readonly x: number;
  /** Baseline. */
  readonly y: number;
  readonly cls: TextClass;
  readonly size: number;
}

interface NamespaceShape {
  readonly ns: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly forwarding: boolean;
  readonly lines: TextLine[];
}

interface DeviceShape {
  readonly ns: string;
  readonly dev: string;
  readonly kind: TopologyDevice['kind'];
  readonly up: boolean;
  /** A bridge port (drawn inside its bridge). */
  readonly master?: string;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly lines: TextLine[];
}

interface LinkShape {
  /** "NS/DEV" of both ends. */
  readonly a: string;
  readonly b: string;
  readonly points: readonly (readonly [number, number])[];
}

export interface TopologyLayout {
  readonly mode: LayoutMode;
  readonly width: number;
  readonly height: number;
  readonly namespaces: NamespaceShape[];
  /** Bridges come before their ports (draw in this order). */
  readonly devices: DeviceShape[];
  readonly links: LinkShape[];
}

// ---- metrics (SVG user units; the SVG is drawn at about 1 unit = 1 CSS px) -----------------

/** Width of one monospace character, as a fraction of the font size (0.6 in common fonts). */
const CHAR = 0.61;
const FONT = { nsName: 15, nsNote: 13, devName: 14, devAddr: 13 } as const;
/** The smallest font size used: the SVG must never be drawn narrower than width * 12 / this. */
export const MIN_FONT = 13;

const LINE = { nsName: 20, nsNote: 17, devName: 18, devAddr: 16 } as const;
const DEV_PAD_X = 7;
const DEV_PAD_Y = 5;
const NS_PAD = 7;
const BR_PAD = 7;
const ROW_GAP = 8;
const PORT_GAP = 6;
/** Space between columns, for the veth lines: narrower on a phone. */
const COL_GAP_NARROW = 26;
const COL_GAP_WIDE = 40;
const BLOCK_GAP = 14;
const LANE = 9;
const MARGIN = 4;

const textWidth = (text: string, size: number): number => Math.ceil(text.length * size * CHAR);

const key = (ns: string, dev: string): string => `${ns}/${dev}`;

function devLabel(d: TopologyDevice): string {
  return d.up ? d.name : `${d.name} (down)`;
}

function devTextWidth(d: TopologyDevice): number {
  return Math.max(textWidth(devLabel(d), FONT.devName), ...d.addresses.map((a) => textWidth(a, FONT.devAddr)));
}

function devHeight(d: TopologyDevice): number {
  return DEV_PAD_Y * 2 + LINE.devName + LINE.devAddr * d.addresses.length;
}

type Group = { readonly kind: 'single'; readonly dev: TopologyDevice } | { readonly kind: 'bridge'; readonly dev: TopologyDevice; readonly ports: TopologyDevice[] };

/** A namespace's devices as drawn: bridges with their ports, other devices alone, in ifindex order. */
function groupsOf(ns: TopologyNamespace): Group[] {
  const names = new Set(ns.devices.map((d) => d.name));
  const groups: Group[] = [];
  for (const d of ns.devices) {
    if (d.master && names.has(d.master)) continue;
    if (d.kind === 'bridge') groups.push({ kind: 'bridge', dev: d, ports: ns.devices.filter((p) => p.master === d.name) });
    else groups.push({ kind: 'single', dev: d });
  }
  return groups;
}

function nsContentWidth(ns: TopologyNamespace): number {
  let w = Math.max(textWidth(ns.name, FONT.nsName), ns.forwarding ? textWidth('ip_forward=1', FONT.nsNote) : 0);
  for (const g of groupsOf(ns)) {
    const own = devTextWidth(g.dev) + DEV_PAD_X * 2;
    if (g.kind === 'single') w = Math.max(w, own);
    else w = Math.max(w, own, ...g.ports.map((p) => devTextWidth(p) + DEV_PAD_X * 2 + BR_PAD * 2));
  }
  return w + NS_PAD * 2;
}

// ---- placing one namespace ------------------------------------------------------------------

interface Placed {
  readonly ns: NamespaceShape;
  readonly devices: DeviceShape[];
  readonly bottom: number;
}

/**
 * Lay out namespace `ns` at (x, y) with width w. `row(dev, top, h)` may move a device row down
 * (to line it up with its veth peer) and returns the row's top.
 */
function placeNamespace(ns: TopologyNamespace, x: number, y: number, w: number, row?: (d: TopologyDevice, top: number, h: number) => number): Placed {
  const lines: TextLine[] = [];
  let cy = y + NS_PAD;
  lines.push({ text: ns.name, x: x + NS_PAD, y: cy + FONT.nsName, cls: 'ns-name', size: FONT.nsName });
  cy += LINE.nsName;
  if (ns.forwarding) {
    lines.push({ text: 'ip_forward=1', x: x + NS_PAD, y: cy + FONT.nsNote - 1, cls: 'ns-note', size: FONT.nsNote });
    cy += LINE.nsNote;
  }
  cy += 4;
  const devices: DeviceShape[] = [];
  const place = (d: TopologyDevice, dx: number, top: number, dw: number, h: number): DeviceShape => {
    const dl: TextLine[] = [{ text: devLabel(d), x: dx + DEV_PAD_X, y: top + DEV_PAD_Y + FONT.devName, cls: 'dev-name', size: FONT.devName }];
    d.addresses.forEach((a, i) => {
      dl.push({ text: a, x: dx + DEV_PAD_X, y: top + DEV_PAD_Y + LINE.devName + LINE.devAddr * i + FONT.devAddr, cls: 'dev-addr', size: FONT.devAddr });
    });
    const shape: DeviceShape = { ns: ns.name, dev: d.name, kind: d.kind, up: d.up, master: d.master, x: dx, y: top, w: dw, h, lines: dl };
    devices.push(shape);
    return shape;
  };
  const groups = groupsOf(ns);
  groups.forEach((g, gi) => {
    if (gi > 0) cy += ROW_GAP;
    const gx = x + NS_PAD;
    const gw = w - NS_PAD * 2;
    if (g.kind === 'single') {
      const h = devHeight(g.dev);
      const top = row ? row(g.dev, cy, h) : cy;
      place(g.dev, gx, top, gw, h);
      cy = top + h;
      return;
    }
    // A bridge: its own label on top, then its ports inside its box.
    const top = cy;
    const headerH = devHeight(g.dev);
    const bridgeIndex = devices.length;
    place(g.dev, gx, top, gw, headerH); // height fixed below
    cy = top + headerH;
    for (const p of g.ports) {
      cy += g.ports[0] === p ? 0 : PORT_GAP;
      const h = devHeight(p);
      const ptop = row ? row(p, cy, h) : cy;
      place(p, gx + BR_PAD, ptop, gw - BR_PAD * 2, h);
      cy = ptop + h;
    }
    if (g.ports.length) cy += BR_PAD;
    const bridge = devices[bridgeIndex]!;
    devices[bridgeIndex] = { ...bridge, h: cy - top };
  });
  cy += NS_PAD;
  if (!groups.length) cy += 4;
  return { ns: { ns: ns.name, x, y, w, h: cy - y, forwarding: ns.forwarding, lines }, devices, bottom: cy };
}

function shiftPlaced(p: Placed, dx: number, dy: number): Placed {
  const line = (l: TextLine): TextLine => ({ ...l, x: l.x + dx, y: l.y + dy });
  return {
    ns: { ...p.ns, x: p.ns.x + dx, y: p.ns.y + dy, lines: p.ns.lines.map(line) },
    devices: p.devices.map((d) => ({ ...d, x: d.x + dx, y: d.y + dy, lines: d.lines.map(line) })),
    bottom: p.bottom + dy,
  };
}

// ---- the whole topology ---------------------------------------------------------------------

type Side = 'left' | 'right';

interface Block {
  /** Namespaces of the block, placed relative to (0, 0), parent first. */
  readonly placed: Placed[];
  readonly height: number;
  /** Where the block's root namespace is reached from. */
  readonly root: string;
}

export function layoutTopology(topology: Topology, mode: LayoutMode): TopologyLayout {
  // Namespaces without devices (the default namespace of a script that never uses it) are not drawn.
  const namespaces = topology.namespaces.filter((n) => n.devices.length > 0);
  const byName = new Map(namespaces.map((n) => [n.name, n]));
  const links = topology.links.filter((l) => byName.has(l.a.ns) && byName.has(l.b.ns));

  if (!namespaces.length) return { mode, width: 2 * MARGIN, height: 2 * MARGIN, namespaces: [], devices: [], links: [] };

  // Hub: most veth ends towards other namespaces; `default` wins a tie, then script order.
  const degree = new Map(namespaces.map((n) => [n.name, 0]));
  for (const l of links) {
    if (l.a.ns === l.b.ns) continue;
    degree.set(l.a.ns, degree.get(l.a.ns)! + 1);
    degree.set(l.b.ns, degree.get(l.b.ns)! + 1);
  }
  const best = Math.max(...degree.values());
  const tied = namespaces.filter((n) => degree.get(n.name) === best);
  const hub = tied.find((n) => n.name === 'default') ?? tied[0]!;

  // Spanning tree from the hub, following devices in ifindex order.
  const neighbours = (ns: TopologyNamespace): { dev: TopologyDevice; peerNs: string; peerDev: string }[] =>
    ns.devices.flatMap((d) => (d.peer && d.peer.ns !== ns.name && byName.has(d.peer.ns) ? [{ dev: d, peerNs: d.peer.ns, peerDev: d.peer.dev }] : []));
  const parent = new Map<string, string>();
  const seen = new Set([hub.name]);
  const queue = [hub];
  while (queue.length) {
    const ns = queue.shift()!;
    for (const n of neighbours(ns)) {
      if (seen.has(n.peerNs)) continue;
      seen.add(n.peerNs);
      parent.set(n.peerNs, ns.name);
      queue.push(byName.get(n.peerNs)!);
    }
  }
  const childrenOf = (name: string): string[] => {
    const out: string[] = [];
    for (const n of neighbours(byName.get(name)!)) if (parent.get(n.peerNs) === name && !out.includes(n.peerNs)) out.push(n.peerNs);
    return out;
  };

  // Which side each of the hub's neighbours goes to.
  const side = new Map<string, Side>();
  const hubGroups = groupsOf(hub)
    .map((g) => (g.kind === 'single' ? [g.dev] : [g.dev, ...g.ports]))
    .map((devs) => devs.flatMap((d) => (d.peer && parent.get(d.peer.ns) === hub.name ? [d.peer.ns] : [])))
    .filter((names) => names.length > 0);
  const linkedGroups = hubGroups.length;
  hubGroups.forEach((names, i) => {
    const s: Side = mode === 'narrow' || linkedGroups === 1 || i > 0 ? 'right' : 'left';
    for (const n of names) if (!side.has(n)) side.set(n, s);
  });
  // Namespaces the hub does not reach: their own blocks, on the right.
  const orphanRoots = namespaces.filter((n) => n !== hub && !parent.has(n.name));
  const sideOf = (name: string): Side => {
    let n = name;
    while (parent.has(n) && parent.get(n) !== hub.name) n = parent.get(n)!;
    return side.get(n) ?? 'right';
  };

  // Column widths.
  const colWidth: Record<Side, number> = { left: 0, right: 0 };
  for (const n of namespaces) {
    if (n === hub) continue;
    const s = sideOf(n.name);
    colWidth[s] = Math.max(colWidth[s], nsContentWidth(n));
  }
  const COL_GAP = mode === 'narrow' ? COL_GAP_NARROW : COL_GAP_WIDE;
  const hubW = nsContentWidth(hub);
  const leftX = 0;
  const hubX = colWidth.left ? colWidth.left + COL_GAP : 0;
  const rightX = hubX + hubW + COL_GAP;

  // A namespace and everything behind it, stacked, relative to (colX, 0).
  const block = (root: string, colX: number, colW: number): Block => {
    const placed: Placed[] = [];
    let y = 0;
    const visit = (name: string): void => {
      const p = placeNamespace(byName.get(name)!, colX, y, colW);
      placed.push(p);
      y = p.bottom + BLOCK_GAP;
      for (const c of childrenOf(name)) visit(c);
    };
    visit(root);
    return { placed, height: y - BLOCK_GAP, root };
  };

  const allPlaced: Placed[] = [];
  const centers = new Map<string, number>();
  const cursor: Record<Side, number> = { left: 0, right: 0 };
  const placeBlock = (b: Block, top: number, s: Side): void => {
    for (const p of b.placed) {
      const q = shiftPlaced(p, 0, top);
      allPlaced.push(q);
      for (const d of q.devices) centers.set(key(d.ns, d.dev), d.y + d.h / 2);
    }
    cursor[s] = top + b.height + BLOCK_GAP;
  };
  const colXOf = (s: Side): number => (s === 'left' ? leftX : rightX);

  const hubPlaced = placeNamespace(hub, hubX, 0, hubW, (d, top, h) => {
    const peer = d.peer;
    if (!peer || peer.ns === hub.name || !byName.has(peer.ns)) return top;
    const peerKey = key(peer.ns, peer.dev);
    if (parent.get(peer.ns) === hub.name && !allPlaced.some((p) => p.ns.ns === peer.ns)) {
      const s = sideOf(peer.ns);
      const b = block(peer.ns, colXOf(s), colWidth[s]);
      const anchorDev = b.placed[0]!.devices.find((x) => x.dev === peer.dev)!;
      const anchor = anchorDev.y + anchorDev.h / 2;
      const blockTop = Math.max(cursor[s], top + h / 2 - anchor);
      placeBlock(b, blockTop, s);
      return Math.max(top, blockTop + anchor - h / 2);
    }
    const c = centers.get(peerKey);
    if (c !== undefined && parent.get(peer.ns) === hub.name) return Math.max(top, c - h / 2);
    return top;
  });
  allPlaced.unshift(hubPlaced);
  for (const d of hubPlaced.devices) centers.set(key(d.ns, d.dev), d.y + d.h / 2);
  // Hub neighbours reached only through a device that comes later than expected, then orphans.
  for (const n of namespaces) {
    if (n === hub || allPlaced.some((p) => p.ns.ns === n.name)) continue;
    if (parent.get(n.name) === hub.name || orphanRoots.includes(n)) {
      const s = sideOf(n.name);
      placeBlock(block(n.name, colXOf(s), colWidth[s]), cursor[s], s);
    }
  }

  // Links.
  const devShapes = new Map<string, DeviceShape>();
  for (const p of allPlaced) for (const d of p.devices) devShapes.set(key(d.ns, d.dev), d);
  const lanes = new Map<string, number>();
  const linkShapes: LinkShape[] = [];
  for (const l of links) {
    const a = devShapes.get(key(l.a.ns, l.a.dev));
    const b = devShapes.get(key(l.b.ns, l.b.dev));
    if (!a || !b) continue;
    const ay = a.y + a.h / 2;
    const by = b.y + b.h / 2;
    let points: [number, number][];
    const overlap = a.x < b.x + b.w && b.x < a.x + a.w;
    if (overlap) {
      // Same column: a bracket on the column's outer side (right of the hub and of right columns).
      const outerLeft = a.x + a.w / 2 < hubX - COL_GAP / 2 && mode === 'wide';
      const laneKey = `${Math.round(Math.min(a.x, b.x))}:${outerLeft ? 'L' : 'R'}`;
      const lane = (lanes.get(laneKey) ?? 0) + 1;
      lanes.set(laneKey, lane);
      if (outerLeft) {
        const edge = Math.min(a.x, b.x) - (NS_PAD + 2) - LANE * lane;
        points = [[a.x, ay], [edge, ay], [edge, by], [b.x, by]];
      } else {
        const edge = Math.max(a.x + a.w, b.x + b.w) + (NS_PAD + 2) + LANE * lane;
        points = [[a.x + a.w, ay], [edge, ay], [edge, by], [b.x + b.w, by]];
      }
    } else if (a.x < b.x) {
      points = [[a.x + a.w, ay], [b.x, by]];
    } else {
      points = [[a.x, ay], [b.x + b.w, by]];
    }
    linkShapes.push({ a: key(l.a.ns, l.a.dev), b: key(l.b.ns, l.b.dev), points });
  }

  // Normalize to a margin around everything.
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of allPlaced) {
    xs.push(p.ns.x, p.ns.x + p.ns.w);
    ys.push(p.ns.y, p.ns.y + p.ns.h);
  }
  for (const l of linkShapes) for (const [x, y] of l.points) (xs.push(x), ys.push(y));
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const moved = allPlaced.map((p) => shiftPlaced(p, dx, dy));
  const width = Math.ceil(Math.max(...xs) - minX + 2 * MARGIN);
  const height = Math.ceil(Math.max(...ys) - minY + 2 * MARGIN);

  // Draw order: hub first then script order; within a namespace, a bridge before its ports.
  const order = new Map(namespaces.map((n, i) => [n.name, i]));
  moved.sort((p, q) => (p.ns.ns === hub.name ? -1 : q.ns.ns === hub.name ? 1 : order.get(p.ns.ns)! - order.get(q.ns.ns)!));
  return {
    mode,
    width,
    height,
    namespaces: moved.map((p) => p.ns),
    devices: moved.flatMap((p) => p.devices),
    links: linkShapes.map((l) => ({ ...l, points: l.points.map(([x, y]) => [x + dx, y + dy] as const) })),
  };
}

/** A one-sentence summary of a topology, for an accessible name. */
export function describeTopology(topology: Topology): string {
  const namespaces = topology.namespaces.filter((n) => n.devices.length > 0);
  const bridges = namespaces.flatMap((n) => n.devices.filter((d) => d.kind === 'bridge').map((d) => `${d.name} in ${n.name}`));
  const parts = [
    `${namespaces.length} network namespace${namespaces.length === 1 ? '' : 's'} (${namespaces.map((n) => n.name).join(', ')})`,
    `${topology.links.length} veth pair${topology.links.length === 1 ? '' : 's'}`,
  ];
  if (bridges.length) parts.push(`${bridges.length === 1 ? 'a bridge' : `${bridges.length} bridges`} (${bridges.join(', ')})`);
  return parts.join(', ');
}
