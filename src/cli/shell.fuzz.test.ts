// Property test: any command line, valid, mutated or random, either runs or ends the scenario
// with the tool's kind of message prefixed by `line N:` and a non-zero exit. Never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { runScenario } from './run-scenario.ts';

const SCENARIOS = join(import.meta.dirname, '..', '..', 'content', 'scenarios');

/** Every command line of every course scenario: the corpus the mutations start from. */
const corpus: string[] = readdirSync(SCENARIOS)
  .filter((f) => f.endsWith('.sh'))
  .flatMap((f) => readFileSync(join(SCENARIOS, f), 'utf8').split('\n'))
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));

/** A small world the mutated line runs in, so that names in the corpus often exist. */
const PRELUDE = [
  'ip netns add ns1',
  'ip link add eth1 type veth peer name eth0 netns ns1',
  'ip link add br0 type bridge',
  'ip addr add 10.0.0.1/24 dev eth1',
  'ip link set eth1 up',
  'ip netns exec ns1 ip addr add 10.0.0.2/24 dev eth0',
  'ip netns exec ns1 ip link set eth0 up',
  'sysctl -w net.ipv4.ip_forward=1',
].join('\n');
const PRELUDE_LINES = PRELUDE.split('\n').length;

const token = fc.oneof(
  fc.constantFrom('-A', '-I', '-D', '-t', 'nat', '-j', 'SNAT', '--to-source', '-p', 'icmp', 'tcp', '--dport', '-m', 'physdev',
    '--physdev-in', 'conntrack', '--ctstate', 'NEW', 'dev', 'via', 'default', 'up', 'down', 'master', 'netns', 'peer', 'name',
    'type', 'veth', 'bridge', '-c', '-i', '-W', '-I', '&', '!', '0/0', '10.0.0.1', '10.0.0.300', '256.1.1.1/33', '-L', '-S',
    '-v', '-n', '-x', '--zone', 'CT', 'REJECT', '--reject-with', 'eth0', 'eth1', 'br0', 'lo', 'ns1', 'nosuch', '1', '0', '-1',
    '65536', '99999999999999999999', '"', "'", '\\', '#', '$x', '|', ';', '&&', '(', ')', 'and', 'or', 'not', 'host', 'port'),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
);

const mutatedLine = fc
  .tuple(fc.constantFrom(...corpus), fc.array(fc.tuple(fc.nat(), fc.nat(), token), { minLength: 1, maxLength: 4 }))
  .map(([line, edits]) => {
    const words = line.split(/\s+/);
    for (const [kind, at, word] of edits) {
      const i = at % (words.length + 1);
      switch (kind % 5) {
        case 0: words.splice(i, 1); break; // drop a word
        case 1: words.splice(i, 0, word); break; // insert a token
        case 2: words[Math.min(i, words.length - 1)] = word; break; // replace a word
        case 3: words.splice(i, 0, words[i] ?? word); break; // duplicate
        default: words.length = Math.max(1, i); // truncate
      }
    }
    return words.join(' ');
  });

const randomLine = fc.array(token, { minLength: 1, maxLength: 10 }).map((ws) => ws.join(' '));
const anyLine = fc.oneof({ weight: 3, arbitrary: mutatedLine }, { weight: 1, arbitrary: randomLine }, { weight: 1, arbitrary: fc.constantFrom(...corpus) });

function checkOutcome(line: string): void {
  const result = runScenario(`${PRELUDE}\n${line}\n`);
  assert.equal(typeof result.stdout, 'string');
  assert.ok(!result.stderr.includes('internal error'), `internal error for ${JSON.stringify(line)}: ${result.stderr}`);
  assert.ok(!/\n\s+at /.test(result.stderr), `stack trace for ${JSON.stringify(line)}`);
  if (result.exitCode === 0) {
    assert.equal(result.stderr, '', `exit 0 with stderr for ${JSON.stringify(line)}`);
  } else {
    // The error points at the mutated line (or at a continuation of it) and says something.
    const m = /^line (\d+): (.*\S.*)/.exec(result.stderr);
    assert.ok(m, `no "line N:" message for ${JSON.stringify(line)}: ${JSON.stringify(result.stderr)}`);
    assert.ok(Number(m[1]) >= PRELUDE_LINES + 1, `error blamed on line ${m[1]} for ${JSON.stringify(line)}`);
  }
}

test('10,000 random and mutated command lines: each runs, or fails with "line N:" and a non-zero exit', () => {
  fc.assert(fc.property(anyLine, (line) => checkOutcome(line)), { numRuns: 10_000 });
});

test('a scenario whose prelude is broken blames the right line', () => {
  const result = runScenario('ip netns add a\nip link set nosuch up\nip netns add b\n');
  assert.equal(result.exitCode, 1);
  assert.equal(result.stderr, 'line 2: Cannot find device "nosuch"\n');
});

test('an unknown command is reported like a shell would', () => {
  const result = runScenario('ipp link\n');
  assert.equal(result.exitCode, 127);
  assert.equal(result.stderr, 'line 1: ipp: command not found\n');
});
