// What iptables-nft makes of a parsed command line: xtables.c do_commandx() picks the
// operation, nft.c nft_chain_set() checks a policy, and nft-ipv4.c ipv4_add() with nft.c
// add_match()/add_target() build the rule as nft stores it, which is what iptables lists back.

import type { Cidr } from '../../net/addr.ts';
import type { IptablesCommand, Match, Negatable, PortRange, RuleSpec, TableName, Target } from '../../net/netfilter/rule.ts';

type RangeN = Negatable<PortRange>;
import { TABLE_HOOKS } from '../../net/netfilter/rule.ts';
import { nftError, parameterProblem, unsupported } from './errors.ts';
import { statesFromMask } from './extensions/conntrack.ts';
import type { AddrMask } from './xtables.ts';
import {
  CMD_APPEND,
  CMD_DELETE,
  CMD_DELETE_CHAIN,
  CMD_DELETE_NUM,
  CMD_FLUSH,
  CMD_INSERT,
  CMD_LIST,
  CMD_LIST_RULES,
  CMD_NEW_CHAIN,
  CMD_RENAME_CHAIN,
  CMD_REPLACE,
  CMD_ZERO,
  CMD_ZERO_NUM,
  INV_DSTIP,
  INV_PROTO,
  INV_SRCIP,
  INV_VIA_IN,
  INV_VIA_OUT,
  OPT_EXPANDED,
  OPT_LINENUMBERS,
  OPT_NUMERIC,
  OPT_VERBOSE,
  RULE_COMMANDS,
  type ParseState,
} from './xshared.ts';

/** do_commandx(): the operation the parsed command line asks for, with its rule. */
export function buildCommand(st: ParseState, table: TableName, saddrs: AddrMask[], daddrs: AddrMask[]): IptablesCommand {
  const chain = st.chain ?? '';
  const verbose = (st.options & OPT_VERBOSE) !== 0;
  const withVerbose = <T extends object>(cmd: T): T & { verbose?: boolean } => (verbose ? { ...cmd, verbose } : cmd);

  if (st.command & RULE_COMMANDS) {
    if (st.command === CMD_DELETE_NUM) {
      if (st.unsupported) throw unsupported(st.unsupported);
      return withVerbose({ op: 'delete-num', table, chain, index: st.rulenum });
    }
    // do_commandx(): one rule per source x destination, sources outermost.
    const specs: RuleSpec[] = [];
    for (const s of saddrs.length ? saddrs : [undefined]) {
      for (const d of daddrs.length ? daddrs : [undefined]) specs.push(buildSpec(st, s, d));
    }
    const spec = specs[0]!;
    if (st.unsupported) throw unsupported(st.unsupported);
    const counters = {
      ...(st.counters ? { counters: st.counters } : {}),
      ...(specs.length > 1 ? { extraSpecs: specs.slice(1) } : {}),
    };
    switch (st.command) {
      case CMD_APPEND:
        return withVerbose({ op: 'append', table, chain, spec, ...counters });
      case CMD_INSERT:
        return withVerbose({ op: 'insert', table, chain, index: st.rulenum, spec, ...counters });
      case CMD_REPLACE:
        return withVerbose({ op: 'replace', table, chain, index: st.rulenum, spec, ...(st.counters ? { counters: st.counters } : {}) });
      case CMD_DELETE:
        return withVerbose({ op: 'delete', table, chain, spec, ...(specs.length > 1 ? { extraSpecs: specs.slice(1) } : {}) });
      default:
        return withVerbose({ op: 'check', table, chain, spec, ...(specs.length > 1 ? { extraSpecs: specs.slice(1) } : {}) });
    }
  }
  if (st.unsupported) throw unsupported(st.unsupported);
  const numeric = (st.options & OPT_NUMERIC) !== 0;
  const exact = (st.options & OPT_EXPANDED) !== 0;
  const lineNumbers = (st.options & OPT_LINENUMBERS) !== 0;
  const chainOpt = st.chain !== undefined ? { chain: st.chain } : {};
  const rulenumOpt = st.rulenum ? { rulenum: st.rulenum } : {};
  const zero = st.command & (CMD_ZERO | CMD_ZERO_NUM) ? { zero: true } : {};
  if (st.command & CMD_LIST) {
    return { op: 'list', table, ...chainOpt, ...rulenumOpt, verbose, numeric, exact, lineNumbers, ...zero };
  }
  if (st.command & CMD_LIST_RULES) return { op: 'list-rules', table, ...chainOpt, ...rulenumOpt, verbose, ...zero };
  switch (st.command) {
    case CMD_FLUSH:
      return withVerbose({ op: 'flush', table, ...chainOpt });
    case CMD_ZERO:
    case CMD_ZERO_NUM:
      return withVerbose({ op: 'zero', table, ...chainOpt, ...rulenumOpt });
    case CMD_NEW_CHAIN:
      return { op: 'new-chain', table, chain };
    case CMD_DELETE_CHAIN:
      return withVerbose({ op: 'delete-chain', table, ...chainOpt });
    case CMD_RENAME_CHAIN:
      return { op: 'rename-chain', table, chain, newName: st.newname ?? '' };
    default: {
      // CMD_SET_POLICY: nft_chain_set() checks the policy word, then the chain name.
      const policy = st.policy ?? '';
      if (policy !== 'ACCEPT' && policy !== 'DROP') throw nftError('Bad policy name', true);
      if (!(TABLE_HOOKS[table] as readonly string[]).includes(chain)) throw nftError('Bad built-in chain name');
      return { op: 'policy', table, chain, policy };
    }
  }
}

