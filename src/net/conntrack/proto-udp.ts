// The UDP tracker. Mirrors net/netfilter/nf_conntrack_proto_udp.c.

import type { ConntrackEntry, TrackVerdict } from './core.ts';

export const UDP_TIMEOUT_MS = 30_000;
export const UDP_STREAM_TIMEOUT_MS = 120_000;

/**
 * nf_conntrack_udp_packet: 30 s (UNREPLIED), refreshed by every packet; once a reply has been
 * seen, a packet more than 2 s after the first one makes it a stream: 120 s and [ASSURED].
 */
export function trackUdp(entry: ConntrackEntry, seenReply: boolean, now: number): TrackVerdict {
  if (seenReply) {
    let timeout = UDP_TIMEOUT_MS;
    if (now > entry.createdAt + 2000) {
      timeout = UDP_STREAM_TIMEOUT_MS;
      entry.assured = true;
    }
    entry.expiresAt = now + timeout;
  } else {
    entry.expiresAt = now + UDP_TIMEOUT_MS;
  }
  return 'accept';
}
