// The engine's operations surface, rtnetlink-like: what `ip`, `sysctl` and friends do to the
// world (namespaces, links, addresses, routes, policy rules, neighbours). Every change of
// that state by a tool goes through here. Failures are the kernel's: a KernelError with an
// errno (and the extended ack message when the kernel sends one); the tools word them.
// Mirrors rtnetlink's effects: veth_newlink registers the peer first, a device moved to
// another namespace goes down and loses its addresses, a bridge takes its lowest port MAC.

import { broadcastOf, networkOf, type Cidr, type Ipv4Addr, type MacAddr } from './addr.ts';
import { ConntrackTable } from './conntrack/core.ts';
import { createTables } from './netfilter/tables.ts';
import { KernelError } from './kernel-error.ts';
import { flushRoutesOfDevice, isErrorRoute, MAIN_TABLE, type ErrorRouteType, type Route, type RoutingRule } from './stack/routing.ts';
import type { NeighbourEntry } from './neighbour/neighbour.ts';
import type { NudState } from './neighbour/nud.ts';
import { Device, Namespace, SimulationLimit, World, type DeviceKind, type InterfaceAddress, type KernelProfile } from './world.ts';

// Linux has no small limit on either; the engine keeps a run (and a browser tab) small.
// The course uses at most 5 namespaces and 17 devices.
/** Network namespaces per run, `default` included. */
export const MAX_NAMESPACES = 100;
/** Devices per run, every namespace's lo included (each namespace has one). */
export const MAX_DEVICES = 500;

export function createWorld(seed = 1, kernel: Partial<KernelProfile> = {}): World {
  const world = new World(seed, kernel);
  addNamespace(world, 'default');
  return world;
}

export function addNamespace(world: World, name: string): Namespace {
  // `ip netns add` creates /run/netns/NAME with O_EXCL.
  if (world.namespaces.has(name)) throw new KernelError('EEXIST');
  if (world.namespaces.size >= MAX_NAMESPACES) {
    throw new SimulationLimit(`stopped: the simulation holds at most ${MAX_NAMESPACES} network namespaces (default included)`);
  }
  assertDeviceRoom(world, 1);
  const ns = new Namespace(world, name, createTables(), new ConntrackTable());
  world.namespaces.set(name, ns);
  registerDevice(new Device(ns, 'lo', 'loopback', '00:00:00:00:00:00', allocateIfindex(ns)));
  return ns;
}

/** `ip netns del`: every device but lo goes (a veth takes its peer along), then the namespace. */
export function deleteNamespace(world: World, name: string): void {
  const ns = world.namespaces.get(name);
  if (!ns || name === 'default') throw new KernelError('ENOENT');
  for (const dev of [...ns.devices.values()]) if (dev.kind !== 'loopback') deleteDevice(dev);
  world.namespaces.delete(name);
}

/** A device more (a namespace's lo, a veth end, a bridge) must fit in MAX_DEVICES. */
function assertDeviceRoom(world: World, count: number): void {
  let devices = 0;
  for (const ns of world.namespaces.values()) devices += ns.devices.size;
  if (devices + count > MAX_DEVICES) {
    throw new SimulationLimit(`stopped: the simulation holds at most ${MAX_DEVICES} network devices (each namespace's lo included)`);
  }
}

function registerDevice(dev: Device): void {
  const ns = dev.ns;
  ns.devices.set(dev.name, dev);
  ns.sysctls.addDevice(dev.name);
}

function unregisterDevice(dev: Device): void {
  const ns = dev.ns;
  ns.devices.delete(dev.name);
  ns.sysctls.removeDevice(dev.name);
  flushRoutesOfDevice(ns, dev);
  ns.neighbours.delete(dev);
}

/** The lowest free ifindex from the namespace's cyclic allocator (dev_index_reserve). */
function allocateIfindex(ns: Namespace): number {
  const used = new Set([...ns.devices.values()].map((d) => d.ifindex));
  let index = ns.nextIfindex;
  while (used.has(index)) index++;
  ns.nextIfindex = index + 1;
  return index;
}

/** IFNAMSIZ: a name of 16 bytes or more fails the netlink policy. */
function assertFreeName(ns: Namespace, name: string): void {
  if (ns.devices.has(name)) throw new KernelError('EEXIST');
  if (name.length > 15) throw new KernelError('EINVAL', 'Attribute failed policy validation');
}

