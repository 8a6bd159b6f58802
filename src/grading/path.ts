// Path predictions: "which hooks does this packet go through?", "which rule counters move?"
// and "what does conntrack -L hold?", graded against the engine's trace and printed output.
//
// Hooks and rules are ordered lists (a packet meets them in order) and are graded with the
// same alignment as capture lines (align.ts). Conntrack entries are a set: `conntrack -L`
// lists them in hash order, so entries are matched regardless of order.

import { formatIpv4, parseIpv4 } from '../net/addr.ts';
import type { HookName, TableName } from '../net/netfilter/rule.ts';
import type { TraceEvent } from '../net/trace.ts';
import type { LabModel, PacketWalk } from '../lab/lab-model.ts';
import { gradeSequence, summarize, type GradeSummary, type ItemStatus, type Mark, type SequenceGrade } from './align.ts';
import type { ParseResult } from './capture.ts';

export const HOOK_NAMES: readonly HookName[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter'];

type Steps = PacketWalk | readonly TraceEvent[];
const stepsOf = (walk: Steps): readonly TraceEvent[] => ('steps' in walk ? walk.steps : walk);

// --- Hooks -------------------------------------------------------------------------------

export interface HookStep {
  readonly ns: string;
  readonly hook: HookName;
  /** The device the engine names at this hook (out device at OUTPUT/POSTROUTING, else in); not graded. */
  readonly dev?: string;
}

export type HookField = 'ns' | 'hook';
export const HOOK_FIELDS: readonly HookField[] = ['ns', 'hook'];

/**
 * The netfilter hooks the packet went through, in order, with the namespace of each: one item
 * per time the hook ran (a packet that crosses a namespace twice meets its hooks twice). A
 * packet dropped in a hook still went through it. With bridge-nf-call-iptables the IPv4 hooks
 * run at the bridge port and are listed as the ordinary hooks they are.
 */
export function hooksOf(walk: Steps): HookStep[] {
  const out: HookStep[] = [];
  for (const e of stepsOf(walk)) {
    if (e.step !== 'hook') continue;
    out.push({ ns: e.ns, hook: e.hook, ...(e.dev !== undefined ? { dev: e.dev } : {}) });
  }
  return out;
}

export function gradeHooks(predicted: readonly HookStep[], expected: readonly HookStep[]): SequenceGrade<HookStep, HookField> {
  return gradeSequence(predicted, expected, HOOK_FIELDS);
}

/**
 * A typed list of hooks: items separated by newlines, commas, "->" or "→"; each item
 * "[NAMESPACE] HOOK" (also "NAMESPACE: HOOK", "HOOK@NAMESPACE", "HOOK (NAMESPACE)"); hook names in any case.
 * Items without a namespace take `defaultNs`.
 */
export function parseHookList(text: string, defaultNs = 'default'): { steps: HookStep[]; errors: string[] } {
  const steps: HookStep[] = [];
  const errors: string[] = [];
  for (const raw of text.split(/\r?\n|,|->|→/)) {
    const item = raw.trim();
    if (item === '' || item.startsWith('#')) continue;
    const words = item.replace(/[:@()]/g, ' ').trim().split(/\s+/);
    const hookWords = words.filter((w) => (HOOK_NAMES as readonly string[]).includes(w.toUpperCase()));
    const others = words.filter((w) => !(HOOK_NAMES as readonly string[]).includes(w.toUpperCase()));
    if (hookWords.length !== 1) {
      errors.push(
        hookWords.length === 0
          ? `"${item}": no hook name (one of ${HOOK_NAMES.join(', ')})`
          : `"${item}": one hook per item (separate them with commas or "->")`,
      );
      continue;
    }
    if (others.length > 1) {
      errors.push(`"${item}": expected "NAMESPACE HOOK", found more words (${others.join(' ')})`);
      continue;
    }
    steps.push({ ns: others[0] ?? defaultNs, hook: hookWords[0]!.toUpperCase() as HookName });
  }
  return { steps, errors };
}

// --- Rules -------------------------------------------------------------------------------

export interface RuleHit {
  readonly ns: string;
  readonly table: TableName;
  /** The chain the rule is in (a user chain for rules reached by a jump). */
  readonly chain: string;
  /** 1-based, as `iptables -L --line-numbers` counts. */
  readonly rule: number;
  /** The target: ACCEPT, DROP, SNAT, ..., a user chain's name for a jump, '(no target)' for a counting rule. */
  readonly verdict: string;
}

export type RuleField = 'ns' | 'table' | 'chain' | 'rule' | 'verdict';
export const RULE_FIELDS: readonly RuleField[] = ['ns', 'table', 'chain', 'rule', 'verdict'];

/**
 * The rules that matched the packet, in order: exactly the rules whose counters this packet
 * moved (a matching rule counts even when its target lets the walk go on: counting rules,
 * LOG, CT, a jump). Built-in chain policies are not listed: iptables-nft does not count them.
 */
export function rulesOf(walk: Steps): RuleHit[] {
  const out: RuleHit[] = [];
  for (const e of stepsOf(walk)) {
    if (e.step !== 'rule') continue;
    out.push({ ns: e.ns, table: e.table, chain: e.chain, rule: e.rule, verdict: e.verdict });
  }
  return out;
}

/**
 * Grades predicted rule hits. `fields` chooses what the exercise asks: leave 'verdict' out
 * when the question is only "which counters move".
 */
export function gradeRules<F extends RuleField = RuleField>(
  predicted: readonly RuleHit[],
  expected: readonly RuleHit[],
  fields: readonly F[] = RULE_FIELDS as readonly F[],
): SequenceGrade<RuleHit, F> {
  return gradeSequence(predicted, expected, fields);
}

/** Every rule hit of every packet of a run, in packet order (what `iptables -L -v` would add up). */
export function allRuleHits(model: LabModel): RuleHit[] {
  return model.packets.flatMap((p) => rulesOf(p));
}

/**
 * A typed rule hit: "[NAMESPACE] [TABLE] CHAIN RULENUMBER [VERDICT]", e.g. "nat POSTROUTING 1
 * SNAT", "default filter INPUT 6"; the table defaults to filter, the namespace to `defaultNs`,
 * a missing verdict to '(no target)'. Chain names keep their case (user chains are
 * case-sensitive); built-in chain names and targets are upper-cased.
 */
export function parseRuleHit(text: string, defaultNs = 'default'): ParseResult<RuleHit> {
  // "rule N of [NS] [TABLE] CHAIN [-> VERDICT]" is the same thing said the other way round.
  const flipped = /^rule\s+(\d+)\s+(?:of|in)\s+(\S+(?:\s+\S+)*?)(?:\s*->\s*(\S+))?$/i.exec(text.trim());
  const normal = flipped ? `${flipped[2]!} ${flipped[1]!}${flipped[3] ? ` ${flipped[3]}` : ''}` : text;
  const words = normal.trim().split(/\s+/).filter((w) => w !== '' && !/^(rule|->)$/i.test(w));
  const numAt = words.findIndex((w) => /^\d+$/.test(w));
  if (numAt < 1) return { ok: false, error: `"${text.trim()}": expected "[TABLE] CHAIN RULENUMBER", e.g. "nat POSTROUTING 1"` };
  const head = words.slice(0, numAt);
  const builtin = (w: string): string => ((HOOK_NAMES as readonly string[]).includes(w.toUpperCase()) ? w.toUpperCase() : w);
  const chain = builtin(head.pop()!);
  let table: TableName = 'filter';
  if (head.length > 0 && (TABLE_NAMES as readonly string[]).includes(head[head.length - 1]!.toLowerCase())) {
    table = head.pop()!.toLowerCase() as TableName;
  }
  if (head.length > 1) return { ok: false, error: `"${text.trim()}": too many words before the chain (${head.join(' ')})` };
  const ns = head[0] ?? defaultNs;
  const rest = words.slice(numAt + 1);
  if (rest.length > 1) return { ok: false, error: `"${text.trim()}": one target after the rule number` };
  const rawVerdict = rest[0];
  const verdict = rawVerdict === undefined ? '(no target)' : KNOWN_TARGETS.has(rawVerdict.toUpperCase()) ? rawVerdict.toUpperCase() : rawVerdict;
  return { ok: true, value: { ns, table, chain, rule: Number(words[numAt]), verdict } };
}

const KNOWN_TARGETS = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'SNAT', 'DNAT', 'MASQUERADE', 'LOG', 'CT', 'NOTRACK', 'TRACE']);

