// The ICMP tracker: echo (and the other query pairs) tracked by id, 30 s, refreshed by every
// packet; errors are not tracked themselves but RELATED to the entry of the packet they quote.
// Mirrors net/netfilter/nf_conntrack_proto_icmp.c.

import type { ConntrackEntry, TrackVerdict } from './core.ts';

/** Echo request/reply and the other ICMP query pairs, as nf_conntrack_proto_icmp inverts them. */
const ICMP_INVERSE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
const ICMP_QUERY_TYPES = new Set([8, 13, 15, 17]);

export const ICMP_TIMEOUT_MS = 30_000;

/** The type of the answer to an ICMP query (a type without one stays as it is). */
export function invertIcmpType(type: number): number {
  return ICMP_INVERSE[type] ?? type;
}

/** icmp_new: only a query (echo request, timestamp, info, address mask) starts an entry. */
export function icmpStartsEntry(type: number): boolean {
  return ICMP_QUERY_TYPES.has(type);
}

/** icmp_packet: every packet of the entry refreshes its 30 s. */
export function trackIcmp(entry: ConntrackEntry, now: number): TrackVerdict {
  entry.expiresAt = now + ICMP_TIMEOUT_MS;
  return 'accept';
}
