// `ip link ... type bridge OPTIONS`: what the engine models, and what it refuses instead of
// ignoring (the kernel's answers measured on Linux 6.18; see content/scenarios/bridge-ageing-zero-floods.sh).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { executeScript } from '../shell.ts';

test('bridge options on a device that is not a bridge: Operation not supported, as the kernel answers', () => {
  const run = executeScript('ip link add v0 type veth peer name v1\nip link set v0 type bridge ageing_time 0\n');
  assert.deepEqual(run.error && { line: run.error.line, message: run.error.message, exitCode: run.error.exitCode }, { line: 2, message: 'RTNETLINK answers: Operation not supported', exitCode: 2 });
});

test('ageing_time is kept on the bridge (centiseconds, as ip takes it)', () => {
  const run = executeScript('ip link add br0 type bridge ageing_time 1500\nip link add br1 type bridge\nip link set br1 type bridge ageing_time 0\n');
  assert.equal(run.error, undefined);
  const ns = run.world.namespaces.get('default')!;
  assert.equal(ns.devices.get('br0')!.ageingTimeMs, 15_000);
  assert.equal(ns.devices.get('br1')!.ageingTimeMs, 0);
});

test('options that would change forwarding and are not modelled are refused, not ignored', () => {
  for (const option of ['stp_state 1', 'vlan_filtering 1', 'nf_call_iptables 1']) {
    const run = executeScript(`ip link add br0 type bridge ${option}\n`);
    assert.match(run.error?.message ?? '', /is not supported by the simulator/, option);
  }
  for (const option of ['stp_state 0', 'vlan_filtering 0', 'forward_delay 0', 'nf_call_iptables 0']) {
    assert.equal(executeScript(`ip link add br0 type bridge ${option}\n`).error, undefined, option);
  }
});
