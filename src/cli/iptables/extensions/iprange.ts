// extensions/libxt_iprange.c (revision 1): --src-range/--dst-range FROM[-TO], IPv4 here.

import { parameterProblem } from '../errors.ts';
import { numericToIpaddr } from '../xtables.ts';
import { type ExtensionDef, XTOPT_INVERT } from './xtoptions.ts';

export interface IprangeData {
  readonly ext: 'iprange';
  src?: { min: number; max: number; invert: boolean };
  dst?: { min: number; max: number; invert: boolean };
}

/** iprange_parse_spec(): each end through xtables_numeric_to_ipaddr (missing parts are 0). */
function parseRange(text: string, optionName: string, warn: (t: string) => void): { min: number; max: number } {
  const dash = text.indexOf('-');
  const fromText = dash < 0 ? text : text.slice(0, dash);
  const toText = dash < 0 ? text : text.slice(dash + 1);
  const one = (t: string): number => {
    const a = numericToIpaddr(t, false);
    if (a === undefined) throw parameterProblem(`iprange: Bad value for "--${optionName}" option: "${t}"`);
    return a;
  };
  const min = one(fromText);
  const max = one(toText);
  if (min > max) warn(`xt_iprange: range ${fromText}-${toText} is reversed and will never match\n`);
  return { min, max };
}

export const IPRANGE: ExtensionDef<IprangeData> = {
  name: 'iprange',
  x6: true,
  options: [
    { name: 'src-range', id: 0, hasArg: 1, flags: XTOPT_INVERT },
    { name: 'dst-range', id: 1, hasArg: 1, flags: XTOPT_INVERT },
  ],
  create: () => ({ ext: 'iprange' }),
  parse(data, option, arg, invert, _xflags, ctx) {
    const range = parseRange(arg, option.name, ctx.warn);
    if (option.id === 0) data.src = { ...range, invert };
    else data.dst = { ...range, invert };
  },
  finalCheck(xflags) {
    if (xflags === 0) throw parameterProblem("iprange match: You must specify `--src-range' or `--dst-range'");
  },
};
