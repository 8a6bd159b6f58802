// `iptables ARGS...` -> IptablesCommand, as iptables 1.8.9 (nf_tables) parses it.
// Mirrors iptables/xtables.c do_parse() (the getopt loop, command_default(),
// command_match(), command_jump(), load_proto()), then ipv4_post_parse(),
// generic_opt_check() and the chain/interface checks, the table lookup of do_commandx() and
// the checks iptables-nft makes while it turns the rule into nft expressions. Every failure
// is an IptablesError carrying the real tool's stderr text and exit status; what iptables
// only detects against the ruleset or in the kernel is left to apply.ts.
//
// The parsed rule is normalized to the form iptables-nft lists it back (see normalize()).
// SIMPLIFIED: no ip6tables options, no -f, no multiple addresses per -s/-d, no host names but
// "localhost", no extensions beyond extensions.ts (they fail with `unsupported`).

import type { Cidr } from '../../net/addr.ts';
import type { Counters, IptablesCommand, Match, RuleSpec, TableName, Target } from '../../net/netfilter/rule.ts';
import { TABLE_HOOKS } from '../../net/netfilter/rule.ts';
import { isCSpace, scanInt, scanUnsigned32, scanUnsigned64, strtoul } from '../lib/cnum.ts';
import { xtablesStrtoui } from './xtables.ts';
import {
  IptablesError,
  badArgument,
  nftError,
  parameterProblem,
  tryHelpOnly,
  unsupported,
  versionProblem,
} from './errors.ts';
import {
  type ExtData,
  type ExtensionDef,
  type ExtOption,
  MATCH_EXTENSIONS,
  TARGET_EXTENSIONS,
  checkInterfaceName,
  finalCheck,
  findMatchDef,
  findTargetDef,
  parseExtOption,
  statesFromMask,
  utf8Length,
} from './extensions.ts';
import { END, Getopt, MISSING_ARG, NON_OPTION, UNKNOWN, type LongOption } from './getopt.ts';
import { chainProtoByName, getProtoByName, hostByName, networkByName, protoToName } from './netnames.ts';

export { IptablesError } from './errors.ts';

// iptables/xtables.c: OPTSTRING_COMMON "R:S::W::" "46bfg:h::m:nvw::x"
const OPTSTRING = '-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x';

const ch = (s: string): number => s.charCodeAt(0);

const BASE_OPTIONS: readonly LongOption[] = [
  { name: 'append', hasArg: 1, val: ch('A') },
  { name: 'delete', hasArg: 1, val: ch('D') },
  { name: 'check', hasArg: 1, val: ch('C') },
  { name: 'insert', hasArg: 1, val: ch('I') },
  { name: 'replace', hasArg: 1, val: ch('R') },
  { name: 'list', hasArg: 2, val: ch('L') },
  { name: 'list-rules', hasArg: 2, val: ch('S') },
  { name: 'flush', hasArg: 2, val: ch('F') },
  { name: 'zero', hasArg: 2, val: ch('Z') },
  { name: 'new-chain', hasArg: 1, val: ch('N') },
  { name: 'delete-chain', hasArg: 2, val: ch('X') },
  { name: 'rename-chain', hasArg: 1, val: ch('E') },
  { name: 'policy', hasArg: 1, val: ch('P') },
  { name: 'source', hasArg: 1, val: ch('s') },
  { name: 'destination', hasArg: 1, val: ch('d') },
  { name: 'src', hasArg: 1, val: ch('s') },
  { name: 'dst', hasArg: 1, val: ch('d') },
  { name: 'protocol', hasArg: 1, val: ch('p') },
  { name: 'in-interface', hasArg: 1, val: ch('i') },
  { name: 'jump', hasArg: 1, val: ch('j') },
  { name: 'table', hasArg: 1, val: ch('t') },
  { name: 'match', hasArg: 1, val: ch('m') },
  { name: 'numeric', hasArg: 0, val: ch('n') },
  { name: 'out-interface', hasArg: 1, val: ch('o') },
  { name: 'verbose', hasArg: 0, val: ch('v') },
  { name: 'wait', hasArg: 2, val: ch('w') },
  { name: 'wait-interval', hasArg: 2, val: ch('W') },
  { name: 'exact', hasArg: 0, val: ch('x') },
  { name: 'fragments', hasArg: 0, val: ch('f') },
  { name: 'version', hasArg: 0, val: ch('V') },
  { name: 'help', hasArg: 2, val: ch('h') },
  { name: 'line-numbers', hasArg: 0, val: ch('0') },
  { name: 'modprobe', hasArg: 1, val: ch('M') },
  { name: 'set-counters', hasArg: 1, val: ch('c') },
  { name: 'goto', hasArg: 1, val: ch('g') },
  { name: 'ipv4', hasArg: 0, val: ch('4') },
  { name: 'ipv6', hasArg: 0, val: ch('6') },
];

