// IPv4 receive: ip_rcv, the input route (martians, rp_filter, local or forward), INPUT, and
// delivery to a local socket or to the kernel's own answers (echo reply, reset, port unreachable).
// Mirrors net/ipv4/{ip_input,route,fib_frontend,icmp}.c, tcp_v4_rcv and udp_rcv.

import { formatIpv4, isMulticastIpv4 } from '../addr.ts';
import { summarize } from '../stack/describe.ts';
import { fibLookup, lookupRoute } from '../stack/routing.ts';
import { resetFor, segmentName } from '../stack/tcp.ts';
import { recordDrop } from '../trace.ts';
import { isIcmpError, type Ipv4Packet } from '../wire/packet.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { ipForward } from './forward.ts';
import { icmpSendError, peerRateAllow } from './icmp.ts';
import { passHook } from './nf-hook.ts';
import { ipLocalOut } from './output.ts';

/** ip_rcv: drop frames for other hosts, run PREROUTING unless br_netfilter already did. */
export function ipReceive(dev: Device, skb: Skb): void {
  const ns = dev.ns;
  skb.inDev = dev;
  if (skb.pktType === 'otherhost') {
    recordDrop(ns, skb.packetId, { kind: 'not-for-us' }, summarize(skb.ip), `${dev.name} received a frame addressed to another MAC: the IP layer ignores it`, dev);
    return;
  }
  if (!skb.preroutingDone && !passHook(ns, 'PREROUTING', skb, dev, undefined, dev)) return;
  ipRouteInput(dev, skb);
}

/** ip_route_input_slow: martians, the local table, forwarding, rp_filter. */
function ipRouteInput(dev: Device, skb: Skb): void {
  const ns = dev.ns;
  const world = ns.world;
  const { src, dst } = skb.ip;
  const fromLoopback = dev.kind === 'loopback';
  if (!fromLoopback && (isMulticastIpv4(src) || src === 0xffffffff || src >>> 24 === 0)) {
    recordDrop(ns, skb.packetId, { kind: 'martian-source' }, summarize(skb.ip), `martian source ${formatIpv4(src)}`, dev);
    return;
  }
  if (isMulticastIpv4(dst)) {
    recordDrop(ns, skb.packetId, { kind: 'multicast' }, summarize(skb.ip), 'multicast is not modelled', dev);
    return;
  }
  const lookup = fibLookup(ns, { dst, src, iif: dev });
  const route = typeof lookup === 'string' ? undefined : lookup;
  const forwarding = ns.confValue(dev, 'forwarding') === 1;
  if (!fromLoopback) {
    // fib_validate_source: a packet that claims to come from one of our own addresses is a martian.
    if (ns.isLocalAddress(src) && ns.confValue(dev, 'accept_local') === 0) {
      recordDrop(ns, skb.packetId, { kind: 'martian-source' }, summarize(skb.ip), `martian source ${formatIpv4(src)} on ${dev.name}: that address belongs to namespace ${ns.name} itself, so the packet is dropped before routing`, dev);
      return;
    }
    const rpFilter = ns.confValue(dev, 'rp_filter');
    if (rpFilter > 0 && route && (route.type === 'local' || forwarding)) {
      const back = lookupRoute(ns, { dst: src, src: dst, iif: dev });
      const ok = rpFilter === 1 ? back !== undefined && back.type === 'unicast' && back.dev === dev : back !== undefined;
      if (!ok) {
        recordDrop(ns, skb.packetId, { kind: 'rp-filter' }, summarize(skb.ip), `rp_filter=${rpFilter}: the route back to ${formatIpv4(src)} does not ${rpFilter === 1 ? `leave by ${dev.name}` : 'exist'}`, dev);
        return;
      }
    }
  }
  if (route && (route.type === 'local' || route.type === 'broadcast')) {
    if (world.recordTrace) world.record({ packet: skb.packetId, step: 'route', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `routing: ${formatIpv4(dst)} is an address of namespace ${ns.name} (local table): deliver locally, through INPUT` });
    ipLocalDeliver(dev, skb, route.type === 'broadcast');
    return;
  }
  if (!forwarding) {
    recordDrop(ns, skb.packetId, { kind: 'forwarding-off' }, summarize(skb.ip), `${formatIpv4(dst)} is not local and ip_forward is 0 in namespace ${ns.name}: dropped`, dev);
    return;
  }
  if (typeof lookup === 'string') {
    // ip_error: a blackhole drops silently; the others answer with their unreachable code.
    const code = lookup === 'EINVAL' ? undefined : FORWARD_ERROR_CODE[lookup];
    recordDrop(ns, skb.packetId, { kind: 'no-route' }, summarize(skb.ip), lookup === 'ENETUNREACH' ? `no route to ${formatIpv4(dst)} in namespace ${ns.name}` : `a ${ROUTE_NAME[lookup]} route for ${formatIpv4(dst)} in namespace ${ns.name}`, dev);
    // ip_error's own limit (ip_rt_error_cost 1 s, burst 5 s) on the same peer bucket as icmp_send's.
    if (code !== undefined && peerRateAllow(ns, src, 1000, 5000)) icmpSendError(ns, skb, 3, code);
    return;
  }
  if (world.recordTrace) world.record({ packet: skb.packetId, step: 'route', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `routing: ${formatIpv4(dst)} is not local: forward out ${lookup.dev.name}${lookup.route?.gateway !== undefined ? ` via ${formatIpv4(lookup.route.gateway)}` : ''} (so -o ${lookup.dev.name} from here on)` });
  ipForward(dev, lookup, skb);
}

