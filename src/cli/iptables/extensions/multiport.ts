// extensions/libxt_multiport.c (revision 1): --sports/--dports/--ports P[,P|,P:Q]... for the
// protocols that have ports; up to XT_MULTI_PORTS (15) slots, a range taking two.

import { parameterProblem } from '../errors.ts';
import { parsePort } from '../xtables.ts';
import { type ExtensionDef, XTOPT_INVERT } from './xtoptions.ts';

const XT_MULTI_PORTS = 15;

export interface MultiportData {
  readonly ext: 'multiport';
  which: 'sports' | 'dports' | 'ports';
  ports: { min: number; max: number }[];
  invert: boolean;
}

/** check_proto(). */
function checkProto(proto: number, protoInverted: boolean): string {
  const name = { 6: 'tcp', 17: 'udp', 136: 'udplite', 132: 'sctp', 33: 'dccp' }[proto];
  if (protoInverted) throw parameterProblem('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
  if (name !== undefined) return name;
  if (proto === 0) throw parameterProblem("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
  throw parameterProblem('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
}

/** parse_multi_ports_v1(). */
function parsePorts(text: string, proto: string): { min: number; max: number }[] {
  const items: { min: number; max: number }[] = [];
  let slots = 0;
  let rest: string | undefined = text;
  while (rest !== undefined && slots < XT_MULTI_PORTS) {
    const comma = rest.indexOf(',');
    const cp = comma < 0 ? rest : rest.slice(0, comma);
    rest = comma < 0 ? undefined : rest.slice(comma + 1);
    const colon = cp.indexOf(':');
    if (colon >= 0 && slots === XT_MULTI_PORTS - 1) throw parameterProblem('too many ports specified');
    const min = parsePort(colon >= 0 ? cp.slice(0, colon) : cp, proto);
    slots++;
    if (colon >= 0) {
      const max = parsePort(cp.slice(colon + 1), proto);
      if (min >= max) throw parameterProblem('invalid portrange specified');
      slots++;
      items.push({ min, max });
    } else {
      items.push({ min, max: min });
    }
  }
  if (rest !== undefined) throw parameterProblem('too many ports specified');
  return items;
}

const SRC = 1 << 0;
const DST = 1 << 1;
const BOTH = 1 << 2;

export const MULTIPORT: ExtensionDef<MultiportData> = {
  name: 'multiport',
  x6: true,
  options: [
    { name: 'source-ports', id: 0, hasArg: 1, flags: XTOPT_INVERT, excl: DST | BOTH },
    { name: 'sports', id: 0, hasArg: 1, flags: XTOPT_INVERT, excl: DST | BOTH },
    { name: 'destination-ports', id: 1, hasArg: 1, flags: XTOPT_INVERT, excl: SRC | BOTH },
    { name: 'dports', id: 1, hasArg: 1, flags: XTOPT_INVERT, excl: SRC | BOTH },
    { name: 'ports', id: 2, hasArg: 1, flags: XTOPT_INVERT, excl: SRC | DST },
  ],
  create: () => ({ ext: 'multiport', which: 'ports', ports: [], invert: false }),
  parse(data, option, arg, invert, _xflags, ctx) {
    const proto = checkProto(ctx.proto, ctx.protoInverted ?? false);
    data.ports = parsePorts(arg, proto);
    data.which = option.id === 0 ? 'sports' : option.id === 1 ? 'dports' : 'ports';
    data.invert = invert;
  },
  finalCheck(xflags) {
    if (xflags === 0) throw parameterProblem('multiport expection an option');
  },
};