// Commands (CMD_*), in the bit order cmd2char() relies on.
const CMD_INSERT = 1 << 0;
const CMD_DELETE = 1 << 1;
const CMD_DELETE_NUM = 1 << 2;
const CMD_REPLACE = 1 << 3;
const CMD_APPEND = 1 << 4;
const CMD_LIST = 1 << 5;
const CMD_FLUSH = 1 << 6;
const CMD_ZERO = 1 << 7;
const CMD_NEW_CHAIN = 1 << 8;
const CMD_DELETE_CHAIN = 1 << 9;
const CMD_SET_POLICY = 1 << 10;
const CMD_RENAME_CHAIN = 1 << 11;
const CMD_LIST_RULES = 1 << 12;
const CMD_ZERO_NUM = 1 << 13;
const CMD_CHECK = 1 << 14;
const CMD_CHARS = 'IDDRALFZNXPESZC';
const RULE_COMMANDS = CMD_APPEND | CMD_DELETE | CMD_DELETE_NUM | CMD_CHECK | CMD_INSERT | CMD_REPLACE;

// Options (OPT_*), in the order of optflags[] and commands_v_options[][].
const OPT_NUMERIC = 1 << 0;
const OPT_SOURCE = 1 << 1;
const OPT_DESTINATION = 1 << 2;
const OPT_PROTOCOL = 1 << 3;
const OPT_JUMP = 1 << 4;
const OPT_VERBOSE = 1 << 5;
const OPT_EXPANDED = 1 << 6;
const OPT_VIANAMEIN = 1 << 7;
const OPT_VIANAMEOUT = 1 << 8;
const OPT_LINENUMBERS = 1 << 9;
const OPT_COUNTERS = 1 << 10;
const OPT_FRAGMENT = 1 << 11;
const OPT_CHARS = 'nsdpjvxio0cf';
/** Which options may be inverted with `!` (inverse_for_options[] is non-zero). */
const INVERTIBLE = OPT_SOURCE | OPT_DESTINATION | OPT_PROTOCOL | OPT_VIANAMEIN | OPT_VIANAMEOUT | OPT_FRAGMENT;

/** commands_v_options[][]: 'x' illegal, ' ' optional; columns follow OPT_CHARS. */
const COMMANDS_V_OPTIONS: readonly string[] = [
  /* INSERT     */ 'x     x  x  ',
  /* DELETE     */ 'x     x  xx ',
  /* DELETE_NUM */ 'xxxxx xxxxxx',
  /* REPLACE    */ 'x     x  x  ',
  /* APPEND     */ 'x     x  x  ',
  /* LIST       */ ' xxxx  xx xx',
  /* FLUSH      */ 'xxxxx xxxxxx',
  /* ZERO       */ 'xxxxx xxxxxx',
  /* NEW_CHAIN  */ 'xxxxx xxxxxx',
  /* DEL_CHAIN  */ 'xxxxx xxxxxx',
  /* SET_POLICY */ 'xxxxx xxxx x',
  /* RENAME     */ 'xxxxx xxxxxx',
  /* LIST_RULES */ 'xxxxx xxxxxx',
  /* ZERO_NUM   */ 'xxxxx xxxxxx',
  /* CHECK      */ 'x     x  xx ',
];

const XT_EXTENSION_MAXNAMELEN = 29;
const OFFSET_SCALE = 256;

interface MatchInstance {
  readonly def: ExtensionDef;
  readonly data: ExtData;
  readonly offset: number;
  completed: boolean;
  readonly xflags: { value: number };
}

interface TargetInstance {
  readonly def: ExtensionDef;
  readonly data: ExtData;
  readonly offset: number;
  readonly xflags: { value: number };
}

interface AddrMask {
  readonly addr: number;
  readonly mask: number;
}

function cmd2char(command: number): string {
  let i = 0;
  for (let c = command; c > 1; c >>>= 1) i++;
  return CMD_CHARS[i] ?? '?';
}

