// The printer for `ip neigh`, byte for byte as iproute2 6.1 (Debian 12) prints it on Linux
// 6.18 (ipneigh.c print_neigh), with its show filters.
//
// NEIGHBOURS (measured on the real kernel: Linux 6.18, iproute2 6.1)
//  - `ip neigh` shows all states but NOARP; lladdr is printed only for valid states
//    (PERMANENT, NOARP, REACHABLE, STALE, DELAY, PROBE): a FAILED entry prints no lladdr.
//  - The order is the kernel's hash order (random per table): scenarios should show one
//    entry, or the conformance must sort `ip neigh` lines.
//  - `ip neigh flush dev X` removes everything but PERMANENT and NOARP entries.
//  - A neighbour added on lo is keyed 0.0.0.0 (loopback devices use one entry).

import type { Ipv4Addr, MacAddr } from '../../net/addr.ts';
import { formatIpv4 } from '../../net/addr.ts';
import { lines, prefixMatches } from './format.ts';
import type { IpOptions } from './ip-common.ts';
import { NUD_BITS, type NeighFilter, type NudState } from './ipneigh.ts';

export interface NeighView {
  readonly dst: Ipv4Addr;
  readonly dev: string;
  readonly lladdr?: MacAddr;
  readonly state: NudState;
}

const NUD_VALID = NUD_BITS.PERMANENT | NUD_BITS.NOARP | NUD_BITS.REACHABLE | NUD_BITS.PROBE | NUD_BITS.STALE | NUD_BITS.DELAY;

/** `ip neigh [show ...]`, entries in kernel (hash) order. */
export function formatIpNeigh(entries: readonly NeighView[], filter: NeighFilter = { states: 0xff & ~NUD_BITS.NOARP }, opts: Partial<IpOptions> = {}): string {
  if (opts.family === 'inet6' || opts.family === 'link') return '';
  const out: string[] = [];
  for (const n of entries) {
    const bit = NUD_BITS[n.state];
    if (bit === 0 ? (filter.states & 0x100) === 0 : (filter.states & bit) === 0) continue;
    if (filter.dev !== undefined && n.dev !== filter.dev) continue;
    if (filter.prefix !== undefined && !prefixMatches(filter.prefix, n.dst)) continue;
    const parts = [formatIpv4(n.dst)];
    if (filter.dev === undefined) parts.push(`dev ${n.dev}`);
    if (n.lladdr !== undefined && (bit & NUD_VALID) !== 0) parts.push(`lladdr ${n.lladdr}`);
    if (n.state !== 'NONE') parts.push(n.state);
    out.push(`${parts.join(' ')} `);
  }
  return lines(out);
}
