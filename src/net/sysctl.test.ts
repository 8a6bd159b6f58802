// The kernel's side of /proc/sys/net, as measured on Linux 6.18 in a fresh `unshare --net`
// namespace (the facts at the top of sysctl.ts); src/cli/sysctl/sysctl.test.ts runs procps on it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseSysctlValue, SysctlTable } from './sysctl.ts';

describe('the sysctls of a namespace', () => {
  it('defaults of a new namespace', () => {
    const t = new SysctlTable(['lo', 'v1']);
    assert.equal(t.get('net.ipv4.ip_forward'), '0');
    assert.equal(t.get('net.ipv4.conf.v1.send_redirects'), '1');
    assert.equal(t.get('net.ipv4.conf.all.accept_redirects'), '1');
    assert.equal(t.get('net.bridge.bridge-nf-call-iptables'), '1');
    assert.equal(t.get('net.netfilter.nf_conntrack_icmp_timeout'), '30');
    assert.equal(t.get('net.ipv6.conf.default.disable_ipv6'), '0');
  });
  it('ip_forward=1 sets every forwarding and clears all.accept_redirects', () => {
    const t = new SysctlTable(['lo', 'v1', 'p1']);
    assert.equal(t.write('/proc/sys/net/ipv4/ip_forward', '1'), true);
    for (const d of ['all', 'default', 'lo', 'v1', 'p1']) assert.equal(t.get(`net.ipv4.conf.${d}.forwarding`), '1');
    assert.equal(t.get('net.ipv4.conf.all.accept_redirects'), '0');
    t.write('/proc/sys/net/ipv4/conf/v1/forwarding', '0');
    t.write('/proc/sys/net/ipv4/ip_forward', '1'); // unchanged value: no propagation
    assert.equal(t.get('net.ipv4.conf.v1.forwarding'), '0');
  });
  it('conf.default propagates to devices never written', () => {
    const t = new SysctlTable(['lo', 'v1', 'p1']);
    t.write('/proc/sys/net/ipv4/conf/v1/rp_filter', '0');
    t.write('/proc/sys/net/ipv4/conf/default/rp_filter', '2');
    assert.equal(t.get('net.ipv4.conf.v1.rp_filter'), '0');
    assert.equal(t.get('net.ipv4.conf.p1.rp_filter'), '2');
    assert.equal(t.get('net.ipv4.conf.lo.rp_filter'), '2');
    t.addDevice('p2');
    assert.equal(t.get('net.ipv4.conf.p2.rp_filter'), '2');
  });
  it('value parser', () => {
    assert.equal(parseSysctlValue('int', '0x10'), '16');
    assert.equal(parseSysctlValue('int', '010'), '8');
    assert.equal(parseSysctlValue('int', '1 2'), '1');
    assert.equal(parseSysctlValue('int', '-2147483648'), '-2147483648');
    assert.equal(parseSysctlValue('int', '2147483648'), undefined);
    assert.equal(parseSysctlValue('int', '+1'), undefined);
    assert.equal(parseSysctlValue('int', '000000000000000000001'), undefined);
    assert.equal(parseSysctlValue('int', '00000000000000000001'), '1');
    assert.equal(parseSysctlValue('nfcall', '5'), '1');
    assert.equal(parseSysctlValue('bool01', '-1'), undefined);
    assert.equal(parseSysctlValue('range', '0', '1\t0'), '0\t0');
    assert.equal(parseSysctlValue('range', '5 1'), '1\t0');
    assert.equal(parseSysctlValue('range', '3 4294967294'), '3\t4294967294');
    assert.equal(parseSysctlValue('range', '0 4294967295'), undefined);
  });
});
