// Devices: transmit and receive, the veth and loopback drivers, and the hand-off to ARP or IPv4.
//
//   transmit: dev_queue_xmit -> [egress tap] -> veth_xmit (peer's backlog) | loopback_xmit | br_dev_xmit
//   receive:  __netif_receive_skb_core -> [ingress tap] -> bridge port? br_handle_frame : arp_rcv | ip_rcv
// Mirrors net/core/dev.c, net/ethernet/eth.c (eth_type_trans), drivers/net/veth.c and
// drivers/net/loopback.c.

import { BROADCAST_MAC, type MacAddr } from '../addr.ts';
import { bridgeDeviceTransmit, bridgeInput } from '../bridge/bridge.ts';
import { ipReceive } from '../ipv4/input.ts';
import { arpReceive } from '../neighbour/arp.ts';
import { frameSummary } from '../stack/describe.ts';
import { recordDrop } from '../trace.ts';
import { ipTotalLength, type EthernetFrame } from '../wire/packet.ts';
import { SimulationLimit, type Device, type Skb } from '../world.ts';
import { tap } from './capture.ts';

/** What travels with a frame inside one namespace (lost on a veth crossing). */
export interface FrameMeta {
  readonly packetId: number;
  readonly skb?: Skb;
}

/** dev_queue_xmit: the egress tap sees the frame, then the driver hands it on. */
export function deviceTransmit(dev: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = dev.ns;
  const world = ns.world;
  if (!dev.running) {
    recordDrop(ns, meta.packetId, { kind: 'link-down' }, frameSummary(frame), `${dev.name} cannot transmit: it is down or has no carrier`, dev);
    return;
  }
  world.countFrame(meta.packetId, () => frameSummary(frame));
  // Linux would fragment it (ping -s 2000 on a veth); the engine has no fragmentation, and a
  // capture with one big frame instead of the kernel's fragments would be wrong.
  if (frame.payload.kind === 'ipv4' && ipTotalLength(frame.payload) > dev.mtu) {
    throw new SimulationLimit(`stopped: ${dev.name} would send a ${ipTotalLength(frame.payload)}-byte IPv4 packet, above its MTU ${dev.mtu}: fragmentation is not supported by the simulator`);
  }
  if (world.recordTrace) world.record({ packet: meta.packetId, step: 'transmit', ns: ns.name, dev: dev.name, hook: 'EGRESS', summary: frameSummary(frame), note: `${dev.name} transmits ${frameSummary(frame)}  (a capture on ${dev.name} sees it like this: after POSTROUTING)` });
  tap(world, dev, frame, 'out');
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
    case 'dummy':
      // dummy_xmit: counted and freed.
      recordDrop(ns, meta.packetId, { kind: 'link-down' }, frameSummary(frame), `${dev.name} is a dummy device: what it transmits goes nowhere`, dev);
      return;
  }
}

/** __netif_receive_skb_core: ingress tap, then the bridge (rx_handler) or the protocol. */
function deviceReceive(dev: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = dev.ns;
  if (!dev.adminUp) {
    recordDrop(ns, meta.packetId, { kind: 'link-down' }, frameSummary(frame), `${dev.name} is down`, dev);
    return;
  }
  if (ns.world.recordTrace) ns.world.record({ packet: meta.packetId, step: 'receive', ns: ns.name, dev: dev.name, hook: 'INGRESS', summary: frameSummary(frame), note: `${dev.name} receives ${frameSummary(frame)} in namespace ${ns.name}  (a capture on ${dev.name} sees it like this: before PREROUTING)` });
  const pktType = packetType(dev, frame.dst);
  tap(ns.world, dev, frame, pktType);
  if (dev.master) {
    bridgeInput(dev.master, dev, frame, meta);
    return;
  }
  l2Deliver(dev, frame, meta, pktType);
}

/** Multicast (and broadcast) MACs have the group bit set in their first byte. */
export function isGroupMac(mac: MacAddr): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 1) === 1;
}

/** eth_type_trans: the packet type the destination MAC gives on `dev`. */
export function packetType(dev: Device, dst: MacAddr): Skb['pktType'] {
  if (dst === BROADCAST_MAC) return 'broadcast';
  if (isGroupMac(dst)) return 'multicast';
  return dst === dev.mac ? 'host' : 'otherhost';
}

/** Hands a frame to ARP or IPv4 on `dev` (eth_type_trans has set the packet type). */
export function l2Deliver(dev: Device, frame: EthernetFrame, meta: FrameMeta, pktType: Skb['pktType']): void {
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
