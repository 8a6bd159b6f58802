// Netfilter rules as plain data (the shape of gVisor's iptables: filter + matches + target).
// The iptables CLI parses command lines into these; the engine evaluates them; the
// listing code (`iptables -L -v -n -x`, `iptables -S`) prints them back.

import type { Cidr } from '../addr.ts';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter';
export type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/** Built-in chains of each table, in the order iptables lists them. */
export const TABLE_HOOKS: Record<TableName, readonly HookName[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

export interface Negatable<T> {
  readonly value: T;
  readonly negate: boolean;
}

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** Options of one `-m NAME ...` (or the implicit match that `-p tcp --dport` loads). */
export type Match =
  | {
      readonly module: 'tcp' | 'udp';
      readonly sport?: Negatable<PortRange>;
      readonly dport?: Negatable<PortRange>;
      /** tcp `--syn` / `--tcp-flags MASK COMP`: (flags & mask) == comp. Such a tcp match stays an xt match. */
      readonly flags?: Negatable<{ mask: number; comp: number }>;
    }
  // code undefined: any code; type 255 with any code is `--icmp-type any`
  | { readonly module: 'icmp'; readonly icmpType: Negatable<{ type: number; code?: number }> }
  | { readonly module: 'conntrack'; readonly ctstate: Negatable<readonly CtState[]> }
  | { readonly module: 'state'; readonly state: Negatable<readonly CtState[]> }
  | {
      readonly module: 'physdev';
      readonly physdevIn?: Negatable<string>;
      readonly physdevOut?: Negatable<string>;
      readonly isIn?: Negatable<true>;
      readonly isOut?: Negatable<true>;
      readonly isBridged?: Negatable<true>;
    }
  | { readonly module: 'comment'; readonly comment: string }
  /** xt_addrtype v1: bit i of a type mask is rtn type i (ADDRTYPE_NAMES order). */
  | {
      readonly module: 'addrtype';
      readonly srcType?: Negatable<number>;
      readonly dstType?: Negatable<number>;
      readonly limitIn?: boolean;
      readonly limitOut?: boolean;
    }
  /** xt_multiport v1: items are single ports or ranges, in typed order. */
  | {
      readonly module: 'multiport';
      readonly which: 'sports' | 'dports' | 'ports';
      readonly ports: Negatable<readonly PortRange[]>;
    }
  | { readonly module: 'iprange'; readonly src?: Negatable<PortRange>; readonly dst?: Negatable<PortRange> }
  | { readonly module: 'mac'; readonly mac: Negatable<string> }
  /** (mark & mask) == value; the mask is 0xffffffff when none was given. */
  | { readonly module: 'mark' | 'connmark'; readonly mark: Negatable<{ value: number; mask: number }> };

/** NAT range: `--to-source A[-B][:P[-Q]]`; an absent address range keeps the address (ports only). */
export interface NatRange {
  readonly minAddr?: number;
  readonly maxAddr?: number;
  readonly ports?: PortRange;
}

export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

export type Target =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  | { readonly kind: 'RETURN' }
  | { readonly kind: 'REJECT'; readonly rejectWith: RejectWith }
  | {
      readonly kind: 'SNAT';
      readonly to: NatRange;
      readonly random?: boolean;
      readonly randomFully?: boolean;
      readonly persistent?: boolean;
    }
  | { readonly kind: 'DNAT'; readonly to: NatRange; readonly random?: boolean; readonly persistent?: boolean }
  | { readonly kind: 'MASQUERADE'; readonly toPorts?: PortRange; readonly random?: boolean; readonly randomFully?: boolean }
  | { readonly kind: 'CT'; readonly zone?: number; readonly notrack?: boolean } // zone 0 is stored as undefined
  | { readonly kind: 'NOTRACK' } // `-j NOTRACK`: the kernel's CT --notrack, listed as target CT with "NOTRACK"
  /** level is the syslog level 0..7 (iptables' default 4 is filled in); flags: LOG_FLAGS bits. */
  | { readonly kind: 'LOG'; readonly prefix?: string; readonly level?: number; readonly flags?: number }
  | { readonly kind: 'TRACE' }
  /** xt_MARK: mark = (mark & ~mask) ^ value. */
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number }
  /** xt_CONNMARK v1. set: ctmark = (ctmark & ~ctmask) ^ ctmark-value; save/restore copy under masks. */
  | { readonly kind: 'CONNMARK'; readonly mode: 'set' | 'save' | 'restore'; readonly ctmark: number; readonly ctmask: number; readonly nfmask: number }
  /** REDIRECT [--to-ports P[-Q]]: DNAT to the address of the receiving interface (127.0.0.1 locally). */
  | { readonly kind: 'REDIRECT'; readonly toPorts?: PortRange; readonly random?: boolean }
  | { readonly kind: 'jump'; readonly chain: string } // -j USERCHAIN
  | { readonly kind: 'goto'; readonly chain: string }; // -g USERCHAIN

/** Bits of a LOG target's flags, as `LOG flags N` prints them. */
export const LOG_FLAGS = {
  tcpSequence: 0x01, // --log-tcp-sequence
  tcpOptions: 0x02, // --log-tcp-options
  ipOptions: 0x04, // --log-ip-options
  uid: 0x08, // --log-uid
  macDecode: 0x20, // --log-macdecode
} as const;

/**
 * One rule, in the canonical form iptables-nft lists it back (the parser normalizes what was
 * typed: `-s 0/0` and `-p all` vanish, tcp/udp port matches of one rule merge, ...), so two
 * specs are the same rule for `-D`/`-C` exactly when they are deep-equal.
 */
