// The root of the simulation: network namespaces, their devices, a simulated clock with an
// event queue, a seeded random source and the trace.
// Frames handed from one device to another (veth, loopback) go through a FIFO backlog at the
// current time, as netif_rx() queues them on the CPU backlog: a bridge that floods a frame
// transmits every copy before any receiver runs.

import { SeededRandom } from './rng.ts';
import { SysctlTable } from './sysctl.ts';
import type { TraceEvent, TraceRecord } from './trace.ts';
import type { Ipv4Addr, MacAddr } from './addr.ts';
import type { Table, TableName } from './netfilter/rule.ts';
import type { ConntrackTable } from './conntrack/core.ts';
import type { Route, RoutingRule } from './stack/routing.ts';
import type { NeighbourEntry } from './neighbour/neighbour.ts';
import type { Capture } from './link/capture.ts';
import type { PingProcess } from './stack/ping.ts';
import type { SocketLayer } from './stack/sockets.ts';
import type { Ipv4Packet } from './wire/packet.ts';

export type DeviceKind = 'loopback' | 'veth' | 'bridge' | 'dummy';

export interface InterfaceAddress {
  readonly addr: Ipv4Addr;
  readonly len: number;
  readonly broadcast?: Ipv4Addr;
  /**
   * IFA_F_SECONDARY: the device had an address with the same prefix length in the same subnet
   * when this one was added. A secondary gets no prefix route and is never a chosen source.
   */
  readonly secondary?: boolean;
}

/** A learned MAC of a bridge (struct net_bridge_fdb_entry): its port and when a frame last showed it. */
export interface FdbEntry {
  readonly port: Device;
  updated: number;
}

export class Device {
  name: string;
  ifindex: number;
  ns: Namespace;
  readonly kind: DeviceKind;
  mac: MacAddr;
  /** The MAC was set by the user (a bridge then keeps it instead of taking its lowest port's). */
  macSetByUser = false;
  adminUp = false;
  addresses: InterfaceAddress[] = [];
  mtu: number;
  /** veth: the other end. */
  peer?: Device;
  /** A bridge port's bridge. */
  master?: Device;
  /** Bridge only: its ports and forwarding database (MAC -> port, learned when). */
  readonly ports: Device[] = [];
  readonly fdb = new Map<MacAddr, FdbEntry>();
  /** Bridge only: how long a learned MAC stays valid (br->ageing_time; 300 s by default, 0: never). */
  ageingTimeMs = 300_000;
  /** Open packet sockets that asked for promiscuous mode (tcpdump without -p). */
  promiscCount = 0;
  /** `ip link set DEV promisc on`. */
  promiscFlag = false;
  /** Has been up once (`ip link` prints qdisc noqueue from then on). */
  everUp = false;
  /** A bridge that has had a port: its carrier now follows its ports (before: always on). */
  hadPort = false;

  constructor(ns: Namespace, name: string, kind: DeviceKind, mac: MacAddr, ifindex: number) {
    this.ns = ns;
    this.name = name;
    this.kind = kind;
    this.mac = mac;
    this.ifindex = ifindex;
    this.mtu = kind === 'loopback' ? 65536 : 1500;
  }

  get promiscuous(): boolean {
    return this.promiscFlag || this.promiscCount > 0;
  }

  /** Carrier (LOWER_UP): a veth needs its peer up; a bridge needs a port that forwards. */
  get carrier(): boolean {
    if (!this.adminUp) return false;
    switch (this.kind) {
      case 'loopback':
      case 'dummy':
        return true;
      case 'veth':
        return this.peer?.adminUp ?? false;
      case 'bridge':
        return !this.hadPort || this.ports.some((p) => p.adminUp && p.carrier);
    }
  }

  /** Operationally up: what routing and transmission need. */
  get running(): boolean {
    return this.adminUp && this.carrier;
  }
}

/** Redirects sent to one host: how many, and when the last went (ms). */
/**
 * What differs between the kernels a scenario may run on. br_netfilter: 'builtin' as on the
 * course's Linux 6.18 (CONFIG_BRIDGE_NETFILTER=y: every namespace has
 * net.bridge.bridge-nf-call-iptables=1 and bridged IPv4 meets iptables), or 'absent' as on a
 * stock distribution kernel before anything (Docker) loads the module: /proc/sys/net/bridge
 * does not exist, `sysctl -w net.bridge...` fails, and bridged frames skip iptables.
 */
