// Code generation (libpcap gencode.c): a filter compiles to the tree of BPF tests libpcap
// generates for it (same loads, same constants, same order), so that evaluate.ts gives the
// exact BPF semantics and optimize.ts can tell a filter that rejects every packet.

import { TcpdumpError } from '../errors.ts';

export type Proto = 'default' | 'undef' | 'ip' | 'arp' | 'rarp' | 'tcp' | 'udp' | 'icmp' | 'sctp' | 'igmp' | 'ip6' | 'icmp6';
export type Dir = 'default' | 'undef' | 'src' | 'dst' | 'or' | 'and';
export type Addr = 'default' | 'undef' | 'host' | 'net' | 'port' | 'proto' | 'gateway';

export interface Qual {
  readonly proto: Proto;
  readonly dir: Dir;
  readonly addr: Addr;
}

/** One BPF test: load (absolute, or relative to the IPv4 header length), optional mask, jump. */
export interface Test {
  readonly size: 1 | 2 | 4;
  readonly off: number;
  /** Offset is relative to X = 4 * (byte 14 & 0xf) (`ldxb 4*([14]&0xf)`), as for TCP/UDP ports. */
  readonly ind: boolean;
  readonly mask?: number;
  readonly op: 'jeq' | 'jset';
  readonly k: number;
}

export type Expr =
  | { readonly t: 'test'; readonly test: Test }
  | { readonly t: 'and' | 'or'; readonly a: Expr; readonly b: Expr }
  | { readonly t: 'not'; readonly a: Expr };

export interface Blk {
  readonly p: Expr;
  readonly q: Qual;
}

export const QERR: Qual = { proto: 'undef', dir: 'undef', addr: 'undef' };

const ETHERTYPE_IP = 0x0800;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_REVARP = 0x8035;
const ETHERTYPE_IPV6 = 0x86dd;
const IPPROTO: Readonly<Record<string, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, sctp: 132, icmp6: 58 };
/** Link-layer payload offset on Ethernet (off_linkpl). */
const PL = 14;

function test(size: 1 | 2 | 4, off: number, k: number, extra: { mask?: number; ind?: boolean; op?: 'jset' } = {}): Expr {
  const mask = extra.mask !== undefined && extra.mask !== 0xffffffff ? { mask: extra.mask } : {};
  return { t: 'test', test: { size, off, ind: extra.ind ?? false, ...mask, op: extra.op ?? 'jeq', k: k >>> 0 } };
}
/** gen_and(a, b): a is tested first. */
export function and(a: Expr, b: Expr): Expr {
  return { t: 'and', a, b };
}
/** gen_or(a, b): a is tested first. */
export function or(a: Expr, b: Expr): Expr {
  return { t: 'or', a, b };
}
export function not(a: Expr): Expr {
  return { t: 'not', a };
}
function linktype(type: number): Expr {
  return test(2, 12, type);
}
/** gen_proto for Q_IP and Q_IPV6 (the latter also looks behind a fragment header). */
function ipProto(v: number): Expr {
  return and(linktype(ETHERTYPE_IP), test(1, PL + 9, v));
}
function ip6Proto(v: number): Expr {
  return and(linktype(ETHERTYPE_IPV6), or(test(1, PL + 6, v), and(test(1, PL + 6, 44), test(1, PL + 40, v))));
}
function byDir(dir: Dir, src: Expr, dst: Expr): Expr {
  switch (dir) {
    case 'src':
      return src;
    case 'dst':
      return dst;
    case 'and':
      return and(src, dst);
    default:
      return or(src, dst);
  }
}

/**
 * A code generation error (gencode.c's bpf_error): it replaces any message set before, such
 * as a lexical error met while reading ahead.
 */
export function bpfError(message: string): never {
  throw new TcpdumpError(`tcpdump: ${message}`);
}

/** __pcap_atoin: dotted decimal with 1 to 4 parts; bits = 8 * parts, or -1. */
function atoin(s: string): { bits: number; value: number } {
  let value = 0;
  let bits = 0;
  for (const part of s.split('.')) {
    let n = 0;
    for (const c of part) {
      if (n > 25) return { bits: -1, value: 0 };
      n = n * 10 + (c.charCodeAt(0) - 48);
    }
    if (n > 255) return { bits: -1, value: 0 };
    value = ((value << 8) | n) >>> 0;
    bits += 8;
  }
  return { bits, value };
}

export function abbrev(proto: Proto): Expr {
  switch (proto) {
    case 'ip':
      return linktype(ETHERTYPE_IP);
    case 'arp':
      return linktype(ETHERTYPE_ARP);
    case 'rarp':
      return linktype(ETHERTYPE_REVARP);
    case 'ip6':
      return linktype(ETHERTYPE_IPV6);
    case 'icmp':
    case 'igmp':
      return ipProto(IPPROTO[proto] ?? 0);
    case 'icmp6':
      return ip6Proto(58);
    default:
      // tcp, udp, sctp: gen_proto(.., Q_DEFAULT) = IPv4 or IPv6
      return or(ipProto(IPPROTO[proto] ?? 0), ip6Proto(IPPROTO[proto] ?? 0));
  }
}