function newDevice(ns: Namespace, name: string, kind: DeviceKind, mac?: MacAddr): Device {
  const dev = new Device(ns, name, kind, mac ?? ns.world.random.macAddress(), allocateIfindex(ns));
  if (mac) dev.macSetByUser = true;
  registerDevice(dev);
  return dev;
}

export interface VethRequest {
  readonly name: string;
  readonly peer: string;
  readonly peerNs?: Namespace;
  readonly mac?: MacAddr;
  readonly peerMac?: MacAddr;
}

/** ip link add NAME type veth peer name PEER [netns NS]: the peer is registered first. */
export function addVeth(ns: Namespace, req: VethRequest): [Device, Device] {
  const peerNs = req.peerNs ?? ns;
  assertFreeName(ns, req.name);
  assertFreeName(peerNs, req.peer);
  if (peerNs === ns && req.name === req.peer) throw new KernelError('EEXIST');
  assertDeviceRoom(ns.world, 2);
  const peer = newDevice(peerNs, req.peer, 'veth', req.peerMac);
  const dev = newDevice(ns, req.name, 'veth', req.mac);
  dev.peer = peer;
  peer.peer = dev;
  if (peerNs !== ns) {
    ns.netnsId(peerNs);
    peerNs.netnsId(ns);
  }
  return [dev, peer];
}

export function addBridge(ns: Namespace, name: string, mac?: MacAddr): Device {
  assertFreeName(ns, name);
  assertDeviceRoom(ns.world, 1);
  return newDevice(ns, name, 'bridge', mac);
}

/**
 * `ip link add NAME type dummy` (drivers/net/dummy.c): a random MAC, IFF_NOARP, carrier always
 * on; whatever it transmits is freed (captures still see it go out).
 */
export function addDummy(ns: Namespace, name: string, mac?: MacAddr): Device {
  if (!ns.world.kernel.dummy) throw new KernelError('EOPNOTSUPP', 'Unknown device type');
  assertFreeName(ns, name);
  assertDeviceRoom(ns.world, 1);
  return newDevice(ns, name, 'dummy', mac);
}

export function deleteDevice(dev: Device): void {
  if (dev.kind === 'loopback') throw new KernelError('EOPNOTSUPP');
  if (dev.master) detachPort(dev);
  if (dev.kind === 'bridge') for (const port of [...dev.ports]) detachPort(port);
  unregisterDevice(dev);
  if (dev.peer) {
    unregisterDevice(dev.peer);
    dev.peer.peer = undefined;
  }
}

export function setLinkUp(dev: Device, up: boolean): void {
  dev.adminUp = up;
  if (up) dev.everUp = true;
  // inetdev_event(NETDEV_UP) gives lo its 127.0.0.1/8 the first time it comes up.
  if (up && dev.kind === 'loopback' && !dev.addresses.some((a) => a.addr === 0x7f000001)) {
    dev.addresses.unshift({ addr: 0x7f000001, len: 8 });
  }
  if (!up) {
    flushRoutesOfDevice(dev.ns, dev);
    dev.ns.neighbours.delete(dev);
  }
}

/** br_stp_recalculate_bridge_id: a bridge without a MAC of its own takes its lowest port MAC. */
function recalculateBridgeMac(bridge: Device): void {
  if (bridge.macSetByUser) return;
  bridge.mac = bridge.ports.length === 0 ? '00:00:00:00:00:00' : [...bridge.ports.map((p) => p.mac)].sort()[0]!;
}

/** do_set_master() -> br_add_if(): only a bridge takes ports, and never a bridge or lo. */
export function setMaster(dev: Device, bridge: Device): void {
  if (bridge.kind !== 'bridge') throw new KernelError('EOPNOTSUPP');
  if (dev.kind === 'bridge') throw new KernelError('ELOOP', 'Can not enslave a bridge to a bridge');
  if (dev === bridge || dev.kind === 'loopback') throw new KernelError('EINVAL');
  if (dev.master === bridge) return;
  if (dev.master) detachPort(dev);
  dev.master = bridge;
  bridge.ports.push(dev);
  bridge.hadPort = true;
  recalculateBridgeMac(bridge);
}

export function detachPort(dev: Device): void {
  const bridge = dev.master;
  if (!bridge) return;
  bridge.ports.splice(bridge.ports.indexOf(dev), 1);
  for (const [mac, entry] of bridge.fdb) if (entry.port === dev) bridge.fdb.delete(mac);
  dev.master = undefined;
  recalculateBridgeMac(bridge);
}

/**
 * ip link set DEV netns NS (__dev_change_net_namespace): the device goes down, loses addresses,
 * routes and its bridge. lo and bridges are NETIF_F_NETNS_LOCAL.
 */
