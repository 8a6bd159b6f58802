import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLabModel } from '../lab/lab-model.ts';
import { parseScript } from '../cli/script.ts';
import { generateScript, planScenario } from '../kernel/kernel-runner.ts';
import { engineKey, kernelHookSteps, kernelKey, kernelWalks, parseTrace, stepLines } from './hooks.ts';
import { compareItem, formatTraces, parseTraces } from './hooks-check.ts';

// What `nft monitor trace` printed on Linux 6.18 for a ping from a (10.0.0.1) through the
// router (default, MASQUERADE on eth2) to b (192.0.2.2), shortened to the fields that matter.
const T = 'trace id 1 ip packet_path_hooks';
const REQ = 'ip id 1239 ip length 84 icmp type echo-request icmp code net-unreachable icmp id 22979 icmp sequence 1 @th,64,96 0x9bd3';
const REP = 'ip id 19968 ip length 84 icmp type echo-reply icmp code net-unreachable icmp id 22979 icmp sequence 1 @th,64,96 0x9bd3';
const TRACES: Record<string, string> = {
  // The router's file comes first: file order across namespaces says nothing.
  default: [
    `${T} prerouting packet: iif "eth1" ether saddr a2:85:ad:14:ad:39 ip saddr 10.0.0.1 ip daddr 192.0.2.2 ip ttl 64 ${REQ}`,
    `${T} prerouting rule meta nftrace set 1 (verdict continue)`,
    `${T} forward packet: iif "eth1" oif "eth2" ip saddr 10.0.0.1 ip daddr 192.0.2.2 ip ttl 63 ${REQ}`,
    `${T} postrouting packet: iif "eth1" oif "eth2" ip saddr 10.0.0.1 ip daddr 192.0.2.2 ip ttl 63 ${REQ}`,
    `trace id 1 ip nat POSTROUTING packet: iif "eth1" oif "eth2" ip saddr 10.0.0.1 ip daddr 192.0.2.2 ip ttl 63 ${REQ}`,
    `${T} prerouting packet: iif "eth2" ip saddr 192.0.2.2 ip daddr 192.0.2.1 ip ttl 64 ${REP}`,
    `${T} forward packet: iif "eth2" oif "eth1" ip saddr 192.0.2.2 ip daddr 10.0.0.1 ip ttl 63 ${REP}`,
    `${T} postrouting packet: iif "eth2" oif "eth1" ip saddr 192.0.2.2 ip daddr 10.0.0.1 ip ttl 63 ${REP}`,
  ].join('\n'),
  a: [
    `${T} output packet: oif "eth0" ip saddr 10.0.0.1 ip daddr 192.0.2.2 ip ttl 64 ${REQ}`,
    `${T} postrouting packet: oif "eth0" ip saddr 10.0.0.1 ip daddr 192.0.2.2 ip ttl 64 ${REQ}`,
    `${T} prerouting packet: iif "eth0" ip saddr 192.0.2.2 ip daddr 10.0.0.1 ip ttl 63 ${REP}`,
    `${T} input packet: iif "eth0" ip saddr 192.0.2.2 ip daddr 10.0.0.1 ip ttl 63 ${REP}`,
  ].join('\n'),
  b: [
    `${T} prerouting packet: iif "eth0" ip saddr 192.0.2.1 ip daddr 192.0.2.2 ip ttl 63 ${REQ}`,
    `${T} input packet: iif "eth0" ip saddr 192.0.2.1 ip daddr 192.0.2.2 ip ttl 63 ${REQ}`,
    `${T} output packet: oif "eth0" ip saddr 192.0.2.2 ip daddr 192.0.2.1 ip ttl 64 ${REP}`,
    `${T} postrouting packet: oif "eth0" ip saddr 192.0.2.2 ip daddr 192.0.2.1 ip ttl 64 ${REP}`,
  ].join('\n'),
};
const LINKS = [
  { a: { ns: 'default', dev: 'eth1' }, b: { ns: 'a', dev: 'eth0' } },
  { a: { ns: 'default', dev: 'eth2' }, b: { ns: 'b', dev: 'eth0' } },
];

