// A bridge: learning, forwarding to the learned port, flooding, passing frames up to the bridge
// device, and the bridge device's own transmit. br_netfilter's calls into the IPv4 hooks are in
// br_netfilter.ts.
// Mirrors net/bridge/{br_input,br_forward,br_fdb,br_device}.c.

import type { MacAddr } from '../addr.ts';
import { tap } from '../link/capture.ts';
import { deviceTransmit, isGroupMac, l2Deliver, packetType, type FrameMeta } from '../link/dev.ts';
import { frameSummary } from '../stack/describe.ts';
import { recordDrop } from '../trace.ts';
import type { EthernetFrame } from '../wire/packet.ts';
import type { Device, Skb } from '../world.ts';
import { brNfForward, brNfPreRouting, bridgeNfCallIptables, resumeBridgedDnat } from './br_netfilter.ts';

function isLocalMac(bridge: Device, mac: MacAddr): boolean {
  return bridge.mac === mac || bridge.ports.some((p) => p.mac === mac);
}

/** A port in the forwarding state (the engine has no STP: up with carrier). */
function portForwarding(port: Device): boolean {
  return port.adminUp && port.carrier;
}

/** br_fdb_update: the source MAC is on `port` as of now. */
function learnMac(bridge: Device, mac: MacAddr, port: Device): void {
  const entry = bridge.fdb.get(mac);
  if (entry && entry.port === port) entry.updated = bridge.ns.world.now;
  else bridge.fdb.set(mac, { port, updated: bridge.ns.world.now });
}

/**
 * br_fdb_find_rcu + has_expired: the port a MAC was learned on, unless the entry is older than
 * the ageing time (with ageing_time 0 every entry has expired: the bridge floods like a hub).
 */
function fdbLookup(bridge: Device, mac: MacAddr): Device | undefined {
  const entry = bridge.fdb.get(mac);
  if (!entry || entry.updated + bridge.ageingTimeMs <= bridge.ns.world.now) return undefined;
  return entry.port;
}

/** br_handle_frame on `port`: learning, br_netfilter's PREROUTING, then forward / flood / up. */
export function bridgeInput(bridge: Device, port: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = bridge.ns;
  if (!bridge.adminUp || !portForwarding(port)) {
    recordDrop(ns, meta.packetId, { kind: 'bridge-port-state' }, frameSummary(frame), `${port.name} is not forwarding (bridge ${bridge.name} down?)`, port);
    return;
  }
  if (!isGroupMac(frame.src) && !isLocalMac(bridge, frame.src)) learnMac(bridge, frame.src, port);

  let skb: Skb | undefined;
  if (frame.payload.kind === 'ipv4' && bridgeNfCallIptables(ns)) {
    const after = brNfPreRouting(bridge, port, frame, frame.payload, meta);
    if (!after) return;
    ({ frame, skb } = after);
  }
  bridgeFrameFinish(bridge, port, frame, { packetId: meta.packetId, skb });
}

/** br_handle_frame_finish: deliver up, forward to the learned port, or flood. */
export function bridgeFrameFinish(bridge: Device, port: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = bridge.ns;
  const world = ns.world;
  const dst = frame.dst;
  if (isGroupMac(dst)) {
    bridgeFlood(bridge, port, frame, meta, false);
    bridgePassUp(bridge, frame, meta);
    return;
  }
  if (isLocalMac(bridge, dst)) {
    bridgePassUp(bridge, frame, meta);
    return;
  }
  const out = fdbLookup(bridge, dst);
  if (out === port) {
    recordDrop(ns, meta.packetId, { kind: 'bridge-same-port' }, frameSummary(frame), `the destination MAC was learned on ${port.name}, the port it came in by: not sent back`, port);
  } else if (out) {
    if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: bridge.name, hook: 'BRIDGE', summary: frameSummary(frame), note: `bridge ${bridge.name}: ${dst} is known on port ${out.name}: forward there` });
    bridgeForward(bridge, port, out, frame, meta);
  } else {
    if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: bridge.name, hook: 'BRIDGE', summary: frameSummary(frame), note: `bridge ${bridge.name}: ${dst} is unknown: flood to every other port` });
    bridgeFlood(bridge, port, frame, meta, false);
  }
  // A promiscuous bridge device (tcpdump without -p) also receives frames bridged past it.
  if (bridge.promiscuous) bridgePassUp(bridge, frame, meta);
}

/** br_pass_frame_up: the bridge device receives the frame (its tap sees it now). */
function bridgePassUp(bridge: Device, frame: EthernetFrame, meta: FrameMeta): void {
  const ns = bridge.ns;
  if (ns.world.recordTrace) ns.world.record({ packet: meta.packetId, step: 'receive', ns: ns.name, dev: bridge.name, hook: 'INGRESS', summary: frameSummary(frame), note: `bridge device ${bridge.name} receives ${frameSummary(frame)}  (a capture on ${bridge.name} sees it like this${meta.skb?.preroutingDone ? ': already through PREROUTING, because br_netfilter ran conntrack and NAT at the port' : ''})` });
  const skb = meta.skb ? { ...meta.skb, inDev: bridge } : undefined;
  // With br_netfilter the packet type was settled at the port (a bridged DNAT keeps
  // PACKET_HOST even after the MAC was rewritten: the promiscuous-bridge duplicate).
  const pktType = skb?.pktType ?? packetType(bridge, frame.dst);
  tap(ns.world, bridge, frame, pktType);
  l2Deliver(bridge, frame, { packetId: meta.packetId, skb }, pktType);
}

/** br_flood: every other forwarding port (`local`: the host's own frame, no br_netfilter). */
function bridgeFlood(bridge: Device, from: Device | undefined, frame: EthernetFrame, meta: FrameMeta, local: boolean): void {
  for (const port of bridge.ports) {
    if (port === from || !portForwarding(port)) continue;
    if (local) deviceTransmit(port, frame, { packetId: meta.packetId });
    else bridgeForward(bridge, from!, port, frame, meta);
  }
}

/** br_forward between two ports: br_netfilter runs FORWARD and POSTROUTING (in = out = bridge). */
function bridgeForward(bridge: Device, from: Device, to: Device, frame: EthernetFrame, meta: FrameMeta): void {
  if (meta.skb && frame.payload.kind === 'ipv4') {
    const forwarded = brNfForward(bridge, from, to, frame, frame.payload, meta.skb);
    if (!forwarded) return;
    frame = forwarded;
  }
  deviceTransmit(to, frame, { packetId: meta.packetId });
}

/** br_dev_xmit: the host sends through its bridge device; routed packets skip br_netfilter. */
export function bridgeDeviceTransmit(bridge: Device, frame: EthernetFrame, meta: FrameMeta): void {
  if (resumeBridgedDnat(bridge, frame, meta)) return;
  const dst = frame.dst;
  const out = isGroupMac(dst) ? undefined : fdbLookup(bridge, dst);
  if (out && portForwarding(out)) deviceTransmit(out, frame, { packetId: meta.packetId });
  else bridgeFlood(bridge, undefined, frame, meta, true);
}
