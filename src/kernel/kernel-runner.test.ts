import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScript } from '../cli/script.ts';
import { collectOutput, generateScript, kernelUnavailableReason, KernelScriptError, planScenario, runOnKernel, shellQuote, tcpdumpArgv } from './kernel-runner.ts';

const plan = (source: string) => planScenario(parseScript(source));

test('planScenario: kinds of steps', () => {
  const steps = plan(
    [
      'ip netns add ns1',
      'ip link add veth1 type veth peer name eth0 netns ns1',
      'tcpdump -n -i veth1 icmp &',
      'ip netns exec ns1 ping -c 1 10.0.0.1',
      'iptables -L INPUT -v -n -x',
      'ip netns exec ns1 conntrack -L',
      'sleep 1',
    ].join('\n'),
  );
  assert.deepEqual(
    steps.map((s) => [s.command.line, s.command.ns, s.kind]),
    [
      [1, 'default', 'netns-add'],
      [2, 'default', 'silent'],
      [3, 'default', 'capture'],
      [4, 'ns1', 'ping'],
      [5, 'default', 'printed'],
      [6, 'ns1', 'printed'],
      [7, 'default', 'silent'],
    ],
  );
  assert.equal(steps[2]?.dev, 'veth1');
});

test('tcpdump: runner flags added, the user\'s flags and filter kept, -n always on', () => {
  const [cmd] = parseScript('tcpdump -e -p -i br0 icmp and host 10.0.0.1 &');
  assert.ok(cmd);
  assert.deepEqual(tcpdumpArgv(cmd), { dev: 'br0', argv: ['tcpdump', '--immediate-mode', '-l', '-t', '-e', '-p', '-i', 'br0', '-n', 'icmp', 'and', 'host', '10.0.0.1'] });
  const [joined] = parseScript("tcpdump -ni eth0 'icmp[icmptype] == icmp-echo' &");
  assert.ok(joined);
  assert.deepEqual(tcpdumpArgv(joined), { dev: 'eth0', argv: ['tcpdump', '--immediate-mode', '-l', '-t', '-n', '-i', 'eth0', 'icmp[icmptype] == icmp-echo'] });
});

test('refused: commands outside the language, file and program options, foreground tcpdump', () => {
  const refused = (source: string, pattern: RegExp) =>
    assert.throws(
      () => plan(source),
      (err: unknown) => err instanceof KernelScriptError && pattern.test(err.message),
    );
  refused('rm -rf /tmp/x', /command not allowed: rm/);
  refused('tcpdump -i eth0', /background/);
  refused('tcpdump -i eth0 -w /tmp/x &', /option -w/);
  refused('tcpdump -n icmp &', /needs -i/);
  refused('sysctl -w kernel.panic=1', /only net\.\*/);
  refused('sysctl -p /etc/sysctl.conf', /option -p/);
  refused('iptables --modprobe=/bin/sh -L', /modprobe/);
  refused('ip -batch /tmp/x', /-batch/);
  refused('ip netns exec ns1 ip netns exec ns2 ping 1.1.1.1', /prefix/);
  refused('ping -c 1 1.1.1.1 &', /only tcpdump and nc/);
  refused('nc -e /bin/sh 10.0.0.1 80', /invalid option -- 'e'/);
  refused('nc -U /tmp/sock', /-U is not supported/);
  refused('nc -x 10.0.0.9:1080 10.0.0.1 80', /-x is not supported/);
  refused('nc -z example.com 80', /Temporary failure in name resolution/);
  refused('nc 10.0.0.1 80', /would never exit/);
  refused('nc -u -N 10.0.0.1 53', /would never exit/);
  refused('nc -l -p 80', /background/);
  assert.throws(() => plan('\n\nfoo'), (err: unknown) => err instanceof KernelScriptError && err.line === 3);
});

test('planScenario: nc in the foreground and in the background', () => {
  const steps = plan('ip netns exec web nc -l 80 &\nip netns exec client nc -z -w 1 10.0.0.2 80\nnc -u -v -z 10.0.0.2 53\n');
  assert.deepEqual(steps.map((s) => [s.command.ns, s.kind]), [['web', 'nc-bg'], ['client', 'nc'], ['default', 'nc']]);
  const body = generateScript(steps).split('# ---- scenario ----')[1]?.trim().split('\n');
  assert.deepEqual(body, ['ncb 1 0 web -- nc -l 80', 'ncf 2 1 client -- nc -z -w 1 10.0.0.2 80', 'ncf 3 2 default -- nc -u -v -z 10.0.0.2 53', 'finish']);
});

