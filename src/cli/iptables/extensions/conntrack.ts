// extensions/libxt_conntrack.c, which also provides the state match (libxt_state.c was merged
// into it): --ctstate and --state take a comma-separated list of state names.

import type { CtState } from '../../../net/netfilter/rule.ts';
import { isCasePrefix } from '../cstring.ts';
import { parameterProblem } from '../errors.ts';
import { type ExtOption, type ExtensionDef, XTOPT_INVERT, XTOPT_MAND } from './xtoptions.ts';

export interface ConntrackData {
  readonly ext: 'conntrack' | 'state';
  states: number;
  invert: boolean;
}

// conntrack state bits, in the order iptables prints them
export const CT_STATE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
const CT_PARSE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const STATE_PARSE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];
const stateBit = (s: CtState): number => 1 << CT_STATE_ORDER.indexOf(s);

/** conntrack_ps_states() / state_parse_states(): `S1,S2,...`, each a case-blind prefix. */
function parseStateList(text: string, names: readonly CtState[], what: string): number {
  let mask = 0;
  const one = (word: string): boolean => {
    const hit = names.find((n) => isCasePrefix(n, word));
    if (hit === undefined) return false;
    mask |= stateBit(hit);
    return true;
  };
  let rest = text;
  for (;;) {
    const comma = rest.indexOf(',');
    if (comma < 0) break;
    if (comma === 0 || !one(rest.slice(0, comma))) throw parameterProblem(`Bad ${what} "${rest}"`);
    rest = rest.slice(comma + 1);
  }
  if (what === 'state' && rest === '') {
    throw parameterProblem('"--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED');
  }
  if (rest === '' || !one(rest)) throw parameterProblem(`Bad ${what} "${rest}"`);
  return mask;
}

export function statesFromMask(mask: number): CtState[] {
  return CT_STATE_ORDER.filter((s) => (mask & stateBit(s)) !== 0);
}

const CONNTRACK_OPTIONS: readonly ExtOption[] = [
  { name: 'ctstate', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  ...[
    'ctproto', 'ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst', 'ctorigsrcport', 'ctorigdstport',
    'ctreplsrcport', 'ctrepldstport', 'ctstatus', 'ctexpire', 'ctdir',
  ].map((name, i): ExtOption => ({ name, id: i + 1, hasArg: 1, flags: XTOPT_INVERT, unsupported: true })),
];

export const CONNTRACK: ExtensionDef<ConntrackData> = {
  name: 'conntrack',
  x6: true,
  options: CONNTRACK_OPTIONS,
  create: () => ({ ext: 'conntrack', states: 0, invert: false }),
  parse(data, _option, arg, invert) {
    data.states = parseStateList(arg, CT_PARSE_ORDER, 'ctstate');
    data.invert = invert;
  },
  finalCheck(xflags) {
    if (xflags === 0) throw parameterProblem('conntrack: At least one option is required');
  },
};

export const STATE: ExtensionDef<ConntrackData> = {
  name: 'state',
  x6: true,
  options: [{ name: 'state', id: 0, hasArg: 1, flags: XTOPT_MAND | XTOPT_INVERT }],
  create: () => ({ ext: 'state', states: 0, invert: false }),
  parse(data, _option, arg, invert) {
    data.states = parseStateList(arg, STATE_PARSE_ORDER, 'state');
    data.invert = invert;
  },
};
