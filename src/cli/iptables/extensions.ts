// The iptables extensions the simulator understands, as iptables 1.8.9 parses them: their
// options (the names getopt learns when the extension loads), the option parsers with their
// exact error texts, and the final checks. Mirrors extensions/libxt_tcp.c, libxt_udp.c,
// libipt_icmp.c, libxt_conntrack.c (conntrack and state), libxt_physdev.c, libxt_comment.c,
// libipt_REJECT.c, libxt_NAT.c (SNAT DNAT MASQUERADE), libxt_CT.c (CT NOTRACK), libxt_LOG.c,
// libxt_TRACE.c, libxt_standard.c, and the generic option checks of libxtables/xtoptions.c.
// The printing side (-L, -S) lives in format.ts and works on the plain rule data.

import type { CtState, RejectWith } from '../../net/netfilter/rule.ts';
import { parseIpv4 } from '../../net/addr.ts';
import { strtoul } from '../lib/cnum.ts';
import { xtablesStrtoui } from './xtables.ts';
import { IptablesError, parameterProblem, unsupported } from './errors.ts';
import { serviceToPort } from './netnames.ts';

/** Target extensions shipped with Debian's iptables 1.8.9 (a name iptables can load). */
export const TARGET_EXTENSIONS: ReadonlySet<string> = new Set([
  'AUDIT', 'CHECKSUM', 'CLASSIFY', 'CLUSTERIP', 'CONNMARK', 'CONNSECMARK', 'CT', 'DNAT', 'DSCP',
  'ECN', 'HMARK', 'IDLETIMER', 'LED', 'LOG', 'MARK', 'MASQUERADE', 'NETMAP', 'NFLOG', 'NFQUEUE',
  'NOTRACK', 'RATEEST', 'REDIRECT', 'REJECT', 'SECMARK', 'SET', 'SNAT', 'SYNPROXY', 'TCPMSS',
  'TCPOPTSTRIP', 'TEE', 'TOS', 'TPROXY', 'TRACE', 'TTL', 'ULOG', 'standard',
  // libxt_standard.so answers for the verdict names too.
  'ACCEPT', 'DROP', 'QUEUE', 'RETURN',
]);

/** Match extensions shipped with Debian's iptables 1.8.9. */
export const MATCH_EXTENSIONS: ReadonlySet<string> = new Set([
  'addrtype', 'ah', 'bpf', 'cgroup', 'cluster', 'comment', 'connbytes', 'connlabel', 'connlimit',
  'connmark', 'conntrack', 'cpu', 'dccp', 'devgroup', 'dscp', 'ecn', 'esp', 'hashlimit', 'helper',
  'icmp', 'ipcomp', 'iprange', 'ipvs', 'length', 'limit', 'mac', 'mark', 'multiport', 'nfacct',
  'osf', 'owner', 'physdev', 'pkttype', 'policy', 'quota', 'rateest', 'realm', 'recent',
  'rpfilter', 'sctp', 'set', 'socket', 'state', 'statistic', 'string', 'tcp', 'tcpmss', 'time',
  'tos', 'ttl', 'u32', 'udp',
]);

// xt_option_entry flags
export const XTOPT_INVERT = 1;
export const XTOPT_MAND = 2;
export const XTOPT_MULTI = 4;

export interface ExtOption {
  readonly name: string;
  readonly id: number;
  readonly hasArg: 0 | 1;
  readonly flags?: number;
  /** An option iptables knows but the simulator does not model. */
  readonly unsupported?: boolean;
}

export interface PortSpec {
  min: number;
  max: number;
  invert: boolean;
}

const fullPorts = (): PortSpec => ({ min: 0, max: 0xffff, invert: false });

