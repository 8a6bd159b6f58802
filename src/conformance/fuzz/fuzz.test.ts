import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ScenarioResult } from '../../cli/script.ts';
import { checkScript, classify, KERNEL_RERUNS } from './fuzz.ts';
import { DEFAULT_FLAGS, generateScenario } from './generate.ts';
import { shrink } from './shrink.ts';
import { safeEngine } from './fuzz.ts';

const ok = (stdout: string): ScenarioResult => ({ stdout, stderr: '', exitCode: 0 });
const capture = (seq: number) => `== a eth0\nIP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq ${seq}, length 64\n`;

test('generated scenarios are the same for a seed and differ between seeds', () => {
  assert.equal(generateScenario(42), generateScenario(42));
  assert.notEqual(generateScenario(42), generateScenario(43));
});

test('--tcp-flags matches come from a stream of their own: without them every seed keeps its old script', () => {
  const without = { ...DEFAULT_FLAGS, tcpFlags: false };
  let changed = 0;
  for (let seed = 4000; seed < 4100; seed++) {
    const on = generateScenario(seed);
    if (on !== generateScenario(seed, without)) changed++;
    const stripped = on.replace(/ (?:! )?--syn| (?:! )?--tcp-flags \S+ \S+/g, '');
    assert.equal(stripped, generateScenario(seed, without), `seed ${seed}`);
  }
  assert.ok(changed > 5, `only ${changed} of 100 seeds got a --tcp-flags or --syn match`);
});

test('generated scenarios are valid scripts the engine runs (60 seeds)', () => {
  let completed = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const r = safeEngine(generateScenario(seed));
    if (r.exitCode === 0) {
      completed++;
      continue;
    }
    // A command may fail as it would on Linux (a ping without a route): the tool's own message
    // at its line. Never the engine's own trouble, a command it does not know or does not model.
    assert.match(r.stderr, /^line \d+: (ping|nc): /, `seed ${seed}: ${r.stderr}`);
    assert.notEqual(r.exitCode, 70, `seed ${seed}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /not supported|not modelled|internal error/, `seed ${seed}`);
  }
  assert.ok(completed >= 45, `most scenarios run to their end (${completed} of 60)`);
});

test('features that are off stay out of the scenarios', () => {
  const off = { ...DEFAULT_FLAGS, notrack: false, failingCommands: false };
  const all = Array.from({ length: 200 }, (_x, k) => generateScenario(k + 1, off)).join('\n');
  assert.doesNotMatch(all, /--notrack/);
  assert.doesNotMatch(all, /iptables (-t filter )?-[AIP] OUTPUT .*(DROP|REJECT)|-P OUTPUT DROP/);
  assert.match(all, /type bridge/);
  const noBridge = Array.from({ length: 100 }, (_x, k) => generateScenario(k + 1, { ...DEFAULT_FLAGS, bridge: false, nat: false })).join('\n');
  assert.doesNotMatch(noBridge, /type bridge|-t nat/);
  const withNotrack = Array.from({ length: 200 }, (_x, k) => generateScenario(k + 1, { ...DEFAULT_FLAGS, notrack: true })).join('\n');
  assert.match(withNotrack, /-j CT --notrack/);
});

test('each feature shows up when on and never when off', () => {
  const seen = (flag: keyof typeof DEFAULT_FLAGS, re: RegExp) => {
    const text = Array.from({ length: 150 }, (_x, k) => generateScenario(k + 1, { ...DEFAULT_FLAGS, [flag]: true })).join('\n');
    assert.match(text, re, flag);
    const off = Array.from({ length: 150 }, (_x, k) => generateScenario(k + 1, { ...DEFAULT_FLAGS, [flag]: false })).join('\n');
    assert.doesNotMatch(off, re, `${flag} off`);
  };
  seen('failingCommands', /-P OUTPUT DROP|-A OUTPUT .*-j (DROP|REJECT)/);
  seen('secondaryAddresses', /ip addr add (10\.0\.\d\.2\d\d|172\.16\.)/);
  seen('routeTypes', /ip route add (blackhole|unreachable|prohibit) /);
  seen('tcpdumpAny', /tcpdump -n -i any/);
  seen('pingDeadline', /ping .* -w \d/);
  seen('dummy', /type dummy/);
  seen('ss', /\bss -t?u?an/);
  seen('iptablesSave', /iptables-save/);
  assert.equal(DEFAULT_FLAGS.dummy, false, 'dummy stays off: this kernel has no dummy driver');
});

test('checkScript: agree, disagree (the kernel agrees with itself), flaky (it does not), invalid', async () => {
  const engine = () => ok(capture(1));
  assert.equal((await checkScript(1, 's', { engine, kernel: async () => ok(capture(1)) })).verdict, 'agree');
  const wrong = await checkScript(1, 's', { engine, kernel: async () => ok(capture(2)) });
  assert.equal(wrong.verdict, 'disagree');
  assert.equal(wrong.cls, 'capture:icmp');
  assert.match(wrong.diff ?? '', /- IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id ID#1, seq 2/);
  let runs = 0;
  const flaky = await checkScript(1, 's', { engine, kernel: async () => ok(capture(++runs === 1 ? 2 : 3)) });
  assert.equal(flaky.verdict, 'flaky');
  // A kernel that answers differently only now and then (a coin toss Linux makes): the first
  // rerun agrees with the first run, a later one does not.
  runs = 0;
  const chance = await checkScript(1, 's', { engine, kernel: async () => ok(capture(++runs === 3 ? 3 : 2)) });
  assert.equal(chance.verdict, 'flaky', 'a later rerun that differs makes it flaky');
  runs = 0;
  assert.equal((await checkScript(1, 's', { engine, kernel: async () => ok(capture((++runs, 2))) })).verdict, 'disagree');
  assert.equal(runs, 1 + KERNEL_RERUNS, 'a real disagreement runs the kernel 1 + KERNEL_RERUNS times');
  const invalid = await checkScript(1, 's', { engine, kernel: async () => ({ stdout: '', stderr: 'line 3: RTNETLINK answers: File exists\n', exitCode: 2 }) });
  assert.equal(invalid.verdict, 'invalid');
});

test('classify names the status of a command that fails on one side only', () => {
  assert.match(classify({ stdout: '', stderr: 'line 4: ping: connect: Network is unreachable\n', exitCode: 2 }, ok('')), /^status:engine fails: ping/);
});

test('shrink keeps only the lines the failure needs, and simplifies arguments', async () => {
  const script = ['ip netns add a', 'ip netns add b', 'iptables -A INPUT -s 10.0.0.1 -p icmp -j DROP', 'ip netns exec a ping -c 3 -i 0.2 -W 1 10.0.0.2', 'conntrack -L', ''].join('\n');
  // the "failure" needs netns a, a DROP rule and a ping
  const oracle = async (s: string) => s.includes('ip netns add a\n') && /-j DROP/.test(s) && /ping -c \d/.test(s);
  const { script: min, tests } = await shrink(script, oracle, { budget: 100 });
  assert.equal(min, 'ip netns add a\niptables -A INPUT -j DROP\nip netns exec a ping -c 1 -i 0.2 -W 1 10.0.0.2\n');
  assert.ok(tests > 0 && tests <= 100);
  // the budget bounds the kernel runs
  assert.equal((await shrink(script, oracle, { budget: 0 })).tests, 0);
});
