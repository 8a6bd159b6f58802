import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { executeScript, formatScenarioOutput } from '../cli/shell.ts';
import { buildConnectionTimeline, connectionTimeline, listFlows, recordConnections, type ConnectionTimeline, type TimelineStep } from './connection-timeline.ts';

const scenario = (id: string): string => readFileSync(new URL(`../../content/scenarios/${id}.sh`, import.meta.url), 'utf8');

function packets(tl: ConnectionTimeline): TimelineStep[] {
  return tl.steps.filter((s) => s.kind === 'packet');
}

test('the handshake and the close, packet by packet: both ends as ss names them', () => {
  const tl = buildConnectionTimeline(scenario('tcp-handshake'))!;
  assert.equal(tl.flow.proto, 'tcp');
  assert.equal(tl.flow.client.ns, 'client');
  assert.equal(tl.flow.server.ns, 'web');
  const steps = packets(tl);
  assert.deepEqual(steps.map((s) => s.label), ['SYN', 'SYN-ACK', 'ACK', 'FIN-ACK', 'FIN-ACK', 'ACK']);
  assert.deepEqual(steps.map((s) => s.direction), ['to-server', 'to-client', 'to-server', 'to-server', 'to-client', 'to-server']);
  assert.deepEqual(steps.map((s) => `${s.client.before}>${s.client.after}`), [
    'CLOSED>SYN-SENT', 'SYN-SENT>ESTAB', 'ESTAB>ESTAB', 'ESTAB>FIN-WAIT-1', 'FIN-WAIT-1>TIME-WAIT', 'TIME-WAIT>TIME-WAIT',
  ]);
  assert.deepEqual(steps.map((s) => `${s.server.before}>${s.server.after}`), [
    'LISTEN>SYN-RECV', 'SYN-RECV>SYN-RECV', 'SYN-RECV>ESTAB', 'ESTAB>CLOSE-WAIT', 'CLOSE-WAIT>LAST-ACK', 'LAST-ACK>CLOSED',
  ]);
  // One segment moved the client twice: the FIN-ACK acknowledged its FIN and carried the peer's.
  assert.deepEqual(steps[4]!.client.path, ['FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT']);
  assert.match(steps[1]!.client.why ?? '', /SYN-ACK completes the handshake/);
  // Each packet with the tcpdump lines the scenario's two captures took of it.
  assert.deepEqual(steps[0]!.lines.map((l) => l.capture), ['client eth0', 'web eth0']);
  assert.match(steps[0]!.lines[0]!.line, /^IP 10\.0\.0\.1\.\d+ > 10\.0\.0\.2\.80: Flags \[S\], seq \d+, win 64240/);
  assert.equal(steps[0]!.fate?.kind, 'delivered');
  assert.deepEqual(steps[0]!.hops, [{ ns: 'client', dev: 'eth0', dir: 'out' }, { ns: 'web', dev: 'eth0', dir: 'in' }]);
});