export function moveToNamespace(dev: Device, target: Namespace): void {
  if (dev.kind === 'loopback' || dev.kind === 'bridge') throw new KernelError('EINVAL', 'The interface netns is immutable');
  if (dev.ns === target) return;
  if (target.devices.has(dev.name)) throw new KernelError('EEXIST', 'An interface with the same name exists in the target netns');
  if (dev.master) detachPort(dev);
  unregisterDevice(dev);
  dev.adminUp = false;
  dev.addresses = [];
  dev.ns.netnsId(target);
  if (dev.peer && dev.peer.ns !== target) {
    target.netnsId(dev.peer.ns);
    dev.peer.ns.netnsId(target);
  }
  const keepIndex = ![...target.devices.values()].some((d) => d.ifindex === dev.ifindex);
  dev.ns = target;
  if (!keepIndex) dev.ifindex = allocateIfindex(target);
  registerDevice(dev);
}

export function setMac(dev: Device, mac: MacAddr): void {
  dev.mac = mac;
  dev.macSetByUser = true;
  if (dev.master) recalculateBridgeMac(dev.master);
}

export function setMtu(dev: Device, mtu: number): void {
  dev.mtu = mtu;
}

/** `ip link set DEV promisc on|off` (IFF_PROMISC; tcpdump's packet sockets count apart). */
export function setPromisc(dev: Device, on: boolean): void {
  dev.promiscFlag = on;
}

/** IFLA_BR_AGEING_TIME (clock_t, centiseconds as `ip` gives it). */
export function setBridgeAgeingTime(bridge: Device, centiseconds: number): void {
  bridge.ageingTimeMs = centiseconds * 10;
}

/**
 * How RTM_NEWADDR and RTM_NEWROUTE treat an entry that exists: `add` (NLM_F_CREATE|EXCL)
 * refuses it, `replace` (CREATE|REPLACE) takes it, `change` (REPLACE alone) needs it.
 */
export type NewMode = 'add' | 'replace' | 'change';

/** RT_SCOPE_* of an address as `ip addr add` gives it: host for 127.0.0.0/8, else global. */
export function addressScope(a: { readonly addr: Ipv4Addr }): number {
  return a.addr >>> 24 === 127 ? 254 : 0;
}

function sameSubnet(a: { readonly addr: Ipv4Addr; readonly len: number }, b: { readonly addr: Ipv4Addr; readonly len: number }): boolean {
  return a.len === b.len && networkOf(a.addr, a.len) === networkOf(b.addr, b.len);
}

/** Where __inet_insert_ifa links a primary: after the last primary whose scope is >= its own. */
function primaryInsertIndex(list: readonly InterfaceAddress[], scope: number): number {
  let at = 0;
  list.forEach((a, i) => {
    if (!a.secondary && scope <= addressScope(a)) at = i + 1;
  });
  return at;
}

/**
 * inet_rtm_newaddr(): an address the device has (same address and prefix length) is kept as
 * it is by replace and change. __inet_insert_ifa: an address in the subnet (same mask) of one
 * the device has is secondary and goes to the end of the list; a primary goes after the last
 * primary of its scope or a wider one.
 */
export function addAddress(dev: Device, host: Ipv4Addr, len: number, broadcast?: Ipv4Addr | 'auto', mode: NewMode = 'add'): void {
  if (dev.addresses.some((a) => a.addr === host && a.len === len)) {
    if (mode === 'add') throw new KernelError('EEXIST', 'ipv4: Address already assigned');
    return;
  }
  if (mode === 'change') throw new KernelError('ENOENT');
  const brd = broadcast === 'auto' ? (len < 31 ? broadcastOf(host, len) : undefined) : broadcast;
  const secondary = dev.addresses.some((a) => sameSubnet(a, { addr: host, len }));
  const entry: InterfaceAddress = { addr: host, len, ...(brd === undefined ? {} : { broadcast: brd }), ...(secondary ? { secondary: true } : {}) };
  if (secondary) dev.addresses.push(entry);
  else dev.addresses.splice(primaryInsertIndex(dev.addresses, addressScope(entry)), 0, entry);
}

/**
 * inet_rtm_deladdr(): the first address that matches (any address, or any length, when not
 * given). __inet_del_ifa: deleting a primary deletes the secondaries of its subnet, unless
 * promote_secondaries (conf.all or the device's) is set: then the first of them becomes the
 * primary (after the last primary) and the others stay its secondaries.
 */
