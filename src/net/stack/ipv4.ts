// One namespace's IPv4 stack and the link layer under it: device receive and transmit, veth,
// loopback, bridges (with br_netfilter), ARP, ip_rcv / ip_forward / ip_local_out, and the
// ICMP messages the kernel itself sends.
//
// Receive:  [ingress tap] -> (bridge port? br_handle_frame) -> ip_rcv -> PREROUTING
//           -> routing -> INPUT -> local socket      | FORWARD -> POSTROUTING -> neighbour -> xmit
// Send:     route -> OUTPUT -> (reroute after DNAT) -> POSTROUTING -> neighbour -> [egress tap] -> xmit
// Mirrors net/core/dev.c, net/ipv4/{ip_input,ip_forward,ip_output,route,arp,icmp}.c,
// net/bridge/{br_input,br_forward,br_netfilter_hooks}.c and drivers/net/veth.c.

import { BROADCAST_MAC, ZERO_MAC, formatIpv4, inCidr, isMulticastIpv4, networkOf, type Ipv4Addr, type MacAddr } from '../addr.ts';
import { tap } from '../link/capture.ts';
import { runHook } from '../netfilter/hooks.ts';
import type { HookName, Target } from '../netfilter/rule.ts';
import {
  ipTotalLength,
  isIcmpError,
  type ArpPacket,
  type EthernetFrame,
  type IcmpError,
  type Ipv4Packet,
} from '../wire/packet.ts';
import { SimulationLimit, type Device, type Namespace, type Skb } from '../world.ts';
import type { DropReason } from '../trace.ts';
import { summarize } from './describe.ts';
import {
  DELAY_FIRST_PROBE_MS,
  MCAST_PROBES,
  RETRANS_MS,
  UCAST_PROBES,
  UNRES_QLEN,
  isValid,
  type NeighbourEntry,
} from './neighbour.ts';
import { lookupRoute, selectSourceAddress, sourceForRoute, type RouteResult } from './routing.ts';
import { resetFor, segmentName } from './tcp.ts';
import type { CtRef } from '../netfilter/conntrack.ts';

/** What travels with a frame inside one namespace (lost on a veth crossing). */
interface FrameMeta {
  readonly packetId: number;
  readonly skb?: Skb;
}

function frameSummary(frame: EthernetFrame): string {
  const p = frame.payload;
  if (p.kind === 'arp') {
    return p.op === 'request'
      ? `ARP, Request who-has ${formatIpv4(p.targetIp)} tell ${formatIpv4(p.senderIp)}`
      : `ARP, Reply ${formatIpv4(p.senderIp)} is-at ${p.senderMac}`;
  }
  return summarize(p);
}

function drop(ns: Namespace, packetId: number, reason: DropReason, summary: string, note: string, dev?: Device): void {
  ns.world.record({ packet: packetId, step: 'drop', ns: ns.name, dev: dev?.name, reason, summary, note });
}

// ------------------------------------------------------------------ link layer

/** dev_queue_xmit: the egress tap sees the frame, then the driver hands it on. */
export function deviceTransmit(dev: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = dev.ns;
  const world = ns.world;
  if (!dev.running) {
    drop(ns, meta.packetId, 'link-down', frameSummary(frame), `${dev.name} cannot transmit: it is down or has no carrier`, dev);
    return;
  }
  world.countFrame(meta.packetId, () => frameSummary(frame));
  // Linux would fragment it (ping -s 2000 on a veth); the engine has no fragmentation, and a
  // capture with one big frame instead of the kernel's fragments would be wrong.
  if (frame.payload.kind === 'ipv4' && ipTotalLength(frame.payload) > dev.mtu) {
    throw new SimulationLimit(`stopped: ${dev.name} would send a ${ipTotalLength(frame.payload)}-byte IPv4 packet, above its MTU ${dev.mtu}: fragmentation is not supported by the simulator`);
  }
  if (world.recordTrace) world.record({ packet: meta.packetId, step: 'transmit', ns: ns.name, dev: dev.name, hook: 'EGRESS', summary: frameSummary(frame), note: `${dev.name} transmits ${frameSummary(frame)}  (a capture on ${dev.name} sees it like this: after POSTROUTING)` });
  tap(world, dev, frame);
  switch (dev.kind) {
    case 'veth': {
      const peer = dev.peer!;
      // veth_xmit -> __dev_forward_skb: skb_scrub_packet drops the conntrack reference; the
      // peer receives it from the backlog, in its own namespace.
      world.schedule(world.now, () => deviceReceive(peer, frame, { packetId: meta.packetId }));
      return;
    }
    case 'loopback':
      // loopback_xmit keeps the skb's conntrack entry.
      world.schedule(world.now, () => l2Deliver(dev, frame, meta, 'host'));
      return;
    case 'bridge':
      bridgeDeviceTransmit(dev, frame, meta);
      return;
  }
}

