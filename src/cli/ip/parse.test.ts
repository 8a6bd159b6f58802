// Real outputs: iproute2 6.1 (Debian 12) on Linux 6.18, each line run in a fresh
// `unshare --net --mount` namespace holding lo, a veth pair eth0/eth1 (eth0 10.0.0.1/24,
// both up), a bridge br0 and a named namespace ns1. The same setup is given to parseIp as
// an IpParseContext. (A differential run of ~2100 lines, 300 hand-written and their
// mutations, agreed on every line the simulator supports.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ToolError } from '../errors.ts';
import { parseIp } from './parse.ts';
import type { IpCommand } from './parse.ts';

const DEVICES = new Set(['lo', 'eth0', 'eth1', 'br0']);
const ctx = { deviceExists: (n: string) => DEVICES.has(n), netnsExists: (n: string) => n === 'ns1' };
const words = (line: string): string[] => line.split(' ').filter((w) => w !== '');
const parse = (line: string): IpCommand => parseIp(words(line), ctx);

function fails(line: string, stderr: string, status: number, stdout = ''): void {
  assert.throws(() => parse(line), (e: unknown) => {
    assert.ok(e instanceof ToolError, `not a ToolError: ${String(e)}`);
    assert.equal(e.unsupported, false);
    assert.equal(e.stderr, stderr);
    assert.equal(e.exitCode, status);
    assert.equal(e.stdout, stdout);
    return true;
  }, line);
}