export function deleteAddress(dev: Device, match: { readonly addr?: Ipv4Addr; readonly len?: number } = {}): void {
  const index = dev.addresses.findIndex((a) => (match.addr === undefined || a.addr === match.addr) && (match.len === undefined || a.len === match.len));
  if (index < 0) throw new KernelError('EADDRNOTAVAIL');
  const [gone] = dev.addresses.splice(index, 1);
  if (!gone || gone.secondary) return;
  const ofSubnet = dev.addresses.filter((a) => a.secondary && sameSubnet(a, gone));
  if (ofSubnet.length === 0) return;
  if (dev.ns.confValue(dev, 'promote_secondaries') === 0) {
    dev.addresses = dev.addresses.filter((a) => !ofSubnet.includes(a));
    return;
  }
  const first = ofSubnet[0]!;
  dev.addresses.splice(dev.addresses.indexOf(first), 1);
  const promoted: InterfaceAddress = { addr: first.addr, len: first.len, ...(first.broadcast === undefined ? {} : { broadcast: first.broadcast }) };
  dev.addresses.splice(primaryInsertIndex(dev.addresses, addressScope(promoted)), 0, promoted);
}

/** The primary address a secondary belongs to (itself for a primary): the src of its routes. */
export function primaryOf(dev: Device, a: InterfaceAddress): InterfaceAddress {
  if (!a.secondary) return a;
  return dev.addresses.find((p) => !p.secondary && sameSubnet(p, a)) ?? a;
}

/** `ip addr flush dev DEV`: every address of the device. */
export function flushAddresses(dev: Device): void {
  dev.addresses = [];
}

export interface RouteRequest {
  readonly dst: Cidr;
  readonly gateway?: Ipv4Addr;
  readonly dev?: Device;
  readonly prefsrc?: Ipv4Addr;
  readonly metric?: number;
  readonly table?: number;
  readonly mode?: Exclude<NewMode, 'change'>;
  /** unicast unless given; the error types take neither gateway nor device. */
  readonly type?: 'unicast' | ErrorRouteType;
}

/**
 * inet_rtm_newroute(): the preferred source must be local, the prefix must have no host bits,
 * the gateway must be reachable on a connected route (fib_check_nh). A route with the same
 * prefix and metric exists: `add` refuses it, `replace` takes its place.
 */
export function addRoute(ns: Namespace, req: RouteRequest): void {
  if (req.prefsrc !== undefined && !ns.isLocalAddress(req.prefsrc)) throw new KernelError('EINVAL', 'Invalid prefsrc address');
  if (networkOf(req.dst.addr, req.dst.len) !== req.dst.addr) throw new KernelError('EINVAL', 'Invalid prefix for given prefix length');
  const table = req.table ?? MAIN_TABLE;
  const type = req.type ?? 'unicast';
  if (type !== 'unicast') {
    // fib_create_info: fib_props[type].error routes have no nexthop.
    if (req.gateway !== undefined || req.dev !== undefined) throw new KernelError('EINVAL', 'Gateway, device and multipath can not be specified for this route type');
    storeRoute(ns, table, { table, dst: req.dst, dev: ns.devices.get('lo')!, prefsrc: req.prefsrc, metric: req.metric ?? 0, scope: 'global', proto: 'boot', type }, req.mode);
    return;
  }
  let dev = req.dev;
  if (req.gateway !== undefined) {
    const gw = req.gateway;
    const connected = [...ns.devices.values()].find(
      (d) => d.adminUp && d.kind !== 'loopback' && (!dev || d === dev) && d.addresses.some((a) => a.len < 32 && (gw >>> 0) >>> (32 - a.len) === (a.addr >>> 0) >>> (32 - a.len)),
    );
    if (!connected) {
      if (dev && !dev.adminUp) throw new KernelError('ENETDOWN', 'Device for nexthop is not up');
      throw new KernelError('EINVAL', 'Nexthop has invalid gateway');
    }
    dev = connected;
  }
  if (!dev || !dev.adminUp) throw new KernelError('ENETDOWN', 'Device for nexthop is not up');
  const route: Route = {
    table,
    dst: req.dst,
    gateway: req.gateway,
    dev,
    prefsrc: req.prefsrc,
    metric: req.metric ?? 0,
    scope: req.gateway !== undefined ? 'global' : 'link',
    proto: 'boot',
    type: 'unicast',
  };
  storeRoute(ns, table, route, req.mode);
}

