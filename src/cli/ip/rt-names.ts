// iproute2's name tables (lib/rt_names.c over Debian 12's /etc/iproute2 rt_tables, rt_protos,
// rt_scopes), both ways, and the rtnetlink numbers the parsers default to (linux/rtnetlink.h).

import { unsupported } from './errors.ts';
import { matches, getUnsigned } from './utils.ts';

/** Route types iproute2 names (RTN_*). */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';

export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;

export const RTPROT_BOOT = 3;

const TABLE_NAMES: Readonly<Record<string, number>> = { local: 255, main: 254, default: 253, unspec: 0 };
const PROTO_NAMES: Readonly<Record<string, number>> = {
  unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12, dnrouted: 13, xorp: 14,
  ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186, isis: 187, ospf: 188, rip: 189, eigrp: 192,
};
const SCOPE_NAMES: Readonly<Record<string, number>> = { global: 0, nowhere: 255, host: 254, link: 253, site: 200 };

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** The n2a direction: the name a number has in the table, else the number. */
function n2a(table: Readonly<Record<string, number>>, n: number): string {
  for (const [name, value] of Object.entries(table)) if (value === n) return name;
  return String(n);
}

/** rtnl_rttable_n2a */
export function tableName(table: number): string {
  return n2a(TABLE_NAMES, table);
}
/** rtnl_rtprot_n2a */
export function protoName(proto: number): string {
  return n2a(PROTO_NAMES, proto);
}
/** rtnl_rtscope_n2a */
export function scopeName(scope: number): string {
  return n2a(SCOPE_NAMES, scope);
}

/** rtnl_rttable_a2n */
export function tableA2n(text: string): number | undefined {
  return own(TABLE_NAMES, text) ?? getUnsigned(text, 0xffffffffn);
}
/** rtnl_rtprot_a2n */
export function protoA2n(text: string): number | undefined {
  return own(PROTO_NAMES, text) ?? getUnsigned(text, 255n);
}
/** rtnl_rtscope_a2n */
export function scopeA2n(text: string): number | undefined {
  return own(SCOPE_NAMES, text) ?? getUnsigned(text, 255n);
}

const RTN_NUMBERS: readonly RouteType[] = [
  'unicast', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
];

/** rtnl_rtntype_a2n (note the abbreviations: "b" is broadcast, "u" unreachable). */
export function rtntypeA2n(text: string): RouteType | undefined {
  if (text === 'local') return 'local';
  if (text === 'nat') return 'nat';
  if (matches(text, 'broadcast') || text === 'brd') return 'broadcast';
  if (matches(text, 'anycast')) return 'anycast';
  if (matches(text, 'multicast')) return 'multicast';
  if (matches(text, 'prohibit')) return 'prohibit';
  if (matches(text, 'unreachable')) return 'unreachable';
  if (matches(text, 'blackhole')) return 'blackhole';
  if (matches(text, 'xresolve')) return 'xresolve';
  if (matches(text, 'unicast')) return 'unicast';
  if (text === 'throw') return 'throw';
  const n = getUnsigned(text, 255n);
  if (n === undefined) return undefined;
  const t = RTN_NUMBERS[n];
  if (t === undefined) throw unsupported(`route type ${n}`);
  return t;
}