test('parseTrace: one step per packet: line of our table, other tables and rule lines ignored; NAT keeps the fingerprint', () => {
  const events = parseTrace('default', TRACES.default!);
  assert.deepEqual(
    events.map((e) => `${e.hook} ${e.iif ?? '-'} ${e.oif ?? '-'} ttl ${e.ttl}`),
    ['PREROUTING eth1 - ttl 64', 'FORWARD eth1 eth2 ttl 63', 'POSTROUTING eth1 eth2 ttl 63', 'PREROUTING eth2 - ttl 64', 'FORWARD eth2 eth1 ttl 63', 'POSTROUTING eth2 eth1 ttl 63'],
  );
  const inB = parseTrace('b', TRACES.b!)[0]!;
  assert.equal(inB.saddr, '192.0.2.1', 'masqueraded');
  assert.equal(inB.fingerprint, events[0]!.fingerprint, 'the same packet before and after SNAT');
  assert.notEqual(events[3]!.fingerprint, events[0]!.fingerprint, 'the reply is another packet');
});

test('kernelWalks: the packet followed from its birth through each veth to the next namespace, whatever the files order', () => {
  const walks = kernelWalks(TRACES, LINKS, ['default', 'a', 'b']);
  assert.equal(walks.length, 2);
  assert.deepEqual(stepLines(kernelHookSteps(walks[0]!)), [
    'a OUTPUT',
    'a POSTROUTING',
    'default PREROUTING',
    'default FORWARD',
    'default POSTROUTING',
    'b PREROUTING',
    'b INPUT',
  ]);
  assert.deepEqual(stepLines(kernelHookSteps(walks[1]!)), ['b OUTPUT', 'b POSTROUTING', 'default PREROUTING', 'default FORWARD', 'default POSTROUTING', 'a PREROUTING', 'a INPUT']);
  assert.equal(kernelHookSteps(walks[0]!)[4]!.dev, 'eth2', 'POSTROUTING names the out device');
});

test('a packet sent to the namespace itself over lo is one visit: OUTPUT, POSTROUTING, PREROUTING, INPUT', () => {
  const self = [
    `${T} output packet: oif "lo" ip saddr 10.0.0.1 ip daddr 10.0.0.1 ip ttl 64 ${REQ}`,
    `${T} postrouting packet: oif "lo" ip saddr 10.0.0.1 ip daddr 10.0.0.1 ip ttl 64 ${REQ}`,
    `${T} prerouting packet: iif "lo" ip saddr 10.0.0.1 ip daddr 10.0.0.1 ip ttl 64 ${REQ}`,
    `${T} input packet: iif "lo" ip saddr 10.0.0.1 ip daddr 10.0.0.1 ip ttl 64 ${REQ}`,
  ].join('\n');
  const walks = kernelWalks({ default: self }, [], ['default']);
  assert.deepEqual(stepLines(kernelHookSteps(walks[0]!)), ['default OUTPUT', 'default POSTROUTING', 'default PREROUTING', 'default INPUT']);
});

test('keys: the kernel fields and the engine summary name the same packet (ICMP seq, TCP flags, the well-known port)', () => {
  const [request] = kernelWalks(TRACES, LINKS, ['default', 'a', 'b']);
  assert.equal(kernelKey(request![0]!), engineKey('a', 'OUTPUT', '10.0.0.1 > 192.0.2.2: ICMP echo request, id 7, seq 1'));
  assert.notEqual(kernelKey(request![0]!), engineKey('a', 'OUTPUT', '10.0.0.1 > 192.0.2.2: ICMP echo request, id 7, seq 2'));
  const synAck = parseTrace('web', `${T} output packet: oif "eth0" ip saddr 10.0.0.2 ip daddr 10.0.0.1 ip ttl 64 ip id 0 ip length 60 tcp sport 80 tcp dport 58522 tcp flags == 0x12 tcp window 65160`)[0]!;
  assert.equal(kernelKey(synAck), engineKey('web', 'OUTPUT', '10.0.0.2.80 > 10.0.0.1.39034: TCP [S.]'));
  assert.notEqual(kernelKey(synAck), engineKey('web', 'OUTPUT', '10.0.0.2.80 > 10.0.0.1.39034: TCP [S]'));
});

const SCENARIO = `ip netns add a
ip netns add b
ip link add eth1 type veth peer name eth0 netns a
ip link add eth2 type veth peer name eth0 netns b
ip addr add 10.0.0.254/24 dev eth1
ip addr add 192.0.2.1/24 dev eth2
ip link set eth1 up
ip link set eth2 up
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec a ip route add default via 10.0.0.254
ip netns exec b ip addr add 192.0.2.2/24 dev eth0
ip netns exec b ip link set eth0 up
ip netns exec b ip route add default via 192.0.2.1
sysctl -w net.ipv4.ip_forward=1
iptables -t nat -A POSTROUTING -o eth2 -j MASQUERADE
ip netns exec a ping -c 1 192.0.2.2
`;

