// iputils ping as the course's traffic source. One ICMP id per process (the PID, as
// iputils 20221126 uses as root); every interval sends the next seq whether or not a reply
// came: ICMP has no retransmission. -c count, -i interval, -W wait, -t ttl, -s size, -I dev|addr.

import type { Ipv4Addr } from '../addr.ts';
import type { Device, Namespace } from '../world.ts';
import { ipLocalOut } from './ipv4.ts';

export interface PingOptions {
  readonly dst: Ipv4Addr;
  readonly count: number;
  readonly intervalMs: number;
  /** -W: how long to wait for a reply when none came (iputils' default is 10 s). */
  readonly waitMs?: number;
  readonly ttl: number;
  readonly size: number;
  readonly device?: Device;
  readonly source?: Ipv4Addr;
}

export class PingProcess {
  readonly ns: Namespace;
  readonly id: number;
  readonly options: PingOptions;
  transmitted = 0;
  received = 0;
  errors = 0;
  /** Simulated ms when ping exits. */
  finishedAt?: number;
  private lastSendAt = 0;
  private maxRttMs = 0;
  private readonly sentAt = new Map<number, number>();
  private readonly replied = new Set<number>();

  constructor(ns: Namespace, id: number, options: PingOptions) {
    this.ns = ns;
    this.id = id;
    this.options = options;
  }

  start(): void {
    const world = this.ns.world;
    this.ns.pingSockets.set(this.id, this);
    this.ns.pings.push(this);
    const t0 = world.now;
    for (let k = 0; k < this.options.count; k++) {
      world.schedule(t0 + k * this.options.intervalMs, () => this.send(k + 1));
    }
  }

  private send(seq: number): void {
    if (this.finishedAt !== undefined) return;
    const world = this.ns.world;
    this.transmitted++;
    this.lastSendAt = world.now;
    this.sentAt.set(seq, world.now);
    ipLocalOut(
      this.ns,
      {
        kind: 'ipv4',
        src: this.options.source ?? 0,
        dst: this.options.dst,
        ttl: this.options.ttl,
        id: this.ns.nextIpId(),
        payload: { kind: 'icmp', type: 8, code: 0, id: this.id, seq, dataLength: this.options.size },
      },
      { oif: this.options.device },
    );
    if (seq === this.options.count) this.scheduleExit();
  }

  /** After the last request: wait 2 RTTs if replies came, else -W (10 s by default). */
  private scheduleExit(): void {
    const world = this.ns.world;
    const linger = this.received > 0 ? Math.max(2 * this.maxRttMs, 1) : (this.options.waitMs ?? 10_000);
    world.schedule(this.lastSendAt + linger, () => this.exit());
  }

  onReply(seq: number): void {
    if (this.finishedAt !== undefined) return;
    const sent = this.sentAt.get(seq);
    if (sent === undefined || this.replied.has(seq)) return;
    this.replied.add(seq);
    this.received++;
    this.maxRttMs = Math.max(this.maxRttMs, this.ns.world.now - sent);
    if (this.received + this.errors >= this.options.count && this.transmitted >= this.options.count) this.exit();
  }

  /** An ICMP error about one of our requests: iputils counts it, and stops when all are answered. */
  onError(_seq: number): void {
    if (this.finishedAt !== undefined) return;
    this.errors++;
    if (this.received + this.errors >= this.options.count && this.transmitted >= this.options.count) this.exit();
  }

  private exit(): void {
    if (this.finishedAt !== undefined) return;
    this.finishedAt = this.ns.world.now;
    this.ns.pingSockets.delete(this.id);
  }

  get done(): boolean {
    return this.finishedAt !== undefined;
  }
}
