// Connection tracking and NAT, one table per namespace (per conntrack zone).
// Mirrors nf_conntrack_in (lookup or new entry), __nf_conntrack_confirm, nf_nat_inet_fn
// (NAT decided once per entry and manip type; a nat chain that matches nothing makes a
// null binding), get_unique_tuple (reply-tuple clashes rewrite the ICMP id or the port),
// nf_nat_packet and nf_nat_icmp_reply_translation; the per-protocol trackers
// nf_conntrack_proto_tcp.c (the tcp_conntracks state table, ASSURED, timeouts, a reset that is
// the only reply kills the entry), nf_conntrack_proto_udp.c (30 s, 120 s and [ASSURED] for a
// flow that has seen a reply and is still active after 2 s) and nf_conntrack_proto_icmp.c.

import type { Ipv4Addr } from '../addr.ts';
import { IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_UDP, isIcmpError, type Ipv4Packet } from '../wire/packet.ts';
import type { SeededRandom } from '../rng.ts';
import type { CtState, NatRange } from './rule.ts';
import type { TcpSegment } from '../wire/packet.ts';

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

/** Echo request/reply and the other ICMP query pairs, as nf_conntrack_proto_icmp inverts them. */
const ICMP_INVERSE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };
const ICMP_QUERY_TYPES = new Set([8, 13, 15, 17]);

export const ICMP_TIMEOUT_MS = 30_000;
export const UDP_TIMEOUT_MS = 30_000;
export const UDP_STREAM_TIMEOUT_MS = 120_000;

export function invertTuple(t: Tuple): Tuple {
  if (t.proto === IPPROTO_ICMP) {
    const type = t.dport >> 8;
    const inverse = ICMP_INVERSE[type] ?? type;
    return { src: t.dst, dst: t.src, proto: t.proto, sport: t.sport, dport: (inverse << 8) | (t.dport & 0xff) };
  }
  return { src: t.dst, dst: t.src, proto: t.proto, sport: t.dport, dport: t.sport };
}

