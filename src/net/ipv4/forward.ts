// IPv4 forwarding: TTL, ICMP redirects, FORWARD, then ip_output.
// Mirrors net/ipv4/ip_forward.c and ip_rt_send_redirect (net/ipv4/route.c).

import { inCidr, networkOf, type Ipv4Addr } from '../addr.ts';
import { summarize } from '../stack/describe.ts';
import type { RouteResult } from '../stack/routing.ts';
import { recordDrop } from '../trace.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { icmpSendError } from './icmp.ts';
import { passHook } from './nf-hook.ts';
import { ipOutput } from './output.ts';

/** ip_forward: TTL, redirects, FORWARD, then ip_output. */
export function ipForward(inDev: Device, route: RouteResult, skb: Skb): void {
  const ns = inDev.ns;
  if (skb.ip.ttl <= 1) {
    recordDrop(ns, skb.packetId, { kind: 'ttl-exceeded' }, summarize(skb.ip), `TTL ${skb.ip.ttl} would reach 0 here: dropped, and ICMP time exceeded goes back`, inDev);
    icmpSendError(ns, skb, 11, 0);
    return;
  }
  if (route.dev === inDev && ns.confValue(inDev, 'send_redirects') !== 0 && route.route?.gateway !== undefined) {
    const onLink = inDev.addresses.some((a) => inCidr(skb.ip.src, { addr: networkOf(a.addr, a.len), len: a.len }) && inCidr(route.nextHop, { addr: networkOf(a.addr, a.len), len: a.len }));
    if (onLink) maybeSendRedirect(ns, skb, route.nextHop);
  }
  skb.ip = { ...skb.ip, ttl: skb.ip.ttl - 1 };
  if (!passHook(ns, 'FORWARD', skb, inDev, route.dev, inDev)) return;
  ipOutput(ns, skb, route);
}

/** ip_rt_send_redirect's token bucket: the first redirects go out at once, later ones back off. */
function maybeSendRedirect(ns: Namespace, skb: Skb, gateway: Ipv4Addr): void {
  const peer = ns.redirectPeers.get(skb.ip.src) ?? { count: 0, last: -Infinity };
  // ip_rt_redirect_load = HZ/50, doubled for every redirect already sent; at most 9.
  const wait = peer.count === 0 ? 0 : 20 << peer.count;
  if (peer.count >= 9 || ns.world.now < peer.last + wait) return;
  peer.count++;
  peer.last = ns.world.now;
  ns.redirectPeers.set(skb.ip.src, peer);
  icmpSendError(ns, skb, 5, 1, gateway);
}
