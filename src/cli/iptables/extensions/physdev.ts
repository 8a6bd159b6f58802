// extensions/libxt_physdev.c: the bridge ports a bridged frame came in on or goes out of.

import { parameterProblem } from '../errors.ts';
import { checkInterfaceName } from '../xtables.ts';
import { type ExtOption, type ExtensionDef, XTOPT_INVERT } from './xtoptions.ts';

export interface PhysdevData {
  readonly ext: 'physdev';
  in?: { name: string; invert: boolean };
  out?: { name: string; invert: boolean };
  /** Set when the flag was given; the value is its `!`. */
  isIn?: boolean;
  isOut?: boolean;
  isBridged?: boolean;
}

const PHYSDEV_OPTIONS: readonly ExtOption[] = [
  { name: 'physdev-in', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'physdev-out', id: 1, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'physdev-is-in', id: 2, hasArg: 0, flags: XTOPT_INVERT },
  { name: 'physdev-is-out', id: 3, hasArg: 0, flags: XTOPT_INVERT },
  { name: 'physdev-is-bridged', id: 4, hasArg: 0, flags: XTOPT_INVERT },
];

export const PHYSDEV: ExtensionDef<PhysdevData> = {
  name: 'physdev',
  x6: true,
  options: PHYSDEV_OPTIONS,
  create: () => ({ ext: 'physdev' }),
  parse(data, option, arg, invert, _xflags, ctx) {
    switch (option.id) {
      case 0: {
        const warning = checkInterfaceName(arg);
        if (warning) ctx.warn(warning);
        data.in = { name: arg, invert };
        break;
      }
      case 1: {
        const warning = checkInterfaceName(arg);
        if (warning) ctx.warn(warning);
        data.out = { name: arg, invert };
        break;
      }
      case 2:
        data.isIn = invert;
        break;
      case 3:
        data.isOut = invert;
        break;
      default:
        data.isBridged = invert;
    }
  },
  finalCheck(xflags) {
    if (xflags === 0) throw parameterProblem('PHYSDEV: no physdev option specified');
  },
};
