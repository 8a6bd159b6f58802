// iptables/xshared.c and xshared.h: the command line iptables knows before any extension
// loads (the option string and long options), the commands (CMD_*) and options (OPT_*) with
// their compatibility table, the state do_parse() fills in, the checks on rule numbers,
// chain names and target names, and ipv4_post_parse() (the -s/-d addresses).

import type { Counters } from '../../net/netfilter/rule.ts';
import { hasSpace, utf8Length } from './cstring.ts';
import { parameterProblem } from './errors.ts';
import { TARGET_EXTENSIONS, type ExtData } from './extensions.ts';
import type { ExtensionDef } from './extensions/xtoptions.ts';
import type { LongOption } from './getopt.ts';
import { type AddrMask, parseAddresses, xtablesStrtoui } from './xtables.ts';

// iptables/xtables.c: OPTSTRING_COMMON "R:S::W::" "46bfg:h::m:nvw::x"
export const OPTSTRING = '-:A:C:D:E:F::I:L::M:N:P:VX::Z::c:d:i:j:o:p:s:t:R:S::W::46bfg:h::m:nvw::x';

export const ch = (s: string): number => s.charCodeAt(0);

export const BASE_OPTIONS: readonly LongOption[] = [
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
export const CMD_INSERT = 1 << 0;
export const CMD_DELETE = 1 << 1;
export const CMD_DELETE_NUM = 1 << 2;
export const CMD_REPLACE = 1 << 3;
export const CMD_APPEND = 1 << 4;
export const CMD_LIST = 1 << 5;
export const CMD_FLUSH = 1 << 6;
export const CMD_ZERO = 1 << 7;
export const CMD_NEW_CHAIN = 1 << 8;
export const CMD_DELETE_CHAIN = 1 << 9;
export const CMD_SET_POLICY = 1 << 10;
export const CMD_RENAME_CHAIN = 1 << 11;
export const CMD_LIST_RULES = 1 << 12;
export const CMD_ZERO_NUM = 1 << 13;
export const CMD_CHECK = 1 << 14;
const CMD_CHARS = 'IDDRALFZNXPESZC';
export const RULE_COMMANDS = CMD_APPEND | CMD_DELETE | CMD_DELETE_NUM | CMD_CHECK | CMD_INSERT | CMD_REPLACE;

// Options (OPT_*), in the order of optflags[] and commands_v_options[][].
export const OPT_NUMERIC = 1 << 0;
export const OPT_SOURCE = 1 << 1;
export const OPT_DESTINATION = 1 << 2;
export const OPT_PROTOCOL = 1 << 3;
export const OPT_JUMP = 1 << 4;
export const OPT_VERBOSE = 1 << 5;
export const OPT_EXPANDED = 1 << 6;
export const OPT_VIANAMEIN = 1 << 7;
export const OPT_VIANAMEOUT = 1 << 8;
export const OPT_LINENUMBERS = 1 << 9;
export const OPT_COUNTERS = 1 << 10;
export const OPT_FRAGMENT = 1 << 11;
const OPT_CHARS = 'nsdpjvxio0cf';
/** Which options may be inverted with `!` (inverse_for_options[] is non-zero). */
export const INVERTIBLE = OPT_SOURCE | OPT_DESTINATION | OPT_PROTOCOL | OPT_VIANAMEIN | OPT_VIANAMEOUT | OPT_FRAGMENT;

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

export const XT_EXTENSION_MAXNAMELEN = 29;
/** XT_OPTION_OFFSET_SCALE: each loaded extension's getopt codes start at a multiple of it. */
export const OFFSET_SCALE = 256;

export interface MatchInstance {
  readonly def: ExtensionDef<ExtData>;
  readonly data: ExtData;
  readonly offset: number;
  completed: boolean;
  readonly xflags: { value: number };
}

interface TargetInstance {
  readonly def: ExtensionDef<ExtData>;
  readonly data: ExtData;
  readonly offset: number;
  readonly xflags: { value: number };
}

/** Everything do_parse() collects (struct iptables_command_state + xt_cmd_parse + args). */
export class ParseState {
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

// invflags: the simulator keeps each `!` on the bit of the option it inverts.
export const INV_SRCIP = OPT_SOURCE;
export const INV_DSTIP = OPT_DESTINATION;
export const INV_PROTO = OPT_PROTOCOL;
export const INV_VIA_IN = OPT_VIANAMEIN;
export const INV_VIA_OUT = OPT_VIANAMEOUT;

export function cmd2char(command: number): string {
  let i = 0;
  for (let c = command; c > 1; c >>>= 1) i++;
  return CMD_CHARS[i] ?? '?';
}

export function opt2char(option: number): string {
  let i = 0;
  for (let o = option; o > 1; o >>>= 1) i++;
  return OPT_CHARS[i] ?? '?';
}

/** xtables: xt_parse_target(). */
export function checkTargetName(name: string): string {
  if (name.length < 1) throw parameterProblem('Invalid target name (too short)');
  if (utf8Length(name) >= XT_EXTENSION_MAXNAMELEN) {
    throw parameterProblem(`Invalid target name \`${name}' (${XT_EXTENSION_MAXNAMELEN - 1} chars max)`);
  }
  if (hasSpace(name)) throw parameterProblem(`Invalid target name \`${name}'`);
  return name;
}

/** xshared.c: assert_valid_chain_name() (-N). */
export function checkNewChainName(name: string): void {
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
export function parseRuleNumber(text: string): number {
  const r = xtablesStrtoui(text, 1, 0x7fffffff);
  if (!r.ok) throw parameterProblem(`Invalid rule number \`${text}'`);
  return r.value;
}

/** generic_opt_check(): an option is legal when any of the given commands allows it. */
export function genericOptCheck(command: number, options: number): void {
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

/** ipv4_post_parse(): -s/-d default to 0.0.0.0/0 for rule commands, then their addresses. */
export function ipv4PostParse(st: ParseState): { saddrs: AddrMask[]; daddrs: AddrMask[] } {
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
  return { saddrs, daddrs };
}