/** __netif_receive_skb_core: ingress tap, then the bridge (rx_handler) or the protocol. */
export function deviceReceive(dev: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = dev.ns;
  if (!dev.adminUp) {
    drop(ns, meta.packetId, 'link-down', frameSummary(frame), `${dev.name} is down`, dev);
    return;
  }
  if (ns.world.recordTrace) ns.world.record({ packet: meta.packetId, step: 'receive', ns: ns.name, dev: dev.name, hook: 'INGRESS', summary: frameSummary(frame), note: `${dev.name} receives ${frameSummary(frame)} in namespace ${ns.name}  (a capture on ${dev.name} sees it like this: before PREROUTING)` });
  tap(ns.world, dev, frame);
  if (dev.master) {
    bridgeInput(dev.master, dev, frame, meta);
    return;
  }
  l2Deliver(dev, frame, meta, packetType(dev, frame.dst));
}

function packetType(dev: Device, dst: MacAddr): Skb['pktType'] {
  if (dst === BROADCAST_MAC) return 'broadcast';
  if ((parseInt(dst.slice(0, 2), 16) & 1) === 1) return 'multicast';
  return dst === dev.mac ? 'host' : 'otherhost';
}

/** Hands a frame to ARP or IPv4 on `dev` (eth_type_trans has set the packet type). */
function l2Deliver(dev: Device, frame: EthernetFrame, meta: FrameMeta, pktType: Skb['pktType']): void {
  const p = frame.payload;
  if (p.kind === 'arp') {
    arpReceive(dev, p, frame, pktType, meta.packetId);
    return;
  }
  const skb: Skb = meta.skb ?? { packetId: meta.packetId, ip: p, pktType };
  skb.ip = p;
  skb.pktType = pktType;
  skb.srcMac = frame.src;
  skb.dstMac = frame.dst;
  ipReceive(dev, skb);
}

// ------------------------------------------------------------------ bridge

function bridgeNfCallIptables(ns: Namespace): boolean {
  return (ns.sysctl('net.bridge.bridge-nf-call-iptables') ?? '1') === '1';
}

function isLocalMac(bridge: Device, mac: MacAddr): boolean {
  return bridge.mac === mac || bridge.ports.some((p) => p.mac === mac);
}

function portForwarding(port: Device): boolean {
  return port.adminUp && port.carrier;
}

/** br_handle_frame on `port`: learning, br_netfilter's PREROUTING, then forward / flood / up. */
function bridgeInput(bridge: Device, port: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = bridge.ns;
  const world = ns.world;
  if (!bridge.adminUp || !portForwarding(port)) {
    drop(ns, meta.packetId, 'bridge-port-state', frameSummary(frame), `${port.name} is not forwarding (bridge ${bridge.name} down?)`, port);
    return;
  }
  if ((parseInt(frame.src.slice(0, 2), 16) & 1) === 0 && !isLocalMac(bridge, frame.src)) bridge.fdb.set(frame.src, port);

  let skb: Skb | undefined;
  if (frame.payload.kind === 'ipv4' && bridgeNfCallIptables(ns)) {
    // br_nf_pre_routing: the IPv4 PREROUTING hooks run now, with in = the bridge, physin = the port.
    skb = { packetId: meta.packetId, ip: frame.payload, pktType: packetType(bridge, frame.dst), inDev: bridge, physIn: port, srcMac: frame.src, dstMac: frame.dst };
    if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: port.name, hook: 'BRIDGE', summary: frameSummary(frame), note: `br_netfilter: the frame entered bridge ${bridge.name} by port ${port.name}; IPv4 PREROUTING runs here, before ${bridge.name} itself sees the frame` });
    if (!passHook(ns, 'PREROUTING', skb, bridge, undefined, port)) return;
    skb.preroutingDone = true;
    const daddrChanged = skb.ip.dst !== frame.payload.dst;
    frame = { ...frame, payload: skb.ip };
    if (daddrChanged) {
      // br_nf_pre_routing_finish: the destination changed (DNAT, or the de-SNAT of a reply):
      // route it. Routed elsewhere (or local): the frame goes up to the bridge as if addressed
      // to it. Routed back into this bridge ("bridged DNAT"): bridge it to the new host's MAC
      // if the neighbour is known, else send it through the bridge device's neighbour output.
      const route = lookupRoute(ns, { dst: skb.ip.dst, src: skb.ip.src, iif: bridge });
      if (route && route.type === 'unicast' && route.dev === bridge) {
        const entry = ns.neighbourTable(bridge).get(route.nextHop);
        if (!entry?.mac || !isValid(entry.state)) {
          if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: bridge.name, hook: 'BRIDGE', summary: summarize(skb.ip), note: `br_netfilter: the new destination ${formatIpv4(skb.ip.dst)} is on ${bridge.name} itself but its MAC is unknown: the frame leaves through ${bridge.name}'s neighbour output` });
          neighbourOutput(bridge, route.nextHop, { ...skb, local: false, bridgedDnatSrcMac: frame.src });
          return;
        }
        frame = { ...frame, dst: entry.mac };
      } else {
        frame = { ...frame, dst: bridge.mac };
        skb.pktType = 'host';
      }
    }
  }
  bridgeFrameFinish(bridge, port, frame, { packetId: meta.packetId, skb });
}

