// The part of libpcap's optimizer (optimize.c) that decides whether a filter can match
// anything: tcpdump refuses a filter whose optimized program is `ret #0` ("expression rejects
// all packets", e.g. `icmp and arp`, `port 80 and 443`).
//
// libpcap lays the tests out as a DAG (short-circuit and/or, `not` swaps the exits) and its
// optimizer threads jumps: an edge into a test whose outcome is already known on every path
// to that edge (the same load and mask tested before with the same constant, or found equal to
// another constant) is redirected past it, and a test whose two exits lead to the same place
// is skipped. When nothing leads to "accept" any more the program is `ret #0`.

import type { Expr } from './gencode.ts';

const ACCEPT = -1;
const REJECT = -2;

interface Node {
  readonly key: string; // value number of the tested A: load and mask
  readonly op: 'jeq' | 'jset';
  readonly k: number;
  jt: number;
  jf: number;
}

function layOut(e: Expr, jt: number, jf: number, nodes: Node[]): number {
  switch (e.t) {
    case 'test': {
      const t = e.test;
      nodes.push({ key: `${t.size}:${t.ind ? 'x+' : ''}${t.off}&${t.mask ?? 'none'}`, op: t.op, k: t.k, jt, jf });
      return nodes.length - 1;
    }
    case 'and':
      return layOut(e.a, layOut(e.b, jt, jf, nodes), jf, nodes);
    case 'or':
      return layOut(e.a, jt, layOut(e.b, jt, jf, nodes), nodes);
    case 'not':
      return layOut(e.a, jf, jt, nodes);
  }
}

/** Reachable nodes, parents before children (iterative: filters can be long). */
function topologicalOrder(nodes: readonly Node[], root: number): number[] {
  const post: number[] = [];
  const state = new Map<number, 1 | 2>();
  const stack: number[] = [root];
  while (stack.length > 0) {
    const n = stack[stack.length - 1] ?? REJECT;
    const node = nodes[n];
    if (!node) {
      stack.pop();
      continue;
    }
    if (state.get(n) === undefined) {
      state.set(n, 1);
      for (const child of [node.jf, node.jt]) if (child >= 0 && state.get(child) === undefined) stack.push(child);
    } else {
      stack.pop();
      if (state.get(n) === 1) {
        state.set(n, 2);
        post.push(n);
      }
    }
  }
  return post.reverse();
}

/** Does the optimized program reject every packet? */
export function rejectsAll(e: Expr): boolean {
  const nodes: Node[] = [];
  const root = layOut(e, ACCEPT, REJECT, nodes);
  const words = (nodes.length * 2 + 31) >>> 5;
  // Edge id: 2 * node + (0 for the true exit, 1 for the false exit).
  const succ = (edge: number): number => {
    const n = nodes[edge >> 1];
    return n === undefined ? REJECT : edge & 1 ? n.jf : n.jt;
  };
  const setSucc = (edge: number, to: number): void => {
    const n = nodes[edge >> 1];
    if (!n) return;
    if (edge & 1) n.jf = to;
    else n.jt = to;
  };
  /** What having taken `edge` says about the test of `target`: its outcome, or undefined. */
  const fold = (edge: number, target: Node): boolean | undefined => {
    const m = nodes[edge >> 1];
    if (!m || m.key !== target.key || m.op !== target.op) return undefined;
    const sense = (edge & 1) === 0;
    if (m.k === target.k) return sense;
    if (sense && m.op === 'jeq') return false;
    return undefined;
  };
  for (let pass = 0; pass < 10_000; pass++) {
    const order = topologicalOrder(nodes, root);
    // Edge dominators: the edge itself and every edge on all paths to it.
    const incoming = new Map<number, Uint32Array>();
    const edom = new Map<number, Uint32Array>();
    for (const n of order) {
      const inherited = n === root ? new Uint32Array(words) : (incoming.get(n) ?? new Uint32Array(words));
      for (const edge of [2 * n, 2 * n + 1]) {
        const d = inherited.slice();
        d[edge >>> 5] = (d[edge >>> 5] ?? 0) | (1 << (edge & 31));
        edom.set(edge, d);
        const to = succ(edge);
        if (to < 0) continue;
        const prev = incoming.get(to);
        if (!prev) incoming.set(to, d.slice());
        else for (let w = 0; w < words; w++) prev[w] = (prev[w] ?? 0) & (d[w] ?? 0);
      }
    }
    let changed = false;
    for (const n of order) {
      for (const edge of [2 * n, 2 * n + 1]) {
        const doms = edom.get(edge);
        if (!doms) continue;
        for (;;) {
          const target = nodes[succ(edge)];
          if (!target) break;
          if (target.jt === target.jf) {
            setSucc(edge, target.jt);
            changed = true;
            continue;
          }
          let outcome: boolean | undefined;
          for (let w = 0; w < words && outcome === undefined; w++) {
            let bits = doms[w] ?? 0;
            while (bits !== 0 && outcome === undefined) {
              const bit = 31 - Math.clz32(bits);
              bits &= ~(1 << bit);
              outcome = fold(w * 32 + bit, target);
            }
          }
          if (outcome === undefined) break;
          setSucc(edge, outcome ? target.jt : target.jf);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  // Can "accept" still be reached?
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const n = stack.pop() ?? REJECT;
    if (n === ACCEPT) return false;
    const node = nodes[n];
    if (!node || seen.has(n)) continue;
    seen.add(n);
    stack.push(node.jt, node.jf);
  }
  return true;
}

export function countTests(e: Expr): number {
  let count = 0;
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x) break;
    if (x.t === 'test') count++;
    else if (x.t === 'not') stack.push(x.a);
    else stack.push(x.a, x.b);
  }
  return count;
}
