// The TCP state machine, state x event: each test puts a Tcb in a state, gives it one event
// and checks the new state and the actions (segments sent, timers, what the application learns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TcpFlags, TcpSegment } from '../wire/packet.ts';
import {
  advertisedMss,
  initialWindow,
  resetFor,
  Tcb,
  TCP_DELACK_MS,
  TCP_FIN_TIMEOUT_MS,
  TCP_TIMEWAIT_MS,
  type TcpAction,
  type TcpState,
} from './tcp.ts';

const CLIENT = { localAddr: 0x0a000001, localPort: 40000, remoteAddr: 0x0a000002, remotePort: 80, iss: 1000, tsOffset: 500, mss: 1460 };
const SERVER = { localAddr: 0x0a000002, localPort: 80, remoteAddr: 0x0a000001, remotePort: 40000, iss: 9000, tsOffset: 7000, mss: 1460 };

function seg(flags: TcpFlags, seq: number, ack = 0, tsval = 123): TcpSegment {
  return { kind: 'tcp', sport: 80, dport: 40000, flags, seq, ack, win: 64, options: `nop,nop,TS val ${tsval} ecr 0`, optionsLength: 12, dataLength: 0 };
}

const sent = (actions: readonly TcpAction[]): TcpSegment[] => actions.flatMap((a) => (a.kind === 'send' ? [a.segment] : []));
const app = (actions: readonly TcpAction[]): string[] => actions.flatMap((a) => (a.kind === 'app' ? [a.event] : []));
const armed = (actions: readonly TcpAction[]): string[] => actions.flatMap((a) => (a.kind === 'arm' ? [`${a.timer} ${a.ms}`] : []));
const freed = (actions: readonly TcpAction[]): boolean => actions.some((a) => a.kind === 'free');
const flags = (s: TcpSegment | undefined): string => (s ? `${s.flags.fin ? 'F' : ''}${s.flags.syn ? 'S' : ''}${s.flags.rst ? 'R' : ''}${s.flags.ack ? '.' : ''}` : 'none');

/** A client connection driven to `state` by the usual events. */
function client(state: TcpState): Tcb {
  const t = new Tcb(CLIENT, true);
  t.connect(0);
  if (state === 'SYN_SENT') return t;
  t.onSegment(seg({ syn: true, ack: true }, 5000, 1001), 1);
  if (state === 'ESTABLISHED') return t;
  if (state === 'FIN_WAIT1') {
    t.close(2);
    return t;
  }
  if (state === 'FIN_WAIT2') {
    t.close(2);
    t.onSegment(seg({ ack: true }, 5001, 1002), 3);
    return t;
  }
  if (state === 'CLOSE_WAIT') {
    t.onSegment(seg({ fin: true, ack: true }, 5001, 1001), 2);
    return t;
  }
  if (state === 'LAST_ACK') {
    t.onSegment(seg({ fin: true, ack: true }, 5001, 1001), 2);
    t.close(3);
    return t;
  }
  if (state === 'CLOSING') {
    t.close(2);
    t.onSegment(seg({ fin: true, ack: true }, 5001, 1001), 3);
    return t;
  }
  if (state === 'TIME_WAIT') {
    t.close(2);
    t.onSegment(seg({ fin: true, ack: true }, 5001, 1002), 3);
    return t;
  }
  throw new Error(`no recipe for ${state}`);
}

function server(): { tcb: Tcb; actions: TcpAction[] } {
  const syn: TcpSegment = { ...seg({ syn: true }, 1000, 0, 777), sport: 40000, dport: 80, options: 'mss 1460,sackOK,TS val 777 ecr 0,nop,wscale 10', optionsLength: 20 };
  return Tcb.fromSyn(SERVER, syn, 0);
}

test('the windows and options Linux 6.18 puts in a SYN, a SYN-ACK and later segments', () => {
  assert.equal(advertisedMss(1500), 1460);
  assert.equal(advertisedMss(65536), 65495);
  assert.equal(initialWindow(1460), 64240);
  assert.equal(initialWindow(1448), 65160);
  assert.equal(initialWindow(65495), 65495);
  assert.equal(initialWindow(65483), 65483);
});

