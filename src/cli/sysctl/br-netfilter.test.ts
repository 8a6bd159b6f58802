// The kernel profile's br_netfilter: built in (the course's Linux 6.18, the default) or absent
// (a stock kernel before Docker loads the module). Scenarios that bridge set the sysctl themselves.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../shell.ts';

const BRIDGED = `ip netns add c1
ip netns add c2
ip link add br0 type bridge
ip link add vethA type veth peer name eth0 netns c1
ip link add vethB type veth peer name eth0 netns c2
ip link set vethA master br0
ip link set vethB master br0
ip link set br0 up
ip link set vethA up
ip link set vethB up
ip netns exec c1 ip addr add 10.0.0.1/24 dev eth0
ip netns exec c1 ip link set eth0 up
ip netns exec c2 ip addr add 10.0.0.2/24 dev eth0
ip netns exec c2 ip link set eth0 up
iptables -A FORWARD
ip netns exec c1 ping -c 1 10.0.0.2
iptables -L FORWARD -v -n -x
`;

function forwardCount(stdout: string): number {
  const row = stdout.split('\n')[3] ?? '';
  return Number(row.trim().split(/\s+/)[0]);
}

test('this kernel (the default): the bridge keys exist and bridged IPv4 meets FORWARD', () => {
  const run = runScenario(`sysctl net.bridge.bridge-nf-call-iptables\n${BRIDGED}`);
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /net\.bridge\.bridge-nf-call-iptables = 1/);
  assert.equal(forwardCount(run.stdout.slice(run.stdout.indexOf('== default: iptables'))), 2);
});

test('without br_netfilter: no /proc/sys/net/bridge, sysctl -w fails as Linux sysctl does, bridged frames skip iptables', () => {
  const absent = { kernel: { brNetfilter: 'absent' as const } };
  const write = runScenario('sysctl -w net.bridge.bridge-nf-call-iptables=1\n', absent);
  assert.equal(write.stderr, 'line 1: sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n');
  assert.equal(write.exitCode, 1);
  const run = runScenario(BRIDGED, absent);
  assert.equal(run.stderr, '');
  assert.equal(forwardCount(run.stdout), 0);
});