export function tupleKey(zone: number, t: Tuple): string {
  return `${zone}|${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
}

export function tuplesEqual(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport;
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
      expiresAt: now + timeoutFor(orig.proto, false),
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

export function timeoutFor(proto: number, seenReply: boolean): number {
  if (proto === IPPROTO_ICMP) return ICMP_TIMEOUT_MS;
  if (proto === IPPROTO_UDP) return seenReply ? UDP_STREAM_TIMEOUT_MS : UDP_TIMEOUT_MS;
  return TCP_TIMEOUTS_MS.SYN_SENT;
}

// ---------------------------------------------------------------- protocol trackers

/** What a tracker decided about a packet (nf_conntrack_handle_packet). */
export type TrackVerdict =
  | 'accept' // the packet belongs to the entry
  | 'invalid' // conntrack lets it pass without an entry (ctstate INVALID)
  | 'kill' // accept this packet, then delete the entry (a RST that was the only reply)
  | 'repeat'; // delete the entry and look the packet up again (a SYN reopening a closed tuple)

/** The TCP states of nf_conntrack_proto_tcp.c, spelled as conntrack -L prints them. */
export type CtTcpState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';

/** get_conntrack_index: which row of the state table a segment uses. */
export type CtTcpIndex = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

export interface CtTcpSeen {
  /** td_end: the highest sequence number + length (+ SYN/FIN) sent in this direction. */
  end?: number;
  /** IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED: this direction sent something not yet acknowledged. */
  unacked: boolean;
  /** IP_CT_TCP_FLAG_CLOSE_INIT: this direction sent the first FIN. */
  closeInit: boolean;
}

export interface CtTcpInfo {
  state: CtTcpState;
  lastIndex: CtTcpIndex;
  lastDir?: Direction;
  readonly seen: { original: CtTcpSeen; reply: CtTcpSeen };
}

/** tcp_timeouts (seconds in the kernel, ms here). RETRANS and UNACK cap the long ones. */
export const TCP_TIMEOUTS_MS: Readonly<Record<CtTcpState | 'RETRANS' | 'UNACK', number>> = {
  NONE: 120_000,
  SYN_SENT: 120_000,
  SYN_RECV: 60_000,
  ESTABLISHED: 432_000_000,
  FIN_WAIT: 120_000,
  CLOSE_WAIT: 60_000,
  LAST_ACK: 30_000,
  TIME_WAIT: 120_000,
  CLOSE: 10_000,
  SYN_SENT2: 120_000,
  RETRANS: 300_000,
  UNACK: 300_000,
};

const CT_TCP_STATES: readonly CtTcpState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];

type Next = CtTcpState | 'IV' | 'IG';
const [sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2, sIV, sIG] = [...CT_TCP_STATES, 'IV', 'IG'] as [
  CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, 'IV', 'IG',
];

/**
 * tcp_conntracks[dir][index][old state] -> new state, copied row by row from
 * nf_conntrack_proto_tcp.c. Columns: NONE SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT CLOSE_WAIT
 * LAST_ACK TIME_WAIT CLOSE SYN_SENT2. IV = invalid, IG = ignore (let it pass, change nothing).
 */
const TCP_CONNTRACKS: Readonly<Record<Direction, Readonly<Record<CtTcpIndex, readonly Next[]>>>> = {
  original: {
    syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
  reply: {
    syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
};

export function tcpIndex(seg: TcpSegment): CtTcpIndex {
  const f = seg.flags;
  if (f.rst) return 'rst';
  if (f.syn) return f.ack ? 'synack' : 'syn';
  if (f.fin) return 'fin';
  if (f.ack) return 'ack';
  return 'none';
}

/** The state table's answer (exported for tests). */
export function tcpTransition(dir: Direction, index: CtTcpIndex, old: CtTcpState): Next {
  return TCP_CONNTRACKS[dir][index][CT_TCP_STATES.indexOf(old)] ?? 'IV';
}

/** segment_seq_plus_len. */
function segmentEnd(seg: TcpSegment): number {
  return (seg.seq + seg.dataLength + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0)) >>> 0;
}

function seqAfter(a: number, b: number): boolean {
  return ((b - a) | 0) < 0;
}

/**
 * nf_conntrack_tcp_packet for one segment of `entry` in direction `dir`. `seenReply` is whether a
 * reply had passed before this packet (the kernel sets IPS_SEEN_REPLY after the tracker runs).
 * SIMPLIFIED: tcp_in_window's sequence and window checks are not made (every segment counts as
 * in window), nor the retransmission counter that shortens timeouts to 5 minutes.
 */
export function trackTcp(entry: ConntrackEntry, dir: Direction, seg: TcpSegment, seenReply: boolean, now: number): TrackVerdict {
  const index = tcpIndex(seg);
  if (!entry.tcp) {
    // tcp_new: only a SYN (or, with nf_conntrack_tcp_loose=1, a mid-stream ACK) starts an entry.
    const first = tcpTransition('original', index, 'NONE');
    if (first === 'IV' || first === 'IG') return 'invalid';
    entry.tcp = { state: 'NONE', lastIndex: 'none', seen: { original: { end: segmentEnd(seg), unacked: false, closeInit: false }, reply: { unacked: false, closeInit: false } } };
  }
  const tcp = entry.tcp;
  const old = tcp.state;
  const next = tcpTransition(dir, index, old);
  if (next === 'IV') return 'invalid';
  if (next === 'SYN_SENT' && (old === 'TIME_WAIT' || old === 'CLOSE')) {
    // A SYN for a closed or aborted connection: delete the entry, the SYN starts a new one.
    if (tcp.seen.original.closeInit || tcp.seen.reply.closeInit || (tcp.lastDir === dir && tcp.lastIndex === 'rst')) return 'repeat';
  }
  if (next === 'IG' || (next === 'SYN_SENT' && old !== 'NONE' && old !== 'SYN_SENT')) {
    tcp.lastIndex = index;
    tcp.lastDir = dir;
    return 'accept';
  }
  // The window bookkeeping that decides DATA_UNACKNOWLEDGED (tcp_in_window).
  const sender = tcp.seen[dir];
  const receiver = tcp.seen[dir === 'original' ? 'reply' : 'original'];
  const end = segmentEnd(seg);
  if (sender.end === undefined) sender.end = end;
  else if (seqAfter(end, sender.end)) {
    sender.end = end;
    sender.unacked = true;
  }
  const ack = seg.flags.ack ? seg.ack >>> 0 : receiver.end;
  if (ack !== undefined && ack === receiver.end) receiver.unacked = false;
  tcp.lastIndex = index;
  tcp.lastDir = dir;
  tcp.state = next;
  entry.tcpState = next;
  if (old !== next && next === 'FIN_WAIT') sender.closeInit = true;
  let timeout = TCP_TIMEOUTS_MS[next];
  if (index === 'rst') timeout = TCP_TIMEOUTS_MS.CLOSE;
  else if ((tcp.seen.original.unacked || tcp.seen.reply.unacked) && timeout > TCP_TIMEOUTS_MS.UNACK) timeout = TCP_TIMEOUTS_MS.UNACK;
  if (!seenReply) {
    // "If only reply is a RST, we can consider ourselves not to have an established connection."
    if (seg.flags.rst) return 'kill';
    if (next === 'ESTABLISHED' && timeout > TCP_TIMEOUTS_MS.UNACK) timeout = TCP_TIMEOUTS_MS.UNACK;
  } else if (!entry.assured && (old === 'SYN_RECV' || old === 'ESTABLISHED') && next === 'ESTABLISHED') {
    // The ACK that completes the handshake (or a valid answer to a picked-up connection).
    entry.assured = true;
  }
  entry.expiresAt = now + timeout;
  return 'accept';
}

/**
 * nf_conntrack_udp_packet: 30 s (UNREPLIED), refreshed by every packet; once a reply has been
 * seen, a packet more than 2 s after the first one makes it a stream: 120 s and [ASSURED].
 */
export function trackUdp(entry: ConntrackEntry, seenReply: boolean, now: number): TrackVerdict {
  if (seenReply) {
    let timeout = UDP_TIMEOUT_MS;
    if (now > entry.createdAt + 2000) {
      timeout = UDP_STREAM_TIMEOUT_MS;
      entry.assured = true;
    }
    entry.expiresAt = now + timeout;
  } else {
    entry.expiresAt = now + UDP_TIMEOUT_MS;
  }
  return 'accept';
}

/** Conntrack state of a packet as `-m conntrack --ctstate` sees it. */
export function ctStateOf(ref: CtRef | undefined, untracked: boolean): CtState {
  if (untracked) return 'UNTRACKED';
  if (!ref) return 'INVALID';
  if (ref.related) return 'RELATED';
  if (ref.dir === 'reply' || ref.entry.seenReply) return 'ESTABLISHED';
  return 'NEW';
}

export function isIcmpQuery(p: Ipv4Packet): boolean {
  return p.payload.kind === 'icmp' && ICMP_QUERY_TYPES.has(p.payload.type);
}

// ---------------------------------------------------------------- NAT

/** The NAT range a null binding uses: keep the current address (__nf_nat_alloc_null_binding). */
export function nullBindingRange(entry: ConntrackEntry, manip: ManipType): NatRange {
  const addr = manip === 'SRC' ? entry.reply.dst : entry.reply.src;
  return { minAddr: addr, maxAddr: addr };
}

function inRange(t: Tuple, range: NatRange, manip: ManipType): boolean {
  const addr = manip === 'SRC' ? t.src : t.dst;
  if (range.minAddr !== undefined && (addr < range.minAddr || addr > (range.maxAddr ?? range.minAddr))) return false;
  if (range.ports) {
    const port = manip === 'SRC' ? t.sport : t.dport;
    if (t.proto === IPPROTO_ICMP) return port >= range.ports.min && port <= range.ports.max;
    if (port < range.ports.min || port > range.ports.max) return false;
  }
  return true;
}

function withManip(t: Tuple, manip: ManipType, addr: Ipv4Addr, port?: number): Tuple {
  if (manip === 'SRC') return { ...t, src: addr, sport: port ?? t.sport };
  if (t.proto === IPPROTO_ICMP) return { ...t, dst: addr, sport: port ?? t.sport };
  return { ...t, dst: addr, dport: port ?? t.dport };
}

/**
 * get_unique_tuple: the original-direction tuple after this manip, unique in the table
 * (its inverse must not be a tuple of another entry).
 */
function uniqueTuple(
  table: ConntrackTable,
  entry: ConntrackEntry,
  current: Tuple,
  range: NatRange,
  manip: ManipType,
  random: SeededRandom,
  now: number,
  randomPorts: boolean,
): Tuple {
  const used = (t: Tuple): boolean => table.taken(entry.zone, invertTuple(t), entry, now);
  if (manip === 'SRC' && !randomPorts && inRange(current, range, manip) && !used(current)) return current;

  // 1) the address: the first of the range (SIMPLIFIED: Linux hashes the tuple to pick one of a range).
  const addr = range.minAddr ?? (manip === 'SRC' ? current.src : current.dst);
  let tuple = withManip(current, manip, addr);

  // 2) keep the id/port when it is unique (and in range, if a range was given).
  if (!randomPorts) {
    if (range.ports) {
      const port = manip === 'SRC' || current.proto === IPPROTO_ICMP ? tuple.sport : tuple.dport;
      if (port >= range.ports.min && port <= range.ports.max && (range.ports.min === range.ports.max || !used(tuple))) {
        return tuple;
      }
    } else if (!used(tuple)) {
      return tuple;
    }
  }

  // 3) nf_nat_l4proto_unique_tuple: search the id / port space.
  let min: number;
  let size: number;
  if (tuple.proto === IPPROTO_ICMP) {
    min = range.ports?.min ?? 0;
    size = range.ports ? range.ports.max - range.ports.min + 1 : 65536;
  } else if (range.ports) {
    min = range.ports.min;
    size = range.ports.max - range.ports.min + 1;
  } else {
    if (manip === 'DST') return tuple; // a DST null binding cannot change a port
    const port = tuple.sport;
    if (port < 1024) {
      min = port <= 511 ? 1 : 600;
      size = (port <= 511 ? 511 : 1023) - min + 1;
    } else {
      min = 1024;
      size = 65535 - 1024 + 1;
    }
  }
  // Linux starts a DST search at offset 0 and a SRC search at a random offset.
  let off = manip === 'DST' && !randomPorts ? 0 : random.intBetween(0, 65535);
  const attempts = Math.min(size, 128);
  for (let i = 0; i < attempts; i++, off++) {
    const value = min + (off % size);
    const candidate =
      tuple.proto === IPPROTO_ICMP || manip === 'SRC' ? { ...tuple, sport: value } : { ...tuple, dport: value };
    if (!used(candidate)) return candidate;
  }
  tuple = { ...tuple };
  return tuple;
}

/** nf_nat_setup_info: decides this entry's manip of one type, once. */
export function setupNat(
  table: ConntrackTable,
  entry: ConntrackEntry,
  range: NatRange,
  manip: ManipType,
  random: SeededRandom,
  now: number,
  randomPorts = false,
): void {
  const current = invertTuple(entry.reply);
  const next = uniqueTuple(table, entry, current, range, manip, random, now, randomPorts);
  if (!tuplesEqual(next, current)) {
    entry.reply = invertTuple(next);
    if (manip === 'SRC') entry.srcNat = true;
    else entry.dstNat = true;
  }
  if (manip === 'SRC') entry.srcNatDone = true;
  else entry.dstNatDone = true;
}

/** Rewrites the part of a packet that `manip` owns so that it matches `target`. */
export function manipPacket(p: Ipv4Packet, target: Tuple, manip: ManipType): Ipv4Packet {
  const t = p.payload;
  const addrs = manip === 'SRC' ? { src: target.src } : { dst: target.dst };
  switch (t.kind) {
    case 'icmp':
      // icmp_manip_pkt sets the echo id from the tuple whatever the manip type.
      if (isIcmpError(t)) return { ...p, ...addrs };
      return { ...p, ...addrs, payload: { ...t, id: target.sport } };
    case 'udp':
    case 'tcp':
      return {
        ...p,
        ...addrs,
        payload: manip === 'SRC' ? { ...t, sport: target.sport } : { ...t, dport: target.dport },
      };
  }
}

/** nf_nat_packet: applies an entry's translation to a packet at a hook of manip type `manip`. */
export function natPacket(p: Ipv4Packet, ref: CtRef, manip: ManipType): Ipv4Packet {
  const { entry, dir } = ref;
  let applies = manip === 'SRC' ? entry.srcNat : entry.dstNat;
  if (dir === 'reply') applies = manip === 'SRC' ? entry.dstNat : entry.srcNat;
  if (!applies) return p;
  const other = dir === 'original' ? entry.reply : entry.orig;
  const target = invertTuple(other);
  if (ref.related && p.payload.kind === 'icmp' && isIcmpError(p.payload)) {
    // nf_nat_icmp_reply_translation: the quoted packet gets the opposite manip, the outer
    // header is made to look like the reply to the quoted packet.
    const quoted = manipPacket(p.payload.quoted, other, manip === 'SRC' ? 'DST' : 'SRC');
    const outer = manip === 'SRC' ? { src: target.src } : { dst: target.dst };
    return { ...p, ...outer, payload: { ...p.payload, quoted } };
  }
  return manipPacket(p, target, manip);
}

/** The tuple inside an ICMP error, for finding the entry it is RELATED to. */
export function relatedLookupTuple(p: Ipv4Packet): Tuple | undefined {
  if (p.payload.kind !== 'icmp' || !isIcmpError(p.payload)) return undefined;
  const inner = packetTuple(p.payload.quoted);
  return inner ? invertTuple(inner) : undefined;
}
