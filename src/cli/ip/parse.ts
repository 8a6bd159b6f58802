// `ip` (iproute2 6.1) command lines -> plain data.
//
// The parser follows iproute2's own argument loops (ip.c, ipaddress.c, iplink.c,
// link_veth.c, iplink_bridge.c, iproute.c, iprule.c, ipneigh.c, ipnetns.c) so that it
// accepts the same abbreviations and rejects the same lines with the same text and exit
// status. Things the real tool checks while parsing that depend on the machine (does this
// device / namespace exist?) are asked of an optional `IpParseContext`, at the same point
// in the line where `ip` asks the kernel; without a context every name is taken to exist
// and the engine must check (see `ipErrors` in errors.ts). Everything the kernel decides
// after the request is sent (RTNETLINK errors) is for the engine.
//
// Words that the real `ip` accepts but the simulator does not model throw an IpError with
// `unsupported: true`.

import type { Ipv4Addr, MacAddr } from '../../net/addr.ts';
import {
  atoi, bytesToMac, checkIfname, getAddrIpv4, getInteger, getNetmask, getU16, getU32, getU8, llAddrA2n, matches, strtoul, utf8Length,
} from './cparse.ts';
import { IpError, ipErrors, toIpError, unsupported } from './errors.ts';
import {
  USAGE_ADDRESS, USAGE_BRIDGE, USAGE_IP, USAGE_LINK, USAGE_NEIGH, USAGE_NETNS, USAGE_ROUTE, USAGE_RULE, USAGE_VETH,
} from './usage.ts';

export { IpError, ipErrors } from './errors.ts';
export type { IpFailure } from './errors.ts';

// ---------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------

export type IpFamily = 'inet' | 'inet6' | 'link' | 'mpls' | 'bridge';

export interface IpOptions {
  /** -4 / -6 / -0 / -f FAMILY */
  readonly family?: IpFamily;
  /** -o */
  readonly oneline: boolean;
  /** -br */
  readonly brief: boolean;
  /** -n NS: run in that namespace (like `ip netns exec NS ip ...`). */
  readonly netns?: string;
}

/** An IPv4 prefix as typed. `addr` keeps host bits (10.0.0.1/24 stays 10.0.0.1). */
export interface IpPrefix {
  readonly addr: Ipv4Addr;
  readonly len: number;
  /** False for a bare address ("10.0.0.1" = /32) and for default/all/any. */
  readonly lenGiven: boolean;
  /** Set when the word was `default`, `all` or `any` (0.0.0.0/0). */
  readonly word?: 'default' | 'all' | 'any';
}

export type LinkKind = 'veth' | 'bridge';

export interface BridgeOptions {
  /** centiseconds, as `ip` takes them (forward_delay 1500 = 15 s). */
  readonly forwardDelay?: number;
  readonly helloTime?: number;
  readonly maxAge?: number;
  readonly ageingTime?: number;
  readonly stpState?: number;
  readonly priority?: number;
  readonly vlanFiltering?: number;
  readonly mcastSnooping?: number;
  readonly nfCallIptables?: number;
  readonly nfCallIp6tables?: number;
  readonly nfCallArptables?: number;
}

/** The link attributes `ip link add|set` can carry (those the simulator models). */
export interface LinkAttrs {
  /** `up` (true) / `down` (false); absent = unchanged. */
  readonly up?: boolean;
  /** New name (`name X` on set; the device name on add). */
  readonly name?: string;
  readonly address?: MacAddr;
  readonly mtu?: number;
  /** Target namespace (`netns NS`). */
  readonly netns?: string;
  readonly promisc?: boolean;
  /** `master BR` = 'BR', `nomaster` = null. */
  readonly master?: string | null;
}

export interface VethPeer extends LinkAttrs {
  /** Absent: the kernel names it vethN (lowest free N). */
  readonly name?: string;
}

/** Route types iproute2 names (RTN_*). */
export type RouteType = 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw' | 'nat' | 'xresolve';

export const RT_TABLE_UNSPEC = 0;
export const RT_TABLE_DEFAULT = 253;
export const RT_TABLE_MAIN = 254;
export const RT_TABLE_LOCAL = 255;

export const RT_SCOPE_UNIVERSE = 0;
export const RT_SCOPE_SITE = 200;
export const RT_SCOPE_LINK = 253;
export const RT_SCOPE_HOST = 254;
export const RT_SCOPE_NOWHERE = 255;

export const RTPROT_UNSPEC = 0;
export const RTPROT_REDIRECT = 1;
export const RTPROT_KERNEL = 2;
export const RTPROT_BOOT = 3;
export const RTPROT_STATIC = 4;

/** A route as `ip route add|replace|...` sends it: iproute2's defaults already applied. */
export interface RouteSpec {
  readonly type: RouteType;
  readonly dst: IpPrefix;
  readonly gateway?: Ipv4Addr;
  readonly dev?: string;
  readonly prefsrc?: Ipv4Addr;
  /** Table id (main = 254 unless `table` given, local = 255 for local/broadcast/nat/anycast). */
  readonly table: number;
  /** 0 when not given (the kernel's default priority). */
  readonly metric: number;
  /** rtm_scope after iproute2's defaulting: link for a unicast route without `via`, host for local/nat, link for broadcast/multicast/anycast, else universe. */
  readonly scope: number;
  /** boot (3) unless `proto` given. */
  readonly protocol: number;
  readonly onlink: boolean;
}

/** A route selector as `ip route del` sends it: absent fields match anything. */
export interface RouteDelSpec {
  readonly type?: RouteType;
  readonly dst: IpPrefix;
  readonly gateway?: Ipv4Addr;
  readonly dev?: string;
  readonly prefsrc?: Ipv4Addr;
  readonly table: number;
  readonly metric?: number;
  /** Only when `scope` was given. */
  readonly scope?: number;
  readonly protocol?: number;
}

export interface RouteFilter {
  /** Table to list; 'all' for `table all`. Default main. */
  readonly table: number | 'all';
  readonly tableGiven: boolean;
  readonly dev?: string;
  /** `exact P` (or a bare prefix), `root P` (prefixes inside P, at least as long), `match P` (prefixes covering P). */
  readonly selector?: { readonly mode: 'exact' | 'root' | 'match'; readonly prefix: IpPrefix };
  readonly protocol?: number;
  readonly scope?: number;
  readonly type?: RouteType;
}

export type RuleAction = 'lookup' | 'blackhole' | 'unreachable' | 'prohibit' | 'nop';

export interface RuleSpec {
  readonly not: boolean;
  readonly from?: IpPrefix;
  readonly to?: IpPrefix;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: { readonly mark: number; readonly mask?: number };
  readonly priority?: number;
  /** Table for `lookup`; for add without `lookup`/type it is main (254); 0 = unspec (kernel picks an empty table). */
  readonly table?: number;
  /** For add: 'lookup' unless a type word was given. For del: absent = any. */
  readonly action?: RuleAction;
}

export type NudState = 'PERMANENT' | 'REACHABLE' | 'NOARP' | 'NONE' | 'STALE' | 'INCOMPLETE' | 'DELAY' | 'PROBE' | 'FAILED';

export const NUD_BITS: Readonly<Record<NudState, number>> = {
  INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, PROBE: 0x10, FAILED: 0x20, NOARP: 0x40, PERMANENT: 0x80, NONE: 0x00,
};

export interface NeighFilter {
  readonly dev?: string;
  /** Bit mask of NUD states to show (NUD_BITS; 0x100 stands for NONE). */
  readonly states: number;
  readonly prefix?: IpPrefix;
}

export interface AddrFilter {
  readonly dev?: string;
  readonly up: boolean;
  readonly label?: string;
  readonly scope?: number;
  readonly to?: IpPrefix;
  readonly master?: string;
  readonly linkType?: string;
  readonly primary?: boolean;
  readonly secondary?: boolean;
}

type Cmd<K extends string, T> = { readonly kind: K; readonly opts: IpOptions } & T;

export type IpCommand =
  /** Prints fixed text and exits 0 (`ip -V`, `ip link help veth|bridge`). */
  | Cmd<'print', { readonly stdout: string }>
  | Cmd<'netns.add', { readonly name: string }>
  | Cmd<'netns.del', { readonly name: string }>
  | Cmd<'netns.list', object>
  | Cmd<'netns.exec', { readonly name: string; readonly argv: readonly string[] }>
  | Cmd<'link.add', { readonly name?: string; readonly type: LinkKind; readonly attrs: LinkAttrs; readonly peer?: VethPeer; readonly bridge?: BridgeOptions }>
  | Cmd<'link.set', { readonly dev: string; readonly attrs: LinkAttrs; readonly bridge?: BridgeOptions }>
  | Cmd<'link.del', { readonly dev: string }>
  | Cmd<'link.show', { readonly filter: AddrFilter }>
  | Cmd<'addr.add', { readonly mode: 'add' | 'replace' | 'change'; readonly dev: string; readonly local: IpPrefix; readonly broadcast?: Ipv4Addr; readonly label?: string; readonly scope: number }>
  | Cmd<'addr.del', { readonly dev: string; readonly local?: IpPrefix; readonly broadcast?: Ipv4Addr; readonly label?: string; readonly scope?: number; readonly wildcard: boolean; readonly warning?: string }>
  | Cmd<'addr.show', { readonly filter: AddrFilter }>
  | Cmd<'addr.flush', { readonly filter: AddrFilter }>
  | Cmd<'route.add', { readonly mode: 'add' | 'replace' | 'change' | 'append' | 'prepend'; readonly route: RouteSpec }>
  | Cmd<'route.del', { readonly route: RouteDelSpec }>
  | Cmd<'route.show', { readonly filter: RouteFilter }>
  | Cmd<'route.flush', { readonly filter: RouteFilter }>
  | Cmd<'route.get', { readonly dst: Ipv4Addr; readonly from?: Ipv4Addr; readonly iif?: string; readonly oif?: string; readonly mark?: number }>
  | Cmd<'rule.add', { readonly rule: RuleSpec }>
  | Cmd<'rule.del', { readonly rule: RuleSpec }>
  | Cmd<'rule.show', object>
  | Cmd<'rule.flush', object>
  | Cmd<'neigh.add', { readonly mode: 'add' | 'replace' | 'change'; readonly dst: Ipv4Addr; readonly dev: string; readonly lladdr?: MacAddr; readonly state: NudState }>
  | Cmd<'neigh.del', { readonly dst: Ipv4Addr; readonly dev: string }>
  | Cmd<'neigh.show', { readonly filter: NeighFilter }>
  | Cmd<'neigh.flush', { readonly filter: NeighFilter }>;