/** ip_error's ICMP destination unreachable code for the lookup's error. */
const FORWARD_ERROR_CODE = { ENETUNREACH: 0, EHOSTUNREACH: 1, EACCES: 13 } as const;
const ROUTE_NAME = { EINVAL: 'blackhole', EHOSTUNREACH: 'unreachable', EACCES: 'prohibit' } as const;

/** ip_local_deliver: INPUT, then the protocol. */
function ipLocalDeliver(dev: Device, skb: Skb, broadcast: boolean): void {
  const ns = dev.ns;
  if (!passHook(ns, 'INPUT', skb, dev, undefined, dev)) return;
  localSocketDeliver(ns, skb, dev, broadcast);
}

function localSocketDeliver(ns: Namespace, skb: Skb, dev: Device, broadcast: boolean): void {
  const world = ns.world;
  const p = skb.ip;
  const t = p.payload;
  if (t.kind === 'icmp') {
    if (isIcmpError(t)) {
      const quoted = t.quoted.payload;
      const socketNote = quoted.kind === 'tcp' || quoted.kind === 'udp' ? ns.sockets?.icmpError(t.type, t.code, t.quoted) : undefined;
      if (world.recordTrace) world.record({ packet: skb.packetId, step: 'deliver', ns: ns.name, dev: dev.name, summary: summarize(p), note: socketNote ?? 'the ICMP error reaches the socket that sent the quoted packet' });
      if (quoted.kind === 'icmp' && !isIcmpError(quoted)) ns.pingSockets.get(quoted.id)?.onError(quoted.seq, { from: p.src, type: t.type, code: t.code });
      return;
    }
    if (t.type === 8) {
      const ignoreAll = ns.sysctl('net.ipv4.icmp_echo_ignore_all') === '1';
      const ignoreBroadcast = broadcast && (ns.sysctl('net.ipv4.icmp_echo_ignore_broadcasts') ?? '1') === '1';
      if (ignoreAll || ignoreBroadcast) {
        recordDrop(ns, skb.packetId, { kind: 'icmp-echo-ignored' }, summarize(p), 'echo requests are ignored (icmp_echo_ignore_*)', dev);
        return;
      }
      if (world.recordTrace) world.record({ packet: skb.packetId, step: 'deliver', ns: ns.name, dev: dev.name, summary: summarize(p), note: `namespace ${ns.name}'s kernel answers the echo request itself` });
      const reply: Ipv4Packet = {
        kind: 'ipv4',
        src: p.dst,
        dst: p.src,
        ttl: 64,
        id: ns.nextIpId(),
        payload: { kind: 'icmp', type: 0, code: 0, id: t.id, seq: t.seq, dataLength: t.dataLength },
      };
      ipLocalOut(ns, reply, {});
      return;
    }
    if (t.type === 0) {
      const ping = ns.pingSockets.get(t.id);
      if (world.recordTrace) world.record({ packet: skb.packetId, step: 'deliver', ns: ns.name, dev: dev.name, summary: summarize(p), note: ping ? `ping (id ${t.id}) receives the reply to seq ${t.seq}` : `no ping process with id ${t.id} here` });
      ping?.onReply(t.seq, { from: p.src, ttl: p.ttl, bytes: t.dataLength + 8 });
      return;
    }
    return;
  }
  if (t.kind === 'tcp') {
    // tcp_v4_rcv: an established four-tuple, else a listener; nothing there: tcp_v4_send_reset.
    if (ns.sockets?.deliverTcp(p, skb.packetId, dev)) return;
    const rst = resetFor(t);
    recordDrop(ns, skb.packetId, { kind: 'no-socket' }, summarize(p), rst ? `no socket for TCP port ${t.dport}: the kernel answers with a reset (${segmentName(rst.flags)})` : 'no socket for this reset: dropped silently', dev);
    if (rst) {
      // ip_send_unicast_reply: from the address the segment was sent to, TTL 64, IP id 0.
      ipLocalOut(ns, { kind: 'ipv4', src: p.dst, dst: p.src, ttl: 64, id: 0, payload: rst }, { reason: `TCP: nothing listens on port ${t.dport}, so the kernel resets the connection attempt` });
    }
    return;
  }
  // udp_rcv: a socket bound to the port (a connected one only takes its peer's datagrams).
  if (ns.sockets?.deliverUdp(p, skb.packetId)) return;
  recordDrop(ns, skb.packetId, { kind: 'no-socket' }, summarize(p), `no socket for UDP port ${t.dport}: ICMP port unreachable`, dev);
  icmpSendError(ns, skb, 3, 3);
}
