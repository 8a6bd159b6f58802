// `ip` on the engine: the parsed command (parse.ts) acts on the world through ops.ts, and
// the show commands fill the printers' views (format.ts) from the namespace's state.

import { networkOf } from '../../net/addr.ts';
import {
  addAddress,
  addBridge,
  addNamespace,
  addRoute,
  addVeth,
  deleteDevice,
  detachPort,
  moveToNamespace,
  namespaceOrThrow,
  setLinkUp,
  setMac,
  setMaster,
  ToolError,
} from '../../net/ops.ts';
import { lookupRoute, MAIN_TABLE, routingRules, sourceForRoute, tableRoutes } from '../../net/stack/routing.ts';
import type { Device, Namespace, World } from '../../net/world.ts';
import { formatIpAddr, formatIpLink, formatNetnsList, type IpLinkView, type OperState } from './format.ts';
import { formatIpNeigh } from './format-neigh.ts';
import { formatIpRoute, formatIpRouteGet, formatIpRule, routeGetErrors, type RouteView, type RuleView } from './format-route.ts';
import { IpError, ipErrors, parseIp, type IpCommand, type IpFailure, type RouteSpec } from './parse.ts';
import { toIpError, unsupported } from './errors.ts';

function fail(f: IpFailure): never {
  throw toIpError(f);
}

function device(ns: Namespace, name: string): Device {
  const dev = ns.devices.get(name);
  if (!dev) fail(ipErrors.cannotFindDevice(name));
  return dev;
}

// ------------------------------------------------------------------ views

function operState(dev: Device): OperState {
  if (!dev.adminUp) return 'DOWN';
  if (dev.kind === 'loopback') return 'UNKNOWN';
  if (dev.kind === 'bridge' && !dev.hadPort) return 'UNKNOWN';
  if (dev.carrier) return 'UP';
  if (dev.kind === 'veth' && dev.peer && dev.peer.ns === dev.ns) return 'LOWERLAYERDOWN';
  return 'DOWN';
}

export function linkView(dev: Device): IpLinkView {
  const ns = dev.ns;
  const peer = dev.peer;
  const sameSubnetEarlier = (i: number): boolean => {
    const a = dev.addresses[i]!;
    return dev.addresses.slice(0, i).some((b) => b.len === a.len && networkOf(b.addr, b.len) === networkOf(a.addr, a.len));
  };
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
    addresses: dev.addresses.map((a, i) => ({
      addr: a.addr,
      len: a.len,
      broadcast: a.broadcast,
      scope: a.addr >>> 24 === 127 ? 254 : 0,
      secondary: sameSubnetEarlier(i),
      label: dev.name,
    })),
  };
}