/** What `parseIp` may ask about the machine, at the moment the real `ip` asks the kernel. */
export interface IpParseContext {
  deviceExists?(name: string): boolean;
  netnsExists?(name: string): boolean;
}

export const IP_VERSION_TEXT = 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n';

// ---------------------------------------------------------------------------------------
// Shared helpers (iproute2 utils.c)
// ---------------------------------------------------------------------------------------

const incomplete = (): IpError => new IpError('Command line is not complete. Try option "help"\n', 255);
const invarg = (msg: string, arg: string): IpError => new IpError(`Error: argument "${arg}" is wrong: ${msg}\n`, 255);
const duparg = (key: string, arg: string): IpError => new IpError(`Error: duplicate "${key}": "${arg}" is the second value.\n`, 255);
const duparg2 = (key: string, arg: string): IpError => new IpError(`Error: either "${key}" is duplicate, or "${arg}" is a garbage.\n`, 255);
const usage = (text: string, status = 255): IpError => new IpError(text, status);

/** A cursor over the words, with iproute2's NEXT_ARG. */
class Words {
  private readonly words: readonly string[];
  private i: number;
  constructor(words: readonly string[], start = 0) {
    this.words = words;
    this.i = start;
  }
  get more(): boolean {
    return this.i < this.words.length;
  }
  get cur(): string {
    return this.words[this.i] ?? '';
  }
  get index(): number {
    return this.i;
  }
  /** Words left, counting the current one (C's argc). */
  get left(): number {
    return this.words.length - this.i;
  }
  at(i: number): string {
    return this.words[i] ?? '';
  }
  /** NEXT_ARG(): move to the next word; none left = "Command line is not complete". */
  next(): string {
    this.i++;
    if (this.i >= this.words.length) throw incomplete();
    return this.cur;
  }
  advance(): void {
    this.i++;
  }
  from(i: number): readonly string[] {
    return this.words.slice(i);
  }
}

type Fam = IpFamily | undefined;

function familyVerbose(f: Fam): string {
  if (f === undefined) return 'any valid';
  return f;
}

interface AddrWord {
  readonly family: 'inet' | 'inet6' | 'unspec';
  readonly addr: Ipv4Addr;
  /** -2 for default/all/any (iproute2's marker), -1 for a plain address. */
  readonly bitlen: number;
  readonly bytelen: number;
  readonly word?: 'default' | 'all' | 'any';
}

/** iproute2 get_addr_1. undefined = invalid for this family. */
function getAddr1(text: string, family: Fam): AddrWord | undefined {
  if (text === 'default' || text === 'all' || text === 'any') {
    if (family === 'mpls') return undefined;
    const fam = family === 'inet' ? 'inet' : family === 'inet6' ? 'inet6' : 'unspec';
    const bytelen = text === 'default' ? (fam === 'inet' ? 4 : fam === 'inet6' ? 16 : 0) : 0;
    return { family: fam, addr: 0, bitlen: -2, bytelen, word: text };
  }
  if (family === 'link') return undefined; // AF_PACKET addresses are never used here
  if (family === 'inet6' || text.includes(':')) {
    if (family !== undefined && family !== 'inet6') return undefined;
    if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return undefined;
    return { family: 'inet6', addr: 0, bitlen: -1, bytelen: 16 };
  }
  if (family === 'mpls') return undefined;
  if (family !== undefined && family !== 'inet') return undefined;
  const addr = getAddrIpv4(text);
  if (addr === undefined) return undefined;
  return { family: 'inet', addr, bitlen: -1, bytelen: 4 };
}

interface PrefixWord extends AddrWord {
  readonly len: number;
  readonly lenGiven: boolean;
}

/** iproute2 get_prefix_1. */
function getPrefix1(text: string, family: Fam): PrefixWord | undefined {
  const slash = text.indexOf('/');
  const a = getAddr1(slash < 0 ? text : text.slice(0, slash), family);
  if (a === undefined) return undefined;
  let bitlen = a.family === 'inet' ? 32 : a.family === 'inet6' ? 128 : 0;
  let lenGiven = false;
  if (slash >= 0) {
    if (a.bitlen === -2) return undefined;
    const plen = getNetmask(text.slice(slash + 1));
    if (plen === undefined || plen > bitlen) return undefined;
    bitlen = plen;
    lenGiven = true;
  } else if (a.bitlen === -2) {
    bitlen = 0;
  }
  return { ...a, len: bitlen, lenGiven };
}

function v6Unsupported(): IpError {
  return unsupported('IPv6');
}

function toPrefix(p: PrefixWord): IpPrefix {
  if (p.family === 'inet6') throw v6Unsupported();
  return p.word ? { addr: 0, len: 0, lenGiven: false, word: p.word } : { addr: p.addr, len: p.len, lenGiven: p.lenGiven };
}

/** iproute2 get_prefix: exits 1 with "Error: FAMILY prefix is expected rather than ...". */
function getPrefix(text: string, family: Fam): PrefixWord {
  if (family === 'link') throw new IpError(`Error: "${text}" may be inet prefix, but it is not allowed in this context.\n`, 1);
  const p = getPrefix1(text, family);
  if (p === undefined) throw new IpError(`Error: ${familyVerbose(family)} prefix is expected rather than "${text}".\n`, 1);
  return p;
}

/** iproute2 get_addr: exits 1 with "Error: FAMILY address is expected rather than ...". */
function getAddr(text: string, family: Fam): AddrWord {
  if (family === 'link') throw new IpError(`Error: "${text}" may be inet address, but it is not allowed in this context.\n`, 1);
  const a = getAddr1(text, family);
  if (a === undefined) throw new IpError(`Error: ${familyVerbose(family)} address is expected rather than "${text}".\n`, 1);
  return a;
}

function inetAddr(a: AddrWord): Ipv4Addr {
  if (a.family === 'inet6') throw v6Unsupported();
  return a.addr;
}

function famOf(a: AddrWord): Fam {
  return a.family === 'unspec' ? undefined : a.family;
}

function readFamily(word: string): IpFamily | undefined {
  switch (word) {
    case 'inet': return 'inet';
    case 'inet6': return 'inet6';
    case 'link': return 'link';
    case 'mpls': return 'mpls';
    case 'bridge': return 'bridge';
    default: return undefined;
  }
}

// /etc/iproute2 name tables of Debian 12 (rt_tables, rt_protos, rt_scopes).
const TABLE_NAMES: Readonly<Record<string, number>> = { local: 255, main: 254, default: 253, unspec: 0 };
const PROTO_NAMES: Readonly<Record<string, number>> = {
  unspec: 0, redirect: 1, kernel: 2, boot: 3, static: 4, gated: 8, ra: 9, mrt: 10, zebra: 11, bird: 12, dnrouted: 13, xorp: 14,
  ntk: 15, dhcp: 16, keepalived: 18, babel: 42, openr: 99, bgp: 186, isis: 187, ospf: 188, rip: 189, eigrp: 192,
};
const SCOPE_NAMES: Readonly<Record<string, number>> = { global: 0, nowhere: 255, host: 254, link: 253, site: 200 };