test('shellQuote', () => {
  assert.equal(shellQuote('10.0.0.1/24'), '10.0.0.1/24');
  assert.equal(shellQuote('a b'), "'a b'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote('icmp[icmptype]'), "'icmp[icmptype]'");
  assert.equal(shellQuote(''), "''");
});

test('generateScript: one helper call per command, with line, index and namespace', () => {
  const script = generateScript(plan('ip netns add ns1\n# comment\nip netns exec ns1 ping -c 1 -W 1 10.0.0.1\ntcpdump -i eth0 &\nip netns exec ns1 ip route\n'));
  const body = script.slice(script.indexOf('# ---- scenario ----'));
  assert.deepEqual(body.trim().split('\n').slice(1), [
    'netns_add 1 0 default -- ip netns add ns1',
    'x 3 1 ns1 ping -- ping -c 1 -W 1 10.0.0.1',
    'cap 4 2 default -- tcpdump --immediate-mode -l -t -i eth0 -n',
    'x 5 3 ns1 printed -- ip route',
    'finish',
  ]);
  assert.match(script, /mount -t tmpfs .* \/run\/netns/);
  assert.match(script, /disable_ipv6=1/);
});

test('generateScript: the prelude is valid bash', () => {
  const script = generateScript(plan('ip netns add ns1\nip route\n'));
  const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});

test('collectOutput: printed blocks in script order, then captures in start order', async () => {
  const steps = plan('tcpdump -i b &\nip netns exec ns1 tcpdump -i a &\nconntrack -L\nip netns exec ns1 ip route\nping -c 1 1.2.3.4\n');
  const work = await mkdtemp(join(tmpdir(), 'pp-test-'));
  try {
    await writeFile(join(work, 'out.2'), 'icmp 1 29 x');
    await writeFile(join(work, 'out.3'), 'default via 10.0.0.1 dev eth0 \n');
    await writeFile(join(work, 'cap.0'), 'IP b1\n\n');
    await writeFile(join(work, 'cap.1'), '');
    const { stdout, failure } = await collectOutput(steps, work);
    assert.equal(failure, undefined);
    assert.equal(stdout, '== default: conntrack -L\nicmp 1 29 x\n== ns1: ip route\ndefault via 10.0.0.1 dev eth0 \n== default b\nIP b1\n== ns1 a\n');
    await writeFile(join(work, 'failed'), '5 4 2\n');
    assert.deepEqual((await collectOutput(steps, work)).failure, { line: 5, index: 4, status: 2 });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('runOnKernel: a syntax or language error is reported with its line, before any root check', async () => {
  const r = await runOnKernel('ip netns add ns1\nping -c 1 1.1.1.1 | cat\n');
  assert.equal(r.exitCode, 2);
  assert.match(r.stderr, /^line 2: /);
  const r2 = await runOnKernel('ip link add a type dummy\nsocat - tcp:1.2.3.4:80 &\n');
  assert.match(r2.stderr, /^line 2: kernel runner: command not allowed: socat/);
  const r3 = await runOnKernel('ip netns add a\nnc -l 80\n');
  assert.match(r3.stderr, /^line 2: kernel runner: nc: a listening nc runs in the background/);
});

const unavailable = kernelUnavailableReason();

test('runOnKernel on the real kernel: veth pair, capture, counters, conntrack, error line', { skip: unavailable }, async () => {
  const source = [
    'ip netns add ns1',
    'ip link add veth1 type veth peer name eth0 netns ns1',
    'ip addr add 10.0.0.1/24 dev veth1',
    'ip link set veth1 up',
    'ip netns exec ns1 ip addr add 10.0.0.2/24 dev eth0',
    'ip netns exec ns1 ip link set eth0 up',
    'iptables -A INPUT -p icmp -m conntrack --ctstate NEW',
    'tcpdump -n -i veth1 &',
    'ip netns exec ns1 ping -c 2 -i 0.2 10.0.0.1',
    'ip netns exec ns1 ping -c 1 -W 1 10.0.0.9',
    'iptables -L INPUT -v -n -x',
    'conntrack -L',
  ].join('\n');
  const r = await runOnKernel(source);
  assert.equal(r.stderr, '');
  assert.equal(r.exitCode, 0);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], '== default: iptables -L INPUT -v -n -x');
  assert.match(r.stdout, /^ +1 +84 +1 +-- .*ctstate NEW$/m);
  assert.match(r.stdout, /^== default: conntrack -L\nicmp +1 \d+ src=10\.0\.0\.2 dst=10\.0\.0\.1 type=8 code=0 id=(\d+) src=10\.0\.0\.1 dst=10\.0\.0\.2 type=0 code=0 id=\1 mark=0 use=1\n/m);
  assert.match(r.stdout, /== default veth1\nARP, Request who-has 10\.0\.0\.1 tell 10\.0\.0\.2, length 28\nARP, Reply 10\.0\.0\.1 is-at [0-9a-f:]{17}, length 28\nIP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo request, id \d+, seq 1, length 64\n/);
  assert.doesNotMatch(r.stdout, /IP6|ICMP6/);

  const bad = await runOnKernel('ip netns add ns1\nip netns add ns1\nip route\n');
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr, /^line 2: Cannot create namespace file "\/run\/netns\/ns1": File exists/);
  assert.equal(bad.stdout, '');
});

test('runOnKernel leaves no namespace behind and runs in parallel', { skip: unavailable }, async () => {
  const before = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout;
  const source = 'ip netns add a\nip netns exec a ip link set lo up\nip netns exec a ip addr\n';
  const results = await Promise.all([runOnKernel(source), runOnKernel(source), runOnKernel(source)]);
  for (const r of results) {
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^== a: ip addr\n1: lo: <LOOPBACK,UP,LOWER_UP>/);
  }
  assert.equal(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout, before);
});

test('generateScript: a here-document becomes the stdin file of its command, under a delimiter its body lacks', () => {
  const source = "iptables-restore -n <<'EOF'\n*filter\nPACKET_PATH_STDIN_0\n-A INPUT -m comment --comment \"a b\" -j ACCEPT\nCOMMIT\nEOF\nip route\n";
  const script = generateScript(plan(source));
  const body = script.slice(script.indexOf('# ---- scenario ----'));
  assert.deepEqual(body.trim().split('\n').slice(1), [
    `cat >"$W/in.0" <<'PACKET_PATH_STDIN_0_'`,
    '*filter',
    'PACKET_PATH_STDIN_0',
    '-A INPUT -m comment --comment "a b" -j ACCEPT',
    'COMMIT',
    'PACKET_PATH_STDIN_0_',
    'x 1 0 default silent -- iptables-restore -n',
    'x 7 1 default printed -- ip route',
    'finish',
  ]);
  const check = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
});
