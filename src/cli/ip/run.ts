// `ip` on the engine: the parsed command (parse.ts) changes the world only through ops.ts,
// whose errno failures are worded as iproute2 prints them (errors.ts), and the show commands
// fill the printers' views (format.ts) from the namespace's state.

import { networkOf } from '../../net/addr.ts';
import { KernelError } from '../../net/kernel-error.ts';
import {
  addAddress,
  primaryOf,
  addBridge,
  addDummy,
  addNamespace,
  addNeighbour,
  addRoute,
  addRoutingRule,
  addVeth,
  deleteAddress,
  deleteDevice,
  deleteNamespace,
  deleteNeighbour,
  deleteRoute,
  deleteRoutingRule,
  detachPort,
  flushAddresses,
  flushNeighbours,
  flushRoutes,
  flushRoutingRules,
  moveToNamespace,
  setLinkUp,
  setMac,
  setMaster,
  setMtu,
  setBridgeAgeingTime,
  setPromisc,
} from '../../net/ops.ts';
import { fibLookup, isErrorRoute, MAIN_TABLE, routingRules, sourceForRoute, tableRoutes } from '../../net/stack/routing.ts';
import type { Device, Namespace, World } from '../../net/world.ts';
import { formatIpAddr, formatIpLink, formatNetnsList, type IpLinkView, type OperState } from './format.ts';
import { formatIpNeigh } from './format-neigh.ts';
import { formatIpRoute, formatIpRouteGet, formatIpRule, routeGetErrors, type RouteView, type RuleView } from './format-route.ts';
import { namespaceOrThrow, ToolError } from '../errors.ts';
import { ipErrors, parseIp, type IpCommand, type IpFailure, type RouteSpec } from './parse.ts';
import { rtnetlinkFailure, toIpError, unsupported } from './errors.ts';
import type { BridgeOptions } from './iplink-bridge.ts';

function fail(f: IpFailure): never {
  throw toIpError(f);
}

/** A kernel operation whose errno `ip` words its own way (else as RTNETLINK answers it). */
function kernelCall<T>(operation: () => T, wording: (error: KernelError) => IpFailure | undefined): T {
  try {
    return operation();
  } catch (error) {
    const failure = error instanceof KernelError ? wording(error) : undefined;
    if (failure) fail(failure);
    throw error;
  }
}

function device(ns: Namespace, name: string): Device {
  const dev = ns.devices.get(name);
  if (!dev) fail(ipErrors.cannotFindDevice(name));
  return dev;
}

// ------------------------------------------------------------------ views

function operState(dev: Device): OperState {
  if (!dev.adminUp) return 'DOWN';
  // Carrier on from the start, never changed: linkwatch never sets an operstate (lo, dummy).
  if (dev.kind === 'loopback' || dev.kind === 'dummy') return 'UNKNOWN';
  if (dev.kind === 'bridge' && !dev.hadPort) return 'UNKNOWN';
  if (dev.carrier) return 'UP';
  if (dev.kind === 'veth' && dev.peer && dev.peer.ns === dev.ns) return 'LOWERLAYERDOWN';
  return 'DOWN';
}

export function linkView(dev: Device): IpLinkView {
  const ns = dev.ns;
  const peer = dev.peer;
  return {
    ifindex: dev.ifindex,
    name: dev.name,
    kind: dev.kind,
    peer: peer
      ? {
          ifindex: peer.ifindex,
          name: peer.name,
          up: peer.adminUp,
          otherNetns: peer.ns === ns ? undefined : { name: peer.ns.name === 'default' ? undefined : peer.ns.name, id: ns.netnsId(peer.ns) },
        }
      : undefined,
    mtu: dev.mtu,
    up: dev.adminUp,
    carrier: dev.carrier,
    operState: operState(dev),
    promisc: dev.promiscFlag,
    everUp: dev.everUp,
    master: dev.master?.name,
    mac: dev.mac,
    addresses: dev.addresses.map((a) => ({
      addr: a.addr,
      len: a.len,
      broadcast: a.broadcast,
      scope: a.addr >>> 24 === 127 ? 254 : 0,
      secondary: a.secondary === true,
      label: dev.name,
    })),
  };
}

function linkViews(ns: Namespace): IpLinkView[] {
  return [...ns.devices.values()].sort((a, b) => a.ifindex - b.ifindex).map(linkView);
}

/** What `ip route get` prints for each error of the lookup (RTNETLINK answers strerror). */
const ROUTE_GET_ERROR = {
  ENETUNREACH: routeGetErrors.noRoute,
  EHOSTUNREACH: routeGetErrors.unreachable,
  EINVAL: routeGetErrors.blackhole,
  EACCES: routeGetErrors.prohibit,
} as const;

const PROTO_NUMBER = { kernel: 2, boot: 3, static: 4 } as const;
const SCOPE_NUMBER = { global: 0, link: 253, host: 254 } as const;