test('CLOSED + connect() -> SYN_SENT, sends SYN with mss, sackOK, TS, wscale 10, arms the 1 s retransmission', () => {
  const t = new Tcb(CLIENT, true);
  const out = t.connect(2000);
  assert.equal(t.state, 'SYN_SENT');
  const [syn] = sent(out);
  assert.equal(flags(syn), 'S');
  assert.equal(syn?.seq, 1000);
  assert.equal(syn?.win, 64240);
  assert.equal(syn?.options, 'mss 1460,sackOK,TS val 2500 ecr 0,nop,wscale 10');
  assert.equal(syn?.optionsLength, 20);
  assert.deepEqual(armed(out), ['retransmit 1000']);
});

test('SYN_SENT + SYN-ACK -> ESTABLISHED, sends ACK, tells the application', () => {
  const t = client('SYN_SENT');
  const out = t.onSegment(seg({ syn: true, ack: true }, 5000, 1001, 42), 10);
  assert.equal(t.state, 'ESTABLISHED');
  const [ack] = sent(out);
  assert.equal(flags(ack), '.');
  assert.equal(ack?.seq, 1001);
  assert.equal(ack?.ack, 5001);
  assert.equal(ack?.win, 63, '64240 >> 10, rounded up');
  assert.equal(ack?.options, 'nop,nop,TS val 510 ecr 42');
  assert.deepEqual(app(out), ['established']);
  assert.ok(out.some((a) => a.kind === 'cancel' && a.timer === 'retransmit'));
});

test('SYN_SENT + RST-ACK -> CLOSED, connect() is refused, nothing sent', () => {
  const t = client('SYN_SENT');
  const out = t.onSegment(seg({ rst: true, ack: true }, 0, 1001), 1);
  assert.equal(t.state, 'CLOSED');
  assert.deepEqual(app(out), ['refused']);
  assert.equal(sent(out).length, 0);
  assert.ok(freed(out));
});

test('SYN_SENT + RST without ACK -> ignored', () => {
  const t = client('SYN_SENT');
  assert.deepEqual(t.onSegment(seg({ rst: true }, 0), 1), []);
  assert.equal(t.state, 'SYN_SENT');
});

test('SYN_SENT + SYN-ACK acknowledging something never sent -> RST from its ack, stays SYN_SENT', () => {
  const t = client('SYN_SENT');
  const [rst] = sent(t.onSegment(seg({ syn: true, ack: true }, 5000, 4242), 1));
  assert.equal(flags(rst), 'R');
  assert.equal(rst?.seq, 4242);
  assert.equal(t.state, 'SYN_SENT');
});

test('SYN_SENT + SYN (simultaneous open) -> SYN_RECV, sends SYN-ACK', () => {
  const t = client('SYN_SENT');
  const out = t.onSegment(seg({ syn: true }, 5000), 1);
  assert.equal(t.state, 'SYN_RECV');
  const [synack] = sent(out);
  assert.equal(flags(synack), 'S.');
  assert.equal(synack?.ack, 5001);
});

test('SYN_SENT + retransmission timer -> the same SYN after 1, 1, 1, 1, 1, 2, 4, 8, 16, 32 s; then ETIMEDOUT at 131 s', () => {
  const t = client('SYN_SENT');
  let now = 0;
  let rto = 1000;
  const sentAt: number[] = [0];
  for (;;) {
    now += rto;
    const out = t.onTimer('retransmit', now);
    const [syn] = sent(out);
    if (!syn) {
      assert.deepEqual(app(out), ['timed-out']);
      break;
    }
    assert.equal(syn.seq, 1000, 'a retransmission keeps the sequence number');
    sentAt.push(now);
    const [next] = armed(out);
    rto = Number(next?.split(' ')[1]);
  }
  assert.deepEqual(sentAt.map((ms) => ms / 1000), [0, 1, 2, 3, 4, 5, 7, 11, 19, 35, 67]);
  assert.equal(now, 131_000);
  assert.equal(t.state, 'CLOSED');
});

test('SYN_SENT + close() -> CLOSED without a segment (nc -w gave up)', () => {
  const t = client('SYN_SENT');
  const out = t.close(500);
  assert.equal(t.state, 'CLOSED');
  assert.equal(sent(out).length, 0);
  assert.ok(freed(out));
});

