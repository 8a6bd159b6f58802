// The ICMP errors the kernel itself sends: icmp_send. Mirrors net/ipv4/icmp.c.

import type { CtRef } from '../conntrack/core.ts';
import { formatIpv4, isMulticastIpv4, type Ipv4Addr } from '../addr.ts';
import { summarize } from '../stack/describe.ts';
import { isIcmpError, linuxIcmpQuoteLength, type IcmpError, type Ipv4Packet } from '../wire/packet.ts';
import type { Namespace, Skb } from '../world.ts';
import { ipLocalOut } from './output.ts';

/** net.ipv4.icmp_ratelimit (1000 ms) and XRLIM_BURST_FACTOR (include/net/inetpeer.h). */
const ICMP_RATELIMIT_MS = 1000;
const XRLIM_BURST_FACTOR = 6;

/**
 * inet_peer_xrlim_allow: one token bucket per peer address (rate_tokens, in jiffies), shared by
 * ip_error (cost 1 s, burst 5 s) and icmp_send (cost icmp_ratelimit, burst 6 of them). A new
 * peer's first count starts at the cap. A forwarded packet that ends on an error route pays
 * twice (ip_error, then icmp_send): two answers go out at once, the third waits.
 */
export function peerRateAllow(ns: Namespace, addr: Ipv4Addr, costMs: number, burstMs: number): boolean {
  let peer = ns.redirectPeers.get(addr);
  if (!peer) {
    peer = { count: 0, last: -Infinity };
    ns.redirectPeers.set(addr, peer);
  }
  const now = ns.world.now;
  let tokens = peer.tokensAt === undefined ? burstMs : (peer.tokens ?? 0) + (now - peer.tokensAt);
  peer.tokensAt = now;
  if (tokens > burstMs) tokens = burstMs;
  const allowed = tokens >= costMs;
  if (allowed) tokens -= costMs;
  peer.tokens = tokens;
  return allowed;
}

/**
 * icmp_send: an ICMP error about `skb` back to its source. Never about an ICMP error, a
 * broadcast or multicast. The source is the address the packet was sent to when that is
 * local, else whatever the route back chooses.
 */
export function icmpSendError(ns: Namespace, skb: Skb, type: IcmpError['type'], code: number, gateway?: Ipv4Addr): void {
  const offending = skb.ip;
  if (offending.payload.kind === 'icmp' && isIcmpError(offending.payload)) return;
  if (skb.pktType === 'broadcast' || skb.pktType === 'multicast' || isMulticastIpv4(offending.dst)) return;
  if (offending.src === 0 || isMulticastIpv4(offending.src)) return;
  // icmpv4_xrlim_allow: icmp_ratemask covers unreachable (but "frag needed"), source quench,
  // time exceeded and parameter problem; a local destination (route via lo) is never limited.
  const limited = (type === 3 && code !== 4) || type === 11;
  if (limited && !ns.isLocalAddress(offending.src) && !peerRateAllow(ns, offending.src, ICMP_RATELIMIT_MS, XRLIM_BURST_FACTOR * ICMP_RATELIMIT_MS)) {
    if (ns.world.recordTrace) ns.world.record({ packet: skb.packetId, step: 'icmp', ns: ns.name, summary: summarize(offending), note: `namespace ${ns.name} would send an ICMP error to ${formatIpv4(offending.src)}, but its rate limit (one a second after a short burst) holds it back` });
    return;
  }
  const src = ns.isLocalAddress(offending.dst) ? offending.dst : 0;
  const quotedLength = linuxIcmpQuoteLength(offending);
  const error: Ipv4Packet = {
    kind: 'ipv4',
    src,
    dst: offending.src,
    ttl: 64,
    id: ns.nextIpId(),
    payload: gateway !== undefined
      ? { kind: 'icmp', type, code, quoted: offending, quotedLength, gateway }
      : { kind: 'icmp', type, code, quoted: offending, quotedLength },
  };
  if (ns.world.recordTrace) ns.world.record({ packet: skb.packetId, step: 'icmp', ns: ns.name, summary: summarize(offending), note: `namespace ${ns.name} sends ICMP ${type === 11 ? 'time exceeded' : type === 5 ? 'redirect' : 'destination unreachable'} to ${formatIpv4(offending.src)}` });
  // icmp_glue_bits -> nf_ct_attach: the error carries the offending packet's conntrack entry,
  // RELATED in the other direction, even when that entry was never confirmed (a forwarded packet
  // that found no route): OUTPUT's conntrack leaves it be, and `-m state --state RELATED` sees it.
  const ct: CtRef | undefined = skb.ct && !skb.untracked ? { entry: skb.ct.entry, dir: skb.ct.dir === 'original' ? 'reply' : 'original', related: true } : undefined;
  ipLocalOut(ns, error, ct ? { ct } : {});
}