describe('ip errors (texts and statuses of the real ip)', () => {
  const cases: [string, string, number][] = [
    ['foo', 'Object "foo" is unknown, try "ip help".\n', 1],
    ['-foo addr', 'Option "-foo" is unknown, try "ip -help".\n', 255],
    ['addr foo', 'Command "foo" is unknown, try "ip address help".\n', 255],
    ['route foo', 'Command "foo" is unknown, try "ip route help".\n', 255],
    ['link foo', 'Command "foo" is unknown, try "ip link help".\n', 255],
    ['neigh foo', 'Command "foo" is unknown, try "ip neigh help".\n', 255],
    ['rule foo', 'Command "foo" is unknown, try "ip rule help".\n', 255],
    ['netns foo', 'Command "foo" is unknown, try "ip netns help".\n', 255],
    ['addr add 10.0.0.1/24', 'Not enough information: "dev" argument is required.\n', 1],
    ['addr add 10.0.0.1/24 dev', 'Command line is not complete. Try option "help"\n', 255],
    ['addr add 10.0.0.1/24 dev nosuch', 'Cannot find device "nosuch"\n', 1],
    ['addr add 10.0.0.1/33 dev lo', 'Error: any valid prefix is expected rather than "10.0.0.1/33".\n', 1],
    ['addr add 10.0.0.256/24 dev lo', 'Error: any valid prefix is expected rather than "10.0.0.256/24".\n', 1],
    ['-4 addr add foo dev lo', 'Error: inet prefix is expected rather than "foo".\n', 1],
    ['addr add 12.0.0.1/255.0.255.0 dev lo', 'Error: any valid prefix is expected rather than "12.0.0.1/255.0.255.0".\n', 1],
    ['addr add 10.0.0.1/24 dev lo xyz', 'Error: either "local" is duplicate, or "xyz" is a garbage.\n', 255],
    ['addr add 10.0.0.1/24 brd 10.0.0.255 brd + dev lo', 'Error: duplicate "broadcast": "+" is the second value.\n', 255],
    ['addr add 10.0.0.7/24 broadcast foo dev lo', 'Error: inet address is expected rather than "foo".\n', 1],
    ['addr add 10.0.0.1/24 dev lo scope universe', 'Error: argument "universe" is wrong: invalid scope value.\n', 255],
    ['addr add 10.0.0.1/24 dev lo label lo:0123456789abcdef', 'Error: Attribute failed policy validation.\n', 2],
    ['addr add brd 10.0.1.255 dev eth1', 'Error: ipv4: Local address is not supplied.\n', 2],
    ['addr add default dev lo', 'RTNETLINK answers: Operation not supported\n', 2],
    ['addr del dev lo', 'RTNETLINK answers: Operation not supported\n', 2],
    ['addr flush', 'Flush requires arguments.\n', 1],
    ['addr flush dev nosuch', 'Device "nosuch" does not exist.\n', 1],
    ['addr show nosuch', 'Device "nosuch" does not exist.\n', 1],
    ['addr show dev lo extra', 'Error: either "dev" is duplicate, or "extra" is a garbage.\n', 255],
    ['link add', 'Not enough information: "type" argument is required\n', 1],
    ['link add foo type', 'Command line is not complete. Try option "help"\n', 255],
    ['link add foo type nosuch', 'Error: Unknown device type.\n', 2],
    ['link add bar type veth peer name', 'Command line is not complete. Try option "help"\n', 255],
    ['link add bar5 type veth peer name bar6 netns nosuch', 'Error: argument "nosuch" is wrong: Invalid "netns" value\n\n', 255],
    ['link add bar5 type veth peer name bar6 xyz', 'both "name" and "dev" cannot be used when creating devices.\n', 255],
    ['link add bar9 type veth peer name bar10 address zz', '"zz" is invalid lladdr.\n', 1],
    ['link add bar9 address 02:00:00:00:00 type veth peer name bar10', 'RTNETLINK answers: Invalid argument\n', 2],
    ['link add bar13 type bridge stp_state x', 'Error: argument "x" is wrong: invalid stp_state\n', 255],
    ['link add bar17 bar18 type bridge', 'Error: either "dev" is duplicate, or "bar18" is a garbage.\n', 255],
    ['link add 0123456789abcdef type bridge', 'Error: Attribute failed policy validation.\n', 2],
    ['link add a/b type bridge', 'Error: argument "a/b" is wrong: "dev" not a valid ifname\n', 255],
    ['link set nosuch up', 'Cannot find device "nosuch"\n', 1],
    ['link set eth0 up extra', 'Error: either "dev" is duplicate, or "extra" is a garbage.\n', 255],
    ['link set up', 'Not enough information: "dev" argument is required.\n', 255],
    ['link del', 'Not enough information: "dev" argument is required.\n', 255],
    ['link set eth0 master nosuch', 'Error: argument "nosuch" is wrong: Device does not exist\n\n', 255],
    ['link set eth0 address 02:00:00:00:00', 'Invalid address length 5 - must be 6 bytes\n', 1],
    ['link set eth0 promisc yes', 'Error: argument of "promisc" must be "on" or "off", not "yes"\n', 1],
    ['route add 10.0.0.0/24 via foo', 'Error: inet address is expected rather than "foo".\n', 1],
    ['route add via 10.0.0.1 foo', 'Error: inet prefix is expected rather than "foo".\n', 1],
    ['route add 10.0.0.0/24 via 10.0.0.1 via 10.0.0.2', 'Error: argument "via" is wrong: use nexthop syntax to specify multiple via\n\n', 255],
    ['route add 10.0.0.0/24 metric x', 'Error: argument "x" is wrong: "metric" value is invalid\n\n', 255],
    ['route add 10.0.0.0/24 table x', 'Error: argument "x" is wrong: "table" value is invalid\n\n', 255],
    ['route add 10.0.0.0/24 scope x', 'Error: argument "x" is wrong: invalid "scope" value\n\n', 255],
    ['route add 10.0.0.0/24 proto x', 'Error: argument "x" is wrong: "protocol" value is invalid\n\n', 255],
    ['route add 10.0.0.0/24 10.1.0.0/24', 'Error: either "to" is duplicate, or "10.1.0.0/24" is a garbage.\n', 255],
    ['route add 10.2.0.0/16 dev nosuch', 'Cannot find device "nosuch"\n', 1],
    ['route show table foo', 'Error: argument "foo" is wrong: table id value is invalid\n\n', 255],
    ['route flush', '"ip route flush" requires arguments.\n', 1],
    ['rule add', '"ip rule add" requires arguments.\n', 1],
    ['rule del', '"ip rule del" requires arguments.\n', 1],
    ['rule add from foo lookup 1', 'Error: any valid prefix is expected rather than "foo".\n', 1],
    ['rule add from 10.0.0.0/24 lookup foo', 'Error: argument "foo" is wrong: invalid table ID\n\n', 255],
    ['rule add from 10.0.0.0/24 lookup 100 priority x', 'Error: argument "x" is wrong: preference value is invalid\n\n', 255],
    ['rule add xyz', 'Error: argument "xyz" is wrong: Failed to parse rule type\n', 255],
    ['rule add iif a/b', 'Error: argument "a/b" is wrong: "iif"/"dev" not a valid ifname\n', 255],
    ['neigh add 10.0.0.2', 'Device and destination are required arguments.\n', 255],
    ['neigh add 10.0.0.2 lladdr zz dev eth0', '"zz" is invalid lladdr.\n', 1],
    ['neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev nosuch', 'Cannot find device "nosuch"\n', 1],
    ['neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud bogus', 'Error: argument "bogus" is wrong: nud state is bad\n', 255],
    ['neigh add 10.0.0.2 lladdr 02:00 dev eth0', 'Error: Invalid link address.\n', 2],
    ['neigh flush', 'Flush requires arguments.\n', 1],
    ['netns add', 'No netns name specified\n', 1],
    ['netns add a/b', 'Invalid netns name "a/b"\n', 255],
    ['netns add ns1', 'Cannot create namespace file "/run/netns/ns1": File exists\n', 1],
    ['netns del nosuch', 'Cannot remove namespace file "/run/netns/nosuch": No such file or directory\n', 1],
    ['netns exec nosuch ip a', 'Cannot open network namespace "nosuch": No such file or directory\n', 255],
    ['netns exec ns1', 'No command specified\n', 1],
  ];
  for (const [line, stderr, status] of cases) it(`ip ${line}`, () => fails(line, stderr, status));

  it('ip link add x type veth foo prints the veth usage on stdout', () => {
    fails('link add x type veth foo', '', 1, "Usage: ip link <options> type veth [peer <options>]\nTo get <options> type 'ip link add help'\n");
  });
  it('ip help and ip alone print the usage, exit 255', () => {
    for (const line of ['help', '', 'h', '- addr']) {
      assert.throws(() => parseIp(words(line)), (e: unknown) => e instanceof ToolError && e.exitCode === 255 && e.stderr.startsWith('Usage: ip [ OPTIONS ] OBJECT'));
    }
  });
  it('ip addr del without a prefix length warns but runs (wildcard deletion)', () => {
    const c = parse('addr del 10.0.0.1 dev lo');
    assert.equal(c.kind, 'addr.del');
    if (c.kind !== 'addr.del') return;
    assert.equal(c.wildcard, true);
    assert.equal(c.warning, 'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
      '         Explicitly specify the prefix length (10.0.0.1/32) to avoid this warning.\n' +
      '         This special behaviour is likely to disappear in further releases,\n' +
      '         fix your scripts!\n');
  });
});

