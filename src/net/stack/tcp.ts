// TCP for one connection, as a pure state machine: RFC 793 states with Linux 6.18's choices.
// Mirrors net/ipv4/tcp_input.c (tcp_rcv_synsent_state_process, tcp_rcv_state_process, tcp_fin,
// the delayed ACK), tcp_output.c (tcp_connect, tcp_send_fin, tcp_send_ack,
// tcp_select_initial_window), tcp_timer.c (tcp_retransmit_timer: tcp_syn_linear_timeouts, then
// exponential backoff; tcp_write_timeout), tcp_minisocks.c (tcp_check_req, TIME_WAIT) and
// tcp_ipv4.c (tcp_v4_send_reset). Read the socket layer (sockets.ts) next: it demultiplexes
// segments to these machines, runs their timers and sends what they ask for.
//
// Inputs are events: a segment arrives, the application connects / shuts down / closes, a timer
// fires. Outputs are actions: send this segment, arm or cancel this timer, tell the application,
// forget the socket. No clock and no randomness inside: `now` (ms) and the initial sequence
// number come in, so every transition can be tested on its own (tcp.test.ts: state x event).
//
// What was measured on Linux 6.18 (veth between two namespaces, nc 1.219; shared/kernel and
// docs/scenario-format-tcp-udp.md):
//   SYN      win 64240, options [mss 1460,sackOK,TS val V ecr 0,nop,wscale 10]
//   SYN-ACK  win 65160, options [mss 1460,sackOK,TS val V ecr E,nop,wscale 10]
//   then     win 63 (active side) / 64 (passive side), options [nop,nop,TS val V ecr E]
//   RST to a closed port: Flags [R.], seq 0, ack ISN+1, win 0, length 0 (no options)
//   a lost SYN is sent again after 1, 2, 3, 4 and 5 s (net.ipv4.tcp_syn_linear_timeouts = 4),
//   then after 7, 11, 19, 35, 67 s; connect() fails with ETIMEDOUT at about 131 s.
// wscale 10 comes from tcp_rmem[2] = 32 MiB (the 6.18 default); older kernels print wscale 7.

import type { Ipv4Addr } from '../addr.ts';
import { formatIpv4 } from '../addr.ts';
import type { TcpFlags, TcpSegment } from '../wire/packet.ts';

export type TcpState =
  | 'CLOSED'
  | 'SYN_SENT'
  | 'SYN_RECV'
  | 'ESTABLISHED'
  | 'FIN_WAIT1'
  | 'FIN_WAIT2'
  | 'CLOSE_WAIT'
  | 'CLOSING'
  | 'LAST_ACK'
  | 'TIME_WAIT';

export type TcpTimer = 'retransmit' | 'delayed-ack' | 'time-wait' | 'fin-wait2';

/** What the application (the process owning the socket) learns. */
export type TcpAppEvent =
  | 'established' // connect() returns 0, or the connection is ready for accept()
  | 'eof' // the peer's FIN: read() returns 0
  | 'refused' // RST answering our SYN: connect() fails with ECONNREFUSED
  | 'reset' // RST later: ECONNRESET
  | 'timed-out' // retransmissions exhausted: ETIMEDOUT
  | 'closed'; // the connection is over (its last state ended)

export type TcpAction =
  | { readonly kind: 'send'; readonly segment: TcpSegment; readonly why: string }
  | { readonly kind: 'arm'; readonly timer: TcpTimer; readonly ms: number }
  | { readonly kind: 'cancel'; readonly timer: TcpTimer }
  | { readonly kind: 'app'; readonly event: TcpAppEvent }
  | { readonly kind: 'state'; readonly from: TcpState; readonly to: TcpState; readonly why: string }
  | { readonly kind: 'free' };

