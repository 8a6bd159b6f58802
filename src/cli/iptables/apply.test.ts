// Commands meeting a ruleset, named by state x command. Expected texts and statuses are what
// the real iptables v1.8.9 (nf_tables) (Debian 12, Linux 6.18) printed for the same
// sequences, each run from a fresh `unshare --net` namespace (testdata/ruleset.txt has
// these and more; real-recordings.test.ts replays all of them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Table, TableName } from '../../net/netfilter/rule.ts';
import { createTables } from '../../net/netfilter/tables.ts';
import { executeIptables } from './exec.ts';

const TRY = "Try `iptables -h' or 'iptables --help' for more information.";
const P = 'iptables v1.8.9 (nf_tables): ';

/** Runs the lines on a fresh ruleset; all but the last must succeed. Returns the last outcome. */
function last(lines: string[], tables: Map<TableName, Table> = createTables()): { stdout: string; stderr: string; status: number } {
  let out = { stdout: '', stderr: '', status: 0 };
  lines.forEach((line, i) => {
    out = executeIptables(tables, line.split(' '));
    if (i < lines.length - 1) assert.equal(out.status, 0, `${line}: ${out.stderr}`);
  });
  return out;
}

function fails(lines: string[], stderr: string, status: number, stdout = ''): void {
  const r = last(lines);
  assert.deepEqual(r, { stdout, stderr: `${stderr}\n`, status });
}

describe('chains that do not exist', () => {
  it('-A to a missing chain -> No chain/target/match, status 1', () =>
    fails(['-A FOO'], 'iptables: No chain/target/match by that name.', 1));
  it('-j to a missing chain -> Chain does not exist, status 2, before the chain itself is looked up', () =>
    fails(['-A FOO -j BAR'], `${P}Chain 'BAR' does not exist\n${TRY}`, 2));
  it('-g ACCEPT is a goto to a chain named ACCEPT', () => fails(['-A INPUT -g ACCEPT'], `${P}Chain 'ACCEPT' does not exist\n${TRY}`, 2));
  it('-L of a missing chain -> 1.8.9 calls it incompatible, status 1', () =>
    fails(['-L FOO'], `${P}chain \`FOO' in table \`filter' is incompatible, use 'nft' tool.`, 1));
  it('-D of a rule in a missing chain -> Bad rule', () =>
    fails(['-C FOO -j ACCEPT'], 'iptables: Bad rule (does a matching rule exist in that chain?).', 1));
  it('-F / -X / -Z of a missing chain', () => {
    for (const op of ['-F', '-X', '-Z']) fails([`${op} FOO`], 'iptables: No chain/target/match by that name.', 1);
  });
});

describe('rule numbers', () => {
  it('-D N beyond the end -> Index of deletion too big', () =>
    fails(['-A INPUT', '-D INPUT 2'], 'iptables: Index of deletion too big.', 1));
  it('-I N+1 appends, -I N+2 is too big', () => {
    const tables = createTables();
    assert.equal(last(['-A INPUT -s 1.1.1.1', '-I INPUT 2 -s 2.2.2.2'], tables).status, 0);
    assert.deepEqual(last(['-I INPUT 4 -s 4.4.4.4'], tables), { stdout: '', stderr: 'iptables: Index of insertion too big.\n', status: 1 });
    assert.equal(last(['-S INPUT'], tables).stdout, '-P INPUT ACCEPT\n-A INPUT -s 1.1.1.1/32\n-A INPUT -s 2.2.2.2/32\n');
  });
  it('-R N beyond the end -> Index of replacement too big', () =>
    fails(['-A INPUT', '-R INPUT 2 -j DROP'], 'iptables: Index of replacement too big.', 1));
  it('a built-in chain not created yet: -R and -D N find no chain', () => {
    fails(['-R INPUT 1 -j DROP'], 'iptables: No chain/target/match by that name.', 1);
    fails(['-D INPUT 1'], 'iptables: No chain/target/match by that name.', 1);
  });
  it('-D RULE with no such rule -> Bad rule', () =>
    fails(['-A INPUT -s 1.1.1.1', '-D INPUT -s 1.2.3.4'], 'iptables: Bad rule (does a matching rule exist in that chain?).', 1));
  it('-D RULE matches the rule as listed: -p tcp --dport 80 deletes -p tcp -m tcp --dport 80', () => {
    const tables = createTables();
    last(['-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT', '-A INPUT -s 0/0 -j DROP', '-D INPUT -p tcp --dport 80 -j ACCEPT', '-D INPUT -j DROP'], tables);
    assert.equal(last(['-S INPUT'], tables).stdout, '-P INPUT ACCEPT\n');
  });
});

