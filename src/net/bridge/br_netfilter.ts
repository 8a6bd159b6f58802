// br_netfilter: with net.bridge.bridge-nf-call-iptables=1 (the default once the module is
// loaded), bridged IPv4 packets meet the IPv4 hooks: PREROUTING at the port they enter by,
// FORWARD and POSTROUTING at the port they leave by, with -i and -o the bridge and the ports
// visible to -m physdev. A DNAT at the port may send the packet elsewhere ("bridged DNAT").
// Mirrors net/bridge/br_netfilter_hooks.c.

import { formatIpv4 } from '../addr.ts';
import { passHook } from '../ipv4/nf-hook.ts';
import { packetType, type FrameMeta } from '../link/dev.ts';
import { neighbourOutput } from '../neighbour/neighbour.ts';
import { frameSummary, summarize } from '../stack/describe.ts';
import { lookupRoute } from '../stack/routing.ts';
import type { EthernetFrame, Ipv4Packet } from '../wire/packet.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { bridgeFrameFinish } from './bridge.ts';

export function bridgeNfCallIptables(ns: Namespace): boolean {
  // No key at all: br_netfilter is not loaded, bridged frames never meet iptables.
  return ns.sysctl('net.bridge.bridge-nf-call-iptables') === '1';
}

/**
 * br_nf_pre_routing (+ _finish): the IPv4 PREROUTING hooks run at the port, with in = the
 * bridge, physin = the port. Returns the frame to bridge on and the skb that carries the hooks'
 * state, or undefined when the packet was dropped or sent on through the neighbour layer.
 */
export function brNfPreRouting(bridge: Device, port: Device, frame: EthernetFrame, ip: Ipv4Packet, meta: FrameMeta): { frame: EthernetFrame; skb: Skb } | undefined {
  const ns = bridge.ns;
  const world = ns.world;
  const skb: Skb = { packetId: meta.packetId, ip, pktType: packetType(bridge, frame.dst), inDev: bridge, physIn: port, srcMac: frame.src, dstMac: frame.dst };
  if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: port.name, hook: 'BRIDGE', summary: frameSummary(frame), note: `br_netfilter: the frame entered bridge ${bridge.name} by port ${port.name}; IPv4 PREROUTING runs here, before ${bridge.name} itself sees the frame` });
  if (!passHook(ns, 'PREROUTING', skb, bridge, undefined, port)) return undefined;
  skb.preroutingDone = true;
  const daddrChanged = skb.ip.dst !== ip.dst;
  frame = { ...frame, payload: skb.ip };
  if (daddrChanged) {
    // br_nf_pre_routing_finish: the destination changed (DNAT, or the de-SNAT of a reply):
    // route it. Routed elsewhere (or local): the frame goes up to the bridge as if addressed
    // to it. Routed back into this bridge ("bridged DNAT"): bridge it to the new host's MAC
    // if the neighbour is known, else send it through the bridge device's neighbour output.
    // Only with forwarding on: with it off, ip_route_input gives a non-local destination an
    // "unreachable" route (ip_error, on lo) and returns 0, so the kernel's fallback for bridged
    // DNAT without forwarding (taken on -EHOSTUNREACH) never runs: the packet goes up to the
    // bridge and dies there silently (scenario fuzz-bridged-denat-needs-forwarding).
    const route = lookupRoute(ns, { dst: skb.ip.dst, src: skb.ip.src, iif: bridge });
    if (route && route.type === 'unicast' && route.dev === bridge && ns.confValue(bridge, 'forwarding') === 1) {
      const entry = ns.neighbourTable(bridge).get(route.nextHop);
      // br_nf_pre_routing_finish_bridge: the fast path needs NUD_CONNECTED (REACHABLE or
      // PERMANENT); a STALE, DELAY or PROBE entry goes through the neighbour output too.
      const connected = entry?.state === 'REACHABLE' || entry?.state === 'PERMANENT';
      if (!entry?.mac || !connected) {
        if (world.recordTrace) world.record({ packet: meta.packetId, step: 'bridge', ns: ns.name, dev: bridge.name, hook: 'BRIDGE', summary: summarize(skb.ip), note: `br_netfilter: the new destination ${formatIpv4(skb.ip.dst)} is on ${bridge.name} itself but its MAC is unknown: the frame leaves through ${bridge.name}'s neighbour output` });
        neighbourOutput(bridge, route.nextHop, { ...skb, local: false, bridgedDnatSrcMac: frame.src });
        return undefined;
      }
      frame = { ...frame, dst: entry.mac };
    } else {
      frame = { ...frame, dst: bridge.mac };
      skb.pktType = 'host';
    }
  }
  return { frame, skb };
}

/** br_nf_forward_ip + br_nf_post_routing: FORWARD and POSTROUTING with -i and -o both the bridge. */
export function brNfForward(bridge: Device, from: Device, to: Device, frame: EthernetFrame, ip: Ipv4Packet, bridgeSkb: Skb): EthernetFrame | undefined {
  const ns = bridge.ns;
  const skb: Skb = { ...bridgeSkb, ip, inDev: bridge, outDev: bridge, physIn: from, physOut: to };
  if (!passHook(ns, 'FORWARD', skb, bridge, bridge, to) || !passHook(ns, 'POSTROUTING', skb, undefined, bridge, to)) return undefined;
  return { ...frame, payload: skb.ip };
}

/**
 * br_nf_pre_routing_finish_bridge_slow: a bridged-DNAT packet whose neighbour has resolved
 * comes back through the bridge device; restore the frame's own source MAC and bridge it on
 * from the port it came in by, as if the neighbour had been known. True when it did.
 */
export function resumeBridgedDnat(bridge: Device, frame: EthernetFrame, meta: FrameMeta): boolean {
  const skb = meta.skb;
  if (skb?.bridgedDnatSrcMac === undefined || !skb.physIn) return false;
  const restored = { ...frame, src: skb.bridgedDnatSrcMac };
  bridgeFrameFinish(bridge, skb.physIn, restored, { packetId: meta.packetId, skb: { ...skb, bridgedDnatSrcMac: undefined } });
  return true;
}
