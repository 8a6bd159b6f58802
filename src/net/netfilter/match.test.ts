// addrtype's view of an address: the route type the namespace's local table gives it, as
// inet_dev_addr_type() looks it up (longest prefix first), optionally limited to one device.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addr, createWorld, ip, ns, up, veth } from '../testing/build.ts';
import { addrTypeOf } from './match.ts';

const UNICAST = 1;
const LOCAL = 2;
const BROADCAST = 3;
const MULTICAST = 5;

test('addrTypeOf: local addresses, subnet and limited broadcasts, zeronet, multicast, lo', () => {
  const world = createWorld(1);
  veth(world, 'a', 'eth0', 'eth0', 'b');
  veth(world, 'a', 'eth1', 'eth1', 'c');
  addr(world, 'a', 'eth0', '10.0.0.1/24');
  addr(world, 'a', 'eth1', '10.1.0.1/31');
  addr(world, 'a', 'lo', '127.0.0.1/8');
  const a = ns(world, 'a');
  const eth0 = a.devices.get('eth0')!;
  // Nothing is in the local table while the devices are down.
  assert.equal(addrTypeOf(a, ip('10.0.0.1'), undefined), UNICAST);
  up(world, 'a', 'eth0', 'eth1', 'lo');
  assert.equal(addrTypeOf(a, ip('10.0.0.1'), undefined), LOCAL);
  assert.equal(addrTypeOf(a, ip('10.0.0.255'), undefined), BROADCAST);
  assert.equal(addrTypeOf(a, ip('10.0.0.0'), undefined), UNICAST);
  assert.equal(addrTypeOf(a, ip('10.1.0.1'), undefined), LOCAL);
  assert.equal(addrTypeOf(a, ip('10.1.0.1'), eth0), UNICAST, 'another device\'s local route');
  assert.equal(addrTypeOf(a, ip('10.1.0.0'), undefined), UNICAST, 'a /31 has no broadcast');
  assert.equal(addrTypeOf(a, ip('127.0.0.53'), undefined), LOCAL);
  assert.equal(addrTypeOf(a, ip('127.255.255.255'), undefined), BROADCAST, 'lo\'s broadcast beats local 127.0.0.0/8');
  assert.equal(addrTypeOf(a, ip('0.1.2.3'), undefined), BROADCAST);
  assert.equal(addrTypeOf(a, ip('255.255.255.255'), eth0), BROADCAST);
  assert.equal(addrTypeOf(a, ip('224.0.0.1'), undefined), MULTICAST);
  assert.equal(addrTypeOf(a, ip('198.51.100.1'), undefined), UNICAST);
});