// --- Conntrack ---------------------------------------------------------------------------

export interface ConntrackTuple {
  readonly src: string;
  readonly dst: string;
  /** TCP/UDP. */
  readonly sport?: number;
  readonly dport?: number;
  /** ICMP. */
  readonly type?: number;
  readonly code?: number;
  readonly id?: number;
}

export interface ConntrackEntryFields {
  /** 'icmp' | 'tcp' | 'udp' | another name conntrack prints. */
  readonly proto: string;
  readonly timeout?: number;
  /** TCP state (ESTABLISHED, SYN_SENT, ...). */
  readonly state?: string;
  readonly orig: ConntrackTuple;
  readonly reply: ConntrackTuple;
  readonly unreplied: boolean;
  readonly assured: boolean;
  readonly mark?: number;
  /** 0 when conntrack prints no zone. */
  readonly zone: number;
}

export type ConntrackField =
  | 'proto'
  | 'state'
  | 'origSrc'
  | 'origDst'
  | 'origSport'
  | 'origDport'
  | 'origType'
  | 'origCode'
  | 'origId'
  | 'replySrc'
  | 'replyDst'
  | 'replySport'
  | 'replyDport'
  | 'replyType'
  | 'replyCode'
  | 'replyId'
  | 'unreplied'
  | 'assured'
  | 'mark'
  | 'zone';

