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
  /** tcp only: --syn / --tcp-flags. */
  flags?: { mask: number; comp: number; invert: boolean };
}

/** tcp_flag_names[], in the order print_tcpf() searches it. */
export const TCP_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['FIN', 0x01], ['SYN', 0x02], ['RST', 0x04], ['PSH', 0x08], ['ACK', 0x10], ['URG', 0x20], ['ALL', 0x3f], ['NONE', 0],
];

/** parse_tcp_flag(): strtok on ',' (empty items vanish), each a case-blind full name. */
function parseTcpFlag(text: string): number {
  let flags = 0;
  for (const word of text.split(',')) {
    if (word === '') continue;
    const hit = TCP_FLAG_NAMES.find(([name]) => name.toLowerCase() === word.toLowerCase());
    if (!hit) throw parameterProblem(`Unknown TCP flag \`${word}'`);
    flags |= hit[1];
  }
  return flags;
}

/** print_tcpf(): the names of the set bits, lowest first, or NONE. */
export function tcpFlagNames(flags: number): string {
  const names: string[] = [];
  let rest = flags;
  while (rest) {
    const hit = TCP_FLAG_NAMES.find(([, bit]) => rest & bit)!;
    names.push(hit[0]);
    rest &= ~hit[1];
  }
  return names.length ? names.join(',') : 'NONE';
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
  { name: 'syn', id: 3, hasArg: 0 },
  { name: 'tcp-flags', id: 4, hasArg: 1 },
  { name: 'tcp-option', id: 5, hasArg: 1, unsupported: true },
];

export const TCP: ExtensionDef<TcpUdpData> = {
  name: 'tcp',
  x6: false,
  options: TCP_OPTIONS,
  create: () => ({ ext: 'tcp', sport: fullPorts(), dport: fullPorts() }),
  // tcp_parse(): the TCP_SRC_PORTS/TCP_DST_PORTS flags, then the range.
  parse(data, option, arg, invert, xflags, ctx) {
    if (option.id === 3 || option.id === 4) {
      if (xflags.value & 4) throw parameterProblem("Only one of `--syn' or `--tcp-flags'  allowed");
      let mask = 0x17;
      let comp = 0x02;
      if (option.id === 4) {
        // The comparison is the next word of the command line (optind++).
        const next = ctx.peekArg?.();
        if (next === undefined || next[0] === '-' || next[0] === '!') throw parameterProblem('--tcp-flags requires two args.');
        mask = parseTcpFlag(arg);
        comp = parseTcpFlag(next);
        ctx.consumeArg?.();
      }
      data.flags = { mask, comp, invert };
      xflags.value |= 4;
      return;
    }
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