/** TCP_TIMEWAIT_LEN: how long TIME_WAIT lasts. */
export const TCP_TIMEWAIT_MS = 60_000;
/** net.ipv4.tcp_fin_timeout: an orphaned FIN_WAIT2 socket lives this long. */
export const TCP_FIN_TIMEOUT_MS = 60_000;
/** TCP_DELACK_MIN (HZ/25): the delayed ACK of a FIN waits this long for data to carry it. */
export const TCP_DELACK_MS = 40;
/** TCP_TIMEOUT_INIT: the first retransmission timeout of a SYN or SYN-ACK. */
const TCP_RTO_INIT_MS = 1000;
/** TCP_RTO_MIN: the floor of the retransmission timeout once an RTT is known (veth: ~0 + 200 ms). */
const TCP_RTO_MIN_MS = 200;
const TCP_RTO_MAX_MS = 120_000;
/** net.ipv4.tcp_syn_retries (6) + net.ipv4.tcp_syn_linear_timeouts (4): SYN retransmissions before ETIMEDOUT. */
const TCP_SYN_RETRIES = 6;
const TCP_SYN_LINEAR_TIMEOUTS = 4;
/** net.ipv4.tcp_synack_retries. */
const TCP_SYNACK_RETRIES = 5;
/** net.ipv4.tcp_orphan_retries = 0 means 8 retransmissions of a FIN nobody waits for. */
const TCP_FIN_RETRIES = 8;
/** The window scale Linux 6.18 offers (tcp_rmem[2] = 32 MiB). */
const TCP_WSCALE = 10;
/** Length of the SYN options (mss, sackOK, timestamps, nop, wscale) and of the timestamp option alone. */
const SYN_OPTIONS_LEN = 20;
const TS_OPTIONS_LEN = 12;

/** The MSS Linux advertises on a device: MTU - 40, at most 65495 (loopback's 65536 MTU). */
export function advertisedMss(mtu: number): number {
  return Math.min(mtu - 40, 65535 - 40);
}

/** tcp_select_initial_window: the SYN's window is 65535 rounded down to a multiple of the MSS. */
export function initialWindow(mss: number): number {
  return mss >= 65535 ? 65535 : Math.floor(65535 / mss) * mss;
}

/** Sequence-number arithmetic modulo 2^32. */
function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

function seqBefore(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** The control-segment name people use: SYN, SYN-ACK, ACK, FIN, RST ... */
export function segmentName(f: TcpFlags): string {
  if (f.rst) return f.ack ? 'RST-ACK' : 'RST';
  if (f.syn) return f.ack ? 'SYN-ACK' : 'SYN';
  if (f.fin) return f.ack ? 'FIN-ACK' : 'FIN';
  return f.ack ? 'ACK' : 'segment without flags';
}

/** The peer's timestamp value, read back from tcpdump's option text. */
function tsValOf(seg: TcpSegment): number | undefined {
  const m = /TS val (\d+)/.exec(seg.options);
  return m ? Number(m[1]) : undefined;
}

/**
 * tcp_v4_send_reset / nf_send_reset: the reset that answers `seg` when no socket wants it (or a
 * REJECT --reject-with tcp-reset rule refuses it). Never a reset for a reset. With ACK in the
 * segment the reset takes its sequence number from that ACK; otherwise it is `seq 0` and
 * acknowledges everything the segment occupied (`Flags [R.], seq 0, ack ISN+1` for a SYN).
 */
export function resetFor(seg: TcpSegment): TcpSegment | undefined {
  if (seg.flags.rst) return undefined;
  const occupied = seg.dataLength + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0);
  const base = { kind: 'tcp' as const, sport: seg.dport, dport: seg.sport, win: 0, options: '', optionsLength: 0, dataLength: 0 };
  if (seg.flags.ack) return { ...base, flags: { rst: true }, seq: seg.ack, ack: 0 };
  return { ...base, flags: { rst: true, ack: true }, seq: 0, ack: seqAdd(seg.seq, occupied) };
}

