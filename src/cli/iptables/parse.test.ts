// Parsing, named by behaviour. Every expected stderr text and exit status below was printed
// by the real iptables v1.8.9 (nf_tables) (Debian 12, Linux 6.18) for the same words, run in
// a fresh `unshare --net` namespace (see testdata/ and diff-real.ts, which replays ~1,800
// such commands against the simulator).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IptablesCommand } from '../../net/netfilter/rule.ts';
import { IptablesError } from './errors.ts';
import { parseIptables } from './parse.ts';

const TRY = "Try `iptables -h' or 'iptables --help' for more information.";
const P = 'iptables v1.8.9 (nf_tables): ';

function fails(args: string[], message: string, status: number): void {
  assert.throws(
    () => parseIptables(args),
    (e: unknown) => {
      assert.ok(e instanceof IptablesError, `not an IptablesError: ${String(e)}`);
      assert.equal(e.message, message);
      assert.equal(e.exitStatus, status);
      assert.equal(e.unsupported, false);
      return true;
    },
    args.join(' '),
  );
}

const w = (line: string): string[] => line.split(' ');

describe('iptables parse errors (texts and statuses of the real tool)', () => {
  it('no command -> "no command specified", status 2', () => fails([], `${P}no command specified\n${TRY}`, 2));
  it('-A without a chain -> option requires an argument', () => fails(['-A'], `${P}option "-A" requires an argument\n${TRY}`, 2));
  it('unknown option', () => fails(['--foo'], `${P}unknown option "--foo"\n${TRY}`, 2));
  it('missing argument of -s', () => fails(w('-A INPUT -s'), `${P}option "-s" requires an argument\n${TRY}`, 2));
  it('bad address', () => fails(w('-A INPUT -s 1.2.3.256'), `${P}host/network \`1.2.3.256' not found\n${TRY}`, 2));
  it('bad mask', () => fails(w('-A INPUT -s 1.2.3.4/33'), `${P}invalid mask \`33' specified\n${TRY}`, 2));
  it('bad port', () => fails(w('-A INPUT -p tcp --dport 99999'), `${P}invalid port/service \`99999' specified\n${TRY}`, 2));
  it('reversed tcp port range', () => fails(w('-A INPUT -p tcp --dport 2000:1000'), `${P}invalid portrange (min > max)\n${TRY}`, 2));
  it('unknown protocol', () => fails(w('-A INPUT -p foo'), `${P}unknown protocol "foo" specified\n${TRY}`, 2));
  it('unknown match', () => fails(w('-A INPUT -m foo'), `${P}Couldn't load match \`foo':No such file or directory\n\n${TRY}`, 2));
  it('-A with --dport but no -p -> unknown option', () => fails(w('-A INPUT --dport 80'), `${P}unknown option "--dport"\n${TRY}`, 2));
  it('-m tcp --dport without -p tcp -> TCP match requires', () =>
    fails(w('-A INPUT -m tcp --dport 80'), `${P}TCP match requires '-p tcp'\n${TRY}`, 2));
  it('-p icmp with --dport -> unknown option', () => fails(w('-A INPUT -p icmp --dport 80'), `${P}unknown option "--dport"\n${TRY}`, 2));
  it('two commands at once', () => fails(w('-A INPUT -D INPUT'), `${P}Cannot use -D with -A\n${TRY}`, 2));
  it('invalid table name -> status 3 and the upgrade hint', () =>
    fails(w('-t foo -L'), `${P}table 'foo' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 3));
  it('table names are case-sensitive', () =>
    fails(w('-t NAT -L'), `${P}table 'NAT' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, 3));
  it('zero rule number', () => fails(w('-I INPUT 0'), `${P}Invalid rule number \`0'\n${TRY}`, 2));
  it('negative rule number is an unknown option', () => fails(w('-I INPUT -1'), `${P}unknown option "-1"\n${TRY}`, 2));
  it('SNAT without --to-source', () =>
    fails(w('-t nat -A POSTROUTING -j SNAT'), `${P}SNAT: option "--to-source" must be specified\n\n${TRY}`, 2));
  it('bad --ctstate value', () => fails(w('-A INPUT -m conntrack --ctstate FOO'), `${P}Bad ctstate "FOO"\n${TRY}`, 2));
  it('bad --state value', () => fails(w('-A INPUT -m state --state SNAT'), `${P}Bad state "SNAT"\n${TRY}`, 2));
  it('a stray word -> Bad argument, without the program prefix', () => fails(w('-A INPUT foo'), `Bad argument \`foo'\n${TRY}`, 2));
  it('! at the end', () => fails(w('-A INPUT !'), `${P}nothing appropriate following !\n${TRY}`, 2));
  it('! ! -> multiple consecutive', () => fails(w('-A INPUT ! ! -s 1.1.1.1'), `${P}multiple consecutive ! not allowed\n${TRY}`, 2));
  it('! before -j', () => fails(w('-A INPUT ! -j ACCEPT'), `${P}cannot have ! before -j\n${TRY}`, 2));
  it('! before -m', () => fails(w('-A INPUT ! -m tcp'), `${P}unexpected ! flag before --match\n${TRY}`, 2));
  it('-s twice', () => fails(w('-A INPUT -s 1.1.1.1 -s 2.2.2.2'), `${P}multiple -s flags not allowed\n${TRY}`, 2));
  it('-j then -g', () => fails(w('-A INPUT -j ACCEPT -g X'), `${P}multiple -j flags not allowed\n${TRY}`, 2));
  it('-o in INPUT (blank line before Try)', () => fails(w('-A INPUT -o eth0'), `${P}Can't use -o with INPUT\n\n${TRY}`, 2));
  it('-i in POSTROUTING', () => fails(w('-t nat -A POSTROUTING -i eth0'), `${P}Can't use -i with POSTROUTING\n\n${TRY}`, 2));
  it('interface name of 16 characters', () =>
    fails(w('-A INPUT -i abcdefghijklmnop'), `${P}interface name \`abcdefghijklmnop' must be shorter than IFNAMSIZ (15)\n${TRY}`, 2));
  it('-n with -A is illegal', () => fails(w('-A INPUT -n'), `${P}Illegal option \`-n' with this command\n${TRY}`, 2));
  it('--line-numbers with -A is reported as -0', () => fails(w('-A INPUT --line-numbers'), `${P}Illegal option \`-0' with this command\n${TRY}`, 2));
  it('-P without a policy', () => fails(w('-P INPUT'), `${P}-P requires a chain and a policy\n${TRY}`, 2));
  it('-R without a number', () => fails(w('-R INPUT -j ACCEPT'), `${P}-R requires a rule number\n${TRY}`, 2));
  it('ambiguous long option abbreviation', () => fails(w('--s 1.1.1.1 -A INPUT'), `${P}unknown option "--s"\n${TRY}`, 2));
  it('long option with an argument it does not take', () => fails(w('--numeric=5 -L'), `${P}unknown option "--numeric=5"\n${TRY}`, 2));
  it('glued -s value keeps the option letter (1.8.9 reads argv[optind-1])', () =>
    fails(w('-AINPUT -s1.1.1.1 -jACCEPT'), `${P}host/network \`-s1.1.1.1' not found\n${TRY}`, 2));
  it('unknown short option inside a cluster names the previous word', () => fails(w('-L -qn'), `${P}unknown option "-L"\n${TRY}`, 2));
  it('-p tcp reloads getopt: -L -nq finds -n twice', () => fails(w('-p tcp -L -nq'), `${P}multiple -n flags not allowed\n${TRY}`, 2));
  it('words after -- are unknown arguments', () => fails(w('-- -A INPUT'), `${P}unknown arguments found on commandline\n${TRY}`, 2));
  it('-N of a target name', () => fails(w('-N SNAT'), `${P}chain name may not clash with target name\n${TRY}`, 2));
  it('-N of a long name', () =>
    fails(
      w('-N abcdefghijklmnopqrstuvwxyzabc'),
      `${P}chain name \`abcdefghijklmnopqrstuvwxyzabc' too long (must be under 29 chars)\n${TRY}`,
      2,
    ));
  it('nat table DROP (message wrapped in blank lines)', () =>
    fails(
      w('-t nat -A POSTROUTING -j DROP'),
      `${P}\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n\n${TRY}`,
      2,
    ));
  it('-P with a bad policy (nft layer, status 1)', () =>
    fails(w('-P INPUT RETURN'), "iptables: Bad policy name. Run `dmesg' for more information.", 1));
  it('-P on a user chain', () => fails(w('-P X ACCEPT'), 'iptables: Bad built-in chain name.', 1));
  it('-6 prints only the Try line', () => fails(w('-A INPUT -6'), TRY, 2));
  it('ICMP type prefix ambiguity', () =>
    fails(w('-A INPUT -p icmp --icmp-type echo'), `${P}Ambiguous ICMP type \`echo': \`echo-reply' or \`echo-request'?\n${TRY}`, 2));
  it('ICMP type with trailing garbage', () => fails(w('-A INPUT -p icmp --icmp-type 8x'), `${P}unknown character x\n${TRY}`, 2));
  it('udp port that resolves to nothing (x6 parser)', () =>
    fails(w('-A INPUT -p udp --dport 0x50'), `${P}Port "0x50" does not resolve to anything.\n\n${TRY}`, 2));
  it('NAT port without a port protocol', () =>
    fails(w('-t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4:80'), `${P}Need TCP, UDP, SCTP or DCCP with port specification\n${TRY}`, 2));
  it('CT zone out of range', () => fails(w('-t raw -A PREROUTING -j CT --zone 65536'), `${P}Cannot parse 65536 as a zone ID\n${TRY}`, 2));
  it('REJECT echo-reply warns first', () =>
    fails(
      w('-A INPUT -j REJECT --reject-with echo-reply'),
      `--reject-with echo-reply no longer supported\n${P}unknown reject type "echo-reply"\n${TRY}`,
      2,
    ));
  it('LOG level name is case-sensitive', () => fails(w('-A INPUT -j LOG --log-level WARNING'), `${P}log level "WARNING" unknown\n\n${TRY}`, 2));
  it('comment cannot be inverted', () =>
    fails(w('-A INPUT -m comment ! --comment x'), `${P}comment: option "--comment" cannot be inverted.\n\n${TRY}`, 2));
  it('conntrack without options', () => fails(w('-A INPUT -m conntrack'), `${P}conntrack: At least one option is required\n${TRY}`, 2));
  it('physdev without options', () => fails(w('-A INPUT -m physdev'), `${P}PHYSDEV: no physdev option specified\n${TRY}`, 2));
});

