// A catalogue of named behaviours of the engine, each checked on a small world built
// directly (no CLI): the mechanisms of shared/kernel/FINDINGS.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addr, appendRule, bridge, capture, createWorld, ip, ns, ping, route, sysctl, up, veth } from './testing/build.ts';
import type { World } from './world.ts';

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
