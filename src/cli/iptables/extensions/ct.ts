// extensions/libxt_CT.c: the CT target (--notrack, --zone) and its older NOTRACK alias.

import { parameterProblem, unsupported } from '../errors.ts';
import { xtablesStrtoui } from '../xtables.ts';
import type { ExtensionDef } from './xtoptions.ts';

export interface CtData {
  readonly ext: 'CT';
  notrack: boolean;
  zone: number;
}

export interface NotrackData {
  readonly ext: 'NOTRACK';
}

export const CT: ExtensionDef<CtData> = {
  name: 'CT',
  x6: true,
  options: [
    { name: 'notrack', id: 0, hasArg: 0 },
    { name: 'helper', id: 1, hasArg: 1, unsupported: true },
    { name: 'ctevents', id: 2, hasArg: 1, unsupported: true },
    { name: 'expevents', id: 3, hasArg: 1, unsupported: true },
    { name: 'zone-orig', id: 4, hasArg: 1, unsupported: true },
    { name: 'zone-reply', id: 5, hasArg: 1, unsupported: true },
    { name: 'zone', id: 6, hasArg: 1 },
    { name: 'timeout', id: 7, hasArg: 1, unsupported: true },
  ],
  create: () => ({ ext: 'CT', notrack: false, zone: 0 }),
  parse(data, option, arg) {
    if (option.name === 'notrack') {
      data.notrack = true;
      return;
    }
    // ct_parse_zone_id()
    if (arg.toLowerCase() === 'mark') throw unsupported('CT --zone mark');
    const z = xtablesStrtoui(arg, 0, 0xffff);
    if (!z.ok) throw parameterProblem(`Cannot parse ${arg} as a zone ID`);
    data.zone = z.value;
  },
};

export const NOTRACK: ExtensionDef<NotrackData> = { name: 'NOTRACK', x6: true, options: [], create: () => ({ ext: 'NOTRACK' }) };
