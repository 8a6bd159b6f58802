// ping as root runs it (iputils 20221126, as the kernel runner runs scenarios): the parser's
// messages and the flood modes, each checked against the real binary and kernel (Linux 6.18).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ToolError } from '../errors.ts';
import { runScenario } from '../shell.ts';
import { normalize } from '../../conformance/normalize.ts';
import { parsePing } from './ping.ts';

function refusal(args: string): { message: string; exitCode: number } {
  try {
    parsePing(args.split(' '));
  } catch (error) {
    assert.ok(error instanceof ToolError);
    return { message: error.message, exitCode: error.exitCode };
  }
  assert.fail(`ping ${args} was accepted`);
}

test('root may ping faster than every 2 ms, or flood (-f sets the interval to 0)', () => {
  assert.equal(parsePing(['-c', '3', '-i', '0.001', '10.0.0.2']).intervalMs, 1);
  assert.equal(parsePing(['-c', '3', '-i', '0', '10.0.0.2']).intervalMs, 0);
  // (int)(optval * 1000), as iputils keeps it.
  assert.equal(parsePing(['-c', '3', '-i', '0.0015', '10.0.0.2']).intervalMs, 1);
  const flood = parsePing(['-f', '-c', '3', '10.0.0.2']);
  assert.equal(flood.flood, true);
  assert.equal(flood.intervalMs, 0);
  assert.equal(parsePing(['-f', '-c', '2', '-i', '0.5', '10.0.0.2']).intervalMs, 500);
});

test('numbers out of range: the messages of the real ping', () => {
  assert.deepEqual(refusal('-c 9223372036854775808 1.2.3.4'), { message: "ping: invalid argument: '9223372036854775808': Numerical result out of range", exitCode: 1 });
  assert.deepEqual(refusal('-c 99999999999999999999 1.2.3.4'), { message: "ping: invalid argument: '99999999999999999999': Numerical result out of range", exitCode: 1 });
  assert.equal(parsePing(['-c', '9223372036854775807', '1.2.3.4']).count, 2 ** 63);
  assert.deepEqual(refusal('-c 0 1.2.3.4'), { message: "ping: invalid argument: '0': out of range: 1 <= value <= 9223372036854775807", exitCode: 1 });
  assert.deepEqual(refusal('-c 1e3 1.2.3.4'), { message: "ping: invalid argument: '1e3'", exitCode: 1 });
  assert.deepEqual(refusal('-c 1 -i 2147484 1.2.3.4'), { message: 'ping: bad timing interval: 2147484', exitCode: 2 });
  assert.equal(parsePing(['-c', '1', '-i', '2147483', '1.2.3.4']).intervalMs, 2147483000);
  assert.deepEqual(refusal('-c 1 -W 3000000 1.2.3.4'), { message: 'ping: bad linger time: 3000000', exitCode: 2 });
  assert.deepEqual(refusal('-c 1 -s 2147483648 1.2.3.4'), { message: "ping: invalid argument: '2147483648': out of range: 0 <= value <= 2147483647", exitCode: 1 });
  assert.equal(parsePing(['-c', '1', '-s', '2147483647', '1.2.3.4']).size, 2147483647);
  assert.deepEqual(refusal('-c 1 -t 256 1.2.3.4'), { message: "ping: invalid argument: '256': out of range: 0 <= value <= 255", exitCode: 1 });
});

const FLOOD = `ip netns add a
ip link add v0 type veth peer name eth0 netns a
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip netns exec a ip addr add 10.0.0.2/24 dev eth0
ip netns exec a ip link set eth0 up
tcpdump -n -i v0 &
ping -c 3 -i 0 10.0.0.2
ping -f -c 3 10.0.0.2
ping -c 2 -i 0.001 10.0.0.2
ping -f -c 2 10.0.0.9
ping -c 2 -s 70000 10.0.0.2
ping -c 2 -i 0.2 -s 65508 10.0.0.2
`;

