// The ICMP errors the kernel itself sends: icmp_send. Mirrors net/ipv4/icmp.c.

import { formatIpv4, isMulticastIpv4, type Ipv4Addr } from '../addr.ts';
import { summarize } from '../stack/describe.ts';
import { isIcmpError, linuxIcmpQuoteLength, type IcmpError, type Ipv4Packet } from '../wire/packet.ts';
import type { Namespace, Skb } from '../world.ts';
import { ipLocalOut } from './output.ts';

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
  ipLocalOut(ns, error, {});
}