test('LISTEN + SYN -> SYN_RECV, sends SYN-ACK (win 65160, ecr = the SYN\'s TS val)', () => {
  const { tcb, actions } = server();
  assert.equal(tcb.state, 'SYN_RECV');
  const [synack] = sent(actions);
  assert.equal(flags(synack), 'S.');
  assert.equal(synack?.seq, 9000);
  assert.equal(synack?.ack, 1001);
  assert.equal(synack?.win, 65160);
  assert.equal(synack?.options, 'mss 1460,sackOK,TS val 7000 ecr 777,nop,wscale 10');
  assert.deepEqual(armed(actions), ['retransmit 1000']);
});

test('SYN_RECV + ACK -> ESTABLISHED, ready for accept(), nothing sent', () => {
  const { tcb } = server();
  const out = tcb.onSegment({ ...seg({ ack: true }, 1001, 9001), sport: 40000, dport: 80 }, 1);
  assert.equal(tcb.state, 'ESTABLISHED');
  assert.deepEqual(app(out), ['established']);
  assert.equal(sent(out).length, 0);
});

test('SYN_RECV + the SYN again -> the SYN-ACK again', () => {
  const { tcb } = server();
  const [synack] = sent(tcb.onSegment({ ...seg({ syn: true }, 1000), sport: 40000, dport: 80 }, 1));
  assert.equal(flags(synack), 'S.');
  assert.equal(tcb.state, 'SYN_RECV');
});

test('SYN_RECV + retransmission timer -> SYN-ACK after 1, 2, 4, 8, 16 s, then the half-open connection is dropped', () => {
  const { tcb } = server();
  let now = 0;
  let rto = 1000;
  let count = 0;
  for (;;) {
    now += rto;
    const out = tcb.onTimer('retransmit', now);
    if (sent(out).length === 0) {
      assert.ok(freed(out));
      assert.deepEqual(app(out), [], 'nobody accepted it: nobody is told');
      break;
    }
    count++;
    rto = Number(armed(out)[0]?.split(' ')[1]);
  }
  assert.equal(count, 5);
  assert.equal(now, 63_000);
});

test('SYN_RECV + RST -> CLOSED silently', () => {
  const { tcb } = server();
  const out = tcb.onSegment({ ...seg({ rst: true }, 1001), sport: 40000, dport: 80 }, 1);
  assert.equal(tcb.state, 'CLOSED');
  assert.deepEqual(app(out), []);
});

test('SYN_RECV + ACK of something else -> RST', () => {
  const { tcb } = server();
  const [rst] = sent(tcb.onSegment({ ...seg({ ack: true }, 1001, 12345), sport: 40000, dport: 80 }, 1));
  assert.equal(flags(rst), 'R');
  assert.equal(rst?.seq, 12345);
});

test('ESTABLISHED + close() -> FIN_WAIT1, sends FIN-ACK, arms the FIN retransmission (200 ms)', () => {
  const t = client('ESTABLISHED');
  const out = t.close(5);
  assert.equal(t.state, 'FIN_WAIT1');
  const [fin] = sent(out);
  assert.equal(flags(fin), 'F.');
  assert.equal(fin?.seq, 1001);
  assert.equal(fin?.ack, 5001);
  assert.deepEqual(armed(out), ['retransmit 200']);
  assert.ok(t.orphan);
});

test('ESTABLISHED + shutdown(SHUT_WR) -> FIN_WAIT1, sends FIN, the process still reads', () => {
  const t = client('ESTABLISHED');
  assert.equal(flags(sent(t.shutdownWrite(5))[0]), 'F.');
  assert.equal(t.state, 'FIN_WAIT1');
  assert.equal(t.orphan, false);
});

test('ESTABLISHED + FIN -> CLOSE_WAIT, the ACK is delayed 40 ms, read() returns 0', () => {
  const t = client('ESTABLISHED');
  const out = t.onSegment(seg({ fin: true, ack: true }, 5001, 1001), 5);
  assert.equal(t.state, 'CLOSE_WAIT');
  assert.equal(sent(out).length, 0);
  assert.deepEqual(armed(out), [`delayed-ack ${TCP_DELACK_MS}`]);
  assert.deepEqual(app(out), ['eof']);
});

