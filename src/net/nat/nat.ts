// NAT: decided once per connection and manip type (nf_nat_setup_info; a nat chain that matches
// nothing makes a null binding), with get_unique_tuple choosing an address and an id or port
// whose reply tuple no other entry holds; then every packet of the connection is rewritten
// (nf_nat_packet, nf_nat_icmp_reply_translation).
// Mirrors net/netfilter/nf_nat_core.c and nf_nat_proto.c.

import type { Ipv4Addr } from '../addr.ts';
import { invertTuple, type ConntrackEntry, type ConntrackTable, type CtRef, type ManipType, type Tuple } from '../conntrack/core.ts';
import type { NatRange } from '../netfilter/rule.ts';
import type { SeededRandom } from '../rng.ts';
import { IPPROTO_ICMP, isIcmpError, type Ipv4Packet } from '../wire/packet.ts';

function tuplesEqual(a: Tuple, b: Tuple): boolean {
  return a.src === b.src && a.dst === b.dst && a.proto === b.proto && a.sport === b.sport && a.dport === b.dport;
}

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
function manipPacket(p: Ipv4Packet, target: Tuple, manip: ManipType): Ipv4Packet {
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
