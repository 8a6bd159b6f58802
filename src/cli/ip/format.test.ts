// Expected texts are real iproute2 6.1 output on Linux 6.18 (unshare --net, IPv6 disabled),
// copied with their MAC addresses; the views describe the same machines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseIpv4 } from '../../net/addr.ts';
import { formatIpAddr, formatIpLink, formatNetnsList } from './format.ts';
import type { IpLinkView } from './format.ts';
import { formatIpNeigh } from './format-neigh.ts';
import { DEFAULT_RULES, formatIpRoute, formatIpRouteGet, formatIpRule } from './format-route.ts';
import type { RouteView } from './format-route.ts';
import { parseIp } from './parse.ts';
import type { AddrFilter } from './ipaddress.ts';
import type { RouteFilter } from './iproute.ts';

const ip = (s: string): number => parseIpv4(s) ?? 0;
const lo = (up: boolean, addrs = up): IpLinkView => ({
  ifindex: 1, name: 'lo', kind: 'loopback', mtu: 65536, up, carrier: up, operState: up ? 'UNKNOWN' : 'DOWN', promisc: false, everUp: up,
  mac: '00:00:00:00:00:00', addresses: addrs ? [{ addr: ip('127.0.0.1'), len: 8, scope: 254, secondary: false, label: 'lo' }] : [],
});
function showFilter(line: string): { filter: AddrFilter; opts: { oneline: boolean; brief: boolean } } {
  const c = parseIp(line.split(' '));
  if (c.kind !== 'addr.show' && c.kind !== 'link.show') throw new Error(c.kind);
  return { filter: c.filter, opts: c.opts };
}
function routeFilter(line: string): RouteFilter {
  const c = parseIp(line.split(' '));
  if (c.kind !== 'route.show') throw new Error(c.kind);
  return c.filter;
}

// `ip link add veth1 type veth peer name eth0; ip link add br0 type bridge; ip link set veth1
// master br0; ip link set br0 up; ip link set veth1 up; ip link set eth0 up; ip addr add
// 10.0.0.1/24 dev eth0; ip addr add 10.0.1.1/24 dev br0` (after `ip link set lo up`)
const sameNs: IpLinkView[] = [
  lo(true),
  { ifindex: 2, name: 'eth0', kind: 'veth', peer: { ifindex: 3, name: 'veth1', up: true }, mtu: 1500, up: true, carrier: true, operState: 'UP',
    promisc: false, everUp: true, mac: 'e6:fc:6a:78:02:00', addresses: [{ addr: ip('10.0.0.1'), len: 24, scope: 0, secondary: false, label: 'eth0' }] },
  { ifindex: 3, name: 'veth1', kind: 'veth', peer: { ifindex: 2, name: 'eth0', up: true }, mtu: 1500, up: true, carrier: true, operState: 'UP',
    promisc: false, everUp: true, master: 'br0', mac: '02:72:f6:20:61:b5', addresses: [] },
  { ifindex: 4, name: 'br0', kind: 'bridge', mtu: 1500, up: true, carrier: true, operState: 'UP', promisc: false, everUp: true,
    mac: '02:72:f6:20:61:b5', addresses: [{ addr: ip('10.0.1.1'), len: 24, scope: 0, secondary: false, label: 'br0' }] },
];

