// The socket layer and the clock it relies on: named behaviours, each on a small world.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World } from '../world.ts';
import { runScenario } from '../../cli/run-scenario.ts';
import { lookupUdp, UdpSocket } from './udp.ts';
import { EPHEMERAL_MAX, EPHEMERAL_MIN, socketsOf } from './sockets.ts';
import { addr, createWorld, ns, up, veth } from '../testing/build.ts';

test('the clock: at one instant kernel events run first, then woken processes, then processes that yield', () => {
  const w = new World(1);
  const order: string[] = [];
  w.scheduleYield(10, () => order.push('yield'));
  w.scheduleProcess(10, () => {
    order.push('process');
    w.schedule(10, () => order.push('kernel, made by the process'));
  });
  w.schedule(10, () => order.push('kernel'));
  w.schedule(5, () => order.push('earlier'));
  w.runUntil(10);
  assert.deepEqual(order, ['earlier', 'kernel', 'process', 'kernel, made by the process', 'yield']);
});

test('connect() without -p takes a free port of 32768-60999, a different one each time', () => {
  const w = createWorld(3);
  ns(w, 'a');
  ns(w, 'b');
  veth(w, 'a', 'eth0', 'eth0', 'b');
  addr(w, 'a', 'eth0', '10.0.0.1/24');
  addr(w, 'b', 'eth0', '10.0.0.2/24');
  up(w, 'a', 'eth0');
  up(w, 'b', 'eth0');
  const layer = socketsOf(ns(w, 'a'));
  const ports = new Set<number>();
  for (let i = 0; i < 50; i++) ports.add(layer.tcpConnect({ dst: 0x0a000002, dport: 80 }, {}).tcb.localPort);
  assert.equal(ports.size, 50);
  for (const p of ports) assert.ok(p >= EPHEMERAL_MIN && p <= EPHEMERAL_MAX, String(p));
});

test('UDP lookup: a connected socket takes only its peer\'s datagrams; a bound address beats the wildcard', () => {
  const wildcard = new UdpSocket(0, 5000);
  const bound = new UdpSocket(0x0a000002, 5000);
  const connected = new UdpSocket(0x0a000002, 5000);
  connected.remote = { addr: 0x0a000001, port: 4000 };
  const to = { addr: 0x0a000002, port: 5000 };
  assert.equal(lookupUdp([wildcard, bound, connected], { addr: 0x0a000001, port: 4000 }, to), connected);
  assert.equal(lookupUdp([wildcard, bound, connected], { addr: 0x0a000001, port: 4001 }, to), bound);
  assert.equal(lookupUdp([wildcard], { addr: 0x0a000001, port: 4001 }, { addr: 0x0a000003, port: 5000 }), wildcard);
  assert.equal(lookupUdp([connected], { addr: 0x0a000001, port: 4001 }, to), undefined);
});

test('REJECT --reject-with tcp-reset behind a DNAT: the reset leaves with the published address and port', () => {
  const script = [
    'ip netns add client',
    'ip netns add web',
    'ip link add eth0 type veth peer name eth0 netns client',
    'ip link add eth1 type veth peer name eth0 netns web',
    'ip addr add 203.0.113.1/24 dev eth0',
    'ip addr add 172.17.0.1/24 dev eth1',
    'ip link set eth0 up',
    'ip link set eth1 up',
    'sysctl -w net.ipv4.ip_forward=1',
    'ip netns exec client ip addr add 203.0.113.10/24 dev eth0',
    'ip netns exec client ip link set eth0 up',
    'ip netns exec web ip addr add 172.17.0.2/24 dev eth0',
    'ip netns exec web ip link set eth0 up',
    'iptables -t nat -A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    'iptables -A FORWARD -p tcp --dport 80 -j REJECT --reject-with tcp-reset',
    'tcpdump -n -i eth0 tcp &',
    'ip netns exec client nc -z 203.0.113.1 8080',
  ].join('\n');
  const out = runScenario(script);
  assert.equal(out.exitCode, 0, out.stderr);
  const lines = out.stdout.split('\n').filter((l) => l.startsWith('IP '));
  assert.equal(lines.length, 2);
  assert.match(lines[1] ?? '', /^IP 203\.0\.113\.1\.8080 > 203\.0\.113\.10\.\d+: Flags \[R\.\], seq 0, ack \d+, win 0, length 0$/);
});