function fullNumber(text: string, max: bigint): number | undefined {
  const { value, end } = strtoul(text, 0);
  if (end === 0 || end !== text.length || value > max) return undefined;
  return Number(value);
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** rtnl_rttable_a2n */
export function tableA2n(text: string): number | undefined {
  return own(TABLE_NAMES, text) ?? fullNumber(text, 0xffffffffn);
}
/** rtnl_rtprot_a2n */
export function protoA2n(text: string): number | undefined {
  return own(PROTO_NAMES, text) ?? fullNumber(text, 255n);
}
/** rtnl_rtscope_a2n */
export function scopeA2n(text: string): number | undefined {
  return own(SCOPE_NAMES, text) ?? fullNumber(text, 255n);
}

const RTN_NUMBERS: readonly RouteType[] = [
  'unicast', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve',
];

/** rtnl_rtntype_a2n (note the abbreviations: "b" is broadcast, "u" unreachable). */
function rtntypeA2n(text: string): RouteType | undefined {
  if (text === 'local') return 'local';
  if (text === 'nat') return 'nat';
  if (matches(text, 'broadcast') || text === 'brd') return 'broadcast';
  if (matches(text, 'anycast')) return 'anycast';
  if (matches(text, 'multicast')) return 'multicast';
  if (matches(text, 'prohibit')) return 'prohibit';
  if (matches(text, 'unreachable')) return 'unreachable';
  if (matches(text, 'blackhole')) return 'blackhole';
  if (matches(text, 'xresolve')) return 'xresolve';
  if (matches(text, 'unicast')) return 'unicast';
  if (text === 'throw') return 'throw';
  const n = fullNumber(text, 255n);
  if (n === undefined) return undefined;
  const t = RTN_NUMBERS[n];
  if (t === undefined) throw unsupported(`route type ${n}`);
  return t;
}

/** nud_state_a2n */
function nudA2n(text: string): NudState | undefined {
  if (matches(text, 'permanent')) return 'PERMANENT';
  if (matches(text, 'reachable')) return 'REACHABLE';
  if (text === 'noarp') return 'NOARP';
  if (text === 'none') return 'NONE';
  if (text === 'stale') return 'STALE';
  if (text === 'incomplete') return 'INCOMPLETE';
  if (text === 'delay') return 'DELAY';
  if (text === 'probe') return 'PROBE';
  if (matches(text, 'failed')) return 'FAILED';
  const n = fullNumber(text, 0xffffffffn);
  if (n === undefined || n >= 0x100 || (n & (n - 1)) !== 0) return undefined;
  const found = (Object.keys(NUD_BITS) as NudState[]).find((k) => NUD_BITS[k] === n);
  return found;
}

function deviceExists(ctx: IpParseContext | undefined, name: string): boolean {
  return ctx?.deviceExists ? ctx.deviceExists(name) : true;
}

function netnsExists(ctx: IpParseContext | undefined, name: string): boolean {
  return ctx?.netnsExists ? ctx.netnsExists(name) : true;
}

/** The `netns NS` argument of `ip link`: a named namespace, else a PID, else an error. */
function netnsArg(ctx: IpParseContext | undefined, name: string): string {
  if (netnsExists(ctx, name)) {
    if (name === '' || name === '.' || name === '..') throw toIpError(ipErrors.invalidNetns(name));
    return name;
  }
  if (getInteger(name) !== undefined) throw unsupported('"netns PID"');
  throw toIpError(ipErrors.invalidNetns(name));
}

// ---------------------------------------------------------------------------------------
// ip [OPTIONS] OBJECT ...
// ---------------------------------------------------------------------------------------

const OBJECTS: readonly string[] = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila',
  'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns',
  'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'help', 'stats',
];

/**
 * Parses the words after `ip`. Throws IpError for every line the real `ip` rejects before
 * talking to the kernel (and, given `ctx`, for missing devices and namespaces).
 */
export function parseIp(args: readonly string[], ctx?: IpParseContext): IpCommand {
  const w = new Words(args);
  let family: IpFamily | undefined;
  let oneline = false;
  let brief = false;
  let netns: string | undefined;
  const unsupportedOpts: string[] = [];

  while (w.more) {
    let opt = w.cur;
    if (opt === '--') {
      w.advance();
      break;
    }
    if (!opt.startsWith('-')) break;
    if (opt[1] === '-') opt = opt.slice(1);
    if (matches(opt, '-loops')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
    } else if (matches(opt, '-family')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
      if (w.cur === 'help') throw usage(USAGE_IP);
      const f = readFamily(w.cur);
      if (f === undefined) throw invarg('invalid protocol family', w.cur);
      family = f;
    } else if (opt === '-4') family = 'inet';
    else if (opt === '-6') family = 'inet6';
    else if (opt === '-0') family = 'link';
    else if (opt === '-M') family = 'mpls';
    else if (opt === '-B') family = 'bridge';
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) { /* affects -s only */ }
    else if (matches(opt, '-iec')) { /* affects -s only */ }
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) unsupportedOpts.push('-s');
    else if (matches(opt, '-details')) unsupportedOpts.push('-d');
    else if (matches(opt, '-resolve')) unsupportedOpts.push('-r');
    else if (matches(opt, '-oneline')) oneline = true;
    else if (matches(opt, '-timestamp')) { /* monitor only */ }
    else if (matches(opt, '-tshort')) { /* monitor only */ }
    else if (matches(opt, '-Version')) return { kind: 'print', opts: { oneline, brief }, stdout: IP_VERSION_TEXT };
    else if (matches(opt, '-force')) { /* batch only */ }
    else if (matches(opt, '-batch')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
      throw unsupported('ip -batch');
    } else if (matches(opt, '-brief')) brief = true;
    else if (matches(opt, '-json')) unsupportedOpts.push('-j');
    else if (matches(opt, '-pretty')) { /* only with -j */ }
    else if (matches(opt, '-rcvbuf')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
      if (getU32(w.cur) === undefined) throw new IpError(`Invalid rcvbuf size '${w.cur}'\n`, 255);
    } else if (colorOption(opt) !== undefined) {
      if (colorOption(opt) === 'always') unsupportedOpts.push('-c');
    } else if (matches(opt, '-help')) throw usage(USAGE_IP);
    else if (matches(opt, '-netns')) {
      w.next();
      if (!netnsExists(ctx, w.cur)) throw toIpError(ipErrors.netnsOpenFailed(w.cur));
      netns = w.cur;
    } else if (matches(opt, '-Numeric')) unsupportedOpts.push('-N');
    else if (matches(opt, '-all')) { /* netns exec -all only */ }
    else throw new IpError(`Option "${opt}" is unknown, try "ip -help".\n`, 255);
    w.advance();
  }

  if (!w.more) throw usage(USAGE_IP);
  const opts: IpOptions = { ...(family ? { family } : {}), oneline, brief, ...(netns !== undefined ? { netns } : {}) };
  const object = w.cur;
  const found = OBJECTS.find((o) => matches(object, o));
  if (found === undefined) throw new IpError(`Object "${object}" is unknown, try "ip help".\n`, 1);
  if (found === 'help') throw usage(USAGE_IP);
  const rest = new Words(args, w.index + 1);
  let cmd: IpCommand;
  switch (found) {
    case 'address': cmd = doAddr(rest, opts, ctx); break;
    case 'route': cmd = doRoute(rest, opts, ctx); break;
    case 'rule': cmd = doRule(rest, opts); break;
    case 'neighbor':
    case 'neighbour': cmd = doNeigh(rest, opts, ctx); break;
    case 'link': cmd = doLink(rest, opts, ctx); break;
    case 'netns': cmd = doNetns(rest, opts, ctx); break;
    default: throw unsupported(`ip ${found}`);
  }
  if (unsupportedOpts.length > 0) throw unsupported(`ip ${unsupportedOpts.join(' ')}`);
  return cmd;
}

function colorOption(opt: string): 'always' | 'auto' | 'never' | undefined {
  const eq = opt.indexOf('=');
  const name = eq < 0 ? opt : opt.slice(0, eq);
  const value = eq < 0 ? '' : opt.slice(eq + 1);
  if (!matches(name, '-color')) return undefined;
  if (value === '' || value === 'always') return 'always';
  if (value === 'auto' || value === 'never') return value;
  return undefined;
}

// ---------------------------------------------------------------------------------------
// ip netns
// ---------------------------------------------------------------------------------------

function doNetns(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'netns.list', opts };
  if (w.left > 1) {
    const name = w.at(w.index + 1);
    if (name.includes('/') || name === '.' || name === '..') throw new IpError(`Invalid netns name "${name}"\n`, 255);
  }
  const sub = w.cur;
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return { kind: 'netns.list', opts };
  if (matches(sub, 'list-id')) throw unsupported('ip netns list-id');
  if (matches(sub, 'help')) throw usage(USAGE_NETNS);
  if (matches(sub, 'add')) {
    if (w.left < 2) throw new IpError('No netns name specified\n', 1);
    const name = w.at(w.index + 1);
    if (name === '') throw new IpError('Cannot create namespace file "/run/netns/": Is a directory\n', 1);
    if (ctx?.netnsExists && ctx.netnsExists(name)) throw toIpError(ipErrors.netnsExists(name));
    return { kind: 'netns.add', opts, name };
  }
  if (matches(sub, 'set')) throw unsupported('ip netns set');
  if (matches(sub, 'delete')) {
    if (w.left < 2) throw new IpError('No netns name specified\n', 1);
    const name = w.at(w.index + 1);
    if (name === '-all' || name === '') throw unsupported('ip netns delete -all');
    if (ctx?.netnsExists && !ctx.netnsExists(name)) throw toIpError(ipErrors.netnsDelMissing(name));
    return { kind: 'netns.del', opts, name };
  }
  if (matches(sub, 'identify')) throw unsupported('ip netns identify');
  if (matches(sub, 'pids')) throw unsupported('ip netns pids');
  if (matches(sub, 'exec')) {
    if (w.left < 2) throw new IpError('No netns name specified\n', 1);
    if (w.left < 3) throw new IpError('No command specified\n', 1);
    const name = w.at(w.index + 1);
    if (name === '' || !netnsExists(ctx, name)) throw toIpError(ipErrors.netnsOpenFailed(name));
    return { kind: 'netns.exec', opts, name, argv: w.from(w.index + 2) };
  }
  if (matches(sub, 'monitor')) throw unsupported('ip netns monitor');
  if (matches(sub, 'attach')) throw unsupported('ip netns attach');
  throw new IpError(`Command "${sub}" is unknown, try "ip netns help".\n`, 255);
}