describe('user chains', () => {
  it('-N of an existing chain -> Chain already exists', () => fails(['-N X', '-N X'], 'iptables: Chain already exists.', 1));
  it('-N of a built-in chain name -> Chain already exists', () => fails(['-N INPUT'], 'iptables: Chain already exists.', 1));
  it('-X of a referenced chain -> the kernel says busy, status 4', () =>
    fails(['-N X', '-A INPUT -j X', '-X X'], `${P} CHAIN_DEL failed (Device or resource busy): chain X`, 4));
  it('-X of a non-empty chain -> busy too', () =>
    fails(['-N Y', '-A Y -j ACCEPT', '-X Y'], `${P} CHAIN_DEL failed (Device or resource busy): chain Y`, 4));
  it('-v -X prints every chain before the kernel refuses the batch', () =>
    fails(['-N A', '-N B', '-A B -j ACCEPT', '-v -X'], `${P} CHAIN_DEL failed (Device or resource busy): chain B`, 4, "Deleting chain `A'\nDeleting chain `B'\n"));
  it('-X of an empty built-in chain removes it; with policy DROP it stays', () => {
    assert.equal(last(['-P INPUT ACCEPT', '-X INPUT']).status, 0);
    fails(['-P INPUT DROP', '-X INPUT'], 'iptables: Directory not empty.', 1);
  });
  it('-P on a user chain -> Bad built-in chain name', () => fails(['-N X', '-P X DROP'], 'iptables: Bad built-in chain name.', 1));
  it('user chains are listed by name, with their references', () => {
    const out = last(['-N Z', '-N A', '-A INPUT -j Z', '-A FORWARD -g Z', '-L -n']).stdout;
    assert.match(out, /Chain A \(0 references\)\n[^\n]*\n\nChain Z \(2 references\)/);
  });
  it('-E renames and moves the jumps', () => {
    const out = last(['-N A', '-A INPUT -j A', '-E A B', '-S']).stdout;
    assert.equal(out, '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-N B\n-A INPUT -j B\n');
  });
  it('-E onto an existing name -> File exists', () => fails(['-N A', '-N B', '-E A B'], 'iptables: File exists.', 1));
});

