// Test helpers: build worlds from short calls, capture frames as one-line summaries.
// Only tests import this module.

import { parseCidr, parseIpv4, type Ipv4Addr } from '../addr.ts';
import type { Capture } from '../link/capture.ts';
import { addAddress, addBridge, addNamespace, addRoute, addVeth, createWorld, setLinkUp, setMaster, writeSysctl } from '../ops.ts';
import { PingProcess } from '../stack/ping.ts';
import { summarize } from '../stack/describe.ts';
import type { Namespace, World } from '../world.ts';
import type { EthernetFrame } from '../wire/packet.ts';
import { formatIpv4 } from '../addr.ts';

export function ip(text: string): Ipv4Addr {
  const a = parseIpv4(text);
  if (a === undefined) throw new Error(`bad address ${text}`);
  return a;
}

export function ns(world: World, name: string): Namespace {
  return world.namespaces.get(name) ?? addNamespace(world, name);
}

export function addr(world: World, nsName: string, dev: string, cidr: string): void {
  const c = parseCidr(cidr)!;
  const d = ns(world, nsName).devices.get(dev)!;
  addAddress(d, c.host, c.len, 'auto');
}

export function up(world: World, nsName: string, ...devs: string[]): void {
  for (const dev of devs) setLinkUp(ns(world, nsName).devices.get(dev)!, true);
}

export function veth(world: World, nsName: string, name: string, peer: string, peerNs?: string): void {
  addVeth(ns(world, nsName), { name, peer, peerNs: peerNs ? ns(world, peerNs) : undefined });
}

export function bridge(world: World, nsName: string, name: string, ...ports: string[]): void {
  const n = ns(world, nsName);
  const br = addBridge(n, name);
  for (const p of ports) setMaster(n.devices.get(p)!, br);
}

export function route(world: World, nsName: string, dst: string, via: string): void {
  const c = dst === 'default' ? { addr: 0, len: 0 } : parseCidr(dst)!.cidr;
  addRoute(ns(world, nsName), { dst: c, gateway: ip(via) });
}

export function sysctl(world: World, nsName: string, key: string, value: string): void {
  writeSysctl(ns(world, nsName), key, value);
}

function summarizeFrame(frame: EthernetFrame): string {
  const p = frame.payload;
  if (p.kind === 'arp') {
    return p.op === 'request' ? `ARP who-has ${formatIpv4(p.targetIp)} tell ${formatIpv4(p.senderIp)}` : `ARP reply ${formatIpv4(p.senderIp)}`;
  }
  return summarize(p);
}

export function capture(world: World, nsName: string, dev: string, promisc = true): Capture {
  const d = ns(world, nsName).devices.get(dev)!;
  const c: Capture = { ns: nsName, dev: d, accepts: () => true, format: summarizeFrame, lines: [], frames: [], active: true };
  if (promisc) d.promiscCount++;
  world.captures.push(c);
  return c;
}

export function ping(world: World, nsName: string, dst: string, count = 1, intervalMs = 200): PingProcess {
  const n = ns(world, nsName);
  const p = new PingProcess(n, 1000 + n.pings.length + world.namespaces.size * 100, { dst: ip(dst), count, intervalMs, ttl: 64, size: 56, waitMs: 1000 });
  p.start();
  world.runWhile(() => p.done, world.now + 60_000);
  return p;
}

export { createWorld };

import type { RuleSpec, TableName } from '../netfilter/rule.ts';

/** Appends a rule as `iptables -t TABLE -A CHAIN ...` would. */
export function appendRule(world: World, nsName: string, table: TableName, chain: string, spec: Partial<RuleSpec>): void {
  const n = ns(world, nsName);
  const t = n.tables.get(table)!;
  const c = t.chains.get(chain)!;
  c.rules.push({ spec: { matches: [], ...spec }, counters: { packets: 0, bytes: 0 } });
  c.registered = true;
  t.registered = true;
  n.rulesetVersion++;
}