function opt2char(option: number): string {
  let i = 0;
  for (let o = option; o > 1; o >>>= 1) i++;
  return OPT_CHARS[i] ?? '?';
}

/** The C view of an argument: it ends at the first NUL. */
function cString(s: string): string {
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

const hasSpace = (s: string): boolean => [...s].some((c) => isCSpace(c));

/** xtables: xt_parse_target(). */
function checkTargetName(name: string): string {
  if (name.length < 1) throw parameterProblem('Invalid target name (too short)');
  if (utf8Length(name) >= XT_EXTENSION_MAXNAMELEN) {
    throw parameterProblem(`Invalid target name \`${name}' (${XT_EXTENSION_MAXNAMELEN - 1} chars max)`);
  }
  if (hasSpace(name)) throw parameterProblem(`Invalid target name \`${name}'`);
  return name;
}

/** xshared.c: assert_valid_chain_name() (-N). */
function checkNewChainName(name: string): void {
  if (utf8Length(name) >= XT_EXTENSION_MAXNAMELEN) {
    throw parameterProblem(`chain name \`${name}' too long (must be under ${XT_EXTENSION_MAXNAMELEN} chars)`);
  }
  if (name.startsWith('-') || name.startsWith('!')) {
    throw parameterProblem(`chain name not allowed to start with \`${name[0] ?? ''}'`);
  }
  if (TARGET_EXTENSIONS.has(name)) throw parameterProblem('chain name may not clash with target name');
  if (hasSpace(name)) throw parameterProblem(`Invalid chain name \`${name}'`);
}

/** xshared.c: parse_rulenumber(). */
function parseRuleNumber(text: string): number {
  const r = xtablesStrtoui(text, 1, 0x7fffffff);
  if (!r.ok) throw parameterProblem(`Invalid rule number \`${text}'`);
  return r.value;
}

/** libxtables: xtables_parse_protocol(). */
function parseProtocol(text: string): number {
  const n = xtablesStrtoui(text, 0, 255);
  if (n.ok) return n.value;
  if (text === 'all') return 0;
  const byName = getProtoByName(text) ?? chainProtoByName(text);
  if (byName !== undefined) return byName;
  throw parameterProblem(`unknown protocol "${text}" specified`);
}

/** libxtables __numeric_to_ipaddr(): dotted parts 0..255 (missing ones are 0), on 19 chars. */
function numericToIpaddr(text: string, isMask: boolean): number | undefined {
  const buf = text.slice(0, 19);
  const parts = buf.split('.');
  if (parts.length > 4) {
    // The fourth part then contains dots and fails xtables_strtoui.
    return undefined;
  }
  if (parts.length < 4 && isMask) return undefined;
  let value = 0;
  for (let i = 0; i < 4; i++) {
    const part = parts[i];
    let byte = 0;
    if (part !== undefined) {
      const r = xtablesStrtoui(part, 0, 255);
      if (!r.ok) return undefined;
      byte = r.value;
    }
    value = value * 256 + byte;
  }
  return value >>> 0;
}

/** glibc __inet_aton_exact(): 1 to 4 C numbers, the last one filling the remaining bytes. */
function inetAtonExact(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length > 4) return undefined;
  const values: bigint[] = [];
  for (const part of parts) {
    if (!/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.test(part)) return undefined;
    const r = strtoul(part, 0);
    if (r.overflow || r.value > 0xffffffffn) return undefined;
    values.push(r.value);
  }
  const last = values.pop() ?? 0n;
  for (const v of values) if (v > 255n) return undefined;
  const lastMax = [0xffffffffn, 0xffffffn, 0xffffn, 0xffn][values.length] ?? 0n;
  if (last > lastMax) return undefined;
  let value = 0n;
  values.forEach((v, i) => {
    value |= v << BigInt(24 - 8 * i);
  });
  return Number(value | last);
}

/** libxtables ipparse_hostnetwork(): numeric, then /etc/networks, then a host name. */
function parseHostNetwork(name: string): number {
  const numeric = numericToIpaddr(name, false);
  if (numeric !== undefined) return numeric;
  const network = networkByName(name);
  if (network !== undefined) return network;
  const host = inetAtonExact(name) ?? hostByName(name);
  if (host !== undefined) return host;
  throw parameterProblem(`host/network \`${name}' not found`);
}

