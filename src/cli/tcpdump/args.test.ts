// parseTcpdumpArgs against the real tcpdump 4.99.3, and a property test over random and mutated
// command lines.
//
// testdata/args-ground-truth.json (gen-args-ground-truth.ts): 700 random command lines run by
// the real tcpdump in a fresh network namespace whose only device is `lo`; each records the exit
// status and stderr, or that tcpdump started capturing.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameRandom } from '../../net/wire/testdata/random-frames.ts';
import { TCPDUMP_USAGE, TcpdumpError, noSuchDeviceError, parseTcpdumpArgs, type TcpdumpEnvironment } from './args.ts';
import { ARG_VOCABULARY } from './testdata/gen-args-ground-truth.ts';
import { randomConjunction, randomFilter } from './testdata/random-filters.ts';

const fixture = JSON.parse(readFileSync(new URL('./testdata/args-ground-truth.json', import.meta.url), 'utf8')) as {
  cases: { args: string[]; accepted?: true; status?: number; stderr?: string; usage?: true }[];
};

/** The namespace the ground truth ran in: only `lo`, up. */
const LO_ONLY: TcpdumpEnvironment = { interfaceExists: (n) => n === 'lo', interfaceUp: () => true, interfaceCount: 1 };

function outcome(args: readonly string[], env: TcpdumpEnvironment): { accepted: true } | { status: number; stderr: string } | { unsupported: string } {
  try {
    parseTcpdumpArgs(args, env);
    return { accepted: true };
  } catch (e) {
    if (!(e instanceof TcpdumpError)) throw e;
    return e.unsupported ? { unsupported: e.message } : { status: e.exitCode, stderr: e.message };
  }
}

test(`${fixture.cases.length} command lines: accepted or refused as tcpdump does`, () => {
  for (const c of fixture.cases) {
    const got = outcome(c.args, LO_ONLY);
    const label = JSON.stringify(c.args);
    if ('unsupported' in got) {
      // Only command lines that tcpdump runs may be refused as unsupported.
      assert.ok(c.accepted, `${label}: real tcpdump fails (${c.stderr ?? ''}) but the simulator says ${got.unsupported}`);
      continue;
    }
    const stderr = c.usage ? `${c.stderr ?? ''}\n${TCPDUMP_USAGE}` : c.stderr;
    assert.deepEqual(got, c.accepted ? { accepted: true } : { status: c.status, stderr }, label);
  }
});

test('the options the simulator uses', () => {
  const o = parseTcpdumpArgs(['-n', '-e', '-p', '-i', 'eth0', 'icmp', 'and', 'host', '10.1.0.1'], { interfaceExists: () => true });
  assert.equal(o.interface, 'eth0');
  assert.equal(o.numeric, true);
  assert.equal(o.ether, true);
  assert.equal(o.promiscuous, false);
  assert.equal(o.timestamps, true);
  assert.equal(o.filterText, 'icmp and host 10.1.0.1');
  const clustered = parseTcpdumpArgs(['-nnteli', 'br0', '--immediate-mode', '-c', '3', 'arp', '-S']);
  assert.deepEqual(
    { ...clustered, filter: undefined },
    { interface: 'br0', numeric: true, ether: true, promiscuous: true, timestamps: false, absoluteSeq: true, lineBuffered: true, immediateMode: true, count: 3, filterText: 'arp', filter: undefined },
  );
  assert.equal(parseTcpdumpArgs(['--interface=eth1', '--no-prom']).interface, 'eth1');
  assert.equal(parseTcpdumpArgs(['-i', 'eth0', 'icmp', '-n']).numeric, true); // options after the filter words
  assert.equal(parseTcpdumpArgs(['-i', 'eth0', '--', 'not', 'arp']).filterText, 'not arp');
  assert.throws(() => parseTcpdumpArgs(['-i', 'eth0', '--', '-n']), { message: "tcpdump: can't parse filter expression: syntax error" });
});

