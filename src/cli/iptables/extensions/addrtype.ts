// extensions/libxt_addrtype.c (revision 1): --src-type/--dst-type TYPE[,TYPE...] and
// --limit-iface-in/--limit-iface-out. A type is the kernel's route type (RTN_*) of the address.

import { parameterProblem } from '../errors.ts';
import { type ExtensionDef, XTOPT_INVERT } from './xtoptions.ts';

/** rtn_names[]: bit i of a type mask is RTN type i. */
export const ADDRTYPE_NAMES: readonly string[] = [
  'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
];

export interface AddrtypeData {
  readonly ext: 'addrtype';
  src?: { mask: number; invert: boolean };
  dst?: { mask: number; invert: boolean };
  limitIn: boolean;
  limitOut: boolean;
}

/** parse_type(): strncasecmp over the typed length, so a prefix picks the first name it starts. */
function parseType(word: string): number | undefined {
  const i = ADDRTYPE_NAMES.findIndex((n) => n.slice(0, word.length).toLowerCase() === word.toLowerCase());
  return i < 0 ? undefined : 1 << i;
}

/** parse_types(). */
function parseTypes(text: string): number {
  let mask = 0;
  let rest = text;
  for (;;) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    const bit = comma === 0 ? undefined : parseType(rest.slice(0, comma));
    if (bit === undefined) throw parameterProblem(`addrtype: bad type \`${rest}'`);
    mask |= bit;
    rest = rest.slice(comma + 1);
  }
  const bit = rest === '' ? undefined : parseType(rest);
  if (bit === undefined) throw parameterProblem(`addrtype: bad type "${rest}"`);
  return mask | bit;
}

/** print_types(): the names of a mask in bit order. */
export function addrtypeNames(mask: number): string {
  return ADDRTYPE_NAMES.filter((_, i) => mask & (1 << i)).join(',');
}

export const ADDRTYPE: ExtensionDef<AddrtypeData> = {
  name: 'addrtype',
  x6: true,
  options: [
    { name: 'src-type', id: 0, hasArg: 1, flags: XTOPT_INVERT },
    { name: 'dst-type', id: 1, hasArg: 1, flags: XTOPT_INVERT },
    { name: 'limit-iface-in', id: 2, hasArg: 0, excl: 1 << 3 },
    { name: 'limit-iface-out', id: 3, hasArg: 0, excl: 1 << 2 },
  ],
  create: () => ({ ext: 'addrtype', limitIn: false, limitOut: false }),
  parse(data, option, arg, invert) {
    switch (option.id) {
      case 0:
        data.src = { mask: parseTypes(arg), invert };
        break;
      case 1:
        data.dst = { mask: parseTypes(arg), invert };
        break;
      case 2:
        data.limitIn = true;
        break;
      default:
        data.limitOut = true;
    }
  },
  finalCheck(xflags) {
    if (!(xflags & 3)) throw parameterProblem('addrtype: you must specify --src-type or --dst-type');
  },
};