export interface TcbInit {
  readonly localAddr: Ipv4Addr;
  readonly localPort: number;
  readonly remoteAddr: Ipv4Addr;
  readonly remotePort: number;
  /** Initial sequence number (random per connection in Linux: secure_tcp_seq). */
  readonly iss: number;
  /** Per-connection timestamp offset (secure_tcp_ts_off): TS val = offset + now in ms. */
  readonly tsOffset: number;
  /** MSS this side advertises (advertisedMss of the route's device). */
  readonly mss: number;
}

/** One connection's transmission control block and its transitions. */
export class Tcb {
  state: TcpState = 'CLOSED';
  readonly localAddr: Ipv4Addr;
  readonly localPort: number;
  readonly remoteAddr: Ipv4Addr;
  readonly remotePort: number;
  readonly iss: number;
  readonly tsOffset: number;
  readonly mss: number;
  sndUna: number;
  sndNxt: number;
  irs = 0;
  rcvNxt = 0;
  /** The peer's last timestamp value, echoed as TS ecr. */
  tsRecent = 0;
  /** Our receive window before scaling (the SYN's or the SYN-ACK's window). */
  rcvWnd = 0;
  /** Retransmissions of the segment the retransmit timer guards. */
  retransmits = 0;
  rtoMs = TCP_RTO_INIT_MS;
  /**
   * The FIN just sent still has its tail loss probe due (tcp_schedule_loss_probe): the first
   * time the retransmit timer fires it sends the FIN again without backing off.
   */
  lossProbeDue = false;
  /** close() was called: no process will read from this socket any more. */
  orphan = false;
  /** A FIN arrived and its ACK waits (delayed) for data or a FIN to carry it. */
  delayedAck = false;
  /** Opened by connect() (active) or made from a listener's SYN (passive). */
  readonly active: boolean;

  constructor(init: TcbInit, active: boolean) {
    this.localAddr = init.localAddr;
    this.localPort = init.localPort;
    this.remoteAddr = init.remoteAddr;
    this.remotePort = init.remotePort;
    this.iss = init.iss >>> 0;
    this.tsOffset = init.tsOffset >>> 0;
    this.mss = init.mss;
    this.sndUna = this.iss;
    this.sndNxt = this.iss;
    this.active = active;
  }

  /** "10.0.0.1:40000 > 10.0.0.2:80", for notes. */
  get name(): string {
    return `${formatIpv4(this.localAddr)}:${this.localPort} > ${formatIpv4(this.remoteAddr)}:${this.remotePort}`;
  }

  private tsVal(now: number): number {
    return (this.tsOffset + Math.floor(now)) >>> 0;
  }

  private segment(flags: TcpFlags, seq: number, now: number, syn = false): TcpSegment {
    const tsval = this.tsVal(now);
    const options = syn
      ? `mss ${this.mss},sackOK,TS val ${tsval} ecr ${flags.ack ? this.tsRecent : 0},nop,wscale ${TCP_WSCALE}`
      : `nop,nop,TS val ${tsval} ecr ${this.tsRecent}`;
    return {
      kind: 'tcp',
      sport: this.localPort,
      dport: this.remotePort,
      flags,
      seq: seq >>> 0,
      ack: flags.ack ? this.rcvNxt : 0,
      // A SYN's window is never scaled; later windows are the receive window >> wscale, rounded up.
      win: syn ? this.rcvWnd : Math.ceil(this.rcvWnd / (1 << TCP_WSCALE)),
      options,
      optionsLength: syn ? SYN_OPTIONS_LEN : TS_OPTIONS_LEN,
      dataLength: 0,
    };
  }

  private setState(to: TcpState, why: string, out: TcpAction[]): void {
    if (this.state === to) return;
    out.push({ kind: 'state', from: this.state, to, why });
    this.state = to;
  }

  private sendAck(now: number, why: string, out: TcpAction[]): void {
    this.delayedAck = false;
    out.push({ kind: 'send', segment: this.segment({ ack: true }, this.sndNxt, now), why });
  }

