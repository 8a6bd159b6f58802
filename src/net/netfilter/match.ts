// Rule matching: the addresses, interfaces and protocol of a rule, and its match modules
// (tcp, udp, icmp, conntrack/state, physdev, comment). Mirrors ip_packet_match in
// net/ipv4/netfilter/ip_tables.c and the xt_* match modules.

import { inCidr } from '../addr.ts';
import { ctStateOf } from '../conntrack/core.ts';
import { protocolNumber, type Ipv4Packet } from '../wire/packet.ts';
import type { Device, Skb } from '../world.ts';
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

function matchModule(m: Match, skb: Skb): boolean {
  const p = skb.ip;
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      if (p.payload.kind !== m.module) return false;
      const pp = ports(p)!;
      if (m.sport && !negate(m.sport, pp.sport >= m.sport.value.min && pp.sport <= m.sport.value.max)) return false;
      if (m.dport && !negate(m.dport, pp.dport >= m.dport.value.min && pp.dport <= m.dport.value.max)) return false;
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
  }
}

export function ruleMatches(spec: RuleSpec, skb: Skb, inDev: Device | undefined, outDev: Device | undefined): boolean {
  const p = skb.ip;
  if (spec.source && !negate(spec.source, inCidr(p.src, spec.source.value))) return false;
  if (spec.destination && !negate(spec.destination, inCidr(p.dst, spec.destination.value))) return false;
  if (spec.inInterface && !negate(spec.inInterface, ifaceMatches(spec.inInterface.value, inDev))) return false;
  if (spec.outInterface && !negate(spec.outInterface, ifaceMatches(spec.outInterface.value, outDev))) return false;
  if (spec.protocol && spec.protocol.value !== 0 && !negate(spec.protocol, protocolNumber(p.payload) === spec.protocol.value)) return false;
  return spec.matches.every((m) => matchModule(m, skb));
}
