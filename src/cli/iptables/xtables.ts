// libxtables' number parser (xtables.c), on top of glibc's strtoumax (= strtoul on Linux x86-64, src/cli/lib/cnum.ts).

import { isCSpace, strtoul } from '../lib/cnum.ts';

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
