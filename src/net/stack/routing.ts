// Routing: the local table (every address of the namespace: the weak host model), the main
// table (connected routes made from addresses, plus `ip route add`), other tables chosen by
// `ip rule`, longest prefix match, and source address selection.
// Mirrors fib_lookup / fib_table_lookup and inet_select_addr (net/ipv4/fib_*.c, devinet.c).

import { inCidr, networkOf, type Cidr, type Ipv4Addr } from '../addr.ts';
import type { Device, Namespace } from '../world.ts';

export const MAIN_TABLE = 254;
export const LOCAL_TABLE = 255;

export interface Route {
  readonly table: number;
  readonly dst: Cidr;
  readonly gateway?: Ipv4Addr;
  readonly dev: Device;
  readonly prefsrc?: Ipv4Addr;
  readonly metric: number;
  readonly scope: 'link' | 'global' | 'host';
  readonly proto: 'kernel' | 'boot' | 'static';
  readonly type: RouteKind;
}

/**
 * RTN_* types a route in a main-like table can have. The error types have no nexthop: the
 * kernel refuses a gateway or device for them, and a lookup that ends on one fails
 * (fib_props[type].error); `throw` sends the lookup on to the next rule.
 */
export type RouteKind = 'unicast' | 'local' | 'broadcast' | ErrorRouteType;
export type ErrorRouteType = 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

/** fib_props[].error: what a lookup that ends on an error route returns (throw: -EAGAIN, next rule). */
export type RouteErrno = 'EINVAL' | 'EHOSTUNREACH' | 'EACCES' | 'ENETUNREACH';
const ERROR_ROUTE_ERRNO: Readonly<Record<Exclude<ErrorRouteType, 'throw'>, RouteErrno>> = {
  blackhole: 'EINVAL',
  unreachable: 'EHOSTUNREACH',
  prohibit: 'EACCES',
};

export function isErrorRoute(route: Route): boolean {
  return route.type === 'blackhole' || route.type === 'unreachable' || route.type === 'prohibit' || route.type === 'throw';
}

export interface RoutingRule {
  readonly priority: number;
  readonly iif?: string;
  readonly from?: Cidr;
  readonly to?: Cidr;
  readonly table: number;
}

export interface RouteResult {
  readonly type: 'local' | 'unicast' | 'broadcast';
  readonly dev: Device;
  /** Next hop: the gateway, or the destination itself on a connected route. */
  readonly nextHop: Ipv4Addr;
  readonly route?: Route;
}

/** The main table's connected routes, derived from the addresses of devices that are up. */
function connectedRoutes(ns: Namespace): Route[] {
  const routes: Route[] = [];
  for (const dev of ns.devices.values()) {
    if (!dev.adminUp || dev.kind === 'loopback') continue;
    for (const a of dev.addresses) {
      // fib_add_ifaddr: a secondary address adds no prefix route.
      if (a.len === 32 || a.secondary) continue;
      routes.push({
        table: MAIN_TABLE,
        dst: { addr: networkOf(a.addr, a.len), len: a.len },
        dev,
        prefsrc: a.addr,
        metric: 0,
        scope: 'link',
        proto: 'kernel',
        type: 'unicast',
      });
    }
  }
  return routes;
}

/** Routes of one table as `ip route show table N` lists them (connected routes included in main). */
export function tableRoutes(ns: Namespace, table: number): Route[] {
  const stored = ns.routeTables.get(table) ?? [];
  if (table !== MAIN_TABLE) return [...stored];
  // Kernel order in the main table: by prefix (default first), connected and static interleaved by key.
  const all = [...connectedRoutes(ns), ...stored];
  return all.sort((a, b) => (a.dst.addr - b.dst.addr) || (a.dst.len - b.dst.len) || (a.metric - b.metric));
}

function loopback(ns: Namespace): Device {
  return ns.devices.get('lo')!;
}

function isDirectedBroadcast(ns: Namespace, addr: Ipv4Addr): Device | undefined {
  for (const dev of ns.devices.values()) {
    if (!dev.adminUp) continue;
    for (const a of dev.addresses) {
      if (a.len < 31 && a.broadcast === addr) return dev;
    }
  }
  return undefined;
}

export interface LookupKey {
  readonly dst: Ipv4Addr;
  readonly src?: Ipv4Addr;
  readonly iif?: Device;
  readonly oif?: Device;
}

/** The rules every namespace starts with (and keeps while `ip rule` adds none). */
const DEFAULT_RULES: readonly RoutingRule[] = [
  { priority: 0, table: LOCAL_TABLE },
  { priority: 32766, table: MAIN_TABLE },
  { priority: 32767, table: 253 },
];

/** The rules in priority order: 0 local, user rules, 32766 main, 32767 default. */
export function routingRules(ns: Namespace): readonly RoutingRule[] {
  // Every routed packet asks: no new array while there are no user rules.
  if (ns.routingRules.length === 0) return DEFAULT_RULES;
  const rules: RoutingRule[] = [DEFAULT_RULES[0]!, ...ns.routingRules, DEFAULT_RULES[1]!, DEFAULT_RULES[2]!];
  return rules.sort((a, b) => a.priority - b.priority);
}

