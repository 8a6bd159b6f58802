// `iptables ARGS...` -> IptablesCommand, as iptables 1.8.9 (nf_tables) parses it.
// Mirrors iptables/xshared.c do_parse() (the getopt loop, command_default(),
// command_match(), command_jump(), load_proto()), then ipv4_post_parse(),
// generic_opt_check() and the chain/interface checks, and the table lookup of do_commandx().
// The tables and checks do_parse() relies on are in xshared.ts, libxtables' parsers in
// xtables.ts, the extensions behind extensions.ts; nft.ts makes the command and the rule as
// iptables-nft stores it. Every failure is an IptablesError carrying the real tool's stderr
// text and exit status; what iptables only detects against the ruleset or in the kernel is
// left to apply.ts.
//
// SIMPLIFIED: no ip6tables options, no -f, no host names but "localhost", no extensions beyond
// extensions.ts (they fail with `unsupported`). `-s A,B -d C,D` makes one rule per pair (nft.ts).

import { Lru } from '../../net/lru.ts';
import type { IptablesCommand, TableName } from '../../net/netfilter/rule.ts';
import { scanInt, scanUnsigned32, scanUnsigned64 } from '../lib/cnum.ts';
import { cString, utf8Length } from './cstring.ts';
import { IptablesError, badArgument, parameterProblem, tryHelpOnly, unsupported, versionProblem } from './errors.ts';
import { MATCH_EXTENSIONS, TARGET_EXTENSIONS, findMatchDef, findTargetDef } from './extensions.ts';
import { type ExtOption, type ExtensionDef, finalCheck, parseExtOption } from './extensions/xtoptions.ts';
import { END, Getopt, MISSING_ARG, NON_OPTION, UNKNOWN, type LongOption } from './getopt.ts';
import { protoToName } from './netnames.ts';
import { buildCommand } from './nft.ts';
import {
  BASE_OPTIONS,
  CMD_APPEND,
  CMD_CHECK,
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
  CMD_SET_POLICY,
  CMD_ZERO,
  CMD_ZERO_NUM,
  INVERTIBLE,
  INV_PROTO,
  type MatchInstance,
  OFFSET_SCALE,
  OPTSTRING,
  OPT_COUNTERS,
  OPT_DESTINATION,
  OPT_EXPANDED,
  OPT_FRAGMENT,
  OPT_JUMP,
  OPT_LINENUMBERS,
  OPT_NUMERIC,
  OPT_PROTOCOL,
  OPT_SOURCE,
  OPT_VERBOSE,
  OPT_VIANAMEIN,
  OPT_VIANAMEOUT,
  ParseState,
  XT_EXTENSION_MAXNAMELEN,
  ch,
  checkNewChainName,
  checkTargetName,
  cmd2char,
  genericOptCheck,
  ipv4PostParse,
  opt2char,
  parseRuleNumber,
} from './xshared.ts';
import { checkInterfaceName, parseProtocol, xtablesStrtoui } from './xtables.ts';

/** Parses the words after `iptables`. Throws IptablesError as iptables 1.8.9 would fail. */
export function parseIptables(args: readonly string[]): IptablesCommand {
  return parseIptablesWithWarnings(args).command;
}

/**
 * parseIptables() plus the warnings iptables prints on stderr for a command it accepts
 * (each ends with a newline). A thrown IptablesError already starts with them.
 */
export function parseIptablesWithWarnings(args: readonly string[]): { command: IptablesCommand; warnings: string[] } {
  // A parse is a pure function of the words, and a command is never changed once parsed (rules
  // share it): a class's regrade runs the same rules in every student's variant.
  const key = JSON.stringify(args);
  const known = PARSED.get(key);
  if (known) return { command: known.command, warnings: [...known.warnings] };
  const warnings: string[] = [];
  try {
    const command = parseArgs(args, (text) => warnings.push(text));
    PARSED.set(key, { command, warnings: [...warnings] });
    return { command, warnings };
  } catch (e) {
    if (e instanceof IptablesError && warnings.length > 0) {
      throw new IptablesError(warnings.join('') + e.message, e.exitStatus, e.unsupported);
    }
    throw e;
  }
}

const PARSED = new Lru<string, { readonly command: IptablesCommand; readonly warnings: readonly string[] }>(1024);

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
    const ctx = {
      proto: st.proto,
      protoInverted: (st.invflags & INV_PROTO) !== 0,
      warn,
      peekArg: (): string | undefined => argv[g.optind],
      consumeArg: (): void => {
        g.optind++;
      },
    };
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
  for (const m of st.matches) finalCheck(m.def, m.xflags.value);
  if (st.target) finalCheck(st.target.def, st.target.xflags.value);
  if (g.optind < argv.length) throw parameterProblem('unknown arguments found on commandline');
  if (!st.command) throw parameterProblem('no command specified');
  if (invert) throw parameterProblem('nothing appropriate following !');

  const { saddrs, daddrs } = ipv4PostParse(st);
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
