// runHook's verdicts name what decided a drop: the rule (table, chain, number), the policy, or
// conntrack's insert clash (not a rule's doing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addr, appendRule, createWorld, ip, ns, up, veth } from '../testing/build.ts';
import type { Skb } from '../world.ts';
import { runHook } from './hooks.ts';

function setup() {
  const world = createWorld(1);
  veth(world, 'a', 'eth0', 'eth0', 'b');
  addr(world, 'a', 'eth0', '10.0.0.1/24');
  up(world, 'a', 'eth0');
  const a = ns(world, 'a');
  return { world, a, eth0: a.devices.get('eth0')! };
}

const udp = (sport: number): Skb => ({
  packetId: 1,
  pktType: 'host',
  local: true,
  ip: { kind: 'ipv4', src: ip('10.0.0.1'), dst: ip('10.0.0.2'), ttl: 64, id: 1, payload: { kind: 'udp', sport, dport: 53, dataLength: 0 } },
});

test('a DROP rule reached by a jump is named by its own chain and number', () => {
  const { world, a, eth0 } = setup();
  a.tables.get('filter')!.chains.set('CHK', { name: 'CHK', builtin: false, rules: [], references: 1, policyCounters: { packets: 0, bytes: 0 } });
  appendRule(world, 'a', 'filter', 'OUTPUT', { target: { kind: 'jump', chain: 'CHK' } });
  appendRule(world, 'a', 'filter', 'CHK', { target: { kind: 'ACCEPT' }, protocol: { value: 6, negate: false } });
  appendRule(world, 'a', 'filter', 'CHK', { target: { kind: 'DROP' } });
  const verdict = runHook(a, 'OUTPUT', udp(1000), undefined, eth0);
  assert.deepEqual(verdict, { kind: 'drop', reason: { kind: 'rule', table: 'filter', chain: 'CHK', rule: 2, verdict: 'DROP' } });
});

test('a DROP policy is named by table and chain', () => {
  const { a, eth0 } = setup();
  const output = a.tables.get('filter')!.chains.get('OUTPUT')!;
  output.policy = 'DROP';
  output.registered = true;
  const verdict = runHook(a, 'OUTPUT', udp(1000), undefined, eth0);
  assert.deepEqual(verdict, { kind: 'drop', reason: { kind: 'policy', table: 'filter', chain: 'OUTPUT' } });
});

test('an entry whose tuples are already in the table is dropped at confirm: a conntrack clash, not a rule', () => {
  const { world, a, eth0 } = setup();
  appendRule(world, 'a', 'nat', 'POSTROUTING', { target: { kind: 'MASQUERADE' } });
  const tuple = { src: ip('10.0.0.1'), dst: ip('10.0.0.2'), proto: 17, sport: 1000, dport: 53 };
  const first = a.conntrack.newEntry(0, tuple, 0);
  assert.ok(a.conntrack.confirm(first));
  const skb = udp(1000);
  skb.ct = { entry: a.conntrack.newEntry(0, tuple, 0), dir: 'original', related: false };
  const verdict = runHook(a, 'POSTROUTING', skb, undefined, eth0);
  assert.deepEqual(verdict, { kind: 'drop', reason: { kind: 'conntrack-clash' } });
});