describe('iptables parse results', () => {
  const parse = (line: string): IptablesCommand => parseIptables(w(line));

  it('-A with -s and -j builds the rule', () => {
    assert.deepEqual(parse('-A FORWARD -s 172.17.0.0/24 ! -o eth0 -j ACCEPT'), {
      op: 'append',
      table: 'filter',
      chain: 'FORWARD',
      spec: {
        source: { value: { addr: 0xac110000, len: 24 }, negate: false },
        outInterface: { value: 'eth0', negate: true },
        matches: [],
        target: { kind: 'ACCEPT' },
      },
    });
  });
  it('host bits are cleared and a bare address is a /32', () => {
    const cmd = parse('-A INPUT -s 10.1.2.3/8 -d 10.0.0.1');
    assert.ok(cmd.op === 'append');
    assert.deepEqual(cmd.spec.source?.value, { addr: 0x0a000000, len: 8 });
    assert.deepEqual(cmd.spec.destination?.value, { addr: 0x0a000001, len: 32 });
  });
  it('-s 0/0 and -p all vanish, as iptables-nft lists them back', () => {
    const cmd = parse('-A INPUT -s 0/0 -p all');
    assert.ok(cmd.op === 'append');
    assert.deepEqual(cmd.spec, { matches: [] });
  });
  it('-p tcp --dport loads the implicit tcp match', () => {
    const cmd = parse('-A INPUT -p tcp --dport 80 -j ACCEPT');
    assert.ok(cmd.op === 'append');
    assert.deepEqual(cmd.spec.protocol, { value: 6, negate: false });
    assert.deepEqual(cmd.spec.matches, [{ module: 'tcp', dport: { value: { min: 80, max: 80 }, negate: false } }]);
  });
  it('port matches of one rule merge, later values win', () => {
    const cmd = parse('-A INPUT -p tcp --dport 1 -m tcp --sport 2 -m tcp --dport 3');
    assert.ok(cmd.op === 'append');
    assert.deepEqual(cmd.spec.matches, [
      { module: 'tcp', sport: { value: { min: 2, max: 2 }, negate: false }, dport: { value: { min: 3, max: 3 }, negate: false } },
    ]);
  });
  it('ctstate keeps the kernel order and drops duplicates', () => {
    const cmd = parse('-A INPUT -m conntrack --ctstate established,NEW,NEW');
    assert.ok(cmd.op === 'append');
    assert.deepEqual(cmd.spec.matches, [{ module: 'conntrack', ctstate: { value: ['NEW', 'ESTABLISHED'], negate: false } }]);
  });
  it('icmp names, numbers and any', () => {
    const types = ['echo-request', '3/3', 'any'].map((t) => {
      const cmd = parse(`-A INPUT -p icmp --icmp-type ${t}`);
      assert.ok(cmd.op === 'append');
      return cmd.spec.matches[0];
    });
    assert.deepEqual(types, [
      { module: 'icmp', icmpType: { value: { type: 8 }, negate: false } },
      { module: 'icmp', icmpType: { value: { type: 3, code: 3 }, negate: false } },
      { module: 'icmp', icmpType: { value: { type: 255 }, negate: false } },
    ]);
  });
  it('REJECT defaults to icmp-port-unreachable; LOG gets level 4', () => {
    const reject = parse('-A INPUT -j REJECT');
    const log = parse('-A INPUT -j LOG --log-prefix IN:');
    assert.ok(reject.op === 'append' && log.op === 'append');
    assert.deepEqual(reject.spec.target, { kind: 'REJECT', rejectWith: 'icmp-port-unreachable' });
    assert.deepEqual(log.spec.target, { kind: 'LOG', prefix: 'IN:', level: 4 });
  });
  it('NAT ranges', () => {
    const snat = parse('-t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.1.1.1-1.1.1.5:1000-2000 --random');
    const masq = parse('-t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000');
    assert.ok(snat.op === 'append' && masq.op === 'append');
    assert.deepEqual(snat.spec.target, {
      kind: 'SNAT',
      to: { minAddr: 0x01010101, maxAddr: 0x01010105, ports: { min: 1000, max: 2000 } },
      random: true,
    });
    assert.deepEqual(masq.spec.target, { kind: 'MASQUERADE', toPorts: { min: 1000, max: 1000 } });
  });
  it('CT --zone and --notrack; zone 0 is the default', () => {
    const a = parse('-t raw -A PREROUTING -j CT --zone 1');
    const b = parse('-t raw -A PREROUTING -j CT --notrack --zone 0');
    assert.ok(a.op === 'append' && b.op === 'append');
    assert.deepEqual(a.spec.target, { kind: 'CT', zone: 1 });
    assert.deepEqual(b.spec.target, { kind: 'CT', notrack: true });
  });
  it('a -j name that is no target is a chain; -g is a goto', () => {
    const j = parse('-A FORWARD -j MYCHAIN');
    const g = parse('-A FORWARD -g MYCHAIN');
    assert.ok(j.op === 'append' && g.op === 'append');
    assert.deepEqual(j.spec.target, { kind: 'jump', chain: 'MYCHAIN' });
    assert.deepEqual(g.spec.target, { kind: 'goto', chain: 'MYCHAIN' });
  });
  it('-L -v -n -x and clustered -nvL', () => {
    const expected = { op: 'list', table: 'nat', verbose: true, numeric: true, exact: true, lineNumbers: false };
    assert.deepEqual(parse('-t nat -L -v -n -x'), expected);
    assert.deepEqual(parse('-t nat -nvxL'), expected);
  });
  it('long options and unique abbreviations', () => {
    assert.deepEqual(parse('--table nat --list POSTROUTING --numeric'), {
      op: 'list',
      table: 'nat',
      chain: 'POSTROUTING',
      verbose: false,
      numeric: true,
      exact: false,
      lineNumbers: false,
    });
    assert.deepEqual(parse('--app INPUT --so 1.1.1.1 --jump DROP'), parse('-A INPUT -s 1.1.1.1 -j DROP'));
  });
  it('-D with a number, -I with and without a position', () => {
    assert.deepEqual(parse('-D INPUT 2'), { op: 'delete-num', table: 'filter', chain: 'INPUT', index: 2 });
    const i = parse('-I INPUT -j ACCEPT');
    assert.ok(i.op === 'insert');
    assert.equal(i.index, 1);
  });
  it('-V', () => assert.deepEqual(parse('-V'), { op: 'version' }));
});