// ---------------------------------------------------------------------------------------
// ip link
// ---------------------------------------------------------------------------------------

const KNOWN_LINK_KINDS = new Set([
  'vlan', 'vcan', 'vxcan', 'dummy', 'ifb', 'macvlan', 'macvtap', 'bond', 'bond_slave', 'team', 'team_slave', 'ipoib', 'ip6tnl',
  'ipip', 'sit', 'vxlan', 'gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan', 'vti', 'vti6', 'nlmon', 'can',
  'bridge_slave', 'ipvlan', 'ipvtap', 'geneve', 'bareudp', 'vrf', 'macsec', 'netdevsim', 'rmnet', 'xfrm', 'gtp', 'virt_wifi',
  'hsr', 'amt', 'batadv', 'wwan', 'netkit', 'dsa', 'lowpan', 'wireguard', 'tun', 'ifb', 'bond', 'openvswitch',
]);

interface LinkParse {
  attrs: { -readonly [K in keyof LinkAttrs]: LinkAttrs[K] };
  name?: string;
  dev?: string;
  type?: string;
  /** Words consumed, including `type KIND` (iproute2's return value). */
  consumed: number;
  addrLen: number;
}

function onOff(key: string, value: string): IpError {
  return new IpError(`Error: argument of "${key}" must be "on" or "off", not "${value}"\n`, 1);
}

/**
 * iproute2 iplink_parse. `create` is NLM_F_CREATE (add). Stops after `type KIND`.
 * Checks done at the end of the real function for set/del (dev required, dev exists)
 * are left to the callers, which know the mode.
 */
function iplinkParse(w: Words, create: boolean, ctx: IpParseContext | undefined): LinkParse {
  const start = w.index;
  const attrs: LinkParse['attrs'] = {};
  let name: string | undefined;
  let dev: string | undefined;
  let type: string | undefined;
  let addrLen = 0;
  let mtuSeen = false;
  let netnsSeen = false;
  let indexSeen = false;
  while (w.more) {
    const a = w.cur;
    if (a === 'up') attrs.up = true;
    else if (a === 'down') attrs.up = false;
    else if (a === 'name') {
      const v = w.next();
      if (name !== undefined) throw duparg('name', v);
      if (!checkIfname(v)) throw invarg('"name" not a valid ifname', v);
      name = v;
      if (dev === undefined) dev = name;
    } else if (a === 'index') {
      const v = w.next();
      if (indexSeen) throw duparg('index', v);
      indexSeen = true;
      if (atoi(v) <= 0) throw invarg('Invalid "index" value', v);
      throw unsupported('ip link ... index');
    } else if (matches(a, 'link')) {
      w.next();
      throw unsupported('ip link ... link DEV');
    } else if (matches(a, 'address')) {
      const v = w.next();
      const r = llAddrA2n(v, 32);
      if ('bad' in r) throw new IpError(`"${r.bad}" is invalid lladdr.\n`, 1);
      addrLen = r.bytes.length;
      attrs.address = bytesToMac(r.bytes);
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = w.next();
      const r = llAddrA2n(v, 32);
      if ('bad' in r) throw new IpError(`"${r.bad}" is invalid lladdr.\n`, 1);
      throw unsupported('ip link ... broadcast LLADDR');
    } else if (matches(a, 'txqueuelen') || a === 'qlen' || matches(a, 'txqlen')) {
      const v = w.next();
      if (getInteger(v) === undefined) throw invarg('Invalid "txqueuelen" value\n', v);
      throw unsupported('ip link ... txqueuelen');
    } else if (a === 'mtu') {
      const v = w.next();
      if (mtuSeen) throw duparg('mtu', v);
      mtuSeen = true;
      const n = getInteger(v);
      if (n === undefined) throw invarg('Invalid "mtu" value\n', v);
      attrs.mtu = n;
    } else if (a === 'xdpgeneric' || a === 'xdpdrv' || a === 'xdpoffload' || a === 'xdp') {
      throw unsupported('ip link ... xdp');
    } else if (a === 'netns') {
      const v = w.next();
      if (netnsSeen) throw duparg('netns', v);
      netnsSeen = true;
      attrs.netns = netnsArg(ctx, v);
    } else if (a === 'multicast' || a === 'allmulticast' || a === 'trailers' || a === 'arp' || a === 'carrier') {
      const v = w.next();
      if (v !== 'on' && v !== 'off') throw onOff(a, v);
      throw unsupported(`ip link ... ${a}`);
    } else if (a === 'promisc') {
      const v = w.next();
      if (v === 'on') attrs.promisc = true;
      else if (v === 'off') attrs.promisc = false;
      else throw onOff('promisc', v);
    } else if (a === 'vf') {
      throw unsupported('ip link ... vf');
    } else if (matches(a, 'master')) {
      const v = w.next();
      if (!deviceExists(ctx, v)) throw toIpError(ipErrors.masterDoesNotExist(v));
      attrs.master = v;
    } else if (a === 'vrf') {
      throw unsupported('ip link ... vrf');
    } else if (matches(a, 'nomaster')) {
      attrs.master = null;
    } else if (matches(a, 'dynamic')) {
      const v = w.next();
      if (v !== 'on' && v !== 'off') throw onOff('dynamic', v);
      throw unsupported('ip link ... dynamic');
    } else if (matches(a, 'type')) {
      type = w.next();
      w.advance();
      break;
    } else if (matches(a, 'alias') || a === 'group' || a === 'mode' || a === 'state' || a === 'numtxqueues' || a === 'numrxqueues' ||
      matches(a, 'addrgenmode') || matches(a, 'link-netns') || matches(a, 'link-netnsid') || a === 'protodown' || a === 'protodown_reason' ||
      a === 'gso_max_size' || a === 'gso_max_segs' || a === 'gro_max_size' || a === 'parentdev') {
      w.next();
      throw unsupported(`ip link ... ${a}`);
    } else {
      if (matches(a, 'help')) throw usage(USAGE_LINK);
      let v = a;
      if (a === 'dev') v = w.next();
      if (dev !== name) throw duparg2('dev', v);
      if (!checkIfname(v, 128)) throw invarg('"dev" not a valid ifname', v);
      dev = v;
    }
    w.advance();
  }
  const consumed = w.index - start;
  // Allow "ip link add dev X" and "ip link add name X".
  if (name === undefined) name = dev;
  else if (dev === undefined) dev = name;
  return { attrs, ...(name !== undefined ? { name } : {}), ...(dev !== undefined ? { dev } : {}), ...(type !== undefined ? { type } : {}), consumed, addrLen };
}

function doLink(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'link.show', opts, filter: { up: false } };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return linkModify(w, opts, 'add', ctx);
  if (matches(sub, 'set') || matches(sub, 'change')) return linkModify(w, opts, 'set', ctx);
  if (matches(sub, 'replace')) throw unsupported('ip link replace');
  if (matches(sub, 'delete')) return linkModify(w, opts, 'del', ctx);
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) {
    return { kind: 'link.show', opts, filter: addrListFilter(w, ctx, 'link') };
  }
  if (matches(sub, 'xstats') || matches(sub, 'afstats') || matches(sub, 'property')) throw unsupported(`ip link ${sub}`);
  if (matches(sub, 'help')) {
    if (w.more) {
      if (w.cur === 'veth') return { kind: 'print', opts, stdout: USAGE_VETH };
      if (w.cur === 'bridge') return { kind: 'print', opts, stdout: USAGE_BRIDGE };
      throw unsupported(`ip link help ${w.cur}`);
    }
    throw usage(USAGE_LINK);
  }
  throw new IpError(`Command "${sub}" is unknown, try "ip link help".\n`, 255);
}

