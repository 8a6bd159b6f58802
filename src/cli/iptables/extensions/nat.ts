// extensions/libxt_NAT.c (SNAT, DNAT, MASQUERADE and REDIRECT): --to-source/--to-destination
// `[A[-B]][:P[-Q]]`, --to-ports `P[-Q]`, and the --random/--random-fully/--persistent flags.

import { parseIpv4 } from '../../../net/addr.ts';
import { parameterProblem, unsupported } from '../errors.ts';
import { serviceToPort } from '../netnames.ts';
import { xtablesStrtoui } from '../xtables.ts';
import { type ExtOption, type ExtensionDef, XTOPT_MAND } from './xtoptions.ts';

export interface NatData {
  readonly ext: 'SNAT' | 'DNAT' | 'MASQUERADE' | 'REDIRECT';
  mapIps: boolean;
  minAddr: number;
  maxAddr: number;
  ports?: { min: number; max: number };
  random: boolean;
  randomFully: boolean;
  persistent: boolean;
}

/** inet_pton(AF_INET): exactly four decimal octets, no leading zeros. */
function inetPton(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(text)) return undefined;
  return parseIpv4(text);
}

/** parse_ports(): `P`, `P-Q` (and `P-Q/B`, which the simulator does not model). */
function parseNatPorts(text: string, portok: boolean): { min: number; max: number } {
  if (!portok) throw parameterProblem('Need TCP, UDP, SCTP or DCCP with port specification');
  let port: number;
  let end: number;
  const first = xtablesStrtoui(text, 0, 0xffff, true);
  if (!first.ok) {
    const service = serviceToPort(text);
    if (service === undefined) throw parameterProblem(`Port \`${text}' not valid`);
    port = service;
    end = text.length;
  } else {
    port = first.value;
    end = first.end;
  }
  if (end === text.length) return { min: port, max: port };
  if (text[end] === ':') throw parameterProblem('Invalid port:port syntax - use dash');
  if (text[end] !== '-') throw parameterProblem(`Garbage after port value: \`${text.slice(end)}'`);
  const restText = text.slice(end + 1);
  const second = xtablesStrtoui(restText, 0, 0xffff, true);
  if (!second.ok) throw parameterProblem(`Port \`${restText}' not valid`);
  if (second.value < port) throw parameterProblem(`Port range \`${restText}' funky`);
  if (second.end === restText.length) return { min: port, max: second.value };
  if (restText[second.end] !== '/') throw parameterProblem(`Garbage after port range: \`${restText.slice(second.end)}'`);
  throw unsupported('a shifted port map (--to-destination A:P-Q/B)');
}

/** parse_to(): `[A[-B]][:P[-Q]]`. */
function parseNatTo(text: string, portok: boolean, data: NatData): void {
  if (text.includes('[')) {
    throw parameterProblem('Invalid address format');
  }
  let colon = text.indexOf(':');
  if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) colon = -1;
  let addrPart = text;
  if (colon >= 0) {
    data.ports = parseNatPorts(text.slice(colon + 1), portok);
    if (colon === 0) return;
    addrPart = text.slice(0, colon);
  }
  data.mapIps = true;
  const dash = addrPart.indexOf('-');
  const minText = dash >= 0 ? addrPart.slice(0, dash) : addrPart;
  const min = inetPton(minText);
  if (min === undefined) throw parameterProblem(`Bad IP address "${minText}"`);
  data.minAddr = min;
  if (dash >= 0) {
    const maxText = addrPart.slice(dash + 1);
    const max = inetPton(maxText);
    if (max === undefined) throw parameterProblem(`Bad IP address "${maxText}"`);
    data.maxAddr = max;
  } else {
    data.maxAddr = min;
  }
}

const NAT_FLAG_OPTIONS = {
  random: { name: 'random', id: 3, hasArg: 0 },
  randomFully: { name: 'random-fully', id: 4, hasArg: 0 },
  persistent: { name: 'persistent', id: 5, hasArg: 0 },
} as const satisfies Record<string, ExtOption>;

/** One of the NAT targets: its options, over the shared nf_nat_range parser. */
function natTarget(name: NatData['ext'], options: readonly ExtOption[]): ExtensionDef<NatData> {
  return {
    name,
    x6: true,
    options,
    create: () => ({ ext: name, mapIps: false, minAddr: 0, maxAddr: 0, random: false, randomFully: false, persistent: false }),
    parse(data, option, arg, _invert, _xflags, ctx) {
      const portok = ctx.proto === 6 || ctx.proto === 17 || ctx.proto === 132 || ctx.proto === 33 || ctx.proto === 1;
      if (option.name === 'to-source' || option.name === 'to-destination') parseNatTo(arg, portok, data);
      else if (option.name === 'to-ports') data.ports = parseNatPorts(arg, portok);
      else if (option.name === 'random') data.random = true;
      else if (option.name === 'random-fully') data.randomFully = true;
      else data.persistent = true;
    },
  };
}

export const SNAT = natTarget('SNAT', [
  { name: 'to-source', id: 1, hasArg: 1, flags: XTOPT_MAND },
  NAT_FLAG_OPTIONS.random,
  NAT_FLAG_OPTIONS.randomFully,
  NAT_FLAG_OPTIONS.persistent,
]);

export const DNAT = natTarget('DNAT', [
  { name: 'to-destination', id: 0, hasArg: 1, flags: XTOPT_MAND },
  NAT_FLAG_OPTIONS.random,
  NAT_FLAG_OPTIONS.persistent,
]);

export const MASQUERADE = natTarget('MASQUERADE', [
  { name: 'to-ports', id: 2, hasArg: 1 },
  NAT_FLAG_OPTIONS.random,
  NAT_FLAG_OPTIONS.randomFully,
]);

export const REDIRECT = natTarget('REDIRECT', [
  { name: 'to-ports', id: 0, hasArg: 1 },
  NAT_FLAG_OPTIONS.random,
]);
