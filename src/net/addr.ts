// IPv4 addresses, prefixes and MAC addresses as the tools print them.
// Addresses are unsigned 32-bit numbers so that prefix matching is arithmetic.

export type Ipv4Addr = number;
export type MacAddr = string; // lower-case, colon separated, as `ip link` prints it

export interface Cidr {
  readonly addr: Ipv4Addr; // network address (host bits cleared)
  readonly len: number; // 0..32
}

const IPV4_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad text; returns undefined for anything the kernel tools would reject. */
export function parseIpv4(text: string): Ipv4Addr | undefined {
  const m = IPV4_RE.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value >>> 0;
}

export function formatIpv4(addr: Ipv4Addr): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

export function prefixMask(len: number): number {
  return len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
}

export function networkOf(addr: Ipv4Addr, len: number): Ipv4Addr {
  return (addr & prefixMask(len)) >>> 0;
}

export function inCidr(addr: Ipv4Addr, cidr: Cidr): boolean {
  return networkOf(addr, cidr.len) === cidr.addr;
}

export function broadcastOf(addr: Ipv4Addr, len: number): Ipv4Addr {
  return (networkOf(addr, len) | (~prefixMask(len) >>> 0)) >>> 0;
}

/** "A.B.C.D/LEN" or "A.B.C.D" (a /32); keeps the host bits in `host` for `ip addr add`. */
export function parseCidr(text: string): { host: Ipv4Addr; len: number; cidr: Cidr } | undefined {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const lenText = slash < 0 ? '32' : text.slice(slash + 1);
  const host = parseIpv4(addrText);
  if (host === undefined || !/^\d{1,2}$/.test(lenText)) return undefined;
  const len = Number(lenText);
  if (len > 32) return undefined;
  return { host, len, cidr: { addr: networkOf(host, len), len } };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.addr)}/${cidr.len}`;
}

export const BROADCAST_MAC: MacAddr = 'ff:ff:ff:ff:ff:ff';
export const ZERO_MAC: MacAddr = '00:00:00:00:00:00';

export function parseMac(text: string): MacAddr | undefined {
  return /^([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}$/.test(text) ? text.toLowerCase() : undefined;
}

export function isMulticastIpv4(addr: Ipv4Addr): boolean {
  return addr >>> 28 === 14;
}