  private sendSynAck(now: number, why: string, out: TcpAction[]): void {
    out.push({ kind: 'send', segment: this.segment({ syn: true, ack: true }, this.iss, now, true), why });
  }

  private sendFin(now: number, why: string, out: TcpAction[]): void {
    // The FIN carries the pending ACK of the peer's FIN, if any (CLOSE_WAIT -> LAST_ACK).
    if (this.delayedAck) out.push({ kind: 'cancel', timer: 'delayed-ack' });
    this.delayedAck = false;
    out.push({ kind: 'send', segment: this.segment({ fin: true, ack: true }, this.sndNxt, now), why });
    this.sndNxt = seqAdd(this.sndNxt, 1);
    this.retransmits = 0;
    this.rtoMs = TCP_RTO_MIN_MS;
    // With SACK on and one segment in flight, the probe timeout is 2 x RTT + TCP_RTO_MIN, capped
    // by the RTO: on a veth both come to 200 ms, so the probe takes the RTO's first slot.
    this.lossProbeDue = true;
    out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
  }

  private release(event: TcpAppEvent | undefined, out: TcpAction[]): void {
    out.push({ kind: 'cancel', timer: 'retransmit' }, { kind: 'cancel', timer: 'delayed-ack' }, { kind: 'cancel', timer: 'fin-wait2' }, { kind: 'cancel', timer: 'time-wait' });
    if (event && !this.orphan) out.push({ kind: 'app', event });
    out.push({ kind: 'free' });
  }

  // ------------------------------------------------------------------ the application

  /** connect(): tcp_connect sends the SYN and arms the 1 s retransmission timer. */
  connect(now: number): TcpAction[] {
    const out: TcpAction[] = [];
    if (this.state !== 'CLOSED') return out;
    this.rcvWnd = initialWindow(this.mss);
    this.sndUna = this.iss;
    this.sndNxt = seqAdd(this.iss, 1);
    this.setState('SYN_SENT', 'connect() sends a SYN', out);
    out.push({ kind: 'send', segment: this.segment({ syn: true }, this.iss, now, true), why: 'connect(): the SYN opens the connection' });
    this.retransmits = 0;
    this.rtoMs = TCP_RTO_INIT_MS;
    out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
    return out;
  }

  /**
   * A listener's SYN: the request socket (SYN_RECV) answers SYN-ACK. Linux keeps it as a
   * request sock until the handshake's ACK; here it is a Tcb in SYN_RECV from the start.
   */
  static fromSyn(init: TcbInit, syn: TcpSegment, now: number): { tcb: Tcb; actions: TcpAction[] } {
    const tcb = new Tcb(init, false);
    const out: TcpAction[] = [];
    tcb.irs = syn.seq >>> 0;
    tcb.rcvNxt = seqAdd(syn.seq, 1);
    tcb.tsRecent = tsValOf(syn) ?? 0;
    // The passive side's window: 65535 rounded to the MSS less the 12 bytes of timestamps.
    tcb.rcvWnd = initialWindow(tcb.mss - TS_OPTIONS_LEN);
    tcb.sndUna = tcb.iss;
    tcb.sndNxt = seqAdd(tcb.iss, 1);
    tcb.setState('SYN_RECV', 'a SYN reached a listening socket', out);
    tcb.sendSynAck(now, 'the listener answers the SYN with SYN-ACK', out);
    tcb.rtoMs = TCP_RTO_INIT_MS;
    out.push({ kind: 'arm', timer: 'retransmit', ms: tcb.rtoMs });
    return { tcb, actions: out };
  }

