// `netsim trace` names why a packet died: the rule (table, chain, number, verdict), the policy,
// or the kernel's own reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
  // With a source address ping skips its connect() probe (which would fail the command), so
  // the request itself meets the missing route.
  const lines = dropLines('ip netns exec a ping -c 1 -W 1 -I 10.0.0.1 10.9.9.9\n');
  assert.deepEqual(lines.map((l) => l.replace(/^ +\S+ +/, '')), ['a  DROP (no-route)  no route to 10.9.9.9 from namespace a']);
});

test('more packets waiting for ARP than the queue holds: the oldest is dropped and named', () => {
  // 10.0.0.9 never answers ARP; 105 pings 2 ms apart all queue behind the first request.
  const lines = dropLines('ip netns exec a ping -c 105 -i 0.002 -W 1 -q 10.0.0.9\n');
  const queueFull = lines.filter((l) => l.includes('DROP (neighbour-queue-full)'));
  assert.equal(queueFull.length, 5);
  assert.match(queueFull[0]!, /a eth0 {2}DROP \(neighbour-queue-full\) {2}more than 100 packets wait for ARP to resolve 10\.0\.0\.9 on eth0: the oldest is dropped$/);
});

test('an ARP frame addressed to another MAC is dropped as not for us', () => {
  // A bridge that forgets at once (ageing_time 0) floods b's unicast ARP reply to c too.
  const script = readFileSync(new URL('../../content/scenarios/bridge-ageing-zero-floods.sh', import.meta.url), 'utf8');
  const run = executeScript(script, { trace: true });
  assert.equal(run.error, undefined);
  const lines = formatTrace(run.world.trace).split('\n').filter((line) => line.includes('DROP (not-for-us)') && line.includes('ARP'));
  assert.ok(lines.length >= 1, 'with ageing_time 0 the bridge floods b\'s unicast ARP reply, and c drops its copy');
  assert.match(lines[0]!, / c eth0 {2}DROP \(not-for-us\) {2}eth0 received an ARP frame addressed to another MAC: ARP ignores it$/);
});

test('a rule that matched is named by its own text, the rule as it stood then', () => {
  const run = executeScript(SETUP + 'ip netns exec b iptables -A INPUT -p icmp -j ACCEPT\nip netns exec a ping -c 1 -W 1 10.0.0.2\nip netns exec b iptables -I INPUT -p icmp -j DROP\n', { trace: true });
  assert.equal(run.error, undefined);
  const lines = formatTrace(run.world.trace).split('\n').filter((line) => line.includes(' filter INPUT '));
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /b eth0 {2}filter INPUT {2}-A INPUT -p icmp -j ACCEPT matched -> ACCEPT$/);
});
