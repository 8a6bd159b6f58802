// extensions/libxt_mac.c: --mac-source XX:XX:XX:XX:XX:XX (the frame's source MAC; PREROUTING,
// INPUT and FORWARD only, which the kernel checks).

import { parameterProblem } from '../errors.ts';
import { type ExtensionDef, XTOPT_INVERT, XTOPT_MAND } from './xtoptions.ts';

export interface MacData {
  readonly ext: 'mac';
  mac: string;
  invert: boolean;
}

/** xtables_parse_mac(): six hex bytes (strtol base 16 each, at most 0xff), colon separated. */
function parseMac(text: string): string {
  const parts = text.split(':');
  if (text.length !== 17 || parts.length !== 6 || !parts.every((p) => /^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw parameterProblem('Invalid MAC address specified.');
  }
  return parts.map((p) => p.toLowerCase().padStart(2, '0')).join(':');
}

export const MAC: ExtensionDef<MacData> = {
  name: 'mac',
  x6: true,
  options: [{ name: 'mac-source', id: 0, hasArg: 1, flags: XTOPT_MAND | XTOPT_INVERT }],
  create: () => ({ ext: 'mac', mac: '', invert: false }),
  parse(data, _option, arg, invert) {
    data.mac = parseMac(arg);
    data.invert = invert;
  },
};
