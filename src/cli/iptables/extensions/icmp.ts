// extensions/libipt_icmp.c: --icmp-type NAME, TYPE or TYPE/CODE, and libxtables' icmp_codes
// table that both parsing and printing (format.ts) read.

import { strtoul } from '../../lib/cnum.ts';
import { isCasePrefix } from '../cstring.ts';
import { parameterProblem } from '../errors.ts';
import { type ExtensionDef, XTOPT_INVERT, XTOPT_MAND } from './xtoptions.ts';

export interface IcmpData {
  readonly ext: 'icmp';
  type: number;
  codeMin: number;
  codeMax: number;
  invert: boolean;
}

interface IcmpName {
  readonly name: string;
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
}

/** libxtables' icmp_codes table, in its order (the first entry wins when printing names). */
export const ICMP_NAMES: readonly IcmpName[] = (
  [
    ['any', 0xff, 0, 0xff],
    ['echo-reply', 0, 0, 0xff],
    ['pong', 0, 0, 0xff],
    ['destination-unreachable', 3, 0, 0xff],
    ['network-unreachable', 3, 0, 0],
    ['host-unreachable', 3, 1, 1],
    ['protocol-unreachable', 3, 2, 2],
    ['port-unreachable', 3, 3, 3],
    ['fragmentation-needed', 3, 4, 4],
    ['source-route-failed', 3, 5, 5],
    ['network-unknown', 3, 6, 6],
    ['host-unknown', 3, 7, 7],
    ['network-prohibited', 3, 9, 9],
    ['host-prohibited', 3, 10, 10],
    ['TOS-network-unreachable', 3, 11, 11],
    ['TOS-host-unreachable', 3, 12, 12],
    ['communication-prohibited', 3, 13, 13],
    ['host-precedence-violation', 3, 14, 14],
    ['precedence-cutoff', 3, 15, 15],
    ['source-quench', 4, 0, 0xff],
    ['redirect', 5, 0, 0xff],
    ['network-redirect', 5, 0, 0],
    ['host-redirect', 5, 1, 1],
    ['TOS-network-redirect', 5, 2, 2],
    ['TOS-host-redirect', 5, 3, 3],
    ['echo-request', 8, 0, 0xff],
    ['ping', 8, 0, 0xff],
    ['router-advertisement', 9, 0, 0xff],
    ['router-solicitation', 10, 0, 0xff],
    ['time-exceeded', 11, 0, 0xff],
    ['ttl-exceeded', 11, 0, 0xff],
    ['ttl-zero-during-transit', 11, 0, 0],
    ['ttl-zero-during-reassembly', 11, 1, 1],
    ['parameter-problem', 12, 0, 0xff],
    ['ip-header-bad', 12, 0, 0],
    ['required-option-missing', 12, 1, 1],
    ['timestamp-request', 13, 0, 0xff],
    ['timestamp-reply', 14, 0, 0xff],
    ['address-mask-request', 17, 0, 0xff],
    ['address-mask-reply', 18, 0, 0xff],
  ] as const
).map(([name, type, codeMin, codeMax]) => ({ name, type, codeMin, codeMax }));

/** iptables 1.8.9's ICMP type parser (names by prefix, else TYPE or TYPE/CODE). */
function parseIcmpType(text: string): { type: number; codeMin: number; codeMax: number } {
  let found: IcmpName | undefined;
  for (const entry of ICMP_NAMES) {
    if (!isCasePrefix(entry.name, text)) continue;
    if (found) throw parameterProblem(`Ambiguous ICMP type \`${text}': \`${found.name}' or \`${entry.name}'?`);
    found = entry;
  }
  if (found) return { type: found.type, codeMin: found.codeMin, codeMax: found.codeMax };
  const t = strtoul(text, 0);
  if (t.end === 0 || t.overflow || t.value > 255n) throw parameterProblem(`Unknown ICMP type \`${text}'`);
  let end = t.end;
  let codeMin = 0;
  let codeMax = 0xff;
  if (text[end] === '/') {
    const rest = text.slice(end + 1);
    const c = strtoul(rest, 0);
    if (c.end === 0 || c.overflow || c.value > 255n) throw parameterProblem(`Unknown ICMP code \`${text}'`);
    codeMin = codeMax = Number(c.value);
    end = end + 1 + c.end;
  }
  if (end < text.length) throw parameterProblem(`unknown character ${text[end] ?? ''}`);
  return { type: Number(t.value), codeMin, codeMax };
}

export const ICMP: ExtensionDef<IcmpData> = {
  name: 'icmp',
  x6: true,
  options: [{ name: 'icmp-type', id: 0, hasArg: 1, flags: XTOPT_MAND | XTOPT_INVERT }],
  create: () => ({ ext: 'icmp', type: 0, codeMin: 0, codeMax: 0xff, invert: false }),
  parse(data, _option, arg, invert) {
    const t = parseIcmpType(arg);
    data.type = t.type;
    data.codeMin = t.codeMin;
    data.codeMax = t.codeMax;
    data.invert = invert;
  },
};
