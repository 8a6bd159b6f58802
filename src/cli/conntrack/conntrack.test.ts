// conntrack -L's use=N is the entry's reference count: the table's own, plus one per packet
// that still points to it (here: echo requests waiting for ARP). Kernel-checked by
// content/scenarios/conntrack-use-queued-arp.sh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../shell.ts';

const SETUP = `ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip link set v1 up
iptables -A OUTPUT -m conntrack --ctstate NEW
`;

function uses(stdout: string): string[] {
  return [...stdout.matchAll(/dst=(10\.0\.0\.\d+) type=8 .* use=(\d+)/g)].map((m) => `${m[1]} use=${m[2]}`);
}

test('each echo request waiting for ARP holds one reference; ARP failing frees them', () => {
  const result = runScenario(`${SETUP}ping -c 3 -i 0.2 -W 1 10.0.0.8
conntrack -L
sleep 3
conntrack -L
`);
  assert.equal(result.exitCode, 0, result.stderr);
  assert.deepEqual(uses(result.stdout), ['10.0.0.8 use=4', '10.0.0.8 use=1']);
});
