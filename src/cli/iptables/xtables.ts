// libxtables/xtables.c: the parsers iptables and its extensions share: numbers
// (xtables_strtoui, on glibc's strtoumax = strtoul on Linux x86-64, src/cli/lib/cnum.ts),
// protocols, ports and services, interface names, and -s/-d addresses with their masks.

import { isCSpace, strtoul } from '../lib/cnum.ts';
import { utf8Length } from './cstring.ts';
import { parameterProblem } from './errors.ts';
import { chainProtoByName, getProtoByName, hostByName, networkByName, serviceToPort } from './netnames.ts';

/**
 * xtables_strtoui(s, end, &value, min, max): true when s is a number in [min, max]. Without
 * `allowTrailing` the whole string must be used (iptables passes end = NULL); with it,
 * `end` reports where parsing stopped.
 */
export function xtablesStrtoui(
  s: string,
  min: number,
  max: number,
  allowTrailing = false,
): { ok: boolean; value: number; end: number } {
  let p = 0;
  while (isCSpace(s[p])) p++;
  if (s[p] === '-') return { ok: false, value: 0, end: 0 };
  const r = strtoul(s, 0);
  if (r.end === 0) return { ok: false, value: 0, end: 0 };
  if (!r.overflow && r.value >= BigInt(min) && r.value <= BigInt(max)) {
    const ok = allowTrailing ? true : r.end === s.length;
    return { ok, value: Number(r.value), end: r.end };
  }
  return { ok: false, value: 0, end: r.end };
}

/** xtables_parse_protocol(). */
export function parseProtocol(text: string): number {
  const n = xtablesStrtoui(text, 0, 255);
  if (n.ok) return n.value;
  if (text === 'all') return 0;
  const byName = getProtoByName(text) ?? chainProtoByName(text);
  if (byName !== undefined) return byName;
  throw parameterProblem(`unknown protocol "${text}" specified`);
}

/** xtables_parse_port(): a service name for `proto`, else a number 0..65535. */
export function parsePort(text: string, proto: string): number {
  const service = serviceToPort(text, proto);
  if (service !== undefined) return service;
  const n = xtablesStrtoui(text, 0, 0xffff);
  if (n.ok) return n.value;
  throw parameterProblem(`invalid port/service \`${text}' specified`);
}

/**
 * xtables_getportbyname(): getaddrinfo(NULL, name): a decimal number (strtoul, taken as an
 * int, its low 16 bits used) or a tcp/udp service name.
 */
export function getPortByName(text: string): number | undefined {
  const digits = /^[ \t\n\v\f\r]*[+-]?\d+$/.test(text);
  if (digits) {
    const r = strtoul(text, 10);
    const asInt = Number(BigInt.asIntN(32, r.value));
    if (asInt >= 0) return asInt & 0xffff;
  }
  return serviceToPort(text, 'tcp') ?? serviceToPort(text, 'udp');
}

/**
 * xtables_parse_interface(): the IFNAMSIZ check (the name is kept as typed).
 * Returns the warning it prints for a name the kernel cannot have, if any.
 */
export function checkInterfaceName(name: string): string | undefined {
  if (utf8Length(name) + 1 > 16) {
    throw parameterProblem(`interface name \`${name}' must be shorter than IFNAMSIZ (15)`);
  }
  if (!name.endsWith('+') && (name.includes('/') || name.includes(' '))) {
    return `Warning: weird character in interface \`${name}' ('/' and ' ' are not allowed by the kernel).\n`;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// -s/-d addresses

export interface AddrMask {
  readonly addr: number;
  readonly mask: number;
}

/** __numeric_to_ipaddr(): dotted parts 0..255 (missing ones are 0), on 19 chars. */
export function numericToIpaddr(text: string, isMask: boolean): number | undefined {
  const buf = text.slice(0, 19);
  const parts = buf.split('.');
  if (parts.length > 4) {
    // The fourth part then contains dots and fails xtables_strtoui.
    return undefined;
  }
  if (parts.length < 4 && isMask) return undefined;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    let byte = 0;
    if (part !== undefined) {
      const r = xtablesStrtoui(part, 0, 255);
      if (!r.ok) return undefined;
      byte = r.value;
    }
    value = value * 256 + byte;
  }
  return value >>> 0;
}

/** glibc __inet_aton_exact(): 1 to 4 C numbers, the last one filling the remaining bytes. */
function inetAtonExact(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: bigint[] = [];
  for (const part of parts) {
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(part)) return undefined;
    const r = strtoul(part, 0);
    if (r.overflow || r.value > 0xffffffffn) return undefined;
    values.push(r.value);
  }
  const last = values.pop() ?? 0n;
  for (const v of values) if (v > 255n) return undefined;
  const lastMax = [0xffffffffn, 0xffffffn, 0xffffn, 0xffn][values.length] ?? 0n;
  if (last > lastMax) return undefined;
  let value = 0n;
  values.forEach((v, i) => {
    value |= v << BigInt(24 - 8 * i);
  });
  return Number(value | last);
}

/** ipparse_hostnetwork(): numeric, then /etc/networks, then a host name. */
function parseHostNetwork(name: string): number {
  const numeric = numericToIpaddr(name, false);
  if (numeric !== undefined) return numeric;
  const network = networkByName(name);
  if (network !== undefined) return network;
  const host = inetAtonExact(name) ?? hostByName(name);
  if (host !== undefined) return host;
  throw parameterProblem(`host/network \`${name}' not found`);
}

/** parse_ipmask(). */
function parseIpMask(text: string | undefined): number {
  if (text === undefined) return 0xffffffff;
  const dotted = numericToIpaddr(text, true);
  if (dotted !== undefined) return dotted;
  const bits = xtablesStrtoui(text, 0, 32);
  if (!bits.ok) throw parameterProblem(`invalid mask \`${text}' specified`);
  return bits.value === 0 ? 0 : (0xffffffff << (32 - bits.value)) >>> 0;
}

/** xtables_ipparse_multiple(): comma-separated address[/mask] items. */
export function parseAddresses(text: string): AddrMask[] {
  const out: AddrMask[] = [];
  for (const rawItem of text.split(',')) {
    let item = rawItem;
    while (isCSpace(item[0])) item = item.slice(1);
    if (utf8Length(item) > 255) throw parameterProblem('Hostname too long');
    const slash = item.lastIndexOf('/');
    const host = slash < 0 ? item : item.slice(0, slash);
    const mask = parseIpMask(slash < 0 ? undefined : item.slice(slash + 1));
    const addr = parseHostNetwork(mask === 0 ? '0.0.0.0' : host);
    out.push({ addr: (addr & mask) >>> 0, mask });
  }
  return out;
}
