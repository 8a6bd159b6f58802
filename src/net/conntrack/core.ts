// Connection tracking's core, one table per namespace (entries keyed by zone and tuple):
// tuples, lookup, new entries, confirmation, expiry, and the state a packet has for
// -m conntrack. The per-protocol trackers are proto-*.ts; NAT is src/net/nat/.
// Mirrors net/netfilter/nf_conntrack_core.c (nf_conntrack_in's lookup, __nf_conntrack_confirm,
// insert clashes) and nf_conntrack_proto.c.

import type { Ipv4Addr } from '../addr.ts';
import type { CtState } from '../netfilter/rule.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, isIcmpError, type Ipv4Packet } from '../wire/packet.ts';
import { ICMP_TIMEOUT_MS, invertIcmpType } from './proto-icmp.ts';
import { TCP_TIMEOUTS_MS, type CtTcpInfo } from './proto-tcp.ts';
import { UDP_TIMEOUT_MS } from './proto-udp.ts';

/** A conntrack tuple. For ICMP, `sport` holds the echo id and `dport` type << 8 | code. */
export interface Tuple {
  readonly src: Ipv4Addr;
  readonly dst: Ipv4Addr;
  readonly proto: number;
  readonly sport: number;
  readonly dport: number;
}

export type Direction = 'original' | 'reply';
export type ManipType = 'SRC' | 'DST';

export interface ConntrackEntry {
  readonly id: number;
  readonly zone: number;
  orig: Tuple;
  reply: Tuple;
  confirmed: boolean;
  seenReply: boolean;
  assured: boolean;
  srcNatDone: boolean;
  dstNatDone: boolean;
  srcNat: boolean;
  dstNat: boolean;
  /** Simulated ms when the entry expires. */
  expiresAt: number;
  /** TCP state name as conntrack -L prints it (TCP only). */
  tcpState?: string;
  /** The TCP tracker's memory (TCP only). */
  tcp?: CtTcpInfo;
  /** Simulated ms of the first packet (UDP's "stream" test looks 2 s later). */
  readonly createdAt: number;
  mark: number;
}

export interface CtRef {
  readonly entry: ConntrackEntry;
  readonly dir: Direction;
  readonly related: boolean;
}

