// iputils ping as the course's traffic source. One ICMP id per process (the PID, as
// iputils 20221126 uses as root); every interval sends the next seq whether or not a reply
// came: ICMP has no retransmission. -c count, -i interval, -W wait, -t ttl, -s size, -I dev|addr,
// -f flood. As root (scenarios run as root): -i below 2 ms and -f are allowed.

import type { Ipv4Addr } from '../addr.ts';
import type { Device, Namespace } from '../world.ts';
import { ipLocalOut } from '../ipv4/output.ts';

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
  /** -f: with interval 0, the next request waits for the reply or FLOOD_WAIT_MS. */
  readonly flood?: boolean;
  /**
   * -w: ping exits this long after it starts (setitimer before the first send), whatever it
   * sent; until then it keeps sending past -c (pinger stops at -c only without a deadline) and
   * stops early once -c replies (or any ICMP error) came.
   */
  readonly deadlineMs?: number;
}

/** What ping hears back about one request, in arrival order (src/cli/ping/print.ts prints it). */
export type PingEvent =
  | { readonly kind: 'reply'; readonly seq: number; readonly from: Ipv4Addr; readonly ttl: number; readonly bytes: number; readonly rttMs: number; readonly duplicate: boolean }
  | { readonly kind: 'error'; readonly seq: number; readonly from: Ipv4Addr; readonly type: number; readonly code: number }
  /** A request sent while the one before it had no answer yet (what -O reports). */
  | { readonly kind: 'no-answer'; readonly seq: number };

/** Where an answer came from, as the receiving socket sees it. */
export interface PingAnswer {
  readonly from: Ipv4Addr;
  /** Reply: the IP TTL and the ICMP message's length; error: the ICMP type and code. */
  readonly ttl?: number;
  readonly bytes?: number;
  readonly type?: number;
  readonly code?: number;
}

/** The largest echo payload an IPv4 datagram holds (65535 - 20 - 8); sendmsg refuses more (EMSGSIZE). */
const MAX_PAYLOAD = 65507;
/** iputils' flood: "as fast as they come back or one hundred times per second". */
const FLOOD_WAIT_MS = 10;

export class PingProcess {
  readonly ns: Namespace;
  readonly id: number;
  readonly options: PingOptions;
  transmitted = 0;
  received = 0;
  errors = 0;
  duplicates = 0;
  /** Replies and errors in arrival order: what ping prints a line for. */
  readonly events: PingEvent[] = [];
  /** Simulated ms when ping started (its statistics' time counts from here). */
  get startTime(): number {
    return this.startedAt;
  }
  /** Simulated ms of the last request sent. */
  get lastSendTime(): number {
    return this.lastSendAt;
  }
  /** Simulated ms when ping exits. */
  finishedAt?: number;
  private lastSendAt = 0;
  private nextSeq = 1;
  private startedAt = 0;
  /** The queue position every send keeps (see start). */
  private order = 0;
  /** Flood: bumped to cancel the pending 10 ms wait when a reply comes first. */
  private floodWait = 0;
  private floodWaiting = false;
  private maxRttMs = 0;
  private readonly sentAt = new Map<number, number>();
  private readonly replied = new Set<number>();
  /** Seqs a reply or an ICMP error answered (iputils' rcvd_tbl). */
  private readonly answered = new Set<number>();

  constructor(ns: Namespace, id: number, options: PingOptions) {
    this.ns = ns;
    this.id = id;
    this.options = options;
  }

  start(): void {
    const world = this.ns.world;
    this.ns.pingSockets.set(this.id, this);
    this.ns.pings.push(this);
    this.startedAt = world.now;
    if (this.options.deadlineMs !== undefined) {
      // The alarm is armed before the first send: at the deadline it comes before the send
      // due at the same instant (-w 2 -i 0.5 sends 4 requests, not 5).
      world.schedule(this.startedAt + this.options.deadlineMs, () => this.exit(), world.reserveOrder());
    }
    // One send is queued at a time (-c may be 2^63), each in the place it would have had if all
    // were queued now: the same order against everything else due at the same instant.
    this.order = world.reserveOrder();
    world.schedule(this.startedAt, () => this.sendNext(), this.order);
  }