/** Every route of every table, in the kernel's dump order (table id mod 256, then prefix). */
function routeViews(ns: Namespace): RouteView[] {
  const views: RouteView[] = [];
  const tables = new Set<number>([MAIN_TABLE, 255, ...ns.routeTables.keys()]);
  for (const table of [...tables].sort((a, b) => (a % 256) - (b % 256))) {
    const rows: RouteView[] = [];
    if (table === 255) {
      for (const dev of ns.devices.values()) {
        // fib_add_ifaddr: every address gets its local route with its primary as src; on a
        // device that is up, its explicit broadcast and (primaries below /31) the subnet's
        // broadcast, each once per (address, src).
        const seen = new Set<string>();
        const broadcastRow = (addr: number, src: number): void => {
          const key = `${addr}/${src}`;
          if (addr === 0xffffffff || seen.has(key)) return;
          seen.add(key);
          rows.push({ type: 'broadcast', dst: { addr, len: 32 }, dev: dev.name, table, protocol: 2, scope: 253, prefsrc: src, metric: 0, onlink: false, linkdown: !dev.carrier });
        };
        for (const a of dev.addresses) {
          const src = primaryOf(dev, a).addr;
          const loNet = dev.kind === 'loopback' && a.len < 32 && !a.secondary;
          rows.push({ type: 'local', dst: loNet ? { addr: networkOf(a.addr, a.len), len: a.len } : { addr: a.addr, len: 32 }, dev: dev.name, table, protocol: 2, scope: 254, prefsrc: src, metric: 0, onlink: false, linkdown: false });
          if (loNet) rows.push({ type: 'local', dst: { addr: a.addr, len: 32 }, dev: dev.name, table, protocol: 2, scope: 254, prefsrc: src, metric: 0, onlink: false, linkdown: false });
          if (!dev.adminUp) continue;
          if (a.broadcast !== undefined) broadcastRow(a.broadcast, src);
          if (!a.secondary && a.len < 31) broadcastRow((networkOf(a.addr, a.len) | (0xffffffff >>> a.len)) >>> 0, src);
        }
      }
    } else {
      for (const r of tableRoutes(ns, table)) {
        const errorRoute = isErrorRoute(r);
        rows.push({
          type: r.type === 'local' || r.type === 'broadcast' ? 'unicast' : r.type,
          dst: r.dst,
          gateway: r.gateway,
          dev: errorRoute ? undefined : r.dev.name,
          table,
          protocol: PROTO_NUMBER[r.proto],
          scope: SCOPE_NUMBER[r.scope],
          prefsrc: r.prefsrc,
          metric: r.metric,
          onlink: false,
          linkdown: !errorRoute && r.dev.adminUp && !r.dev.carrier,
        });
      }
    }
    rows.sort((a, b) => a.dst.addr - b.dst.addr || b.dst.len - a.dst.len || a.metric - b.metric);
    views.push(...rows);
  }
  return views;
}

function ruleViews(ns: Namespace): RuleView[] {
  return routingRules(ns).map((r) => ({
    priority: r.priority,
    not: false,
    from: r.from,
    to: r.to,
    iif: r.iif,
    iifDetached: r.iif !== undefined && !ns.devices.has(r.iif),
    table: r.table,
    action: 'lookup' as const,
  }));
}

// ------------------------------------------------------------------ commands

function addRouteFromSpec(ns: Namespace, route: RouteSpec, replace: boolean): void {
  const type = route.type;
  if (type !== 'unicast' && type !== 'blackhole' && type !== 'unreachable' && type !== 'prohibit' && type !== 'throw') throw unsupported(`a ${type} route`);
  if (route.onlink) throw unsupported('onlink routes');
  const dev = route.dev !== undefined ? device(ns, route.dev) : undefined;
  addRoute(ns, {
    type,
    dst: { addr: route.dst.addr, len: route.dst.len },
    gateway: route.gateway,
    dev,
    prefsrc: route.prefsrc,
    metric: route.metric,
    table: route.table,
    mode: replace ? 'replace' : 'add',
  });
}

function nextRulePriority(ns: Namespace): number {
  const second = routingRules(ns)[1];
  return second && second.priority > 0 ? second.priority - 1 : 0;
}