export function invertTuple(t: Tuple): Tuple {
  if (t.proto === IPPROTO_ICMP) {
    return { src: t.dst, dst: t.src, proto: t.proto, sport: t.sport, dport: (invertIcmpType(t.dport >> 8) << 8) | (t.dport & 0xff) };
  }
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

function tupleKey(zone: number, t: Tuple): string {
  return `${zone}|${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
}

/** The tuple of a packet, or undefined when conntrack cannot track it (e.g. an ICMP error). */
export function packetTuple(p: Ipv4Packet): Tuple | undefined {
  const t = p.payload;
  switch (t.kind) {
    case 'icmp':
      if (isIcmpError(t)) return undefined;
      return { src: p.src, dst: p.dst, proto: IPPROTO_ICMP, sport: t.id, dport: (t.type << 8) | t.code };
    case 'udp':
      return { src: p.src, dst: p.dst, proto: IPPROTO_UDP, sport: t.sport, dport: t.dport };
    case 'tcp':
      return { src: p.src, dst: p.dst, proto: IPPROTO_TCP, sport: t.sport, dport: t.dport };
  }
}

export class ConntrackTable {
  /** Confirmed entries by the key of each of their two tuples. */
  private readonly hash = new Map<string, { entry: ConntrackEntry; dir: Direction }>();
  private readonly confirmedEntries: ConntrackEntry[] = [];
  private nextId = 1;

  newEntry(zone: number, orig: Tuple, now: number): ConntrackEntry {
    return {
      id: this.nextId++,
      zone,
      orig,
      reply: invertTuple(orig),
      confirmed: false,
      seenReply: false,
      assured: false,
      srcNatDone: false,
      dstNatDone: false,
      srcNat: false,
      dstNat: false,
      expiresAt: now + initialTimeout(orig.proto),
      createdAt: now,
      mark: 0,
    };
  }

  expire(now: number): void {
    for (let i = this.confirmedEntries.length - 1; i >= 0; i--) {
      const entry = this.confirmedEntries[i]!;
      if (entry.expiresAt <= now) this.remove(entry);
    }
  }

  remove(entry: ConntrackEntry): void {
    const index = this.confirmedEntries.indexOf(entry);
    if (index >= 0) this.confirmedEntries.splice(index, 1);
    for (const t of [entry.orig, entry.reply]) {
      const key = tupleKey(entry.zone, t);
      if (this.hash.get(key)?.entry === entry) this.hash.delete(key);
    }
  }

  find(zone: number, t: Tuple, now: number): { entry: ConntrackEntry; dir: Direction } | undefined {
    const found = this.hash.get(tupleKey(zone, t));
    if (found && found.entry.expiresAt <= now) {
      this.remove(found.entry);
      return undefined;
    }
    return found;
  }

  /** nf_conntrack_tuple_taken: is `t` a tuple of a confirmed entry other than `ignored`? */
  taken(zone: number, t: Tuple, ignored: ConntrackEntry, now: number): boolean {
    const found = this.find(zone, t, now);
    return found !== undefined && found.entry !== ignored;
  }

  /** __nf_conntrack_confirm: the entry enters the table when its first packet leaves the hooks. */
  confirm(entry: ConntrackEntry): boolean {
    if (entry.confirmed) return true;
    // An entry whose tuples are already in the table loses the race (insert clash): drop.
    if (this.hash.has(tupleKey(entry.zone, entry.orig)) || this.hash.has(tupleKey(entry.zone, entry.reply))) return false;
    entry.confirmed = true;
    this.hash.set(tupleKey(entry.zone, entry.orig), { entry, dir: 'original' });
    this.hash.set(tupleKey(entry.zone, entry.reply), { entry, dir: 'reply' });
    this.confirmedEntries.push(entry);
    return true;
  }

  /** The entries `conntrack -L` would list at `now`, without expiring anything (a read-only look). */
  peek(now: number): readonly ConntrackEntry[] {
    return this.confirmedEntries.filter((e) => e.expiresAt > now);
  }

  entries(now: number): ConntrackEntry[] {
    this.expire(now);
    return [...this.confirmedEntries];
  }

  /** conntrack -D / -F: deletes matching entries and returns how many. */
  deleteWhere(pred: (e: ConntrackEntry) => boolean, now: number): number {
    let count = 0;
    for (const entry of this.entries(now)) {
      if (pred(entry)) {
        this.remove(entry);
        count++;
      }
    }
    return count;
  }
}

/** A new entry's timeout until its tracker sees the first packet. */
function initialTimeout(proto: number): number {
  if (proto === IPPROTO_ICMP) return ICMP_TIMEOUT_MS;
  if (proto === IPPROTO_UDP) return UDP_TIMEOUT_MS;
  return TCP_TIMEOUTS_MS.SYN_SENT;
}

/** What a protocol tracker decided about a packet (nf_conntrack_handle_packet). */
export type TrackVerdict =
  | 'accept' // the packet belongs to the entry
  | 'invalid' // conntrack lets it pass without an entry (ctstate INVALID)
  | 'kill' // accept this packet, then delete the entry (a RST that was the only reply)
  | 'repeat'; // delete the entry and look the packet up again (a SYN reopening a closed tuple)

/** Conntrack state of a packet as `-m conntrack --ctstate` sees it. */
export function ctStateOf(ref: CtRef | undefined, untracked: boolean): CtState {
  if (untracked) return 'UNTRACKED';
  if (!ref) return 'INVALID';
  if (ref.related) return 'RELATED';
  if (ref.dir === 'reply' || ref.entry.seenReply) return 'ESTABLISHED';
  return 'NEW';
}

/** The tuple inside an ICMP error, for finding the entry it is RELATED to. */
export function relatedLookupTuple(p: Ipv4Packet): Tuple | undefined {
  if (p.payload.kind !== 'icmp' || !isIcmpError(p.payload)) return undefined;
  const inner = packetTuple(p.payload.quoted);
  return inner ? invertTuple(inner) : undefined;
}