test('tcpdump messages', () => {
  const stderr = (args: string[], env: TcpdumpEnvironment = {}): string => {
    const o = outcome(args, env);
    return 'stderr' in o ? o.stderr : 'unsupported' in o ? o.unsupported : 'accepted';
  };
  assert.equal(stderr(['-i']), `tcpdump: option requires an argument -- 'i'\n${TCPDUMP_USAGE}`);
  assert.equal(stderr(['-g']), `tcpdump: invalid option -- 'g'\n${TCPDUMP_USAGE}`);
  assert.equal(stderr(['--foo']), `tcpdump: unrecognized option '--foo'\n${TCPDUMP_USAGE}`);
  assert.equal(
    stderr(['--n']),
    `tcpdump: option '--n' is ambiguous; possibilities: '--nano' '--no-optimize' '--no-promiscuous-mode' '--number'\n${TCPDUMP_USAGE}`,
  );
  assert.equal(stderr(['-c', 'x']), 'tcpdump: invalid packet count x');
  assert.equal(stderr(['-i', 'eth9'], { interfaceExists: () => false }), 'tcpdump: eth9: No such device exists\n(No such device exists)');
  assert.equal(noSuchDeviceError('eth9').message, 'tcpdump: eth9: No such device exists\n(No such device exists)');
  assert.equal(stderr(['-i', 'veth1'], { interfaceExists: () => true, interfaceUp: () => false }), 'tcpdump: veth1: That device is not up');
  // The device is opened before the filter is compiled.
  assert.equal(stderr(['-i', 'eth9', 'hst'], { interfaceExists: () => false }), 'tcpdump: eth9: No such device exists\n(No such device exists)');
  assert.equal(stderr(['-i', 'eth0', 'hst']), "tcpdump: can't parse filter expression: syntax error");
  // -v changes every line: refused, unless tcpdump would fail anyway.
  assert.equal(stderr(['-v', '-i', 'eth0']), 'tcpdump: -v (verbose output changes every line) (not supported by the simulator)');
  assert.equal(stderr(['-v', '-i', 'eth9'], { interfaceExists: () => false }), 'tcpdump: eth9: No such device exists\n(No such device exists)');
  assert.equal(stderr(['-tttttt']), 'tcpdump: only -t, -tt, -ttt, -tttt and -ttttt are supported');
});

// ---- property: any command line parses or fails with a TcpdumpError ----------------------------

const WORDS = ARG_VOCABULARY.flat();
const wordList = fc.array(fc.constantFrom(...ARG_VOCABULARY), { maxLength: 8 }).map((xs) => xs.flat());
const filterWords = fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => {
  const r = new FrameRandom(seed);
  return (r.chance(0.7) ? randomFilter(r) : randomConjunction(r)).split(' ');
});
const mutated = fc.tuple(wordList, filterWords, fc.array(fc.tuple(fc.nat(), fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom(...WORDS, '-', '--', '=', '"', '(', ')', '\\', '$1', '::1', '0x', '1:2:3:4:5:6', '\t', 'icmp[0]', 'len > 1', '-i=', '--int')), fc.boolean()), { maxLength: 4 })).map(([a, b, edits]) => {
  const words = [...a, ...b];
  for (const [at, word, insert] of edits) {
    const i = words.length === 0 ? 0 : at % (words.length + 1);
    if (insert || words.length === 0) words.splice(i, 0, word);
    else words[i % words.length] = word;
  }
  return words;
});
const commandLine = fc.oneof(
  wordList,
  fc.tuple(wordList, filterWords).map(([a, b]) => [...a, ...b]),
  mutated,
  fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }),
  fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 6 }),
);

const env = fc.record({ exists: fc.boolean(), up: fc.boolean() }).map(({ exists, up }): TcpdumpEnvironment => ({ interfaceExists: (n) => exists || n === 'lo', interfaceUp: () => up, interfaceCount: 3 }));

test('10,000 random and mutated command lines: options or a TcpdumpError, and filters that never throw', () => {
  const frames = Array.from({ length: 40 }, (_, i) => new FrameRandom(i).frame());
  fc.assert(
    fc.property(commandLine, env, (args, environment) => {
      let options;
      try {
        options = parseTcpdumpArgs(args, environment);
      } catch (e) {
        if (e instanceof TcpdumpError && e.message.length > 0 && e.exitCode === 1) return;
        throw e;
      }
      for (const f of frames) assert.equal(typeof options.filter(f), 'boolean');
    }),
    { numRuns: 10_000 },
  );
});