function run(world: World, ns: Namespace, cmd: IpCommand): string {
  if (cmd.opts.netns !== undefined) ns = namespaceOrThrow(world, cmd.opts.netns);
  switch (cmd.kind) {
    case 'print':
      return cmd.stdout;
    case 'netns.add':
      kernelCall(() => addNamespace(world, cmd.name), (e) => (e.errno === 'EEXIST' ? ipErrors.netnsExists(cmd.name) : undefined));
      return '';
    case 'netns.del':
      kernelCall(() => deleteNamespace(world, cmd.name), (e) => (e.errno === 'ENOENT' ? ipErrors.netnsDelMissing(cmd.name) : undefined));
      return '';
    case 'netns.list':
      return formatNetnsList(
        [...world.namespaces.values()]
          .filter((n) => n.name !== 'default')
          .sort((a, b) => b.createdSeq - a.createdSeq)
          .map((n) => ({ name: n.name, id: ns.netnsIds.get(n) })),
      );
    case 'netns.exec':
      throw unsupported('ip netns exec inside a command (put it at the start of the line)');
    case 'link.add': {
      const name = cmd.name ?? `${cmd.type}${[...ns.devices.keys()].filter((n) => n.startsWith(cmd.type)).length}`;
      if (cmd.type === 'dummy') {
        // rtnl_newlink: no "dummy" rtnl_link_ops without the driver (see KernelProfile.dummy).
        applyLinkAttrs(world, addDummy(ns, name, cmd.attrs.address), { ...cmd.attrs, address: undefined });
        return '';
      }
      if (cmd.type === 'bridge') {
        const br = addBridge(ns, name, cmd.attrs.address);
        if (cmd.bridge) applyBridgeOptions(br, cmd.bridge);
        applyLinkAttrs(world, br, cmd.attrs);
        return '';
      }
      const peerNs = cmd.peer?.netns !== undefined ? namespaceOrThrow(world, cmd.peer.netns) : ns;
      const peerName = cmd.peer?.name ?? `veth${[...peerNs.devices.keys()].filter((n) => /^veth\d+$/.test(n)).length}`;
      const [dev, peer] = addVeth(ns, { name, peer: peerName, peerNs, mac: cmd.attrs.address, peerMac: cmd.peer?.address });
      applyLinkAttrs(world, dev, { ...cmd.attrs, address: undefined });
      if (cmd.peer) applyLinkAttrs(world, peer, { ...cmd.peer, address: undefined, netns: undefined, name: undefined });
      return '';
    }
    case 'link.set': {
      const dev = device(ns, cmd.dev);
      if (cmd.bridge) {
        // rtnl_setlink: IFLA_INFO_KIND must be the device's own kind.
        if (dev.kind !== 'bridge') fail(ipErrors.operationNotSupported());
        applyBridgeOptions(dev, cmd.bridge);
      }
      applyLinkAttrs(world, dev, cmd.attrs);
      return '';
    }
    case 'link.del':
      deleteDevice(device(ns, cmd.dev));
      return '';
    case 'link.show':
      return formatIpLink(linkViews(ns), cmd.filter, cmd.opts);
    case 'addr.show':
      return formatIpAddr(linkViews(ns), cmd.filter, cmd.opts);
    case 'addr.add': {
      addAddress(device(ns, cmd.dev), cmd.local.addr, cmd.local.len, cmd.broadcast, cmd.mode);
      return '';
    }
    case 'addr.del': {
      const local = cmd.local;
      deleteAddress(device(ns, cmd.dev), local === undefined ? {} : { addr: local.addr, len: local.lenGiven ? local.len : undefined });
      return '';
    }
    case 'addr.flush':
      for (const dev of ns.devices.values()) if (cmd.filter.dev === undefined || dev.name === cmd.filter.dev) flushAddresses(dev);
      return '';
    case 'route.add':
      if (cmd.mode === 'change' || cmd.mode === 'append' || cmd.mode === 'prepend') throw unsupported(`ip route ${cmd.mode}`);
      addRouteFromSpec(ns, cmd.route, cmd.mode === 'replace');
      return '';
    case 'route.del': {
      const spec = cmd.route;
      const type = spec.type;
      if (type !== undefined && type !== 'unicast' && type !== 'blackhole' && type !== 'unreachable' && type !== 'prohibit' && type !== 'throw') throw unsupported(`a ${type} route`);
      deleteRoute(ns, { dst: spec.dst, table: spec.table, gateway: spec.gateway, dev: spec.dev, metric: spec.metric, type });
      return '';
    }
    case 'route.show':
      return formatIpRoute(routeViews(ns), cmd.filter, cmd.opts);
    case 'route.flush':
      flushRoutes(ns, { table: cmd.filter.table === 'all' ? undefined : cmd.filter.table, dev: cmd.filter.dev });
      return '';
    case 'route.get': {
      const oif = cmd.oif !== undefined ? device(ns, cmd.oif) : undefined;
      const result = fibLookup(ns, { dst: cmd.dst, src: cmd.from, oif });
      if (typeof result === 'string') fail(ROUTE_GET_ERROR[result]);
      return formatIpRouteGet({
        type: result.type,
        dst: cmd.dst,
        from: cmd.from,
        gateway: result.route?.gateway,
        dev: result.dev.name,
        prefsrc: cmd.from === undefined ? sourceForRoute(ns, result, cmd.dst) : undefined,
      });
    }
    case 'rule.add': {
      const rule = cmd.rule;
      if (rule.not || rule.oif !== undefined || rule.fwmark !== undefined || (rule.action ?? 'lookup') !== 'lookup') throw unsupported('that ip rule selector');
      addRoutingRule(ns, {
        priority: rule.priority ?? nextRulePriority(ns),
        iif: rule.iif,
        from: rule.from ? { addr: networkOf(rule.from.addr, rule.from.len), len: rule.from.len } : undefined,
        to: rule.to ? { addr: networkOf(rule.to.addr, rule.to.len), len: rule.to.len } : undefined,
        table: rule.table ?? MAIN_TABLE,
      });
      return '';
    }
    case 'rule.del': {
      deleteRoutingRule(ns, { priority: cmd.rule.priority, iif: cmd.rule.iif, table: cmd.rule.table });
      return '';
    }
    case 'rule.show':
      return formatIpRule(ruleViews(ns));
    case 'rule.flush':
      flushRoutingRules(ns);
      return '';
    case 'neigh.add': {
      const state = cmd.state === 'PERMANENT' || cmd.state === 'REACHABLE' || cmd.state === 'STALE' ? cmd.state : 'PERMANENT';
      addNeighbour(device(ns, cmd.dev), cmd.dst, cmd.lladdr, state, cmd.mode === 'add' ? 'add' : 'replace');
      return '';
    }
    case 'neigh.del': {
      deleteNeighbour(device(ns, cmd.dev), cmd.dst);
      return '';
    }
    case 'neigh.show': {
      const entries = [];
      for (const [dev, table] of ns.neighbours) {
        for (const e of table.values()) entries.push({ dst: e.ip, dev: dev.name, lladdr: e.mac, state: e.state });
      }
      return formatIpNeigh(entries, cmd.filter, cmd.opts);
    }
    case 'neigh.flush':
      flushNeighbours(ns, cmd.filter.dev);
      return '';
  }
}

