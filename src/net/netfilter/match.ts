// Rule matching: the addresses, interfaces and protocol of a rule, and its match modules
// (tcp with its flags, udp, icmp, conntrack/state, physdev, comment, addrtype, multiport,
// iprange, mac, mark, connmark). Mirrors ip_packet_match in
// net/ipv4/netfilter/ip_tables.c and the xt_* match modules.

import { broadcastOf, inCidr, isMulticastIpv4, type Ipv4Addr } from '../addr.ts';
import { ctStateOf } from '../conntrack/core.ts';
import { protocolNumber, type Ipv4Packet, type TcpFlags } from '../wire/packet.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import type { Match, Negatable, RuleSpec } from './rule.ts';

function negate(n: Negatable<unknown> | undefined, result: boolean): boolean {
  return n?.negate ? !result : result;
}

function ifaceMatches(pattern: string, dev: Device | undefined): boolean {
  const name = dev?.name ?? '';
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function ports(p: Ipv4Packet): { sport: number; dport: number } | undefined {
  const t = p.payload;
  return t.kind === 'tcp' || t.kind === 'udp' ? { sport: t.sport, dport: t.dport } : undefined;
}

/**
 * inet_dev_addr_type(): the route type (ADDRTYPE_NAMES index) of `addr` in the namespace's local
 * table. With `dev`, a local or broadcast route of another device counts as unicast.
 */
export function addrTypeOf(ns: Namespace, addr: Ipv4Addr, dev: Device | undefined): number {
  const BROADCAST = 3;
  // ipv4_is_zeronet() (all of 0.0.0.0/8) and ipv4_is_lbcast().
  if (addr >>> 24 === 0 || addr === 0xffffffff) return BROADCAST;
  if (isMulticastIpv4(addr)) return 5;
  // The local table's routes: each address (/32) and its subnet's broadcast (/32) first, then
  // lo's `local 127.0.0.0/8` (longest prefix wins: 127.255.255.255 is lo's broadcast).
  let prefixHit: Device | undefined;
  for (const d of ns.devices.values()) {
    if (!d.adminUp) continue;
    for (const a of d.addresses) {
      const local = a.addr === addr;
      const bcast = a.len < 31 && broadcastOf(a.addr, a.len) === addr;
      if (local || bcast) return dev === undefined || dev === d ? (local ? 2 : BROADCAST) : 1;
      if (d.kind === 'loopback' && a.len === 8 && addr >>> 24 === a.addr >>> 24) prefixHit = d;
    }
  }
  if (prefixHit) return dev === undefined || dev === prefixHit ? 2 : 1;
  return 1;
}

function addrtypeMatches(m: Extract<Match, { module: 'addrtype' }>, ns: Namespace, skb: Skb, inDev: Device | undefined, outDev: Device | undefined): boolean {
  const dev = m.limitIn ? inDev : m.limitOut ? outDev : undefined;
  const test = (t: Negatable<number> | undefined, addr: Ipv4Addr): boolean => !t || negate(t, (t.value & (1 << addrTypeOf(ns, addr, dev))) !== 0);
  return test(m.srcType, skb.ip.src) && test(m.dstType, skb.ip.dst);
}

function tcpFlagBits(f: TcpFlags): number {
  return (f.fin ? 0x01 : 0) | (f.syn ? 0x02 : 0) | (f.rst ? 0x04 : 0) | (f.psh ? 0x08 : 0) | (f.ack ? 0x10 : 0) | (f.urg ? 0x20 : 0) | (f.ece ? 0x40 : 0) | (f.cwr ? 0x80 : 0);
}

function matchModule(m: Match, skb: Skb, ns: Namespace | undefined, inDev: Device | undefined, outDev: Device | undefined): boolean {
  const p = skb.ip;
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      if (p.payload.kind !== m.module) return false;
      const pp = ports(p)!;
      if (m.sport && !negate(m.sport, pp.sport >= m.sport.value.min && pp.sport <= m.sport.value.max)) return false;
      if (m.dport && !negate(m.dport, pp.dport >= m.dport.value.min && pp.dport <= m.dport.value.max)) return false;
      if (m.module === 'tcp' && m.flags && p.payload.kind === 'tcp') {
        const bits = tcpFlagBits(p.payload.flags);
        if (!negate(m.flags, (bits & m.flags.value.mask) === m.flags.value.comp)) return false;
      }
      return true;
    }
    case 'icmp': {
      if (p.payload.kind !== 'icmp') return false;
      const { type, code } = m.icmpType.value;
      const hit = type === 255 || (p.payload.type === type && (code === undefined || p.payload.code === code));
      return negate(m.icmpType, hit);
    }
    case 'conntrack':
    case 'state': {
      const wanted = m.module === 'conntrack' ? m.ctstate : m.state;
      const state = ctStateOf(skb.ct, skb.untracked ?? false);
      let hit = wanted.value.includes(state);
      if (!hit && skb.ct && wanted.value.includes('SNAT')) hit = skb.ct.entry.srcNat;
      if (!hit && skb.ct && wanted.value.includes('DNAT')) hit = skb.ct.entry.dstNat;
      return negate(wanted, hit);
    }
    case 'physdev': {
      if (m.physdevIn && !negate(m.physdevIn, skb.physIn !== undefined && ifaceMatches(m.physdevIn.value, skb.physIn))) return false;
      if (m.physdevOut && !negate(m.physdevOut, skb.physOut !== undefined && ifaceMatches(m.physdevOut.value, skb.physOut))) return false;
      if (m.isIn && !negate(m.isIn, skb.physIn !== undefined)) return false;
      if (m.isOut && !negate(m.isOut, skb.physOut !== undefined)) return false;
      if (m.isBridged && !negate(m.isBridged, skb.physOut !== undefined && skb.physIn !== undefined)) return false;
      return true;
    }
    case 'comment':
      return true;
    case 'addrtype':
      return ns === undefined || addrtypeMatches(m, ns, skb, inDev, outDev);
    case 'multiport': {
      // xt_multiport ports_match_v1(); a fragment or another protocol never matches.
      const pp = ports(p);
      if (!pp) return false;
      const hit = m.ports.value.some((r) => {
        const inR = (port: number): boolean => port >= r.min && port <= r.max;
        if (m.which === 'sports') return inR(pp.sport);
        if (m.which === 'dports') return inR(pp.dport);
        return inR(pp.sport) || inR(pp.dport);
      });
      return negate(m.ports, hit);
    }
    case 'iprange': {
      const inR = (a: Ipv4Addr, r: { min: number; max: number }): boolean => a >= r.min && a <= r.max;
      if (m.src && !negate(m.src, inR(p.src, m.src.value))) return false;
      if (m.dst && !negate(m.dst, inR(p.dst, m.dst.value))) return false;
      return true;
    }
    case 'mac':
      // xt_mac: only frames that came from an Ethernet device carry a source MAC.
      return skb.srcMac !== undefined && negate(m.mac, skb.srcMac === m.mac.value);
    case 'mark':
      return negate(m.mark, ((skb.mark ?? 0) & m.mark.value.mask) >>> 0 === m.mark.value.value);
    case 'connmark': {
      const ct = skb.ct?.entry;
      if (!ct) return false;
      return negate(m.mark, (ct.mark & m.mark.value.mask) >>> 0 === m.mark.value.value);
    }
  }
}

export function ruleMatches(spec: RuleSpec, skb: Skb, inDev: Device | undefined, outDev: Device | undefined, ns?: Namespace): boolean {
  const p = skb.ip;
  if (spec.source && !negate(spec.source, inCidr(p.src, spec.source.value))) return false;
  if (spec.destination && !negate(spec.destination, inCidr(p.dst, spec.destination.value))) return false;
  if (spec.inInterface && !negate(spec.inInterface, ifaceMatches(spec.inInterface.value, inDev))) return false;
  if (spec.outInterface && !negate(spec.outInterface, ifaceMatches(spec.outInterface.value, outDev))) return false;
  if (spec.protocol && spec.protocol.value !== 0 && !negate(spec.protocol, protocolNumber(p.payload) === spec.protocol.value)) return false;
  return spec.matches.every((m) => matchModule(m, skb, ns, inDev, outDev));
}