  /** shutdown(SHUT_WR) (nc -N): send our FIN, keep reading. */
  shutdownWrite(now: number): TcpAction[] {
    const out: TcpAction[] = [];
    if (this.state === 'ESTABLISHED' || this.state === 'SYN_RECV') {
      this.setState('FIN_WAIT1', 'shutdown(SHUT_WR) sends a FIN', out);
      this.sendFin(now, 'shutdown(SHUT_WR): the FIN says "no more data from this side"', out);
    } else if (this.state === 'CLOSE_WAIT') {
      this.setState('LAST_ACK', 'shutdown(SHUT_WR) after the peer\'s FIN', out);
      this.sendFin(now, 'shutdown(SHUT_WR): our FIN, which also acknowledges the peer\'s FIN', out);
    }
    return out;
  }

  /** close(): the process lets go of the socket (tcp_close). */
  close(now: number): TcpAction[] {
    const out: TcpAction[] = [];
    const wasOrphan = this.orphan;
    this.orphan = true;
    switch (this.state) {
      case 'CLOSED':
        break;
      case 'SYN_SENT':
        // No SYN-ACK yet: the connection attempt is abandoned without a word.
        this.setState('CLOSED', 'close() before the handshake completed: nothing is sent', out);
        this.release(undefined, out);
        break;
      case 'SYN_RECV':
      case 'ESTABLISHED':
        this.setState('FIN_WAIT1', 'close() sends a FIN', out);
        this.sendFin(now, 'close(): the FIN starts the orderly close', out);
        break;
      case 'CLOSE_WAIT':
        this.setState('LAST_ACK', 'close() after the peer\'s FIN', out);
        this.sendFin(now, 'close(): our FIN, which also acknowledges the peer\'s FIN', out);
        break;
      case 'FIN_WAIT2':
        if (!wasOrphan) out.push({ kind: 'arm', timer: 'fin-wait2', ms: TCP_FIN_TIMEOUT_MS });
        break;
      default:
        break;
    }
    return out;
  }

  // ------------------------------------------------------------------ timers

  onTimer(timer: TcpTimer, now: number): TcpAction[] {
    const out: TcpAction[] = [];
    switch (timer) {
      case 'delayed-ack':
        if (this.delayedAck) this.sendAck(now, `the delayed ACK (${TCP_DELACK_MS} ms) of the peer's FIN: no data or FIN came to carry it`, out);
        break;
      case 'time-wait':
        if (this.state === 'TIME_WAIT') {
          this.setState('CLOSED', `TIME_WAIT lasted ${TCP_TIMEWAIT_MS / 1000} s`, out);
          this.release('closed', out);
        }
        break;
      case 'fin-wait2':
        if (this.state === 'FIN_WAIT2') {
          this.setState('CLOSED', `an orphaned FIN_WAIT2 socket lives tcp_fin_timeout (${TCP_FIN_TIMEOUT_MS / 1000} s)`, out);
          this.release(undefined, out);
        }
        break;
      case 'retransmit':
        this.retransmit(now, out);
        break;
    }
    return out;
  }