/** libxtables parse_ipmask(). */
function parseIpMask(text: string | undefined): number {
  if (text === undefined) return 0xffffffff;
  const dotted = numericToIpaddr(text, true);
  if (dotted !== undefined) return dotted;
  const bits = xtablesStrtoui(text, 0, 32);
  if (!bits.ok) throw parameterProblem(`invalid mask \`${text}' specified`);
  return bits.value === 0 ? 0 : (0xffffffff << (32 - bits.value)) >>> 0;
}

/** libxtables xtables_ipparse_multiple(): comma-separated address[/mask] items. */
function parseAddresses(text: string): AddrMask[] {
  const out: AddrMask[] = [];
  for (const rawItem of text.split(',')) {
    let item = rawItem;
    while (isCSpace(item[0])) item = item.slice(1);
    if (utf8Length(item) > 255) throw parameterProblem('Hostname too long');
    const slash = item.lastIndexOf('/');
    const host = slash < 0 ? item : item.slice(0, slash);
    const mask = parseIpMask(slash < 0 ? undefined : item.slice(slash + 1));
    const addr = parseHostNetwork(mask === 0 ? '0.0.0.0' : host);
    out.push({ addr: (addr & mask) >>> 0, mask });
  }
  return out;
}

function maskLength(mask: number): number | undefined {
  for (let len = 0; len <= 32; len++) {
    if ((len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0) === mask) return len;
  }
  return undefined;
}

/** Everything do_parse() collects (struct iptables_command_state + xt_cmd_parse + args). */
class ParseState {
  command = 0;
  chain: string | undefined;
  rulenum = 0;
  newname: string | undefined;
  policy: string | undefined;
  table = 'filter';
  verbose = 0;
  options = 0;
  invflags = 0;
  protocolText: string | undefined;
  proto = 0;
  protoUsed = false;
  shost: string | undefined;
  dhost: string | undefined;
  iniface: string | undefined;
  outiface: string | undefined;
  jumpto = '';
  gotoSet = false;
  target: TargetInstance | undefined;
  readonly matches: MatchInstance[] = [];
  counters: Counters | undefined;
  wait = 0;
  waitIntervalSet = false;
  /** Why the simulator cannot run a command that iptables accepts (reported last). */
  unsupported: string | undefined;
}

const INV_SRCIP = OPT_SOURCE;
const INV_DSTIP = OPT_DESTINATION;
const INV_PROTO = OPT_PROTOCOL;
const INV_VIA_IN = OPT_VIANAMEIN;
const INV_VIA_OUT = OPT_VIANAMEOUT;

/** Parses the words after `iptables`. Throws IptablesError as iptables 1.8.9 would fail. */
export function parseIptables(args: readonly string[]): IptablesCommand {
  return parseIptablesWithWarnings(args).command;
}

/**
 * parseIptables() plus the warnings iptables prints on stderr for a command it accepts
 * (each ends with a newline). A thrown IptablesError already starts with them.
 */
export function parseIptablesWithWarnings(args: readonly string[]): { command: IptablesCommand; warnings: string[] } {
  const warnings: string[] = [];
  try {
    return { command: parseArgs(args, (text) => warnings.push(text)), warnings };
  } catch (e) {
    if (e instanceof IptablesError && warnings.length > 0) {
      throw new IptablesError(warnings.join('') + e.message, e.exitStatus, e.unsupported);
    }
    throw e;
  }
}

