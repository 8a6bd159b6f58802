// Trace events: every step of every packet, in the order the engine performed them.
// tcpdump output, counters, the packet walk, grading: all of them read this record.

import type { HookName, TableName } from './netfilter/rule.ts';

export type DropReason =
  | 'netfilter' // a DROP / REJECT verdict or a DROP policy
  | 'no-route'
  | 'ttl-exceeded'
  | 'rp-filter'
  | 'martian-source'
  | 'link-down'
  | 'not-for-us' // frame addressed to another host's MAC (PACKET_OTHERHOST)
  | 'forwarding-off'
  | 'neighbour-failed' // ARP got no answer
  | 'no-socket' // nothing listens (ICMP error sent where Linux sends one)
  | 'bridge-same-port'
  | 'bridge-port-state'
  | 'icmp-echo-ignored';

export type TraceStep =
  | 'tap' // a tcpdump copy
  | 'receive' // a device receives a frame
  | 'transmit' // a device sends a frame
  | 'bridge' // bridge forwarding decision
  | 'hook' // a netfilter hook runs a table's chain
  | 'rule' // a rule matched
  | 'policy' // a built-in chain's policy applied
  | 'conntrack' // lookup / new entry / confirm
  | 'nat' // an address or id rewritten
  | 'route' // routing decision
  | 'arp' // neighbour resolution
  | 'deliver' // reached a local socket
  | 'icmp' // an ICMP message was generated
  | 'drop';

export interface TraceEvent {
  /** Simulated time in milliseconds. */
  readonly t: number;
  /** Which packet: a number shared by every step of one packet (a reply is a new packet). */
  readonly packet: number;
  readonly step: TraceStep;
  readonly ns: string;
  readonly dev?: string;
  readonly hook?: HookName | 'BRIDGE' | 'INGRESS' | 'EGRESS';
  readonly table?: TableName;
  readonly chain?: string;
  /** 1-based rule number in `chain` for 'rule' events. */
  readonly rule?: number;
  readonly ruleText?: string;
  readonly verdict?: string;
  readonly reason?: DropReason;
  /** The packet as tcpdump -n would summarize it at this step. */
  readonly summary: string;
  /** For 'nat' events: the packet before the rewrite. */
  readonly before?: string;
  readonly ctState?: string;
  /** A sentence for people: what happened and why. */
  readonly note: string;
}

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