function lookupTable(ns: Namespace, table: number, key: LookupKey): Route | undefined {
  // Longest prefix, then lowest metric, the first one met on a tie: the same answer as
  // scanning tableRoutes' sorted list (routes of one prefix keep their order there), without
  // sorting or copying the table for every packet.
  let best: Route | undefined;
  const consider = (route: Route): void => {
    // Error routes have no nexthop device (the engine parks them on lo): no device test.
    const errorRoute = isErrorRoute(route);
    if (!errorRoute && !route.dev.adminUp) return;
    if (!errorRoute && key.oif && route.dev !== key.oif) return;
    if (!inCidr(key.dst, route.dst)) return;
    if (!best || route.dst.len > best.dst.len || (route.dst.len === best.dst.len && route.metric < best.metric)) {
      best = route;
    }
  };
  if (table === MAIN_TABLE) for (const route of connectedRoutes(ns)) consider(route);
  for (const route of ns.routeTables.get(table) ?? []) consider(route);
  return best;
}

/** fib_lookup: the route for a destination, or undefined when there is none or it is an error route. */
export function lookupRoute(ns: Namespace, key: LookupKey): RouteResult | undefined {
  const result = fibLookup(ns, key);
  return typeof result === 'string' ? undefined : result;
}

/**
 * fib_lookup with its errors: ENETUNREACH when no rule's table has a route (or every match was
 * a `throw`), else the error of the blackhole (EINVAL), unreachable (EHOSTUNREACH) or prohibit
 * (EACCES) route the lookup ended on. Senders get that errno; a forwarding router answers with
 * ICMP net/host unreachable or "packet filtered", and drops silently on a blackhole (ip_error).
 */
export function fibLookup(ns: Namespace, key: LookupKey): RouteResult | RouteErrno {
  for (const rule of routingRules(ns)) {
    if (rule.iif !== undefined && (key.iif?.name ?? 'lo') !== rule.iif) continue;
    if (rule.from && (key.src === undefined || !inCidr(key.src, rule.from))) continue;
    if (rule.to && !inCidr(key.dst, rule.to)) continue;
    if (rule.table === LOCAL_TABLE) {
      if (ns.isLocalAddress(key.dst)) {
        return { type: 'local', dev: loopback(ns), nextHop: key.dst };
      }
      const bcastDev = isDirectedBroadcast(ns, key.dst);
      if (bcastDev || key.dst === 0xffffffff) {
        return { type: 'broadcast', dev: bcastDev ?? key.oif ?? loopback(ns), nextHop: key.dst };
      }
      continue;
    }
    const route = lookupTable(ns, rule.table, key);
    if (!route || route.type === 'throw') continue;
    if (route.type === 'blackhole' || route.type === 'unreachable' || route.type === 'prohibit') return onLinkOr(key, ERROR_ROUTE_ERRNO[route.type]);
    return { type: 'unicast', dev: route.dev, nextHop: route.gateway ?? key.dst, route };
  }
  return onLinkOr(key, 'ENETUNREACH');
}

/**
 * ip_route_output_key_hash_rcu: when fib_lookup fails (no route, or an error route), a socket
 * bound to a device (ping -I DEV) "assumes that the destination is on link", as long as the
 * device is up; anyone else gets the lookup's errno.
 */
function onLinkOr(key: LookupKey, errno: RouteErrno): RouteResult | RouteErrno {
  if (key.oif && key.oif.adminUp && key.oif.kind !== 'loopback') return { type: 'unicast', dev: key.oif, nextHop: key.dst };
  return errno;
}

/**
 * inet_select_addr: the source address for a packet out of `dev` towards `dst`:
 * an address of `dev` on the same subnet, else its first address, else any address of the
 * namespace (scope global).
 */
export function selectSourceAddress(ns: Namespace, dev: Device, dst: Ipv4Addr): Ipv4Addr | undefined {
  // Secondaries are never chosen (inet_select_addr skips IFA_F_SECONDARY).
  const own = dev.addresses.filter((a) => !a.secondary);
  const sameSubnet = own.find((a) => inCidr(dst, { addr: networkOf(a.addr, a.len), len: a.len }));
  if (sameSubnet) return sameSubnet.addr;
  if (own[0]) return own[0].addr;
  for (const other of ns.devices.values()) {
    if (other.kind === 'loopback' || !other.adminUp) continue;
    const primary = other.addresses.find((a) => !a.secondary);
    if (primary) return primary.addr;
  }
  return undefined;
}

/** Source for a locally generated packet following `result` (route prefsrc first). */
export function sourceForRoute(ns: Namespace, result: RouteResult, dst: Ipv4Addr): Ipv4Addr | undefined {
  if (result.type === 'local') return dst;
  if (result.route?.prefsrc !== undefined) return result.route.prefsrc;
  return selectSourceAddress(ns, result.dev, result.nextHop);
}

/** Drops the static routes that go through a device that went down (fib_sync_down_dev). */
export function flushRoutesOfDevice(ns: Namespace, dev: Device): void {
  for (const [id, routes] of ns.routeTables) {
    ns.routeTables.set(id, routes.filter((r) => r.dev !== dev || isErrorRoute(r)));
  }
}
