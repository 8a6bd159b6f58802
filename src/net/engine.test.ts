// A catalogue of named behaviours of the engine, each checked on a small world built
// directly (no CLI): the mechanisms of shared/kernel/FINDINGS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addr, appendRule, bridge, capture, createWorld, ip, ns, ping, route, sysctl, up, veth } from './testing/build.ts';
import type { World } from './world.ts';
import { addRoute } from './ops.ts';

/** The seed's two-bridges topology (scenario-format.md's example). */
function twoBridges(bridgeNf: '0' | '1'): World {
  const w = createWorld(7);
  ns(w, 'ns1');
  ns(w, 'ns2');
  veth(w, 'default', 'veth1', 'eth0', 'ns1');
  veth(w, 'default', 'veth2', 'eth1', 'ns2');
  bridge(w, 'default', 'br0', 'veth1');
  bridge(w, 'default', 'br1', 'veth2');
  addr(w, 'default', 'br0', '172.17.0.1/24');
  addr(w, 'default', 'br1', '172.19.0.1/24');
  up(w, 'default', 'br0', 'br1', 'veth1', 'veth2');
  addr(w, 'ns1', 'eth0', '172.17.0.4/24');
  up(w, 'ns1', 'eth0');
  route(w, 'ns1', 'default', '172.17.0.1');
  addr(w, 'ns2', 'eth1', '172.19.0.2/24');
  up(w, 'ns2', 'eth1');
  route(w, 'ns2', 'default', '172.19.0.1');
  sysctl(w, 'default', 'net.ipv4.ip_forward', '1');
  sysctl(w, 'default', 'net.bridge.bridge-nf-call-iptables', bridgeNf);
  appendRule(w, 'default', 'nat', 'POSTROUTING', {
    source: { value: { addr: ip('172.17.0.0'), len: 24 }, negate: false },
    target: { kind: 'SNAT', to: { minAddr: ip('172.17.0.1'), maxAddr: ip('172.17.0.1') } },
  });
  return w;
}

test('two bridges, bridge-nf-call-iptables=1: br1 shows the reply already de-NATed, veth2 does not', () => {
  const w = twoBridges('1');
  const br1 = capture(w, 'default', 'br1');
  const veth2 = capture(w, 'default', 'veth2');
  const p = ping(w, 'ns1', '172.19.0.2', 2);
  assert.equal(p.received, 2);
  const replies = (lines: string[]) => lines.filter((l) => l.includes('echo reply')).map((l) => l.split(':')[0]);
  assert.deepEqual(replies(br1.lines), ['172.19.0.2 > 172.17.0.4', '172.19.0.2 > 172.17.0.4']);
  assert.deepEqual(replies(veth2.lines), ['172.19.0.2 > 172.17.0.1', '172.19.0.2 > 172.17.0.1']);
  assert.deepEqual(br1.lines.slice(0, 2), ['ARP who-has 172.19.0.2 tell 172.17.0.1', 'ARP reply 172.19.0.2']);
});

test('two bridges, bridge-nf-call-iptables=0: br1 shows the reply still addressed to 172.17.0.1', () => {
  const w = twoBridges('0');
  const br1 = capture(w, 'default', 'br1');
  ping(w, 'ns1', '172.19.0.2', 1);
  assert.ok(br1.lines.some((l) => l.startsWith('172.19.0.2 > 172.17.0.1: ICMP echo reply')), br1.lines.join('\n'));
});

test('ping does not resend seq 1 when replies are lost: seq increments every interval', () => {
  const w = createWorld(3);
  ns(w, 'a');
  ns(w, 'b');
  veth(w, 'a', 'eth0', 'eth0', 'b');
  addr(w, 'a', 'eth0', '10.0.0.1/24');
  addr(w, 'b', 'eth0', '10.0.0.2/24');
  up(w, 'a', 'eth0');
  up(w, 'b', 'eth0');
  appendRule(w, 'b', 'filter', 'OUTPUT', { protocol: { value: 1, negate: false }, target: { kind: 'DROP' } });
  const cap = capture(w, 'a', 'eth0');
  const p = ping(w, 'a', '10.0.0.2', 4);
  assert.equal(p.received, 0);
  const seqs = cap.lines.filter((l) => l.includes('echo request')).map((l) => /seq (\d+)/.exec(l)?.[1]);
  assert.deepEqual(seqs, ['1', '2', '3', '4']);
});