function linkViews(ns: Namespace): IpLinkView[] {
  return [...ns.devices.values()].sort((a, b) => a.ifindex - b.ifindex).map(linkView);
}

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
        for (const a of dev.addresses) {
          const loNet = dev.kind === 'loopback' && a.len < 32;
          rows.push({ type: 'local', dst: loNet ? { addr: networkOf(a.addr, a.len), len: a.len } : { addr: a.addr, len: 32 }, dev: dev.name, table, protocol: 2, scope: 254, prefsrc: a.addr, metric: 0, onlink: false, linkdown: false });
          if (loNet) rows.push({ type: 'local', dst: { addr: a.addr, len: 32 }, dev: dev.name, table, protocol: 2, scope: 254, prefsrc: a.addr, metric: 0, onlink: false, linkdown: false });
          if (dev.adminUp && a.broadcast !== undefined) {
            rows.push({ type: 'broadcast', dst: { addr: a.broadcast, len: 32 }, dev: dev.name, table, protocol: 2, scope: 253, prefsrc: a.addr, metric: 0, onlink: false, linkdown: false });
          }
        }
      }
    } else {
      for (const r of tableRoutes(ns, table)) {
        rows.push({
          type: 'unicast',
          dst: r.dst,
          gateway: r.gateway,
          dev: r.dev.name,
          table,
          protocol: PROTO_NUMBER[r.proto],
          scope: SCOPE_NUMBER[r.scope],
          prefsrc: r.proto === 'kernel' ? r.prefsrc : r.prefsrc,
          metric: r.metric,
          onlink: false,
          linkdown: r.dev.adminUp && !r.dev.carrier,
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
  if (route.type !== 'unicast') throw unsupported(`a ${route.type} route`);
  if (route.onlink) throw unsupported('onlink routes');
  const dev = route.dev !== undefined ? device(ns, route.dev) : undefined;
  if (route.prefsrc !== undefined && !ns.isLocalAddress(route.prefsrc)) fail(ipErrors.invalidPrefsrc());
  if (networkOf(route.dst.addr, route.dst.len) !== route.dst.addr) fail(ipErrors.invalidPrefixForLength());
  addRoute(ns, {
    dst: { addr: route.dst.addr, len: route.dst.len },
    gateway: route.gateway,
    dev,
    prefsrc: route.prefsrc,
    metric: route.metric,
    table: route.table,
    replace,
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
      if (world.namespaces.has(cmd.name)) fail(ipErrors.netnsExists(cmd.name));
      addNamespace(world, cmd.name);
      return '';
    case 'netns.del': {
      const target = world.namespaces.get(cmd.name);
      if (!target || cmd.name === 'default') fail(ipErrors.netnsDelMissing(cmd.name));
      for (const dev of [...target.devices.values()]) if (dev.kind !== 'loopback') deleteDevice(dev);
      world.namespaces.delete(cmd.name);
      return '';
    }
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
      if (cmd.type === 'bridge') {
        if (ns.devices.has(name)) fail(ipErrors.fileExists());
        const br = addBridge(ns, name, cmd.attrs.address);
        applyLinkAttrs(world, br, cmd.attrs);
        return '';
      }
      const peerNs = cmd.peer?.netns !== undefined ? namespaceOrThrow(world, cmd.peer.netns) : ns;
      const peerName = cmd.peer?.name ?? `veth${[...peerNs.devices.keys()].filter((n) => /^veth\d+$/.test(n)).length}`;
      if (ns.devices.has(name) || peerNs.devices.has(peerName) || (peerNs === ns && name === peerName)) fail(ipErrors.fileExists());
      const [dev, peer] = addVeth(ns, { name, peer: peerName, peerNs, mac: cmd.attrs.address, peerMac: cmd.peer?.address });
      applyLinkAttrs(world, dev, { ...cmd.attrs, address: undefined });
      if (cmd.peer) applyLinkAttrs(world, peer, { ...cmd.peer, address: undefined, netns: undefined, name: undefined });
      return '';
    }
    case 'link.set':
      applyLinkAttrs(world, device(ns, cmd.dev), cmd.attrs);
      return '';
    case 'link.del':
      deleteDevice(device(ns, cmd.dev));
      return '';
    case 'link.show':
      return formatIpLink(linkViews(ns), cmd.filter, cmd.opts);
    case 'addr.show':
      return formatIpAddr(linkViews(ns), cmd.filter, cmd.opts);
    case 'addr.add': {
      const dev = device(ns, cmd.dev);
      const exists = dev.addresses.some((a) => a.addr === cmd.local.addr && a.len === cmd.local.len);
      if (exists) {
        if (cmd.mode === 'add') fail(ipErrors.addressAlreadyAssigned());
        return '';
      }
      if (cmd.mode === 'change') fail(ipErrors.noSuchFileOrDirectory());
      addAddress(dev, cmd.local.addr, cmd.local.len, cmd.broadcast);
      return '';
    }
    case 'addr.del': {
      const dev = device(ns, cmd.dev);
      const index = dev.addresses.findIndex((a) => cmd.local === undefined || (a.addr === cmd.local.addr && (!cmd.local.lenGiven || a.len === cmd.local.len)));
      if (index < 0) fail(ipErrors.cannotAssignAddress());
      dev.addresses.splice(index, 1);
      return '';
    }
    case 'addr.flush': {
      for (const dev of ns.devices.values()) {
        if (cmd.filter.dev === undefined || dev.name === cmd.filter.dev) dev.addresses = [];
      }
      return '';
    }
    case 'route.add':
      if (cmd.mode === 'change' || cmd.mode === 'append' || cmd.mode === 'prepend') throw unsupported(`ip route ${cmd.mode}`);
      addRouteFromSpec(ns, cmd.route, cmd.mode === 'replace');
      return '';
    case 'route.del': {
      const spec = cmd.route;
      const routes = ns.routeTables.get(spec.table) ?? [];
      const index = routes.findIndex(
        (r) =>
          r.dst.addr === spec.dst.addr &&
          r.dst.len === spec.dst.len &&
          (spec.gateway === undefined || r.gateway === spec.gateway) &&
          (spec.dev === undefined || r.dev.name === spec.dev) &&
          (spec.metric === undefined || r.metric === spec.metric),
      );
      if (index < 0) fail(ipErrors.noSuchProcess());
      routes.splice(index, 1);
      return '';
    }
    case 'route.show':
      return formatIpRoute(routeViews(ns), cmd.filter, cmd.opts);
    case 'route.flush': {
      const table = cmd.filter.table === 'all' ? undefined : cmd.filter.table;
      for (const [id, routes] of ns.routeTables) {
        if (table !== undefined && id !== table) continue;
        ns.routeTables.set(id, routes.filter((r) => cmd.filter.dev !== undefined && r.dev.name !== cmd.filter.dev));
      }
      return '';
    }
    case 'route.get': {
      const oif = cmd.oif !== undefined ? device(ns, cmd.oif) : undefined;
      const result = lookupRoute(ns, { dst: cmd.dst, src: cmd.from, oif });
      if (!result) fail(routeGetErrors.noRoute);
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
      ns.routingRules.push({
        priority: rule.priority ?? nextRulePriority(ns),
        iif: rule.iif,
        from: rule.from ? { addr: networkOf(rule.from.addr, rule.from.len), len: rule.from.len } : undefined,
        to: rule.to ? { addr: networkOf(rule.to.addr, rule.to.len), len: rule.to.len } : undefined,
        table: rule.table ?? MAIN_TABLE,
      });
      return '';
    }
    case 'rule.del': {
      const rule = cmd.rule;
      const index = ns.routingRules.findIndex(
        (r) =>
          (rule.priority === undefined || r.priority === rule.priority) &&
          (rule.iif === undefined || r.iif === rule.iif) &&
          (rule.table === undefined || r.table === rule.table),
      );
      if (index < 0) fail(ipErrors.noSuchFileOrDirectory());
      ns.routingRules.splice(index, 1);
      return '';
    }
    case 'rule.show':
      return formatIpRule(ruleViews(ns));
    case 'rule.flush':
      ns.routingRules.length = 0;
      return '';
    case 'neigh.add': {
      const dev = device(ns, cmd.dev);
      const table = ns.neighbourTable(dev);
      if (table.has(cmd.dst) && cmd.mode === 'add') fail(ipErrors.fileExists());
      const state = cmd.state === 'PERMANENT' || cmd.state === 'REACHABLE' || cmd.state === 'STALE' ? cmd.state : 'PERMANENT';
      table.set(cmd.dst, { ip: cmd.dst, mac: cmd.lladdr, state, queue: [], confirmedAt: world.now, reachableMs: 30_000, probes: 0, generation: 0 });
      return '';
    }
    case 'neigh.del': {
      const dev = device(ns, cmd.dev);
      if (!ns.neighbourTable(dev).delete(cmd.dst)) fail(ipErrors.noSuchFileOrDirectory());
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
      for (const [dev, table] of ns.neighbours) {
        if (cmd.filter.dev !== undefined && dev.name !== cmd.filter.dev) continue;
        for (const [ip, e] of table) if (e.state !== 'PERMANENT') table.delete(ip);
      }
      return '';
  }
}

/** One RTM_NEWLINK: netns first, then address, mtu, master, promisc, and up/down last. */
function applyLinkAttrs(world: World, dev: Device, attrs: IpCommand extends never ? never : Extract<IpCommand, { kind: 'link.set' }>['attrs']): void {
  if (attrs.name !== undefined && attrs.name !== dev.name) throw unsupported('renaming a device');
  if (attrs.netns !== undefined) {
    const target = namespaceOrThrow(world, attrs.netns);
    if (dev.kind === 'loopback' || dev.kind === 'bridge') fail(ipErrors.netnsImmutable());
    if (target !== dev.ns && target.devices.has(dev.name)) fail(ipErrors.sameNameInTargetNetns());
    moveToNamespace(dev, target);
  }
  if (attrs.address !== undefined) setMac(dev, attrs.address);
  if (attrs.mtu !== undefined) dev.mtu = attrs.mtu;
  if (attrs.master !== undefined) {
    if (attrs.master === null) detachPort(dev);
    else {
      const bridge = dev.ns.devices.get(attrs.master);
      if (!bridge) fail(ipErrors.masterDoesNotExist(attrs.master));
      if (bridge.kind !== 'bridge') fail(ipErrors.operationNotSupported());
      if (dev.kind === 'bridge') fail(ipErrors.bridgeToBridge());
      if (dev === bridge || dev.kind === 'loopback') fail(ipErrors.invalidArgument());
      setMaster(dev, bridge);
    }
  }
  if (attrs.promisc !== undefined) dev.promiscFlag = attrs.promisc;
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
    if (error instanceof IpError) throw new ToolError(error.stderr.replace(/\n+$/, '') || error.message, error.exitStatus);
    throw error;
  }
}