export interface KernelProfile {
  readonly brNetfilter: 'builtin' | 'absent';
  /**
   * The dummy link driver (CONFIG_DUMMY): absent from the course's kernel, where `ip link add
   * X type dummy` answers "Error: Unknown device type."; a distribution kernel loads the module
   * on demand.
   */
  readonly dummy: boolean;
}

/** One jiffy: the course's kernel runs at CONFIG_HZ=250. */
const JIFFY_MS = 4;
/**
 * Where the engine's timer ticks fall: jiffy boundaries at 4k - TICK_PHASE_MS ms. Linux's phase
 * is chance; the engine fixes one (any phase puts some 32 ms bucket edge near some whole second).
 */
const TICK_PHASE_MS = 16;

/** The kernel the recordings come from (the kernel runner can tell: detectKernelProfile). */
export const THIS_KERNEL: KernelProfile = { brNetfilter: 'builtin', dummy: false };

export interface RedirectPeer {
  count: number;
  last: number;
  /** inet_peer rate_tokens (ms) of the ICMP error limits (ip_error, icmpv4_xrlim_allow). */
  tokens?: number;
  /** When the tokens were last counted (ms); absent: long ago, the bucket starts full. */
  tokensAt?: number;
}

export class Namespace {
  readonly name: string;
  readonly world: World;
  readonly devices = new Map<string, Device>();
  nextIfindex = 1;
  /** The namespace's /proc/sys/net values, with the kernel's propagation rules. */
  readonly sysctls: SysctlTable;
  /** Routing tables by id (254 = main, 255 = local is computed from addresses). */
  readonly routeTables = new Map<number, Route[]>();
  readonly routingRules: RoutingRule[] = [];
  /** Neighbour cache per device name. */
  readonly neighbours = new Map<Device, Map<Ipv4Addr, NeighbourEntry>>();
  /** ip_rt_send_redirect's rate limit per source host (the inet_peer's redirect counters). */
  readonly redirectPeers = new Map<Ipv4Addr, RedirectPeer>();
  tables: Map<TableName, Table>;
  conntrack: ConntrackTable;
  /** Next IP header id for locally generated packets. */
  ipId: number;
  readonly pings: PingProcess[] = [];
  /** Where packets for a local ICMP echo reply are delivered (ping processes by ICMP id). */
  readonly pingSockets = new Map<number, PingProcess>();
  /** TCP and UDP sockets (made on first use by `nc`; see stack/sockets.ts). */
  sockets?: SocketLayer;
  /** Ids this namespace gave other namespaces (`link-netnsid N`), lowest free first. */
  readonly netnsIds = new Map<Namespace, number>();
  /** Creation order, for `ip netns list` (newest first). */
  readonly createdSeq: number;
  /** The ruleset's generation (nftables' genid): bumped by every commit, so derived facts can be cached. */
  rulesetVersion = 0;
  conntrackActiveCache?: { version: number; active: boolean };

  constructor(world: World, name: string, tables: Map<TableName, Table>, conntrack: ConntrackTable) {
    this.world = world;
    this.name = name;
    this.tables = tables;
    this.conntrack = conntrack;
    this.sysctls = new SysctlTable([], { brNetfilter: world.kernel.brNetfilter === 'builtin' });
    this.ipId = world.random.intBetween(1, 65535);
    this.createdSeq = world.namespaces.size;
    this.routeTables.set(254, []);
  }

  /** A ruleset transaction was committed (as nf_tables_commit bumps the generation id). */
  commitRuleset(): void {
    this.rulesetVersion++;
  }

  sysctl(key: string): string | undefined {
    return this.sysctls.get(key);
  }

  /** net.ipv4.conf.DEV.KEY combined with conf.all as the kernel does for this key. */
  confValue(dev: Device, key: string): number {
    const all = Number(this.sysctls.deviceValue('ipv4', 'all', key) ?? 0);
    const own = Number(this.sysctls.deviceValue('ipv4', dev.name, key) ?? 0);
    // rp_filter, arp_ignore, arp_announce take the max; log_martians, accept_local, proxy_arp,
    // route_localnet use OR; forwarding and send/accept_redirects are per device with all as a switch.
    if (key === 'rp_filter' || key === 'arp_ignore' || key === 'arp_announce') return Math.max(all, own);
    if (key === 'accept_redirects') return all && own ? 1 : 0;
    if (key === 'forwarding' || key === 'mc_forwarding') return own;
    return all || own ? 1 : 0;
  }