/** The parsed state of one loaded extension (a match or a target instance). */
export type ExtData =
  | { ext: 'tcp' | 'udp'; sport: PortSpec; dport: PortSpec }
  | { ext: 'icmp'; type: number; codeMin: number; codeMax: number; invert: boolean }
  | { ext: 'conntrack'; states: number; invert: boolean }
  | { ext: 'state'; states: number; invert: boolean }
  | {
      ext: 'physdev';
      in?: { name: string; invert: boolean };
      out?: { name: string; invert: boolean };
      isIn?: boolean;
      isOut?: boolean;
      isBridged?: boolean;
    }
  | { ext: 'comment'; text: string }
  | { ext: 'unsupported-match'; name: string }
  | { ext: 'standard' }
  | { ext: 'REJECT'; with: RejectWith }
  | {
      ext: 'SNAT' | 'DNAT' | 'MASQUERADE';
      mapIps: boolean;
      minAddr: number;
      maxAddr: number;
      ports?: { min: number; max: number };
      random: boolean;
      randomFully: boolean;
      persistent: boolean;
    }
  | { ext: 'CT'; notrack: boolean; zone: number }
  | { ext: 'NOTRACK' }
  | { ext: 'LOG'; level: number; prefix: string; flags: number }
  | { ext: 'TRACE' };

export interface ExtensionDef {
  readonly name: string;
  /** x6 extensions get libxtables' generic option checks (used once, `!`, mandatory). */
  readonly x6: boolean;
  readonly options: readonly ExtOption[];
  readonly create: () => ExtData;
}

/** What an extension's option parser may look at: the rule's ip header fields so far. */
export interface ParseContext {
  /** cs->fw.ip.proto when the option is parsed (0 when -p was not given yet). */
  readonly proto: number;
  /** Where warnings printed on stderr go. */
  readonly warn: (text: string) => void;
}

// ---------------------------------------------------------------------------------------
// Matches

const TCP_OPTIONS: readonly ExtOption[] = [
  { name: 'source-port', id: 1, hasArg: 1 },
  { name: 'sport', id: 1, hasArg: 1 },
  { name: 'destination-port', id: 2, hasArg: 1 },
  { name: 'dport', id: 2, hasArg: 1 },
  { name: 'syn', id: 3, hasArg: 0, unsupported: true },
  { name: 'tcp-flags', id: 4, hasArg: 1, unsupported: true },
  { name: 'tcp-option', id: 5, hasArg: 1, unsupported: true },
];

// libxt_udp is an x6 extension in 1.8.9 (XTTYPE_PORTRC), unlike libxt_tcp.
const UDP_OPTIONS: readonly ExtOption[] = [
  { name: 'source-port', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'sport', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'destination-port', id: 1, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'dport', id: 1, hasArg: 1, flags: XTOPT_INVERT },
];

