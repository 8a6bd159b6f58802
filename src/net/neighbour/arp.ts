// ARP: answering requests for our addresses, learning from requests and replies, and asking.
// Mirrors net/ipv4/arp.c (arp_process, arp_solicit) with arp_ignore and arp_announce.

import { BROADCAST_MAC, ZERO_MAC, formatIpv4, type Ipv4Addr, type MacAddr } from '../addr.ts';
import { deviceTransmit } from '../link/dev.ts';
import { frameSummary } from '../stack/describe.ts';
import { selectSourceAddress } from '../stack/routing.ts';
import { recordDrop } from '../trace.ts';
import type { ArpPacket, EthernetFrame } from '../wire/packet.ts';
import type { Device, Skb } from '../world.ts';
import { updateNeighbour, type NeighbourEntry } from './neighbour.ts';

function arpFrame(dev: Device, op: ArpPacket['op'], senderIp: Ipv4Addr, targetIp: Ipv4Addr, targetMac: MacAddr, dstMac: MacAddr): EthernetFrame {
  return {
    src: dev.mac,
    dst: dstMac,
    payload: { kind: 'arp', op, senderMac: dev.mac, senderIp, targetMac, targetIp },
  };
}

/** arp_process: answer a request for a local address; learn from requests and replies. */
export function arpReceive(dev: Device, arp: ArpPacket, frame: EthernetFrame, pktType: Skb['pktType'], packetId: number): void {
  const ns = dev.ns;
  const world = ns.world;
  if (dev.kind === 'loopback') return;
  if (pktType === 'otherhost') {
    // arp_rcv: a frame addressed to another host's MAC is not for us (SKB_DROP_REASON_OTHERHOST).
    recordDrop(ns, packetId, { kind: 'not-for-us' }, frameSummary(frame), `${dev.name} received an ARP frame addressed to another MAC: ARP ignores it`, dev);
    return;
  }
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

/** arp_solicit: who-has, with the sender address Linux picks (the packet's source if local). */
export function arpSolicit(dev: Device, entry: NeighbourEntry, unicastTo?: MacAddr): void {
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