/** S2: vasya -> host (eth1) -> helper (eth3/eth5 loop) -> host again -> inet (eth4). */
function loopThroughHost(rules: Array<'rule1' | 'rule2'>): World {
  const w = createWorld(11);
  for (const n of ['vasya', 'helper', 'inet']) ns(w, n);
  veth(w, 'default', 'eth1', 'eth0', 'vasya');
  veth(w, 'default', 'eth3', 'eth0', 'helper');
  veth(w, 'default', 'eth5', 'eth1', 'helper');
  veth(w, 'default', 'eth4', 'eth0', 'inet');
  addr(w, 'default', 'eth1', '10.10.10.1/24');
  addr(w, 'default', 'eth3', '172.30.3.1/24');
  addr(w, 'default', 'eth5', '172.30.5.1/24');
  addr(w, 'default', 'eth4', '192.0.2.1/24');
  up(w, 'default', 'eth1', 'eth3', 'eth5', 'eth4');
  sysctl(w, 'default', 'net.ipv4.ip_forward', '1');
  route(w, 'default', 'default', '192.0.2.2');
  ns(w, 'default').routingRules.push({ priority: 32765, iif: 'eth1', table: 100 });
  addRoute(ns(w, 'default'), { dst: { addr: 0, len: 0 }, gateway: ip('172.30.3.2'), table: 100 });
  route(w, 'default', '100.64.0.1/32', '172.30.5.2');
  addr(w, 'vasya', 'eth0', '10.10.10.10/24');
  up(w, 'vasya', 'eth0');
  route(w, 'vasya', 'default', '10.10.10.1');
  addr(w, 'helper', 'eth0', '172.30.3.2/24');
  addr(w, 'helper', 'eth1', '172.30.5.2/24');
  up(w, 'helper', 'eth0', 'eth1');
  sysctl(w, 'helper', 'net.ipv4.ip_forward', '1');
  route(w, 'helper', 'default', '172.30.5.1');
  route(w, 'helper', '100.64.0.1/32', '172.30.3.1');
  addr(w, 'inet', 'eth0', '192.0.2.2/24');
  addr(w, 'inet', 'lo', '8.8.8.8/32');
  up(w, 'inet', 'eth0');
  route(w, 'inet', 'default', '192.0.2.1');
  const snat = (iface: string, to: string) =>
    appendRule(w, 'default', 'nat', 'POSTROUTING', {
      outInterface: { value: iface, negate: false },
      target: { kind: 'SNAT', to: { minAddr: ip(to), maxAddr: ip(to) } },
    });
  if (rules.includes('rule1')) snat('eth3', '100.64.0.1');
  if (rules.includes('rule2')) snat('eth4', '110.45.56.67');
  return w;
}

test('S2 both SNATs: the second pass is a new entry; its reply-tuple clash turns the ICMP id into 0', () => {
  const w = loopThroughHost(['rule1', 'rule2']);
  const eth3 = capture(w, 'default', 'eth3');
  const eth4 = capture(w, 'default', 'eth4');
  const p = ping(w, 'vasya', '8.8.8.8', 1);
  assert.equal(p.received, 1);
  assert.match(eth3.lines.find((l) => l.includes('request,')) ?? '', new RegExp(`^100\\.64\\.0\\.1 > 8\\.8\\.8\\.8: ICMP echo request, id ${p.id}, seq 1`));
  assert.match(eth4.lines.find((l) => l.includes('request')) ?? '', /^110\.45\.56\.67 > 8\.8\.8\.8: ICMP echo request, id 0, seq 1/);
  assert.equal(ns(w, 'default').conntrack.entries(w.now).length, 2);
});

test('S2 only rule 2: the packet re-enters with the same tuple, same entry, rule 2 never counts', () => {
  const w = loopThroughHost(['rule2']);
  const eth4 = capture(w, 'default', 'eth4');
  ping(w, 'vasya', '8.8.8.8', 1);
  assert.match(eth4.lines.find((l) => l.includes('request')) ?? '', /^10\.10\.10\.10 > 8\.8\.8\.8/);
  const rule2 = ns(w, 'default').tables.get('nat')!.chains.get('POSTROUTING')!.rules[0]!;
  assert.equal(rule2.counters.packets, 0);
  assert.equal(ns(w, 'default').conntrack.entries(w.now).length, 1);
});
