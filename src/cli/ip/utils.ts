// iproute2's shared argument helpers (lib/utils.c, lib/ll_addr.c), reproduced exactly so that
// `ip` accepts and rejects the same words:
//  - `matches(prefix, word)`: iproute2's abbreviation test (non-empty prefix of the keyword);
//  - get_unsigned / get_u32 / get_u16 / get_u8 / get_integer (the whole word is one number);
//  - get_addr_ipv4: "10" = 10.0.0.0, "10.1" = 10.1.0.0, "0x0a.014" = 10.12.0.0 (each part
//    is a strtoul(base 0) number up to 255; unlike inet_aton, missing parts are zero bytes);
//  - get_netmask: a prefix length or a dotted mask ("255.255.0.0" = 16);
//  - get_addr / get_prefix and their error texts, invarg / duparg / incomplete_command;
//  - ll_addr_a2n: link-layer addresses "aa:bb:..." (each part read by sscanf("%x"));
//  - check_ifname; NEXT_ARG as a cursor over the words.

import type { Ipv4Addr } from '../../net/addr.ts';
import { isCSpace, scanHex, strtol, strtoul } from '../lib/cnum.ts';
import { ToolError } from '../errors.ts';
import { unsupported } from './errors.ts';
import type { IpFamily, IpParseContext } from './ip-common.ts';

/** An IPv4 prefix as typed. `addr` keeps host bits (10.0.0.1/24 stays 10.0.0.1). */
export interface IpPrefix {
  readonly addr: Ipv4Addr;
  readonly len: number;
  /** False for a bare address ("10.0.0.1" = /32) and for default/all/any. */
  readonly lenGiven: boolean;
  /** Set when the word was `default`, `all` or `any` (0.0.0.0/0). */
  readonly word?: 'default' | 'all' | 'any';
}

/** iproute2 `matches(prefix, keyword) == 0`: `word` is a non-empty prefix of `keyword`. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

/** iproute2 get_unsigned/get_u32-style: the whole word is one number <= max. */
export function getUnsigned(text: string, max: bigint = 0xffffffffn, base = 0): number | undefined {
  const { value, end } = strtoul(text, base);
  if (end === 0 || end !== text.length) return undefined;
  if (value > max) return undefined;
  return Number(value);
}

export const getU32 = (text: string): number | undefined => getUnsigned(text, 0xffffffffn);
export const getU16 = (text: string): number | undefined => getUnsigned(text, 0xffffn);
export const getU8 = (text: string): number | undefined => getUnsigned(text, 0xffn);

/** iproute2 get_integer: strtol, whole word, within int. */
export function getInteger(text: string, base = 0): number | undefined {
  const { value, end } = strtol(text, base);
  if (end === 0 || end !== text.length) return undefined;
  if (value > 2147483647n || value < -2147483648n) return undefined;
  return Number(value);
}

/** iproute2 get_addr_ipv4: returns the address as an unsigned 32-bit number, or undefined. */
function getAddrIpv4(text: string): number | undefined {
  const bytes = [0, 0, 0, 0];
  let rest = text;
  for (let i = 0; i < 4; i++) {
    const { value, end } = strtoul(rest, 0);
    if (value > 255n) return undefined;
    if (end === 0) return undefined;
    bytes[i] = Number(value);
    const next = rest[end];
    if (next === undefined) break;
    if (i === 3 || next !== '.') return undefined;
    rest = rest.slice(end + 1);
  }
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}

/** iproute2 mask2bits: a contiguous mask's length, or -1. */
function mask2bits(mask: number): number {
  const inverted = ~mask >>> 0;
  if (((inverted + 1) & inverted) >>> 0 !== 0) return -1;
  let bits = 0;
  for (let m = mask >>> 0; m !== 0; m = (m << 1) >>> 0) bits++;
  return bits;
}

