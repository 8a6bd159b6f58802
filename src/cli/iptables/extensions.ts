// The iptables extensions the simulator understands, as iptables 1.8.9 loads them: the
// registry xtables_find_match()/xtables_find_target() search. Each extension is a module of
// extensions/ named after its source file (libxt_tcp.c + libxt_udp.c -> tcp-udp.ts, ...);
// the generic option machinery is extensions/xtoptions.ts. The printing side (-L, -S) lives
// in format.ts and works on the plain rule data.

import { ADDRTYPE, type AddrtypeData } from './extensions/addrtype.ts';
import { COMMENT, type CommentData } from './extensions/comment.ts';
import { CONNTRACK, type ConntrackData, STATE } from './extensions/conntrack.ts';
import { CT, type CtData, NOTRACK, type NotrackData } from './extensions/ct.ts';
import { ICMP, type IcmpData } from './extensions/icmp.ts';
import { LOG, type LogData, TRACE, type TraceData } from './extensions/log.ts';
import { IPRANGE, type IprangeData } from './extensions/iprange.ts';
import { MAC, type MacData } from './extensions/mac.ts';
import {
  CONNMARK_MATCH,
  CONNMARK_TARGET,
  type ConnmarkTargetData,
  MARK_MATCH,
  MARK_TARGET,
  type MarkMatchData,
  type MarkTargetData,
} from './extensions/mark.ts';
import { MULTIPORT, type MultiportData } from './extensions/multiport.ts';
import { DNAT, MASQUERADE, type NatData, REDIRECT, SNAT } from './extensions/nat.ts';
import { PHYSDEV, type PhysdevData } from './extensions/physdev.ts';
import { REJECT, type RejectData } from './extensions/reject.ts';
import { STANDARD, type StandardData } from './extensions/standard.ts';
import { TCP, type TcpUdpData, UDP } from './extensions/tcp-udp.ts';
import { type ExtOption, type ExtensionDef, XTOPT_INVERT } from './extensions/xtoptions.ts';

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

/** A match iptables loads (its options parse) but the simulator does not model. */
interface UnmodelledMatchData {
  readonly ext: 'unsupported-match';
  readonly name: string;
}

/** The parsed state of one loaded extension (a match or a target instance). */
export type ExtData =
  | TcpUdpData
  | IcmpData
  | ConntrackData
  | PhysdevData
  | CommentData
  | UnmodelledMatchData
  | StandardData
  | RejectData
  | NatData
  | CtData
  | NotrackData
  | LogData
  | TraceData
  | AddrtypeData
  | MultiportData
  | IprangeData
  | MacData
  | MarkMatchData
  | MarkTargetData
  | ConnmarkTargetData;

/** Loaded implicitly by `-p sctp|dccp|esp|ah` and an option: known, not modelled. */
const UNMODELLED_MATCHES = (
  [
    ['sctp', ['source-port', 'sport', 'destination-port', 'dport', 'chunk-types']],
    ['dccp', ['source-port', 'sport', 'destination-port', 'dport', 'dccp-types', 'dccp-option']],
    ['esp', ['espspi']],
    ['ah', ['ahspi']],
  ] as const
).map(
  ([name, opts]): ExtensionDef<UnmodelledMatchData> => ({
    name,
    x6: true,
    options: opts.map((o, i): ExtOption => ({ name: o, id: i, hasArg: 1, flags: XTOPT_INVERT, unsupported: true })),
    create: () => ({ ext: 'unsupported-match', name }),
  }),
);

const MATCHES: readonly ExtensionDef<ExtData>[] = [
  TCP, UDP, ICMP, CONNTRACK, STATE, PHYSDEV, COMMENT, ADDRTYPE, MULTIPORT, IPRANGE, MAC, MARK_MATCH, CONNMARK_MATCH, ...UNMODELLED_MATCHES,
];

const TARGETS: readonly ExtensionDef<ExtData>[] = [
  STANDARD, REJECT, SNAT, DNAT, MASQUERADE, REDIRECT, CT, NOTRACK, LOG, TRACE, MARK_TARGET, CONNMARK_TARGET,
];

/** xtables_find_match(). */
export function findMatchDef(name: string): ExtensionDef<ExtData> | undefined {
  return MATCHES.find((m) => m.name === name);
}

/** xtables_find_target(): the extension that answers `-j NAME` (the verdicts load "standard"). */
export function findTargetDef(name: string): ExtensionDef<ExtData> | undefined {
  const real = name === 'ACCEPT' || name === 'DROP' || name === 'RETURN' ? 'standard' : name;
  return TARGETS.find((t) => t.name === real);
}
