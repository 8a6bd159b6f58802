// What `ip`, `sysctl` and friends do to the world: namespaces, links, addresses, routes.
// Errors carry the real tool's message (the CLI layer adds `line N:`).
// Mirrors rtnetlink's effects: veth_newlink registers the peer first, a device moved to
// another namespace goes down and loses its addresses, a bridge takes its lowest port MAC.

import { broadcastOf, type Cidr, type Ipv4Addr, type MacAddr } from './addr.ts';
import { ConntrackTable } from './conntrack/core.ts';
import { createTables } from '../cli/iptables/apply.ts';
import { flushRoutesOfDevice, MAIN_TABLE, type Route } from './stack/routing.ts';
import { Device, Namespace, SimulationLimit, World, type DeviceKind } from './world.ts';

// Linux has no small limit on either; the engine keeps a run (and a browser tab) small.
// The course uses at most 5 namespaces and 17 devices.
/** Network namespaces per run, `default` included. */
export const MAX_NAMESPACES = 100;
/** Devices per run, every namespace's lo included (each namespace has one). */
export const MAX_DEVICES = 500;

export class ToolError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

export function createWorld(seed = 1): World {
  const world = new World(seed);
  addNamespace(world, 'default');
  return world;
}

export function addNamespace(world: World, name: string): Namespace {
  if (world.namespaces.has(name)) {
    throw new ToolError(`Cannot create namespace file "/run/netns/${name}": File exists`, 1);
  }
  if (world.namespaces.size >= MAX_NAMESPACES) {
    throw new SimulationLimit(`stopped: the simulation holds at most ${MAX_NAMESPACES} network namespaces (default included)`);
  }
  assertDeviceRoom(world, 1);
  const ns = new Namespace(world, name, createTables(), new ConntrackTable());
  world.namespaces.set(name, ns);
  registerDevice(new Device(ns, 'lo', 'loopback', '00:00:00:00:00:00', allocateIfindex(ns)));
  return ns;
}