/** `netsim kernel` of FLOOD (Linux 6.18, iputils 20221126, as root). */
const FLOOD_KERNEL = `== default v0
ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28
ARP, Reply 10.0.0.2 is-at 8a:d9:74:42:22:6f, length 28
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 17, seq 1, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 17, seq 1, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 17, seq 2, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 17, seq 2, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 17, seq 3, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 17, seq 3, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 18, seq 1, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 18, seq 1, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 18, seq 2, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 18, seq 2, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 18, seq 3, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 18, seq 3, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 19, seq 1, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 19, seq 1, length 64
IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 19, seq 2, length 64
IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, id 19, seq 2, length 64
ARP, Request who-has 10.0.0.9 tell 10.0.0.1, length 28
ARP, Request who-has 10.0.0.9 tell 10.0.0.1, length 28
ARP, Request who-has 10.0.0.9 tell 10.0.0.1, length 28
ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28
ARP, Reply 10.0.0.1 is-at 6e:9e:f2:c9:58:a8, length 28
`;

test('-i 0, -f (answered and not), -i 0.001, -s above 65507: the kernel\'s capture', () => {
  const result = runScenario(FLOOD);
  assert.equal(result.stderr, '');
  assert.equal(normalize(result.stdout), normalize(FLOOD_KERNEL));
});

test('-w takes whole seconds (strtol_or_err); 0 is no deadline; with -w, -c may be left out', () => {
  assert.deepEqual(refusal('-w 1.5 1.2.3.4'), { message: "ping: invalid argument: '1.5'", exitCode: 1 });
  assert.deepEqual(refusal('-w -1 1.2.3.4'), { message: "ping: invalid argument: '-1': out of range: 0 <= value <= 2147483647", exitCode: 1 });
  assert.equal(parsePing(['-w', '2', '1.2.3.4']).deadlineMs, 2000);
  assert.equal(parsePing(['-w', '0', '-c', '1', '1.2.3.4']).deadlineMs, undefined);
  assert.equal(refusal('-w 0 1.2.3.4').exitCode, 2);
});

test('a ping that finds no route fails at connect() with status 2, and the script stops', () => {
  const result = runScenario(`ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ping -c 1 192.0.2.1
ip route
`);
  assert.equal(result.exitCode, 2);
  assert.equal(result.stderr, 'line 4: ping: connect: Network is unreachable\n');
  assert.equal(result.stdout, '');
});

function requests(stdout: string, seqOf: string): number {
  return stdout.split('\n').filter((l) => l.includes(`> ${seqOf}: ICMP echo request`)).length;
}

test('-w: sends past -c until the alarm (armed before the first send), or until -c replies', () => {
  const script = (pingArgs: string, dst: string): string => `ip netns add a
ip link add v0 type veth peer name eth0 netns a
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ip netns exec a ip addr add 10.0.0.2/24 dev eth0
ip netns exec a ip link set eth0 up
ip neigh add 10.0.0.9 lladdr 02:00:00:00:00:09 dev v0
tcpdump -n -i v0 icmp &
ping ${pingArgs} ${dst}
`;
  // Unanswered: 0, 0.5, 1, 1.5 s; the alarm at 2 s comes before the fifth.
  assert.equal(requests(runScenario(script('-w 2 -i 0.5 -c 2', '10.0.0.9')).stdout, '10.0.0.9'), 4);
  // Answered: the second reply ends it.
  assert.equal(requests(runScenario(script('-c 2 -w 3', '10.0.0.2')).stdout, '10.0.0.2'), 2);
  // No -c: every interval until the deadline.
  assert.equal(requests(runScenario(script('-w 1 -i 0.3', '10.0.0.2')).stdout, '10.0.0.2'), 4);
});

test('a broadcast destination without -b is refused at connect() (EACCES), with or without brd', () => {
  const result = runScenario(`ip link add v0 type veth peer name v1
ip addr add 10.0.0.1/24 dev v0
ip link set v0 up
ping -c 1 10.0.0.255
`);
  assert.equal(result.exitCode, 2);
  assert.equal(result.stderr, 'line 4: ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n');
});
