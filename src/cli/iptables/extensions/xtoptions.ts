// libxtables/xtoptions.c: what every extension declares (its struct xt_option_entry table, the
// names getopt learns when the extension loads), the generic checks of xtables_option_parse()
// and xtables_options_fcheck() that x6 extensions get, and the typed option parsers the
// extensions share (XTTYPE_PORTRC, XTTYPE_STRING).

import { truncateBytes } from '../cstring.ts';
import { IptablesError, parameterProblem, unsupported } from '../errors.ts';
import { getPortByName } from '../xtables.ts';

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
}

/** What an extension's option parser may look at: the rule's ip header fields so far. */
interface ParseContext {
  /** cs->fw.ip.proto when the option is parsed (0 when -p was not given yet). */
  readonly proto: number;
  /** Where warnings printed on stderr go. */
  readonly warn: (text: string) => void;
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