export function namespaceOrThrow(world: World, name: string): Namespace {
  const ns = world.namespaces.get(name);
  if (!ns) throw new ToolError(`Cannot open network namespace "${name}": No such file or directory`, 255);
  return ns;
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

export function deviceOrThrow(ns: Namespace, name: string): Device {
  const dev = ns.devices.get(name);
  if (!dev) throw new ToolError(`Cannot find device "${name}"`, 1);
  return dev;
}

function assertFreeName(ns: Namespace, name: string): void {
  if (ns.devices.has(name)) throw new ToolError('RTNETLINK answers: File exists', 2);
  if (name.length > 15) throw new ToolError(`Error: argument "${name}" is wrong: "name" not a valid ifname`, 1);
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
  if (peerNs === ns && req.name === req.peer) throw new ToolError('RTNETLINK answers: File exists', 2);
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

export function deleteDevice(dev: Device): void {
  if (dev.kind === 'loopback') throw new ToolError('RTNETLINK answers: Operation not supported', 2);
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

export function setMaster(dev: Device, bridge: Device): void {
  if (bridge.kind !== 'bridge') throw new ToolError('RTNETLINK answers: Operation not supported', 2);
  if (dev === bridge || dev.kind === 'loopback') throw new ToolError('RTNETLINK answers: Invalid argument', 2);
  if (dev.kind === 'bridge') throw new ToolError('RTNETLINK answers: Too many levels of symbolic links', 2);
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
  for (const [mac, port] of bridge.fdb) if (port === dev) bridge.fdb.delete(mac);
  dev.master = undefined;
  recalculateBridgeMac(bridge);
}

/** ip link set DEV netns NS: the device goes down, loses addresses, routes and its bridge. */
export function moveToNamespace(dev: Device, target: Namespace): void {
  if (dev.kind === 'loopback') throw new ToolError('RTNETLINK answers: Invalid argument', 2);
  if (dev.ns === target) return;
  if (target.devices.has(dev.name)) throw new ToolError('RTNETLINK answers: File exists', 2);
  if (dev.master) detachPort(dev);
  if (dev.kind === 'bridge') for (const port of [...dev.ports]) detachPort(port);
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

export function addAddress(dev: Device, host: Ipv4Addr, len: number, broadcast?: Ipv4Addr | 'auto'): void {
  if (dev.addresses.some((a) => a.addr === host && a.len === len)) throw new ToolError('RTNETLINK answers: File exists', 2);
  const brd = broadcast === 'auto' ? (len < 31 ? broadcastOf(host, len) : undefined) : broadcast;
  dev.addresses.push(brd === undefined ? { addr: host, len } : { addr: host, len, broadcast: brd });
}

export function deleteAddress(dev: Device, host: Ipv4Addr, len: number): void {
  const index = dev.addresses.findIndex((a) => a.addr === host && a.len === len);
  if (index < 0) throw new ToolError('RTNETLINK answers: Cannot assign requested address', 2);
  dev.addresses.splice(index, 1);
}

export interface RouteRequest {
  readonly dst: Cidr;
  readonly gateway?: Ipv4Addr;
  readonly dev?: Device;
  readonly prefsrc?: Ipv4Addr;
  readonly metric?: number;
  readonly table?: number;
  readonly replace?: boolean;
}

/** ip route add: the gateway must be reachable on a connected route (fib_check_nh). */
export function addRoute(ns: Namespace, req: RouteRequest): void {
  const table = req.table ?? MAIN_TABLE;
  let dev = req.dev;
  if (req.gateway !== undefined) {
    const gw = req.gateway;
    const connected = [...ns.devices.values()].find(
      (d) => d.adminUp && d.kind !== 'loopback' && (!dev || d === dev) && d.addresses.some((a) => a.len < 32 && (gw >>> 0) >>> (32 - a.len) === (a.addr >>> 0) >>> (32 - a.len)),
    );
    if (!connected) {
      if (dev && !dev.adminUp) throw new ToolError('Error: Device for nexthop is not up.', 2);
      throw new ToolError('Error: Nexthop has invalid gateway.', 2);
    }
    dev = connected;
  }
  if (!dev) throw new ToolError('Error: Device for nexthop is not up.', 2);
  if (!dev.adminUp) throw new ToolError('Error: Device for nexthop is not up.', 2);
  const routes = ns.routeTables.get(table) ?? [];
  const metric = req.metric ?? 0;
  const existing = routes.findIndex((r) => r.dst.addr === req.dst.addr && r.dst.len === req.dst.len && r.metric === metric);
  const route: Route = {
    table,
    dst: req.dst,
    gateway: req.gateway,
    dev,
    prefsrc: req.prefsrc,
    metric,
    scope: req.gateway !== undefined ? 'global' : 'link',
    proto: 'boot',
    type: 'unicast',
  };
  if (existing >= 0) {
    if (!req.replace) throw new ToolError('RTNETLINK answers: File exists', 2);
    routes[existing] = route;
  } else {
    routes.push(route);
  }
  ns.routeTables.set(table, routes);
}

export function deleteRoute(ns: Namespace, dst: Cidr, table = MAIN_TABLE): void {
  const routes = ns.routeTables.get(table) ?? [];
  const index = routes.findIndex((r) => r.dst.addr === dst.addr && r.dst.len === dst.len);
  if (index < 0) throw new ToolError('RTNETLINK answers: No such process', 2);
  routes.splice(index, 1);
}

/** sysctl -w KEY=VALUE, with the kernel's side effects (ip_forward flips every conf.*.forwarding). */
export function writeSysctl(ns: Namespace, key: string, value: string): void {
  if (!ns.sysctls.write(`/proc/sys/${key.replace(/\./g, '/')}`, value)) {
    throw new ToolError(`sysctl: setting key "${key}": Invalid argument`, 1);
  }
}