  /** peernet2id_alloc: the id this namespace uses for `other`, allocated on first use. */
  netnsId(other: Namespace): number {
    const known = this.netnsIds.get(other);
    if (known !== undefined) return known;
    const used = new Set(this.netnsIds.values());
    let id = 0;
    while (used.has(id)) id++;
    this.netnsIds.set(other, id);
    return id;
  }

  device(name: string): Device | undefined {
    return this.devices.get(name);
  }

  /** Every address of every device: the weak host model's idea of "local". */
  isLocalAddress(addr: Ipv4Addr): boolean {
    for (const dev of this.devices.values()) {
      for (const a of dev.addresses) {
        if (a.addr === addr) return true;
        // lo's 127.0.0.1/8 makes the whole prefix local ("local 127.0.0.0/8 dev lo").
        if (dev.kind === 'loopback' && a.len === 8 && addr >>> 24 === a.addr >>> 24) return true;
      }
    }
    return false;
  }

  neighbourTable(dev: Device): Map<Ipv4Addr, NeighbourEntry> {
    let table = this.neighbours.get(dev);
    if (!table) {
      table = new Map();
      this.neighbours.set(dev, table);
    }
    return table;
  }

  nextIpId(): number {
    const id = this.ipId;
    this.ipId = (this.ipId + 1) & 0xffff;
    return id;
  }
}

interface ScheduledEvent {
  readonly at: number;
  readonly seq: number;
  readonly run: () => void;
}

// Budgets of one run. Linux would flood a bridge loop for ever or walk a ruleset for as long
// as it takes; the engine (in a browser tab too) stops instead, with a message, keeping what
// was printed and captured so far. The course's heaviest scenario or quiz variant uses at
// most 68 events, 36 frames, 251 recorded steps, 51 rule checks and 4 transmissions of one
// packet; each budget is hundreds of times that, and small enough to end in about a second.

/** Events (frame hand-offs, timers, process steps) per run: the backstop of every other budget. */
export const MAX_EVENTS = 200_000;
/** Frames transmitted per run: a ping flood ends here. */
export const MAX_FRAMES = 50_000;
/**
 * Transmissions of one packet (one frame and its bridged copies). Routing decrements the TTL
 * (at most 255 hops, two devices each); only a bridge loop makes a frame go round for ever.
 */
export const MAX_TRANSMISSIONS_PER_PACKET = 1_000;
/** iptables rules checked per run: many rules, or jumps into the same chains many times over. */
export const MAX_RULE_CHECKS = 1_000_000;
/** Recorded steps (the packet walks a lab keeps): they are most of a traced run's memory. */
export const MAX_TRACE_STEPS = 100_000;
/** Lines of every capture together (the course: 28), each frame copied once per capture. */
export const MAX_CAPTURED_LINES = 100_000;
/** `tcpdump &` sessions per run (the course: 5): every frame is offered to each. */
export const MAX_CAPTURES = 100;

export interface Budgets {
  events: number;
  frames: number;
  transmissionsPerPacket: number;
  ruleChecks: number;
  traceSteps: number;
  capturedLines: number;
}

/** The run hit a budget of the simulation (not a Linux error): the output so far stands. */
export class SimulationLimit extends Error {}

export class EventBudgetExceeded extends SimulationLimit {}

/**
 * A read-only watcher of a run (the connection timeline snapshots sockets and conntrack with
 * it). It is told after each recorded step and whenever nothing is running (before and after
 * each event, after each command). It must not change the world: a run with an observer prints
 * exactly what it prints without one.
 */
export interface WorldObserver {
  recorded?(event: TraceEvent): void;
  quiet?(): void;
}

