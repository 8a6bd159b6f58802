// The five IPv4 hooks and what runs at each, in priority order (as nf_hook_entries sorts them):
//
//   PREROUTING : raw(-300)  conntrack(-200)  mangle(-150)  nat/DST(-100)
//   INPUT      : mangle(-150)  filter(0)  nat/SRC(100)  confirm(INT_MAX)
//   FORWARD    : mangle(-150)  filter(0)
//   OUTPUT     : raw(-300)  conntrack(-200)  mangle(-150)  nat/DST(-100)  filter(0)
//   POSTROUTING: mangle(-150)  nat/SRC(100)  confirm(INT_MAX)
//
// A table's chain runs only once iptables-nft has created it in this namespace (an untouched
// table has no hook and counts nothing). The nat table runs only for a packet whose conntrack
// entry has not decided that manip type yet: the first packet of a connection.

import { conntrackIn } from '../conntrack/conntrack-in.ts';
import type { ManipType } from '../conntrack/core.ts';
import { natPacket, nullBindingRange, setupNat } from '../nat/nat.ts';
import { summarize } from '../stack/describe.ts';
import { selectSourceAddress } from '../stack/routing.ts';
import type { DropReason } from '../trace.ts';
import { ipTotalLength } from '../wire/packet.ts';
import { SimulationLimit, type Device, type Namespace, type Skb } from '../world.ts';
import { ruleMatches } from './match.ts';
import type { Chain, HookName, NatRange, TableName, Target } from './rule.ts';

/** A hook's verdict; a drop or reject says which rule, policy or conntrack check decided. */
export type HookVerdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: NetfilterDropReason }
  | { readonly kind: 'reject'; readonly target: Extract<Target, { kind: 'REJECT' }>; readonly reason: NetfilterDropReason };

export type NetfilterDropReason = Extract<DropReason, { kind: 'rule' | 'policy' | 'conntrack-clash' }>;

const HOOK_TABLES: Record<HookName, readonly (TableName | 'conntrack' | 'confirm')[]> = {
  PREROUTING: ['raw', 'conntrack', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat', 'confirm'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'conntrack', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat', 'confirm'],
};

const MANIP_OF_HOOK: Partial<Record<HookName, ManipType>> = {
  PREROUTING: 'DST',
  OUTPUT: 'DST',
  INPUT: 'SRC',
  POSTROUTING: 'SRC',
};

/**
 * Is conntrack running in this namespace? It is lazy: its hooks are registered only while a
 * rule holds a reference (nf_ct_netns_get); see ruleNeedsConntrack. A nat chain holding only
 * ACCEPT rules does not (measured).
 */
function conntrackActive(ns: Namespace): boolean {
  if (ns.conntrackActiveCache?.version === ns.rulesetVersion) return ns.conntrackActiveCache.active;
  const active = rulesNeedConntrack(ns);
  ns.conntrackActiveCache = { version: ns.rulesetVersion, active };
  return active;
}

/** Matches whose checkentry calls nf_ct_netns_get (xt_conntrack, xt_state, xt_connmark ...). */
const CONNTRACK_MATCHES: ReadonlySet<string> = new Set(['conntrack', 'state', 'connmark', 'connbytes', 'connlimit', 'helper', 'connlabel', 'cluster']);
/** Targets whose checkentry calls nf_ct_netns_get (the NAT targets, CONNMARK, CONNSECMARK). */
const CONNTRACK_TARGETS: ReadonlySet<string> = new Set(['SNAT', 'DNAT', 'MASQUERADE', 'REDIRECT', 'NETMAP', 'CONNMARK', 'CONNSECMARK']);

/**
 * Does this rule register conntrack in its namespace? The CT target does (xt_ct_tg_check),
 * except with --notrack, which returns before nf_ct_netns_get, and NOTRACK, which has no
 * checkentry at all: a namespace whose only rules untrack packets never tracks anything.
 */
export function ruleNeedsConntrack(spec: { readonly matches: readonly { readonly module: string }[]; readonly target?: Target }): boolean {
  if (spec.matches.some((m) => CONNTRACK_MATCHES.has(m.module))) return true;
  const target = spec.target;
  if (target === undefined) return false;
  if (target.kind === 'CT') return target.notrack !== true;
  return CONNTRACK_TARGETS.has(target.kind);
}

function rulesNeedConntrack(ns: Namespace): boolean {
  for (const table of ns.tables.values()) {
    for (const chain of table.chains.values()) {
      for (const rule of chain.rules) {
        if (ruleNeedsConntrack(rule.spec)) return true;
      }
    }
  }
  return false;
}

