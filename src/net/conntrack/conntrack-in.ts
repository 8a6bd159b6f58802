// nf_conntrack_in at PREROUTING and OUTPUT: find the packet's entry (or start one, or find the
// entry an ICMP error is RELATED to), run the protocol's tracker, and say so in the trace.
// Mirrors net/netfilter/nf_conntrack_core.c (nf_conntrack_in, resolve_normal_ct).

import { formatIpv4 } from '../addr.ts';
import type { HookName } from '../netfilter/rule.ts';
import { summarize } from '../stack/describe.ts';
import type { ConntrackLookup, EntryTuples } from '../trace.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP } from '../wire/packet.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { ctStateOf, packetTuple, relatedLookupTuple, type ConntrackEntry, type CtRef, type Direction, type TrackVerdict, type Tuple } from './core.ts';
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

/** A tuple for people, tcpdump-like: "icmp 10.0.0.1 > 192.0.2.3 id 7", "tcp 10.0.0.1:40000 > 192.0.2.3:80". */
export function describeTuple(t: Tuple): string {
  const src = formatIpv4(t.src);
  const dst = formatIpv4(t.dst);
  if (t.proto === IPPROTO_ICMP) return `icmp ${src} > ${dst} id ${t.sport}`;
  if (t.proto === IPPROTO_TCP || t.proto === IPPROTO_UDP) return `${t.proto === IPPROTO_TCP ? 'tcp' : 'udp'} ${src}:${t.sport} > ${dst}:${t.dport}`;
  return `proto ${t.proto} ${src} > ${dst}`;
}

function entryTuples(entry: ConntrackEntry): EntryTuples {
  return { id: entry.id, original: describeTuple(entry.orig), reply: describeTuple(entry.reply) };
}

/**
 * nf_conntrack_in's first test: a packet that already has an entry (it left by lo and came back
 * in; a reset REJECT made gets its packet's entry) or is untracked is not looked up again.
 */
function recordNoLookup(ns: Namespace, skb: Skb, hook: HookName, dev: Device | undefined): void {
  const ref = skb.ct;
  const untracked = skb.untracked === true || !ref;
  const state = ctStateOf(ref, skb.untracked === true);
  const why = dev?.kind === 'loopback' ? ': it left by lo and came back in, the same packet' : '';
  ns.world.record({
    packet: skb.packetId,
    step: 'conntrack',
    ns: ns.name,
    dev: dev?.name,
    hook,
    summary: summarize(skb.ip),
    ctState: state,
    lookup: untracked ? 'untracked' : 'carried',
    ...(ref && !untracked ? { dir: ref.dir, entry: entryTuples(ref.entry) } : {}),
    note: untracked
      ? 'conntrack: the packet is untracked (NOTRACK in the raw table): no lookup, no entry'
      : `conntrack: no lookup: the packet still carries its entry (${state}, ${ref.dir} direction)${why}`,
  });
}

/** nf_conntrack_in: attaches the packet's conntrack entry (existing, new, or RELATED). */
export function conntrackIn(ns: Namespace, skb: Skb, hook: HookName, dev: Device | undefined): void {
  if (skb.ct || skb.untracked) {
    if (ns.world.recordTrace) recordNoLookup(ns, skb, hook, dev);
    return;
  }
  const now = ns.world.now;
  const zone = skb.zone ?? 0;
  const table = ns.conntrack;
  const related = relatedLookupTuple(skb.ip);
  let tcpNote = '';
  let invalid = false;
  let created = false;
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
        created = true;
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
      created = false;
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
  if (!ns.world.recordTrace) return;
  const ct = skb.ct;
  const lookup: ConntrackLookup = !ct ? 'invalid' : ct.related ? 'related' : created ? 'new' : 'found';
  const state = ctStateOf(ct, false);
  const what =
    lookup === 'new'
      ? 'no entry has this tuple: a new entry is made (it enters the table if the packet passes the last hook)'
      : lookup === 'found'
        ? `found entry ${ct!.entry.id}, as its ${ct!.dir} tuple${ct!.dir === 'reply' ? ' (a reply)' : ''}`
        : lookup === 'related'
          ? `an ICMP error about the connection of entry ${ct!.entry.id} (${ct!.dir} direction)`
          : 'no entry (INVALID)';
  ns.world.record({
    packet: skb.packetId,
    step: 'conntrack',
    ns: ns.name,
    dev: dev?.name,
    hook,
    summary: summarize(skb.ip),
    ctState: state,
    lookup,
    ...(ct ? { dir: ct.dir, entry: entryTuples(ct.entry) } : {}),
    note: ct ? `conntrack: ${state}: ${what}${zone ? ` in zone ${zone}` : ''}${tcpNote}` : `conntrack: ${what}${invalid ? tcpNote : ''}`,
  });
}