/** br_handle_frame_finish: deliver up, forward to the learned port, or flood. */
function bridgeFrameFinish(bridge: Device, port: Device, frame: EthernetFrame, bridgeMeta: FrameMeta): void {
  const ns = bridge.ns;
  const world = ns.world;
  const meta = bridgeMeta;
  const dst = frame.dst;
  const broadcast = (parseInt(dst.slice(0, 2), 16) & 1) === 1;
  if (broadcast) {
    bridgeFlood(bridge, port, frame, bridgeMeta, false);
    bridgePassUp(bridge, frame, bridgeMeta);
    return;
  }
  if (isLocalMac(bridge, dst)) {
    bridgePassUp(bridge, frame, bridgeMeta);
    return;
  }
  const out = bridge.fdb.get(dst);
  if (out === port) {
    drop(ns, meta.packetId, 'bridge-same-port', frameSummary(frame), `the destination MAC was learned on ${port.name}, the port it came in by: not sent back`, port);
  } else if (out) {
    if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: bridge.name, hook: 'BRIDGE', summary: frameSummary(frame), note: `bridge ${bridge.name}: ${dst} is known on port ${out.name}: forward there` });
    bridgeForward(bridge, port, out, frame, bridgeMeta);
  } else {
    if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: bridge.name, hook: 'BRIDGE', summary: frameSummary(frame), note: `bridge ${bridge.name}: ${dst} is unknown: flood to every other port` });
    bridgeFlood(bridge, port, frame, bridgeMeta, false);
  }
  // A promiscuous bridge device (tcpdump without -p) also receives frames bridged past it.
  if (bridge.promiscuous) bridgePassUp(bridge, frame, bridgeMeta);
}

/** br_pass_frame_up: the bridge device receives the frame (its tap sees it now). */
function bridgePassUp(bridge: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = bridge.ns;
  if (ns.world.recordTrace) ns.world.record({ packet: meta.packetId, step: 'receive', ns: ns.name, dev: bridge.name, hook: 'INGRESS', summary: frameSummary(frame), note: `bridge device ${bridge.name} receives ${frameSummary(frame)}  (a capture on ${bridge.name} sees it like this${meta.skb?.preroutingDone ? ': already through PREROUTING, because br_netfilter ran conntrack and NAT at the port' : ''})` });
  tap(ns.world, bridge, frame);
  const skb = meta.skb ? { ...meta.skb, inDev: bridge } : undefined;
  // With br_netfilter the packet type was settled at the port (a bridged DNAT keeps
  // PACKET_HOST even after the MAC was rewritten: the promiscuous-bridge duplicate).
  l2Deliver(bridge, frame, { packetId: meta.packetId, skb }, skb?.pktType ?? packetType(bridge, frame.dst));
}

function bridgeFlood(bridge: Device, from: Device | undefined, frame: EthernetFrame, meta: FrameMeta, local: boolean): void {
  for (const port of bridge.ports) {
    if (port === from || !portForwarding(port)) continue;
    if (local) deviceTransmit(port, frame, { packetId: meta.packetId });
    else bridgeForward(bridge, from!, port, frame, meta);
  }
}

