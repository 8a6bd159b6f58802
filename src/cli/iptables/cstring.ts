// What iptables' C strings do that JavaScript strings do not: argv words end at the first NUL,
// strlen() counts UTF-8 bytes, names are copied into fixed-size buffers, and names are
// compared with strncasecmp() (ASCII letters only) and isspace().

import { isCSpace } from '../lib/cnum.ts';

/** The C view of an argument: it ends at the first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

export const hasSpace = (s: string): boolean => [...s].some((c) => isCSpace(c));

/** True when every character is ASCII, where UTF-16 code units and UTF-8 bytes agree. */
export function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

export function utf8Length(s: string): number {
  // Almost every name is ASCII; encoding each one showed up in profiles of quiz regrading.
  return isAscii(s) ? s.length : new TextEncoder().encode(s).length;
}

/** Copies a string into a C buffer of `size` bytes (XTOPT_PUT): at most size-1 bytes kept. */
export function truncateBytes(s: string, maxBytes: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= maxBytes) return s;
  return new TextDecoder().decode(bytes.slice(0, maxBytes));
}

const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** strncasecmp(full, given, strlen(given)) == 0: `given` is a case-blind prefix of `full`. */
export function isCasePrefix(full: string, given: string): boolean {
  return given.length <= full.length && lower(full.slice(0, given.length)) === lower(given);
}