/**
 * iptables-nft attaches a base chain to its hook only once a command created it (an untouched
 * chain counts nothing). One nat base chain registers all four NAT hooks: every connection then
 * gets its NAT decision, a null binding where no chain decides.
 */
function natRegistered(ns: Namespace): boolean {
  for (const chain of ns.tables.get('nat')?.chains.values() ?? []) if (chain.builtin && chain.registered !== false) return true;
  return false;
}

type ChainOutcome =
  | { readonly kind: 'continue' } // fell off the end (policy applies for built-ins)
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: NetfilterDropReason }
  | { readonly kind: 'reject'; readonly target: Extract<Target, { kind: 'REJECT' }>; readonly reason: NetfilterDropReason }
  | { readonly kind: 'nat'; readonly target: Extract<Target, { kind: 'SNAT' | 'DNAT' | 'MASQUERADE' | 'REDIRECT' }> };

/**
 * Longest user-chain call stack before the engine gives up: a safety net only, since rule
 * changes are validated as nf_tables does (a jump loop or 16 levels is refused with EMLINK).
 */
export const MAX_CHAIN_DEPTH = 64;

export class ChainLoopError extends SimulationLimit {}

interface WalkContext {
  readonly ns: Namespace;
  readonly tableName: TableName;
  readonly hook: HookName;
  readonly skb: Skb;
  readonly inDev: Device | undefined;
  readonly outDev: Device | undefined;
  readonly dev: Device | undefined;
}

function describeRule(chain: Chain, index: number): string {
  return `rule ${index + 1} of ${chain.name}`;
}

function walkChain(ctx: WalkContext, chain: Chain, depth: number): ChainOutcome {
  if (depth > MAX_CHAIN_DEPTH) throw new ChainLoopError(`stopped: a packet went through more than ${MAX_CHAIN_DEPTH} nested user chains (a jump loop through ${chain.name}?)`);
  const { ns, skb } = ctx;
  // Validation keeps jumps 16 deep, but a chain may still be entered exponentially often.
  ns.world.countRuleChecks(chain.rules.length);
  const bytes = ipTotalLength(skb.ip);
  for (let i = 0; i < chain.rules.length; i++) {
    const rule = chain.rules[i]!;
    if (!ruleMatches(rule.spec, skb, ctx.inDev, ctx.outDev, ns)) continue;
    rule.counters.packets++;
    rule.counters.bytes += bytes;
    const target = rule.spec.target;
    if (ns.world.recordTrace) ns.world.record({
      packet: skb.packetId,
      step: 'rule',
      ns: ns.name,
      dev: ctx.dev?.name,
      hook: ctx.hook,
      table: ctx.tableName,
      chain: chain.name,
      rule: i + 1,
      verdict: target ? (target.kind === 'jump' || target.kind === 'goto' ? target.chain : target.kind) : '(no target)',
      summary: summarize(skb.ip),
      note: `${ctx.tableName} ${chain.name}: ${describeRule(chain, i)} matched${target ? ` -> ${target.kind === 'jump' || target.kind === 'goto' ? target.chain : target.kind}` : ' (counts only)'}`,
    });
    if (!target) continue;
    switch (target.kind) {
      case 'ACCEPT':
        return { kind: 'accept' };
      case 'DROP':
        return { kind: 'drop', reason: { kind: 'rule', table: ctx.tableName, chain: chain.name, rule: i + 1, verdict: 'DROP' } };
      case 'REJECT':
        return { kind: 'reject', target, reason: { kind: 'rule', table: ctx.tableName, chain: chain.name, rule: i + 1, verdict: 'REJECT' } };
      case 'RETURN':
        return { kind: 'continue' };
      case 'SNAT':
      case 'DNAT':
      case 'MASQUERADE':
      case 'REDIRECT':
        return { kind: 'nat', target };
      case 'MARK':
        // xt_MARK: mark = (mark & ~mask) ^ value
        skb.mark = (((skb.mark ?? 0) & ~target.mask) ^ target.value) >>> 0;
        continue;
      case 'CONNMARK': {
        // xt_CONNMARK v1; nothing happens to a packet without a conntrack entry.
        const entry = skb.ct?.entry;
        if (!entry) continue;
        if (target.mode === 'set') entry.mark = ((entry.mark & ~target.ctmask) ^ target.ctmark) >>> 0;
        else if (target.mode === 'save') entry.mark = ((entry.mark & ~target.ctmask) ^ ((skb.mark ?? 0) & target.nfmask)) >>> 0;
        else skb.mark = (((skb.mark ?? 0) & ~target.nfmask) ^ (entry.mark & target.ctmask)) >>> 0;
        continue;
      }
      case 'CT':
        if (target.notrack) skb.untracked = true;
        if (target.zone !== undefined) skb.zone = target.zone;
        continue;
      case 'NOTRACK':
        skb.untracked = true;
        continue;
      case 'LOG':
      case 'TRACE':
        continue;
      case 'jump':
      case 'goto': {
        const sub = ns.tables.get(ctx.tableName)!.chains.get(target.chain);
        if (!sub) continue;
        const outcome = walkChain(ctx, sub, depth + 1);
        if (outcome.kind !== 'continue' || target.kind === 'goto') return outcome;
        continue;
      }
    }
  }
  return { kind: 'continue' };
}