/** br_forward between two ports: br_netfilter runs FORWARD and POSTROUTING (in = out = bridge). */
function bridgeForward(bridge: Device, from: Device, to: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = bridge.ns;
  if (meta.skb && frame.payload.kind === 'ipv4') {
    const skb: Skb = { ...meta.skb, ip: frame.payload, inDev: bridge, outDev: bridge, physIn: from, physOut: to };
    // A bridged packet meets FORWARD and POSTROUTING with -i and -o both the bridge.
    if (!passHook(ns, 'FORWARD', skb, bridge, bridge, to) || !passHook(ns, 'POSTROUTING', skb, undefined, bridge, to)) return;
    frame = { ...frame, payload: skb.ip };
  }
  deviceTransmit(to, frame, { packetId: meta.packetId });
}

/** br_dev_xmit: the host sends through its bridge device; routed packets skip br_netfilter. */
function bridgeDeviceTransmit(bridge: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const skb = meta.skb;
  if (skb?.bridgedDnatSrcMac !== undefined && skb.physIn) {
    // br_nf_pre_routing_finish_bridge_slow: restore the frame's own source MAC and bridge it
    // on from the port it came in by, as if the neighbour had been known.
    const restored = { ...frame, src: skb.bridgedDnatSrcMac };
    bridgeFrameFinish(bridge, skb.physIn, restored, { packetId: meta.packetId, skb: { ...skb, bridgedDnatSrcMac: undefined } });
    return;
  }
  const dst = frame.dst;
  const out = (parseInt(dst.slice(0, 2), 16) & 1) === 1 ? undefined : bridge.fdb.get(dst);
  if (out && portForwarding(out)) deviceTransmit(out, frame, { packetId: meta.packetId });
  else bridgeFlood(bridge, undefined, frame, meta, true);
}

// ------------------------------------------------------------------ ARP

function arpFrame(dev: Device, op: ArpPacket['op'], senderIp: Ipv4Addr, targetIp: Ipv4Addr, targetMac: MacAddr, dstMac: MacAddr): EthernetFrame {
  return {
    src: dev.mac,
    dst: dstMac,
    payload: { kind: 'arp', op, senderMac: dev.mac, senderIp, targetMac, targetIp },
  };
}

function arpReceive(dev: Device, arp: ArpPacket, frame: EthernetFrame, pktType: Skb['pktType'], packetId: number): void {
  const ns = dev.ns;
  const world = ns.world;
  if (pktType === 'otherhost' || dev.kind === 'loopback') return;
  const table = ns.neighbourTable(dev);
  const existing = table.get(arp.senderIp);
  if (arp.op === 'request') {
    const arpIgnore = ns.confValue(dev, 'arp_ignore');
    const local = arpIgnore >= 1 ? dev.addresses.some((a) => a.addr === arp.targetIp) : ns.isLocalAddress(arp.targetIp);
    if (local && arp.senderIp !== 0) {
      // neigh_event_ns: the requester is learned (STALE) before we answer it.
      updateNeighbour(dev, arp.senderIp, arp.senderMac, 'STALE');
      const reply = arpFrame(dev, 'reply', arp.targetIp, arp.senderIp, arp.senderMac, arp.senderMac);
      if (world.recordTrace) world.record({ packet: packetId, step: 'arp', ns: ns.name, dev: dev.name, summary: frameSummary(frame), note: `${formatIpv4(arp.targetIp)} is an address of namespace ${ns.name}: ${dev.name} answers with its MAC ${dev.mac}` });
      deviceTransmit(dev, reply, { packetId: world.newPacketId() });
      return;
    }
    if (existing && existing.mac !== undefined && existing.mac !== arp.senderMac) updateNeighbour(dev, arp.senderIp, arp.senderMac, 'STALE');
    return;
  }
  if (existing) {
    updateNeighbour(dev, arp.senderIp, arp.senderMac, pktType === 'host' ? 'REACHABLE' : 'STALE');
  }
}

function newEntry(ip: Ipv4Addr, ns: Namespace): NeighbourEntry {
  return { ip, state: 'INCOMPLETE', queue: [], confirmedAt: -Infinity, reachableMs: ns.world.random.intBetween(15_000, 45_000), probes: 0, generation: 0 };
}

