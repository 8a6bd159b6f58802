// `ip route add blackhole|unreachable|prohibit|throw`: added, printed, refused and looked up as
// Linux 6.18 with iproute2 6.1 does (content/scenarios/route-error-types.sh records the forwarding side).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runScenario } from '../shell.ts';

const SETUP = 'ip link add v0 type veth peer name v1\nip addr add 10.0.0.1/24 dev v0\nip link set v0 up\n';

test('error routes print their type first and no device, and stay when a device goes down', () => {
  const run = runScenario(`${SETUP}ip route add blackhole 10.9.1.0/24\nip route add unreachable default metric 7\nip route add prohibit 10.9.2.5\nip route add unreachable 10.9.3.0/24 src 10.0.0.1\nip route add throw 10.9.4.0/24 table 100\nip link set v0 down\nip route\nip route show table 100\n`);
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, [
    '== default: ip route',
    'unreachable default metric 7 ',
    'blackhole 10.9.1.0/24 ',
    'prohibit 10.9.2.5 ',
    'unreachable 10.9.3.0/24 src 10.0.0.1 ',
    '== default: ip route show table 100',
    'throw 10.9.4.0/24 ',
    '',
  ].join('\n'));
});

test('a gateway or device on an error route is refused with the kernel extack', () => {
  for (const extra of ['dev v0', 'via 10.0.0.2']) {
    const run = runScenario(`${SETUP}ip route add blackhole 10.9.1.0/24 ${extra}\n`);
    assert.equal(run.stderr, 'line 4: Error: Gateway, device and multipath can not be specified for this route type.\n', extra);
    assert.equal(run.exitCode, 2);
  }
});

test('same prefix and metric as another route of any type: File exists; del matches the type when given', () => {
  assert.equal(runScenario(`${SETUP}ip route add blackhole 10.9.1.0/24\nip route add 10.9.1.0/24 via 10.0.0.2\n`).stderr, 'line 5: RTNETLINK answers: File exists\n');
  assert.equal(runScenario(`${SETUP}ip route add prohibit 10.9.2.5\nip route del unreachable 10.9.2.5\n`).stderr, 'line 5: RTNETLINK answers: No such process\n');
  assert.equal(runScenario(`${SETUP}ip route add prohibit 10.9.2.5\nip route del 10.9.2.5\nip route\n`).stdout, '== default: ip route\n10.0.0.0/24 dev v0 proto kernel scope link src 10.0.0.1 linkdown \n');
});

test('ip route get answers with the error of the route the lookup ends on', () => {
  const cases: Array<[string, string]> = [
    ['blackhole', 'Invalid argument'],
    ['unreachable', 'No route to host'],
    ['prohibit', 'Permission denied'],
    ['throw', 'Network is unreachable'],
  ];
  for (const [type, message] of cases) {
    const run = runScenario(`${SETUP}ip route add 10.9.0.0/16 via 10.0.0.2\nip route add ${type} 10.9.1.0/24\nip route get 10.9.1.1\n`);
    assert.equal(run.stderr, `line 6: RTNETLINK answers: ${message}\n`, type);
  }
});

test('a local ping ends at connect() with the route\'s error, exit 2 (iputils 20221126 on Linux 6.18)', () => {
  const cases: Array<[string, string]> = [
    ['blackhole', 'ping: connect: Invalid argument'],
    ['unreachable', 'ping: connect: No route to host'],
    ['prohibit', 'ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules'],
    ['throw', 'ping: connect: Network is unreachable'],
  ];
  for (const [type, message] of cases) {
    const run = runScenario(`${SETUP}ip route add 10.9.0.0/16 via 10.0.0.2\nip route add ${type} 10.9.1.0/24\nping -c 1 10.9.1.1\nip route\n`);
    assert.equal(run.stderr, `line 6: ${message}\n`, type);
    assert.equal(run.exitCode, 2, type);
    assert.equal(run.stdout, '', type);
  }
});