describe('ip command data', () => {
  it('abbreviations', () => {
    assert.equal(parse('a').kind, 'addr.show');
    assert.equal(parse('r').kind, 'route.show');
    assert.equal(parse('l').kind, 'link.show');
    assert.equal(parse('n').kind, 'neigh.show');
    assert.equal(parse('ru').kind, 'rule.show');
    assert.equal(parse('a s lo').kind, 'addr.show');
    assert.equal(parse('address list dev lo').kind, 'addr.show');
    assert.equal(parse('ro ls').kind, 'route.show');
    assert.equal(parse('a a 10.0.0.2/24 dev eth0').kind, 'addr.add');
  });
  it('veth with a peer in another namespace', () => {
    assert.deepEqual(parse('link add veth1 type veth peer name eth0 netns ns1'), {
      kind: 'link.add', opts: { oneline: false, brief: false }, name: 'veth1', type: 'veth', attrs: {}, peer: { name: 'eth0', netns: 'ns1' },
    });
    assert.deepEqual(parse('link add v1 address 02:00:00:00:00:01 type veth peer p1 address 02:00:00:00:00:02'), {
      kind: 'link.add', opts: { oneline: false, brief: false }, name: 'v1', type: 'veth', attrs: { address: '02:00:00:00:00:01' },
      peer: { name: 'p1', address: '02:00:00:00:00:02' },
    });
  });
  it('bridge options', () => {
    const c = parse('link add br1 type bridge stp_state 1 forward_delay 0');
    assert.deepEqual(c.kind === 'link.add' && c.bridge, { stpState: 1, forwardDelay: 0 });
  });
  it('link set', () => {
    assert.deepEqual(parse('link set dev eth0 up master br0'), {
      kind: 'link.set', opts: { oneline: false, brief: false }, dev: 'eth0', attrs: { up: true, master: 'br0' },
    });
    const n = parse('link set eth0 nomaster');
    assert.equal(n.kind === 'link.set' && n.attrs.master, null);
    const ns = parse('link set eth0 netns ns1');
    assert.equal(ns.kind === 'link.set' && ns.attrs.netns, 'ns1');
  });
  it('addresses: 10/8, octal, hex, netmask, brd +', () => {
    const a = parse('addr add 10/8 dev eth1');
    assert.deepEqual(a.kind === 'addr.add' && a.local, { addr: 0x0a000000, len: 8, lenGiven: true });
    const b = parse('addr add 014.0.0.1 dev eth1');
    assert.deepEqual(b.kind === 'addr.add' && b.local, { addr: 0x0c000001, len: 32, lenGiven: false });
    const c = parse('addr add 11.0.0.1/255.255.0.0 brd + dev eth1');
    assert.ok(c.kind === 'addr.add');
    if (c.kind === 'addr.add') {
      assert.equal(c.local.len, 16);
      assert.equal(c.broadcast, 0x0b00ffff);
      assert.equal(c.scope, 0);
    }
    const lo = parse('addr add 127.0.0.5/8 dev lo');
    assert.equal(lo.kind === 'addr.add' && lo.scope, 254);
  });
  it('routes get iproute2 defaults', () => {
    assert.deepEqual(parse('route add default via 10.0.0.254'), {
      kind: 'route.add', opts: { oneline: false, brief: false }, mode: 'add',
      route: { type: 'unicast', dst: { addr: 0, len: 0, lenGiven: false, word: 'default' }, table: 254, metric: 0, scope: 0, protocol: 3, onlink: false, gateway: 0x0a0000fe },
    });
    const r = parse('route add 10.8.0.0/16 dev eth0 src 10.0.0.1 table 100 metric 7');
    assert.ok(r.kind === 'route.add');
    if (r.kind === 'route.add') {
      assert.equal(r.route.scope, 253);
      assert.equal(r.route.table, 100);
      assert.equal(r.route.metric, 7);
      assert.equal(r.route.prefsrc, 0x0a000001);
    }
    const l = parse('route add local 10.5.0.1 dev eth0');
    assert.ok(l.kind === 'route.add' && l.route.table === 255 && l.route.scope === 254 && l.route.type === 'local');
    const u = parse('route add u 10.0.0.0/24');
    assert.ok(u.kind === 'route.add' && u.route.type === 'unreachable');
    const d = parse('route del 10.9.0.0/16');
    assert.deepEqual(d.kind === 'route.del' && d.route, { dst: { addr: 0x0a090000, len: 16, lenGiven: true }, table: 254 });
  });
  it('rules', () => {
    assert.deepEqual(parse('rule add iif eth0 lookup 100'), { kind: 'rule.add', opts: { oneline: false, brief: false }, rule: { not: false, iif: 'eth0', table: 100, action: 'lookup' } });
    const b = parse('rule add blackhole to 10.3.0.0/16');
    assert.ok(b.kind === 'rule.add' && b.rule.action === 'blackhole' && b.rule.table === undefined);
    const m = parse('rule add from 10.0.0.5 table main pref 5');
    assert.ok(m.kind === 'rule.add' && m.rule.table === 254 && m.rule.priority === 5);
  });
  it('neighbours', () => {
    assert.deepEqual(parse('neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0'), {
      kind: 'neigh.add', opts: { oneline: false, brief: false }, mode: 'add', dst: 0x0a000002, dev: 'eth0', state: 'PERMANENT', lladdr: '02:00:00:00:00:02',
    });
    const r = parse('neigh replace 10.0.0.2 lladdr 02:00:00:00:00:02 dev eth0 nud reachable');
    assert.ok(r.kind === 'neigh.add' && r.mode === 'replace' && r.state === 'REACHABLE');
  });
  it('netns', () => {
    assert.deepEqual(parse('netns add ns2'), { kind: 'netns.add', opts: { oneline: false, brief: false }, name: 'ns2' });
    assert.deepEqual(parse('netns exec ns1 ip addr'), { kind: 'netns.exec', opts: { oneline: false, brief: false }, name: 'ns1', argv: ['ip', 'addr'] });
    assert.equal(parse('netns').kind, 'netns.list');
  });
  it('ip -V', () => {
    assert.deepEqual(parse('-V'), { kind: 'print', opts: { oneline: false, brief: false }, stdout: 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n' });
  });
  it('without a context every name exists', () => {
    assert.equal(parseIp(words('link set eth9 up')).kind, 'link.set');
  });
  it('unsupported features are flagged', () => {
    assert.throws(() => parse('tunnel'), (e: unknown) => e instanceof ToolError && e.unsupported);
    assert.throws(() => parse('addr add ::1/128 dev lo'), (e: unknown) => e instanceof ToolError && e.unsupported);
    assert.throws(() => parse('link add d0 type vxlan'), (e: unknown) => e instanceof ToolError && e.unsupported);
  });
});