/** Graded in every prediction: addresses, direction flags, zone. */
export const CONNTRACK_ALWAYS: readonly ConntrackField[] = ['proto', 'origSrc', 'origDst', 'replySrc', 'replyDst', 'unreplied', 'zone'];
/** Graded only when the prediction states them (a learner who writes id=0 means it). */
export const CONNTRACK_WHEN_STATED: readonly ConntrackField[] = [
  'state',
  'origSport',
  'origDport',
  'origType',
  'origCode',
  'origId',
  'replySport',
  'replyDport',
  'replyType',
  'replyCode',
  'replyId',
  'mark',
];

export function conntrackFieldValue(e: ConntrackEntryFields, f: ConntrackField): string | number | boolean | undefined {
  switch (f) {
    case 'proto':
      return e.proto;
    case 'state':
      return e.state;
    case 'unreplied':
      return e.unreplied;
    case 'assured':
      return e.assured;
    case 'mark':
      return e.mark;
    case 'zone':
      return e.zone;
    default: {
      const tuple = f.startsWith('orig') ? e.orig : e.reply;
      const key = f.replace(/^(orig|reply)/, '').toLowerCase() as 'src' | 'dst' | 'sport' | 'dport' | 'type' | 'code' | 'id';
      return tuple[key];
    }
  }
}

const TUPLE_KEYS = new Set(['src', 'dst', 'sport', 'dport', 'type', 'code', 'id']);
const IGNORED_KEYS = new Set(['use', 'secctx', 'labels', 'delta-time', 'timestamp', 'helper']);

/**
 * One `conntrack -L` line (as conntrack-tools prints it, or as a learner types one: the
 * protocol number, timeout, mark and use may be left out, any case and spacing). The first
 * src=/dst= group is the original direction, the second the reply direction.
 */