/** fib_table_insert: one route per table, prefix and metric (whatever its type) unless replaced. */
function storeRoute(ns: Namespace, table: number, route: Route, mode: RouteRequest['mode']): void {
  const routes = ns.routeTables.get(table) ?? [];
  const existing = routes.findIndex((r) => r.dst.addr === route.dst.addr && r.dst.len === route.dst.len && r.metric === route.metric);
  if (existing >= 0) {
    if (mode !== 'replace') throw new KernelError('EEXIST');
    routes[existing] = route;
  } else {
    routes.push(route);
  }
  ns.routeTables.set(table, routes);
}

export interface RouteMatch {
  readonly dst: Cidr;
  readonly table?: number;
  readonly gateway?: Ipv4Addr;
  readonly dev?: string;
  readonly metric?: number;
  /** Only when the command named a type (`ip route del blackhole P`). */
  readonly type?: Route['type'];
}

/** inet_rtm_delroute(): the first route of the table with that prefix and whatever else was given. */
export function deleteRoute(ns: Namespace, match: RouteMatch): void {
  const routes = ns.routeTables.get(match.table ?? MAIN_TABLE) ?? [];
  const index = routes.findIndex(
    (r) =>
      r.dst.addr === match.dst.addr &&
      r.dst.len === match.dst.len &&
      (match.gateway === undefined || r.gateway === match.gateway) &&
      (match.dev === undefined || (!isErrorRoute(r) && r.dev.name === match.dev)) &&
      (match.metric === undefined || r.metric === match.metric) &&
      (match.type === undefined || r.type === match.type),
  );
  if (index < 0) throw new KernelError('ESRCH');
  routes.splice(index, 1);
}

/** `ip route flush [table T] [dev D]`: the routes of one table (or all), of one device (or all). */
export function flushRoutes(ns: Namespace, filter: { readonly table?: number; readonly dev?: string }): void {
  for (const [id, routes] of ns.routeTables) {
    if (filter.table !== undefined && id !== filter.table) continue;
    ns.routeTables.set(id, routes.filter((r) => filter.dev !== undefined && r.dev.name !== filter.dev));
  }
}

/** `ip rule add`: a policy routing rule (fib_nl_newrule). */
export function addRoutingRule(ns: Namespace, rule: RoutingRule): void {
  ns.routingRules.push(rule);
}

/** `ip rule del`: the first rule with that priority, input device and table (those given). */
export function deleteRoutingRule(ns: Namespace, match: { readonly priority?: number; readonly iif?: string; readonly table?: number }): void {
  const index = ns.routingRules.findIndex(
    (r) =>
      (match.priority === undefined || r.priority === match.priority) &&
      (match.iif === undefined || r.iif === match.iif) &&
      (match.table === undefined || r.table === match.table),
  );
  if (index < 0) throw new KernelError('ENOENT');
  ns.routingRules.splice(index, 1);
}

/** `ip rule flush`: every rule the user added (the default ones are computed, see routingRules). */
export function flushRoutingRules(ns: Namespace): void {
  ns.routingRules.length = 0;
}

/** `ip neigh add|replace`: a static entry (neigh_add); `add` refuses an entry that exists. */
export function addNeighbour(dev: Device, dst: Ipv4Addr, mac: MacAddr | undefined, state: NudState, mode: Exclude<NewMode, 'change'>): void {
  const table = dev.ns.neighbourTable(dev);
  if (table.has(dst) && mode === 'add') throw new KernelError('EEXIST');
  const entry: NeighbourEntry = { ip: dst, mac, state, queue: [], confirmedAt: dev.ns.world.now, reachableMs: 30_000, probes: 0, generation: 0 };
  table.set(dst, entry);
}

export function deleteNeighbour(dev: Device, dst: Ipv4Addr): void {
  if (!dev.ns.neighbourTable(dev).delete(dst)) throw new KernelError('ENOENT');
}

/** `ip neigh flush [dev D]`: every entry but the permanent ones. */
export function flushNeighbours(ns: Namespace, dev?: string): void {
  for (const [d, table] of ns.neighbours) {
    if (dev !== undefined && d.name !== dev) continue;
    for (const [ip, e] of table) if (e.state !== 'PERMANENT') table.delete(ip);
  }
}

/** sysctl -w KEY=VALUE, with the kernel's side effects (ip_forward flips every conf.*.forwarding). */
export function writeSysctl(ns: Namespace, key: string, value: string): void {
  if (!ns.sysctls.write(`/proc/sys/${key.replace(/\./g, '/')}`, value)) throw new KernelError('EINVAL');
}
