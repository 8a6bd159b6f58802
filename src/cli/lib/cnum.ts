// C library number parsing with glibc's semantics, shared by every tool's parser so that they
// accept and reject the same odd words the real tools do (" 80", "+1", "0x50", "010", "08",
// "-1" wrapping to ULONG_MAX, overflow saturating):
//  - strtoul / strtoumax (64-bit, identical on Linux x86-64) and strtol / strtoll;
//  - atoi ((int) strtol(s, NULL, 10));
//  - the sscanf() conversions the tools use: %llu, %u, %i, %x.

const ULONG_MAX = (1n << 64n) - 1n;
const LONG_MAX = (1n << 63n) - 1n;
const LONG_MIN = -(1n << 63n);

/** isspace() in the C locale. */
export function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

/** A character's digit value in bases up to 36 (99 when it is no digit). */
function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

export interface StrtoResult {
  /** The value as C returns it (wrapped or saturated as the function does). */
  readonly value: bigint;
  /** Index just after the number; 0 when no digits were read (C's endp == nptr). */
  readonly end: number;
  /** errno == ERANGE: the digits did not fit. */
  readonly overflow: boolean;
}

interface Scan {
  /** Exact magnitude of the digits (BigInt, so overflow is exact). */
  readonly magnitude: bigint;
  readonly negative: boolean;
  readonly end: number;
}

/** The scan glibc's strtol family shares: blanks, a sign, the base prefix (base 0 or 16), digits. */
function scan(text: string, base: number): Scan {
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

/** glibc strtoul(s, &end, base) (= strtoumax): a leading '-' wraps, overflow saturates to ULONG_MAX. */
export function strtoul(text: string, base = 0): StrtoResult {
  const r = scan(text, base);
  if (r.end === 0) return { value: 0n, end: 0, overflow: false };
  if (r.magnitude > ULONG_MAX) return { value: ULONG_MAX, end: r.end, overflow: true };
  const value = r.negative ? (ULONG_MAX + 1n - r.magnitude) & ULONG_MAX : r.magnitude;
  return { value, end: r.end, overflow: false };
}

/** glibc strtol(s, &end, base) (= strtoll, 64-bit long): overflow saturates to LONG_MIN/LONG_MAX. */
export function strtol(text: string, base = 0): StrtoResult {
  const r = scan(text, base);
  if (r.end === 0) return { value: 0n, end: 0, overflow: false };
  const value = r.negative ? -r.magnitude : r.magnitude;
  if (value > LONG_MAX) return { value: LONG_MAX, end: r.end, overflow: true };
  if (value < LONG_MIN) return { value: LONG_MIN, end: r.end, overflow: true };
  return { value, end: r.end, overflow: false };
}

/** C atoi as glibc implements it: (int) strtol(s, NULL, 10). */
export function atoi(text: string): number {
  return Number(BigInt.asIntN(32, strtol(text, 10).value));
}

/** sscanf(s, "%llu"): undefined when no number is found. */
export function scanUnsigned64(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return undefined;
  let v = BigInt(m[2] ?? '0');
  if (v > ULONG_MAX) v = ULONG_MAX;
  if (m[1] === '-') v = (ULONG_MAX + 1n - v) & ULONG_MAX;
  return Number(v);
}

/** sscanf(s, "%i"): undefined when no number is found. */
export function scanInt(s: string): number | undefined {
  const r = strtoul(s, 0);
  if (r.end === 0) return undefined;
  return Number(BigInt.asIntN(32, r.value));
}

/** sscanf(s, "%u"): undefined when no number is found. */
export function scanUnsigned32(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return undefined;
  const r = strtoul(`${m[1] ?? ''}${m[2] ?? ''}`, 10);
  return Number(BigInt.asUintN(32, r.value));
}

/** sscanf(s, "%x") into an int: blanks, a sign, an optional 0x, hex digits; above INT_MAX wraps negative. */
export function scanHex(s: string): number | undefined {
  let i = 0;
  while (isCSpace(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digitValue(s[i + 2] ?? '') < 16) i += 2;
  const start = i;
  let value = 0;
  while (i < s.length && digitValue(s[i] ?? '') < 16) {
    value = value * 16 + digitValue(s[i] ?? '');
    if (value > 0xffffffff) value = 0xffffffff;
    i++;
  }
  if (i === start) return undefined;
  return (negative ? -value : value) | 0;
}