/** neigh_update: a MAC learned or confirmed; queued packets leave when the entry turns valid. */
function updateNeighbour(dev: Device, ip: Ipv4Addr, mac: MacAddr, state: 'REACHABLE' | 'STALE'): void {
  const ns = dev.ns;
  const table = ns.neighbourTable(dev);
  let entry = table.get(ip);
  if (!entry) {
    entry = newEntry(ip, ns);
    table.set(ip, entry);
  }
  if (entry.state === 'PERMANENT') return;
  const sameMac = entry.mac === mac;
  if (state === 'STALE' && sameMac && isValid(entry.state)) return; // no downgrade of a known neighbour
  entry.mac = mac;
  entry.state = state;
  entry.generation++;
  entry.probes = 0;
  if (state === 'REACHABLE') entry.confirmedAt = ns.world.now;
  const queued = entry.queue;
  entry.queue = [];
  for (const skb of queued) sendToNeighbour(dev, mac, skb);
}

/** arp_solicit: who-has, with the sender address Linux picks (the packet's source if local). */
function arpSolicit(dev: Device, entry: NeighbourEntry, unicastTo?: MacAddr): void {
  const ns = dev.ns;
  const head = entry.queue[0];
  let sender: Ipv4Addr | undefined;
  const arpAnnounce = ns.confValue(dev, 'arp_announce');
  if (head && arpAnnounce < 2 && ns.isLocalAddress(head.ip.src)) sender = head.ip.src;
  sender ??= selectSourceAddress(ns, dev, entry.ip) ?? 0;
  const frame = arpFrame(dev, 'request', sender, entry.ip, ZERO_MAC, unicastTo ?? BROADCAST_MAC);
  const packetId = ns.world.newPacketId();
  if (ns.world.recordTrace) ns.world.record({ packet: packetId, step: 'arp', ns: ns.name, dev: dev.name, summary: frameSummary(frame), note: `${formatIpv4(entry.ip)} has no MAC in ${dev.name}'s neighbour cache: ask (the sender address is ${formatIpv4(sender)}${head && head.ip.src === sender ? ', the waiting packet\'s own source, because it is local' : ''})` });
  deviceTransmit(dev, frame, { packetId });
}

function scheduleSolicit(dev: Device, entry: NeighbourEntry): void {
  const ns = dev.ns;
  const world = ns.world;
  const generation = entry.generation;
  world.schedule(world.now + RETRANS_MS, () => {
    if (entry.generation !== generation) return;
    if (entry.state === 'INCOMPLETE') {
      if (entry.probes >= MCAST_PROBES) {
        failNeighbour(dev, entry);
        return;
      }
      entry.probes++;
      arpSolicit(dev, entry);
      scheduleSolicit(dev, entry);
    } else if (entry.state === 'PROBE') {
      if (entry.probes >= UCAST_PROBES) {
        failNeighbour(dev, entry);
        return;
      }
      entry.probes++;
      arpSolicit(dev, entry, entry.mac);
      scheduleSolicit(dev, entry);
    }
  });
}

function failNeighbour(dev: Device, entry: NeighbourEntry): void {
  entry.state = 'FAILED';
  entry.generation++;
  const queued = entry.queue;
  entry.queue = [];
  for (const skb of queued) {
    drop(dev.ns, skb.packetId, 'neighbour-failed', summarize(skb.ip), `no ARP reply from ${formatIpv4(entry.ip)} after ${MCAST_PROBES} requests: the packet is dropped and its sender told "host unreachable"`, dev);
    // arp_error_report -> ipv4_link_failure -> icmp_send(ICMP_HOST_UNREACH)
    icmpSendError(dev.ns, skb, 3, 1);
  }
}