/** The table's base chain at this hook, if one is attached (iptables-nft registers it on first use). */
function attachedChain(ns: Namespace, table: TableName, hook: HookName): Chain | undefined {
  const chain = ns.tables.get(table)?.chains.get(hook);
  return chain && chain.registered !== false ? chain : undefined;
}

/** Runs one table's built-in chain for this hook; returns its outcome after the policy. */
function runTable(ctx: WalkContext): ChainOutcome {
  const chain = attachedChain(ctx.ns, ctx.tableName, ctx.hook);
  if (!chain) return { kind: 'accept' };
  const outcome = walkChain(ctx, chain, 0);
  if (outcome.kind !== 'continue') return outcome;
  // A base chain made by -A/-I has no policy counter (iptables-nft lists 0); -P or -Z gives it one.
  if (chain.countsPolicy !== false) {
    chain.policyCounters.packets++;
    chain.policyCounters.bytes += ipTotalLength(ctx.skb.ip);
  }
  const policy = chain.policy ?? 'ACCEPT';
  if (ctx.ns.world.recordTrace) ctx.ns.world.record({
    packet: ctx.skb.packetId,
    step: 'policy',
    ns: ctx.ns.name,
    dev: ctx.dev?.name,
    hook: ctx.hook,
    table: ctx.tableName,
    chain: ctx.hook,
    verdict: policy,
    summary: summarize(ctx.skb.ip),
    note: `${ctx.tableName} ${ctx.hook}: no rule decided, the policy ${policy} applies`,
  });
  return policy === 'DROP' ? { kind: 'drop', reason: { kind: 'policy', table: ctx.tableName, chain: ctx.hook } } : { kind: 'accept' };
}

function natRangeFor(
  ns: Namespace,
  target: Extract<Target, { kind: 'SNAT' | 'DNAT' | 'MASQUERADE' | 'REDIRECT' }>,
  inDev: Device | undefined,
  outDev: Device | undefined,
  skb: Skb,
): NatRange | undefined {
  if (target.kind === 'REDIRECT') {
    // nf_nat_redirect_ipv4(): locally generated packets go to 127.0.0.1, others to the first
    // address of the device they came in on (none: the packet is dropped).
    const addr = inDev === undefined ? 0x7f000001 : inDev.addresses[0]?.addr;
    if (addr === undefined) return undefined;
    return { minAddr: addr, maxAddr: addr, ...(target.toPorts ? { ports: target.toPorts } : {}) };
  }
  if (target.kind !== 'MASQUERADE') return target.to;
  if (!outDev) return undefined;
  // MASQUERADE: the address the route would pick as source on the way out (inet_select_addr).
  const addr = selectSourceAddress(ns, outDev, skb.ip.dst);
  if (addr === undefined) return undefined;
  return { minAddr: addr, maxAddr: addr, ports: target.toPorts };
}

