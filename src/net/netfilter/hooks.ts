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

import { formatIpv4 } from '../addr.ts';
import { conntrackIn } from '../conntrack/conntrack-in.ts';
import { ctStateOf, invertTuple, packetTuple, type ManipType, type Tuple } from '../conntrack/core.ts';
import { natPacket, nullBindingRange, setupNat } from '../nat/nat.ts';
import { summarize } from '../stack/describe.ts';
import { selectSourceAddress } from '../stack/routing.ts';
import type { DropReason, NatMapping } from '../trace.ts';
import { IPPROTO_ICMP, ipTotalLength, type Ipv4Packet } from '../wire/packet.ts';
import { SimulationLimit, type Device, type Namespace, type Skb } from '../world.ts';
import { ruleMatches } from './match.ts';
import type { Chain, HookName, NatRange, RuleSpec, TableName, Target } from './rule.ts';

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
  | {
      readonly kind: 'nat';
      readonly target: Extract<Target, { kind: 'SNAT' | 'DNAT' | 'MASQUERADE' | 'REDIRECT' }>;
      /** The rule that decided: its chain (a user chain when reached by a jump), 1-based number, spec. */
      readonly rule: { readonly chain: string; readonly rule: number; readonly spec: RuleSpec };
    };

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
      spec: rule.spec,
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
        return { kind: 'nat', target, rule: { chain: chain.name, rule: i + 1, spec: rule.spec } };
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

/** The address a manip owns, with the id or port when `withPort` ("10.0.0.1", "10.0.0.1 id 7", "10.0.0.1:80"). */
function endpointOf(t: Tuple, manip: ManipType, withPort: boolean): string {
  const addr = formatIpv4(manip === 'SRC' ? t.src : t.dst);
  if (!withPort) return addr;
  if (t.proto === IPPROTO_ICMP) return `${addr} id ${t.sport}`;
  return `${addr}:${manip === 'SRC' ? t.sport : t.dport}`;
}

/** What a manip changed: the address, and the id or port too when it changed. */
function mappingOf(before: Tuple, after: Tuple, manip: ManipType): NatMapping {
  const portChanged = manip === 'SRC' || before.proto === IPPROTO_ICMP ? before.sport !== after.sport : before.dport !== after.dport;
  return { from: endpointOf(before, manip, portChanged), to: endpointOf(after, manip, portChanged) };
}

