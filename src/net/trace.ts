// Trace events: every step of every packet, in the order the engine performed them.
// tcpdump output, counters, the packet walk, grading: all of them read this record.
// One variant per step, each with exactly the fields that step carries.

import type { HookName, RuleSpec, TableName } from './netfilter/rule.ts';
import type { Device, Namespace } from './world.ts';

/**
 * Why a packet died, one name per place (the engine's counterpart of the kernel's
 * enum skb_drop_reason). Netfilter drops say which rule or which policy decided.
 */
export type DropReason =
  /** A DROP or REJECT rule: table, chain (a user chain for a rule reached by a jump), 1-based rule number. */
  | { readonly kind: 'rule'; readonly table: TableName; readonly chain: string; readonly rule: number; readonly verdict: 'DROP' | 'REJECT' }
  /** A built-in chain's DROP policy. */
  | { readonly kind: 'policy'; readonly table: TableName; readonly chain: HookName }
  /** __nf_conntrack_confirm: another entry took the tuple first (NF_DROP on insert clash). */
  | { readonly kind: 'conntrack-clash' }
  | { readonly kind: 'no-route' }
  | { readonly kind: 'ttl-exceeded' }
  | { readonly kind: 'rp-filter' }
  | { readonly kind: 'martian-source' }
  /** Multicast destinations are not modelled. */
  | { readonly kind: 'multicast' }
  | { readonly kind: 'link-down' }
  /** A frame addressed to another host's MAC (PACKET_OTHERHOST). */
  | { readonly kind: 'not-for-us' }
  /** Not local and ip_forward is 0. */
  | { readonly kind: 'forwarding-off' }
  /** ARP got no answer. */
  | { readonly kind: 'neighbour-failed' }
  /** More packets wait for ARP than the queue holds: the oldest goes (SKB_DROP_REASON_NEIGH_QUEUEFULL). */
  | { readonly kind: 'neighbour-queue-full' }
  /** Nothing listens (an ICMP error or a reset goes back where Linux sends one). */
  | { readonly kind: 'no-socket' }
  | { readonly kind: 'bridge-same-port' }
  | { readonly kind: 'bridge-port-state' }
  | { readonly kind: 'icmp-echo-ignored' };

/** The drop reason in a few words: "filter INPUT rule 2 -> REJECT", "filter FORWARD policy DROP", "no-route". */
export function describeDropReason(reason: DropReason): string {
  switch (reason.kind) {
    case 'rule':
      return `${reason.table} ${reason.chain} rule ${reason.rule} -> ${reason.verdict}`;
    case 'policy':
      return `${reason.table} ${reason.chain} policy DROP`;
    default:
      return reason.kind;
  }
}

/** What conntrack's lookup did with a packet. */
export type ConntrackLookup =
  /** No entry has the packet's tuple: a new one is made (it enters the table when the packet passes the last hook). */
  | 'new'
  /** An entry has the packet's tuple, as its original or its reply tuple. */
  | 'found'
  /** An ICMP error: the entry of the connection its quoted packet belongs to. */
  | 'related'
  /** The packet still carries the entry it got earlier in this namespace (it came back in through lo): no lookup. */
  | 'carried'
  /** NOTRACK or CT --notrack in raw: conntrack leaves the packet alone. */
  | 'untracked'
  /** No entry, and none made (a lone echo reply, a TCP segment that fits no state). */
  | 'invalid';

/** A conntrack entry's two tuples, tcpdump-like ("icmp 10.0.0.1 > 192.0.2.3 id 7"), and its id. */
export interface EntryTuples {
  readonly id: number;
  readonly original: string;
  readonly reply: string;
}

export type NatAction = 'decided' | 'null-binding' | 'refused' | 'reused' | 'skipped' | 'rewrite';

/** One side of a packet before and after NAT: "10.0.0.1" -> "192.0.2.1" (", id 7" or ":80" when that changed too). */
export interface NatMapping {
  readonly from: string;
  readonly to: string;
}

/** What every step has. */
interface StepBase {
  /** Simulated time in milliseconds. */
  readonly t: number;
  /** Which packet: a number shared by every step of one packet (a reply is a new packet). */
  readonly packet: number;
  readonly ns: string;
  /** The packet as tcpdump -n would summarize it at this step. */
  readonly summary: string;
  /** A sentence for people: what happened and why. */
  readonly note: string;
}

/** Steps at a netfilter hook: the device is the out device at OUTPUT/POSTROUTING, else the in device. */
interface HookStepBase extends StepBase {
  readonly dev?: string;
  readonly hook: HookName;
}