  /** Sends the next request and queues the one after it. */
  private sendNext(): void {
    if (this.finishedAt !== undefined || (!this.hasDeadline && this.nextSeq > this.options.count)) return;
    const seq = this.nextSeq++;
    this.send(seq);
    if (!this.hasDeadline && seq >= this.options.count) return;
    const world = this.ns.world;
    if (this.options.intervalMs > 0) {
      world.schedule(this.startedAt + seq * this.options.intervalMs, () => this.sendNext(), this.order);
    } else {
      // -i 0 or -f (root only): back to back, as a process; a veth answers within the send,
      // so the reply is on the wire before the next request.
      world.scheduleProcess(world.now, () => this.floodStep(seq));
    }
  }

  private get hasDeadline(): boolean {
    return this.options.deadlineMs !== undefined;
  }

  private floodStep(lastSeq: number): void {
    if (!this.options.flood || this.replied.has(lastSeq) || this.finishedAt !== undefined) {
      this.sendNext();
      return;
    }
    const wait = ++this.floodWait;
    this.floodWaiting = true;
    this.ns.world.schedule(this.lastSendAt + FLOOD_WAIT_MS, () => {
      if (wait !== this.floodWait) return;
      this.floodWaiting = false;
      this.sendNext();
    });
  }

  /** Flood: a reply (or error) while waiting sends the next request at once. */
  private floodAnswered(): void {
    if (!this.floodWaiting) return;
    this.floodWaiting = false;
    this.floodWait++;
    this.ns.world.scheduleProcess(this.ns.world.now, () => this.sendNext());
  }

  private send(seq: number): void {
    if (this.finishedAt !== undefined) return;
    const world = this.ns.world;
    this.transmitted++;
    if (seq > 1 && !this.answered.has(seq - 1)) this.events.push({ kind: 'no-answer', seq: seq - 1 });
    this.lastSendAt = world.now;
    this.sentAt.set(seq, world.now);
    if (this.options.size > MAX_PAYLOAD) {
      // "ping: local error: message too long": nothing reaches the wire.
      this.onError(seq);
      if (seq === this.options.count && this.finishedAt === undefined && !this.hasDeadline) this.scheduleExit();
      return;
    }
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
    // With a deadline, the alarm armed at the start ends ping (no linger after the last send).
    if (seq === this.options.count && !this.hasDeadline) this.scheduleExit();
  }

  /** After the last request: wait 2 RTTs if replies came, else -W (10 s by default). */
  private scheduleExit(): void {
    const world = this.ns.world;
    const linger = this.received > 0 ? Math.max(2 * this.maxRttMs, 1) : (this.options.waitMs ?? 10_000);
    world.schedule(this.lastSendAt + linger, () => this.exit());
  }

  onReply(seq: number, answer?: PingAnswer): void {
    if (this.finishedAt !== undefined) return;
    const sent = this.sentAt.get(seq);
    if (sent === undefined) return;
    const now = this.ns.world.now;
    const duplicate = this.replied.has(seq);
    if (answer) this.events.push({ kind: 'reply', seq, from: answer.from, ttl: answer.ttl ?? 64, bytes: answer.bytes ?? this.options.size + 8, rttMs: now - sent, duplicate });
    if (duplicate) {
      // iputils counts a second reply to the same seq as a duplicate ("(DUP!)"), not as received.
      this.duplicates++;
      return;
    }
    this.replied.add(seq);
    this.answered.add(seq);
    this.received++;
    this.maxRttMs = Math.max(this.maxRttMs, now - sent);
    if (this.answeredEnough()) this.exit();
    else this.floodAnswered();
  }

  /** An ICMP error about one of our requests: iputils counts it, and stops when all are answered. */
  onError(seq: number, answer?: PingAnswer): void {
    if (this.finishedAt !== undefined) return;
    this.errors++;
    this.answered.add(seq);
    if (answer) this.events.push({ kind: 'error', seq, from: answer.from, type: answer.type ?? 3, code: answer.code ?? 0 });
    if (this.answeredEnough()) this.exit();
    else this.floodAnswered();
  }

  /** main_loop's exit checks: -c answers (replies and errors) came, or an error under -w. */
  private answeredEnough(): boolean {
    if (this.hasDeadline && this.errors > 0) return true;
    return this.received + this.errors >= this.options.count && (this.hasDeadline || this.transmitted >= this.options.count);
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