describe('what the kernel refuses (RULE_APPEND failed, status 4)', () => {
  const einval = (chain: string): string => `${P} RULE_APPEND failed (Invalid argument): rule in chain ${chain}`;
  it('SNAT outside nat POSTROUTING/INPUT', () => {
    fails(['-A INPUT -j SNAT --to-source 1.2.3.4'], einval('INPUT'), 4);
    fails(['-t nat -A PREROUTING -j SNAT --to-source 1.2.3.4'], einval('PREROUTING'), 4);
    assert.equal(last(['-t nat -A INPUT -j SNAT --to-source 1.2.3.4']).status, 0);
  });
  it('DNAT outside nat PREROUTING/OUTPUT', () => fails(['-t nat -A POSTROUTING -j DNAT --to-destination 1.2.3.4'], einval('POSTROUTING'), 4));
  it('MASQUERADE outside nat POSTROUTING', () => fails(['-t nat -A INPUT -j MASQUERADE'], einval('INPUT'), 4));
  it('REJECT outside the filter table', () => fails(['-t mangle -A INPUT -j REJECT'], einval('INPUT'), 4));
  it('CT and NOTRACK outside raw', () => {
    fails(['-A INPUT -j CT --zone 1'], einval('INPUT'), 4);
    fails(['-A INPUT -j NOTRACK'], einval('INPUT'), 4);
  });
  it('TRACE is accepted anywhere (iptables-nft makes it a native nftrace)', () =>
    assert.equal(last(['-A INPUT -j TRACE']).status, 0));
  it('a user chain with SNAT cannot be reached from PREROUTING', () =>
    fails(['-t nat -N N', '-t nat -A N -j SNAT --to-source 1.1.1.1', '-t nat -A PREROUTING -j N'], einval('PREROUTING'), 4));
  it('SNAT cannot be added to a user chain already reached from PREROUTING', () =>
    fails(['-t nat -N N', '-t nat -A PREROUTING -j N', '-t nat -A N -j SNAT --to-source 1.1.1.1'], einval('N'), 4));
  it('REJECT --reject-with tcp-reset needs -p tcp', () => fails(['-A OUTPUT -p udp -j REJECT --reject-with tcp-reset'], einval('OUTPUT'), 4));
  it('! -s 0.0.0.0/0 never matches and is refused', () => fails(['-A OUTPUT ! -d 0.0.0.0/0'], einval('OUTPUT'), 4));
  it('--physdev-out in OUTPUT without --physdev-is-bridged', () => fails(['-A OUTPUT -m physdev --physdev-out x'], einval('OUTPUT'), 4));
  it('a jump loop reachable from a base chain -> Too many links', () =>
    fails(['-N X', '-N Y', '-A X -j Y', '-A Y -j X', '-A INPUT -j X'], `${P} RULE_APPEND failed (Too many links): rule in chain INPUT`, 4));
  it('a loop among unreferenced chains is accepted', () => assert.equal(last(['-N X', '-N Y', '-A X -j Y', '-A Y -j X']).status, 0));
  it('a jump to a built-in chain: not supported, or no such chain before it exists', () => {
    fails(['-N Z', '-P INPUT ACCEPT', '-A Z -j INPUT'], `${P} RULE_APPEND failed (Operation not supported): rule in chain Z`, 4);
    fails(['-N Z', '-A Z -j FORWARD'], `${P} RULE_APPEND failed (No such file or directory): rule in chain Z`, 4);
  });
  it('a refused command leaves the ruleset unchanged', () => {
    const tables = createTables();
    last(['-A INPUT -j SNAT --to-source 1.2.3.4'], tables);
    assert.equal(last(['-S'], tables).stdout, '-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n');
    assert.equal(tables.get('filter')?.chains.get('INPUT')?.registered, false);
  });
});

describe('-v prints what it does', () => {
  it('-v -A prints the rule in one line', () =>
    assert.deepEqual(last(['-v -A INPUT -s 1.2.3.4 -p tcp --dport 80 -j ACCEPT']), {
      stdout: 'ACCEPT  tcp opt -- in * out *  1.2.3.4  -> 0.0.0.0/0   tcp dpt:80\n',
      stderr: '',
      status: 0,
    }));
  it('-v -A prints even when the kernel then refuses it', () =>
    fails(['-v -A INPUT -j SNAT --to-source 1.1.1.1'], `${P} RULE_APPEND failed (Invalid argument): rule in chain INPUT`, 4, 'SNAT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   to:1.1.1.1\n'));
  it('-v -F and -v -Z name every chain', () => {
    assert.equal(last(['-N X', '-v -F']).stdout, "Flushing chain `INPUT'\nFlushing chain `FORWARD'\nFlushing chain `OUTPUT'\nFlushing chain `X'\n");
    assert.equal(last(['-A INPUT', '-v -Z INPUT']).stdout, "Zeroing chain `INPUT'\n");
  });
});

