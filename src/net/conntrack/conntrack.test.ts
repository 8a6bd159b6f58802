// The conntrack protocol trackers, state x event: nf_conntrack_proto_tcp.c's state table and
// timeouts, ASSURED, the reset that kills an unanswered entry; UDP's 30 s / 120 s / ASSURED.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TcpFlags, TcpSegment } from '../wire/packet.ts';
import { ConntrackTable, type ConntrackEntry, type Direction } from './core.ts';
import { tcpTransition, trackTcp, TCP_TIMEOUTS_MS } from './proto-tcp.ts';
import { trackUdp } from './proto-udp.ts';

function entry(proto = 6, now = 0): ConntrackEntry {
  return new ConntrackTable().newEntry(0, { src: 1, dst: 2, proto, sport: 40000, dport: 80 }, now);
}

function seg(flags: TcpFlags, seq: number, ack = 0, dataLength = 0): TcpSegment {
  return { kind: 'tcp', sport: 40000, dport: 80, flags, seq, ack, win: 64, options: '', optionsLength: 0, dataLength };
}

/** Feeds segments (direction, flags, seq, ack) and returns the entry after each. */
function run(e: ConntrackEntry, steps: [Direction, TcpFlags, number, number][], now = 0): string[] {
  const verdicts: string[] = [];
  for (const [dir, flags, seq, ack] of steps) {
    verdicts.push(trackTcp(e, dir, seg(flags, seq, ack), e.seenReply, now));
    if (dir === 'reply') e.seenReply = true;
  }
  return verdicts;
}

const SYN: [Direction, TcpFlags, number, number] = ['original', { syn: true }, 100, 0];
const SYNACK: [Direction, TcpFlags, number, number] = ['reply', { syn: true, ack: true }, 500, 101];
const ACK: [Direction, TcpFlags, number, number] = ['original', { ack: true }, 101, 501];

test('the state table: rows copied from nf_conntrack_proto_tcp.c', () => {
  assert.equal(tcpTransition('original', 'syn', 'NONE'), 'SYN_SENT');
  assert.equal(tcpTransition('reply', 'synack', 'SYN_SENT'), 'SYN_RECV');
  assert.equal(tcpTransition('original', 'ack', 'SYN_RECV'), 'ESTABLISHED');
  assert.equal(tcpTransition('original', 'fin', 'ESTABLISHED'), 'FIN_WAIT');
  assert.equal(tcpTransition('reply', 'ack', 'FIN_WAIT'), 'CLOSE_WAIT');
  assert.equal(tcpTransition('reply', 'fin', 'FIN_WAIT'), 'LAST_ACK');
  assert.equal(tcpTransition('original', 'ack', 'LAST_ACK'), 'TIME_WAIT');
  assert.equal(tcpTransition('reply', 'rst', 'SYN_SENT'), 'CLOSE');
  assert.equal(tcpTransition('original', 'ack', 'SYN_SENT'), 'IV');
  assert.equal(tcpTransition('reply', 'synack', 'ESTABLISHED'), 'IG');
  assert.equal(tcpTransition('reply', 'syn', 'SYN_SENT'), 'SYN_SENT2');
});

test('NONE + SYN -> SYN_SENT, 120 s', () => {
  const e = entry();
  assert.deepEqual(run(e, [SYN]), ['accept']);
  assert.equal(e.tcpState, 'SYN_SENT');
  assert.equal(e.expiresAt, TCP_TIMEOUTS_MS.SYN_SENT);
  assert.equal(e.assured, false);
});

test('SYN_SENT + the same SYN again (a retransmission) -> SYN_SENT, the 120 s not renewed', () => {
  const e = entry();
  run(e, [SYN], 0);
  assert.deepEqual(run(e, [SYN], 2000), ['accept']);
  assert.equal(e.tcpState, 'SYN_SENT');
  assert.equal(e.expiresAt, TCP_TIMEOUTS_MS.SYN_SENT);
});

test('SYN_SENT + SYN-ACK (reply) -> SYN_RECV, 60 s', () => {
  const e = entry();
  run(e, [SYN, SYNACK]);
  assert.equal(e.tcpState, 'SYN_RECV');
  assert.equal(e.expiresAt, 60_000);
});

test('SYN_RECV + ACK -> ESTABLISHED, [ASSURED], 5 days (431999 in conntrack -L)', () => {
  const e = entry();
  run(e, [SYN, SYNACK, ACK]);
  assert.equal(e.tcpState, 'ESTABLISHED');
  assert.equal(e.assured, true);
  assert.equal(e.expiresAt, 432_000_000);
});

