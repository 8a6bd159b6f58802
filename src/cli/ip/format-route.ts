// Printers for `ip route`, `ip route get` and `ip rule`, byte for byte as iproute2 6.1
// (Debian 12) prints them on Linux 6.18 (iproute.c print_route, iprule.c print_rule). The
// engine fills the views in kernel dump order; the printers apply iproute2's show filters.
//
// ===== Facts measured on the real kernel (Linux 6.18, iproute2 6.1, `unshare --net`) =====
//
// ROUTES
//  - Kernel routes for an address A/L on X (L < 32) in main: `NET/L dev X proto kernel scope
//    link src A` (only while X is up; `linkdown` appended while X has no carrier). Table
//    local: `local A dev X proto kernel scope host src A` (always), and while X is up
//    `broadcast BRD dev X proto kernel scope link src A` for the subnet broadcast (L <= 30)
//    and for an explicit `brd` address. On lo the prefix route is `local NET/L dev lo ...`
//    in table local instead of a main route.
//  - Setting a device down deletes every route through it (kernel and static, in all tables)
//    except the `local` ones; setting it up again re-adds only the kernel routes.
//  - Dump order: tables by (id mod 256) ascending; inside a table by destination address
//    ascending, then longer prefix first, then metric ascending.
//  - Route lines end with a space: every field is printed as "%s ".
//  - `ip route add` with the same table/prefix/tos/metric as an existing route fails with
//    File exists, whatever the gateway. `ip route del PREFIX` deletes the first route of
//    that prefix whose given fields (via, dev, metric, ...) match.
//
// RULES
//  - Default: `0:\tfrom all lookup local`, `32766:\tfrom all lookup main`,
//    `32767:\tfrom all lookup default`.
//  - A rule added without `priority` gets (priority of the 2nd rule in the list) - 1 when that
//    is not 0, else 0: 32765, then 32764, ...; after `pref 10` exists, the next is 9.
//  - A rule is inserted after every rule with priority <= its own.
//  - `iif X` of a device that does not exist prints `iif X [detached]`.
//  - `lookup 0` makes the kernel pick the first unused table id from 1.
//  - `ip rule flush` deletes every rule whose priority is not 0 (main and default too).

import type { Ipv4Addr } from '../../net/addr.ts';
import { formatIpv4, networkOf } from '../../net/addr.ts';
import { MAIN_TABLE } from '../../net/stack/routing.ts';
import { lines } from './format.ts';
import type { IpOptions } from './ip-common.ts';
import type { RouteFilter } from './iproute.ts';
import type { RuleAction } from './iprule.ts';
import { protoName, RT_SCOPE_UNIVERSE, RTPROT_BOOT, scopeName, tableName, type RouteType } from './rt-names.ts';

export interface RouteView {
  readonly type: RouteType;
  readonly dst: { readonly addr: Ipv4Addr; readonly len: number };
  readonly gateway?: Ipv4Addr;
  readonly dev?: string;
  readonly table: number;
  readonly protocol: number;
  readonly scope: number;
  readonly prefsrc?: Ipv4Addr;
  /** 0 = not printed. */
  readonly metric: number;
  readonly onlink: boolean;
  /** The nexthop device is up but has no carrier. */
  readonly linkdown: boolean;
}

export interface RouteGetView {
  readonly type: 'unicast' | 'local' | 'broadcast' | 'multicast';
  readonly dst: Ipv4Addr;
  /** `ip route get X from A`: printed, and then no `src`. */
  readonly from?: Ipv4Addr;
  readonly gateway?: Ipv4Addr;
  readonly dev: string;
  readonly prefsrc?: Ipv4Addr;
}

export interface RuleView {
  readonly priority: number;
  readonly not: boolean;
  readonly from?: { readonly addr: Ipv4Addr; readonly len: number };
  readonly to?: { readonly addr: Ipv4Addr; readonly len: number };
  readonly fwmark?: { readonly mark: number; readonly mask?: number };
  readonly iif?: string;
  /** The iif device does not exist (printed `[detached]`). */
  readonly iifDetached?: boolean;
  readonly oif?: string;
  readonly oifDetached?: boolean;
  /** Table looked up (0 = none printed). */
  readonly table: number;
  readonly action: RuleAction;
}

function routeTablePasses(r: RouteView, f: RouteFilter): boolean {
  if (f.table === 'all') return true;
  return r.table === f.table;
}

function selectorPasses(r: RouteView, sel: NonNullable<RouteFilter['selector']>): boolean {
  const p = sel.prefix;
  const rootOk = r.dst.len >= p.len && networkOf(r.dst.addr, p.len) === networkOf(p.addr, p.len);
  const matchOk = r.dst.len <= p.len && networkOf(p.addr, r.dst.len) === networkOf(r.dst.addr, r.dst.len);
  if (sel.mode === 'root') return rootOk;
  if (sel.mode === 'match') return matchOk;
  return rootOk && matchOk;
}