/** One RTM_NEWLINK: netns first, then address, mtu, master, promisc, and up/down last. */
/**
 * `type bridge OPTIONS` (br_changelink). The ageing time is modelled; the timers of STP
 * (forward_delay, hello_time, max_age, priority) change nothing while STP is off; options that
 * would change forwarding and are not modelled are refused rather than ignored.
 */
function applyBridgeOptions(bridge: Device, options: BridgeOptions): void {
  if (options.stpState !== undefined && options.stpState !== 0) throw unsupported('bridge stp_state 1 (STP)');
  if (options.vlanFiltering !== undefined && options.vlanFiltering !== 0) throw unsupported('bridge vlan_filtering 1');
  for (const [name, value] of [['nf_call_iptables', options.nfCallIptables], ['nf_call_ip6tables', options.nfCallIp6tables], ['nf_call_arptables', options.nfCallArptables]] as const) {
    if (value !== undefined && value !== 0) throw unsupported(`bridge ${name} (use the net.bridge.bridge-nf-call-* sysctls)`);
  }
  if (options.ageingTime !== undefined) setBridgeAgeingTime(bridge, options.ageingTime);
}

function applyLinkAttrs(world: World, dev: Device, attrs: IpCommand extends never ? never : Extract<IpCommand, { kind: 'link.set' }>['attrs']): void {
  if (attrs.name !== undefined && attrs.name !== dev.name) throw unsupported('renaming a device');
  if (attrs.netns !== undefined) {
    moveToNamespace(dev, namespaceOrThrow(world, attrs.netns));
  }
  if (attrs.address !== undefined) setMac(dev, attrs.address);
  if (attrs.mtu !== undefined) setMtu(dev, attrs.mtu);
  if (attrs.master !== undefined) {
    if (attrs.master === null) detachPort(dev);
    else {
      const bridge = dev.ns.devices.get(attrs.master);
      if (!bridge) fail(ipErrors.masterDoesNotExist(attrs.master));
      setMaster(dev, bridge);
    }
  }
  if (attrs.promisc !== undefined) setPromisc(dev, attrs.promisc);
  if (attrs.up !== undefined) setLinkUp(dev, attrs.up);
}

export function runIpCommand(world: World, ns: Namespace, args: readonly string[]): string {
  try {
    const cmd = parseIp(args, {
      deviceExists: (name) => ns.devices.has(name),
      netnsExists: (name) => world.namespaces.has(name),
    });
    return run(world, ns, cmd);
  } catch (error) {
    if (error instanceof KernelError) throw toIpError(rtnetlinkFailure(error));
    // A failure that prints nothing on stderr (a usage text on stdout) still says how it ended.
    if (error instanceof ToolError && error.message === '') throw new ToolError(`ip: exit status ${error.exitCode}`, error.exitCode);
    throw error;
  }
}