describe('ip addr / ip link', () => {
  it('ip addr, one namespace', () => {
    assert.equal(formatIpAddr(sameNs), `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth0@veth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether e6:fc:6a:78:02:00 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.1/24 scope global eth0
       valid_lft forever preferred_lft forever
3: veth1@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP group default qlen 1000
    link/ether 02:72:f6:20:61:b5 brd ff:ff:ff:ff:ff:ff
4: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 02:72:f6:20:61:b5 brd ff:ff:ff:ff:ff:ff
    inet 10.0.1.1/24 scope global br0
       valid_lft forever preferred_lft forever
`);
  });
  it('a fresh namespace', () => {
    assert.equal(formatIpAddr([lo(false)]), '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
    assert.equal(formatIpLink([lo(false)]), '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n');
  });
  it('M-DOWN, LOWERLAYERDOWN, NO-CARRIER bridge (veth1 up in br0, eth0 down)', () => {
    const links: IpLinkView[] = [
      { ...sameNs[1]!, up: false, carrier: false, operState: 'DOWN', everUp: false, peer: { ifindex: 3, name: 'veth1', up: true }, addresses: [] },
      { ...sameNs[2]!, carrier: false, operState: 'LOWERLAYERDOWN', peer: { ifindex: 2, name: 'eth0', up: false } },
      { ...sameNs[3]!, carrier: false, operState: 'DOWN', addresses: [] },
    ];
    assert.equal(formatIpLink(links), `2: eth0@veth1: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000
    link/ether e6:fc:6a:78:02:00 brd ff:ff:ff:ff:ff:ff
3: veth1@eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000
    link/ether 02:72:f6:20:61:b5 brd ff:ff:ff:ff:ff:ff
4: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000
    link/ether 02:72:f6:20:61:b5 brd ff:ff:ff:ff:ff:ff
`);
  });
  it('peers in other namespaces: link-netns / link-netnsid, @ifN', () => {
    const v: IpLinkView = { ifindex: 3, name: 'veth1', kind: 'veth', peer: { ifindex: 2, name: 'eth0', up: false, otherNetns: { name: 'ns1', id: 0 } },
      mtu: 1500, up: false, carrier: false, operState: 'DOWN', promisc: false, everUp: false, mac: '8e:16:16:10:4c:20', addresses: [] };
    const e: IpLinkView = { ifindex: 2, name: 'eth0', kind: 'veth', peer: { ifindex: 3, name: 'veth1', up: false, otherNetns: { id: 0 } },
      mtu: 1500, up: false, carrier: false, operState: 'DOWN', promisc: false, everUp: false, mac: '5e:ca:45:af:61:ca', addresses: [] };
    assert.equal(formatIpLink([v]), '3: veth1@if2: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether 8e:16:16:10:4c:20 brd ff:ff:ff:ff:ff:ff link-netns ns1\n');
    assert.equal(formatIpLink([e]), '2: eth0@if3: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n    link/ether 5e:ca:45:af:61:ca brd ff:ff:ff:ff:ff:ff link-netnsid 0\n');
    // veth1 up, peer down in another namespace: DOWN, not LOWERLAYERDOWN, no M-DOWN
    const up: IpLinkView = { ...v, up: true, everUp: true, master: 'br0' };
    assert.equal(formatIpAddr([up]), '3: veth1@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue master br0 state DOWN group default qlen 1000\n    link/ether 8e:16:16:10:4c:20 brd ff:ff:ff:ff:ff:ff link-netns ns1\n');
  });
  it('bridge with no port ever, promisc', () => {
    const br: IpLinkView = { ifindex: 2, name: 'br0', kind: 'bridge', mtu: 1500, up: true, carrier: true, operState: 'UNKNOWN', promisc: false, everUp: true, mac: '6e:a8:2c:2d:04:fc', addresses: [] };
    assert.equal(formatIpLink([br]), '2: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n    link/ether 6e:a8:2c:2d:04:fc brd ff:ff:ff:ff:ff:ff\n');
    const p: IpLinkView = { ...br, ifindex: 4, carrier: false, operState: 'DOWN', promisc: true, mac: '02:00:00:00:00:0a' };
    assert.equal(formatIpLink([p]), '4: br0: <NO-CARRIER,BROADCAST,MULTICAST,PROMISC,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000\n    link/ether 02:00:00:00:00:0a brd ff:ff:ff:ff:ff:ff\n');
  });
  it('brd, labels, secondary, -4, -o, -br', () => {
    const v1: IpLinkView = { ifindex: 3, name: 'v1', kind: 'veth', peer: { ifindex: 2, name: 'p1', up: true }, mtu: 1500, up: true, carrier: true, operState: 'UP',
      promisc: false, everUp: true, mac: '46:1e:f8:e9:29:d2', addresses: [
        { addr: ip('10.0.0.1'), len: 24, broadcast: ip('10.0.0.255'), scope: 0, secondary: false, label: 'v1' },
        { addr: ip('10.0.2.1'), len: 32, scope: 0, secondary: false, label: 'v1' },
        { addr: ip('10.0.0.2'), len: 24, scope: 0, secondary: true, label: 'v1' },
      ] };
    const p1: IpLinkView = { ifindex: 2, name: 'p1', kind: 'veth', peer: { ifindex: 3, name: 'v1', up: true }, mtu: 1500, up: true, carrier: true, operState: 'UP',
      promisc: false, everUp: true, mac: '36:5f:d2:9c:80:6f', addresses: [{ addr: ip('10.0.5.1'), len: 8, scope: 0, secondary: false, label: 'p1:x' }] };
    const links = [lo(true), p1, v1];
    assert.equal(formatIpAddr([v1]), `3: v1@p1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 46:1e:f8:e9:29:d2 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.1/24 brd 10.0.0.255 scope global v1
       valid_lft forever preferred_lft forever
    inet 10.0.2.1/32 scope global v1
       valid_lft forever preferred_lft forever
    inet 10.0.0.2/24 scope global secondary v1
       valid_lft forever preferred_lft forever
`);
    const o = showFilter('-o addr');
    assert.equal(formatIpAddr(links, o.filter, o.opts), `1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: p1    inet 10.0.5.1/8 scope global p1:x\\       valid_lft forever preferred_lft forever
3: v1    inet 10.0.0.1/24 brd 10.0.0.255 scope global v1\\       valid_lft forever preferred_lft forever
3: v1    inet 10.0.2.1/32 scope global v1\\       valid_lft forever preferred_lft forever
3: v1    inet 10.0.0.2/24 scope global secondary v1\\       valid_lft forever preferred_lft forever
`);
    const b = showFilter('-br addr');
    assert.equal(formatIpAddr(links, b.filter, b.opts), `lo               UNKNOWN        127.0.0.1/8 
p1@v1            UP             10.0.5.1/8 
v1@p1            UP             10.0.0.1/24 10.0.2.1/32 10.0.0.2/24 
`);
    const bl = showFilter('-br link');
    assert.equal(formatIpLink(links, bl.filter, bl.opts), `lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> 
p1@v1            UP             36:5f:d2:9c:80:6f <BROADCAST,MULTICAST,UP,LOWER_UP> 
v1@p1            UP             46:1e:f8:e9:29:d2 <BROADCAST,MULTICAST,UP,LOWER_UP> 
`);
    const ol = showFilter('-o link show p1');
    assert.equal(formatIpLink(links, ol.filter, ol.opts), '2: p1@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default qlen 1000\\    link/ether 36:5f:d2:9c:80:6f brd ff:ff:ff:ff:ff:ff\n');
    const f4 = showFilter('-4 addr show dev p1');
    assert.equal(formatIpAddr(links, f4.filter, { family: 'inet' }), '2: p1@v1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\n    inet 10.0.5.1/8 scope global p1:x\n       valid_lft forever preferred_lft forever\n');
  });
  it('-4 drops devices without IPv4; scope filter keeps devices without addresses; label prints addresses only', () => {
    const eth1: IpLinkView = { ...sameNs[2]!, ifindex: 2, name: 'eth1', master: undefined as never, peer: { ifindex: 3, name: 'eth0', up: true }, mac: '46:19:72:2d:b8:ec' };
    delete (eth1 as { master?: string }).master;
    const eth0: IpLinkView = { ...sameNs[1]!, ifindex: 3, name: 'eth0', peer: { ifindex: 2, name: 'eth1', up: true }, mac: 'b6:40:8a:dd:2e:76' };
    const links = [lo(true), eth1, eth0];
    assert.equal(formatIpAddr(links, showFilter('-4 addr').filter, { family: 'inet' }), `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
3: eth0@eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    inet 10.0.0.1/24 scope global eth0
       valid_lft forever preferred_lft forever
`);
    assert.equal(formatIpAddr(links, showFilter('addr show scope host').filter), `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
    inet 127.0.0.1/8 scope host lo
       valid_lft forever preferred_lft forever
2: eth1@eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
    link/ether 46:19:72:2d:b8:ec brd ff:ff:ff:ff:ff:ff
`);
    assert.equal(formatIpAddr(links, showFilter('addr show label eth*').filter), '    inet 10.0.0.1/24 scope global eth0\n       valid_lft forever preferred_lft forever\n');
  });
});

const r = (dst: string, rest: Partial<RouteView> = {}): RouteView => {
  const [a = '', l = '32'] = dst.split('/');
  return { type: 'unicast', dst: { addr: ip(a), len: Number(l) }, table: 254, protocol: 3, scope: 0, metric: 0, onlink: false, linkdown: false, ...rest };
};

describe('ip route', () => {
  const routes: RouteView[] = [
    r('10.4.0.0/16', { gateway: ip('10.0.0.2'), dev: 'eth0', table: 7 }),
    r('0.0.0.0/0', { gateway: ip('10.0.0.254'), dev: 'v1', linkdown: true }),
    r('10.0.0.0/24', { dev: 'v1', protocol: 2, scope: 253, prefsrc: ip('10.0.0.1'), linkdown: true }),
    r('10.6.0.0/16', { gateway: ip('10.0.0.2'), dev: 'v1', prefsrc: ip('10.0.0.1'), metric: 7, linkdown: true }),
    r('10.7.0.0/16', { dev: 'v1', scope: 253, prefsrc: ip('10.0.0.1'), linkdown: true }),
    r('10.8.0.0/16', { dev: 'v1', scope: 253, linkdown: true }),
    r('10.9.0.0/16', { gateway: ip('10.0.0.8'), dev: 'v1', metric: 50, linkdown: true }),
    r('10.10.0.0/16', { gateway: ip('10.99.0.2'), dev: 'v1', onlink: true, linkdown: true }),
    r('10.11.0.0/16', { gateway: ip('10.0.0.2'), dev: 'v1', protocol: 4, linkdown: true }),
    r('10.5.0.0/16', { type: 'blackhole' }),
    r('10.0.0.1', { type: 'local', dev: 'v1', table: 255, protocol: 2, scope: 254, prefsrc: ip('10.0.0.1') }),
    r('10.0.0.255', { type: 'broadcast', dev: 'v1', table: 255, protocol: 2, scope: 253, prefsrc: ip('10.0.0.1'), linkdown: true }),
  ];
  it('ip route (main)', () => {
    assert.equal(formatIpRoute(routes, routeFilter('route')), `default via 10.0.0.254 dev v1 linkdown 
10.0.0.0/24 dev v1 proto kernel scope link src 10.0.0.1 linkdown 
10.6.0.0/16 via 10.0.0.2 dev v1 src 10.0.0.1 metric 7 linkdown 
10.7.0.0/16 dev v1 scope link src 10.0.0.1 linkdown 
10.8.0.0/16 dev v1 scope link linkdown 
10.9.0.0/16 via 10.0.0.8 dev v1 metric 50 linkdown 
10.10.0.0/16 via 10.99.0.2 dev v1 onlink linkdown 
10.11.0.0/16 via 10.0.0.2 dev v1 proto static linkdown 
blackhole 10.5.0.0/16 
`);
  });
  it('table N, table local, table all, dev, proto, exact', () => {
    assert.equal(formatIpRoute(routes, routeFilter('route show table 7')), '10.4.0.0/16 via 10.0.0.2 dev eth0 \n');
    assert.equal(formatIpRoute(routes, routeFilter('route show table local')),
      'local 10.0.0.1 dev v1 proto kernel scope host src 10.0.0.1 \nbroadcast 10.0.0.255 dev v1 proto kernel scope link src 10.0.0.1 linkdown \n');
    const all = formatIpRoute(routes, routeFilter('route show table all')).split('\n');
    assert.equal(all[0], '10.4.0.0/16 via 10.0.0.2 dev eth0 table 7 ');
    assert.equal(all[10], 'local 10.0.0.1 dev v1 table local proto kernel scope host src 10.0.0.1 ');
    assert.equal(formatIpRoute(routes, routeFilter('route show dev v1 table main')).split('\n')[1], '10.0.0.0/24 proto kernel scope link src 10.0.0.1 linkdown ');
    assert.equal(formatIpRoute(routes, routeFilter('route show proto kernel')), '10.0.0.0/24 dev v1 scope link src 10.0.0.1 linkdown \n');
    assert.equal(formatIpRoute(routes, routeFilter('route show 10.9.0.0/16')), '10.9.0.0/16 via 10.0.0.8 dev v1 metric 50 linkdown \n');
    assert.equal(formatIpRoute(routes, routeFilter('route show default')), 'default via 10.0.0.254 dev v1 linkdown \n');
  });
  it('ip route get', () => {
    assert.equal(formatIpRouteGet({ type: 'unicast', dst: ip('10.1.2.3'), gateway: ip('10.0.0.2'), dev: 'eth0', prefsrc: ip('10.0.0.1') }),
      '10.1.2.3 via 10.0.0.2 dev eth0 src 10.0.0.1 uid 0 \n    cache \n');
    assert.equal(formatIpRouteGet({ type: 'local', dst: ip('10.0.0.1'), dev: 'lo', prefsrc: ip('10.0.0.1') }),
      'local 10.0.0.1 dev lo src 10.0.0.1 uid 0 \n    cache <local> \n');
    assert.equal(formatIpRouteGet({ type: 'broadcast', dst: ip('10.0.0.255'), dev: 'eth0', prefsrc: ip('10.0.0.1') }),
      'broadcast 10.0.0.255 dev eth0 src 10.0.0.1 uid 0 \n    cache <local,brd> \n');
    assert.equal(formatIpRouteGet({ type: 'unicast', dst: ip('10.1.2.3'), from: ip('10.0.0.1'), gateway: ip('10.0.0.2'), dev: 'eth0', prefsrc: ip('10.0.0.1') }),
      '10.1.2.3 from 10.0.0.1 via 10.0.0.2 dev eth0 uid 0 \n    cache \n');
  });
});

describe('ip neigh, ip rule, ip netns', () => {
  it('ip neigh', () => {
    const n = [
      { dst: ip('10.0.0.7'), dev: 'v1', lladdr: '02:00:00:00:00:07', state: 'FAILED' as const },
      { dst: ip('10.0.0.12'), dev: 'p1', lladdr: '02:00:00:00:00:0c', state: 'PERMANENT' as const },
      { dst: ip('10.0.0.4'), dev: 'v1', lladdr: '02:00:00:00:00:04', state: 'STALE' as const },
      { dst: ip('10.0.0.8'), dev: 'v1', lladdr: '02:00:00:00:00:08', state: 'NOARP' as const },
      { dst: ip('10.0.0.6'), dev: 'v1', state: 'INCOMPLETE' as const },
      { dst: ip('10.0.0.3'), dev: 'v1', lladdr: '02:00:00:00:00:03', state: 'REACHABLE' as const },
    ];
    assert.equal(formatIpNeigh(n), `10.0.0.7 dev v1 FAILED 
10.0.0.12 dev p1 lladdr 02:00:00:00:00:0c PERMANENT 
10.0.0.4 dev v1 lladdr 02:00:00:00:00:04 STALE 
10.0.0.6 dev v1 INCOMPLETE 
10.0.0.3 dev v1 lladdr 02:00:00:00:00:03 REACHABLE 
`);
    const c = parseIp(['neigh', 'show', 'dev', 'v1', 'nud', 'noarp']);
    assert.ok(c.kind === 'neigh.show');
    if (c.kind === 'neigh.show') assert.equal(formatIpNeigh(n, c.filter), '10.0.0.8 lladdr 02:00:00:00:00:08 NOARP \n');
  });
  it('ip rule', () => {
    assert.equal(formatIpRule(DEFAULT_RULES), '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n');
    assert.equal(formatIpRule([
      { priority: 0, not: false, to: { addr: ip('10.4.0.0'), len: 16 }, table: 0, action: 'prohibit' },
      { priority: 2, not: false, iif: 'p1', table: 0, action: 'unreachable' },
      { priority: 5, not: false, to: { addr: ip('10.2.0.0'), len: 16 }, iif: 'v1', table: 101, action: 'lookup' },
      { priority: 6, not: true, from: { addr: ip('1.2.3.0'), len: 24 }, table: 9, action: 'lookup' },
      { priority: 7, not: false, fwmark: { mark: 1 }, table: 8, action: 'lookup' },
      { priority: 8, not: false, iif: 'nosuch', iifDetached: true, table: 7, action: 'lookup' },
      { priority: 9, not: false, from: { addr: ip('10.0.0.5'), len: 32 }, table: 254, action: 'lookup' },
    ]), `0:\tfrom all to 10.4.0.0/16 prohibit
2:\tfrom all iif p1 unreachable
5:\tfrom all to 10.2.0.0/16 iif v1 lookup 101
6:\tnot from 1.2.3.0/24 lookup 9
7:\tfrom all fwmark 0x1 lookup 8
8:\tfrom all iif nosuch [detached] lookup 7
9:\tfrom 10.0.0.5 lookup main
`);
  });
  it('ip netns list', () => {
    assert.equal(formatNetnsList([{ name: 'ns2', id: 1 }, { name: 'ns1', id: 0 }]), 'ns2 (id: 1)\nns1 (id: 0)\n');
    assert.equal(formatNetnsList([{ name: 'ns2' }, { name: 'ns1' }]), 'ns2\nns1\n');
    assert.equal(formatNetnsList([]), '');
  });
});