function parseArgs(args: readonly string[], warn: (text: string) => void): IptablesCommand {
  const argv = ['iptables', ...args.map(cString)];
  const g = new Getopt(argv, OPTSTRING);
  const st = new ParseState();
  let opts: LongOption[] = [...BASE_OPTIONS];
  let nextOffset = OFFSET_SCALE;
  let invert = false;

  const argAt = (i: number): string => argv[i] ?? '';
  const lastWord = (): string => argAt(g.optind - 1);
  const hasArg = (): boolean => {
    if (g.optind >= argv.length) return false;
    const w = argAt(g.optind);
    return w[0] !== '-' && w[0] !== '!';
  };

  const addCommand = (newcmd: number, othercmds: number): void => {
    if (invert) throw parameterProblem("unexpected '!' flag");
    if (st.command & ~othercmds) {
      throw parameterProblem(`Cannot use -${cmd2char(newcmd)} with -${cmd2char(st.command & ~othercmds)}`);
    }
    st.command |= newcmd;
  };

  const setOption = (option: number): void => {
    if (st.options & option) throw parameterProblem(`multiple -${opt2char(option)} flags not allowed`);
    st.options |= option;
    if (invert) {
      if (!(INVERTIBLE & option)) throw parameterProblem(`cannot have ! before -${opt2char(option)}`);
      st.invflags |= option;
    }
  };

  const mergeOptions = (def: ExtensionDef, offset: number): void => {
    const fresh = def.options.map((o): LongOption => ({ name: o.name, hasArg: o.hasArg, val: offset + o.id }));
    opts = [...BASE_OPTIONS, ...fresh, ...opts.slice(BASE_OPTIONS.length)];
  };

  /** xtables_find_match() + the option merge of command_match()/command_default(). */
  const loadMatch = (name: string, implicit: boolean): MatchInstance | undefined => {
    if (utf8Length(name) >= XT_EXTENSION_MAXNAMELEN) {
      throw parameterProblem(`Invalid match name "${name}" (${XT_EXTENSION_MAXNAMELEN - 1} chars max)`);
    }
    const def = findMatchDef(name);
    if (def === undefined) {
      if (MATCH_EXTENSIONS.has(name)) throw unsupported(`match \`${name}'`);
      if (implicit) return undefined;
      throw parameterProblem(`Couldn't load match \`${name}':No such file or directory\n`);
    }
    const earlier = st.matches.filter((m) => m.def === def);
    for (const m of earlier) m.completed = true;
    const last = earlier[earlier.length - 1];
    let offset: number;
    if (last !== undefined && !implicit) {
      offset = last.offset; // a clone: its options are already known
    } else {
      offset = nextOffset;
      nextOffset += OFFSET_SCALE;
      mergeOptions(def, offset);
    }
    const instance: MatchInstance = { def, data: def.create(), offset, completed: false, xflags: { value: 0 } };
    st.matches.push(instance);
    return instance;
  };

  /** load_proto(): `-p tcp` loads the tcp match the first time an unknown option appears. */
  const loadProto = (): boolean => {
    if (st.protocolText === undefined || st.protoUsed) return false;
    st.protoUsed = true;
    const n = xtablesStrtoui(st.protocolText, 0, 255);
    let name: string | undefined = st.protocolText;
    if (n.ok) name = protoToName(n.value, (st.options & OPT_NUMERIC) !== 0);
    if (name === undefined) return false;
    return loadMatch(name, true) !== undefined;
  };

  const jump = (name: string): void => {
    st.jumpto = checkTargetName(name);
    if (name === 'standard') throw unsupported("target `standard'");
    const def = findTargetDef(name);
    if (def === undefined) {
      if (TARGET_EXTENSIONS.has(name)) throw unsupported(`target \`${name}'`);
      return; // a chain name
    }
    const offset = nextOffset;
    nextOffset += OFFSET_SCALE;
    mergeOptions(def, offset);
    st.target = { def, data: def.create(), offset, xflags: { value: 0 } };
  };

  /** command_default(): extension options, implicit protocol match, errors. */
  const commandDefault = (c: number): boolean => {
    const ctx = { proto: st.proto, warn };
    const t = st.target;
    if (t && c >= t.offset && c < t.offset + OFFSET_SCALE) {
      parseExtOption(t.def, t.data, optionById(t.def, c - t.offset), g.optarg, invert, t.xflags, ctx);
      return false;
    }
    for (const m of st.matches) {
      if (m.completed || c < m.offset || c >= m.offset + OFFSET_SCALE) continue;
      parseExtOption(m.def, m.data, optionById(m.def, c - m.offset), g.optarg, invert, m.xflags, ctx);
      return false;
    }
    if (loadProto()) {
      g.optind--;
      return true;
    }
    if (c === MISSING_ARG) throw parameterProblem(`option "${lastWord()}" requires an argument`);
    if (c === UNKNOWN) throw parameterProblem(`unknown option "${lastWord()}"`);
    throw parameterProblem(`Unknown arg "${g.optarg ?? '(null)'}"`);
  };

  for (;;) {
    const c = g.next(opts);
    if (c === END) break;
    const optarg = g.optarg;
    switch (c) {
      case ch('A'):
        addCommand(CMD_APPEND, 0);
        st.chain = optarg;
        break;
      case ch('C'):
        addCommand(CMD_CHECK, 0);
        st.chain = optarg;
        break;
      case ch('D'):
        addCommand(CMD_DELETE, 0);
        st.chain = optarg;
        if (hasArg()) {
          st.rulenum = parseRuleNumber(argAt(g.optind++));
          st.command = CMD_DELETE_NUM;
        }
        break;
      case ch('R'):
        addCommand(CMD_REPLACE, 0);
        st.chain = optarg;
        if (hasArg()) st.rulenum = parseRuleNumber(argAt(g.optind++));
        else throw parameterProblem('-R requires a rule number');
        break;
      case ch('I'):
        addCommand(CMD_INSERT, 0);
        st.chain = optarg;
        st.rulenum = hasArg() ? parseRuleNumber(argAt(g.optind++)) : 1;
        break;
      case ch('L'):
      case ch('S'):
        addCommand(c === ch('L') ? CMD_LIST : CMD_LIST_RULES, CMD_ZERO | CMD_ZERO_NUM);
        if (optarg !== undefined) st.chain = optarg;
        else if (hasArg()) st.chain = argAt(g.optind++);
        if (hasArg()) st.rulenum = parseRuleNumber(argAt(g.optind++));
        break;
      case ch('F'):
        addCommand(CMD_FLUSH, 0);
        if (optarg !== undefined) st.chain = optarg;
        else if (hasArg()) st.chain = argAt(g.optind++);
        break;
      case ch('Z'):
        addCommand(CMD_ZERO, CMD_LIST | CMD_LIST_RULES);
        if (optarg !== undefined) st.chain = optarg;
        else if (hasArg()) st.chain = argAt(g.optind++);
        if (hasArg()) {
          st.rulenum = parseRuleNumber(argAt(g.optind++));
          st.command = CMD_ZERO_NUM;
        }
        break;
      case ch('N'):
        checkNewChainName(optarg ?? '');
        addCommand(CMD_NEW_CHAIN, 0);
        st.chain = optarg;
        break;
      case ch('X'):
        addCommand(CMD_DELETE_CHAIN, 0);
        if (optarg !== undefined) st.chain = optarg;
        else if (hasArg()) st.chain = argAt(g.optind++);
        break;
      case ch('E'):
        addCommand(CMD_RENAME_CHAIN, 0);
        st.chain = optarg;
        if (hasArg()) st.newname = argAt(g.optind++);
        else throw parameterProblem('-E requires old-chain-name and new-chain-name');
        break;
      case ch('P'):
        addCommand(CMD_SET_POLICY, 0);
        st.chain = optarg;
        if (hasArg()) st.policy = argAt(g.optind++);
        else throw parameterProblem('-P requires a chain and a policy');
        break;
      case ch('h'):
        throw unsupported('iptables -h (help)');
      case ch('p'): {
        setOption(OPT_PROTOCOL);
        const text = lastWord().replace(/[A-Z]/g, (x) => x.toLowerCase());
        st.protocolText = text;
        st.proto = parseProtocol(text);
        if (st.proto === 0 && st.invflags & INV_PROTO) throw parameterProblem('rule would never match protocol');
        break;
      }
      case ch('s'):
        setOption(OPT_SOURCE);
        st.shost = lastWord();
        break;
      case ch('d'):
        setOption(OPT_DESTINATION);
        st.dhost = lastWord();
        break;
      case ch('g'):
        setOption(OPT_JUMP);
        st.gotoSet = true;
        st.jumpto = checkTargetName(optarg ?? '');
        break;
      case ch('j'):
        setOption(OPT_JUMP);
        jump(lastWord());
        break;
      case ch('i'):
      case ch('o'): {
        if ((optarg ?? '') === '') throw parameterProblem('Empty interface is likely to be undesired');
        setOption(c === ch('i') ? OPT_VIANAMEIN : OPT_VIANAMEOUT);
        const name = lastWord();
        const warning = checkInterfaceName(name);
        if (warning) warn(warning);
        if (c === ch('i')) st.iniface = name;
        else st.outiface = name;
        break;
      }
      case ch('f'):
        setOption(OPT_FRAGMENT);
        st.unsupported ??= 'the fragment option -f';
        break;
      case ch('v'):
        if (!st.verbose) setOption(OPT_VERBOSE);
        st.verbose++;
        // -vv also dumps the nft expressions (netlink debug output).
        if (st.verbose > 1) st.unsupported ??= '-v given twice';
        break;
      case ch('m'):
        if (invert) throw parameterProblem('unexpected ! flag before --match');
        loadMatch(optarg ?? '', false);
        break;
      case ch('n'):
        setOption(OPT_NUMERIC);
        break;
      case ch('t'):
        if (invert) throw parameterProblem('unexpected ! flag before --table');
        st.table = optarg ?? '';
        break;
      case ch('x'):
        setOption(OPT_EXPANDED);
        break;
      case ch('V'):
        if (invert) throw unsupported('! -V');
        return { op: 'version' };
      case ch('w'): {
        let text = optarg;
        if (text === undefined && hasArg()) text = argAt(g.optind++);
        if (text === undefined) st.wait = -1;
        else {
          const n = scanInt(text);
          if (n === undefined) throw parameterProblem('wait seconds not numeric');
          st.wait = n;
        }
        break;
      }
      case ch('W'): {
        let text = optarg;
        if (text === undefined) {
          if (hasArg()) text = argAt(g.optind++);
          else throw parameterProblem('wait interval value required');
        }
        const n = scanUnsigned32(text);
        if (n === undefined) throw parameterProblem('wait interval not numeric');
        if (n > 999999) throw parameterProblem(`too long usec wait ${n} > 999999 usec`);
        warn('Ignoring deprecated --wait-interval option.\n');
        st.waitIntervalSet = true;
        break;
      }
      case ch('0'):
        setOption(OPT_LINENUMBERS);
        break;
      case ch('M'):
        break;
      case ch('c'): {
        setOption(OPT_COUNTERS);
        const pcnt = optarg ?? '';
        const comma = pcnt.indexOf(',', 1);
        let bcnt: string | undefined = comma >= 0 ? pcnt.slice(comma + 1) : undefined;
        if (bcnt === undefined && hasArg()) bcnt = argAt(g.optind++);
        if (bcnt === undefined) throw parameterProblem('-c requires packet and byte counter');
        const packets = scanUnsigned64(pcnt);
        if (packets === undefined) throw parameterProblem('-c packet counter not numeric');
        const bytes = scanUnsigned64(bcnt);
        if (bytes === undefined) throw parameterProblem('-c byte counter not numeric');
        st.counters = { packets, bytes };
        break;
      }
      case ch('4'):
        break;
      case ch('6'):
        throw tryHelpOnly();
      case NON_OPTION:
        if (optarg === '!') {
          if (invert) throw parameterProblem('multiple consecutive ! not allowed');
          invert = true;
          argv[g.optind - 1] = '';
          continue;
        }
        throw badArgument(optarg ?? '');
      default:
        if (commandDefault(c)) continue;
        break;
    }
    invert = false;
  }

  if (st.table === 'nat' && (st.policy === 'DROP' || st.jumpto === 'DROP')) {
    throw parameterProblem('\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n');
  }
  if (!st.wait && st.waitIntervalSet) throw parameterProblem('--wait-interval only makes sense with --wait\n');
  for (const m of st.matches) finalCheck(m.def, m.data, m.xflags.value);
  if (st.target) finalCheck(st.target.def, st.target.data, st.target.xflags.value);
  if (g.optind < argv.length) throw parameterProblem('unknown arguments found on commandline');
  if (!st.command) throw parameterProblem('no command specified');
  if (invert) throw parameterProblem('nothing appropriate following !');

  // ipv4_post_parse()
  if (st.command & (CMD_REPLACE | CMD_INSERT | CMD_DELETE | CMD_APPEND | CMD_CHECK)) {
    st.shost ??= '0.0.0.0/0';
    st.dhost ??= '0.0.0.0/0';
  }
  const saddrs = st.shost !== undefined ? parseAddresses(st.shost) : [];
  const daddrs = st.dhost !== undefined ? parseAddresses(st.dhost) : [];
  if ((saddrs.length > 1 || daddrs.length > 1) && st.invflags & (INV_SRCIP | INV_DSTIP)) {
    throw parameterProblem('! not allowed with multiple source or destination IP addresses');
  }
  if (st.command === CMD_REPLACE && (saddrs.length !== 1 || daddrs.length !== 1)) {
    throw parameterProblem('Replacement rule does not specify a unique address');
  }
  genericOptCheck(st.command, st.options);
  if (st.chain !== undefined && utf8Length(st.chain) >= XT_EXTENSION_MAXNAMELEN) {
    throw parameterProblem(`chain name \`${st.chain}' too long (must be under ${XT_EXTENSION_MAXNAMELEN} chars)`);
  }
  if ([CMD_APPEND, CMD_DELETE, CMD_DELETE_NUM, CMD_CHECK, CMD_INSERT, CMD_REPLACE].includes(st.command)) {
    if ((st.chain === 'PREROUTING' || st.chain === 'INPUT') && st.options & OPT_VIANAMEOUT) {
      throw parameterProblem(`Can't use -o with ${st.chain}\n`);
    }
    if ((st.chain === 'POSTROUTING' || st.chain === 'OUTPUT') && st.options & OPT_VIANAMEIN) {
      throw parameterProblem(`Can't use -i with ${st.chain}\n`);
    }
  }

  // do_commandx(): the table must exist.
  if (!['filter', 'nat', 'mangle', 'raw', 'security'].includes(st.table)) {
    throw versionProblem(`table '${st.table}' does not exist`);
  }
  if (st.table === 'security') throw unsupported('the security table');
  const table = st.table as TableName;
  return buildCommand(st, table, saddrs, daddrs);
}

