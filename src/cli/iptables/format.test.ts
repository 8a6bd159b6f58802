// Listing formats, byte for byte: the expected texts in testdata/format-golden.txt were
// printed by the real iptables v1.8.9 (nf_tables) (Debian 12, Linux 6.18) for the ruleset
// built below, in a fresh `unshare --net` namespace. The same commands run here through the
// simulator. Note 1.8.9's own quirks kept on purpose: a numeric prot column with -n,
// "icmptype 8", "LOG level warn", K/M suffixes that misalign the columns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { createTables } from '../../net/netfilter/tables.ts';
import { executeIptables } from './exec.ts';
import { printNum, saveString } from './format.ts';

const golden = readFileSync(new URL('./testdata/format-golden.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => !l.startsWith('#'))
  .map((l) => l.replace(/\|$/, ''))
  .join('\n')
  .split('=====\n');

const BUILD = [
  ['-A', 'INPUT', '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'],
  ['-A', 'INPUT', '-p', 'icmp', '--icmp-type', 'echo-request', '-j', 'ACCEPT'],
  ['-A', 'INPUT', '-p', 'tcp', '--dport', '22', '-m', 'comment', '--comment', 'ssh in', '-j', 'ACCEPT'],
  ['-A', 'INPUT', '-c', '1234567', '98765432', '-j', 'REJECT'],
  ['-N', 'LOGDROP'],
  ['-A', 'LOGDROP', '-j', 'LOG', '--log-prefix', 'drop: '],
  ['-A', 'LOGDROP', '-j', 'DROP'],
  ['-A', 'FORWARD', '-m', 'physdev', '--physdev-out', 'vethB', '-j', 'LOGDROP'],
  ['-A', 'FORWARD', '-i', 'br0', '!', '-o', 'br0', '-s', '172.17.0.0/24', '-j', 'ACCEPT'],
  ['-P', 'FORWARD', 'DROP'],
];
const NAT = [
  ['-t', 'nat', '-A', 'POSTROUTING', '-s', '172.17.0.0/24', '-o', 'eth0', '-j', 'MASQUERADE'],
  ['-t', 'nat', '-A', 'PREROUTING', '-d', '1.2.3.4', '-p', 'tcp', '--dport', '80', '-j', 'DNAT', '--to-destination', '172.16.1.100:8080'],
];
const RAW = [
  ['-t', 'raw', '-A', 'PREROUTING', '-i', 'veth1', '-j', 'CT', '--zone', '1'],
  ['-t', 'raw', '-A', 'OUTPUT', '-j', 'NOTRACK'],
];

describe('iptables -L / -S output equals the real tool', () => {
  const tables = createTables();
  const run = (args: string[]): string => {
    const r = executeIptables(tables, args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  for (const args of BUILD) run(args);
  const cases: [string, string[]][] = [
    ['-L -v -n -x: exact counters, numeric prot, in/out columns', ['-L', '-v', '-n', '-x']],
    ['-L -v -n: K/M suffixes', ['-L', '-v', '-n']],
    ['-L -n --line-numbers', ['-L', '-n', '--line-numbers']],
    ['-L: names (anywhere, ssh, echo-request, level warn)', ['-L']],
    ['-S: canonical spelling (-m tcp, /32, quoted comment)', ['-S']],
  ];
  cases.forEach(([name, args], i) => {
    it(name, () => assert.equal(run(args), golden[i]));
  });
  it('-t nat -L -v -n -x (MASQUERADE overflows the target column)', () => {
    for (const args of NAT) run(args);
    assert.equal(run(['-t', 'nat', '-L', '-v', '-n', '-x']), golden[5]);
    assert.equal(run(['-t', 'nat', '-S']), golden[6]);
  });
  it('-t raw: CT zone and NOTRACK (listed as target CT)', () => {
    for (const args of RAW) run(args);
    assert.equal(run(['-t', 'raw', '-L', '-n']), golden[7]);
    assert.equal(run(['-t', 'raw', '-S']), golden[8]);
  });
});

describe('formatting helpers', () => {
  it('xtables_print_num: exact, then K/M/G/T with rounding (real -L -v output)', () => {
    const kmg = { kmg: true, notable: false };
    assert.equal(printNum(99999, kmg), '99999 ');
    assert.equal(printNum(100000, kmg), ' 100K ');
    assert.equal(printNum(999999, kmg), '1000K ');
    assert.equal(printNum(12345678901, kmg), '  12G ');
    assert.equal(printNum(1234567890123456, kmg), '1235T ');
    assert.equal(printNum(84, { kmg: false, notable: false }), '      84 ');
    assert.equal(printNum(123456789012, { kmg: true, notable: true }), '123G ');
  });
  it('xtables_save_string: bare words, else quoted with \\ escapes', () => {
    assert.equal(saveString('nospace'), ' nospace');
    assert.equal(saveString('hello world'), ' "hello world"');
    assert.equal(saveString(''), ' ""');
    assert.equal(saveString('a"b'), ' "a\\"b"');
  });
});