export interface RuleSpec {
  readonly source?: Negatable<Cidr>;
  readonly destination?: Negatable<Cidr>;
  readonly inInterface?: Negatable<string>; // may end in '+' (prefix match)
  readonly outInterface?: Negatable<string>;
  /** Protocol number (0 = all, as `-p all`); undefined when `-p` was not given. */
  readonly protocol?: Negatable<number>;
  readonly matches: readonly Match[]; // in command-line order
  readonly target?: Target; // undefined: a counting rule with no target
}

export interface Counters {
  packets: number;
  bytes: number;
}

export interface Rule {
  readonly spec: RuleSpec;
  readonly counters: Counters;
}

export interface Chain {
  readonly name: string;
  readonly builtin: boolean;
  policy?: 'ACCEPT' | 'DROP'; // built-in chains only
  readonly policyCounters: Counters; // packets that fell off the end of a built-in chain
  rules: Rule[];
  references: number; // how many rules jump here (shown in -L of user chains)
  /**
   * Built-in chains only: whether iptables-nft has created this base chain in the kernel.
   * It does so lazily, the first time a command adds a rule to the chain, sets its policy
   * or flushes it by name (-A/-I/-R/-P/-F CHAIN); `-X CHAIN` of an empty built-in chain
   * removes it again. A chain that is not registered is not attached to its hook: packets do
   * not traverse it and its policy counters stay 0, although -L still lists it. User chains
   * are always registered; undefined means registered.
   */
  registered?: boolean;
  /**
   * Built-in chains only: whether the base chain has a counter for its policy. iptables-nft
   * 1.8.9 gives it one when `-P` sets the policy or `-Z` zeroes the chain; a base chain that
   * -A/-I/-F created has none, and its policy counters then stay 0 whatever falls through.
   * Undefined means counted.
   */
  countsPolicy?: boolean;
}

export interface Table {
  readonly name: TableName;
  /**
   * Whether iptables-nft has created this table in the kernel: it does so with the first chain
   * it creates in it (see Chain.registered, `-N`) and never removes it. Undefined: not yet.
   */
  registered?: boolean;
  // insertion order = listing order: built-ins first, then user chains sorted by name (strcmp
  // order, as iptables-nft lists them)
  readonly chains: Map<string, Chain>;
}

/**
 * A parsed `iptables` command line, before it meets the ruleset. Rule numbers (`index`,
 * `rulenum`) are 1-based, as typed. `verbose` (-v) makes the mutating commands print what
 * they do.
 */
export type IptablesCommand =
  | {
      readonly op: 'append';
      readonly table: TableName;
      readonly chain: string;
      readonly spec: RuleSpec;
      /** `-s A,B -d C,D`: iptables makes one rule per source x destination; these follow `spec`. */
      readonly extraSpecs?: readonly RuleSpec[];
      readonly verbose?: boolean;
      readonly counters?: Counters; // -c PKTS BYTES
    }
  | {
      readonly op: 'insert';
      readonly table: TableName;
      readonly chain: string;
      readonly index: number;
      readonly spec: RuleSpec;
      /** `-s A,B -d C,D`: iptables makes one rule per source x destination; these follow `spec`. */
      readonly extraSpecs?: readonly RuleSpec[];
      readonly verbose?: boolean;
      readonly counters?: Counters;
    }
  | { readonly op: 'delete'; readonly table: TableName; readonly chain: string; readonly spec: RuleSpec; readonly extraSpecs?: readonly RuleSpec[]; readonly verbose?: boolean }
  | { readonly op: 'delete-num'; readonly table: TableName; readonly chain: string; readonly index: number; readonly verbose?: boolean }
  | {
      readonly op: 'replace';
      readonly table: TableName;
      readonly chain: string;
      readonly index: number;
      readonly spec: RuleSpec;
      readonly verbose?: boolean;
      readonly counters?: Counters;
    }
  | { readonly op: 'check'; readonly table: TableName; readonly chain: string; readonly spec: RuleSpec; readonly extraSpecs?: readonly RuleSpec[]; readonly verbose?: boolean }
  | { readonly op: 'policy'; readonly table: TableName; readonly chain: string; readonly policy: 'ACCEPT' | 'DROP' }
  | { readonly op: 'new-chain'; readonly table: TableName; readonly chain: string }
  | { readonly op: 'rename-chain'; readonly table: TableName; readonly chain: string; readonly newName: string }
  | { readonly op: 'flush'; readonly table: TableName; readonly chain?: string; readonly verbose?: boolean }
  | { readonly op: 'delete-chain'; readonly table: TableName; readonly chain?: string; readonly verbose?: boolean }
  | { readonly op: 'zero'; readonly table: TableName; readonly chain?: string; readonly rulenum?: number; readonly verbose?: boolean }
  | {
      readonly op: 'list';
      readonly table: TableName;
      readonly chain?: string;
      readonly rulenum?: number; // -L CHAIN N: only that rule, without headers
      readonly verbose: boolean;
      readonly numeric: boolean;
      readonly exact: boolean;
      readonly lineNumbers: boolean;
      readonly zero?: boolean; // -L -Z: zero the counters after listing
    }
  | {
      readonly op: 'list-rules';
      readonly table: TableName;
      readonly chain?: string;
      readonly rulenum?: number;
      readonly verbose: boolean; // -S -v prints counters as -c PKTS BYTES
      readonly zero?: boolean;
    }
  | { readonly op: 'version' }; // -V
