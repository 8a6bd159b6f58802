// nf_conntrack_in at PREROUTING and OUTPUT: find the packet's entry (or start one, or find the
// entry an ICMP error is RELATED to), run the protocol's tracker, and say so in the trace.
// Mirrors net/netfilter/nf_conntrack_core.c (nf_conntrack_in, resolve_normal_ct).

import type { HookName } from '../netfilter/rule.ts';
import { summarize } from '../stack/describe.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { ctStateOf, packetTuple, relatedLookupTuple, type ConntrackEntry, type CtRef, type Direction, type TrackVerdict } from './core.ts';
import { icmpStartsEntry, trackIcmp } from './proto-icmp.ts';
import { trackTcp } from './proto-tcp.ts';
import { trackUdp } from './proto-udp.ts';

/** The protocol tracker for one packet of an entry: TCP's state machine, UDP's stream test, ICMP's 30 s. */
function track(entry: ConntrackEntry, dir: Direction, skb: Skb, seenReply: boolean, now: number): TrackVerdict {
  const t = skb.ip.payload;
  if (t.kind === 'tcp') return trackTcp(entry, dir, t, seenReply, now);
  if (t.kind === 'udp') return trackUdp(entry, seenReply, now);
  return trackIcmp(entry, now);
}

/** nf_conntrack_in: attaches the packet's conntrack entry (existing, new, or RELATED). */
export function conntrackIn(ns: Namespace, skb: Skb, hook: HookName, dev: Device | undefined): void {
  if (skb.ct || skb.untracked) return;
  const now = ns.world.now;
  const zone = skb.zone ?? 0;
  const table = ns.conntrack;
  const related = relatedLookupTuple(skb.ip);
  let tcpNote = '';
  let invalid = false;
  if (related) {
    const found = table.find(zone, related, now);
    if (found) skb.ct = { entry: found.entry, dir: found.dir, related: true };
  } else {
    const tuple = packetTuple(skb.ip);
    if (!tuple) return;
    const lookup = (): CtRef | undefined => {
      const found = table.find(zone, tuple, now);
      if (found) return { entry: found.entry, dir: found.dir, related: false };
      // Only ICMP queries start an entry; a lone echo reply is INVALID.
      if (tuple.proto !== 1 || (skb.ip.payload.kind === 'icmp' && icmpStartsEntry(skb.ip.payload.type))) {
        return { entry: table.newEntry(zone, tuple, now), dir: 'original', related: false };
      }
      return undefined;
    };
    let ref = lookup();
    const before = ref?.entry.tcpState;
    let verdict: TrackVerdict | undefined = ref ? track(ref.entry, ref.dir, skb, ref.entry.seenReply, now) : undefined;
    if (ref && verdict === 'repeat') {
      // A SYN reopening a tuple whose connection was closed: the old entry goes, a new one starts.
      table.remove(ref.entry);
      tcpNote = `; the SYN reopens a closed connection: the old entry (${before}) is deleted`;
      ref = lookup();
      verdict = ref ? track(ref.entry, ref.dir, skb, ref.entry.seenReply, now) : undefined;
    }
    if (ref && verdict !== 'invalid' && verdict !== 'repeat') {
      if (ref.dir === 'reply') ref.entry.seenReply = true;
      skb.ct = ref;
      const after = ref.entry.tcpState;
      if (after !== undefined) tcpNote += before === after ? `; TCP state stays ${after}` : `; TCP state ${before ?? 'NONE'} -> ${after}`;
      if (verdict === 'kill') {
        // nf_ct_kill_acct: this packet keeps the entry (NAT still undoes itself), the table forgets it.
        table.remove(ref.entry);
        tcpNote += '; a RST was the only reply: the entry is deleted at once';
      }
    } else if (ref) {
      invalid = true;
      tcpNote = skb.ip.payload.kind === 'tcp' ? `; this TCP segment does not fit the connection's state${ref.entry.tcpState ? ` (${ref.entry.tcpState})` : ''}` : '';
    }
  }
  if (ns.world.recordTrace) ns.world.record({
    packet: skb.packetId,
    step: 'conntrack',
    ns: ns.name,
    dev: dev?.name,
    hook,
    summary: summarize(skb.ip),
    ctState: ctStateOf(skb.ct, false),
    note: skb.ct
      ? `conntrack: ${ctStateOf(skb.ct, false)}${skb.ct.entry.confirmed ? ` (entry ${skb.ct.entry.id}, ${skb.ct.dir} direction)` : ' (a new entry, not yet confirmed)'}${zone ? ` in zone ${zone}` : ''}${tcpNote}`
      : `conntrack: no entry (INVALID)${invalid ? tcpNote : ''}`,
  });
}
