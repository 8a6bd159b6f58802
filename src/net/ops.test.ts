// The operations surface fails as the kernel does: an errno, and the extended ack message
// when the kernel sends one (the tools word them; src/cli/ip/errors.ts for `ip`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KernelError, type Errno } from './kernel-error.ts';
import { addAddress, addBridge, addNamespace, addRoute, addVeth, createWorld, deleteAddress, deleteDevice, deleteNamespace, deleteRoute, moveToNamespace, setLinkUp, setMaster } from './ops.ts';

function refuses(operation: () => void, errno: Errno, extack?: string): void {
  assert.throws(operation, (e: unknown) => e instanceof KernelError && e.errno === errno && e.extack === extack);
}

function machine() {
  const world = createWorld();
  const ns = world.namespaces.get('default')!;
  const [v0] = addVeth(ns, { name: 'v0', peer: 'v1' });
  const br = addBridge(ns, 'br0');
  return { world, ns, v0, br, lo: ns.devices.get('lo')! };
}

describe('ops fail with errno', () => {
  it('namespaces and devices', () => {
    const { world, ns, v0, br, lo } = machine();
    refuses(() => addNamespace(world, 'default'), 'EEXIST');
    refuses(() => deleteNamespace(world, 'nope'), 'ENOENT');
    refuses(() => deleteNamespace(world, 'default'), 'ENOENT');
    refuses(() => addVeth(ns, { name: 'v0', peer: 'x' }), 'EEXIST');
    refuses(() => addBridge(ns, 'a-name-of-16-ch'.padEnd(16, 'x')), 'EINVAL', 'Attribute failed policy validation');
    refuses(() => deleteDevice(lo), 'EOPNOTSUPP');
    refuses(() => setMaster(v0, ns.devices.get('v1')!), 'EOPNOTSUPP');
    refuses(() => setMaster(br, br), 'ELOOP', 'Can not enslave a bridge to a bridge');
    refuses(() => setMaster(lo, br), 'EINVAL');
    const other = addNamespace(world, 'other');
    refuses(() => moveToNamespace(br, other), 'EINVAL', 'The interface netns is immutable');
    addVeth(other, { name: 'v0', peer: 'w1' });
    refuses(() => moveToNamespace(v0, other), 'EEXIST', 'An interface with the same name exists in the target netns');
  });
  it('addresses and routes', () => {
    const { ns, v0 } = machine();
    addAddress(v0, 0x0a000001, 24, 'auto');
    refuses(() => addAddress(v0, 0x0a000001, 24, 'auto'), 'EEXIST', 'ipv4: Address already assigned');
    addAddress(v0, 0x0a000001, 24, 'auto', 'replace');
    refuses(() => addAddress(v0, 0x0a000002, 24, 'auto', 'change'), 'ENOENT');
    refuses(() => deleteAddress(v0, { addr: 0x0a000001, len: 16 }), 'EADDRNOTAVAIL');
    refuses(() => addRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, dev: v0 }), 'ENETDOWN', 'Device for nexthop is not up');
    setLinkUp(v0, true);
    refuses(() => addRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, gateway: 0x0c000001 }), 'EINVAL', 'Nexthop has invalid gateway');
    refuses(() => addRoute(ns, { dst: { addr: 0x0b000001, len: 8 }, dev: v0 }), 'EINVAL', 'Invalid prefix for given prefix length');
    refuses(() => addRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, dev: v0, prefsrc: 0x0c000001 }), 'EINVAL', 'Invalid prefsrc address');
    addRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, gateway: 0x0a000009 });
    refuses(() => addRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, dev: v0 }), 'EEXIST');
    addRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, dev: v0, mode: 'replace' });
    refuses(() => deleteRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, gateway: 0x0a000009 }), 'ESRCH');
    deleteRoute(ns, { dst: { addr: 0x0b000000, len: 8 }, dev: 'v0' });
    deleteAddress(v0);
    assert.deepEqual(v0.addresses, []);
  });
});

describe('secondary addresses (__inet_insert_ifa, __inet_del_ifa)', () => {
  const list = (dev: { addresses: readonly { addr: number; len: number; secondary?: boolean }[] }): string[] =>
    dev.addresses.map((a) => `${a.addr & 0xff}/${a.len}${a.secondary ? ' secondary' : ''}`);
  it('same mask and subnet is secondary, listed after every primary; another mask is a primary', () => {
    const { v0 } = machine();
    addAddress(v0, 0x0a000001, 24);
    addAddress(v0, 0x0a000005, 24);
    addAddress(v0, 0x0a0000c8, 25);
    assert.deepEqual(list(v0), ['1/24', '200/25', '5/24 secondary']);
  });
  it('deleting the primary deletes its secondaries, or promotes the first with promote_secondaries', () => {
    const { ns, v0 } = machine();
    for (const host of [1, 2, 3]) addAddress(v0, 0x0a000000 + host, 24);
    deleteAddress(v0, { addr: 0x0a000001, len: 24 });
    assert.deepEqual(list(v0), []);
    ns.sysctls.write('/proc/sys/net/ipv4/conf/v0/promote_secondaries', '1');
    for (const host of [1, 2, 3]) addAddress(v0, 0x0a000000 + host, 24);
    addAddress(v0, 0x0b000001, 24);
    deleteAddress(v0, { addr: 0x0a000001, len: 24 });
    // 10.0.0.2 is promoted after the last primary (11.0.0.1); 10.0.0.3 stays its secondary.
    assert.deepEqual(v0.addresses.map((a) => a.addr), [0x0b000001, 0x0a000002, 0x0a000003]);
    assert.deepEqual(list(v0), ['1/24', '2/24', '3/24 secondary']);
    // Deleting a secondary touches nothing else.
    deleteAddress(v0, { addr: 0x0a000003, len: 24 });
    assert.deepEqual(list(v0), ['1/24', '2/24']);
  });
});