describe('counters and chain registration (what iptables-nft created in the kernel)', () => {
  it('createTables: built-in chains of the four tables, policy ACCEPT, not registered', () => {
    const tables = createTables();
    assert.deepEqual([...tables.keys()], ['filter', 'nat', 'mangle', 'raw']);
    assert.deepEqual([...(tables.get('nat')?.chains.keys() ?? [])], ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING']);
    const input = tables.get('filter')?.chains.get('INPUT');
    assert.equal(input?.policy, 'ACCEPT');
    assert.equal(input?.registered, false);
  });
  it('-A creates the chain without a policy counter; -P and -Z give it one', () => {
    const tables = createTables();
    last(['-A INPUT -s 1.1.1.1'], tables);
    const input = tables.get('filter')?.chains.get('INPUT');
    assert.equal(input?.registered, true);
    assert.equal(input?.countsPolicy, false);
    assert.equal(tables.get('filter')?.chains.get('OUTPUT')?.registered, false);
    last(['-Z INPUT', '-P OUTPUT ACCEPT'], tables);
    assert.equal(input?.countsPolicy, true);
    assert.equal(tables.get('filter')?.chains.get('OUTPUT')?.countsPolicy, true);
  });
  it('-Z of a chain never created -> No chain/target/match', () => fails(['-Z INPUT'], 'iptables: No chain/target/match by that name.', 1));
  it('-Z zeroes rule and policy counters', () => {
    const tables = createTables();
    last(['-A INPUT -c 5 500 -j ACCEPT'], tables);
    const chain = tables.get('filter')?.chains.get('INPUT');
    if (chain) chain.policyCounters.packets = 7;
    last(['-Z'], tables);
    assert.deepEqual(chain?.rules[0]?.counters, { packets: 0, bytes: 0 });
    assert.equal(chain?.policyCounters.packets, 0);
  });
  it('-L -Z lists, then zeroes; before any table exists the kernel refuses the zeroing', () =>
    fails(
      ['-L INPUT -Z'],
      `${P} CHAIN_ZERO failed (No such file or directory): chain INPUT`,
      4,
      'Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n',
    ));
});

// apply.ts checks a new rule without walking the whole table when it cannot matter; these
// pin that the shortcuts refuse what nf_tables_validate() refuses, and change nothing then.
describe('a refused rule leaves the ruleset as it was', () => {
  const snapshot = (tables: Map<TableName, Table>): string => last(['-S'], tables).stdout + last(['-t nat -S'], tables).stdout + last(['-L -n'], tables).stdout;
  const refusedUnchanged = (setup: string[], line: string, stderr: string): void => {
    const tables = createTables();
    last(setup, tables);
    const before = snapshot(tables);
    const references = [...(tables.get('filter')?.chains.values() ?? [])].map((c) => c.references);
    assert.deepEqual(last([line], tables), { stdout: '', stderr: `${stderr}\n`, status: 4 });
    assert.equal(snapshot(tables), before);
    assert.deepEqual([...(tables.get('filter')?.chains.values() ?? [])].map((c) => c.references), references);
  };
  it('a jump from a base chain into a loop', () =>
    refusedUnchanged(['-N X', '-N Y', '-A X -j Y', '-A Y -j X', '-A FORWARD -s 1.1.1.1'], '-I FORWARD 1 -j X', `${P} RULE_INSERT failed (Too many links): rule in chain FORWARD`));
  it('a jump that closes a loop reachable from a base chain', () =>
    refusedUnchanged(['-N X', '-N Y', '-A INPUT -j X', '-A X -j Y'], '-A Y -j X', `${P} RULE_APPEND failed (Too many links): rule in chain Y`));
  it('a restricted target in a user chain reachable from a hook it does not allow', () =>
    refusedUnchanged(['-t nat -N A', '-t nat -A POSTROUTING -j A'], '-t nat -A A -j DNAT --to-destination 1.2.3.4', `${P} RULE_APPEND failed (Invalid argument): rule in chain A`));
  it('a jump from a base chain to a user chain holding a target its hook does not allow', () =>
    refusedUnchanged(['-t nat -N A', '-t nat -A A -j DNAT --to-destination 1.2.3.4'], '-t nat -A POSTROUTING -j A', `${P} RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING`));
  it('-R of a jump into a loop keeps the old rule and its references', () =>
    refusedUnchanged(['-N X', '-N Y', '-N Z', '-A X -j Y', '-A Y -j X', '-A INPUT -j Z'], '-R INPUT 1 -j X', `${P} RULE_REPLACE failed (Too many links): rule in chain INPUT`));
  it('a loop nothing jumps to is not walked (as in the kernel)', () => {
    const tables = createTables();
    assert.equal(last(['-N X', '-N Y', '-A X -j Y', '-A Y -j X'], tables).status, 0);
    assert.equal(tables.get('filter')?.chains.get('X')?.references, 1);
  });
  it('references follow -A, -R, -D and -D N', () => {
    const tables = createTables();
    const refs = (): number | undefined => tables.get('filter')?.chains.get('X')?.references;
    last(['-N X', '-N Y', '-A INPUT -j X', '-I FORWARD 1 -j X'], tables);
    assert.equal(refs(), 2);
    last(['-R INPUT 1 -j Y'], tables);
    assert.equal(refs(), 1);
    last(['-D FORWARD -j X'], tables);
    assert.equal(refs(), 0);
    last(['-A OUTPUT -g X', '-D OUTPUT 1'], tables);
    assert.equal(refs(), 0);
  });
});
