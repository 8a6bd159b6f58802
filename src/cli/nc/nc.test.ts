// nc in the engine, end to end through the scenario runner: what each form puts on the wire,
// how it ends, and the errors it stops a scenario with. Each case was first run on the kernel
// (see docs/scenario-format-tcp-udp.md and the tcp-*/udp-* scenarios).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runScenario } from '../run-scenario.ts';
import { COMMAND_START_MS, executeScript } from '../shell.ts';

const PAIR = [
  'ip netns add client',
  'ip netns add web',
  'ip netns exec client ip link add eth0 type veth peer name eth0 netns web',
  'ip netns exec client ip addr add 10.0.0.1/24 dev eth0',
  'ip netns exec client ip link set eth0 up',
  'ip netns exec web ip addr add 10.0.0.2/24 dev eth0',
  'ip netns exec web ip link set eth0 up',
  'ip netns exec client tcpdump -n -i eth0 tcp or udp or icmp &',
].join('\n');
const PAIR_LINES = PAIR.split('\n').length;

/** The capture on client's eth0, each line reduced to "SRCPORT>DSTPORT FLAGS" (or the ICMP/UDP text). */
function wire(script: string): string[] {
  const result = runScenario(`${PAIR}\n${script}\n`);
  assert.equal(result.stderr, '', result.stderr);
  const lines = (result.stdout.split('== client eth0\n')[1] ?? '').split('\n').filter((l) => l !== '');
  return lines.map((l) => {
    const tcp = /^IP [\d.]+\.(\d+) > [\d.]+\.(\d+): Flags \[([^\]]+)\]/.exec(l);
    if (tcp) return `${Number(tcp[1]) >= 32768 ? 'eph' : tcp[1]}>${Number(tcp[2]) >= 32768 ? 'eph' : tcp[2]} ${tcp[3]}`;
    const udp = /^IP [\d.]+\.(\d+) > [\d.]+\.(\d+): UDP, length (\d+)/.exec(l);
    if (udp) return `udp ${Number(udp[1]) >= 32768 ? 'eph' : udp[1]}>${udp[2]} ${udp[3]}`;
    return l.replace(/^IP /, '');
  });
}

function error(script: string): { line: number; message: string; exitCode: number } {
  const result = runScenario(`${PAIR}\n${script}\n`);
  const m = /^line (\d+): ([\s\S]*)$/.exec(result.stderr);
  assert.ok(m, `expected an error, got ${JSON.stringify(result)}`);
  return { line: Number(m[1]) - PAIR_LINES, message: m[2]!.trim(), exitCode: result.exitCode };
}

const HANDSHAKE_AND_CLOSE = ['eph>80 S', '80>eph S.', 'eph>80 .', 'eph>80 F.', '80>eph F.', 'eph>80 .'];

test('nc -z: handshake, then the client closes first; the server answers with its own FIN', () => {
  assert.deepEqual(wire('ip netns exec web nc -l 80 &\nip netns exec client nc -z 10.0.0.2 80'), HANDSHAKE_AND_CLOSE);
});

test('nc -N and nc -q 0 send the same segments as -z (stdin is /dev/null: EOF at once)', () => {
  assert.deepEqual(wire('ip netns exec web nc -l 80 &\nip netns exec client nc -N 10.0.0.2 80'), HANDSHAKE_AND_CLOSE);
  assert.deepEqual(wire('ip netns exec web nc -l 80 &\nip netns exec client nc -q 0 10.0.0.2 80'), HANDSHAKE_AND_CLOSE);
});

test('nc -w 1: the connection stays idle for 1 s, then the client closes', () => {
  const run = executeScript(`${PAIR}\nip netns exec web nc -l 80 &\nip netns exec client nc -w 1 10.0.0.2 80\n`);
  const lines = run.world.captures[0]?.lines ?? [];
  assert.equal(lines.filter((l) => l.includes('Flags [F.]')).length, 2);
  // The script's clock: starting each command, 1 ms to start the server, 1 s of idle
  // connection, 700 ms of settling.
  assert.equal(run.world.now, run.commands.length * COMMAND_START_MS + 1 + 1000 + 700);
});

test('a server started with -N closes first: its FIN comes right after the handshake', () => {
  assert.deepEqual(wire('ip netns exec web nc -N -l 80 &\nip netns exec client nc -w 2 10.0.0.2 80'), ['eph>80 S', '80>eph S.', 'eph>80 .', '80>eph F.', 'eph>80 F.', '80>eph .']);
});

test('nc -z PORTS scans one port after the other: refused ports get [R.]', () => {
  assert.deepEqual(wire('ip netns exec web nc -l 80 &\nip netns exec client nc -z 10.0.0.2 79-81'), ['eph>79 S', '79>eph R.', ...HANDSHAKE_AND_CLOSE, 'eph>81 S', '81>eph R.']);
});

test('nc -l without -k serves one connection: the next SYN is refused; with -k it is served', () => {
  assert.deepEqual(wire('ip netns exec web nc -l 80 &\nip netns exec client nc -z 10.0.0.2 80\nip netns exec client nc -z 10.0.0.2 80').slice(6), ['eph>80 S', '80>eph R.']);
  assert.deepEqual(wire('ip netns exec web nc -lk 80 &\nip netns exec client nc -z 10.0.0.2 80\nip netns exec client nc -z 10.0.0.2 80').slice(6), HANDSHAKE_AND_CLOSE);
});

