// Hook walks proven on the kernel. The engine's walk of a packet (src/grading/path.ts hooksOf)
// is what PredictPath hook exercises, hooks/order-hooks quiz questions and PacketWalk show; this
// module reads the REAL hooks from a kernel run with traceHooks (src/kernel/kernel-runner.ts):
// in every namespace a table `packet_path_hooks` has a filter base chain at each IPv4 hook at
// priority -1000 (before raw and conntrack) that only sets nftrace, and `nft monitor trace`
// prints, per namespace, a `packet:` line each time a packet enters one of those chains.
//
// From those lines: one kernel step per (namespace, hook) entry. A packet is followed across
// namespaces by a fingerprint NAT does not change (IP id, IP length, protocol, TCP flags or ICMP
// type and the ICMP payload's first bytes). Within a namespace the order is the monitor's order;
// from one namespace to the next the packet is followed from its departure (POSTROUTING, out
// device) to its arrival at the veth's other end (PREROUTING, same fingerprint and TTL), in
// order (kernelWalks). The walk that is compared is the kernel packet whose first step matches the
// engine walk's first step (namespace, hook, addresses, ICMP type and sequence or the
// non-ephemeral port), the k-th such packet for the k-th such engine walk.

import type { HookName } from '../net/netfilter/rule.ts';
import type { HookStep } from '../grading/path.ts';

const HOOK_OF: Readonly<Record<string, HookName>> = {
  prerouting: 'PREROUTING',
  input: 'INPUT',
  forward: 'FORWARD',
  output: 'OUTPUT',
  postrouting: 'POSTROUTING',
};

/** The table the kernel runner adds in every namespace (runner-prelude.bash trace_ns). */
export const TRACE_TABLE = 'packet_path_hooks';

/** One packet entering one hook, as `nft monitor trace` printed it. */
export interface KernelHookEvent {
  readonly ns: string;
  readonly hook: HookName;
  readonly iif?: string;
  readonly oif?: string;
  readonly saddr: string;
  readonly daddr: string;
  readonly ttl: number;
  /** Protocol word: icmp, tcp, udp, igmp, ... */
  readonly proto: string;
  /** The fields after `packet:` (word -> value, the first of each). */
  readonly fields: ReadonlyMap<string, string>;
  /** Same packet across namespaces: fields NAT does not change. */
  readonly fingerprint: string;
}

/** The `packet:` lines of our table in one namespace's trace, in order. */
export function parseTrace(ns: string, text: string): KernelHookEvent[] {
  const out: KernelHookEvent[] = [];
  const head = new RegExp(`^trace id \\S+ ip ${TRACE_TABLE} (\\w+) packet: (.*)$`);
  for (const line of text.split('\n')) {
    const m = head.exec(line.trim());
    if (!m) continue;
    const hook = HOOK_OF[m[1]!];
    if (hook === undefined) continue;
    const words = m[2]!.trim().split(/\s+/);
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < words.length; i++) {
      // "ip saddr X", "icmp type echo-request", "tcp flags == syn", "iif "eth0"", "@th,64,96 0x..".
      let key = words[i]!;
      let at = i + 1;
      if (/^(ip|icmp|tcp|udp|ether|igmp)$/.test(key) && at < words.length) key = `${key} ${words[at++]!}`;
      let value = words[at];
      if (value === '==' && at + 1 < words.length) value = words[++at];
      if (value === undefined) break;
      if (!fields.has(key)) fields.set(key, value.replace(/^"|"$/g, ''));
      i = at;
    }
    const proto = ['icmp', 'tcp', 'udp', 'igmp'].find((p) => [...fields.keys()].some((k) => k.startsWith(`${p} `))) ?? 'ip';
    const fingerprint = [
      fields.get('ip id'),
      fields.get('ip length'),
      proto,
      fields.get('tcp flags') ?? fields.get('icmp type') ?? '',
      fields.get('@th,64,96') ?? '',
    ].join('/');
    out.push({
      ns,
      hook,
      iif: fields.get('iif'),
      oif: fields.get('oif'),
      saddr: fields.get('ip saddr') ?? '',
      daddr: fields.get('ip daddr') ?? '',
      ttl: Number(fields.get('ip ttl') ?? '0'),
      proto,
      fields,
      fingerprint,
    });
  }
  return out;
}

/** A packet's whole walk on the kernel: its events in order. */
export type KernelWalk = readonly KernelHookEvent[];

/** A veth pair: the namespace and device of both ends. */
export interface TraceLink {
  readonly a: { readonly ns: string; readonly dev: string };
  readonly b: { readonly ns: string; readonly dev: string };
}

/** One visit of one namespace by one packet: from OUTPUT or PREROUTING to where it left or ended. */
interface Visit {
  readonly events: KernelHookEvent[];
  /** Position in its namespace's trace (the monitor's order). */
  readonly at: number;
  claimed: boolean;
}

