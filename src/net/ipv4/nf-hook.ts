// NF_HOOK for the IPv4 stack and br_netfilter: run a hook; a REJECT sends its error, a drop is
// recorded with the rule, policy or conntrack check that decided it.

import { runHook } from '../netfilter/hooks.ts';
import type { HookName } from '../netfilter/rule.ts';
import { summarize } from '../stack/describe.ts';
import { recordDrop } from '../trace.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { rejectPacket } from './reject.ts';

/** Runs a netfilter hook on the packet. True when the packet may go on. */
export function passHook(ns: Namespace, hook: HookName, skb: Skb, inDev: Device | undefined, outDev: Device | undefined, where?: Device): boolean {
  const verdict = runHook(ns, hook, skb, inDev, outDev);
  if (verdict.kind === 'accept') return true;
  if (verdict.kind === 'reject') rejectPacket(ns, skb, verdict.target);
  const why = verdict.reason.kind === 'conntrack-clash' ? ': conntrack could not insert its entry (another one took the same tuples first)' : '';
  recordDrop(ns, skb.packetId, verdict.reason, summarize(skb.ip), `${verdict.kind === 'reject' ? 'rejected' : 'dropped'} in ${hook}${why}`, where);
  return false;
}
