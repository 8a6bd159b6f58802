// The neighbour cache of one device and its output path: neigh_resolve_output sends at once
// when the MAC is known, else queues and lets ARP ask. Every change of an entry's state goes
// through the pure NUD machine (nud.ts); this file runs its actions (timers, requests, queue).
// Mirrors net/core/neighbour.c.

import { BROADCAST_MAC, ZERO_MAC, formatIpv4, type Ipv4Addr, type MacAddr } from '../addr.ts';
import { icmpSendError } from '../ipv4/icmp.ts';
import { deviceTransmit } from '../link/dev.ts';
import { summarize } from '../stack/describe.ts';
import { recordDrop } from '../trace.ts';
import type { EthernetFrame } from '../wire/packet.ts';
import type { Device, Namespace, Skb } from '../world.ts';
import { arpSolicit } from './arp.ts';
import { DELAY_FIRST_PROBE_MS, MCAST_PROBES, RETRANS_MS, UNRES_QLEN, nudStep, type NudEvent, type NudMachineState, type NudState } from './nud.ts';

export interface NeighbourEntry {
  readonly ip: Ipv4Addr;
  mac?: MacAddr;
  state: NudState;
  /** Packets waiting for the address to resolve (arp_queue). */
  queue: Skb[];
  /** Time (ms) of the last confirmation of reachability. */
  confirmedAt: number;
  /** Randomised reachable time (ms), between 15 and 45 s as base_reachable_time 30 s gives. */
  reachableMs: number;
  /** Requests sent in the current INCOMPLETE or PROBE round. */
  probes: number;
  /** Bumped whenever pending timers become void, so that they can tell they are stale. */
  generation: number;
}

function newEntry(ip: Ipv4Addr, ns: Namespace): NeighbourEntry {
  return { ip, state: 'INCOMPLETE', queue: [], confirmedAt: -Infinity, reachableMs: ns.world.random.intBetween(15_000, 45_000), probes: 0, generation: 0 };
}

/** What an event acts on: the entry, and the packet or the MAC that came with the event. */
interface EventContext {
  readonly skb?: Skb;
  readonly mac?: MacAddr;
}

/** Feeds one event to the entry's NUD machine and runs the actions it returns, in order. */
function runNud(dev: Device, entry: NeighbourEntry, event: NudEvent, context: EventContext = {}, from: NudMachineState = entry.state): void {
  const ns = dev.ns;
  const world = ns.world;
  const step = nudStep({ state: from, probes: entry.probes }, event);
  if (step.state === 'NONE') return;
  entry.state = step.state;
  entry.probes = step.probes;
  if (step.restart) entry.generation++;
  for (const action of step.actions) {
    switch (action.kind) {
      case 'queue': {
        const skb = context.skb!;
        if (action.first) {
          entry.queue = [skb];
          if (world.recordTrace) world.record({ packet: skb.packetId, step: 'arp', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `waits: ${formatIpv4(entry.ip)}'s MAC on ${dev.name} is unknown, ARP asks first` });
        } else {
          // The oldest packets go when the queue is full.
          if (world.recordTrace) world.record({ packet: skb.packetId, step: 'arp', ns: ns.name, dev: dev.name, summary: summarize(skb.ip), note: `waits for ARP to resolve ${formatIpv4(entry.ip)} on ${dev.name}` });
          entry.queue.push(skb);
          if (entry.queue.length > UNRES_QLEN) {
            const oldest = entry.queue.shift()!;
            recordDrop(ns, oldest.packetId, { kind: 'neighbour-queue-full' }, summarize(oldest.ip), `more than ${UNRES_QLEN} packets wait for ARP to resolve ${formatIpv4(entry.ip)} on ${dev.name}: the oldest is dropped`, dev);
          }
        }
        break;
      }
      case 'transmit':
        sendToNeighbour(dev, entry.mac!, context.skb!);
        break;
      case 'solicit':
        arpSolicit(dev, entry, action.unicast ? entry.mac : undefined);
        break;
      case 'arm-timer':
        armTimer(dev, entry, action.timer);
        break;
      case 'learn':
        entry.mac = context.mac!;
        if (action.confirmed) entry.confirmedAt = world.now;
        break;
      case 'flush-queue': {
        const queued = entry.queue;
        entry.queue = [];
        for (const skb of queued) sendToNeighbour(dev, entry.mac!, skb);
        break;
      }
      case 'fail-queue': {
        const queued = entry.queue;
        entry.queue = [];
        for (const skb of queued) {
          recordDrop(ns, skb.packetId, { kind: 'neighbour-failed' }, summarize(skb.ip), `no ARP reply from ${formatIpv4(entry.ip)} after ${MCAST_PROBES} requests: the packet is dropped and its sender told "host unreachable"`, dev);
          // arp_error_report -> ipv4_link_failure -> icmp_send(ICMP_HOST_UNREACH)
          icmpSendError(ns, skb, 3, 1);
        }
        break;
      }
    }
  }
}