/**
 * Every traced packet's walk. Within a namespace the monitor's order is the kernel's order. A
 * packet born in a namespace (OUTPUT) is followed from visit to visit: when it leaves by
 * POSTROUTING, the next visit is an arrival (PREROUTING) of the same fingerprint and TTL in
 * the namespace at the other end of the out device's veth (for a bridge, any namespace linked
 * to this one), the earliest one not yet taken: a veth delivers in order, so the k-th such
 * departure is the k-th such arrival. Walks come in birth order (per namespace, then in
 * `nsOrder`).
 */
export function kernelWalks(traces: Readonly<Record<string, string>>, links: readonly TraceLink[], nsOrder: readonly string[]): KernelWalk[] {
  const visits = new Map<string, Visit[]>(); // per namespace, in trace order
  for (const [ns, text] of Object.entries(traces)) {
    const list: Visit[] = [];
    const open = new Map<string, Visit>();
    for (const e of parseTrace(ns, text)) {
      const current = open.get(e.fingerprint);
      const last = current?.events[current.events.length - 1];
      // A new visit: the packet is born (OUTPUT) or arrives (PREROUTING), except the arrival
      // through lo of a packet this namespace just sent to itself; or it ended (INPUT).
      const startsVisit =
        current === undefined ||
        e.hook === 'OUTPUT' ||
        last?.hook === 'INPUT' ||
        (e.hook === 'PREROUTING' && !(last?.hook === 'POSTROUTING' && last.oif === 'lo'));
      if (startsVisit) {
        const visit: Visit = { events: [e], at: list.length, claimed: false };
        list.push(visit);
        open.set(e.fingerprint, visit);
      } else {
        current.events.push(e);
      }
    }
    visits.set(ns, list);
  }
  const rank = (ns: string): number => {
    const i = nsOrder.indexOf(ns);
    return i < 0 ? nsOrder.length : i;
  };
  const peerOf = (ns: string, dev: string | undefined): { ns: string; dev: string } | undefined => {
    for (const l of links) {
      if (l.a.ns === ns && l.a.dev === dev) return l.b;
      if (l.b.ns === ns && l.b.dev === dev) return l.a;
    }
    return undefined;
  };
  const linkedTo = (ns: string): Set<string> => {
    const out = new Set<string>();
    for (const l of links) {
      if (l.a.ns === ns) out.add(l.b.ns);
      if (l.b.ns === ns) out.add(l.a.ns);
    }
    return out;
  };
  const nextVisit = (from: KernelHookEvent): Visit | undefined => {
    if (from.hook !== 'POSTROUTING' || from.oif === 'lo') return undefined;
    // Nearest first: the veth's other end (or, out of a bridge, every namespace linked), then
    // the namespaces beyond it: a bridge without br_netfilter passes frames on without a hook.
    const peer = peerOf(from.ns, from.oif);
    const namespaces: string[] = peer ? [peer.ns] : [...linkedTo(from.ns)].sort((x, y) => rank(x) - rank(y));
    for (let i = 0; i < namespaces.length; i++) {
      for (const next of [...linkedTo(namespaces[i]!)].sort((x, y) => rank(x) - rank(y))) {
        if (next !== from.ns && !namespaces.includes(next)) namespaces.push(next);
      }
    }
    for (const ns of namespaces) {
      const found = (visits.get(ns) ?? []).find((v) => {
        const first = v.events[0]!;
        // Not the in device: with br_netfilter a bridge port's PREROUTING names the bridge.
        return !v.claimed && first.hook === 'PREROUTING' && first.fingerprint === from.fingerprint && first.ttl === from.ttl;
      });
      if (found) return found;
    }
    return undefined;
  };
  const walks: KernelWalk[] = [];
  const namespaces = [...visits.keys()].sort((x, y) => rank(x) - rank(y));
  for (const ns of namespaces) {
    for (const birth of visits.get(ns) ?? []) {
      if (birth.claimed || birth.events[0]!.hook !== 'OUTPUT') continue;
      birth.claimed = true;
      const walk = [...birth.events];
      for (let next = nextVisit(walk[walk.length - 1]!); next !== undefined; next = nextVisit(walk[walk.length - 1]!)) {
        next.claimed = true;
        walk.push(...next.events);
      }
      walks.push(walk);
    }
  }
  // Arrivals no traced departure explains (none in a closed scenario) are walks of their own.
  for (const ns of namespaces) for (const v of visits.get(ns) ?? []) if (!v.claimed) walks.push(v.events);
  return walks;
}

/** What identifies a packet at its first hook, for the kernel's and the engine's words alike. */
function keyOf(ns: string, hook: HookName, src: string, dst: string, detail: string): string {
  return `${ns} ${hook} ${src} > ${dst} ${detail}`;
}