/** neigh_resolve_output: send now if the MAC is known, else queue and ask. */
function neighbourOutput(dev: Device, nextHop: Ipv4Addr, skb: Skb): void {
  const ns = dev.ns;
  const world = ns.world;
  if (dev.kind === 'loopback') {
    sendFrame(dev, ZERO_MAC, ZERO_MAC, skb);
    return;
  }
  if (nextHop === 0xffffffff || dev.addresses.some((a) => a.broadcast === nextHop)) {
    sendToNeighbour(dev, BROADCAST_MAC, skb);
    return;
  }
  const table = ns.neighbourTable(dev);
  let entry = table.get(nextHop);
  if (entry && entry.state === 'REACHABLE' && world.now > entry.confirmedAt + entry.reachableMs) {
    entry.state = 'STALE';
    entry.generation++;
  }
  if (entry && isValid(entry.state) && entry.mac) {
    if (entry.state === 'STALE') {
      entry.state = 'DELAY';
      entry.generation++;
      const generation = entry.generation;
      const e = entry;
      world.schedule(world.now + DELAY_FIRST_PROBE_MS, () => {
        if (e.generation !== generation || e.state !== 'DELAY') return;
        if (world.now <= e.confirmedAt + e.reachableMs) {
          e.state = 'REACHABLE';
          e.generation++;
          return;
        }
        e.state = 'PROBE';
        e.generation++;
        e.probes = 1;
        arpSolicit(dev, e, e.mac);
        scheduleSolicit(dev, e);
      });
    }
    sendToNeighbour(dev, entry.mac, skb);
    return;
  }
  if (!entry || entry.state === 'FAILED') {
    entry = entry ?? newEntry(nextHop, ns);
    entry.state = 'INCOMPLETE';
    entry.generation++;
    entry.probes = 1;
    entry.queue = [skb];
    table.set(nextHop, entry);
    if (world.recordTrace) world.record({ packet: skb.packetId, step: 'arp', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `waits: ${formatIpv4(nextHop)}'s MAC on ${dev.name} is unknown, ARP asks first` });
    arpSolicit(dev, entry);
    scheduleSolicit(dev, entry);
    return;
  }
  // INCOMPLETE: wait in the queue (the oldest packets go when it is full).
  if (world.recordTrace) world.record({ packet: skb.packetId, step: 'arp', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `waits for ARP to resolve ${formatIpv4(nextHop)} on ${dev.name}` });
  entry.queue.push(skb);
  if (entry.queue.length > UNRES_QLEN) entry.queue.shift();
}

function sendToNeighbour(dev: Device, mac: MacAddr, skb: Skb): void {
  sendFrame(dev, dev.mac, mac, skb);
}

function sendFrame(dev: Device, src: MacAddr, dst: MacAddr, skb: Skb): void {
  const frame: EthernetFrame = { src, dst, payload: skb.ip };
  const keepSkb = dev.kind === 'loopback' || skb.bridgedDnatSrcMac !== undefined;
  deviceTransmit(dev, frame, { packetId: skb.packetId, skb: keepSkb ? skb : undefined });
}

/**
 * Runs a netfilter hook on the packet; on REJECT sends the ICMP error, on DROP or REJECT
 * records the drop. True when the packet may go on.
 */
function passHook(ns: Namespace, hook: HookName, skb: Skb, inDev: Device | undefined, outDev: Device | undefined, where?: Device): boolean {
  const verdict = runHook(ns, hook, skb, inDev, outDev);
  if (verdict.kind === 'accept') return true;
  if (verdict.kind === 'reject') rejectPacket(ns, skb, verdict.target);
  drop(ns, skb.packetId, 'netfilter', summarize(skb.ip), `${verdict.kind === 'reject' ? 'rejected' : 'dropped'} in ${hook}`, where);
  return false;
}

// ------------------------------------------------------------------ IPv4 receive