test('CLOSE_WAIT + delayed-ACK timer -> sends the ACK of the FIN', () => {
  const t = client('CLOSE_WAIT');
  const [ack] = sent(t.onTimer('delayed-ack', 45));
  assert.equal(flags(ack), '.');
  assert.equal(ack?.ack, 5002);
});

test('CLOSE_WAIT + close() -> LAST_ACK, the FIN carries the pending ACK', () => {
  const t = client('CLOSE_WAIT');
  const out = t.close(6);
  assert.equal(t.state, 'LAST_ACK');
  const [fin] = sent(out);
  assert.equal(flags(fin), 'F.');
  assert.equal(fin?.ack, 5002);
  assert.ok(out.some((a) => a.kind === 'cancel' && a.timer === 'delayed-ack'));
  assert.equal(sent(t.onTimer('delayed-ack', 45)).length, 0, 'no separate ACK any more');
});

test('LAST_ACK + ACK of our FIN -> CLOSED, the socket is freed', () => {
  const t = client('LAST_ACK');
  const out = t.onSegment(seg({ ack: true }, 5002, 1002), 7);
  assert.equal(t.state, 'CLOSED');
  assert.ok(freed(out));
  assert.equal(sent(out).length, 0);
});

test('FIN_WAIT1 + ACK of our FIN -> FIN_WAIT2; an orphan waits tcp_fin_timeout', () => {
  const t = client('FIN_WAIT1');
  const out = t.onSegment(seg({ ack: true }, 5001, 1002), 3);
  assert.equal(t.state, 'FIN_WAIT2');
  assert.deepEqual(armed(out), [`fin-wait2 ${TCP_FIN_TIMEOUT_MS}`]);
});

test('FIN_WAIT1 + FIN-ACK acknowledging our FIN -> TIME_WAIT, sends the last ACK at once', () => {
  const t = client('FIN_WAIT1');
  const out = t.onSegment(seg({ fin: true, ack: true }, 5001, 1002), 3);
  assert.equal(t.state, 'TIME_WAIT');
  const [ack] = sent(out);
  assert.equal(flags(ack), '.');
  assert.equal(ack?.ack, 5002);
  assert.ok(armed(out).includes(`time-wait ${TCP_TIMEWAIT_MS}`));
});

test('FIN_WAIT1 + FIN not acknowledging ours (the FINs crossed) -> CLOSING, ACK at once', () => {
  const t = client('FIN_WAIT1');
  const out = t.onSegment(seg({ fin: true, ack: true }, 5001, 1001), 3);
  assert.equal(t.state, 'CLOSING');
  assert.equal(flags(sent(out)[0]), '.');
});

test('CLOSING + ACK of our FIN -> TIME_WAIT', () => {
  const t = client('CLOSING');
  t.onSegment(seg({ ack: true }, 5002, 1002), 4);
  assert.equal(t.state, 'TIME_WAIT');
});

test('FIN_WAIT2 + FIN -> TIME_WAIT, sends ACK', () => {
  const t = client('FIN_WAIT2');
  const out = t.onSegment(seg({ fin: true, ack: true }, 5001, 1002), 4);
  assert.equal(t.state, 'TIME_WAIT');
  assert.equal(flags(sent(out)[0]), '.');
});

test('FIN_WAIT2 + fin-wait2 timer -> CLOSED without a segment', () => {
  const t = client('FIN_WAIT2');
  const out = t.onTimer('fin-wait2', 60_003);
  assert.equal(t.state, 'CLOSED');
  assert.equal(sent(out).length, 0);
});

test('FIN_WAIT1 + retransmission timer -> a loss probe after 200 ms, then the FIN every 200, 400, 800 ms', () => {
  // Measured on Linux 6.18 (veth, FIN dropped): FINs at 0, 0.208, 0.420, 0.856, 1.688, 3.352 s.
  const t = client('FIN_WAIT1');
  const probe = t.onTimer('retransmit', 202);
  assert.equal(flags(sent(probe)[0]), 'F.');
  assert.equal(sent(probe)[0]?.seq, 1001);
  assert.deepEqual(armed(probe), ['retransmit 200'], 'the probe re-arms the RTO without backing off');
  const first = t.onTimer('retransmit', 402);
  assert.equal(flags(sent(first)[0]), 'F.');
  assert.deepEqual(armed(first), ['retransmit 400']);
  assert.deepEqual(armed(t.onTimer('retransmit', 802)), ['retransmit 800']);
});

