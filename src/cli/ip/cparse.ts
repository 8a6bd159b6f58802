// C library parsing semantics that iproute2 6.1 relies on, reproduced exactly, because the
// simulator must accept and reject the same words the real `ip` does:
//  - `matches(prefix, word)`: iproute2's abbreviation test (non-empty prefix of the keyword);
//  - strtoul/strtol with base 0 (leading blanks, optional sign, 0x.. hex, 0.. octal);
//  - get_unsigned / get_u32 / get_u16 / get_u8 / get_integer (whole word must be a number);
//  - get_addr_ipv4: "10" = 10.0.0.0, "10.1" = 10.1.0.0, "0x0a.014" = 10.12.0.0 (each part
//    is a strtoul(base 0) number up to 255; unlike inet_aton, missing parts are zero bytes);
//  - get_netmask: a prefix length or a dotted mask ("255.255.0.0" = 16);
//  - ll_addr_a2n: link-layer addresses "aa:bb:..." (each part read by sscanf("%x")).

/** iproute2 `matches(prefix, keyword) == 0`: `word` is a non-empty prefix of `keyword`. */
export function matches(word: string, keyword: string): boolean {
  return word.length > 0 && keyword.startsWith(word);
}

const C_SPACE = new Set([' ', '\t', '\n', '\v', '\f', '\r']);

export function isCSpace(ch: string | undefined): boolean {
  return ch !== undefined && C_SPACE.has(ch);
}

interface StrtoResult {
  /** The magnitude read (BigInt so that overflow is exact); 0n when nothing was read. */
  readonly magnitude: bigint;
  readonly negative: boolean;
  /** Index just after the number; equals 0 when no digits were read (C's endp == nptr). */
  readonly end: number;
}

function digitValue(ch: string): number {
  const c = ch.toLowerCase();
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'z') return c.charCodeAt(0) - 87;
  return 99;
}

/** The scanning part shared by strtoul and strtol (glibc semantics). */
function strto(text: string, base: number): StrtoResult {
  let i = 0;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === '+' || text[i] === '-') {
    negative = text[i] === '-';
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && digitValue(text[i + 2] ?? '') < 16) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = text[i] === '0' ? 8 : 10;
  }
  const start = i;
  let magnitude = 0n;
  while (i < text.length && digitValue(text[i] ?? '') < b) {
    magnitude = magnitude * BigInt(b) + BigInt(digitValue(text[i] ?? ''));
    i++;
  }
  if (i === start) return { magnitude: 0n, negative: false, end: 0 };
  return { magnitude, negative, end: i };
}

const ULONG_MAX = (1n << 64n) - 1n;

/** glibc strtoul: value as C sees it (negation wraps, overflow saturates to ULONG_MAX). */
export function strtoul(text: string, base = 0): { value: bigint; end: number } {
  const r = strto(text, base);
  if (r.end === 0) return { value: 0n, end: 0 };
  if (r.magnitude > ULONG_MAX) return { value: ULONG_MAX, end: r.end };
  const value = r.negative && r.magnitude !== 0n ? (ULONG_MAX + 1n - r.magnitude) : r.magnitude;
  return { value, end: r.end };
}

/** glibc strtol (64-bit long), saturating. */
export function strtol(text: string, base = 0): { value: bigint; end: number } {
  const r = strto(text, base);
  if (r.end === 0) return { value: 0n, end: 0 };
  const max = (1n << 63n) - 1n;
  let value = r.negative ? -r.magnitude : r.magnitude;
  if (value > max) value = max;
  if (value < -max - 1n) value = -max - 1n;
  return { value, end: r.end };
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

/** C atoi (used for `index`). */
export function atoi(text: string): number {
  const { value } = strtol(text, 10);
  return Number(BigInt.asIntN(32, value));
}

/** iproute2 get_addr_ipv4: returns the address as an unsigned 32-bit number, or undefined. */
export function getAddrIpv4(text: string): number | undefined {
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
export function getNetmask(text: string): number | undefined {
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

/** sscanf("%x") on one part of a link-layer address: optional blanks, sign, 0x, hex digits. */
function scanHex(part: string): number | undefined {
  let i = 0;
  while (isCSpace(part[i])) i++;
  let negative = false;
  if (part[i] === '+' || part[i] === '-') {
    negative = part[i] === '-';
    i++;
  }
  if (part[i] === '0' && (part[i + 1] === 'x' || part[i + 1] === 'X') && digitValue(part[i + 2] ?? '') < 16) i += 2;
  const start = i;
  let value = 0;
  while (i < part.length && digitValue(part[i] ?? '') < 16) {
    value = value * 16 + digitValue(part[i] ?? '');
    if (value > 0xffffffff) value = 0xffffffff;
    i++;
  }
  if (i === start) return undefined;
  // %x stores into an int: values above INT_MAX wrap to negative.
  let v = negative ? -value : value;
  v = v | 0;
  return v;
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
