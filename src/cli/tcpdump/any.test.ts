// tcpdump -i any: the Linux cooked capture's lines (content/scenarios/tcpdump-any.sh records a
// bridge, a router and lo live).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../shell.ts';

const ROUTER = `ip netns add a
ip link add eth1 type veth peer name eth0 netns a
ip addr add 10.0.0.254/24 dev eth1
ip link set eth1 up
ip link set lo up
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec a ip link set eth0 up
`;

test('each device of the namespace, padded to 5, then In/Out/B; lo once, In', () => {
  const run = runScenario(`${ROUTER}tcpdump -n -i any &\nip netns exec a ping -c 1 10.0.0.254\nping -c 1 10.0.0.254\n`);
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n').filter((l) => l !== '').map((l) => l.replace(/id \d+/, 'id N').replace(/is-at [0-9a-f:]+/, 'is-at M'));
  assert.deepEqual(lines, [
    '== default any',
    'eth1  B   ARP, Request who-has 10.0.0.254 tell 10.0.0.1, length 28',
    'eth1  Out ARP, Reply 10.0.0.254 is-at M, length 28',
    'eth1  In  IP 10.0.0.1 > 10.0.0.254: ICMP echo request, id N, seq 1, length 64',
    'eth1  Out IP 10.0.0.254 > 10.0.0.1: ICMP echo reply, id N, seq 1, length 64',
    'lo    In  IP 10.0.0.254 > 10.0.0.254: ICMP echo request, id N, seq 1, length 64',
    'lo    In  IP 10.0.0.254 > 10.0.0.254: ICMP echo reply, id N, seq 1, length 64',
  ]);
});

test('filters apply to the cooked frames', () => {
  const run = runScenario(`${ROUTER}tcpdump -n -i any arp &\nip netns exec a ping -c 1 10.0.0.254\n`);
  assert.equal(run.stdout.split('\n').filter((l) => l.includes('ICMP')).length, 0);
  assert.equal(run.stdout.split('\n').filter((l) => l.includes('ARP')).length, 2);
});

test('-e prints the cooked header: ifindex, the source MAC, the ethertype, the length with 20 bytes of header', () => {
  const run = runScenario(`${ROUTER}tcpdump -n -e -i any &\nping -c 1 10.0.0.254\n`);
  assert.deepEqual(run.stdout.split('\n').filter((l) => l !== '').map((l) => l.replace(/id \d+/, 'id N')), [
    '== default any',
    'lo    In  ifindex 1 00:00:00:00:00:00 ethertype IPv4 (0x0800), length 104: 10.0.0.254 > 10.0.0.254: ICMP echo request, id N, seq 1, length 64',
    'lo    In  ifindex 1 00:00:00:00:00:00 ethertype IPv4 (0x0800), length 104: 10.0.0.254 > 10.0.0.254: ICMP echo reply, id N, seq 1, length 64',
  ]);
});
