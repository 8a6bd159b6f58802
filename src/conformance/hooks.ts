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
// the visits of different namespaces are ordered by TTL (forwarding lowers it), a locally born
// packet first, then by the veth links of the topology (the next namespace is one linked to
// the previous). The walk that is compared is the kernel packet whose first step matches the
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

/**
 * Every traced packet's walk, in the order the packets were first seen (per namespace file
 * order; the walks of different namespaces by TTL and links, see the file comment).
 * `links`: namespace pairs joined by a veth.
 */
export function kernelWalks(traces: Readonly<Record<string, string>>, links: readonly (readonly [string, string])[], nsOrder: readonly string[]): KernelWalk[] {
  const linked = (a: string, b: string): boolean => links.some(([x, y]) => (x === a && y === b) || (x === b && y === a));
  // Segments: a visit of one namespace by one packet.
  const segments = new Map<string, { events: KernelHookEvent[]; first: number }[]>();
  let seq = 0;
  for (const [ns, text] of Object.entries(traces)) {
    const open = new Map<string, KernelHookEvent[]>();
    for (const e of parseTrace(ns, text)) {
      seq++;
      const current = open.get(e.fingerprint);
      const last = current?.[current.length - 1];
      // A new visit: the packet is born (OUTPUT) or arrives (PREROUTING), except the arrival
      // through lo of a packet this namespace just sent to itself.
      const startsVisit = current === undefined || e.hook === 'OUTPUT' || (e.hook === 'PREROUTING' && !(last?.hook === 'POSTROUTING' && last.oif === 'lo'));
      if (startsVisit) {
        const events = [e];
        open.set(e.fingerprint, events);
        const list = segments.get(e.fingerprint) ?? [];
        list.push({ events, first: seq });
        segments.set(e.fingerprint, list);
      } else {
        current.push(e);
      }
    }
  }
  const walks: { walk: KernelHookEvent[]; first: number }[] = [];
  for (const list of segments.values()) {
    // Split the fingerprint's segments into packets: each packet is born once (an OUTPUT
    // visit); arrivals belong to the latest packet born before them in TTL order.
    const remaining = [...list];
    const ordered: KernelHookEvent[][] = [];
    const rank = (s: { events: KernelHookEvent[] }): number => nsOrder.indexOf(s.events[0]!.ns);
    while (remaining.length > 0) {
      const prev = ordered[ordered.length - 1];
      const prevEnd = prev?.[prev.length - 1];
      remaining.sort((a, b) => {
        const ta = a.events[0]!.ttl;
        const tb = b.events[0]!.ttl;
        if (ta !== tb) return tb - ta;
        const oa = a.events[0]!.hook === 'OUTPUT' ? 0 : 1;
        const ob = b.events[0]!.hook === 'OUTPUT' ? 0 : 1;
        if (oa !== ob) return oa - ob;
        if (prevEnd !== undefined) {
          const la = linked(prevEnd.ns, a.events[0]!.ns) ? 0 : 1;
          const lb = linked(prevEnd.ns, b.events[0]!.ns) ? 0 : 1;
          if (la !== lb) return la - lb;
        }
        return rank(a) - rank(b) || a.first - b.first;
      });
      ordered.push(remaining.shift()!.events);
    }
    // Packets with the same fingerprint (rare: IP id 0 and the same length) born more than once.
    let walk: KernelHookEvent[] = [];
    let first = Number.MAX_SAFE_INTEGER;
    for (const events of ordered) {
      if (events[0]!.hook === 'OUTPUT' && walk.length > 0) {
        walks.push({ walk, first });
        walk = [];
      }
      walk.push(...events);
      first = Math.min(first, list.find((s) => s.events === events)!.first);
    }
    if (walk.length > 0) walks.push({ walk, first });
  }
  return walks.sort((a, b) => a.first - b.first).map((w) => w.walk);
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