/** ip_rcv: drop frames for other hosts, run PREROUTING unless br_netfilter already did. */
function ipReceive(dev: Device, skb: Skb): void {
  const ns = dev.ns;
  skb.inDev = dev;
  if (skb.pktType === 'otherhost') {
    drop(ns, skb.packetId, 'not-for-us', summarize(skb.ip), `${dev.name} received a frame addressed to another MAC: the IP layer ignores it`, dev);
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
    drop(ns, skb.packetId, 'martian-source', summarize(skb.ip), `martian source ${formatIpv4(src)}`, dev);
    return;
  }
  if (isMulticastIpv4(dst)) {
    drop(ns, skb.packetId, 'no-socket', summarize(skb.ip), 'multicast is not modelled', dev);
    return;
  }
  const route = lookupRoute(ns, { dst, src, iif: dev });
  const forwarding = ns.confValue(dev, 'forwarding') === 1;
  if (!fromLoopback) {
    // fib_validate_source: a packet that claims to come from one of our own addresses is a martian.
    if (ns.isLocalAddress(src) && ns.confValue(dev, 'accept_local') === 0) {
      drop(ns, skb.packetId, 'martian-source', summarize(skb.ip), `martian source ${formatIpv4(src)} on ${dev.name}: that address belongs to namespace ${ns.name} itself, so the packet is dropped before routing`, dev);
      return;
    }
    const rpFilter = ns.confValue(dev, 'rp_filter');
    if (rpFilter > 0 && route && (route.type === 'local' || forwarding)) {
      const back = lookupRoute(ns, { dst: src, src: dst, iif: dev });
      const ok = rpFilter === 1 ? back !== undefined && back.type === 'unicast' && back.dev === dev : back !== undefined;
      if (!ok) {
        drop(ns, skb.packetId, 'rp-filter', summarize(skb.ip), `rp_filter=${rpFilter}: the route back to ${formatIpv4(src)} does not ${rpFilter === 1 ? `leave by ${dev.name}` : 'exist'}`, dev);
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
    drop(ns, skb.packetId, 'forwarding-off', summarize(skb.ip), `${formatIpv4(dst)} is not local and ip_forward is 0 in namespace ${ns.name}: dropped`, dev);
    return;
  }
  if (!route) {
    drop(ns, skb.packetId, 'no-route', summarize(skb.ip), `no route to ${formatIpv4(dst)} in namespace ${ns.name}`, dev);
    icmpSendError(ns, skb, 3, 0);
    return;
  }
  if (world.recordTrace) world.record({ packet: skb.packetId, step: 'route', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `routing: ${formatIpv4(dst)} is not local: forward out ${route.dev.name}${route.route?.gateway !== undefined ? ` via ${formatIpv4(route.route.gateway)}` : ''} (so -o ${route.dev.name} from here on)` });
  ipForward(dev, route, skb);
}

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
      if (quoted.kind === 'icmp' && !isIcmpError(quoted)) ns.pingSockets.get(quoted.id)?.onError(quoted.seq);
      return;
    }
    if (t.type === 8) {
      const ignoreAll = ns.sysctl('net.ipv4.icmp_echo_ignore_all') === '1';
      const ignoreBroadcast = broadcast && (ns.sysctl('net.ipv4.icmp_echo_ignore_broadcasts') ?? '1') === '1';
      if (ignoreAll || ignoreBroadcast) {
        drop(ns, skb.packetId, 'icmp-echo-ignored', summarize(p), 'echo requests are ignored (icmp_echo_ignore_*)', dev);
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
      ping?.onReply(t.seq);
      return;
    }
    return;
  }
  if (t.kind === 'tcp') {
    // tcp_v4_rcv: an established four-tuple, else a listener; nothing there: tcp_v4_send_reset.
    if (ns.sockets?.deliverTcp(p, skb.packetId, dev)) return;
    const rst = resetFor(t);
    drop(ns, skb.packetId, 'no-socket', summarize(p), rst ? `no socket for TCP port ${t.dport}: the kernel answers with a reset (${segmentName(rst.flags)})` : 'no socket for this reset: dropped silently', dev);
    if (rst) {
      // ip_send_unicast_reply: from the address the segment was sent to, TTL 64, IP id 0.
      ipLocalOut(ns, { kind: 'ipv4', src: p.dst, dst: p.src, ttl: 64, id: 0, payload: rst }, { reason: `TCP: nothing listens on port ${t.dport}, so the kernel resets the connection attempt` });
    }
    return;
  }
  // udp_rcv: a socket bound to the port (a connected one only takes its peer's datagrams).
  if (ns.sockets?.deliverUdp(p, skb.packetId)) return;
  drop(ns, skb.packetId, 'no-socket', summarize(p), `no socket for UDP port ${t.dport}: ICMP port unreachable`, dev);
  icmpSendError(ns, skb, 3, 3);
}

/** ip_forward: TTL, redirects, FORWARD, then ip_output. */
function ipForward(inDev: Device, route: RouteResult, skb: Skb): void {
  const ns = inDev.ns;
  if (skb.ip.ttl <= 1) {
    drop(ns, skb.packetId, 'ttl-exceeded', summarize(skb.ip), `TTL ${skb.ip.ttl} would reach 0 here: dropped, and ICMP time exceeded goes back`, inDev);
    icmpSendError(ns, skb, 11, 0);
    return;
  }
  if (route.dev === inDev && ns.confValue(inDev, 'send_redirects') !== 0 && route.route?.gateway !== undefined) {
    const onLink = inDev.addresses.some((a) => inCidr(skb.ip.src, { addr: networkOf(a.addr, a.len), len: a.len }) && inCidr(route.nextHop, { addr: networkOf(a.addr, a.len), len: a.len }));
    if (onLink) maybeSendRedirect(ns, skb, inDev, route.nextHop);
  }
  skb.ip = { ...skb.ip, ttl: skb.ip.ttl - 1 };
  if (!passHook(ns, 'FORWARD', skb, inDev, route.dev, inDev)) return;
  ipOutput(ns, skb, route);
}