test('ESTABLISHED + FIN, FIN, ACK -> FIN_WAIT (120 s), LAST_ACK (30 s), TIME_WAIT (120 s)', () => {
  const e = entry();
  run(e, [SYN, SYNACK, ACK]);
  run(e, [['original', { fin: true, ack: true }, 101, 501]]);
  assert.deepEqual([e.tcpState, e.expiresAt], ['FIN_WAIT', 120_000]);
  run(e, [['reply', { fin: true, ack: true }, 501, 102]]);
  assert.deepEqual([e.tcpState, e.expiresAt], ['LAST_ACK', 30_000]);
  run(e, [['original', { ack: true }, 102, 502]]);
  assert.deepEqual([e.tcpState, e.expiresAt], ['TIME_WAIT', 120_000]);
});

test('ESTABLISHED + FIN, ACK -> CLOSE_WAIT (60 s)', () => {
  const e = entry();
  run(e, [SYN, SYNACK, ACK, ['original', { fin: true, ack: true }, 101, 501], ['reply', { ack: true }, 501, 102]]);
  assert.deepEqual([e.tcpState, e.expiresAt], ['CLOSE_WAIT', 60_000]);
});

test('SYN_SENT + RST (the only reply) -> the entry is killed', () => {
  const e = entry();
  assert.deepEqual(run(e, [SYN, ['reply', { rst: true, ack: true }, 0, 101]]), ['accept', 'kill']);
});

test('ESTABLISHED + RST -> CLOSE, 10 s (the entry stays)', () => {
  const e = entry();
  const verdicts = run(e, [SYN, SYNACK, ACK, ['reply', { rst: true }, 501, 0]]);
  assert.equal(verdicts.at(-1), 'accept');
  assert.deepEqual([e.tcpState, e.expiresAt], ['CLOSE', 10_000]);
});

test('TIME_WAIT + SYN (a new connection on the same tuple) -> repeat: delete and start again', () => {
  const e = entry();
  run(e, [SYN, SYNACK, ACK, ['original', { fin: true, ack: true }, 101, 501], ['reply', { fin: true, ack: true }, 501, 102], ['original', { ack: true }, 102, 502]]);
  assert.deepEqual(run(e, [['original', { syn: true }, 9000, 0]]), ['repeat']);
});

test('SYN_SENT + ACK from the client -> INVALID, the state does not move', () => {
  const e = entry();
  assert.deepEqual(run(e, [SYN, ['original', { ack: true }, 101, 7]]), ['accept', 'invalid']);
  assert.equal(e.tcpState, 'SYN_SENT');
});

test('SYN_RECV + SYN-ACK again -> ignored (state and timeout kept)', () => {
  const e = entry();
  run(e, [SYN, SYNACK]);
  assert.deepEqual(run(e, [SYNACK], 5000), ['accept']);
  assert.deepEqual([e.tcpState, e.expiresAt], ['SYN_RECV', 60_000]);
});

test('NONE + lone ACK -> ESTABLISHED picked up mid-stream (nf_conntrack_tcp_loose), capped at 300 s, not ASSURED', () => {
  const e = entry();
  assert.deepEqual(run(e, [['original', { ack: true }, 100, 200]]), ['accept']);
  assert.deepEqual([e.tcpState, e.expiresAt, e.assured], ['ESTABLISHED', 300_000, false]);
});

test('NONE + lone FIN or RST -> INVALID, no entry', () => {
  assert.deepEqual(run(entry(), [['original', { fin: true, ack: true }, 1, 1]]), ['invalid']);
  assert.deepEqual(run(entry(), [['original', { rst: true }, 1, 0]]), ['invalid']);
});

test('ESTABLISHED with data not yet acknowledged -> 300 s instead of 5 days', () => {
  const e = entry();
  run(e, [SYN, SYNACK, ACK]);
  trackTcp(e, 'original', seg({ ack: true, psh: true }, 101, 501, 10), true, 0);
  assert.equal(e.expiresAt, 300_000);
  trackTcp(e, 'reply', seg({ ack: true }, 501, 111), true, 0);
  assert.equal(e.expiresAt, 432_000_000);
});

test('UDP: unreplied 30 s; a reply within 2 s: still 30 s, not ASSURED; traffic after 2 s: 120 s, [ASSURED]', () => {
  const e = entry(17, 0);
  trackUdp(e, false, 0);
  assert.deepEqual([e.expiresAt, e.assured], [30_000, false]);
  trackUdp(e, false, 500); // the first reply: SEEN_REPLY is set after the tracker ran
  e.seenReply = true;
  trackUdp(e, true, 1000);
  assert.deepEqual([e.expiresAt, e.assured], [31_000, false]);
  trackUdp(e, true, 2500);
  assert.deepEqual([e.expiresAt, e.assured], [122_500, true]);
});