export function ncode(s: string | undefined, num: number, q: Qual): Expr {
  let v = num >>> 0;
  let vlen = 32;
  if (s !== undefined) {
    const a = atoin(s);
    if (a.bits < 0) bpfError(`invalid IPv4 address '${s}'`);
    v = a.value;
    vlen = a.bits;
  }
  switch (q.addr) {
    case 'default':
    case 'host':
    case 'net': {
      let mask = 0xffffffff;
      if (s === undefined && q.addr === 'net') {
        while (v !== 0 && (v & 0xff000000) === 0) {
          v = (v << 8) >>> 0;
          mask = (mask << 8) >>> 0;
        }
      } else {
        v = (v << (32 - vlen)) >>> 0;
        mask = (mask << (32 - vlen)) >>> 0;
      }
      return genHost(v, mask, q.proto, q.dir, q.addr);
    }
    case 'port': {
      if (q.proto !== 'tcp' && q.proto !== 'udp' && q.proto !== 'sctp' && q.proto !== 'default') bpfError("illegal qualifier of 'port'");
      if (v > 65535) bpfError(`illegal port number ${v} > 65535`);
      // gen_or(gen_port6(..), gen_port(..)): the IPv6 tests come first.
      return or(genPort6(v, q.proto, q.dir), genPort(v, q.proto, q.dir));
    }
    case 'gateway':
      bpfError("'gateway' requires a name");
    case 'proto':
      return genProto(v, q.proto);
    case 'undef':
      bpfError('syntax error in filter expression');
  }
}

export function mcode(s1: string, s2: string | undefined, masklen: number, q: Qual): Expr {
  const a = atoin(s1);
  if (a.bits < 0) bpfError(`invalid IPv4 address '${s1}'`);
  const n = (a.value << (32 - a.bits)) >>> 0;
  let m: number;
  if (s2 !== undefined) {
    const b = atoin(s2);
    if (b.bits < 0) bpfError(`invalid IPv4 address '${s2}'`);
    m = (b.value << (32 - b.bits)) >>> 0;
    if ((n & ~m) >>> 0 !== 0) bpfError(`non-network bits set in "${s1} mask ${s2}"`);
  } else {
    if (masklen > 32) bpfError('mask length must be <= 32');
    m = masklen === 0 ? 0 : (0xffffffff << (32 - masklen)) >>> 0;
    if ((n & ~m) >>> 0 !== 0) bpfError(`non-network bits set in "${s1}/${masklen}"`);
  }
  if (q.addr !== 'net') bpfError('Mask syntax for networks only');
  return genHost(n, m, q.proto, q.dir, 'net');
}

/** gen_host / gen_hostop: IPv4 addresses at 26/30, ARP and RARP protocol addresses at 28/38. */
function genHost(addr: number, mask: number, proto: Proto, dir: Dir, type: Addr): Expr {
  const typestr = type === 'net' ? 'net' : 'host';
  const hostop = (ethertype: number, srcOff: number, dstOff: number): Expr =>
    byDir(dir, and(linktype(ethertype), test(4, srcOff, addr, { mask })), and(linktype(ethertype), test(4, dstOff, addr, { mask })));
  const ip = (): Expr => hostop(ETHERTYPE_IP, PL + 12, PL + 16);
  const arp = (): Expr => hostop(ETHERTYPE_ARP, PL + 14, PL + 24);
  const rarp = (): Expr => hostop(ETHERTYPE_REVARP, PL + 14, PL + 24);
  switch (proto) {
    case 'default':
      return or(or(ip(), arp()), rarp());
    case 'ip':
      return ip();
    case 'arp':
      return arp();
    case 'rarp':
      return rarp();
    case 'ip6':
      bpfError("'ip6' modifier applied to ip host");
    default:
      bpfError(`'${proto}' modifier applied to ${typestr}`);
  }
}

/** gen_port: IPv4, the protocol, not a later fragment, then the port at X+14 (source) / X+16. */
function genPort(port: number, proto: Proto, dir: Dir): Expr {
  const portop = (ipProtocol: number): Expr => {
    const head = and(test(1, PL + 9, ipProtocol), not(test(2, PL + 6, 0x1fff, { op: 'jset' })));
    return and(head, byDir(dir, test(2, PL, port, { ind: true }), test(2, PL + 2, port, { ind: true })));
  };
  const body = proto === 'default' ? or(or(portop(6), portop(17)), portop(132)) : portop(IPPROTO[proto] ?? 0);
  return and(linktype(ETHERTYPE_IP), body);
}

/** gen_port6: IPv6 next header (no fragment check), then the port at 54 / 56. */
function genPort6(port: number, proto: Proto, dir: Dir): Expr {
  const portop = (ipProtocol: number): Expr =>
    and(test(1, PL + 6, ipProtocol), byDir(dir, test(2, PL + 40, port), test(2, PL + 42, port)));
  const body = proto === 'default' ? or(or(portop(6), portop(17)), portop(132)) : portop(IPPROTO[proto] ?? 0);
  return and(linktype(ETHERTYPE_IPV6), body);
}

function genProto(v: number, proto: Proto): Expr {
  switch (proto) {
    case 'default':
      return or(ipProto(v), ip6Proto(v));
    case 'ip':
      return ipProto(v);
    case 'ip6':
      return ip6Proto(v);
    case 'arp':
      bpfError('arp does not encapsulate another protocol');
    case 'rarp':
      bpfError('rarp does not encapsulate another protocol');
    default:
      bpfError(`'${proto} proto' is bogus`);
  }
}