/** iproute2 get_netmask: "24" or "255.255.255.0"; undefined when invalid. */
function getNetmask(text: string): number | undefined {
  const n = getUnsigned(text, 0xffffffffn, 0);
  if (n !== undefined) return n;
  if (!text.includes(':')) {
    const addr = getAddrIpv4(text);
    if (addr !== undefined) {
      const b = mask2bits(addr);
      if (b >= 0) return b;
    }
  }
  return undefined;
}

/**
 * iproute2 ll_addr_a2n. Returns the bytes, or `{ bad }` with the text that ip quotes in
 * `"%s" is invalid lladdr.` (the failing colon-separated part, not the whole argument).
 */
export function llAddrA2n(text: string, maxLen: number): { bytes: number[] } | { bad: string } {
  if (text.includes('.')) {
    const addr = getAddrIpv4(text);
    if (addr === undefined || text.includes(':')) return { bad: text };
    return { bytes: [addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255] };
  }
  const bytes: number[] = [];
  let rest = text;
  for (let i = 0; i < maxLen; i++) {
    const colon = rest.indexOf(':');
    const part = colon < 0 ? rest : rest.slice(0, colon);
    const v = scanHex(part);
    if (v === undefined || v < 0 || v > 255) return { bad: part };
    bytes.push(v);
    if (colon < 0) break;
    rest = rest.slice(colon + 1);
  }
  return { bytes };
}