/** The same for a packet: the part of it the manip owns, before and after the rewrite (an ICMP error: its addresses). */
function packetMapping(before: Ipv4Packet, after: Ipv4Packet, manip: ManipType): NatMapping {
  const addresses = (p: Ipv4Packet): Tuple => ({ src: p.src, dst: p.dst, proto: 0, sport: 0, dport: 0 });
  return mappingOf(packetTuple(before) ?? addresses(before), packetTuple(after) ?? addresses(after), manip);
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
  const trace = ns.world.recordTrace;
  const kind = manip === 'SRC' ? 'source' : 'destination';
  const direction = ref.related ? 'related' : ref.dir;
  let consulted = false;
  if (isNew && !decided) {
    consulted = true;
    const outcome = runTable(ctx);
    if (outcome.kind === 'drop' || outcome.kind === 'reject') return outcome;
    let range: NatRange | undefined;
    let randomPorts = false;
    if (outcome.kind === 'nat') {
      range = natRangeFor(ns, outcome.target, ctx.inDev, ctx.outDev, skb);
      randomPorts = outcome.target.kind !== 'DNAT' && (outcome.target.random ?? false);
    }
    const before = trace ? summarize(skb.ip) : '';
    const tupleBefore = trace ? invertTuple(entry.reply) : undefined;
    // nf_nat_setup_info refuses a confirmed entry: the rule counts, nothing changes.
    const refused = entry.confirmed;
    if (!refused) {
      setupNat(ns.conntrack, entry, range ?? nullBindingRange(entry, manip), manip, ns.world.random, ns.world.now, randomPorts);
    }
    if (trace) {
      const mapping = mappingOf(tupleBefore!, invertTuple(entry.reply), manip);
      const rule = outcome.kind === 'nat' ? { ...outcome.rule, target: outcome.target.kind } : undefined;
      ns.world.record({
        packet: skb.packetId,
        step: 'nat',
        ns: ns.name,
        dev: ctx.dev?.name,
        hook,
        table: 'nat',
        action: refused ? 'refused' : rule ? 'decided' : 'null-binding',
        manip: kind,
        direction,
        ...(rule ? { rule } : {}),
        ...(refused ? {} : { mapping }),
        summary: before,
        note: refused
          ? `nat ${hook}: ${rule ? `${rule.target} matched` : 'no rule matched'}, but the entry is already confirmed: its NAT cannot be set up any more, nothing changes`
          : rule
            ? `nat ${hook}: the nat table is consulted (the connection's first packet): ${rule.target} decides this connection's ${kind} NAT: ${mapping.from} -> ${mapping.to} (its replies will be translated back)`
            : `nat ${hook}: the nat table is consulted (the connection's first packet), no rule matched: a null binding is stored (${kind} ${mapping.from} kept${mapping.from === mapping.to ? '' : ` as ${mapping.to}: another entry holds that reply`}); this connection's ${kind} NAT is decided, later packets skip the nat chain`,
      });
    }
  }
  const before = skb.ip;
  skb.ip = natPacket(skb.ip, ref, manip);
  const changed = before !== skb.ip;
  if (changed && manip === 'DST' && before.dst !== skb.ip.dst) skb.dnatTookPlace = true;
  if (!trace || (consulted && !changed)) return { kind: 'accept' };
  const rewritten = changed ? packetMapping(before, skb.ip, manip) : undefined;
  const back = direction !== 'original';
  // What this packet got: the rewrite after a decision, or the decision kept from an earlier packet.
  const action = consulted ? 'rewrite' : decided ? 'reused' : 'skipped';
  const why =
    action === 'rewrite'
      ? ''
      : action === 'reused'
        ? `nat ${hook}: the nat table is not consulted: this connection's ${back ? '' : `${kind} `}NAT is already decided`
        : `nat ${hook}: the nat table is not consulted: only a new connection's first packet consults it, and this packet is ${ctStateOf(ref, false)}`;
  const natted = manip === 'SRC' ? entry.srcNat : entry.dstNat;
  const what = !rewritten
    ? action === 'reused' && !back && !natted
      ? ' (a null binding: no rule had matched); nothing to rewrite'
      : '; nothing to rewrite in this packet'
    : back
      ? `; ${direction === 'related' ? 'an ICMP error about the connection' : 'a reply'}: its ${kind} ${rewritten.from} is rewritten back to ${rewritten.to}, undoing the connection's ${manip === 'SRC' ? 'destination' : 'source'} NAT`
      : `; the ${kind} ${rewritten.from} is rewritten to ${rewritten.to}, as the entry says`;
  ns.world.record({
    packet: skb.packetId,
    step: 'nat',
    ns: ns.name,
    dev: ctx.dev?.name,
    hook,
    table: 'nat',
    action,
    manip: kind,
    direction,
    ...(rewritten ? { rewritten, before: summarize(before) } : {}),
    summary: summarize(skb.ip),
    note: action === 'rewrite' ? `${kind} rewritten at ${hook}: ${rewritten!.from} -> ${rewritten!.to}` : `${why}${what}`,
  });
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
    // The devices the hook knows: OUTPUT and POSTROUTING have no in device (-i is refused there).
    note: `${hook} hook${inDev && hook !== 'OUTPUT' && hook !== 'POSTROUTING' ? ` (in ${inDev.name}${skb.physIn ? ` via port ${skb.physIn.name}` : ''})` : ''}${outDev ? ` (out ${outDev.name}${skb.physOut ? ` via port ${skb.physOut.name}` : ''})` : ''}`,
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

