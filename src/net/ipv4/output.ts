// IPv4 output: locally generated packets (route, OUTPUT, reroute after DNAT) and, for them and
// forwarded ones, POSTROUTING then the neighbour layer.
// Mirrors net/ipv4/ip_output.c (ip_local_out, ip_output, ip_finish_output2) and
// ip_route_me_harder.

import { formatIpv4 } from '../addr.ts';
import type { CtRef } from '../conntrack/core.ts';
import { neighbourOutput } from '../neighbour/neighbour.ts';
import { summarize } from '../stack/describe.ts';
import { lookupRoute, sourceForRoute, type RouteResult } from '../stack/routing.ts';
import { recordDrop } from '../trace.ts';
import type { Ipv4Packet } from '../wire/packet.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { passHook } from './nf-hook.ts';

/** ip_output: POSTROUTING, then the neighbour layer; false when POSTROUTING dropped it. */
export function ipOutput(ns: Namespace, skb: Skb, route: RouteResult): boolean {
  skb.outDev = route.dev;
  if (!passHook(ns, 'POSTROUTING', skb, skb.local ? undefined : skb.inDev, route.dev, route.dev)) return false;
  neighbourOutput(route.dev, route.nextHop, skb);
  return true;
}

/**
 * What ip_local_out tells the sending socket: 'sent' (on the wire or queued for ARP),
 * 'no-route', or 'EPERM': a netfilter hook (OUTPUT, POSTROUTING) dropped or rejected it, and
 * nf_hook_slow turns NF_DROP into -EPERM, which sendmsg returns to the process.
 */
export type LocalOutResult = 'sent' | 'no-route' | 'EPERM';

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
export function ipLocalOut(ns: Namespace, packet: Ipv4Packet, options: LocalOutOptions): LocalOutResult {
  const world = ns.world;
  const packetId = options.packetId ?? world.newPacketId();
  let route = lookupRoute(ns, { dst: packet.dst, oif: options.oif });
  if (!route) {
    recordDrop(ns, packetId, { kind: 'no-route' }, summarize(packet), `no route to ${formatIpv4(packet.dst)} from namespace ${ns.name}`);
    return 'no-route';
  }
  if (packet.src === 0) {
    const src = sourceForRoute(ns, route, packet.dst);
    if (src === undefined) return 'no-route';
    packet = { ...packet, src };
  }
  const skb: Skb = { packetId, ip: packet, pktType: 'host', local: true, outDev: route.dev };
  if (options.ct) skb.ct = options.ct;
  if (world.recordTrace) world.record({ packet: packetId, step: 'route', ns: ns.name, dev: route.dev.name, summary: summarize(packet), note: `namespace ${ns.name} sends ${summarize(packet)}${options.reason ? ` (${options.reason})` : ''}: the route says out ${route.dev.name}${route.route?.gateway !== undefined ? ` via ${formatIpv4(route.route.gateway)}` : ''}` });
  if (!passHook(ns, 'OUTPUT', skb, undefined, route.dev)) return 'EPERM';
  if (skb.ip.dst !== packet.dst) {
    // ip_route_me_harder: nat OUTPUT changed the destination, route again.
    const rerouted = lookupRoute(ns, { dst: skb.ip.dst, oif: options.oif });
    if (!rerouted) {
      recordDrop(ns, packetId, { kind: 'no-route' }, summarize(skb.ip), 'no route after DNAT in OUTPUT');
      return 'no-route';
    }
    route = rerouted;
  }
  return ipOutput(ns, skb, route) ? 'sent' : 'EPERM';
}