/** neigh_timer_handler: a timer armed now fires unless the entry changed meanwhile. */
function armTimer(dev: Device, entry: NeighbourEntry, timer: 'retrans' | 'delay'): void {
  const world = dev.ns.world;
  const generation = entry.generation;
  // neigh_add_timer: a timer_list timer, fired on the timer wheel's tick (World.wheelExpiry).
  world.scheduleTimer(world.wheelExpiry(timer === 'retrans' ? RETRANS_MS : DELAY_FIRST_PROBE_MS), () => {
    if (entry.generation !== generation) return;
    if (timer === 'retrans') runNud(dev, entry, { kind: 'retrans-timer' });
    else runNud(dev, entry, { kind: 'delay-timer', confirmedRecently: world.now <= entry.confirmedAt + entry.reachableMs });
  });
}

/** neigh_update: a MAC learned or confirmed; queued packets leave when the entry turns valid. */
export function updateNeighbour(dev: Device, ip: Ipv4Addr, mac: MacAddr, state: 'REACHABLE' | 'STALE'): void {
  const ns = dev.ns;
  const table = ns.neighbourTable(dev);
  let entry = table.get(ip);
  if (!entry) {
    entry = newEntry(ip, ns);
    table.set(ip, entry);
  }
  runNud(dev, entry, { kind: 'update', state, sameMac: entry.mac === mac }, { mac });
}

/** neigh_resolve_output: send now if the MAC is known, else queue and ask. */
export function neighbourOutput(dev: Device, nextHop: Ipv4Addr, skb: Skb): void {
  const ns = dev.ns;
  const world = ns.world;
  if (dev.kind === 'loopback') {
    sendFrame(dev, ZERO_MAC, ZERO_MAC, skb);
    return;
  }
  // arp_constructor: on an IFF_NOARP device (dummy) every neighbour is NUD_NOARP with the
  // device's own address: no ARP, the packet leaves at once.
  if (dev.kind === 'dummy') {
    sendFrame(dev, dev.mac, dev.mac, skb);
    return;
  }
  if (nextHop === 0xffffffff || dev.addresses.some((a) => a.broadcast === nextHop)) {
    sendToNeighbour(dev, BROADCAST_MAC, skb);
    return;
  }
  const table = ns.neighbourTable(dev);
  let entry = table.get(nextHop);
  if (!entry) {
    entry = newEntry(nextHop, ns);
    table.set(nextHop, entry);
    // NUD_NONE: the new entry starts resolving.
    runNud(dev, entry, { kind: 'send', hasMac: false, reachableExpired: false }, { skb }, 'NONE');
    return;
  }
  runNud(dev, entry, { kind: 'send', hasMac: entry.mac !== undefined, reachableExpired: world.now > entry.confirmedAt + entry.reachableMs }, { skb });
}

function sendToNeighbour(dev: Device, mac: MacAddr, skb: Skb): void {
  sendFrame(dev, dev.mac, mac, skb);
}

function sendFrame(dev: Device, src: MacAddr, dst: MacAddr, skb: Skb): void {
  const frame: EthernetFrame = { src, dst, payload: skb.ip };
  const keepSkb = dev.kind === 'loopback' || skb.bridgedDnatSrcMac !== undefined;
  deviceTransmit(dev, frame, { packetId: skb.packetId, skb: keepSkb ? skb : undefined });
}