/** ip_rt_send_redirect's token bucket: the first redirects go out at once, later ones back off. */
function maybeSendRedirect(ns: Namespace, skb: Skb, inDev: Device, gateway: Ipv4Addr): void {
  const key = `${skb.ip.src}`;
  const peers = (ns as Namespace & { redirectPeers?: Map<string, { count: number; last: number }> });
  peers.redirectPeers ??= new Map();
  const state = peers.redirectPeers.get(key) ?? { count: 0, last: -Infinity };
  // ip_rt_redirect_load = HZ/50, doubled for every redirect already sent; at most 9.
  const wait = state.count === 0 ? 0 : 20 << state.count;
  if (state.count >= 9 || ns.world.now < state.last + wait) return;
  state.count++;
  state.last = ns.world.now;
  peers.redirectPeers.set(key, state);
  icmpSendError(ns, skb, 5, 1, gateway, inDev);
}

/** ip_output: POSTROUTING, then the neighbour layer. */
function ipOutput(ns: Namespace, skb: Skb, route: RouteResult): void {
  skb.outDev = route.dev;
  if (!passHook(ns, 'POSTROUTING', skb, skb.local ? undefined : skb.inDev, route.dev, route.dev)) return;
  neighbourOutput(route.dev, route.nextHop, skb);
}

// ------------------------------------------------------------------ local output

export interface LocalOutOptions {
  /** SO_BINDTODEVICE (ping -I DEV). */
  readonly oif?: Device;
  readonly packetId?: number;
  /** Why the packet is sent (a TCP transition, a REJECT ...): shown in the trace. */
  readonly reason?: string;
  /** A conntrack entry attached before OUTPUT (nf_ct_attach: REJECT's reset is RELATED). */
  readonly ct?: CtRef;
}

/** A locally generated packet: route, OUTPUT, reroute after DNAT, POSTROUTING, neighbour. */
export function ipLocalOut(ns: Namespace, packet: Ipv4Packet, options: LocalOutOptions): boolean {
  const world = ns.world;
  const packetId = options.packetId ?? world.newPacketId();
  let route = lookupRoute(ns, { dst: packet.dst, oif: options.oif });
  if (!route) {
    drop(ns, packetId, 'no-route', summarize(packet), `no route to ${formatIpv4(packet.dst)} from namespace ${ns.name}`);
    return false;
  }
  if (packet.src === 0) {
    const src = sourceForRoute(ns, route, packet.dst);
    if (src === undefined) return false;
    packet = { ...packet, src };
  }
  const skb: Skb = { packetId, ip: packet, pktType: 'host', local: true, outDev: route.dev };
  if (options.ct) skb.ct = options.ct;
  if (world.recordTrace) world.record({ packet: packetId, step: 'route', ns: ns.name, dev: route.dev.name, summary: summarize(packet), note: `namespace ${ns.name} sends ${summarize(packet)}${options.reason ? ` (${options.reason})` : ''}: the route says out ${route.dev.name}${route.route?.gateway !== undefined ? ` via ${formatIpv4(route.route.gateway)}` : ''}` });
  if (!passHook(ns, 'OUTPUT', skb, undefined, route.dev)) return false;
  if (skb.ip.dst !== packet.dst) {
    // ip_route_me_harder: nat OUTPUT changed the destination, route again.
    const rerouted = lookupRoute(ns, { dst: skb.ip.dst, oif: options.oif });
    if (!rerouted) {
      drop(ns, packetId, 'no-route', summarize(skb.ip), 'no route after DNAT in OUTPUT');
      return false;
    }
    route = rerouted;
  }
  ipOutput(ns, skb, route);
  return true;
}

// ------------------------------------------------------------------ ICMP errors

const ICMP_QUOTE_LIMIT = 576 - 20 - 8;

/**
 * icmp_send: an ICMP error about `skb` back to its source. Never about an ICMP error, a
 * broadcast or multicast. The source is the address the packet was sent to when that is
 * local, else whatever the route back chooses.
 */
export function icmpSendError(ns: Namespace, skb: Skb, type: IcmpError['type'], code: number, gateway?: Ipv4Addr, _inDev?: Device): void {
  const offending = skb.ip;
  if (offending.payload.kind === 'icmp' && isIcmpError(offending.payload)) return;
  if (skb.pktType === 'broadcast' || skb.pktType === 'multicast' || isMulticastIpv4(offending.dst)) return;
  if (offending.src === 0 || isMulticastIpv4(offending.src)) return;
  const src = ns.isLocalAddress(offending.dst) ? offending.dst : 0;
  const quotedLength = Math.min(ipTotalLength(offending), ICMP_QUOTE_LIMIT);
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
function rejectPacket(ns: Namespace, skb: Skb, target: Extract<Target, { kind: 'REJECT' }>): void {
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