export function bytesToMac(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** iproute2 check_ifname (IFNAMSIZ = 16) and check_altifname (ALTIFNAMSIZ = 128). */
export function checkIfname(name: string, max = 16): boolean {
  if (name === '' || utf8Length(name) >= max) return false;
  for (const ch of name) if (ch === '/' || isCSpace(ch)) return false;
  return true;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

export const incomplete = (): ToolError => new ToolError('Command line is not complete. Try option "help"\n', 255);
export const invarg = (msg: string, arg: string): ToolError => new ToolError(`Error: argument "${arg}" is wrong: ${msg}\n`, 255);
export const duparg = (key: string, arg: string): ToolError => new ToolError(`Error: duplicate "${key}": "${arg}" is the second value.\n`, 255);
export const duparg2 = (key: string, arg: string): ToolError => new ToolError(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`, 255);
export const usage = (text: string, status = 255): ToolError => new ToolError(text, status);

/** A cursor over the words, with iproute2's NEXT_ARG. */
export class Words {
  private readonly words: readonly string[];
  private i: number;
  constructor(words: readonly string[], start = 0) {
    this.words = words;
    this.i = start;
  }
  get more(): boolean {
    return this.i < this.words.length;
  }
  get cur(): string {
    return this.words[this.i] ?? '';
  }
  get index(): number {
    return this.i;
  }
  /** Words left, counting the current one (C's argc). */
  get left(): number {
    return this.words.length - this.i;
  }
  at(i: number): string {
    return this.words[i] ?? '';
  }
  /** NEXT_ARG(): move to the next word; none left = "Command line is not complete". */
  next(): string {
    this.i++;
    if (this.i >= this.words.length) throw incomplete();
    return this.cur;
  }
  advance(): void {
    this.i++;
  }
  from(i: number): readonly string[] {
    return this.words.slice(i);
  }
}

export type Fam = IpFamily | undefined;

function familyVerbose(f: Fam): string {
  if (f === undefined) return 'any valid';
  return f;
}

export interface AddrWord {
  readonly family: 'inet' | 'inet6' | 'unspec';
  readonly addr: Ipv4Addr;
  /** -2 for default/all/any (iproute2's marker), -1 for a plain address. */
  readonly bitlen: number;
  readonly bytelen: number;
  readonly word?: 'default' | 'all' | 'any';
}

/** iproute2 get_addr_1. undefined = invalid for this family. */
function getAddr1(text: string, family: Fam): AddrWord | undefined {
  if (text === 'default' || text === 'all' || text === 'any') {
    if (family === 'mpls') return undefined;
    const fam = family === 'inet' ? 'inet' : family === 'inet6' ? 'inet6' : 'unspec';
    const bytelen = text === 'default' ? (fam === 'inet' ? 4 : fam === 'inet6' ? 16 : 0) : 0;
    return { family: fam, addr: 0, bitlen: -2, bytelen, word: text };
  }
  if (family === 'link') return undefined; // AF_PACKET addresses are never used here
  if (family === 'inet6' || text.includes(':')) {
    if (family !== undefined && family !== 'inet6') return undefined;
    if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
    return { family: 'inet6', addr: 0, bitlen: -1, bytelen: 16 };
  }
  if (family === 'mpls') return undefined;
  if (family !== undefined && family !== 'inet') return undefined;
  const addr = getAddrIpv4(text);
  if (addr === undefined) return undefined;
  return { family: 'inet', addr, bitlen: -1, bytelen: 4 };
}

export interface PrefixWord extends AddrWord {
  readonly len: number;
  readonly lenGiven: boolean;
}

/** iproute2 get_prefix_1. */
export function getPrefix1(text: string, family: Fam): PrefixWord | undefined {
  const slash = text.indexOf('/');
  const a = getAddr1(slash < 0 ? text : text.slice(0, slash), family);
  if (a === undefined) return undefined;
  let bitlen = a.family === 'inet' ? 32 : a.family === 'inet6' ? 128 : 0;
  let lenGiven = false;
  if (slash >= 0) {
    if (a.bitlen === -2) return undefined;
    const plen = getNetmask(text.slice(slash + 1));
    if (plen === undefined || plen > bitlen) return undefined;
    bitlen = plen;
    lenGiven = true;
  } else if (a.bitlen === -2) {
    bitlen = 0;
  }
  return { ...a, len: bitlen, lenGiven };
}

export function v6Unsupported(): ToolError {
  return unsupported('IPv6');
}

export function toPrefix(p: PrefixWord): IpPrefix {
  if (p.family === 'inet6') throw v6Unsupported();
  return p.word ? { addr: 0, len: 0, lenGiven: false, word: p.word } : { addr: p.addr, len: p.len, lenGiven: p.lenGiven };
}

/** iproute2 get_prefix: exits 1 with "Error: FAMILY prefix is expected rather than ...". */
export function getPrefix(text: string, family: Fam): PrefixWord {
  if (family === 'link') throw new ToolError(`Error: "${text}" may be inet prefix, but it is not allowed in this context.\n`, 1);
  const p = getPrefix1(text, family);
  if (p === undefined) throw new ToolError(`Error: ${familyVerbose(family)} prefix is expected rather than "${text}".\n`, 1);
  return p;
}

/** iproute2 get_addr: exits 1 with "Error: FAMILY address is expected rather than ...". */
export function getAddr(text: string, family: Fam): AddrWord {
  if (family === 'link') throw new ToolError(`Error: "${text}" may be inet address, but it is not allowed in this context.\n`, 1);
  const a = getAddr1(text, family);
  if (a === undefined) throw new ToolError(`Error: ${familyVerbose(family)} address is expected rather than "${text}".\n`, 1);
  return a;
}

export function inetAddr(a: AddrWord): Ipv4Addr {
  if (a.family === 'inet6') throw v6Unsupported();
  return a.addr;
}

export function famOf(a: AddrWord): Fam {
  return a.family === 'unspec' ? undefined : a.family;
}

export function readFamily(word: string): IpFamily | undefined {
  switch (word) {
    case 'inet': return 'inet';
    case 'inet6': return 'inet6';
    case 'link': return 'link';
    case 'mpls': return 'mpls';
    case 'bridge': return 'bridge';
    default: return undefined;
  }
}

export function deviceExists(ctx: IpParseContext | undefined, name: string): boolean {
  return ctx?.deviceExists ? ctx.deviceExists(name) : true;
}

export function netnsExists(ctx: IpParseContext | undefined, name: string): boolean {
  return ctx?.netnsExists ? ctx.netnsExists(name) : true;
}