export class World {
  readonly random: SeededRandom;
  readonly namespaces = new Map<string, Namespace>();
  readonly trace: TraceEvent[] = [];
  readonly captures: Capture[] = [];
  /** Simulated time in milliseconds. */
  now = 0;
  private queue: ScheduledEvent[] = [];
  /** Process steps: they run after every kernel event due at the same time (see scheduleProcess). */
  private processQueue: ScheduledEvent[] = [];
  /** Process steps that yield to everything else due at the same time (see scheduleYield). */
  private yieldQueue: ScheduledEvent[] = [];
  /** Kernel timers (timer_list) due at the same time fire newest first (see scheduleTimer). */
  private timerQueue: ScheduledEvent[] = [];
  /** Pinned kernel timers (TIMER_PINNED): at one tick they fire before the others (see scheduleTimer). */
  private pinnedTimerQueue: ScheduledEvent[] = [];
  /** The tick whose timers are being expired (takeNext), if any. */
  private tickAt: number | undefined;
  private timersArmed = 0;
  private seq = 0;
  /** What a run may spend (a benchmark may lift one; scripts never can). */
  readonly budgets: Budgets = { events: MAX_EVENTS, frames: MAX_FRAMES, transmissionsPerPacket: MAX_TRANSMISSIONS_PER_PACKET, ruleChecks: MAX_RULE_CHECKS, traceSteps: MAX_TRACE_STEPS, capturedLines: MAX_CAPTURED_LINES };
  /** Spent budgets. */
  eventsRun = 0;
  framesSent = 0;
  ruleChecks = 0;
  capturedLines = 0;
  private readonly transmissions = new Map<number, number>();
  private nextPacketId = 1;
  /** Whether 'hook'-level steps are recorded (netsim trace, packet walk); tcpdump needs none. */
  recordTrace = true;

  /** The kernel this world stands for (see KernelProfile). */
  readonly kernel: KernelProfile;
  /** Who watches the run, if anyone (see WorldObserver). */
  observer?: WorldObserver;

  constructor(seed = 1, kernel: Partial<KernelProfile> = {}) {
    this.random = new SeededRandom(seed);
    this.kernel = { ...THIS_KERNEL, ...kernel };
  }

  newPacketId(): number {
    return this.nextPacketId++;
  }

  /**
   * Runs `run` at simulated time `at` (ms); equal times run in the order they were scheduled,
   * or in the place `order` (from reserveOrder) kept for them.
   */
  schedule(at: number, run: () => void, order?: number): void {
    insertSorted(this.queue, { at: Math.max(at, this.now), seq: order ?? this.seq++, run });
  }

  /** A place in the order of events due at one instant, for events scheduled later (ping). */
  reserveOrder(): number {
    return this.seq++;
  }

  /**
   * Runs a user-space step (a process waking up) at `at`, once every kernel event due at or
   * before `at` has run, including the events those create at the same instant. This is how a
   * system call behaves on a veth: the packet it sends is received, answered and the answer
   * processed in softirq context before the call returns (a UDP send to a closed port has its
   * ICMP error queued on the socket before the next send).
   */
  scheduleProcess(at: number, run: () => void): void {
    insertSorted(this.processQueue, { at: Math.max(at, this.now), seq: this.seq++, run });
  }

  /**
   * A process step that also waits for the other processes woken at the same instant: a
   * process going on with its own work (nc's next connect() after a close()) is slower than the
   * peer that the close woke, which answers first.
   */
  scheduleYield(at: number, run: () => void): void {
    insertSorted(this.yieldQueue, { at: Math.max(at, this.now), seq: this.seq++, run });
  }

  /**
   * When a timer_list timer armed now for `timeoutMs` fires: Linux's timer wheel (kernel/time/
   * timer.c, calc_wheel_index) files it in a bucket of its level's granularity (1 jiffy below
   * 63 jiffies, 8 below 504, 64 below 4032, ...) and the bucket fires on the first tick strictly
   * after the expiry. At HZ=250 a 1 s timer fires 1.004-1.032 s later, a 5 s timer up to 256 ms
   * late, and timers armed a few milliseconds apart usually share a bucket (then they fire
   * together, newest first). The engine's ticks sit at a fixed phase (TICK_PHASE_MS); on a real
   * host the phase is chance, so a timer near a bucket's edge may fall either side there.
   */
  wheelExpiry(timeoutMs: number): number {
    const clk = Math.floor((this.now + TICK_PHASE_MS) / JIFFY_MS);
    const expires = clk + Math.ceil(timeoutMs / JIFFY_MS); // msecs_to_jiffies rounds up
    const delta = expires - clk;
    let level = 0;
    while (level < 7 && delta >= (63 << (3 * level))) level++;
    const shift = 3 * level;
    const bucket = (Math.floor(expires / 2 ** shift) + 1) * 2 ** shift;
    return bucket * JIFFY_MS - TICK_PHASE_MS;
  }