/** nft's names of single TCP flags (several are printed in hex), and tcpdump's letters. */
const TCP_FLAG_BITS: Readonly<Record<string, number>> = { fin: 1, syn: 2, rst: 4, psh: 8, ack: 16, urg: 32 };
const TCP_FLAG_LETTERS: Readonly<Record<string, number>> = { F: 1, S: 2, R: 4, P: 8, '.': 16, U: 32 };

const ICMP_KIND: Readonly<Record<string, string>> = { 'echo-request': 'echo request', 'echo-reply': 'echo reply' };

function lowPort(a: string | undefined, b: string | undefined): string {
  const ports = [a, b].filter((p): p is string => p !== undefined && Number(p) < 32768);
  return ports.join(',');
}

export function kernelKey(e: KernelHookEvent): string {
  if (e.proto === 'icmp') {
    const type = e.fields.get('icmp type') ?? '';
    const kind = ICMP_KIND[type];
    return keyOf(e.ns, e.hook, e.saddr, e.daddr, kind === undefined ? `icmp ${type}` : `icmp ${kind} seq ${e.fields.get('icmp sequence') ?? ''}`);
  }
  if (e.proto === 'tcp' || e.proto === 'udp') {
    const ports = lowPort(e.fields.get(`${e.proto} sport`), e.fields.get(`${e.proto} dport`));
    if (e.proto === 'udp') return keyOf(e.ns, e.hook, e.saddr, e.daddr, `udp ${ports}`);
    const flags = e.fields.get('tcp flags') ?? '';
    const mask = /^0x[0-9a-f]+$/i.test(flags) ? Number(flags) : (TCP_FLAG_BITS[flags] ?? -1);
    return keyOf(e.ns, e.hook, e.saddr, e.daddr, `tcp ${ports} flags ${mask}`);
  }
  return keyOf(e.ns, e.hook, e.saddr, e.daddr, e.proto);
}

const ICMP_ERROR_WORDS: readonly [RegExp, string][] = [
  [/time exceeded/, 'time-exceeded'],
  [/unreachable/, 'destination-unreachable'],
  [/redirect/, 'redirect'],
];

/** The same key from a tcpdump -n summary the engine gives a step. */
export function engineKey(ns: string, hook: HookName, summary: string): string {
  const m = /^(?:IP )?(\d+\.\d+\.\d+\.\d+)(?:\.(\d+))? > (\d+\.\d+\.\d+\.\d+)(?:\.(\d+))?: (.*)$/.exec(summary.trim());
  if (!m) return keyOf(ns, hook, '?', '?', summary);
  const [, src, sport, dst, dport, rest] = m as unknown as [string, string, string | undefined, string, string | undefined, string];
  if (/^ICMP /.test(rest)) {
    const echo = /^ICMP (echo request|echo reply), id \d+, seq (\d+)/.exec(rest);
    if (echo) return keyOf(ns, hook, src, dst, `icmp ${echo[1]!} seq ${echo[2]!}`);
    const error = ICMP_ERROR_WORDS.find(([re]) => re.test(rest));
    return keyOf(ns, hook, src, dst, `icmp ${error ? error[1] : rest}`);
  }
  const tcp = /^(?:Flags|TCP) \[([^\]]*)\]/.exec(rest);
  if (tcp) {
    const mask = [...tcp[1]!].reduce((m, c) => m | (TCP_FLAG_LETTERS[c] ?? 0), 0);
    return keyOf(ns, hook, src, dst, `tcp ${lowPort(sport, dport)} flags ${mask}`);
  }
  if (/^UDP/.test(rest)) return keyOf(ns, hook, src, dst, `udp ${lowPort(sport, dport)}`);
  return keyOf(ns, hook, src, dst, rest);
}

/** The hook steps of a kernel walk, as hooksOf gives the engine's. */
export function kernelHookSteps(walk: KernelWalk): HookStep[] {
  return walk.map((e) => ({ ns: e.ns, hook: e.hook, ...((e.hook === 'OUTPUT' || e.hook === 'POSTROUTING' ? e.oif : e.iif) !== undefined ? { dev: (e.hook === 'OUTPUT' || e.hook === 'POSTROUTING' ? e.oif : e.iif)! } : {}) }));
}

/** The k-th kernel walk whose first step has this key (k counted from 0), or undefined. */
export function findKernelWalk(walks: readonly KernelWalk[], key: string, k: number): KernelWalk | undefined {
  return walks.filter((w) => w.length > 0 && kernelKey(w[0]!) === key)[k];
}

/** "ns HOOK" per step, one a line: the text the diff compares. */
export function stepLines(steps: readonly HookStep[]): string[] {
  return steps.map((s) => `${s.ns} ${s.hook}`);
}
