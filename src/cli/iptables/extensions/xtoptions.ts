// libxtables/xtoptions.c: what every extension declares (its struct xt_option_entry table, the
// names getopt learns when the extension loads), the generic checks of xtables_option_parse()
// and xtables_options_fcheck() that x6 extensions get, and the typed option parsers the
// extensions share (XTTYPE_PORTRC, XTTYPE_STRING).

import { truncateBytes } from '../cstring.ts';
import { IptablesError, parameterProblem, unsupported } from '../errors.ts';
import { getPortByName, xtablesStrtoui } from '../xtables.ts';

// xt_option_entry flags
export const XTOPT_INVERT = 1;
export const XTOPT_MAND = 2;
const XTOPT_MULTI = 4;

export interface ExtOption {
  readonly name: string;
  readonly id: number;
  readonly hasArg: 0 | 1;
  readonly flags?: number;
  /** An option iptables knows but the simulator does not model. */
  readonly unsupported?: boolean;
  /** xt_option_entry.excl: bits (1 << id) of the options it cannot be used with. */
  readonly excl?: number;
}

/** What an extension's option parser may look at: the rule's ip header fields so far. */
interface ParseContext {
  /** cs->fw.ip.proto when the option is parsed (0 when -p was not given yet). */
  readonly proto: number;
  /** Whether -p was inverted (`! -p tcp`). */
  readonly protoInverted?: boolean;
  /** Where warnings printed on stderr go. */
  readonly warn: (text: string) => void;
  /** The word after the option's argument (argv[optind]), and taking it (optind++). */
  readonly peekArg?: () => string | undefined;
  readonly consumeArg?: () => void;
}

/** The parsed state of one loaded extension instance, tagged with the extension's name. */
interface ExtensionData {
  readonly ext: string;
}

/** One match or target extension (struct xtables_match / xtables_target). */
export interface ExtensionDef<D extends ExtensionData = ExtensionData> {
  readonly name: string;
  /** x6 extensions get libxtables' generic option checks (used once, `!`, mandatory). */
  readonly x6: boolean;
  readonly options: readonly ExtOption[];
  create(): D;
  /** x6_parse (parse for the old-style tcp): one option into `data`; throws iptables' text. */
  parse?(data: D, option: ExtOption, arg: string, invert: boolean, xflags: { value: number }, ctx: ParseContext): void;
  /** x6_fcheck (final_check): the extension's own check once the command line is read. */
  finalCheck?(xflags: number): void;
}

/**
 * Parses one extension option into `data`. `xflags` is the extension's mflags/xflags (bit per
 * option id already seen). Throws IptablesError with iptables' text.
 */
export function parseExtOption<D extends ExtensionData>(
  def: ExtensionDef<D>,
  data: D,
  option: ExtOption,
  arg: string | undefined,
  invert: boolean,
  xflags: { value: number },
  ctx: ParseContext,
): void {
  if (def.x6) {
    // xtables_option_parse(): the checks every x6 extension gets.
    const bit = 1 << option.id;
    if (!((option.flags ?? 0) & XTOPT_MULTI) && xflags.value & bit) {
      throw parameterProblem(`${def.name}: option "--${option.name}" can only be used once.\n`);
    }
    if (invert && !((option.flags ?? 0) & XTOPT_INVERT)) {
      throw parameterProblem(`${def.name}: option "--${option.name}" cannot be inverted.\n`);
    }
  }
  if (option.unsupported) throw unsupported(`option --${option.name} of ${def.name}`);
  if (def.parse === undefined) throw new IptablesError(`extension ${def.name} has no option --${option.name}`, 2);
  def.parse(data, option, arg ?? '', invert, xflags, ctx);
  // Old-style extensions (tcp) keep their own flags.
  if (def.x6) xflags.value |= 1 << option.id;
}

/** xtables_option_mfcall()/tfcall(): the extension's final check, then mandatory options. */
export function finalCheck(def: ExtensionDef, xflags: number): void {
  def.finalCheck?.(xflags);
  if (!def.x6) return;
  for (const option of def.options) {
    if ((option.flags ?? 0) & XTOPT_MAND && !(xflags & (1 << option.id))) {
      throw parameterProblem(`${def.name}: option "--${option.name}" must be specified\n`);
    }
    if (!(xflags & (1 << option.id))) continue;
    const bad = (option.excl ?? 0) & xflags & ~(1 << option.id);
    if (bad === 0) continue;
    const other = def.options.find((o) => bad & (1 << o.id));
    if (other) throw parameterProblem(`${def.name}: option "--${option.name}" cannot be used together with "--${other.name}".\n`);
  }
}

/** xtopt_parse_mport() for XTTYPE_PORTRC: `P`, `P:Q`, `:Q`, `P:` (no order check). */
export function parsePortRangeRc(text: string, ext: string, optionName: string): { min: number; max: number } {
  const parts = text.split(':');
  if (parts.length > 2) {
    throw parameterProblem(`${ext}: Too many components for option "--${optionName}" (max: 2)\n`);
  }
  const values = parts.map((part, i) => {
    if (part === '') return i === 0 ? 0 : 0xffff;
    const port = getPortByName(part);
    if (port === undefined) throw parameterProblem(`Port "${part}" does not resolve to anything.\n`);
    return port;
  });
  const min = values[0] ?? 0;
  return { min, max: values[1] ?? min };
}

/** xtopt_parse_string(): XTTYPE_STRING with a minimum length, copied into a `size`-byte buffer. */
export function parseString(text: string, min: number, size: number): string {
  if (text.length < min) throw parameterProblem(`Argument must have a minimum length of ${min} characters\n`);
  return truncateBytes(text, size - 1);
}

/** XTTYPE_MARKMASK32: `V[/M]`, each 0..UINT32_MAX (M defaults to 0xffffffff). */
export function parseMarkMask(text: string, ext: string, optionName: string): { value: number; mask: number } {
  const bad = (): Error => parameterProblem(`${ext}: bad integer value for option "--${optionName}", or out of range.\n`);
  const v = xtablesStrtoui(text, 0, 0xffffffff, true);
  if (!v.ok) throw bad();
  if (v.end === text.length) return { value: v.value, mask: 0xffffffff };
  if (text[v.end] !== '/') throw bad();
  const m = xtablesStrtoui(text.slice(v.end + 1), 0, 0xffffffff);
  if (!m.ok) throw bad();
  return { value: v.value, mask: m.value };
}

/** XTTYPE_UINT32: a whole number 0..UINT32_MAX. */
export function parseUint32(text: string, ext: string, optionName: string): number {
  const v = xtablesStrtoui(text, 0, 0xffffffff);
  if (!v.ok) throw parameterProblem(`${ext}: bad value for option "--${optionName}", or out of range (0-4294967295).\n`);
  return v.value;
}
