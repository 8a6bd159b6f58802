// `netsim trace` names why a packet died: the rule (table, chain, number, verdict), the policy,
// or the kernel's own reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeScript } from './shell.ts';
import { formatTrace } from './trace-format.ts';

const SETUP = `ip netns add a
ip netns add b
ip link add eth0 netns a type veth peer name eth0 netns b
ip netns exec a ip addr add 10.0.0.1/24 dev eth0
ip netns exec b ip addr add 10.0.0.2/24 dev eth0
ip netns exec a ip link set eth0 up
ip netns exec b ip link set eth0 up
`;

function dropLines(script: string): string[] {
  const run = executeScript(SETUP + script, { trace: true });
  assert.equal(run.error, undefined);
  return formatTrace(run.world.trace).split('\n').filter((line) => line.includes(' DROP ('));
}

test('a REJECT rule is named by table, chain, number and verdict', () => {
  const lines = dropLines('ip netns exec b iptables -A INPUT -p udp -j ACCEPT\nip netns exec b iptables -A INPUT -p icmp -j REJECT\nip netns exec a ping -c 1 -W 1 10.0.0.2\n');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /^ {2}\d\.\d{3}s {2}b eth0 {2}DROP \(filter INPUT rule 2 -> REJECT\) {2}rejected in INPUT$/);
});

test('a DROP policy is named by table and chain', () => {
  const lines = dropLines('ip netns exec b iptables -P INPUT DROP\nip netns exec a ping -c 1 -W 1 10.0.0.2\n');
  assert.deepEqual(lines.map((l) => l.replace(/^ +\S+ +/, '')), ['b eth0  DROP (filter INPUT policy DROP)  dropped in INPUT']);
});

test('a kernel drop keeps its own name', () => {
  const lines = dropLines('ip netns exec a ping -c 1 -W 1 10.9.9.9\n');
  assert.deepEqual(lines.map((l) => l.replace(/^ +\S+ +/, '')), ['a  DROP (no-route)  no route to 10.9.9.9 from namespace a']);
});