  /**
   * A kernel timer (timer_list: TCP's retransmission timers) firing at `at`, a tick of the timer
   * wheel (wheelExpiry), after everything else due in that millisecond (a process deadline
   * there, nc -w, comes first). Timers that share a bucket fire newest first: enqueue_timer
   * links a timer at the head of its bucket's list and expire_timers takes them from the head.
   * Pinned timers (TIMER_PINNED: a request socket's SYN-ACK timer, TIME_WAIT's) live in the CPU's
   * local base, which run_timer_softirq runs before the global one, so at one tick they fire
   * before the others. `fromProcess`: armed by a system call (connect, close) after the packet
   * it sent: on a veth that packet was received and answered in the softirq that
   * local_bh_enable ran before the call went on to arm its timer, so the timer counts as armed
   * after everything that instant set in motion. (Measured on Linux 6.18: a SYN whose SYN-ACKs
   * are dropped, content/scenarios/timers-same-instant.sh; fuzz-timer-synack-pinned-first.sh.)
   */
  scheduleTimer(at: number, run: () => void, how: { readonly fromProcess?: boolean; readonly pinned?: boolean } = {}): void {
    const armed = this.now * 1e7 + (how.fromProcess ? 5e6 : 0) + (this.timersArmed++ % 5e6);
    insertSorted(how.pinned ? this.pinnedTimerQueue : this.timerQueue, { at: Math.max(at, this.now), seq: -armed, run });
  }

  /** The next event due at or before `limit`: kernel events, then process steps, then yields, then pinned timers, then the other timers. */
  private takeNext(limit: number): ScheduledEvent | undefined {
    // run_timer_softirq expires every timer due at a tick before the packets they sent are
    // received (those wait in the backlog for NET_RX): the rest of the tick's timers go first.
    if (this.tickAt !== undefined) {
      for (const timers of [this.pinnedTimerQueue, this.timerQueue]) {
        if (timers[0]?.at === this.tickAt) return timers.shift();
      }
      this.tickAt = undefined;
    }
    const kernel = this.queue[0];
    const process = this.processQueue[0];
    const yielding = this.yieldQueue[0];
    const pinned = this.pinnedTimerQueue[0];
    const timer = this.timerQueue[0];
    let at = limit;
    let best: ScheduledEvent[] | undefined;
    if (kernel && kernel.at <= at) {
      best = this.queue;
      at = kernel.at;
    }
    if (process && (best ? process.at < at : process.at <= at)) {
      best = this.processQueue;
      at = process.at;
    }
    if (yielding && (best ? yielding.at < at : yielding.at <= at)) {
      best = this.yieldQueue;
      at = yielding.at;
    }
    if (pinned && (best ? pinned.at < at : pinned.at <= at)) {
      best = this.pinnedTimerQueue;
      at = pinned.at;
    }
    if (timer && (best ? timer.at < at : timer.at <= at)) {
      best = this.timerQueue;
      at = timer.at;
    }
    if (best === this.pinnedTimerQueue || best === this.timerQueue) this.tickAt = at;
    return best?.shift();
  }

  private runEvent(event: ScheduledEvent): void {
    this.observer?.quiet?.();
    this.now = event.at;
    if (++this.eventsRun > this.budgets.events) {
      throw new EventBudgetExceeded(`stopped after ${this.budgets.events} events (${this.progress()}): a loop or a flood?`);
    }
    event.run();
    this.observer?.quiet?.();
  }

  /** Runs every event due up to and including `until` (ms), advancing the clock. */
  runUntil(until: number): void {
    for (let event = this.takeNext(until); event; event = this.takeNext(until)) this.runEvent(event);
    this.now = Math.max(this.now, until);
  }

  /** Runs until nothing is left before `limit`, or until `done()` says so. */
  runWhile(done: () => boolean, limit: number): void {
    while (!done()) {
      const event = this.takeNext(limit);
      if (!event) return;
      this.runEvent(event);
    }
  }

