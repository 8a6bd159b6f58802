// C library number parsing as iptables uses it: strtoumax() with base 0 (decimal, 0x hex,
// 0 octal, leading blanks and a sign allowed), libxtables' xtables_strtoui() on top of it,
// and the few sscanf() conversions iptables applies to counters. Kept separate so every
// parser in this folder agrees with glibc on odd inputs (" 80", "+1", "0x50", "010", "08").

const UINTMAX = (1n << 64n) - 1n;

export function isCSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\v' || ch === '\f' || ch === '\r';
}

function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return 99;
}

export interface StrtoResult {
  /** Parsed value (wrapped to 64 bits for a leading '-', as C does). */
  readonly value: bigint;
  /** Index of the first character not used; 0 when no digits were found. */
  readonly end: number;
  /** ERANGE: the digits did not fit in 64 bits. */
  readonly overflow: boolean;
}

/** glibc strtoumax(s, &end, base) for base 0, 10 or 16. */
export function strtoumax(s: string, base = 0): StrtoResult {
  let i = 0;
  while (isCSpace(s[i])) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  let b = base;
  if ((b === 0 || b === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digitValue(s[i + 2] ?? '') < 16) {
    i += 2;
    b = 16;
  } else if (b === 0) {
    b = s[i] === '0' ? 8 : 10;
  }
  const start = i;
  let value = 0n;
  let overflow = false;
  while (i < s.length && digitValue(s[i] ?? '') < b) {
    value = value * BigInt(b) + BigInt(digitValue(s[i] ?? ''));
    if (value > UINTMAX) overflow = true;
    i++;
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  if (overflow) return { value: UINTMAX, end: i, overflow: true };
  if (negative) value = (UINTMAX + 1n - value) & UINTMAX;
  return { value, end: i, overflow };
}

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
  const r = strtoumax(s, 0);
  if (r.end === 0) return { ok: false, value: 0, end: 0 };
  if (!r.overflow && r.value >= BigInt(min) && r.value <= BigInt(max)) {
    const ok = allowTrailing ? true : r.end === s.length;
    return { ok, value: Number(r.value), end: r.end };
  }
  return { ok: false, value: 0, end: r.end };
}

/** sscanf(s, "%llu"): undefined when no number is found. */
export function scanUnsigned64(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return undefined;
  let v = BigInt(m[2] ?? '0');
  if (v > UINTMAX) v = UINTMAX;
  if (m[1] === '-') v = (UINTMAX + 1n - v) & UINTMAX;
  return Number(v);
}

/** sscanf(s, "%i"): undefined when no number is found. */
export function scanInt(s: string): number | undefined {
  const r = strtoumax(s, 0);
  if (r.end === 0) return undefined;
  return Number(BigInt.asIntN(32, r.value));
}

/** sscanf(s, "%u"): undefined when no number is found. */
export function scanUnsigned32(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (!m) return undefined;
  const r = strtoumax(`${m[1] ?? ''}${m[2] ?? ''}`, 10);
  return Number(BigInt.asUintN(32, r.value));
}