  private retransmit(now: number, out: TcpAction[]): void {
    switch (this.state) {
      case 'SYN_SENT': {
        if (this.retransmits >= TCP_SYN_RETRIES + TCP_SYN_LINEAR_TIMEOUTS) {
          this.setState('CLOSED', `no answer to ${this.retransmits + 1} SYNs: connect() fails with ETIMEDOUT`, out);
          this.release('timed-out', out);
          return;
        }
        this.retransmits++;
        out.push({ kind: 'send', segment: this.segment({ syn: true }, this.iss, now, true), why: `no SYN-ACK within ${this.rtoMs / 1000} s: the SYN is sent again (retransmission ${this.retransmits})` });
        // tcp_syn_linear_timeouts: the first 4 timeouts keep RTO = 1 s, then it doubles.
        this.rtoMs = this.retransmits <= TCP_SYN_LINEAR_TIMEOUTS ? TCP_RTO_INIT_MS : Math.min(TCP_RTO_INIT_MS << (this.retransmits - TCP_SYN_LINEAR_TIMEOUTS), TCP_RTO_MAX_MS);
        out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
        return;
      }
      case 'SYN_RECV': {
        if (this.retransmits >= TCP_SYNACK_RETRIES) {
          this.setState('CLOSED', `no ACK for ${this.retransmits + 1} SYN-ACKs: the half-open connection is dropped`, out);
          this.release(this.active ? 'timed-out' : undefined, out);
          return;
        }
        this.retransmits++;
        this.sendSynAck(now, `no ACK within ${this.rtoMs / 1000} s: the SYN-ACK is sent again (retransmission ${this.retransmits})`, out);
        this.rtoMs = Math.min(this.rtoMs * 2, TCP_RTO_MAX_MS);
        out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
        return;
      }
      case 'FIN_WAIT1':
      case 'CLOSING':
      case 'LAST_ACK': {
        if (this.retransmits >= TCP_FIN_RETRIES) {
          this.setState('CLOSED', 'our FIN was never acknowledged: the socket gives up', out);
          this.release('timed-out', out);
          return;
        }
        const fin = (): TcpSegment => this.segment({ fin: true, ack: true }, seqAdd(this.sndNxt, -1), now);
        if (this.lossProbeDue) {
          // tcp_send_loss_probe: the FIN again, then the RTO re-armed from now, not backed off
          // and not counted against the retries.
          this.lossProbeDue = false;
          out.push({ kind: 'send', segment: fin(), why: `no ACK of our FIN within ${this.rtoMs} ms: a tail loss probe sends the FIN again` });
          out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
          return;
        }
        this.retransmits++;
        out.push({ kind: 'send', segment: fin(), why: `no ACK of our FIN within ${this.rtoMs} ms: the FIN is sent again (retransmission ${this.retransmits})` });
        this.rtoMs = Math.min(this.rtoMs * 2, TCP_RTO_MAX_MS);
        out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
        return;
      }
      default:
        return;
    }
  }

  // ------------------------------------------------------------------ segments

  /** A segment for this connection arrived (the socket layer found it by its four-tuple). */
  onSegment(seg: TcpSegment, now: number): TcpAction[] {
    const out: TcpAction[] = [];
    if (this.state === 'CLOSED') return out;
    if (this.state === 'SYN_SENT') this.synSent(seg, now, out);
    else this.synchronized(seg, now, out);
    return out;
  }

  /** tcp_rcv_synsent_state_process. */
  private synSent(seg: TcpSegment, now: number, out: TcpAction[]): void {
    const f = seg.flags;
    if (f.ack && (seqBefore(seg.ack, seqAdd(this.iss, 1)) || seqBefore(this.sndNxt, seg.ack))) {
      // An ACK of something we never sent: reset it (unless it is a reset itself).
      if (!f.rst) {
        const rst = resetFor(seg);
        if (rst) out.push({ kind: 'send', segment: rst, why: 'the segment acknowledges a sequence number this SYN_SENT socket never sent: reset' });
      }
      return;
    }
    if (f.rst) {
      if (!f.ack) return;
      this.setState('CLOSED', 'RST answering our SYN: nothing listens there (ECONNREFUSED)', out);
      this.release('refused', out);
      return;
    }
    if (!f.syn) return;
    this.irs = seg.seq >>> 0;
    this.rcvNxt = seqAdd(seg.seq, 1);
    this.tsRecent = tsValOf(seg) ?? this.tsRecent;
    if (f.ack) {
      this.sndUna = seg.ack >>> 0;
      out.push({ kind: 'cancel', timer: 'retransmit' });
      this.retransmits = 0;
      this.setState('ESTABLISHED', 'the SYN-ACK completes the handshake from this side', out);
      this.sendAck(now, 'the third segment of the handshake acknowledges the SYN-ACK', out);
      out.push({ kind: 'app', event: 'established' });
      return;
    }
    // Simultaneous open: both sides sent a SYN.
    this.setState('SYN_RECV', 'a SYN crossed ours (simultaneous open)', out);
    this.sendSynAck(now, 'simultaneous open: SYN-ACK for the peer\'s SYN', out);
    this.retransmits = 0;
    this.rtoMs = TCP_RTO_INIT_MS;
    out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
  }

