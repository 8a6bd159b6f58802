// `ip link add NAME type dummy`. The course's kernel (Linux 6.18 here) has no dummy driver:
// iproute2 prints "Error: Unknown device type." and exits 2 (measured). A kernel with the
// module (KernelProfile.dummy) makes a NOARP device that drops what it sends; that side is
// modelled from drivers/net/dummy.c and NOT kernel-checked (no dummy driver to check against).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../shell.ts';

const SCRIPT = 'ip link add d0 type dummy\nip addr add 192.0.2.1/24 dev d0\nip link set d0 up\ntcpdump -n -i d0 &\nping -c 1 -W 1 192.0.2.5\nip link show d0\n';

test('this kernel: Unknown device type, exit 2, the script stops', () => {
  const run = runScenario(SCRIPT);
  assert.equal(run.stderr, 'line 1: Error: Unknown device type.\n');
  assert.equal(run.exitCode, 2);
  assert.equal(run.stdout, '');
});

test('with the driver: BROADCAST,NOARP, state UNKNOWN; no ARP, the packet is captured going out and goes nowhere', () => {
  const run = runScenario(SCRIPT, { kernel: { dummy: true } });
  assert.equal(run.stderr, '');
  const lines = run.stdout.split('\n');
  assert.match(lines[1] ?? '', /^\d+: d0: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000$/);
  assert.deepEqual(lines.slice(lines.indexOf('== default d0') + 1).filter((l) => l !== '').map((l) => l.replace(/id \d+/, 'id N')), [
    'IP 192.0.2.1 > 192.0.2.5: ICMP echo request, id N, seq 1, length 64',
  ]);
  assert.match(runScenario('ip link add d0 type dummy extra\n', { kernel: { dummy: true } }).stderr, /not supported by the simulator/);
});