export function parseConntrackLine(text: string): ParseResult<ConntrackEntryFields> {
  const tokens = text.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, error: 'an empty line' };
  let i = 0;
  let proto: string | undefined;
  if (/^[a-z][a-z0-9-]*$/i.test(tokens[0]!) && !tokens[0]!.includes('=')) proto = tokens[i++]!.toLowerCase();
  if (i < tokens.length && /^\d+$/.test(tokens[i]!)) i++; // protocol number
  let timeout: number | undefined;
  if (i < tokens.length && /^\d+$/.test(tokens[i]!)) timeout = Number(tokens[i++]);
  let state: string | undefined;
  if (i < tokens.length && /^[A-Z_]+$/i.test(tokens[i]!) && !tokens[i]!.startsWith('[')) state = tokens[i++]!.toUpperCase();
  const tuples: Record<string, string>[] = [];
  let unreplied = false;
  let assured = false;
  let mark: number | undefined;
  let zone = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    const flag = /^\[([A-Z_]+)\]$/i.exec(t);
    if (flag) {
      const f = flag[1]!.toUpperCase();
      if (f === 'UNREPLIED') unreplied = true;
      else if (f === 'ASSURED') assured = true;
      continue;
    }
    const kv = /^([a-z-]+)=(\S*)$/i.exec(t);
    if (!kv) return { ok: false, error: `"${t}" not understood (expected KEY=VALUE like src=10.0.0.1, or a flag like [UNREPLIED])` };
    const key = kv[1]!.toLowerCase();
    const value = kv[2]!;
    if (TUPLE_KEYS.has(key)) {
      if (key === 'src') {
        if (tuples.length === 2) return { ok: false, error: 'more than two src= (an entry has an original and a reply tuple)' };
        tuples.push({});
      } else if (tuples.length === 0) return { ok: false, error: `"${t}": a tuple starts with src=` };
      const tuple = tuples[tuples.length - 1]!;
      if (key in tuple) return { ok: false, error: `"${t}": ${key}= given twice in one tuple` };
      tuple[key] = value;
      continue;
    }
    if (key === 'mark' || key === 'zone') {
      if (!/^\d+$/.test(value)) return { ok: false, error: `"${t}": ${key} is a number` };
      if (key === 'mark') mark = Number(value);
      else zone = Number(value);
      continue;
    }
    if (IGNORED_KEYS.has(key)) continue;
    return { ok: false, error: `"${t}": unknown key ${key}=` };
  }
  if (tuples.length !== 2) {
    return { ok: false, error: `expected two tuples (original: src=A dst=B ..., reply: src=C dst=D ...), found ${tuples.length}` };
  }
  const built: ConntrackTuple[] = [];
  for (const [n, raw] of tuples.entries()) {
    const which = n === 0 ? 'original' : 'reply';
    const out: { -readonly [K in keyof ConntrackTuple]: ConntrackTuple[K] } = { src: '', dst: '' };
    for (const key of ['src', 'dst'] as const) {
      const a = raw[key] === undefined ? undefined : parseIpv4(raw[key]);
      if (a === undefined) return { ok: false, error: raw[key] === undefined ? `the ${which} tuple has no ${key}=` : `${key}=${raw[key]} (${which}) is not an IPv4 address` };
      out[key] = formatIpv4(a);
    }
    for (const key of ['sport', 'dport', 'type', 'code', 'id'] as const) {
      const v = raw[key];
      if (v === undefined) continue;
      if (!/^\d+$/.test(v)) return { ok: false, error: `${key}=${v} (${which}) is not a number` };
      out[key] = Number(v);
    }
    built.push(out);
  }
  if (proto === undefined) {
    if (built.some((t) => t.type !== undefined || t.id !== undefined)) proto = 'icmp';
    else return { ok: false, error: 'start with the protocol (icmp, tcp or udp)' };
  }
  return {
    ok: true,
    value: {
      proto,
      ...(timeout !== undefined ? { timeout } : {}),
      ...(state !== undefined ? { state } : {}),
      orig: built[0]!,
      reply: built[1]!,
      unreplied,
      assured,
      ...(mark !== undefined ? { mark } : {}),
      zone,
    },
  };
}

/** `conntrack -L` output (or a learner's typed table): one entry per non-empty line. */
export function parseConntrackList(text: string): { entries: ConntrackEntryFields[]; errors: { line: number; message: string }[] } {
  const entries: ConntrackEntryFields[] = [];
  const errors: { line: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || /^conntrack v[\d.]+ \(conntrack-tools\):/.test(t)) return;
    const r = parseConntrackLine(t);
    if (r.ok) entries.push(r.value);
    else errors.push({ line: index + 1, message: r.error });
  });
  return { entries, errors };
}

/**
 * The entries a `conntrack -L` printed in a lab: the last such block of namespace `ns`
 * (or `nth` of them, 0-based). Undefined when the scenario prints none.
 */
export function conntrackOf(model: LabModel, ns = 'default', nth?: number): ConntrackEntryFields[] | undefined {
  const blocks = model.printed.filter((p) => p.ns === ns && /^conntrack\s+(-L|--dump)\b/.test(p.command));
  const block = nth === undefined ? blocks[blocks.length - 1] : blocks[nth];
  return block ? parseConntrackList(block.output).entries : undefined;
}

export interface ConntrackEntryGrade {
  readonly status: ItemStatus;
  readonly predicted?: ConntrackEntryFields;
  readonly expected?: ConntrackEntryFields;
  /** Only the fields that were graded. */
  readonly fields: Partial<Record<ConntrackField, Mark>>;
  /** 'extra' only: the same entry (on its graded fields) is already predicted above. */
  readonly duplicate?: boolean;
}

