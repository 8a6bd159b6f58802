// iptables-restore as iptables-nft 1.8.9 runs it: each expected text below is what the real
// tool printed on Debian 12 / Linux 6.18 for the same input (run in a private namespace).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTables } from '../../net/netfilter/tables.ts';
import { executeIptables } from './exec.ts';
import { executeIptablesRestore, restoreWords } from './restore.ts';
import { runIptablesSave } from './save.ts';

const lines = (...l: string[]): string => l.map((x) => `${x}\n`).join('');
const S = (tables: ReturnType<typeof createTables>, ...args: string[]): string => executeIptables(tables, ['-S', ...args]).stdout;

describe('iptables-restore', () => {
  it('flushes the table, sets policies, makes user chains, appends rules; # and empty lines are skipped', () => {
    const t = createTables();
    executeIptables(t, ['-A', 'INPUT', '-j', 'DROP']);
    const out = executeIptablesRestore(
      t,
      [],
      lines('*filter', ':INPUT DROP [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':MYCHAIN - [0:0]', '# a comment', '-A INPUT -i lo -j ACCEPT', '', '-A INPUT -j MYCHAIN', '-A MYCHAIN -p tcp --dport 22 -j ACCEPT', 'COMMIT'),
    );
    assert.deepEqual(out, { stdout: '', stderr: '', status: 0 });
    assert.equal(
      runIptablesSave(t, ['-c'], 0).replace(/^#.*\n/gm, ''),
      lines('*filter', ':INPUT DROP [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':MYCHAIN - [0:0]', '[0:0] -A INPUT -i lo -j ACCEPT', '[0:0] -A INPUT -j MYCHAIN', '[0:0] -A MYCHAIN -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT'),
    );
    // --noflush keeps what is there; without it the next restore starts from an empty table.
    executeIptablesRestore(t, ['--noflush'], lines('*filter', '-A INPUT -p icmp -j ACCEPT', 'COMMIT'));
    assert.equal(S(t), lines('-P INPUT DROP', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-N MYCHAIN', '-A INPUT -i lo -j ACCEPT', '-A INPUT -j MYCHAIN', '-A INPUT -p icmp -j ACCEPT', '-A MYCHAIN -p tcp -m tcp --dport 22 -j ACCEPT'));
    executeIptablesRestore(t, [], lines('*filter', '-A INPUT -p udp -j ACCEPT', 'COMMIT'));
    assert.equal(S(t), lines('-P INPUT ACCEPT', '-P FORWARD ACCEPT', '-P OUTPUT ACCEPT', '-A INPUT -p udp -j ACCEPT'));
  });

  it('a failing line leaves the table as it was, with the error iptables-restore prints', () => {
    const t = createTables();
    executeIptablesRestore(t, [], lines('*filter', '-A INPUT -p udp -j ACCEPT', 'COMMIT'));
    const before = S(t);
    const cases: [string, string, number][] = [
      [
        lines('*filter', '-A INPUT -p tcp --dport 22 -j ACCEPT', '-A INPUT --bogus', 'COMMIT'),
        lines('iptables-restore v1.8.9 (nf_tables): unknown option "--bogus"', 'Error occurred at line: 3', "Try `iptables-restore -h' or 'iptables-restore --help' for more information."),
        2,
      ],
      [lines('*filter', '-A NOPE -j ACCEPT', 'COMMIT'), lines('iptables-restore: line 2 failed: No chain/target/match by that name.'), 1],
      [
        lines('*filter', '-A INPUT -p udp -j ACCEPT', '-A OUTPUT -j MASQUERADE', 'COMMIT'),
        lines('iptables-restore v1.8.9 (nf_tables): ', 'line 3: RULE_APPEND failed (Invalid argument): rule in chain OUTPUT'),
        4,
      ],
      [lines('*filter', '-A INPUT -j ACCEPT'), lines('iptables-restore: COMMIT expected at line 3'), 1],
      [
        lines('*foo', 'COMMIT'),
        lines("iptables-restore v1.8.9 (nf_tables): iptables-restore: line 1 table name 'foo' invalid", 'Error occurred at line: 1', "Try `iptables-restore -h' or 'iptables-restore --help' for more information."),
        2,
      ],
      [lines('-A INPUT -j ACCEPT'), lines('iptables-restore: line 1 failed'), 1],
      [lines('*filter', ':INPUT FOO [0:0]', 'COMMIT'), lines('iptables-restore: line 2 failed: Bad policy name.'), 1],
      [
        lines('*filter', ':INPUT', 'COMMIT'),
        lines('iptables-restore v1.8.9 (nf_tables): iptables-restore: line 2 policy invalid', 'Error occurred at line: 2', "Try `iptables-restore -h' or 'iptables-restore --help' for more information."),
        2,
      ],
      [
        lines('*filter', '-t nat -A INPUT -j ACCEPT', 'COMMIT'),
        lines('iptables-restore v1.8.9 (nf_tables): The -t option cannot be used in iptables-restore.', '', 'Error occurred at line: 2', "Try `iptables-restore -h' or 'iptables-restore --help' for more information."),
        2,
      ],
      [lines('COMMIT'), lines('iptables-restore: line 1 failed'), 1],
    ];
    for (const [input, stderr, status] of cases) {
      const out = executeIptablesRestore(t, [], input);
      assert.equal(out.stderr, stderr, input);
      assert.equal(out.status, status, input);
      assert.equal(S(t), before, `ruleset changed by ${JSON.stringify(input)}`);
    }
  });

  it('-c takes [P:B] as the counters of policies and rules; without -c they are dropped', () => {
    const t = createTables();
    const input = lines('*filter', ':INPUT ACCEPT [5:500]', '[3:300] -A INPUT -j ACCEPT', '-A INPUT -j DROP', 'COMMIT');
    executeIptablesRestore(t, ['-c'], input);
    assert.equal(executeIptables(t, ['-S', '-v']).stdout, lines('-P INPUT ACCEPT -c 5 500', '-P FORWARD ACCEPT -c 0 0', '-P OUTPUT ACCEPT -c 0 0', '-A INPUT -c 3 300 -j ACCEPT', '-A INPUT -c 0 0 -j DROP'));
    executeIptablesRestore(t, [], input);
    assert.equal(executeIptables(t, ['-S', 'INPUT', '-v']).stdout, lines('-P INPUT ACCEPT -c 0 0', '-A INPUT -c 0 0 -j ACCEPT', '-A INPUT -c 0 0 -j DROP'));
  });

  it('commits table by table: a later table that fails keeps the earlier ones', () => {
    const t = createTables();
    const out = executeIptablesRestore(t, [], lines('*nat', ':POSTROUTING ACCEPT [0:0]', '-A POSTROUTING -o eth0 -j MASQUERADE', 'COMMIT', '*filter', '-A NOPE -j ACCEPT', 'COMMIT'));
    assert.equal(out.status, 1);
    assert.equal(S(t, '-t', 'nat').split('\n').at(-2), '-A POSTROUTING -o eth0 -j MASQUERADE');
  });

  it('splits a rule line as add_param_to_argv does: quotes group words', () => {
    assert.deepEqual(restoreWords('-A INPUT -m comment --comment "hello world" -j ACCEPT'), ['-A', 'INPUT', '-m', 'comment', '--comment', 'hello world', '-j', 'ACCEPT']);
    assert.deepEqual(restoreWords(`--comment 'a "b"' \\"c`), ['--comment', 'a "b"', '"c']);
  });
});

describe('iptables-save', () => {
  it('saves only the tables that exist, in nft order (mangle, raw, filter, nat); -t prints one even if new', () => {
    const t = createTables();
    assert.equal(runIptablesSave(t, [], 0), '');
    executeIptables(t, ['-t', 'nat', '-N', 'DOCKER']);
    executeIptables(t, ['-A', 'INPUT', '-j', 'ACCEPT']);
    executeIptables(t, ['-t', 'mangle', '-A', 'PREROUTING', '-j', 'MARK', '--set-mark', '7']);
    const saved = runIptablesSave(t, [], Date.UTC(2026, 11, 7, 15, 40, 50));
    assert.deepEqual(saved.split('\n').filter((l) => l.startsWith('*')), ['*mangle', '*filter', '*nat']);
    assert.equal(saved.split('\n')[0], '# Generated by iptables-save v1.8.9 (nf_tables) on Mon Dec  7 15:40:50 2026');
    assert.ok(saved.includes(':DOCKER - [0:0]\n'));
    assert.ok(saved.includes('-A PREROUTING -j MARK --set-xmark 0x7/0xffffffff\n'));
    assert.equal(runIptablesSave(createTables(), ['-t', 'raw'], 0).split('\n').slice(1, 5).join('|'), '*raw|:PREROUTING ACCEPT [0:0]|:OUTPUT ACCEPT [0:0]|COMMIT');
  });
  it('fails as the real tool does', () => {
    assert.throws(() => runIptablesSave(createTables(), ['-t', 'foo'], 0), /Table `foo' does not exist/);
    assert.throws(() => runIptablesSave(createTables(), ['-x'], 0), /iptables-save: invalid option -- 'x'\nLook at manual page `iptables-save.8' for more information./);
    assert.throws(() => runIptablesSave(createTables(), ['extra'], 0), /Unknown arguments found on commandline/);
  });
});

describe('iptables-restore without --noflush deletes the table first', () => {
  it('`*mangle` COMMIT alone leaves no mangle table; `*raw` COMMIT makes none (measured)', () => {
    const t = createTables();
    executeIptablesRestore(t, [], lines('*mangle', '-A PREROUTING -j MARK --set-mark 1', 'COMMIT'));
    assert.equal(runIptablesSave(t, [], 0).split('\n').filter((l) => l.startsWith('*')).join(), '*mangle');
    executeIptablesRestore(t, [], lines('*mangle', 'COMMIT', '*raw', 'COMMIT'));
    assert.equal(runIptablesSave(t, [], 0), '');
  });
});