function linkModify(w: Words, opts: IpOptions, mode: 'add' | 'set' | 'del', ctx: IpParseContext | undefined): IpCommand {
  const create = mode === 'add';
  const p = iplinkParse(w, create, ctx);
  // Set: an lladdr must have the device's length (6 for every device the simulator has).
  if (p.dev !== undefined && p.addrLen !== 0 && !create && deviceExists(ctx, p.dev) && p.addrLen !== 6) {
    throw new IpError(`Invalid address length ${p.addrLen} - must be 6 bytes\n`, 1);
  }
  let dev: string | undefined;
  if (!create) {
    if (p.dev === undefined) throw new IpError('Not enough information: "dev" argument is required.\n', 255);
    if (!deviceExists(ctx, p.dev)) throw toIpError(ipErrors.cannotFindDevice(p.dev));
    dev = p.dev;
  } else if (p.name !== p.dev) {
    throw new IpError('both "name" and "dev" cannot be used when creating devices.\n', 255);
  }
  // Rename on set: name given and different from dev.
  const attrs: LinkAttrs = { ...p.attrs, ...(mode === 'set' && p.name !== undefined && p.name !== p.dev ? { name: p.name } : {}) };

  let peer: VethPeer | undefined;
  let bridge: BridgeOptions | undefined;
  let kind: LinkKind | undefined;
  if (p.type !== undefined) {
    const type = p.type;
    if (type === 'veth') {
      kind = 'veth';
      if (w.more) {
        if (w.cur !== 'peer') throw new IpError('', 1, { stdout: USAGE_VETH });
        if (mode !== 'add') throw unsupported('ip link set ... type veth peer');
        const peerStart = w.index;
        w.advance();
        const pp = iplinkParse(w, true, ctx);
        if (pp.type !== undefined) throw duparg('type', w.at(peerStart + pp.consumed));
        if (pp.name !== pp.dev) throw new IpError('both "name" and "dev" cannot be used when creating devices.\n', 255);
        if (pp.addrLen !== 0 && pp.addrLen !== 6) throw toIpError(ipErrors.invalidArgument());
        peer = { ...pp.attrs, ...(pp.name !== undefined ? { name: pp.name } : {}) };
        if (peer.master !== undefined) throw unsupported('a veth peer with master');
      } else if (mode === 'add') {
        peer = {};
      }
    } else if (type === 'bridge') {
      kind = 'bridge';
      bridge = bridgeParse(w);
    } else if (type === 'bridge_slave' || KNOWN_LINK_KINDS.has(type)) {
      throw unsupported(`link type "${type}"`);
    } else if (w.more) {
      if (matches(w.cur, 'help')) throw usage(USAGE_LINK);
      throw new IpError(`Garbage instead of arguments "${w.cur} ...". Try "ip link help".\n`, 1);
    } else if (mode === 'add') {
      if (p.name !== undefined && deviceExists(ctx, p.name) && ctx?.deviceExists) throw toIpError(ipErrors.fileExists());
      throw toIpError(ipErrors.unknownDeviceType());
    } else {
      throw unsupported(`ip link ${mode} ... type ${type}`);
    }
  } else if (create) {
    throw new IpError('Not enough information: "type" argument is required\n', 1);
  }

  if (mode === 'add') {
    if (kind === undefined) throw unsupported('ip link add without a type');
    if (p.name !== undefined && utf8Length(p.name) >= 16) throw toIpError(ipErrors.attributeFailedPolicy());
    if (peer?.name !== undefined && utf8Length(peer.name) >= 16) throw toIpError(ipErrors.attributeFailedPolicy());
    if (p.addrLen !== 0 && p.addrLen !== 6) throw toIpError(ipErrors.invalidArgument());
    if (attrs.master === null) throw unsupported('ip link add ... nomaster');
    return {
      kind: 'link.add', opts, ...(p.name !== undefined ? { name: p.name } : {}), type: kind, attrs,
      ...(peer ? { peer } : {}), ...(bridge ? { bridge } : {}),
    };
  }
  if (dev === undefined) throw incomplete();
  if (mode === 'del') return { kind: 'link.del', opts, dev };
  if (kind === 'veth') throw unsupported('ip link set ... type veth');
  return { kind: 'link.set', opts, dev, attrs, ...(bridge ? { bridge } : {}) };
}

const BRIDGE_OPTIONS: readonly { name: string; field?: keyof BridgeOptions; parse: (v: string) => number | undefined; bad: string }[] = [
  { name: 'forward_delay', field: 'forwardDelay', parse: getU32, bad: 'invalid forward_delay' },
  { name: 'hello_time', field: 'helloTime', parse: getU32, bad: 'invalid hello_time' },
  { name: 'max_age', field: 'maxAge', parse: getU32, bad: 'invalid max_age' },
  { name: 'ageing_time', field: 'ageingTime', parse: getU32, bad: 'invalid ageing_time' },
  { name: 'stp_state', field: 'stpState', parse: getU32, bad: 'invalid stp_state' },
  { name: 'priority', field: 'priority', parse: getU16, bad: 'invalid priority' },
  { name: 'vlan_filtering', field: 'vlanFiltering', parse: getU8, bad: 'invalid vlan_filtering' },
  { name: 'vlan_protocol', parse: () => undefined, bad: 'invalid vlan_protocol' },
  { name: 'group_fwd_mask', parse: () => undefined, bad: 'invalid group_fwd_mask' },
  { name: 'group_address', parse: () => undefined, bad: 'invalid group_address' },
  { name: 'fdb_flush', parse: () => undefined, bad: '' },
  { name: 'vlan_default_pvid', parse: () => undefined, bad: 'invalid vlan_default_pvid' },
  { name: 'vlan_stats_enabled', parse: () => undefined, bad: 'invalid vlan_stats_enabled' },
  { name: 'vlan_stats_per_port', parse: () => undefined, bad: 'invalid vlan_stats_per_port' },
  { name: 'mcast_router', parse: () => undefined, bad: 'invalid mcast_router' },
  { name: 'mcast_snooping', field: 'mcastSnooping', parse: getU8, bad: 'invalid mcast_snooping' },
  { name: 'mcast_vlan_snooping', parse: () => undefined, bad: 'invalid mcast_vlan_snooping' },
  { name: 'mcast_query_use_ifaddr', parse: () => undefined, bad: 'invalid mcast_query_use_ifaddr' },
  { name: 'mcast_querier', parse: () => undefined, bad: 'invalid mcast_querier' },
  { name: 'mcast_hash_elasticity', parse: () => undefined, bad: 'invalid mcast_hash_elasticity' },
  { name: 'mcast_hash_max', parse: () => undefined, bad: 'invalid mcast_hash_max' },
  { name: 'mcast_last_member_count', parse: () => undefined, bad: 'invalid mcast_last_member_count' },
  { name: 'mcast_startup_query_count', parse: () => undefined, bad: 'invalid mcast_startup_query_count' },
  { name: 'mcast_last_member_interval', parse: () => undefined, bad: 'invalid mcast_last_member_interval' },
  { name: 'mcast_membership_interval', parse: () => undefined, bad: 'invalid mcast_membership_interval' },
  { name: 'mcast_querier_interval', parse: () => undefined, bad: 'invalid mcast_querier_interval' },
  { name: 'mcast_query_interval', parse: () => undefined, bad: 'invalid mcast_query_interval' },
  { name: 'mcast_query_response_interval', parse: () => undefined, bad: 'invalid mcast_query_response_interval' },
  { name: 'mcast_startup_query_interval', parse: () => undefined, bad: 'invalid mcast_startup_query_interval' },
  { name: 'mcast_stats_enabled', parse: () => undefined, bad: 'invalid mcast_stats_enabled' },
  { name: 'mcast_igmp_version', parse: () => undefined, bad: 'invalid mcast_igmp_version' },
  { name: 'mcast_mld_version', parse: () => undefined, bad: 'invalid mcast_mld_version' },
  { name: 'nf_call_iptables', field: 'nfCallIptables', parse: getU8, bad: 'invalid nf_call_iptables' },
  { name: 'nf_call_ip6tables', field: 'nfCallIp6tables', parse: getU8, bad: 'invalid nf_call_ip6tables' },
  { name: 'nf_call_arptables', field: 'nfCallArptables', parse: getU8, bad: 'invalid nf_call_arptables' },
];

/** iplink_bridge.c bridge_parse_opt */
function bridgeParse(w: Words): BridgeOptions {
  const out: { -readonly [K in keyof BridgeOptions]: BridgeOptions[K] } = {};
  while (w.more) {
    const a = w.cur;
    const opt = BRIDGE_OPTIONS.find((o) => matches(a, o.name));
    if (opt === undefined) {
      if (matches(a, 'help')) throw usage(USAGE_BRIDGE, 1);
      throw usage(`bridge: unknown command "${a}"?\n${USAGE_BRIDGE}`, 1);
    }
    if (opt.name === 'fdb_flush') throw unsupported('bridge fdb_flush');
    const v = w.next();
    if (opt.field === undefined) throw unsupported(`bridge option ${opt.name}`);
    const n = opt.parse(v);
    if (n === undefined) throw invarg(opt.bad, v);
    out[opt.field] = n;
    w.advance();
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// ip address
// ---------------------------------------------------------------------------------------

function doAddr(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'addr.show', opts, filter: { up: false } };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return addrModify(w, opts, 'add', ctx);
  if (matches(sub, 'change') || sub === 'chg') return addrModify(w, opts, 'change', ctx);
  if (matches(sub, 'replace')) return addrModify(w, opts, 'replace', ctx);
  if (matches(sub, 'delete')) return addrModify(w, opts, 'del', ctx);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) {
    return { kind: 'addr.show', opts, filter: addrListFilter(w, ctx, 'addr', opts.family) };
  }
  if (matches(sub, 'flush')) {
    if (!w.more) throw new IpError('Flush requires arguments.\n', 1);
    if (opts.family === 'link') throw new IpError('Cannot flush link addresses.\n', 1);
    return { kind: 'addr.flush', opts, filter: addrListFilter(w, ctx, 'addr', opts.family) };
  }
  if (matches(sub, 'save') || matches(sub, 'showdump') || matches(sub, 'restore')) throw unsupported(`ip address ${sub}`);
  if (matches(sub, 'help')) throw usage(USAGE_ADDRESS);
  throw new IpError(`Command "${sub}" is unknown, try "ip address help".\n`, 255);
}

const ADDR_FLAG_FILTERS = new Set([
  'dynamic', 'permanent', 'secondary', 'temporary', 'primary', 'tentative', '-tentative', 'deprecated', '-deprecated', 'home', '-home',
  'nodad', '-nodad', 'mngtmpaddr', '-mngtmpaddr', 'noprefixroute', '-noprefixroute', 'autojoin', '-autojoin', 'dadfailed', '-dadfailed',
  '-dynamic', '-permanent', '-secondary', '-temporary', '-primary', 'optimistic', '-optimistic', 'stable-privacy', '-stable-privacy',
]);