test('compareItem: the engine agrees with the kernel trace; a kernel walk without FORWARD is reported as a diff', () => {
  const model = buildLabModel(SCENARIO);
  const item = { where: 'test', scenario: 'test', source: SCENARIO, packet: '10.0.0.1 > 192.0.2.2: ICMP echo request' };
  const traces = parseTraces(formatTraces(TRACES));
  const same = compareItem(item, model, traces);
  assert.equal(same.differ, 0, same.text);
  assert.equal(same.agree, 1);
  const noForward = { ...traces, default: traces.default!.split('\n').filter((l) => !l.includes(' forward packet: ')).join('\n') };
  const differs = compareItem(item, model, noForward);
  assert.equal(differs.differ, 1);
  assert.match(differs.text, /^\s+\+ ?default FORWARD$/m, differs.text);
  const all = compareItem({ ...item, packet: undefined }, model, traces);
  assert.deepEqual([all.agree, all.differ], [2, 0], 'a Lab item compares every packet with hooks');
});

test('the kernel runner with traceHooks traces the default namespace first and each namespace right after it is made', () => {
  const steps = planScenario(parseScript('ip netns add a\nip link add eth1 type veth peer name eth0 netns a\n'));
  const traced = generateScript(steps, true).split('# ---- scenario ----')[1]!.trim().split('\n');
  assert.equal(traced[0], 'trace_ns default');
  assert.match(traced[1]!, /^netns_add 1 0 default -- ip netns add a$/);
  assert.equal(traced[2], 'trace_ns a');
  assert.ok(!generateScript(steps).split('# ---- scenario ----')[1]!.includes('trace_ns'), 'no tracing unless asked');
});

test('kernelWalks: two packets alike (IP id 0, same length and flags) are told apart by the out device and by order', () => {
  const synAck = (dir: string, port: number): string => `${dir} ip saddr 198.51.100.2 ip daddr 198.51.100.1 ip id 0 ip length 60 tcp sport 80 tcp dport ${port} tcp flags == 0x12`;
  const traces = {
    inet: [`${T} output packet: oif "eth0" ${synAck('', 40000)} ip ttl 64`, `${T} postrouting packet: oif "eth0" ${synAck('', 40000)} ip ttl 64`, `${T} output packet: oif "eth0" ${synAck('', 40009)} ip ttl 64`, `${T} postrouting packet: oif "eth0" ${synAck('', 40009)} ip ttl 64`].join('\n'),
    default: [
      `${T} prerouting packet: iif "up" ${synAck('', 40000)} ip ttl 64`,
      `${T} forward packet: iif "up" oif "eth2" ${synAck('', 40000)} ip ttl 63`,
      `${T} postrouting packet: iif "up" oif "eth2" ${synAck('', 40000)} ip ttl 63`,
      `${T} prerouting packet: iif "up" ${synAck('', 40009)} ip ttl 64`,
      `${T} forward packet: iif "up" oif "eth1" ${synAck('', 40009)} ip ttl 63`,
      `${T} postrouting packet: iif "up" oif "eth1" ${synAck('', 40009)} ip ttl 63`,
    ].join('\n'),
    a: `${T} prerouting packet: iif "eth0" ${synAck('', 40009)} ip ttl 63\n${T} input packet: iif "eth0" ${synAck('', 40009)} ip ttl 63`,
    b: `${T} prerouting packet: iif "eth0" ${synAck('', 40000)} ip ttl 63\n${T} input packet: iif "eth0" ${synAck('', 40000)} ip ttl 63`,
  };
  const links = [...LINKS, { a: { ns: 'default', dev: 'up' }, b: { ns: 'inet', dev: 'eth0' } }];
  const walks = kernelWalks(traces, links, ['default', 'a', 'b', 'inet']).map((w) => stepLines(kernelHookSteps(w)).join(', '));
  assert.deepEqual(walks, [
    'inet OUTPUT, inet POSTROUTING, default PREROUTING, default FORWARD, default POSTROUTING, b PREROUTING, b INPUT',
    'inet OUTPUT, inet POSTROUTING, default PREROUTING, default FORWARD, default POSTROUTING, a PREROUTING, a INPUT',
  ]);
});