export type TraceEvent =
  /** A device receives a frame (its capture sees it now). */
  | (StepBase & { readonly step: 'receive'; readonly dev: string; readonly hook: 'INGRESS' })
  /** A device sends a frame (its capture sees it now). */
  | (StepBase & { readonly step: 'transmit'; readonly dev: string; readonly hook: 'EGRESS' })
  /** A bridge forwarding decision, or br_netfilter at a port. */
  | (StepBase & { readonly step: 'bridge'; readonly dev: string; readonly hook: 'BRIDGE' })
  /** A netfilter hook runs. */
  | (HookStepBase & { readonly step: 'hook' })
  /** A rule matched. `chain` is a user chain for a rule reached by a jump; `rule` is 1-based. */
  | (HookStepBase & { readonly step: 'rule'; readonly table: TableName; readonly chain: string; readonly rule: number; readonly verdict: string; readonly spec: RuleSpec })
  /** A built-in chain's policy applied. */
  | (HookStepBase & { readonly step: 'policy'; readonly table: TableName; readonly chain: HookName; readonly verdict: string })
  /** Conntrack's lookup (nf_conntrack_in): which entry the packet belongs to, and as which of its tuples. */
  | (HookStepBase & {
      readonly step: 'conntrack';
      readonly ctState: string;
      readonly lookup: ConntrackLookup;
      /** Which of the entry's tuples the packet has (none: no entry). */
      readonly dir?: 'original' | 'reply';
      /** The entry as it stands after this step. */
      readonly entry?: EntryTuples;
    })
  /**
   * nf_nat_inet_fn at one hook: the nat table consulted (a rule `decided`, or a `null-binding`),
   * or not consulted (`reused`: already decided; `skipped`: not a NEW connection's packet), or
   * the packet rewritten after a decision (`rewrite`). `before`: the packet before a rewrite.
   */
  | (HookStepBase & {
      readonly step: 'nat';
      readonly table: 'nat';
      readonly action: NatAction;
      /** The kind of NAT this hook does: source (POSTROUTING, INPUT) or destination (PREROUTING, OUTPUT). */
      readonly manip: 'source' | 'destination';
      /** The packet's direction in its connection (related: an ICMP error about it). */
      readonly direction: 'original' | 'reply' | 'related';
      /** `decided`: the rule that decided (a user chain's, when reached by a jump) and its target. */
      readonly rule?: { readonly chain: string; readonly rule: number; readonly spec: RuleSpec; readonly target: string };
      /** `decided` and `null-binding`: the connection's mapping, as its original-direction packets get it. */
      readonly mapping?: NatMapping;
      /** The address (and id or port, when it changed) rewritten in this packet. */
      readonly rewritten?: NatMapping;
      readonly before?: string;
    })
  /** A routing decision. */
  | (StepBase & { readonly step: 'route'; readonly dev: string })
  /** Neighbour resolution (ARP). */
  | (StepBase & { readonly step: 'arp'; readonly dev: string })
  /** The packet reached a local socket (or the kernel answered it). */
  | (StepBase & { readonly step: 'deliver'; readonly dev?: string })
  /** The kernel generated an ICMP message (or a reset) about the packet. */
  | (StepBase & { readonly step: 'icmp' })
  /** The packet died here. */
  | (StepBase & { readonly step: 'drop'; readonly dev?: string; readonly reason: DropReason });

/** The device a step names, if it names one (an ICMP step names none). */
export function deviceOf(e: TraceEvent): string | undefined {
  return 'dev' in e ? e.dev : undefined;
}

/** A trace event before the world stamps its time (Omit that keeps the union). */
export type TraceRecord = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 't'> : never) : never;

/** The events of each packet, packets in the order they were born. */
export function groupByPacket(events: readonly TraceEvent[]): Map<number, TraceEvent[]> {
  const byPacket = new Map<number, TraceEvent[]>();
  for (const e of events) {
    const list = byPacket.get(e.packet);
    if (list) list.push(e);
    else byPacket.set(e.packet, [e]);
  }
  return byPacket;
}

/** kfree_skb_reason: the packet dies here. Drops are recorded even when the trace is off. */
export function recordDrop(ns: Namespace, packetId: number, reason: DropReason, summary: string, note: string, dev?: Device): void {
  ns.world.record({ packet: packetId, step: 'drop', ns: ns.name, dev: dev?.name, reason, summary, note });
}