test('FIN_WAIT1 + the peer\'s FIN crossing ours -> CLOSING; its ACK, past the FIN we never got, still counts', () => {
  // Our FIN was lost; the peer closed too and got our ACK of its FIN. Its ACK of our FIN
  // arrives with seq one past our rcv_nxt (its own FIN, that we did receive, is before it)...
  const t = client('FIN_WAIT1');
  t.onSegment(seg({ fin: true, ack: true }, 5001, 1001), 3);
  assert.equal(t.state, 'CLOSING');
  // ... and the other way round: the server in FIN_WAIT1 that never received the client's FIN
  // takes the client's ACK (seq one past its rcv_nxt) as the ACK of its FIN, silently.
  const server = client('FIN_WAIT1');
  const out = server.onSegment(seg({ ack: true }, 5002, 1002), 3);
  assert.equal(server.state, 'FIN_WAIT2');
  assert.equal(sent(out).length, 0, 'a bare ACK ahead of rcv_nxt gets no duplicate ACK');
});

test('a segment beyond the receive window gets a duplicate ACK and changes nothing', () => {
  const t = client('FIN_WAIT1');
  const out = t.onSegment(seg({ ack: true }, 5001 + 200_000, 1002), 3);
  assert.equal(t.state, 'FIN_WAIT1');
  assert.equal(flags(sent(out)[0]), '.');
});

test('TIME_WAIT + the peer\'s FIN again -> ACK again, 60 s start over', () => {
  const t = client('TIME_WAIT');
  const out = t.onSegment(seg({ fin: true, ack: true }, 5001, 1002), 100);
  assert.equal(t.state, 'TIME_WAIT');
  assert.equal(flags(sent(out)[0]), '.');
  assert.deepEqual(armed(out), [`time-wait ${TCP_TIMEWAIT_MS}`]);
});

test('TIME_WAIT + timer -> CLOSED, the socket is freed', () => {
  const t = client('TIME_WAIT');
  const out = t.onTimer('time-wait', 60_003);
  assert.equal(t.state, 'CLOSED');
  assert.ok(freed(out));
});

test('TIME_WAIT + RST -> CLOSED', () => {
  const t = client('TIME_WAIT');
  t.onSegment(seg({ rst: true }, 5002), 10);
  assert.equal(t.state, 'CLOSED');
});

test('ESTABLISHED + RST at the expected sequence number -> CLOSED, ECONNRESET', () => {
  const t = client('ESTABLISHED');
  const out = t.onSegment(seg({ rst: true }, 5001), 5);
  assert.equal(t.state, 'CLOSED');
  assert.deepEqual(app(out), ['reset']);
});

test('ESTABLISHED + RST with another sequence number -> challenge ACK (RFC 5961), stays ESTABLISHED', () => {
  const t = client('ESTABLISHED');
  const out = t.onSegment(seg({ rst: true }, 7777), 5);
  assert.equal(t.state, 'ESTABLISHED');
  assert.equal(flags(sent(out)[0]), '.');
});

test('ESTABLISHED + SYN -> challenge ACK, stays ESTABLISHED', () => {
  const t = client('ESTABLISHED');
  const out = t.onSegment(seg({ syn: true }, 1), 5);
  assert.equal(t.state, 'ESTABLISHED');
  assert.equal(flags(sent(out)[0]), '.');
});

test('resetFor: a SYN gets [R.] seq 0 ack ISN+1; an ACK gets [R] seq = its ack; a reset gets nothing', () => {
  const rstForSyn = resetFor({ ...seg({ syn: true }, 4000), sport: 40000, dport: 81 });
  assert.deepEqual([flags(rstForSyn), rstForSyn?.seq, rstForSyn?.ack, rstForSyn?.win, rstForSyn?.options, rstForSyn?.sport, rstForSyn?.dport], ['R.', 0, 4001, 0, '', 81, 40000]);
  const rstForAck = resetFor(seg({ ack: true }, 10, 555));
  assert.deepEqual([flags(rstForAck), rstForAck?.seq], ['R', 555]);
  assert.equal(resetFor(seg({ rst: true, ack: true }, 1, 2)), undefined);
});