/** ipaddr_list_flush_or_save's argument loop (also used by `ip link show`). */
function addrListFilter(w: Words, ctx: IpParseContext | undefined, what: 'addr' | 'link', family?: IpFamily): AddrFilter {
  const f: { -readonly [K in keyof AddrFilter]: AddrFilter[K] } = { up: false };
  let dev: string | undefined;
  let fam: Fam = what === 'link' ? 'link' : family;
  while (w.more) {
    const a = w.cur;
    if (a === 'to') {
      const v = w.next();
      const p = getPrefix1(v, fam);
      if (p === undefined) throw invarg('invalid "to"\n', v);
      if (fam === undefined) fam = famOf(p);
      f.to = toPrefix(p);
    } else if (a === 'scope') {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
      } else f.scope = s;
    } else if (a === 'up') {
      f.up = true;
    } else if (ADDR_FLAG_FILTERS.has(a)) {
      if (a === 'primary') f.primary = true;
      else if (a === 'secondary') f.secondary = true;
      else if (a === 'permanent') { /* every IPv4 address the simulator has is permanent */ }
      else throw unsupported(`ip address show ${a}`);
    } else if (a === 'label') {
      f.label = w.next();
    } else if (a === 'group') {
      w.next();
      throw unsupported('ip address show group');
    } else if (a === 'master') {
      const v = w.next();
      if (!deviceExists(ctx, v)) throw toIpError(ipErrors.masterDoesNotExist(v));
      f.master = v;
    } else if (a === 'vrf') {
      w.next();
      throw unsupported('ip address show vrf');
    } else if (a === 'nomaster') {
      throw unsupported('ip address show nomaster');
    } else if (a === 'type') {
      f.linkType = w.next();
      if (f.linkType.endsWith('_slave')) throw unsupported('type *_slave');
    } else {
      let v = a;
      if (a === 'dev') v = w.next();
      else if (matches(a, 'help')) throw usage(what === 'link' ? USAGE_LINK : USAGE_ADDRESS);
      if (dev !== undefined) throw duparg2('dev', v);
      dev = v;
    }
    w.advance();
  }
  if (dev !== undefined) {
    if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.deviceDoesNotExist(dev));
    f.dev = dev;
  }
  return f;
}

function addrModify(w: Words, opts: IpOptions, mode: 'add' | 'change' | 'replace' | 'del', ctx: IpParseContext | undefined): IpCommand {
  let fam: Fam = opts.family;
  let dev: string | undefined;
  let label: string | undefined;
  let local: PrefixWord | undefined;
  let localArg = '';
  let brd: number | '+' | '-' | undefined;
  let scope: number | undefined;
  while (w.more) {
    const a = w.cur;
    if (a === 'peer' || a === 'remote') {
      const v = w.next();
      getPrefix(v, fam);
      throw unsupported('ip address ... peer');
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = w.next();
      if (brd !== undefined) throw duparg('broadcast', v);
      if (v === '+') brd = '+';
      else if (v === '-') brd = '-';
      else {
        const addr = getAddr(v, fam);
        if (fam === undefined) fam = famOf(addr);
        brd = inetAddr(addr);
      }
    } else if (a === 'anycast') {
      const v = w.next();
      getAddr(v, fam);
      throw unsupported('ip address ... anycast');
    } else if (a === 'scope') {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) throw invarg('invalid scope value.', v);
      scope = s;
    } else if (a === 'dev') {
      dev = w.next();
    } else if (a === 'label') {
      label = w.next();
    } else if (matches(a, 'metric') || matches(a, 'priority') || matches(a, 'preference')) {
      const v = w.next();
      if (getU32(v) === undefined) throw invarg('"metric" value is invalid\n', v);
      throw unsupported('ip address ... metric');
    } else if (matches(a, 'valid_lft') || matches(a, 'preferred_lft')) {
      const v = w.next();
      if (v !== 'forever') throw unsupported(`ip address ... ${a} ${v}`);
    } else if (a === 'home' || a === 'nodad' || a === 'optimistic' || a === 'mngtmpaddr' || a === 'noprefixroute' || a === 'autojoin') {
      throw unsupported(`ip address ... ${a}`);
    } else {
      let v = a;
      if (a === 'local') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_ADDRESS);
      if (local !== undefined && local.bytelen !== 0) throw duparg2('local', v);
      localArg = v;
      local = getPrefix(v, fam);
      if (fam === undefined) fam = famOf(local);
    }
    w.advance();
  }
  if (dev === undefined) throw new IpError('Not enough information: "dev" argument is required.\n', 1);

  let wildcard = false;
  let warning: string | undefined;
  if (local !== undefined && local.bytelen !== 0 && mode === 'del' && local.family === 'inet' && !local.lenGiven) {
    wildcard = true;
    warning = 'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
      `         Explicitly specify the prefix length (${localArg}/${local.bytelen * 8}) to avoid this warning.\n` +
      '         This special behaviour is likely to disappear in further releases,\n' +
      '         fix your scripts!\n';
  }
  let broadcast: number | undefined;
  if (brd === '+' || brd === '-') {
    if (mode !== 'del') {
      if (fam !== 'inet') throw new IpError('Broadcast can be set only for IPv4 addresses\n', 1);
      const l = local ?? { addr: 0, len: 0 };
      if (l.len <= 30) {
        const hostMask = l.len === 0 ? 0xffffffff : (~(0xffffffff << (32 - l.len)) >>> 0);
        broadcast = brd === '+' ? ((l.addr | hostMask) >>> 0) : ((l.addr & ~hostMask) >>> 0);
      }
    }
  } else if (brd !== undefined) {
    broadcast = brd;
  }
  if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  // What the kernel says, independent of the state.
  if (fam === undefined) throw toIpError(ipErrors.operationNotSupported());
  if (fam !== 'inet') throw v6Unsupported();
  if (label !== undefined && utf8Length(label) >= 16) throw toIpError(ipErrors.attributeFailedPolicy());
  const hasLocal = local !== undefined && local.bytelen !== 0;
  if (mode === 'del') {
    // Without a local address the kernel deletes the first address that matches the rest.
    return {
      kind: 'addr.del', opts, dev, ...(hasLocal && local ? { local: toPrefix(local) } : {}), wildcard, ...(warning ? { warning } : {}),
      ...(broadcast !== undefined ? { broadcast } : {}), ...(label !== undefined ? { label } : {}), ...(scope !== undefined ? { scope } : {}),
    };
  }
  if (!hasLocal || local === undefined) throw new IpError('Error: ipv4: Local address is not supplied.\n', 2);
  const prefix = toPrefix(local);
  // iproute2's default_scope(): host for 127/8, else global.
  const finalScope = scope ?? ((prefix.addr >>> 24) === 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE);
  return {
    kind: 'addr.add', opts, mode, dev, local: prefix, scope: finalScope,
    ...(broadcast !== undefined ? { broadcast } : {}), ...(label !== undefined ? { label } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// ip route
// ---------------------------------------------------------------------------------------

function doRoute(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'route.show', opts, filter: routeListFilter(w, opts, ctx, false) };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return routeModify(w, opts, 'add', ctx);
  if (matches(sub, 'change') || sub === 'chg') return routeModify(w, opts, 'change', ctx);
  if (matches(sub, 'replace')) return routeModify(w, opts, 'replace', ctx);
  if (matches(sub, 'prepend')) return routeModify(w, opts, 'prepend', ctx);
  if (matches(sub, 'append')) return routeModify(w, opts, 'append', ctx);
  if (matches(sub, 'test')) throw unsupported('ip route test');
  if (matches(sub, 'delete')) return routeModify(w, opts, 'del', ctx);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) {
    return { kind: 'route.show', opts, filter: routeListFilter(w, opts, ctx, false) };
  }
  if (matches(sub, 'get')) return routeGet(w, opts, ctx);
  if (matches(sub, 'flush')) {
    if (!w.more) throw new IpError('"ip route flush" requires arguments.\n', 1);
    return { kind: 'route.flush', opts, filter: routeListFilter(w, opts, ctx, true) };
  }
  if (matches(sub, 'save') || matches(sub, 'restore') || matches(sub, 'showdump')) throw unsupported(`ip route ${sub}`);
  if (matches(sub, 'help')) throw usage(USAGE_ROUTE);
  throw new IpError(`Command "${sub}" is unknown, try "ip route help".\n`, 255);
}

const ROUTE_METRIC_WORDS = new Set([
  'mtu', 'hoplimit', 'advmss', 'reordering', 'rtt', 'rttvar', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'features', 'quickack', 'congctl',
  'rto_min', 'ssthresh',
]);