/** Which fields a prediction is graded on: CONNTRACK_ALWAYS plus the optional ones it states. */
export function gradedConntrackFields(predicted: ConntrackEntryFields): ConntrackField[] {
  return [...CONNTRACK_ALWAYS, ...CONNTRACK_WHEN_STATED.filter((f) => conntrackFieldValue(predicted, f) !== undefined)];
}

/**
 * Grades one predicted entry against one expected entry, field by field. `fields` overrides the
 * default choice (gradedConntrackFields): pass e.g. [...CONNTRACK_ALWAYS, 'assured'] when the
 * exercise asks about [ASSURED].
 */
export function gradeConntrackEntry(
  predicted: ConntrackEntryFields,
  expected: ConntrackEntryFields,
  fields: readonly ConntrackField[] = gradedConntrackFields(predicted),
): ConntrackEntryGrade {
  const marks: Partial<Record<ConntrackField, Mark>> = {};
  for (const f of fields) marks[f] = conntrackFieldValue(predicted, f) === conntrackFieldValue(expected, f) ? 'right' : 'wrong';
  const right = Object.values(marks).every((m) => m === 'right');
  return { status: right ? 'right' : 'wrong', predicted, expected, fields: marks };
}

export interface ConntrackGrade {
  /** Expected entries in their listed order (right, wrong or missing), then extra predictions. */
  readonly items: readonly ConntrackEntryGrade[];
  readonly summary: GradeSummary;
}

/**
 * Grades a predicted table against the listed one, as sets: first every prediction that
 * matches an entry exactly (on its graded fields) takes it, then the remaining predictions
 * take the remaining entries they agree with most (ties: listed order), at least the
 * protocol and one address having to agree; what is left is missing or extra.
 */
export function gradeConntrack(
  predicted: readonly ConntrackEntryFields[],
  expected: readonly ConntrackEntryFields[],
  fields?: readonly ConntrackField[],
): ConntrackGrade {
  const grade = (p: ConntrackEntryFields, e: ConntrackEntryFields): ConntrackEntryGrade => gradeConntrackEntry(p, e, fields ?? gradedConntrackFields(p));
  const taken = new Map<number, ConntrackEntryGrade>(); // expected index -> grade
  const used = new Set<number>(); // predicted indexes
  predicted.forEach((p, pi) => {
    for (let ei = 0; ei < expected.length; ei++) {
      if (taken.has(ei)) continue;
      const g = grade(p, expected[ei]!);
      if (g.status === 'right') {
        taken.set(ei, g);
        used.add(pi);
        return;
      }
    }
  });
  // Remaining: best agreement first.
  const candidates: { pi: number; ei: number; score: number; g: ConntrackEntryGrade }[] = [];
  predicted.forEach((p, pi) => {
    if (used.has(pi)) return;
    expected.forEach((e, ei) => {
      if (taken.has(ei)) return;
      const g = grade(p, e);
      const score = Object.values(g.fields).filter((m) => m === 'right').length;
      const plausible = p.proto === e.proto && (p.orig.src === e.orig.src || p.orig.dst === e.orig.dst || p.reply.src === e.reply.src || p.reply.dst === e.reply.dst);
      if (plausible) candidates.push({ pi, ei, score, g });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.ei - b.ei || a.pi - b.pi);
  for (const c of candidates) {
    if (used.has(c.pi) || taken.has(c.ei)) continue;
    taken.set(c.ei, c.g);
    used.add(c.pi);
  }
  const items: ConntrackEntryGrade[] = [];
  const allFields = (p: ConntrackEntryFields | undefined): Partial<Record<ConntrackField, Mark>> =>
    Object.fromEntries((fields ?? (p ? gradedConntrackFields(p) : CONNTRACK_ALWAYS)).map((f) => [f, 'wrong' as Mark]));
  expected.forEach((e, ei) => items.push(taken.get(ei) ?? { status: 'missing', expected: e, fields: allFields(undefined) }));
  predicted.forEach((p, pi) => {
    if (used.has(pi)) return;
    // "conntrack holds no such entry" would be untrue beside an identical right one: say it is listed twice.
    const duplicate = predicted.some((q, qi) => qi < pi && grade(p, q).status === 'right' && grade(q, p).status === 'right');
    items.push({ status: 'extra', predicted: p, fields: allFields(p), ...(duplicate ? { duplicate: true } : {}) });
  });
  return { items, summary: summarize(items) };
}