function optionById(def: ExtensionDef, id: number): ExtOption {
  const option = def.options.find((o) => o.id === id);
  if (option === undefined) throw new IptablesError(`Extension does not know id ${id}`, 1);
  return option;
}

/** generic_opt_check(): an option is legal when any of the given commands allows it. */
function genericOptCheck(command: number, options: number): void {
  for (let i = 0; i < OPT_CHARS.length; i++) {
    let legal = 0;
    for (let j = 0; j < COMMANDS_V_OPTIONS.length; j++) {
      if (!(command & (1 << j))) continue;
      if (options & (1 << i)) {
        if (COMMANDS_V_OPTIONS[j]?.[i] !== 'x') legal = 1;
        else if (legal === 0) legal = -1;
      }
    }
    if (legal === -1) throw parameterProblem(`Illegal option \`-${OPT_CHARS[i] ?? ''}' with this command`);
  }
}

function buildCommand(st: ParseState, table: TableName, saddrs: AddrMask[], daddrs: AddrMask[]): IptablesCommand {
  const chain = st.chain ?? '';
  const verbose = (st.options & OPT_VERBOSE) !== 0;
  const withVerbose = <T extends object>(cmd: T): T & { verbose?: boolean } => (verbose ? { ...cmd, verbose } : cmd);

  if (st.command & RULE_COMMANDS) {
    if (st.command === CMD_DELETE_NUM) {
      if (st.unsupported) throw unsupported(st.unsupported);
      return withVerbose({ op: 'delete-num', table, chain, index: st.rulenum });
    }
    const spec = buildSpec(st, saddrs, daddrs);
    if (st.unsupported) throw unsupported(st.unsupported);
    const counters = st.counters ? { counters: st.counters } : {};
    switch (st.command) {
      case CMD_APPEND:
        return withVerbose({ op: 'append', table, chain, spec, ...counters });
      case CMD_INSERT:
        return withVerbose({ op: 'insert', table, chain, index: st.rulenum, spec, ...counters });
      case CMD_REPLACE:
        return withVerbose({ op: 'replace', table, chain, index: st.rulenum, spec, ...counters });
      case CMD_DELETE:
        return withVerbose({ op: 'delete', table, chain, spec });
      default:
        return withVerbose({ op: 'check', table, chain, spec });
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

/**
 * Builds the rule as iptables-nft stores and lists it: what nft cannot express disappears
 * (`-s 0/0`, `-p all`, `-i +`, a tcp/udp port range 0:65535), port matches of one rule merge
 * into the first (later values win), defaults are dropped (CT zone 0), LOG's default level is
 * filled in. It also makes the checks nft.c makes while building the expressions.
 */
function buildSpec(st: ParseState, saddrs: AddrMask[], daddrs: AddrMask[]): RuleSpec {
  if (saddrs.length > 1 || daddrs.length > 1) {
    st.unsupported ??= 'several addresses in one -s/-d';
  }
  const spec: {
    source?: RuleSpec['source'];
    destination?: RuleSpec['destination'];
    inInterface?: RuleSpec['inInterface'];
    outInterface?: RuleSpec['outInterface'];
    protocol?: RuleSpec['protocol'];
    matches: Match[];
    target?: Target;
  } = { matches: [] };
  const s = saddrs[0];
  const d = daddrs[0];
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
    case 'MASQUERADE': {
      const flags = {
        ...(data.random ? { random: true } : {}),
        ...(data.randomFully ? { randomFully: true } : {}),
        ...(data.persistent ? { persistent: true } : {}),
      };
      if (data.ext === 'MASQUERADE') return { kind: 'MASQUERADE', ...(data.ports ? { toPorts: data.ports } : {}), ...flags };
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
    default:
      throw unsupported(`target \`${t.def.name}'`);
  }
}