function routeModify(w: Words, opts: IpOptions, mode: 'add' | 'change' | 'replace' | 'prepend' | 'append' | 'del', ctx: IpParseContext | undefined): IpCommand {
  const del = mode === 'del';
  let fam: Fam = opts.family;
  let type: RouteType | undefined = del ? undefined : 'unicast';
  let protocol: number | undefined = del ? undefined : RTPROT_BOOT;
  let scope: number | undefined;
  let table: number = RT_TABLE_MAIN;
  let tableOk = false;
  let dst: PrefixWord | undefined;
  let gateway: number | undefined;
  let prefsrc: number | undefined;
  let metric: number | undefined;
  let dev: string | undefined;
  let onlink = false;
  while (w.more) {
    const a = w.cur;
    if (a === 'src') {
      const v = w.next();
      const addr = getAddr(v, fam);
      if (fam === undefined) fam = famOf(addr);
      prefsrc = inetAddr(addr);
    } else if (a === 'as') {
      throw unsupported('ip route ... as');
    } else if (a === 'via') {
      if (gateway !== undefined) throw invarg('use nexthop syntax to specify multiple via\n', a);
      let v = w.next();
      let vfam = readFamily(v);
      if (vfam === undefined) vfam = fam;
      else v = w.next();
      const addr = getAddr(v, vfam);
      if (fam === undefined) fam = famOf(addr);
      if (addr.bytelen === 0 || addr.word !== undefined) throw unsupported(`via ${v}`);
      if (addr.family !== fam) throw unsupported('a gateway of another family');
      gateway = inetAddr(addr);
    } else if (a === 'from') {
      w.next();
      throw unsupported('ip route ... from');
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      w.next();
      throw unsupported('ip route ... tos');
    } else if (a === 'expires') {
      w.next();
      throw unsupported('ip route ... expires');
    } else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = w.next();
      const m = getU32(v);
      if (m === undefined) throw invarg('"metric" value is invalid\n', v);
      metric = m;
    } else if (a === 'scope') {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) throw invarg('invalid "scope" value\n', v);
      scope = s;
    } else if (ROUTE_METRIC_WORDS.has(a) || matches(a, 'realms')) {
      throw unsupported(`ip route ... ${a}`);
    } else if (matches(a, 'onlink')) {
      onlink = true;
    } else if (matches(a, 'nexthop')) {
      throw unsupported('ip route ... nexthop');
    } else if (a === 'nhid') {
      throw unsupported('ip route ... nhid');
    } else if (matches(a, 'protocol')) {
      const v = w.next();
      const p = protoA2n(v);
      if (p === undefined) throw invarg('"protocol" value is invalid\n', v);
      protocol = p;
    } else if (matches(a, 'table')) {
      const v = w.next();
      const t = tableA2n(v);
      if (t === undefined) throw invarg('"table" value is invalid\n', v);
      table = t;
      tableOk = true;
    } else if (matches(a, 'vrf')) {
      w.next();
      throw unsupported('ip route ... vrf');
    } else if (a === 'dev' || a === 'oif') {
      dev = w.next();
    } else if (matches(a, 'pref') || a === 'encap' || a === 'ttl-propagate' || matches(a, 'fastopen_no_cookie')) {
      throw unsupported(`ip route ... ${a}`);
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if ((v[0] === undefined || v[0] < '0' || v[0] > '9')) {
        const t = rtntypeA2n(v);
        if (t !== undefined) {
          v = w.next();
          type = t;
        }
      }
      if (matches(v, 'help')) throw usage(USAGE_ROUTE);
      if (dst !== undefined) throw duparg2('to', v);
      dst = getPrefix(v, fam);
      if (fam === undefined) fam = famOf(dst);
    }
    w.advance();
  }
  if (dst === undefined) throw usage(USAGE_ROUTE);
  if (dev !== undefined && !deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  if (fam === 'inet6' || dst.family === 'inet6') throw v6Unsupported();
  if (fam === 'mpls' || fam === 'bridge' || fam === 'link') throw unsupported(`ip -f ${fam} route`);
  const prefix = toPrefix(dst);
  if (!tableOk && (type === 'local' || type === 'broadcast' || type === 'nat' || type === 'anycast')) table = RT_TABLE_LOCAL;
  if (scope === undefined) {
    if (type === 'local' || type === 'nat') scope = RT_SCOPE_HOST;
    else if (type === 'broadcast' || type === 'multicast' || type === 'anycast') scope = RT_SCOPE_LINK;
    else if (type === 'unicast' || type === undefined) {
      // For del: RT_SCOPE_NOWHERE, which the kernel takes as "any scope" (left undefined here).
      if (!del) scope = gateway === undefined ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
    } else if (!del) scope = RT_SCOPE_UNIVERSE;
  }
  if (del) {
    const route: RouteDelSpec = {
      dst: prefix, table,
      ...(type !== undefined ? { type } : {}), ...(gateway !== undefined ? { gateway } : {}), ...(dev !== undefined ? { dev } : {}),
      ...(prefsrc !== undefined ? { prefsrc } : {}), ...(metric !== undefined ? { metric } : {}), ...(scope !== undefined ? { scope } : {}),
      ...(protocol !== undefined ? { protocol } : {}),
    };
    return { kind: 'route.del', opts, route };
  }
  const route: RouteSpec = {
    type: type ?? 'unicast', dst: prefix, table, metric: metric ?? 0, scope: scope ?? RT_SCOPE_UNIVERSE, protocol: protocol ?? RTPROT_BOOT, onlink,
    ...(gateway !== undefined ? { gateway } : {}), ...(dev !== undefined ? { dev } : {}), ...(prefsrc !== undefined ? { prefsrc } : {}),
  };
  return { kind: 'route.add', opts, mode: mode as 'add' | 'change' | 'replace' | 'append' | 'prepend', route };
}

function routeListFilter(w: Words, opts: IpOptions, ctx: IpParseContext | undefined, flush: boolean): RouteFilter {
  const f: { -readonly [K in keyof RouteFilter]: RouteFilter[K] } = { table: RT_TABLE_MAIN, tableGiven: false };
  let dev: string | undefined;
  const fam: Fam = opts.family;
  while (w.more) {
    const a = w.cur;
    if (matches(a, 'table')) {
      const v = w.next();
      const t = tableA2n(v);
      if (t === undefined) {
        if (v === 'all') f.table = 'all';
        else if (v === 'cache') throw unsupported('ip route show table cache');
        else throw invarg('table id value is invalid\n', v);
      } else f.table = t === 0 ? 'all' : t;
      f.tableGiven = true;
    } else if (matches(a, 'vrf')) {
      w.next();
      throw unsupported('ip route show vrf');
    } else if (matches(a, 'cached') || matches(a, 'cloned')) {
      throw unsupported('ip route show cached');
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      w.next();
      throw unsupported('ip route show tos');
    } else if (matches(a, 'protocol')) {
      const v = w.next();
      const p = protoA2n(v);
      if (p === undefined) {
        if (v !== 'all') throw invarg('invalid "protocol"\n', v);
      } else f.protocol = p;
    } else if (matches(a, 'scope')) {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
      } else f.scope = s;
    } else if (matches(a, 'type')) {
      const v = w.next();
      const t = rtntypeA2n(v);
      if (t === undefined) throw invarg('node type value is invalid\n', v);
      f.type = t;
    } else if (a === 'dev' || a === 'oif') {
      dev = w.next();
    } else if (a === 'iif' || a === 'mark' || a === 'via' || a === 'src' || matches(a, 'realms') || matches(a, 'from') ||
      matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      w.next();
      throw unsupported(`ip route show ${a}`);
    } else {
      let mode: 'exact' | 'root' | 'match' = 'exact';
      let v = a;
      if (matches(v, 'exact')) v = w.next();
      else if (matches(v, 'match')) { mode = 'match'; v = w.next(); }
      else if (matches(v, 'root')) { mode = 'root'; v = w.next(); }
      if (matches(v, 'help')) throw usage(USAGE_ROUTE);
      const p = getPrefix(v, fam);
      // `all`/`any` select everything; `default` (like 0/0) is the exact prefix 0.0.0.0/0.
      if (p.word !== 'all' && p.word !== 'any') f.selector = { mode, prefix: toPrefix(p) };
    }
    w.advance();
  }
  if (dev !== undefined) {
    if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
    f.dev = dev;
  }
  if (fam === 'inet6') throw v6Unsupported();
  void flush;
  return f;
}