const CONNTRACK_OPTIONS: readonly ExtOption[] = [
  { name: 'ctstate', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  ...[
    'ctproto', 'ctorigsrc', 'ctorigdst', 'ctreplsrc', 'ctrepldst', 'ctorigsrcport', 'ctorigdstport',
    'ctreplsrcport', 'ctrepldstport', 'ctstatus', 'ctexpire', 'ctdir',
  ].map((name, i): ExtOption => ({ name, id: i + 1, hasArg: 1, flags: XTOPT_INVERT, unsupported: true })),
];

const PHYSDEV_OPTIONS: readonly ExtOption[] = [
  { name: 'physdev-in', id: 0, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'physdev-out', id: 1, hasArg: 1, flags: XTOPT_INVERT },
  { name: 'physdev-is-in', id: 2, hasArg: 0, flags: XTOPT_INVERT },
  { name: 'physdev-is-out', id: 3, hasArg: 0, flags: XTOPT_INVERT },
  { name: 'physdev-is-bridged', id: 4, hasArg: 0, flags: XTOPT_INVERT },
];

const MATCHES: readonly ExtensionDef[] = [
  { name: 'tcp', x6: false, options: TCP_OPTIONS, create: () => ({ ext: 'tcp', sport: fullPorts(), dport: fullPorts() }) },
  { name: 'udp', x6: true, options: UDP_OPTIONS, create: () => ({ ext: 'udp', sport: fullPorts(), dport: fullPorts() }) },
  {
    name: 'icmp',
    x6: true,
    options: [{ name: 'icmp-type', id: 0, hasArg: 1, flags: XTOPT_MAND | XTOPT_INVERT }],
    create: () => ({ ext: 'icmp', type: 0, codeMin: 0, codeMax: 0xff, invert: false }),
  },
  { name: 'conntrack', x6: true, options: CONNTRACK_OPTIONS, create: () => ({ ext: 'conntrack', states: 0, invert: false }) },
  {
    name: 'state',
    x6: true,
    options: [{ name: 'state', id: 0, hasArg: 1, flags: XTOPT_MAND | XTOPT_INVERT }],
    create: () => ({ ext: 'state', states: 0, invert: false }),
  },
  { name: 'physdev', x6: true, options: PHYSDEV_OPTIONS, create: () => ({ ext: 'physdev' }) },
  {
    name: 'comment',
    x6: true,
    options: [{ name: 'comment', id: 0, hasArg: 1, flags: XTOPT_MAND }],
    create: () => ({ ext: 'comment', text: '' }),
  },
  // Loaded implicitly by `-p sctp|dccp|esp|ah` and an option: known, not modelled.
  ...(
    [
      ['sctp', ['source-port', 'sport', 'destination-port', 'dport', 'chunk-types']],
      ['dccp', ['source-port', 'sport', 'destination-port', 'dport', 'dccp-types', 'dccp-option']],
      ['esp', ['espspi']],
      ['ah', ['ahspi']],
    ] as const
  ).map(
    ([name, opts]): ExtensionDef => ({
      name,
      x6: true,
      options: opts.map((o, i): ExtOption => ({ name: o, id: i, hasArg: 1, flags: XTOPT_INVERT, unsupported: true })),
      create: () => ({ ext: 'unsupported-match', name }),
    }),
  ),
];

export function findMatchDef(name: string): ExtensionDef | undefined {
  return MATCHES.find((m) => m.name === name);
}

// ---------------------------------------------------------------------------------------
// Targets

const NAT_FLAG_OPTIONS = {
  random: { name: 'random', id: 3, hasArg: 0 },
  randomFully: { name: 'random-fully', id: 4, hasArg: 0 },
  persistent: { name: 'persistent', id: 5, hasArg: 0 },
} as const satisfies Record<string, ExtOption>;

const natData = (ext: 'SNAT' | 'DNAT' | 'MASQUERADE') => (): ExtData => ({
  ext,
  mapIps: false,
  minAddr: 0,
  maxAddr: 0,
  random: false,
  randomFully: false,
  persistent: false,
});

const TARGETS: readonly ExtensionDef[] = [
  { name: 'standard', x6: true, options: [], create: () => ({ ext: 'standard' }) },
  {
    name: 'REJECT',
    x6: true,
    options: [{ name: 'reject-with', id: 0, hasArg: 1 }],
    create: () => ({ ext: 'REJECT', with: 'icmp-port-unreachable' }),
  },
  {
    name: 'SNAT',
    x6: true,
    options: [
      { name: 'to-source', id: 1, hasArg: 1, flags: XTOPT_MAND },
      NAT_FLAG_OPTIONS.random,
      NAT_FLAG_OPTIONS.randomFully,
      NAT_FLAG_OPTIONS.persistent,
    ],
    create: natData('SNAT'),
  },
  {
    name: 'DNAT',
    x6: true,
    options: [{ name: 'to-destination', id: 0, hasArg: 1, flags: XTOPT_MAND }, NAT_FLAG_OPTIONS.random, NAT_FLAG_OPTIONS.persistent],
    create: natData('DNAT'),
  },
  {
    name: 'MASQUERADE',
    x6: true,
    options: [{ name: 'to-ports', id: 2, hasArg: 1 }, NAT_FLAG_OPTIONS.random, NAT_FLAG_OPTIONS.randomFully],
    create: natData('MASQUERADE'),
  },
  {
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
  },
  { name: 'NOTRACK', x6: true, options: [], create: () => ({ ext: 'NOTRACK' }) },
  {
    name: 'LOG',
    x6: true,
    options: [
      { name: 'log-level', id: 0, hasArg: 1 },
      { name: 'log-prefix', id: 1, hasArg: 1 },
      { name: 'log-tcp-sequence', id: 2, hasArg: 0 },
      { name: 'log-tcp-options', id: 3, hasArg: 0 },
      { name: 'log-ip-options', id: 4, hasArg: 0 },
      { name: 'log-uid', id: 5, hasArg: 0 },
      { name: 'log-macdecode', id: 6, hasArg: 0 },
    ],
    create: () => ({ ext: 'LOG', level: 4, prefix: '', flags: 0 }),
  },
  { name: 'TRACE', x6: true, options: [], create: () => ({ ext: 'TRACE' }) },
];

/** The extension that answers `-j NAME` (the verdicts load "standard"). */
export function findTargetDef(name: string): ExtensionDef | undefined {
  const real = name === 'ACCEPT' || name === 'DROP' || name === 'RETURN' ? 'standard' : name;
  return TARGETS.find((t) => t.name === real);
}

// ---------------------------------------------------------------------------------------
// Option parsing

/** libxtables xtables_parse_port(): a service name for `proto`, else a number 0..65535. */
export function parsePort(text: string, proto: string): number {
  const service = serviceToPort(text, proto);
  if (service !== undefined) return service;
  const n = xtablesStrtoui(text, 0, 0xffff);
  if (n.ok) return n.value;
  throw parameterProblem(`invalid port/service \`${text}' specified`);
}

/**
 * libxtables xtables_getportbyname(): getaddrinfo(NULL, name): a decimal number (strtoul,
 * taken as an int, its low 16 bits used) or a tcp/udp service name.
 */
function getPortByName(text: string): number | undefined {
  const digits = /^[ \t\n\v\f\r]*[+-]?\d+$/.test(text);
  if (digits) {
    const r = strtoul(text, 10);
    const asInt = Number(BigInt.asIntN(32, r.value));
    if (asInt >= 0) return asInt & 0xffff;
  }
  return serviceToPort(text, 'tcp') ?? serviceToPort(text, 'udp');
}

/** libxtables xtopt_parse_mport() for XTTYPE_PORTRC: `P`, `P:Q`, `:Q`, `P:` (no order check). */
function parsePortRangeRc(text: string, ext: string, optionName: string): { min: number; max: number } {
  const parts = text.split(':');
  if (parts.length > 2) {
    throw parameterProblem(`${ext}: Too many components for option "--${optionName}" (max: 2)\n`);
  }
  const values = parts.map((part, i) => {
    if (part === '') return i === 0 ? 0 : 0xffff;
    const port = getPortByName(part);
    if (port === undefined) throw parameterProblem(`Port "${part}" does not resolve to anything.\n`);
    return port;
  });
  const min = values[0] ?? 0;
  return { min, max: values[1] ?? min };
}

/** libxt_tcp parse_tcp_ports(): `P`, `P:Q`, `:Q`, `P:`. */
function parsePortRange(text: string, proto: string): { min: number; max: number } {
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

interface IcmpName {
  readonly name: string;
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
}

/** libxtables' icmp_codes table, in its order (the first entry wins when printing names). */
export const ICMP_NAMES: readonly IcmpName[] = (
  [
    ['any', 0xff, 0, 0xff],
    ['echo-reply', 0, 0, 0xff],
    ['pong', 0, 0, 0xff],
    ['destination-unreachable', 3, 0, 0xff],
    ['network-unreachable', 3, 0, 0],
    ['host-unreachable', 3, 1, 1],
    ['protocol-unreachable', 3, 2, 2],
    ['port-unreachable', 3, 3, 3],
    ['fragmentation-needed', 3, 4, 4],
    ['source-route-failed', 3, 5, 5],
    ['network-unknown', 3, 6, 6],
    ['host-unknown', 3, 7, 7],
    ['network-prohibited', 3, 9, 9],
    ['host-prohibited', 3, 10, 10],
    ['TOS-network-unreachable', 3, 11, 11],
    ['TOS-host-unreachable', 3, 12, 12],
    ['communication-prohibited', 3, 13, 13],
    ['host-precedence-violation', 3, 14, 14],
    ['precedence-cutoff', 3, 15, 15],
    ['source-quench', 4, 0, 0xff],
    ['redirect', 5, 0, 0xff],
    ['network-redirect', 5, 0, 0],
    ['host-redirect', 5, 1, 1],
    ['TOS-network-redirect', 5, 2, 2],
    ['TOS-host-redirect', 5, 3, 3],
    ['echo-request', 8, 0, 0xff],
    ['ping', 8, 0, 0xff],
    ['router-advertisement', 9, 0, 0xff],
    ['router-solicitation', 10, 0, 0xff],
    ['time-exceeded', 11, 0, 0xff],
    ['ttl-exceeded', 11, 0, 0xff],
    ['ttl-zero-during-transit', 11, 0, 0],
    ['ttl-zero-during-reassembly', 11, 1, 1],
    ['parameter-problem', 12, 0, 0xff],
    ['ip-header-bad', 12, 0, 0],
    ['required-option-missing', 12, 1, 1],
    ['timestamp-request', 13, 0, 0xff],
    ['timestamp-reply', 14, 0, 0xff],
    ['address-mask-request', 17, 0, 0xff],
    ['address-mask-reply', 18, 0, 0xff],
  ] as const
).map(([name, type, codeMin, codeMax]) => ({ name, type, codeMin, codeMax }));

const lower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** strncasecmp(full, given, strlen(given)) == 0: `given` is a case-blind prefix of `full`. */
function isCasePrefix(full: string, given: string): boolean {
  return given.length <= full.length && lower(full.slice(0, given.length)) === lower(given);
}

/** iptables 1.8.9's ICMP type parser (names by prefix, else TYPE or TYPE/CODE). */
function parseIcmpType(text: string): { type: number; codeMin: number; codeMax: number } {
  let found: IcmpName | undefined;
  for (const entry of ICMP_NAMES) {
    if (!isCasePrefix(entry.name, text)) continue;
    if (found) throw parameterProblem(`Ambiguous ICMP type \`${text}': \`${found.name}' or \`${entry.name}'?`);
    found = entry;
  }
  if (found) return { type: found.type, codeMin: found.codeMin, codeMax: found.codeMax };
  const t = strtoul(text, 0);
  if (t.end === 0 || t.overflow || t.value > 255n) throw parameterProblem(`Unknown ICMP type \`${text}'`);
  let end = t.end;
  let codeMin = 0;
  let codeMax = 0xff;
  if (text[end] === '/') {
    const rest = text.slice(end + 1);
    const c = strtoul(rest, 0);
    if (c.end === 0 || c.overflow || c.value > 255n) throw parameterProblem(`Unknown ICMP code \`${text}'`);
    codeMin = codeMax = Number(c.value);
    end = end + 1 + c.end;
  }
  if (end < text.length) throw parameterProblem(`unknown character ${text[end] ?? ''}`);
  return { type: Number(t.value), codeMin, codeMax };
}

// conntrack state bits, in the order iptables prints them
export const CT_STATE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
const CT_PARSE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
const STATE_PARSE_ORDER: readonly CtState[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];
const stateBit = (s: CtState): number => 1 << CT_STATE_ORDER.indexOf(s);

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

/**
 * libxtables xtables_parse_interface(): the IFNAMSIZ check (the name is kept as typed).
 * Returns the warning it prints for a name the kernel cannot have, if any.
 */
export function checkInterfaceName(name: string): string | undefined {
  if (utf8Length(name) + 1 > 16) {
    throw parameterProblem(`interface name \`${name}' must be shorter than IFNAMSIZ (15)`);
  }
  if (!name.endsWith('+') && (name.includes('/') || name.includes(' '))) {
    return `Warning: weird character in interface \`${name}' ('/' and ' ' are not allowed by the kernel).\n`;
  }
  return undefined;
}

/** True when every character is ASCII, where UTF-16 code units and UTF-8 bytes agree. */
export function isAscii(s: string): boolean {
  return /^[\x00-\x7f]*$/.test(s);
}

export function utf8Length(s: string): number {
  // Almost every name is ASCII; encoding each one showed up in profiles of quiz regrading.
  return isAscii(s) ? s.length : new TextEncoder().encode(s).length;
}

/** Copies a string into a C buffer of `size` bytes (XTOPT_PUT): at most size-1 bytes kept. */
function truncateBytes(s: string, maxBytes: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= maxBytes) return s;
  return new TextDecoder().decode(bytes.slice(0, maxBytes));
}

const REJECT_TABLE: readonly (readonly [RejectWith, string])[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

const SYSLOG_LEVELS: readonly (readonly [string, number])[] = [
  ['alert', 1],
  ['crit', 2],
  ['debug', 7],
  ['emerg', 0],
  ['error', 3],
  ['info', 6],
  ['notice', 5],
  ['panic', 0],
  ['warning', 4],
];

/** libxt_NAT.c parse_ports(): `P`, `P-Q` (and `P-Q/B`, which the simulator does not model). */
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

/** libxt_NAT.c parse_to(): `[A[-B]][:P[-Q]]`. */
function parseNatTo(
  text: string,
  portok: boolean,
  data: { mapIps: boolean; minAddr: number; maxAddr: number; ports?: { min: number; max: number } },
): void {
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

/** inet_pton(AF_INET): exactly four decimal octets, no leading zeros. */
export function inetPton(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/.test(text)) return undefined;
  return parseIpv4(text);
}

/**
 * Parses one extension option into `data`. `xflags` is the extension's mflags/xflags (bit per
 * option id already seen). Throws IptablesError with iptables' text.
 */
export function parseExtOption(
  def: ExtensionDef,
  data: ExtData,
  option: ExtOption,
  arg: string | undefined,
  invert: boolean,
  xflags: { value: number },
  ctx: ParseContext,
): void {
  if (def.x6) {
    // xtables_option_parse(): the checks every x6 extension gets.
    const bit = 1 << option.id;
    if (!((option.flags ?? 0) & XTOPT_MULTI) && xflags.value & bit) {
      throw parameterProblem(`${def.name}: option "--${option.name}" can only be used once.\n`);
    }
    if (invert && !((option.flags ?? 0) & XTOPT_INVERT)) {
      throw parameterProblem(`${def.name}: option "--${option.name}" cannot be inverted.\n`);
    }
  }
  if (option.unsupported) throw unsupported(`option --${option.name} of ${def.name}`);
  const a = arg ?? '';
  switch (data.ext) {
    case 'udp': {
      const range = parsePortRangeRc(a, 'udp', option.name);
      const spec = option.id === 0 ? data.sport : data.dport;
      spec.min = range.min;
      spec.max = range.max;
      spec.invert = invert;
      break;
    }
    case 'tcp': {
      const src = option.id === 1;
      const flag = src ? 1 : 2;
      if (xflags.value & flag) {
        throw parameterProblem(`Only one \`--${src ? 'source' : 'destination'}-port' allowed`);
      }
      const range = parsePortRange(a, data.ext);
      const spec = src ? data.sport : data.dport;
      spec.min = range.min;
      spec.max = range.max;
      if (invert) spec.invert = true;
      xflags.value |= flag;
      return;
    }
    case 'icmp': {
      const t = parseIcmpType(a);
      data.type = t.type;
      data.codeMin = t.codeMin;
      data.codeMax = t.codeMax;
      data.invert = invert;
      break;
    }
    case 'conntrack':
      data.states = parseStateList(a, CT_PARSE_ORDER, 'ctstate');
      data.invert = invert;
      break;
    case 'state':
      data.states = parseStateList(a, STATE_PARSE_ORDER, 'state');
      data.invert = invert;
      break;
    case 'physdev':
      switch (option.id) {
        case 0: {
          const warning = checkInterfaceName(a);
          if (warning) ctx.warn(warning);
          data.in = { name: a, invert };
          break;
        }
        case 1: {
          const warning = checkInterfaceName(a);
          if (warning) ctx.warn(warning);
          data.out = { name: a, invert };
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
      break;
    case 'comment':
      data.text = truncateBytes(a, 255);
      break;
    case 'REJECT': {
      const hit = REJECT_TABLE.find(([name, alias]) => isCasePrefix(name, a) || isCasePrefix(alias, a));
      if (!hit) {
        const before = isCasePrefix('echo-reply', a) || isCasePrefix('echoreply', a) ? '--reject-with echo-reply no longer supported\n' : '';
        throw parameterProblem(`unknown reject type "${a}"`, before);
      }
      data.with = hit[0];
      break;
    }
    case 'SNAT':
    case 'DNAT':
    case 'MASQUERADE': {
      const portok = ctx.proto === 6 || ctx.proto === 17 || ctx.proto === 132 || ctx.proto === 33 || ctx.proto === 1;
      if (option.name === 'to-source' || option.name === 'to-destination') parseNatTo(a, portok, data);
      else if (option.name === 'to-ports') data.ports = parseNatPorts(a, portok);
      else if (option.name === 'random') data.random = true;
      else if (option.name === 'random-fully') data.randomFully = true;
      else data.persistent = true;
      break;
    }
    case 'CT':
      if (option.name === 'notrack') data.notrack = true;
      else {
        if (a.toLowerCase() === 'mark') throw unsupported('CT --zone mark');
        const z = xtablesStrtoui(a, 0, 0xffff);
        if (!z.ok) throw parameterProblem(`Cannot parse ${a} as a zone ID`);
        data.zone = z.value;
      }
      break;
    case 'LOG':
      switch (option.id) {
        case 0: {
          const n = xtablesStrtoui(a, 0, 7);
          if (n.ok) data.level = n.value;
          else {
            const named = SYSLOG_LEVELS.find(([name]) => name === a);
            if (!named) throw parameterProblem(`log level "${a}" unknown\n`);
            data.level = named[1];
          }
          break;
        }
        case 1:
          if (a.length === 0) throw parameterProblem('Argument must have a minimum length of 1 characters\n');
          data.prefix = truncateBytes(a, 29);
          break;
        default:
          data.flags |= [0x01, 0x02, 0x04, 0x08, 0x20][option.id - 2] ?? 0;
      }
      break;
    default:
      throw new IptablesError(`extension ${def.name} has no option --${option.name}`, 2);
  }
  xflags.value |= 1 << option.id;
}

/** xtables_option_mfcall()/tfcall(): the extension's final check, then mandatory options. */
export function finalCheck(def: ExtensionDef, data: ExtData, xflags: number): void {
  if (data.ext === 'conntrack' && xflags === 0) throw parameterProblem('conntrack: At least one option is required');
  if (data.ext === 'physdev' && xflags === 0) throw parameterProblem('PHYSDEV: no physdev option specified');
  if (!def.x6) return;
  for (const option of def.options) {
    if ((option.flags ?? 0) & XTOPT_MAND && !(xflags & (1 << option.id))) {
      throw parameterProblem(`${def.name}: option "--${option.name}" must be specified\n`);
    }
  }
}