function toCidr(a: AddrMask): Cidr {
  const len = maskLength(a.mask);
  if (len === undefined) throw unsupported('a non-contiguous netmask');
  return { addr: a.addr, len };
}

function maskLength(mask: number): number | undefined {
  for (let len = 0; len <= 32; len++) {
    if ((len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) === mask) return len;
  }
  return undefined;
}

/**
 * Builds the rule as iptables-nft stores and lists it: what nft cannot express disappears
 * (`-s 0/0`, `-p all`, `-i +`, a tcp/udp port range 0:65535), port matches of one rule merge
 * into the first (later values win), defaults are dropped (CT zone 0), LOG's default level is
 * filled in. It also makes the checks nft.c makes while building the expressions.
 */
function buildSpec(st: ParseState, s: AddrMask | undefined, d: AddrMask | undefined): RuleSpec {
  const spec: {
    source?: RuleSpec['source'];
    destination?: RuleSpec['destination'];
    inInterface?: RuleSpec['inInterface'];
    outInterface?: RuleSpec['outInterface'];
    protocol?: RuleSpec['protocol'];
    matches: Match[];
    target?: Target;
  } = { matches: [] };
  const sneg = (st.invflags & INV_SRCIP) !== 0;
  const dneg = (st.invflags & INV_DSTIP) !== 0;
  if (s && (s.mask !== 0 || sneg)) spec.source = { value: toCidr(s), negate: sneg };
  if (d && (d.mask !== 0 || dneg)) spec.destination = { value: toCidr(d), negate: dneg };
  const inNeg = (st.invflags & INV_VIA_IN) !== 0;
  const outNeg = (st.invflags & INV_VIA_OUT) !== 0;
  if (st.iniface !== undefined && (st.iniface !== '+' || inNeg)) spec.inInterface = { value: st.iniface, negate: inNeg };
  if (st.outiface !== undefined && (st.outiface !== '+' || outNeg)) spec.outInterface = { value: st.outiface, negate: outNeg };
  if (st.proto !== 0) spec.protocol = { value: st.proto, negate: (st.invflags & INV_PROTO) !== 0 };

  /** Index in spec.matches of the merged tcp/udp port match (nft payload expressions). */
  const merged = new Map<string, number>();
  for (const m of st.matches) {
    const data = m.data;
    switch (data.ext) {
      case 'tcp':
      case 'udp': {
        if (data.flags) {
          // add_nft_tcp(): tcp flags keep the whole tcp match an xt match (ports included).
          const flagged: { module: 'tcp'; sport?: RangeN; dport?: RangeN; flags: Negatable<{ mask: number; comp: number }> } = {
            module: 'tcp',
            flags: { value: { mask: data.flags.mask, comp: data.flags.comp }, negate: data.flags.invert },
          };
          if (!isFull(data.sport) || data.sport.invert) flagged.sport = { value: { min: data.sport.min, max: data.sport.max }, negate: data.sport.invert };
          if (!isFull(data.dport) || data.dport.invert) flagged.dport = { value: { min: data.dport.min, max: data.dport.max }, negate: data.dport.invert };
          spec.matches.push(flagged);
          break;
        }
        const allZero = isFull(data.sport) && !data.sport.invert && isFull(data.dport) && !data.dport.invert;
        if (allZero) {
          spec.matches.push({ module: data.ext });
          break;
        }
        const wanted = data.ext === 'tcp' ? 6 : 17;
        if (st.proto !== wanted) {
          throw parameterProblem(`${data.ext.toUpperCase()} match requires '-p ${data.ext}'`);
        }
        const ports: { sport?: { value: { min: number; max: number }; negate: boolean }; dport?: { value: { min: number; max: number }; negate: boolean } } = {};
        if (!isFull(data.sport)) ports.sport = { value: { min: data.sport.min, max: data.sport.max }, negate: data.sport.invert };
        if (!isFull(data.dport)) ports.dport = { value: { min: data.dport.min, max: data.dport.max }, negate: data.dport.invert };
        if (!ports.sport && !ports.dport) break;
        const at = merged.get(data.ext);
        const prev = at !== undefined ? spec.matches[at] : undefined;
        if (at !== undefined && prev && (prev.module === 'tcp' || prev.module === 'udp')) {
          const sport = ports.sport ?? prev.sport;
          const dport = ports.dport ?? prev.dport;
          spec.matches[at] = { module: data.ext, ...(sport ? { sport } : {}), ...(dport ? { dport } : {}) };
        } else {
          merged.set(data.ext, spec.matches.length);
          spec.matches.push({ module: data.ext, ...ports });
        }
        break;
      }
      case 'icmp': {
        const anyCode = data.codeMin === 0 && data.codeMax === 0xff;
        spec.matches.push({
          module: 'icmp',
          icmpType: { value: anyCode ? { type: data.type } : { type: data.type, code: data.codeMin }, negate: data.invert },
        });
        break;
      }
      case 'conntrack':
        spec.matches.push({ module: 'conntrack', ctstate: { value: statesFromMask(data.states), negate: data.invert } });
        break;
      case 'state':
        spec.matches.push({ module: 'state', state: { value: statesFromMask(data.states), negate: data.invert } });
        break;
      case 'physdev': {
        const pd: { -readonly [K in keyof Extract<Match, { module: 'physdev' }>]: Extract<Match, { module: 'physdev' }>[K] } = {
          module: 'physdev',
        };
        if (data.in) pd.physdevIn = { value: data.in.name, negate: data.in.invert };
        if (data.out) pd.physdevOut = { value: data.out.name, negate: data.out.invert };
        if (data.isIn !== undefined) pd.isIn = { value: true, negate: data.isIn };
        if (data.isOut !== undefined) pd.isOut = { value: true, negate: data.isOut };
        if (data.isBridged !== undefined) pd.isBridged = { value: true, negate: data.isBridged };
        spec.matches.push(pd);
        break;
      }
      case 'comment':
        spec.matches.push({ module: 'comment', comment: data.text });
        break;
      case 'addrtype':
        spec.matches.push({
          module: 'addrtype',
          ...(data.src ? { srcType: { value: data.src.mask, negate: data.src.invert } } : {}),
          ...(data.dst ? { dstType: { value: data.dst.mask, negate: data.dst.invert } } : {}),
          ...(data.limitIn ? { limitIn: true } : {}),
          ...(data.limitOut ? { limitOut: true } : {}),
        });
        break;
      case 'multiport':
        spec.matches.push({ module: 'multiport', which: data.which, ports: { value: data.ports, negate: data.invert } });
        break;
      case 'iprange':
        spec.matches.push({
          module: 'iprange',
          ...(data.src ? { src: { value: { min: data.src.min, max: data.src.max }, negate: data.src.invert } } : {}),
          ...(data.dst ? { dst: { value: { min: data.dst.min, max: data.dst.max }, negate: data.dst.invert } } : {}),
        });
        break;
      case 'mac':
        spec.matches.push({ module: 'mac', mac: { value: data.mac, negate: data.invert } });
        break;
      case 'mark':
      case 'connmark':
        spec.matches.push({ module: data.ext, mark: { value: { value: data.value, mask: data.mask }, negate: data.invert } });
        break;
      default:
        st.unsupported ??= `match \`${m.def.name}'`;
    }
  }
  const target = buildTarget(st);
  if (target) spec.target = target;
  return spec;
}