  /** How far the run got, for a budget's message. */
  private progress(): string {
    return `${this.nextPacketId - 1} packets, ${(this.now / 1000).toFixed(3)} s of simulated time`;
  }

  /** A device transmits a frame of packet `packetId` (deviceTransmit calls it). */
  countFrame(packetId: number, summary: () => string): void {
    if (++this.framesSent > this.budgets.frames) {
      throw new EventBudgetExceeded(`stopped after ${this.budgets.frames} frames (${this.progress()}): a flood? A run sends at most ${this.budgets.frames} frames`);
    }
    const times = (this.transmissions.get(packetId) ?? 0) + 1;
    this.transmissions.set(packetId, times);
    if (times > this.budgets.transmissionsPerPacket) {
      throw new EventBudgetExceeded(`stopped after ${this.framesSent} frames: one frame (${summary()}) was sent ${this.budgets.transmissionsPerPacket} times: a bridge loop? Without STP, Linux floods it for ever`);
    }
  }

  /** A capture keeps one more line (tap). */
  countCapturedLine(): void {
    if (++this.capturedLines > this.budgets.capturedLines) {
      throw new EventBudgetExceeded(`stopped after ${this.budgets.capturedLines} captured lines (${this.progress()}): a flood, or too many captures? A run keeps at most ${this.budgets.capturedLines} lines of tcpdump`);
    }
  }

  /** `n` more iptables rules were checked (walkChain). */
  countRuleChecks(n: number): void {
    this.ruleChecks += n;
    if (this.ruleChecks > this.budgets.ruleChecks) {
      throw new EventBudgetExceeded(`stopped after ${this.budgets.ruleChecks} iptables rule checks (${this.progress()}): too many rules, or jumps into the same chains, for this much traffic`);
    }
  }

  pendingEvents(): number {
    return this.queue.length + this.processQueue.length + this.yieldQueue.length + this.pinnedTimerQueue.length + this.timerQueue.length;
  }

  record(event: TraceRecord): void {
    if (!this.recordTrace && event.step !== 'drop') return;
    if (this.trace.length >= this.budgets.traceSteps) {
      throw new EventBudgetExceeded(`stopped after ${this.budgets.traceSteps} recorded packet steps (${this.progress()}): a flood? A run keeps at most ${this.budgets.traceSteps} steps of packet walks`);
    }
    const stamped = { t: this.now, ...event } as TraceEvent;
    this.trace.push(stamped);
    this.observer?.recorded?.(stamped);
  }
}

/** Binary insertion keeps a queue sorted by (at, seq). */
function insertSorted(queue: ScheduledEvent[], event: ScheduledEvent): void {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = queue[mid]!;
    if (other.at < event.at || (other.at === event.at && other.seq < event.seq)) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, event);
}

/** A packet inside one namespace's stack: the kernel's sk_buff, reduced to what we model. */
export interface Skb {
  /** Trace id shared by every step of this packet. */
  readonly packetId: number;
  ip: Ipv4Packet;
  /** Link-layer addresses of the frame it arrived in (for -e captures of bridged frames). */
  srcMac?: MacAddr;
  dstMac?: MacAddr;
  pktType: 'host' | 'broadcast' | 'multicast' | 'otherhost';
  inDev?: Device;
  outDev?: Device;
  /** br_netfilter: the bridge ports the frame came in by / goes out by. */
  physIn?: Device;
  physOut?: Device;
  /** Conntrack reference; dropped on every veth crossing (skb_scrub_packet). */
  ct?: import('./conntrack/core.ts').CtRef;
  /** CT --notrack / NOTRACK in raw. */
  untracked?: boolean;
  /** CT --zone N in raw, before conntrack runs. */
  zone?: number;
  /** skb->mark (MARK, CONNMARK --restore-mark); cleared when the packet crosses namespaces. */
  mark?: number;
  /** br_netfilter already ran the IPv4 PREROUTING hooks at the bridge port. */
  preroutingDone?: boolean;
  /** br_netfilter's bridged DNAT slow path: the frame's own source MAC, restored at br_dev_xmit. */
  bridgedDnatSrcMac?: MacAddr;
  /** Set when nat changed the destination in PREROUTING (br_netfilter reroutes then). */
  dnatTookPlace?: boolean;
  /** Locally generated: the ping process or ICMP error source that made it. */
  local?: boolean;
}