describe('what the simulator does not model fails with unsupported', () => {
  for (const line of ['-A INPUT -m owner --uid-owner 0', '-A INPUT -j TOS --set-tos 1', '-A INPUT -f', '-t security -L', '-A INPUT -p tcp --tcp-option 2']) {
    it(line, () => {
      assert.throws(
        () => parseIptables(w(line)),
        (e: unknown) => e instanceof IptablesError && e.unsupported && e.exitStatus === 2 && e.message.length > 0,
      );
    });
  }
});

describe('the rulesets real hosts run', () => {
  const parse = (line: string): IptablesCommand => parseIptables(w(line));
  it('-s A,B -d C,D: one rule per source x destination, sources outermost', () => {
    const cmd = parse('-A INPUT -s 10.0.0.1,10.0.0.2/31 -d 1.1.1.1,2.2.2.2 -j ACCEPT');
    assert.ok(cmd.op === 'append');
    const specs = [cmd.spec, ...(cmd.extraSpecs ?? [])];
    assert.deepEqual(
      specs.map((s) => [s.source?.value.addr, s.source?.value.len, s.destination?.value.addr]),
      [
        [0x0a000001, 32, 0x01010101],
        [0x0a000001, 32, 0x02020202],
        [0x0a000002, 31, 0x01010101],
        [0x0a000002, 31, 0x02020202],
      ],
    );
  });
  it('--syn is --tcp-flags FIN,SYN,RST,ACK SYN; --tcp-flags takes the next word as the comparison', () => {
    const syn = parse('-A INPUT -p tcp --syn');
    const flags = parse('-A INPUT -p tcp --tcp-flags fin,syn,rst,ack SYN');
    assert.ok(syn.op === 'append' && flags.op === 'append');
    assert.deepEqual(syn.spec, flags.spec);
    assert.deepEqual(syn.spec.matches, [{ module: 'tcp', flags: { value: { mask: 0x17, comp: 0x02 }, negate: false } }]);
  });
  it('MARK --set-mark V/M keeps the bits of V in the mask; --and-mark is a zero value', () => {
    const set = parse('-t mangle -A PREROUTING -j MARK --set-mark 0x10/0xf');
    const and = parse('-t mangle -A PREROUTING -j MARK --and-mark 0xff');
    assert.ok(set.op === 'append' && and.op === 'append');
    assert.deepEqual(set.spec.target, { kind: 'MARK', value: 0x10, mask: 0x1f });
    assert.deepEqual(and.spec.target, { kind: 'MARK', value: 0, mask: 0xffffff00 });
  });
  it('addrtype names are case-blind prefixes (the first name wins) and print in bit order', () => {
    const cmd = parse('-t nat -A OUTPUT -m addrtype --src-type local,U');
    assert.ok(cmd.op === 'append');
    assert.deepEqual(cmd.spec.matches, [{ module: 'addrtype', srcType: { value: 0b101, negate: false } }]);
  });
});