const isFull = (p: { min: number; max: number }): boolean => p.min === 0 && p.max === 0xffff;

function buildTarget(st: ParseState): Target | undefined {
  const t = st.target;
  if (t === undefined) {
    if (st.jumpto === '') return undefined;
    return { kind: st.gotoSet ? 'goto' : 'jump', chain: st.jumpto };
  }
  const data = t.data;
  switch (data.ext) {
    case 'standard':
      return { kind: st.jumpto as 'ACCEPT' | 'DROP' | 'RETURN' };
    case 'REJECT':
      return { kind: 'REJECT', rejectWith: data.with };
    case 'SNAT':
    case 'DNAT':
    case 'MASQUERADE':
    case 'REDIRECT': {
      const flags = {
        ...(data.random ? { random: true } : {}),
        ...(data.randomFully ? { randomFully: true } : {}),
        ...(data.persistent ? { persistent: true } : {}),
      };
      if (data.ext === 'MASQUERADE') return { kind: 'MASQUERADE', ...(data.ports ? { toPorts: data.ports } : {}), ...flags };
      if (data.ext === 'REDIRECT') return { kind: 'REDIRECT', ...(data.ports ? { toPorts: data.ports } : {}), ...(data.random ? { random: true } : {}) };
      const to = {
        ...(data.mapIps ? { minAddr: data.minAddr, maxAddr: data.maxAddr } : {}),
        ...(data.ports ? { ports: data.ports } : {}),
      };
      return { kind: data.ext, to, ...flags };
    }
    case 'CT':
      return { kind: 'CT', ...(data.zone !== 0 ? { zone: data.zone } : {}), ...(data.notrack ? { notrack: true } : {}) };
    case 'NOTRACK':
      return { kind: 'NOTRACK' };
    case 'LOG':
      return {
        kind: 'LOG',
        ...(data.prefix !== '' ? { prefix: data.prefix } : {}),
        level: data.level,
        ...(data.flags !== 0 ? { flags: data.flags } : {}),
      };
    case 'TRACE':
      return { kind: 'TRACE' };
    case 'MARK':
      return { kind: 'MARK', value: data.value, mask: data.mask };
    case 'CONNMARK':
      return { kind: 'CONNMARK', mode: data.mode, ctmark: data.ctmark, ctmask: data.ctmask, nfmask: data.nfmask };
    default:
      throw unsupported(`target \`${t.def.name}'`);
  }
}