/** nf_nat_inet_fn for one hook: decide NAT on a connection's first packet, then translate. */
function natHook(ctx: WalkContext): ChainOutcome {
  const { ns, skb, hook } = ctx;
  const manip = MANIP_OF_HOOK[hook];
  if (!manip || !natRegistered(ns) || !skb.ct || skb.untracked) return { kind: 'accept' };
  const ref = skb.ct;
  const entry = ref.entry;
  // ctinfo NEW: original direction, no reply seen yet (confirmed or not).
  const isNew = !ref.related && ref.dir === 'original' && !entry.seenReply;
  const decided = manip === 'SRC' ? entry.srcNatDone : entry.dstNatDone;
  if (isNew && !decided) {
    const outcome = runTable(ctx);
    if (outcome.kind === 'drop' || outcome.kind === 'reject') return outcome;
    let range: NatRange | undefined;
    let randomPorts = false;
    if (outcome.kind === 'nat') {
      range = natRangeFor(ns, outcome.target, ctx.inDev, ctx.outDev, skb);
      randomPorts = outcome.target.kind !== 'DNAT' && (outcome.target.random ?? false);
    }
    const before = ns.world.recordTrace ? summarize(skb.ip) : '';
    // nf_nat_setup_info refuses a confirmed entry: the rule counts, nothing changes.
    if (!entry.confirmed) {
      setupNat(ns.conntrack, entry, range ?? nullBindingRange(entry, manip), manip, ns.world.random, ns.world.now, randomPorts);
    }
    if (ns.world.recordTrace) ns.world.record({
      packet: skb.packetId,
      step: 'nat',
      ns: ns.name,
      dev: ctx.dev?.name,
      hook,
      table: 'nat',
      summary: before,
      note:
        outcome.kind === 'nat'
          ? `nat ${hook}: ${outcome.target.kind} decided for this connection (its reply will be translated back)`
          : `nat ${hook}: no rule matched, a null binding is stored: this connection's ${manip === 'SRC' ? 'source' : 'destination'} NAT is decided, later packets skip the nat chain`,
    });
  }
  const before = skb.ip;
  skb.ip = natPacket(skb.ip, ref, manip);
  if (before !== skb.ip) {
    if (manip === 'DST' && before.dst !== skb.ip.dst) skb.dnatTookPlace = true;
    if (ns.world.recordTrace) ns.world.record({
      packet: skb.packetId,
      step: 'nat',
      ns: ns.name,
      dev: ctx.dev?.name,
      hook,
      table: 'nat',
      before: summarize(before),
      summary: summarize(skb.ip),
      note: `${manip === 'SRC' ? 'source' : 'destination'} rewritten at ${hook}: ${summarize(before)}  =>  ${summarize(skb.ip)}${ref.dir === 'reply' || ref.related ? ' (reply direction: conntrack undoes the connection\'s NAT)' : ''}`,
    });
  }
  return { kind: 'accept' };
}

/**
 * Runs every table registered at `hook` on the packet, in priority order.
 * Returns accept, drop, or reject (the caller sends the ICMP error and drops).
 */
export function runHook(ns: Namespace, hook: HookName, skb: Skb, inDev: Device | undefined, outDev: Device | undefined): HookVerdict {
  const dev = hook === 'POSTROUTING' || hook === 'OUTPUT' ? outDev : inDev;
  if (ns.world.recordTrace) ns.world.record({
    packet: skb.packetId,
    step: 'hook',
    ns: ns.name,
    dev: dev?.name,
    hook,
    summary: summarize(skb.ip),
    note: `${hook} hook${inDev ? ` (in ${inDev.name}${skb.physIn ? ` via port ${skb.physIn.name}` : ''})` : ''}${outDev ? ` (out ${outDev.name}${skb.physOut ? ` via port ${skb.physOut.name}` : ''})` : ''}`,
  });
  const ctOn = conntrackActive(ns);
  for (const stage of HOOK_TABLES[hook]) {
    if (stage !== 'conntrack' && stage !== 'confirm' && stage !== 'nat') {
      // Most tables have no chain at most hooks: nothing to walk (runTable would accept).
      if (!attachedChain(ns, stage, hook)) continue;
    }
    const ctx: WalkContext = { ns, tableName: stage === 'conntrack' || stage === 'confirm' ? 'raw' : stage, hook, skb, inDev, outDev, dev };
    let outcome: ChainOutcome;
    if (stage === 'conntrack') {
      if (ctOn) conntrackIn(ns, skb, hook, dev);
      continue;
    } else if (stage === 'confirm') {
      if (ctOn && skb.ct && !skb.ct.related && !skb.ct.entry.confirmed) {
        if (!ns.conntrack.confirm(skb.ct.entry)) return { kind: 'drop', reason: { kind: 'conntrack-clash' } };
      }
      continue;
    } else if (stage === 'nat') {
      outcome = natHook(ctx);
    } else {
      outcome = runTable(ctx);
    }
    if (outcome.kind === 'drop' || outcome.kind === 'reject') return outcome;
  }
  return { kind: 'accept' };
}

