// Property: for any iptables command line, parse + apply either succeed (and the ruleset
// still lists) or throw an IptablesError with a non-empty message and a non-zero exit
// status; never any other exception. Lines are random words and mutations of valid lines
// (dropped, duplicated, swapped and replaced words, random tokens, unicode, empty strings,
// very long values), run as sequences on one ruleset so that state-dependent paths run too.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { createTables } from '../../net/netfilter/tables.ts';
import { applyIptables } from './apply.ts';
import { IptablesError } from './errors.ts';
import { parseIptables } from './parse.ts';

const SEEDS: string[][] = [
  '-A INPUT -s 10.0.0.0/8 -j ACCEPT',
  '-A INPUT ! -s 10.0.0.1 -d 192.168.1.0/24 -j DROP',
  '-I INPUT 1 -i eth0 -j ACCEPT',
  '-A INPUT ! -i veth+ -p tcp --dport 22 -j ACCEPT',
  '-A INPUT -p tcp ! --dport 1000:2000 -j REJECT --reject-with tcp-reset',
  '-A INPUT -p udp --sport 53 --dport 1024: -j ACCEPT',
  '-A INPUT -p icmp --icmp-type echo-request -j ACCEPT',
  '-A INPUT -p icmp ! --icmp-type 3/3 -j LOG --log-prefix IN: --log-level debug --log-uid',
  '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  '-A INPUT -m state ! --state INVALID -m comment --comment hello -j ACCEPT',
  '-A FORWARD -m physdev --physdev-in vethA ! --physdev-out vethB --physdev-is-bridged -j ACCEPT',
  '-A FORWARD -o br0 ! -i br1 -j ACCEPT',
  '-N MYCHAIN',
  '-A FORWARD -j MYCHAIN',
  '-A FORWARD -g MYCHAIN',
  '-A MYCHAIN -j RETURN',
  '-A MYCHAIN -j MYCHAIN',
  '-X MYCHAIN',
  '-E MYCHAIN OTHER',
  '-t nat -A POSTROUTING -s 172.17.0.0/24 -o eth0 -j MASQUERADE --to-ports 1000-2000 -p tcp',
  '-t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1-1.1.1.5:1000-2000 --random --persistent',
  '-t nat -A PREROUTING -d 1.2.3.4 -p tcp --dport 80 -j DNAT --to-destination 172.16.1.100:8080',
  '-t nat -N NATC',
  '-t nat -A NATC -j SNAT --to-source 1.1.1.1',
  '-t nat -A PREROUTING -j NATC',
  '-t raw -A PREROUTING -j CT --zone 1',
  '-t raw -A OUTPUT -j CT --notrack',
  '-t raw -A PREROUTING -j NOTRACK',
  '-t mangle -A PREROUTING -j TRACE',
  '-P FORWARD DROP',
  '-D INPUT 1',
  '-D INPUT -s 10.0.0.0/8 -j ACCEPT',
  '-R INPUT 1 -j DROP',
  '-C INPUT -j ACCEPT',
  '-Z INPUT 1',
  '-F',
  '-X',
  '-L -v -n -x --line-numbers',
  '-L INPUT 1',
  '-L -Z',
  '-S -v',
  '-t nat -S POSTROUTING',
  '-vnL',
  '-V',
].map((l) => l.split(' '));

const VOCAB = [
  '-A', '-I', '-D', '-R', '-P', '-N', '-X', '-F', '-Z', '-L', '-S', '-C', '-E', '-V', '-h', '-t', '-s', '-d', '-i', '-o', '-p',
  '-j', '-g', '-m', '-n', '-v', '-x', '-c', '-f', '-w', '-W', '-4', '-6', '-b', '--line-numbers', '!', '--', '-', '--dport',
  '--sport', '--icmp-type', '--ctstate', '--state', '--comment', '--to-source', '--to-destination', '--to-ports',
  '--reject-with', '--zone', '--notrack', '--log-prefix', '--log-level', '--physdev-in', '--physdev-is-out', '--random',
  '--syn', '--ctproto', '--to', '--src', '--dst', '--list=INPUT', '--append=INPUT', '--numeric=1', 'INPUT', 'OUTPUT',
  'FORWARD', 'PREROUTING', 'POSTROUTING', 'MYCHAIN', 'nat', 'raw', 'mangle', 'filter', 'security', 'tcp', 'udp', 'icmp',
  'all', 'sctp', 'esp', 'gre', '47', 'ACCEPT', 'DROP', 'REJECT', 'RETURN', 'QUEUE', 'SNAT', 'DNAT', 'MASQUERADE', 'LOG', 'CT',
  'TRACE', 'NOTRACK', 'MARK', 'conntrack', 'state', 'physdev', 'comment', 'multiport', 'tcp', 'udp', '1', '2', '0', '80',
  '65536', '1:1024', '2:1', ':', '10.0.0.1', '1.2.3.4/24', '0/0', '1.2.3.4/255.0.255.0', '256', 'localhost', 'eth0',
  'veth+', '+', 'NEW', 'ESTABLISHED,RELATED', 'new,', 'echo-request', '8', '3/1', 'any', '1.1.1.1-1.1.1.5:1000-2000',
  'tcp-reset', 'x', '', ' ', '\t', '0x10', '010', '-1', '99999999999999999999999',
];

const word = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[-!0-9a-zA-Z.:/,+]{0,20}$/) },
  { weight: 1, arbitrary: fc.nat(400).map((n) => 'x'.repeat(n)) },
);

const mutated = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(4), fc.nat(30), word, fc.constantFrom(...SEEDS)), { maxLength: 4 }))
  .map(([seed, ops]) => {
    const out = [...seed];
    for (const [op, at, w, other] of ops) {
      const i = at % (out.length + 1);
      if (op === 0) out.splice(i, 1);
      else if (op === 1) out.splice(i, 0, out[i] ?? w);
      else if (op === 2) out[i] = w;
      else if (op === 3 && i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1] ?? '', out[i] ?? ''];
      else out.splice(i, 0, ...other.slice(0, 1 + (at % other.length)));
    }
    return out;
  });

const line = fc.oneof({ weight: 1, arbitrary: fc.array(word, { maxLength: 14 }) }, { weight: 3, arbitrary: mutated });

function runLine(tables: ReturnType<typeof createTables>, args: string[]): void {
  try {
    applyIptables(tables, parseIptables(args));
  } catch (e) {
    assert.ok(e instanceof IptablesError, `${JSON.stringify(args)} threw ${String(e)}`);
    assert.ok(e.message.length > 0, `${JSON.stringify(args)}: empty message`);
    assert.ok(e.exitStatus > 0 && e.exitStatus < 256, `${JSON.stringify(args)}: exit ${e.exitStatus}`);
  }
}

it('10,000 random and mutated iptables lines: success or IptablesError, nothing else', () => {
  let lines = 0;
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (script) => {
      const tables = createTables();
      for (const args of script) {
        runLine(tables, args);
        lines++;
      }
      // Whatever happened, the ruleset still lists.
      for (const table of ['filter', 'nat', 'raw', 'mangle'] as const) {
        runLine(tables, ['-t', table, '-L', '-v', '-n', '-x']);
        runLine(tables, ['-t', table, '-S']);
      }
    }),
    { numRuns: 3000 },
  );
  assert.ok(lines >= 10_000, `only ${lines} lines`);
});