function routeLine(r: RouteView, f: RouteFilter): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.dst.len === 0 ? 'default' : r.dst.len === 32 ? formatIpv4(r.dst.addr) : `${formatIpv4(r.dst.addr)}/${r.dst.len}`);
  if (r.gateway !== undefined) parts.push(`via ${formatIpv4(r.gateway)}`);
  if (r.dev !== undefined && f.dev === undefined) parts.push(`dev ${r.dev}`);
  if (r.table !== MAIN_TABLE && f.table === 'all') parts.push(`table ${tableName(r.table)}`);
  if (r.protocol !== RTPROT_BOOT && f.protocol === undefined) parts.push(`proto ${protoName(r.protocol)}`);
  if (r.scope !== RT_SCOPE_UNIVERSE && f.scope === undefined) parts.push(`scope ${scopeName(r.scope)}`);
  if (r.prefsrc !== undefined) parts.push(`src ${formatIpv4(r.prefsrc)}`);
  if (r.metric !== 0) parts.push(`metric ${r.metric}`);
  if (r.onlink) parts.push('onlink');
  if (r.linkdown) parts.push('linkdown');
  return `${parts.join(' ')} `;
}

/**
 * `ip route [show ...]`: `routes` are all IPv4 routes of all tables in kernel dump order
 * (see the facts above); the filter picks what iproute2 shows. The engine raises
 * `ipErrors.fibTableDoesNotExist()` itself for `table N` never created.
 */
export function formatIpRoute(routes: readonly RouteView[], filter: RouteFilter = { table: MAIN_TABLE, tableGiven: false }, opts: Partial<IpOptions> = {}): string {
  if (opts.family === 'inet6' || opts.family === 'link') return '';
  const out: string[] = [];
  for (const r of routes) {
    if (!routeTablePasses(r, filter)) continue;
    if (filter.dev !== undefined && r.dev !== filter.dev) continue;
    if (filter.protocol !== undefined && r.protocol !== filter.protocol) continue;
    if (filter.scope !== undefined && r.scope !== filter.scope) continue;
    if (filter.type !== undefined && r.type !== filter.type) continue;
    if (filter.selector !== undefined && !selectorPasses(r, filter.selector)) continue;
    out.push(routeLine(r, filter));
  }
  return lines(out);
}

/** `ip route get`. Errors (no route etc.) are the engine's: see `routeGetErrors`. */
export function formatIpRouteGet(v: RouteGetView): string {
  const parts: string[] = [];
  if (v.type !== 'unicast') parts.push(v.type);
  parts.push(formatIpv4(v.dst));
  if (v.from !== undefined) parts.push(`from ${formatIpv4(v.from)}`);
  if (v.gateway !== undefined) parts.push(`via ${formatIpv4(v.gateway)}`);
  parts.push(`dev ${v.dev}`);
  if (v.from === undefined && v.prefsrc !== undefined) parts.push(`src ${formatIpv4(v.prefsrc)}`);
  parts.push('uid 0');
  const cache = v.type === 'local' ? ' <local>' : v.type === 'broadcast' ? ' <local,brd>' : v.type === 'multicast' ? ' <mc>' : '';
  return `${parts.join(' ')} \n    cache${cache} \n`;
}

/** What `ip route get` prints when the lookup ends in an error route or no route. */
export const routeGetErrors = {
  noRoute: { stderr: 'RTNETLINK answers: Network is unreachable\n', exitStatus: 2 },
  unreachable: { stderr: 'RTNETLINK answers: No route to host\n', exitStatus: 2 },
  blackhole: { stderr: 'RTNETLINK answers: Invalid argument\n', exitStatus: 2 },
  prohibit: { stderr: 'RTNETLINK answers: Permission denied\n', exitStatus: 2 },
} as const;

function rulePrefix(p: { addr: Ipv4Addr; len: number }): string {
  return p.len === 32 ? formatIpv4(p.addr) : `${formatIpv4(p.addr)}/${p.len}`;
}

/** The default rules of a new namespace. */
export const DEFAULT_RULES: readonly RuleView[] = [
  { priority: 0, not: false, table: 255, action: 'lookup' },
  { priority: 32766, not: false, table: 254, action: 'lookup' },
  { priority: 32767, not: false, table: 253, action: 'lookup' },
];

/** `ip rule [show]`, rules in list order. */
export function formatIpRule(rules: readonly RuleView[]): string {
  const out: string[] = [];
  for (const r of rules) {
    let s = `${r.priority}:\t${r.not ? 'not ' : ''}from ${r.from && r.from.len > 0 ? rulePrefix(r.from) : 'all'}`;
    if (r.to && r.to.len > 0) s += ` to ${rulePrefix(r.to)}`;
    if (r.fwmark) {
      s += ` fwmark 0x${r.fwmark.mark.toString(16)}`;
      if (r.fwmark.mask !== undefined && r.fwmark.mask !== 0xffffffff) s += `/0x${r.fwmark.mask.toString(16)}`;
    }
    if (r.iif !== undefined) s += ` iif ${r.iif}${r.iifDetached ? ' [detached]' : ''}`;
    if (r.oif !== undefined) s += ` oif ${r.oif}${r.oifDetached ? ' [detached]' : ''}`;
    if (r.table !== 0) s += ` lookup ${tableName(r.table)}`;
    if (r.action === 'nop') s += ' nop';
    else if (r.action !== 'lookup') s += ` ${r.action}`;
    out.push(s);
  }
  return lines(out);
}
