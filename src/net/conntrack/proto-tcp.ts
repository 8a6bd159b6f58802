// The TCP tracker: the tcp_conntracks state table, ASSURED, timeouts, and a reset that is the
// only reply kills the entry. Mirrors net/netfilter/nf_conntrack_proto_tcp.c.

import type { TcpSegment } from '../wire/packet.ts';
import type { ConntrackEntry, Direction, TrackVerdict } from './core.ts';

/** The TCP states of nf_conntrack_proto_tcp.c, spelled as conntrack -L prints them. */
export type CtTcpState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';

/** get_conntrack_index: which row of the state table a segment uses. */
export type CtTcpIndex = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

export interface CtTcpSeen {
  /** td_end: the highest sequence number + length (+ SYN/FIN) sent in this direction. */
  end?: number;
  /** IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED: this direction sent something not yet acknowledged. */
  unacked: boolean;
  /** IP_CT_TCP_FLAG_CLOSE_INIT: this direction sent the first FIN. */
  closeInit: boolean;
}

export interface CtTcpInfo {
  state: CtTcpState;
  lastIndex: CtTcpIndex;
  lastDir?: Direction;
  readonly seen: { original: CtTcpSeen; reply: CtTcpSeen };
}

/** tcp_timeouts (seconds in the kernel, ms here). RETRANS and UNACK cap the long ones. */
export const TCP_TIMEOUTS_MS: Readonly<Record<CtTcpState | 'RETRANS' | 'UNACK', number>> = {
  NONE: 120_000,
  SYN_SENT: 120_000,
  SYN_RECV: 60_000,
  ESTABLISHED: 432_000_000,
  FIN_WAIT: 120_000,
  CLOSE_WAIT: 60_000,
  LAST_ACK: 30_000,
  TIME_WAIT: 120_000,
  CLOSE: 10_000,
  SYN_SENT2: 120_000,
  RETRANS: 300_000,
  UNACK: 300_000,
};

const CT_TCP_STATES: readonly CtTcpState[] = ['NONE', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE', 'SYN_SENT2'];

type Next = CtTcpState | 'IV' | 'IG';
const [sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2, sIV, sIG] = [...CT_TCP_STATES, 'IV', 'IG'] as [
  CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, CtTcpState, 'IV', 'IG',
];

/**
 * tcp_conntracks[dir][index][old state] -> new state, copied row by row from
 * nf_conntrack_proto_tcp.c. Columns: NONE SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT CLOSE_WAIT
 * LAST_ACK TIME_WAIT CLOSE SYN_SENT2. IV = invalid, IG = ignore (let it pass, change nothing).
 */
const TCP_CONNTRACKS: Readonly<Record<Direction, Readonly<Record<CtTcpIndex, readonly Next[]>>>> = {
  original: {
    syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
  reply: {
    syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
};

function tcpIndex(seg: TcpSegment): CtTcpIndex {
  const f = seg.flags;
  if (f.rst) return 'rst';
  if (f.syn) return f.ack ? 'synack' : 'syn';
  if (f.fin) return 'fin';
  if (f.ack) return 'ack';
  return 'none';
}

/** The state table's answer (exported for tests). */
export function tcpTransition(dir: Direction, index: CtTcpIndex, old: CtTcpState): Next {
  return TCP_CONNTRACKS[dir][index][CT_TCP_STATES.indexOf(old)] ?? 'IV';
}

/** segment_seq_plus_len. */
function segmentEnd(seg: TcpSegment): number {
  return (seg.seq + seg.dataLength + (seg.flags.syn ? 1 : 0) + (seg.flags.fin ? 1 : 0)) >>> 0;
}

function seqAfter(a: number, b: number): boolean {
  return ((b - a) | 0) < 0;
}

/**
 * nf_conntrack_tcp_packet for one segment of `entry` in direction `dir`. `seenReply` is whether a
 * reply had passed before this packet (the kernel sets IPS_SEEN_REPLY after the tracker runs).
 * SIMPLIFIED: tcp_in_window's sequence and window checks are not made (every segment counts as
 * in window), nor the retransmission counter that shortens timeouts to 5 minutes.
 */
export function trackTcp(entry: ConntrackEntry, dir: Direction, seg: TcpSegment, seenReply: boolean, now: number): TrackVerdict {
  const index = tcpIndex(seg);
  if (!entry.tcp) {
    // tcp_new: only a SYN (or, with nf_conntrack_tcp_loose=1, a mid-stream ACK) starts an entry.
    const first = tcpTransition('original', index, 'NONE');
    if (first === 'IV' || first === 'IG') return 'invalid';
    entry.tcp = { state: 'NONE', lastIndex: 'none', seen: { original: { end: segmentEnd(seg), unacked: false, closeInit: false }, reply: { unacked: false, closeInit: false } } };
  }
  const tcp = entry.tcp;
  const old = tcp.state;
  const next = tcpTransition(dir, index, old);
  if (next === 'IV') return 'invalid';
  if (next === 'SYN_SENT' && (old === 'TIME_WAIT' || old === 'CLOSE')) {
    // A SYN for a closed or aborted connection: delete the entry, the SYN starts a new one.
    if (tcp.seen.original.closeInit || tcp.seen.reply.closeInit || (tcp.lastDir === dir && tcp.lastIndex === 'rst')) return 'repeat';
  }
  if (next === 'IG' || (next === 'SYN_SENT' && old !== 'NONE' && old !== 'SYN_SENT')) {
    tcp.lastIndex = index;
    tcp.lastDir = dir;
    return 'accept';
  }
  // The window bookkeeping that decides DATA_UNACKNOWLEDGED (tcp_in_window).
  const sender = tcp.seen[dir];
  const receiver = tcp.seen[dir === 'original' ? 'reply' : 'original'];
  const end = segmentEnd(seg);
  if (sender.end === undefined) sender.end = end;
  else if (seqAfter(end, sender.end)) {
    sender.end = end;
    sender.unacked = true;
  }
  const ack = seg.flags.ack ? seg.ack >>> 0 : receiver.end;
  if (ack !== undefined && ack === receiver.end) receiver.unacked = false;
  tcp.lastIndex = index;
  tcp.lastDir = dir;
  tcp.state = next;
  entry.tcpState = next;
  if (old !== next && next === 'FIN_WAIT') sender.closeInit = true;
  let timeout = TCP_TIMEOUTS_MS[next];
  if (index === 'rst') timeout = TCP_TIMEOUTS_MS.CLOSE;
  else if ((tcp.seen.original.unacked || tcp.seen.reply.unacked) && timeout > TCP_TIMEOUTS_MS.UNACK) timeout = TCP_TIMEOUTS_MS.UNACK;
  if (!seenReply) {
    // "If only reply is a RST, we can consider ourselves not to have an established connection."
    if (seg.flags.rst) return 'kill';
    // "do not renew timeout on SYN retransmit": a client (or a NAT in front of it) reusing the
    // port would keep the entry alive for ever. Measured on Linux 6.18: 117 s left 2.5 s after
    // the first of three SYNs (content/scenarios/conn-syn-dropped.sh).
    if (index === 'syn' && old === 'SYN_SENT') return 'accept';
    if (next === 'ESTABLISHED' && timeout > TCP_TIMEOUTS_MS.UNACK) timeout = TCP_TIMEOUTS_MS.UNACK;
  } else if (!entry.assured && (old === 'SYN_RECV' || old === 'ESTABLISHED') && next === 'ESTABLISHED') {
    // The ACK that completes the handshake (or a valid answer to a picked-up connection).
    entry.assured = true;
  }
  entry.expiresAt = now + timeout;
  return 'accept';
}