function routeGet(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  let dst: number | undefined;
  let from: number | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  let mark: number | undefined;
  const fam: Fam = opts.family;
  while (w.more) {
    const a = w.cur;
    if (a === 'from') {
      const v = w.next();
      from = inetAddr(getPrefix(v, fam));
    } else if (a === 'iif') {
      iif = w.next();
      throw unsupported('ip route get ... iif');
    } else if (a === 'oif' || a === 'dev') {
      oif = w.next();
    } else if (matches(a, 'mark')) {
      const v = w.next();
      const m = getU32(v);
      if (m === undefined) throw invarg('invalid mark value\n', v);
      mark = m;
    } else if (a === 'tos' || matches(a, 'dsfield') || matches(a, 'vrf') || a === 'uid' || matches(a, 'connected') || a === 'fibmatch' ||
      a === 'ipproto' || a === 'sport' || a === 'dport' || a === 'as') {
      throw unsupported(`ip route get ${a}`);
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_ROUTE);
      const p = getPrefix(v, fam);
      dst = inetAddr(p);
    }
    w.advance();
  }
  if (dst === undefined) throw usage(USAGE_ROUTE);
  for (const d of [iif, oif]) if (d !== undefined && !deviceExists(ctx, d)) throw toIpError(ipErrors.cannotFindDevice(d));
  return {
    kind: 'route.get', opts, dst, ...(from !== undefined ? { from } : {}), ...(iif !== undefined ? { iif } : {}),
    ...(oif !== undefined ? { oif } : {}), ...(mark !== undefined ? { mark } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// ip rule
// ---------------------------------------------------------------------------------------

function doRule(w: Words, opts: IpOptions): IpCommand {
  if (!w.more) return { kind: 'rule.show', opts };
  const sub = w.cur;
  if (matches(sub, 'list') || matches(sub, 'lst') || matches(sub, 'show')) {
    w.advance();
    if (w.more) throw unsupported('ip rule show SELECTOR');
    return { kind: 'rule.show', opts };
  }
  if (matches(sub, 'save') || matches(sub, 'restore') || matches(sub, 'showdump')) throw unsupported(`ip rule ${sub}`);
  if (matches(sub, 'help')) throw usage(USAGE_RULE);
  let add: boolean;
  if (matches(sub, 'add')) add = true;
  else if (matches(sub, 'delete')) add = false;
  else if (matches(sub, 'flush')) {
    w.advance();
    if (w.more) throw unsupported('ip rule flush SELECTOR');
    return { kind: 'rule.flush', opts };
  } else throw new IpError(`Command "${sub}" is unknown, try "ip rule help".\n`, 255);
  w.advance();
  if (!w.more) throw new IpError(add ? '"ip rule add" requires arguments.\n' : '"ip rule del" requires arguments.\n', 1);
  const fam: Fam = opts.family;
  const rule: { -readonly [K in keyof RuleSpec]: RuleSpec[K] } = { not: false };
  let tableOk = false;
  while (w.more) {
    const a = w.cur;
    if (a === 'not') rule.not = true;
    else if (a === 'from') {
      rule.from = toPrefix(getPrefix(w.next(), fam));
    } else if (a === 'to') {
      rule.to = toPrefix(getPrefix(w.next(), fam));
    } else if (matches(a, 'preference') || matches(a, 'order') || matches(a, 'priority')) {
      const v = w.next();
      const p = getU32(v);
      if (p === undefined) throw invarg('preference value is invalid\n', v);
      rule.priority = p;
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      w.next();
      throw unsupported('ip rule ... tos');
    } else if (a === 'fwmark') {
      const v = w.next();
      const slash = v.indexOf('/');
      const mark = getU32(slash < 0 ? v : v.slice(0, slash));
      if (mark === undefined) throw invarg('fwmark value is invalid\n', v);
      if (slash >= 0) {
        const mask = getU32(v.slice(slash + 1));
        if (mask === undefined) throw invarg('fwmask value is invalid\n', v.slice(slash + 1));
        rule.fwmark = { mark, mask };
      } else rule.fwmark = { mark };
    } else if (matches(a, 'realms') || matches(a, 'protocol') || matches(a, 'suppress_prefixlength') || a === 'sup_pl' ||
      matches(a, 'suppress_ifgroup') || a === 'sup_group' || a === 'l3mdev' || a === 'uidrange' || matches(a, 'goto') || a === 'ipproto' ||
      a === 'sport' || a === 'dport' || matches(a, 'nat') || matches(a, 'map-to')) {
      throw unsupported(`ip rule ... ${a}`);
    } else if (matches(a, 'table') || a === 'lookup') {
      const v = w.next();
      const t = tableA2n(v);
      if (t === undefined) throw invarg('invalid table ID\n', v);
      rule.table = t;
      tableOk = true;
    } else if (a === 'dev' || a === 'iif') {
      const v = w.next();
      if (!checkIfname(v)) throw invarg('"iif"/"dev" not a valid ifname', v);
      rule.iif = v;
    } else if (a === 'oif') {
      const v = w.next();
      if (!checkIfname(v)) throw invarg('"oif" not a valid ifname', v);
      rule.oif = v;
    } else {
      let v = a;
      if (v === 'type') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_RULE);
      if (matches(v, 'goto')) throw unsupported('ip rule goto');
      let action: RuleAction;
      if (matches(v, 'nop')) action = 'nop';
      else {
        const t = rtntypeA2n(v);
        if (t === undefined) throw new IpError(`Error: argument "${v}" is wrong: Failed to parse rule type\n`, 255);
        if (t === 'blackhole' || t === 'unreachable' || t === 'prohibit') action = t;
        else if (t === 'unicast') action = 'lookup';
        else throw unsupported(`rule type ${t}`);
      }
      rule.action = action;
      tableOk = true;
    }
    w.advance();
  }
  if (fam === 'inet6') throw v6Unsupported();
  if (add) {
    if (rule.action === undefined) rule.action = 'lookup';
    if (!tableOk) rule.table = RT_TABLE_MAIN;
    return { kind: 'rule.add', opts, rule };
  }
  return { kind: 'rule.del', opts, rule };
}

// ---------------------------------------------------------------------------------------
// ip neigh
// ---------------------------------------------------------------------------------------

function doNeigh(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'neigh.show', opts, filter: neighListFilter(w, opts, ctx, false) };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return neighModify(w, opts, 'add', ctx);
  if (matches(sub, 'change') || sub === 'chg') return neighModify(w, opts, 'change', ctx);
  if (matches(sub, 'replace')) return neighModify(w, opts, 'replace', ctx);
  if (matches(sub, 'delete')) return neighModify(w, opts, 'del', ctx);
  if (matches(sub, 'get')) throw unsupported('ip neigh get');
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) {
    return { kind: 'neigh.show', opts, filter: neighListFilter(w, opts, ctx, false) };
  }
  if (matches(sub, 'flush')) {
    if (!w.more) throw new IpError('Flush requires arguments.\n', 1);
    return { kind: 'neigh.flush', opts, filter: neighListFilter(w, opts, ctx, true) };
  }
  if (matches(sub, 'help')) throw usage(USAGE_NEIGH);
  throw new IpError(`Command "${sub}" is unknown, try "ip neigh help".\n`, 255);
}

function neighModify(w: Words, opts: IpOptions, mode: 'add' | 'change' | 'replace' | 'del', ctx: IpParseContext | undefined): IpCommand {
  let dev: string | undefined;
  let dst: AddrWord | undefined;
  let lla: string | undefined;
  let state: NudState = 'PERMANENT';
  while (w.more) {
    const a = w.cur;
    if (matches(a, 'lladdr')) {
      const v = w.next();
      if (lla !== undefined) throw duparg('lladdr', v);
      lla = v;
    } else if (a === 'nud') {
      const v = w.next();
      const s = nudA2n(v);
      if (s === undefined) throw new IpError(`Error: argument "${v}" is wrong: nud state is bad\n`, 255);
      state = s;
    } else if (matches(a, 'proxy')) {
      const v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_NEIGH);
      if (dst !== undefined) throw duparg('address', v);
      getAddr(v, opts.family);
      throw unsupported('ip neigh ... proxy');
    } else if (a === 'router' || matches(a, 'extern_learn') || a === 'use' || a === 'managed') {
      throw unsupported(`ip neigh ... ${a}`);
    } else if (a === 'dev') {
      dev = w.next();
    } else if (matches(a, 'protocol')) {
      w.next();
      throw unsupported('ip neigh ... protocol');
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if (matches(v, 'help')) v = w.next();
      if (dst !== undefined) throw duparg2('to', v);
      dst = getAddr(v, opts.family);
    }
    w.advance();
  }
  if (dev === undefined || dst === undefined || dst.family === 'unspec') {
    throw new IpError('Device and destination are required arguments.\n', 255);
  }
  let mac: MacAddr | undefined;
  let macLen = 6;
  if (lla !== undefined && lla !== 'null') {
    const r = llAddrA2n(lla, 20);
    if ('bad' in r) throw new IpError(`"${r.bad}" is invalid lladdr.\n`, 1);
    macLen = r.bytes.length;
    mac = bytesToMac(r.bytes);
  }
  if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  const addr = inetAddr(dst);
  if (dst.word !== undefined) throw unsupported(`ip neigh ${dst.word}`);
  if (mode === 'del') return { kind: 'neigh.del', opts, dst: addr, dev };
  if (mac !== undefined && macLen !== 6) throw toIpError(ipErrors.invalidLinkAddress());
  return { kind: 'neigh.add', opts, mode, dst: addr, dev, state, ...(mac !== undefined ? { lladdr: mac } : {}) };
}

function neighListFilter(w: Words, opts: IpOptions, ctx: IpParseContext | undefined, flush: boolean): NeighFilter {
  let dev: string | undefined;
  let states = flush ? ~(NUD_BITS.PERMANENT | NUD_BITS.NOARP) & 0x1ff : 0xff & ~NUD_BITS.NOARP;
  let stateGiven = false;
  let prefix: IpPrefix | undefined;
  let fam: Fam = opts.family;
  while (w.more) {
    const a = w.cur;
    if (a === 'dev') {
      dev = w.next();
    } else if (a === 'master' || a === 'vrf') {
      w.next();
      throw unsupported(`ip neigh show ${a}`);
    } else if (a === 'unused') {
      throw unsupported('ip neigh show unused');
    } else if (a === 'nud') {
      const v = w.next();
      if (!stateGiven) {
        stateGiven = true;
        states = 0;
      }
      const s = nudA2n(v);
      let bits: number;
      if (s === undefined) {
        if (v !== 'all') throw new IpError(`Error: argument "${v}" is wrong: nud state is bad\n`, 255);
        bits = 0x1ff;
        if (flush) bits &= ~NUD_BITS.NOARP;
      } else bits = NUD_BITS[s];
      if (bits === 0) bits = 0x100;
      states |= bits;
    } else if (a === 'proxy') {
      throw unsupported('ip neigh show proxy');
    } else if (matches(a, 'protocol')) {
      w.next();
      throw unsupported('ip neigh show protocol');
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_NEIGH);
      const p = getPrefix1(v, fam);
      if (p === undefined) throw invarg('to value is invalid\n', v);
      if (fam === undefined) fam = famOf(p);
      prefix = toPrefix(p);
    }
    w.advance();
  }
  if (dev !== undefined && !deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  return { states, ...(dev !== undefined ? { dev } : {}), ...(prefix !== undefined ? { prefix } : {}) };
}
