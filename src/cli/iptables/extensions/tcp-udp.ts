// extensions/libxt_tcp.c and libxt_udp.c: --sport/--dport. libxt_tcp is still an old-style
// extension in 1.8.9 (its own parse_tcp_ports() and flags); libxt_udp is x6 (XTTYPE_PORTRC).

import { parameterProblem } from '../errors.ts';
import { parsePort } from '../xtables.ts';
import { type ExtOption, type ExtensionDef, XTOPT_INVERT, parsePortRangeRc } from './xtoptions.ts';

interface PortSpec {
  min: number;
  max: number;
  invert: boolean;
}

export interface TcpUdpData {
  readonly ext: 'tcp' | 'udp';
  readonly sport: PortSpec;
  readonly dport: PortSpec;
}

const fullPorts = (): PortSpec => ({ min: 0, max: 0xffff, invert: false });

/** parse_tcp_ports(): `P`, `P:Q`, `:Q`, `P:`. */
function parseTcpPorts(text: string, proto: string): { min: number; max: number } {
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = parsePort(text, proto);
    return { min: p, max: p };
  }
  const a = text.slice(0, colon);
  const b = text.slice(colon + 1);
  const min = a !== '' ? parsePort(a, proto) : 0;
  const max = b !== '' ? parsePort(b, proto) : 0xffff;
  if (min > max) throw parameterProblem('invalid portrange (min > max)');
  return { min, max };
}

const TCP_OPTIONS: readonly ExtOption[] = [
  { name: 'source-port', id: 1, hasArg: 1 },
  { name: 'sport', id: 1, hasArg: 1 },
  { name: 'destination-port', id: 2, hasArg: 1 },
  { name: 'dport', id: 2, hasArg: 1 },
  { name: 'syn', id: 3, hasArg: 0, unsupported: true },
  { name: 'tcp-flags', id: 4, hasArg: 1, unsupported: true },
  { name: 'tcp-option', id: 5, hasArg: 1, unsupported: true },
];

export const TCP: ExtensionDef<TcpUdpData> = {
  name: 'tcp',
  x6: false,
  options: TCP_OPTIONS,
  create: () => ({ ext: 'tcp', sport: fullPorts(), dport: fullPorts() }),
  // tcp_parse(): the TCP_SRC_PORTS/TCP_DST_PORTS flags, then the range.
  parse(data, option, arg, invert, xflags) {
    const src = option.id === 1;
    const flag = src ? 1 : 2;
    if (xflags.value & flag) {
      throw parameterProblem(`Only one \`--${src ? 'source' : 'destination'}-port' allowed`);
    }
    const range = parseTcpPorts(arg, data.ext);
    const spec = src ? data.sport : data.dport;
    spec.min = range.min;
    spec.max = range.max;
    if (invert) spec.invert = true;
    xflags.value |= flag;
  },
};

const UDP_OPTIONS: readonly ExtOption[] = [
  { name: 'source-port', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'sport', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'destination-port', id: 1, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'dport', id: 1, hasArg: 1, flags: XTOPT_INVERT },
];

export const UDP: ExtensionDef<TcpUdpData> = {
  name: 'udp',
  x6: true,
  options: UDP_OPTIONS,
  create: () => ({ ext: 'udp', sport: fullPorts(), dport: fullPorts() }),
  parse(data, option, arg, invert) {
    const range = parsePortRangeRc(arg, 'udp', option.name);
    const spec = option.id === 0 ? data.sport : data.dport;
    spec.min = range.min;
    spec.max = range.max;
    spec.invert = invert;
  },
};