test('conntrack on a stateful router: created at the SYN, [ASSURED] at the ACK, TIME_WAIT at the end', () => {
  const tl = buildConnectionTimeline(scenario('tcp-conntrack-states'), { dport: 80 })!;
  assert.deepEqual(tl.conntrackNamespaces, ['fw']);
  const fw = packets(tl).map((s) => s.conntrack.find((c) => c.ns === 'fw')!);
  assert.deepEqual(fw.map((c) => c.change), ['created', 'updated', 'updated', 'updated', 'updated', 'updated']);
  assert.deepEqual(fw.map((c) => c.after?.tcpState), ['SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'LAST_ACK', 'TIME_WAIT']);
  assert.deepEqual(fw.map((c) => c.ctstate), ['NEW', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED', 'ESTABLISHED']);
  assert.equal(fw[0]!.after!.unreplied, true);
  assert.equal(fw[1]!.after!.unreplied, false);
  assert.equal(fw[1]!.after!.assured, false);
  assert.equal(fw[2]!.after!.assured, true);
  assert.equal(fw[2]!.after!.timeout, 432000);
  assert.match(fw[0]!.after!.line, /^tcp {6}6 120 SYN_SENT src=10\.0\.1\.2 dst=10\.0\.2\.2 sport=\d+ dport=80 \[UNREPLIED\] src=10\.0\.2\.2/);
});

test('a closed port: the SYN dies for want of a socket and the reset ends SYN-SENT', () => {
  const tl = buildConnectionTimeline(scenario('tcp-closed-port-rst'), { dport: 78 })!;
  const [syn, rst] = packets(tl);
  assert.equal(syn!.fate?.kind, 'dropped');
  if (syn!.fate?.kind !== 'dropped') return;
  assert.equal(syn!.fate.reason, 'no-socket');
  assert.equal(syn!.fate.answer?.kind, 'rst');
  assert.equal(syn!.server.after, 'CLOSED');
  assert.equal(rst!.label, 'RST-ACK');
  assert.equal(`${rst!.client.before}>${rst!.client.after}`, 'SYN-SENT>CLOSED');
});

test('the observer changes nothing: every scenario prints and traces the same with and without it', () => {
  const ids = readdirSync(new URL('../../content/scenarios/', import.meta.url)).filter((f) => f.endsWith('.sh')).map((f) => f.slice(0, -3));
  assert.ok(ids.length > 80);
  for (const id of ids) {
    const plain = executeScript(scenario(id), { trace: true });
    const watched = recordConnections(scenario(id)).run;
    assert.equal(formatScenarioOutput(watched), formatScenarioOutput(plain), id);
    assert.deepEqual(watched.world.trace, plain.world.trace, id);
  }
});

test('flows: one per connection, picked by id, by a packet summary or by tuple', () => {
  const recorded = recordConnections(scenario('tcp-closed-port-rst'));
  const flows = listFlows(recorded);
  assert.deepEqual(flows.map((f) => f.server.port), [78, 79, 80]);
  assert.equal(connectionTimeline(recorded, flows[1]!.id)?.flow.id, flows[1]!.id);
  assert.equal(connectionTimeline(recorded, '10.0.0.2.80: TCP [S]')?.flow.server.port, 80);
  assert.equal(connectionTimeline(recorded, { dport: 79 })?.flow.server.port, 79);
  assert.equal(connectionTimeline(recorded, { dport: 81 }), undefined);
});

test('timers are steps without a packet: TIME-WAIT ends after 60 s, a conntrack entry times out', () => {
  const source = `${scenario('tcp-conntrack-states')}ip netns exec client ss -tan\nsleep 130\nip netns exec fw conntrack -L\n`;
  const tl = buildConnectionTimeline(source, { dport: 80 })!;
  const events = tl.steps.filter((s) => s.kind === 'event');
  const timeWaitEnds = events.find((s) => s.client.before === 'TIME-WAIT' && s.client.after === 'CLOSED')!;
  assert.ok(timeWaitEnds, 'TIME-WAIT ends');
  const lastAck = packets(tl).at(-1)!;
  // TIME_WAIT lasts 60 s (the timer wheel fires it a little late).
  assert.ok(timeWaitEnds.t - lastAck.t >= 60_000 && timeWaitEnds.t - lastAck.t < 61_000, `${timeWaitEnds.t - lastAck.t}`);
  assert.match(timeWaitEnds.client.why ?? '', /60 s/);
  const expired = events.find((s) => s.conntrack.some((c) => c.ns === 'fw' && c.change === 'destroyed'))!;
  assert.ok(expired, 'the entry goes');
  // conntrack's TIME_WAIT is 120 s from the last ACK.
  assert.equal(expired.t, lastAck.conntrack.find((c) => c.ns === 'fw')!.after!.expiresAt);
  assert.equal(expired.t - lastAck.t, 120_000);
  assert.ok(lastAck.server.path.length > 0 && tl.steps[1]!.server.path[0] === 'LISTEN');
});

test('resets: a closed port\'s and REJECT --reject-with tcp-reset\'s, and what conntrack keeps of them (nothing)', () => {
  const closed = buildConnectionTimeline(scenario('conn-refused-rst'), { dport: 82 })!;
  const [syn, rst] = packets(closed);
  assert.deepEqual(closed.conntrackNamespaces, ['client', 'fw', 'web']);
  assert.equal(syn!.fate?.kind === 'dropped' && syn!.fate.reason, 'no-socket');
  assert.equal(syn!.fate?.kind === 'dropped' && syn!.fate.answer?.kind, 'rst');
  // web confirmed the SYN's entry (it passed INPUT), and the reset, the only reply, deletes it at once.
  assert.deepEqual(syn!.conntrack.map((c) => `${c.ns} ${c.change}`), ['client created', 'fw created', 'web created']);
  assert.deepEqual(rst!.conntrack.map((c) => `${c.ns} ${c.change}`), ['client destroyed', 'fw destroyed', 'web destroyed']);
  const rejected = buildConnectionTimeline(scenario('conn-refused-rst'), { dport: 81 })!;
  const [syn2, rst2] = packets(rejected);
  assert.equal(syn2!.fate?.kind === 'dropped' && syn2!.fate.reason, 'filter FORWARD rule 2 -> REJECT');
  assert.equal(syn2!.fate?.kind === 'dropped' && syn2!.fate.answer?.kind, 'rst');
  // fw rejected the SYN in FORWARD, before conntrack confirms: NEW, and no entry; web never saw it.
  assert.deepEqual(syn2!.conntrack.map((c) => `${c.ns} ${c.change} ${c.ctstate ?? '-'}`), ['client created NEW', 'fw absent NEW']);
  assert.equal(rst2!.from, 'fw');
  assert.equal(`${rst2!.client.before}>${rst2!.client.after}`, 'SYN-SENT>CLOSED');
  assert.equal(rst2!.server.after, 'LISTEN');
});