  /** tcp_rcv_state_process / tcp_validate_incoming for the synchronized states. */
  private synchronized(seg: TcpSegment, now: number, out: TcpAction[]): void {
    const f = seg.flags;
    // A retransmitted SYN while the request waits for its ACK: send the SYN-ACK again and
    // restart the request's timer with its current timeout (tcp_check_req: inet_rtx_syn_ack,
    // then mod_timer_pending(jiffies + reqsk_timeout(req))).
    if (this.state === 'SYN_RECV' && f.syn && !f.ack && !f.rst && seg.seq >>> 0 === this.irs) {
      this.sendSynAck(now, 'the SYN came again: the SYN-ACK is repeated', out);
      if (!this.active) out.push({ kind: 'arm', timer: 'retransmit', ms: this.rtoMs });
      return;
    }
    // TIME_WAIT: a retransmitted FIN is acknowledged again and the 60 s start over.
    if (this.state === 'TIME_WAIT') {
      if (f.rst) {
        this.setState('CLOSED', 'a RST ends TIME_WAIT early', out);
        this.release(undefined, out);
      } else if (f.fin && seqAdd(seg.seq, 1) === this.rcvNxt) {
        this.sendAck(now, 'TIME_WAIT: the peer sent its FIN again, our last ACK was lost: acknowledge it again', out);
        out.push({ kind: 'arm', timer: 'time-wait', ms: TCP_TIMEWAIT_MS });
      } else if (!f.syn) {
        this.sendAck(now, 'TIME_WAIT answers an unexpected segment with an ACK', out);
      }
      return;
    }
    const inOrder = seg.seq >>> 0 === this.rcvNxt;
    // tcp_sequence: a segment that starts past rcv_nxt but inside the receive window is
    // acceptable; its ACK is processed even though what it carries must wait (out of order).
    const aheadInWindow = seqBefore(this.rcvNxt, seg.seq >>> 0) && !seqBefore(seqAdd(this.rcvNxt, this.rcvWnd), seg.seq >>> 0);
    if (f.rst) {
      // RFC 5961: only an exact sequence number resets; others in the window get a challenge
      // ACK; a RST beyond the window is dropped without a word.
      if (!inOrder) {
        if (aheadInWindow) this.sendAck(now, 'a RST with an unexpected sequence number gets a challenge ACK (RFC 5961)', out);
        return;
      }
      if (this.state === 'SYN_RECV' && !this.active) {
        this.setState('CLOSED', 'the client reset the half-open connection', out);
        this.release(undefined, out);
        return;
      }
      const event: TcpAppEvent = this.state === 'LAST_ACK' || this.state === 'CLOSING' ? 'closed' : 'reset';
      this.setState('CLOSED', 'the peer reset the connection', out);
      this.release(event, out);
      return;
    }
    if (f.syn) {
      this.sendAck(now, 'a SYN on an open connection gets a challenge ACK (RFC 5961)', out);
      return;
    }
    if (!inOrder && !aheadInWindow) {
      this.sendAck(now, 'a segment outside the window: a duplicate ACK tells the peer where we are', out);
      return;
    }
    if (!f.ack) return;
    // tcp_replace_ts_recent: only a segment at rcv_nxt or before renews the echoed timestamp.
    if (inOrder) this.tsRecent = tsValOf(seg) ?? this.tsRecent;
    const ackedAll = seg.ack >>> 0 === this.sndNxt;
    switch (this.state) {
      case 'SYN_RECV':
        if (!ackedAll) {
          const rst = resetFor(seg);
          if (rst) out.push({ kind: 'send', segment: rst, why: 'the ACK does not acknowledge our SYN-ACK: reset' });
          return;
        }
        this.sndUna = seg.ack >>> 0;
        out.push({ kind: 'cancel', timer: 'retransmit' });
        this.retransmits = 0;
        this.setState('ESTABLISHED', 'the ACK of our SYN-ACK completes the handshake', out);
        out.push({ kind: 'app', event: 'established' });
        break;
      case 'FIN_WAIT1':
        if (ackedAll) {
          this.sndUna = seg.ack >>> 0;
          out.push({ kind: 'cancel', timer: 'retransmit' });
          this.lossProbeDue = false;
          this.setState('FIN_WAIT2', 'the peer acknowledged our FIN', out);
          if (this.orphan && !f.fin) out.push({ kind: 'arm', timer: 'fin-wait2', ms: TCP_FIN_TIMEOUT_MS });
        }
        break;
      case 'CLOSING':
        if (ackedAll) {
          out.push({ kind: 'cancel', timer: 'retransmit' });
          this.setState('TIME_WAIT', 'the peer acknowledged our FIN; both ends had sent one (a simultaneous close)', out);
          out.push({ kind: 'arm', timer: 'time-wait', ms: TCP_TIMEWAIT_MS });
        }
        break;
      case 'LAST_ACK':
        if (ackedAll) {
          this.setState('CLOSED', 'the ACK of our FIN: the connection is over on this side', out);
          this.release('closed', out);
          return;
        }
        break;
      default:
        if (!seqBefore(this.sndNxt, seg.ack)) this.sndUna = seg.ack >>> 0;
        break;
    }
    if (!inOrder) {
      // Ahead of rcv_nxt: a bare ACK ends here (tcp_data_queue drops it silently); a FIN or data
      // would go to the out-of-order queue, answered by an immediate duplicate ACK.
      // SIMPLIFIED: nothing is kept for later (no scenario can lose a segment before a FIN:
      // nc sends no data, so a FIN is always the first thing in its sequence space).
      if (f.fin || seg.dataLength > 0) this.sendAck(now, 'a segment past a gap in the sequence space: a duplicate ACK asks for what is missing', out);
      return;
    }
    if (seg.dataLength > 0) {
      // SIMPLIFIED: data is accepted and acknowledged at once (scenarios send none: nc reads /dev/null).
      this.rcvNxt = seqAdd(this.rcvNxt, seg.dataLength);
      if (!f.fin) this.sendAck(now, 'data received: acknowledged', out);
    }
    if (!f.fin) return;
    this.rcvNxt = seqAdd(this.rcvNxt, 1);
    switch (this.state) {
      case 'SYN_RECV':
      case 'ESTABLISHED':
        this.setState('CLOSE_WAIT', 'the peer\'s FIN: it will send nothing more', out);
        // tcp_fin enters pingpong mode: the ACK is delayed, hoping our own FIN can carry it.
        this.delayedAck = true;
        out.push({ kind: 'arm', timer: 'delayed-ack', ms: TCP_DELACK_MS });
        out.push({ kind: 'app', event: 'eof' });
        break;
      case 'FIN_WAIT1':
        this.setState('CLOSING', 'the peer\'s FIN came before the ACK of ours (a simultaneous close)', out);
        this.sendAck(now, 'the peer\'s FIN is acknowledged at once', out);
        out.push({ kind: 'app', event: 'eof' });
        break;
      case 'FIN_WAIT2':
        out.push({ kind: 'cancel', timer: 'fin-wait2' });
        this.setState('TIME_WAIT', 'the peer\'s FIN after ours was acknowledged', out);
        this.sendAck(now, 'the last ACK of the close; this side now waits in TIME_WAIT', out);
        out.push({ kind: 'arm', timer: 'time-wait', ms: TCP_TIMEWAIT_MS });
        out.push({ kind: 'app', event: 'eof' });
        break;
      default:
        break;
    }
  }
}
