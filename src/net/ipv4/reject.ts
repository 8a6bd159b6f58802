// The REJECT target's answers: an ICMP error, or a TCP reset.
// Mirrors net/ipv4/netfilter/ipt_REJECT.c and nf_reject_ipv4.c.

import { formatIpv4, isMulticastIpv4 } from '../addr.ts';
import type { CtRef } from '../conntrack/core.ts';
import type { Target } from '../netfilter/rule.ts';
import { summarize } from '../stack/describe.ts';
import { resetFor } from '../stack/tcp.ts';
import type { Namespace, Skb } from '../world.ts';
import { icmpSendError } from './icmp.ts';
import { ipLocalOut } from './output.ts';

const REJECT_CODES: Record<string, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
};

/** The REJECT target: an ICMP error (or a TCP reset) about the packet. */
export function rejectPacket(ns: Namespace, skb: Skb, target: Extract<Target, { kind: 'REJECT' }>): void {
  if (target.rejectWith === 'tcp-reset') {
    sendRejectReset(ns, skb);
    return;
  }
  const code = REJECT_CODES[target.rejectWith];
  if (code === undefined) return;
  icmpSendError(ns, skb, 3, code);
}

/**
 * nf_send_reset (REJECT --reject-with tcp-reset): a RST from the address the segment was sent
 * to, built like the kernel's own (Flags [R.], seq 0, ack ISN+1 for a SYN), sent by this
 * namespace through OUTPUT with the segment's conntrack entry attached as RELATED
 * (nf_ct_attach), so NAT translates it back like a reply.
 */
function sendRejectReset(ns: Namespace, skb: Skb): void {
  const p = skb.ip;
  if (p.payload.kind !== 'tcp') return;
  const rst = resetFor(p.payload);
  if (!rst) return;
  if (skb.pktType === 'broadcast' || skb.pktType === 'multicast' || isMulticastIpv4(p.dst)) return;
  const ct: CtRef | undefined = skb.ct && !skb.ct.related ? { entry: skb.ct.entry, dir: skb.ct.dir === 'original' ? 'reply' : 'original', related: true } : undefined;
  if (ns.world.recordTrace) ns.world.record({ packet: skb.packetId, step: 'icmp', ns: ns.name, summary: summarize(p), note: `REJECT --reject-with tcp-reset: namespace ${ns.name} answers in ${formatIpv4(p.dst)}'s name with a TCP reset` });
  ipLocalOut(ns, { kind: 'ipv4', src: p.dst, dst: p.src, ttl: 64, id: 0, payload: rst }, { reason: 'REJECT --reject-with tcp-reset', ct });
}