test('a SYN nobody answers: retransmitted until -w runs out, or until the kernel gives up after ~131 s', () => {
  const drop = 'ip netns exec web iptables -A INPUT -p tcp -j DROP';
  assert.equal(wire(`${drop}\nip netns exec client nc -z -w 6 10.0.0.2 80`).length, 6);
  const run = executeScript(`${PAIR}\n${drop}\nip netns exec client nc -z 10.0.0.2 80\n`);
  assert.equal(run.world.captures[0]?.lines.filter((l) => l.includes('Flags [S]')).length, 11);
  // 131 s of timeouts, each fired a timer-wheel tick late (up to 2 s for the 32 s one).
  const gaveUpAfter = run.world.now - 700;
  assert.ok(gaveUpAfter > 131_000 && gaveUpAfter < 137_000, `connect() gave up ${gaveUpAfter} ms after the first SYN`);
});

test('an ICMP error ends connect() at once: one SYN, no retransmission', () => {
  assert.deepEqual(wire('ip netns exec web iptables -A INPUT -p tcp -j REJECT\nip netns exec client nc -z -w 6 10.0.0.2 80'), ['eph>80 S', '10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 tcp port 80 unreachable, length 68']);
});

test('UDP: nc -u sends nothing without stdin; -v -z probes with "X"; a closed port refuses after one', () => {
  assert.deepEqual(wire('ip netns exec client nc -u -w 1 10.0.0.2 5000\nip netns exec client nc -u -z 10.0.0.2 5000'), []);
  assert.deepEqual(wire('ip netns exec web nc -u -l 5000 &\nip netns exec client nc -u -v -z -w 2 10.0.0.2 5000'), ['udp eph>5000 1', 'udp eph>5000 1', 'udp eph>5000 1', 'udp eph>5000 1']);
  assert.deepEqual(wire('ip netns exec client nc -u -v -z 10.0.0.2 5000'), ['udp eph>5000 1', '10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 5000 unreachable, length 37']);
});

test('UDP: nc -u -l connects to its first sender, so another sender is refused; -k does not connect', () => {
  const probes = 'ip netns exec client nc -u -v -z -w 0 -p 5001 10.0.0.2 5000\nip netns exec client nc -u -v -z -w 0 -p 5002 10.0.0.2 5000';
  assert.deepEqual(wire(`ip netns exec web nc -u -l 5000 &\n${probes}`), ['udp 5001>5000 1', 'udp 5001>5000 1', 'udp 5002>5000 1', '10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 5000 unreachable, length 37']);
  assert.deepEqual(wire(`ip netns exec web nc -u -lk 5000 &\n${probes}`), ['udp 5001>5000 1', 'udp 5001>5000 1', 'udp 5002>5000 1', 'udp 5002>5000 1']);
});

test('errors stop the scenario with nc\'s message and its line', () => {
  assert.deepEqual(error('ip netns exec web nc -l 80 &\nip netns exec client nc -z -p 40000 10.0.0.2 80\nip netns exec client nc -z -p 40000 10.0.0.2 80'), { line: 3, message: 'nc: bind failed: Address already in use', exitCode: 1 });
  assert.deepEqual(error('ip netns exec client nc -z -s 10.9.9.9 10.0.0.2 80'), { line: 1, message: 'nc: bind failed: Cannot assign requested address', exitCode: 1 });
  assert.deepEqual(error('ip netns exec web nc -l 10.0.0.1 80 &'), { line: 1, message: 'nc: Cannot assign requested address', exitCode: 1 });
  assert.match(error('ip netns exec web nc -l 80 &\nip netns exec web nc -lk 80 &').message, /second socket on tcp port 80 is not modelled/);
  assert.match(error('ip netns exec web nc -l 80').message, /runs in the background/);
  assert.match(error('ip netns exec client nc 10.0.0.2 80').message, /would never exit/);
  assert.match(error('ip netns exec client ping -c 1 10.0.0.2 &').message, /only tcpdump and nc run in the background/);
  assert.equal(error('ip netns exec client nc -e /bin/sh 10.0.0.2 80').message.split('\n')[0], "nc: invalid option -- 'e'");
});

test('a refused or unanswered nc is no scenario error (exit status 1 of nc, like ping\'s)', () => {
  const result = runScenario(`${PAIR}\nip netns exec client nc -z -w 1 10.0.0.2 80\nip netns exec client nc -z 10.0.0.99 80 -w 1\n`);
  assert.equal(result.exitCode, 0, result.stderr);
});

test('conntrack -L in the client: a dropped SYN leaves SYN_SENT [UNREPLIED]; a refused one leaves nothing', () => {
  const result = runScenario(
    `${PAIR}\nip netns exec client iptables -A OUTPUT -m conntrack --ctstate INVALID\nip netns exec web iptables -A INPUT -p tcp --dport 81 -j DROP\nip netns exec client nc -z -w 1 10.0.0.2 81\nip netns exec client nc -z 10.0.0.2 82\nip netns exec client conntrack -L\n`,
  );
  const ct = result.stdout.split('== client: conntrack -L\n')[1]?.split('==')[0]?.trim().split('\n') ?? [];
  assert.equal(ct.length, 1, ct.join('\n'));
  assert.match(ct[0] ?? '', /^tcp +6 \d+ SYN_SENT src=10\.0\.0\.1 dst=10\.0\.0\.2 sport=\d+ dport=81 \[UNREPLIED\]/);
});
