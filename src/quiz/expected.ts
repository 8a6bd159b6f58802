// The right answer of a question variant, computed by the engine from its substituted
// scenario (only `choice` answers are hand-written), the choices a UI must offer (capture
// points, counter options, the shuffled hooks of order-hooks, the addresses and namespaces of
// the topology), and the right answer in Answer form (revealAnswer).
// Engine runs are memoized by scenario text: regrading a class repeats variants.

import { formatIpv4, parseIpv4 } from '../net/addr.ts';
import { SeededRandom } from '../net/rng.ts';
import { executeScript } from '../cli/shell.ts';
import { runConntrack } from '../cli/conntrack/conntrack.ts';
import { labModelFromRun, type LabModel } from '../lab/lab-model.ts';
import { findPacket } from '../lab/find-packet.ts';
import { captureLines, LINE_KINDS, type CaptureLine, type LineKind } from '../grading/capture.ts';
import { conntrackOf, HOOK_NAMES, hooksOf, parseConntrackList, type ConntrackEntryFields, type ConntrackTuple, type HookStep } from '../grading/path.ts';
import { fnv1a32 } from './hash.ts';
import { optionIsCorrect } from './seal.ts';
import { shuffledOrder } from './variant.ts';
import { Lru } from '../net/lru.ts';
import { lineMatches, runWriteRule, type GoalResult } from './write-rule.ts';
import { expectedStateAnswer, type StateExpected } from './state.ts';
import { stateChoiceWords } from './state-words.ts';
import type { Answer, QuestionVariant } from './types.ts';

/** One checkbox of a counters question: a rule of a named chain, or a built-in chain's policy. */
export interface CounterOption {
  /** "NS TABLE CHAIN N" or "NS TABLE CHAIN policy", e.g. "default filter FORWARD 2". */
  readonly id: string;
  /** As `iptables -S` prints it: "-A FORWARD -i eth1 -j DROP", "-P FORWARD ACCEPT" (with "-t nat " first for other tables). */
  readonly label: string;
  readonly chain: string;
  /** 1-based rule number; absent for the policy. */
  readonly rule?: number;
  readonly policy?: true;
}

export type Expected =
  | { readonly type: 'capture'; readonly lines: readonly CaptureLine[] }
  | { readonly type: 'hooks' | 'order-hooks'; readonly steps: readonly HookStep[]; readonly summary: string }
  | { readonly type: 'counters'; readonly options: readonly CounterOption[]; readonly moved: readonly string[]; readonly packets: Readonly<Record<string, number>> }
  | { readonly type: 'conntrack'; readonly entries: readonly ConntrackEntryFields[] }
  | { readonly type: 'capture-point'; readonly options: readonly string[]; readonly matching: readonly string[] }
  | { readonly type: 'choice'; readonly correct: readonly number[]; readonly multiple: boolean }
  | { readonly type: 'write-rule'; readonly solution: string; readonly goals: readonly GoalResult[] }
  | StateExpected;

/** What a question's UI offers the learner to pick from. */
export interface QuestionChoices {
  /** Every address of the topology (without prefix length), sorted: pickers for capture, conntrack. */
  readonly addresses: readonly string[];
  /** The namespaces of the scenario, in creation order: pickers for hooks. */
  readonly namespaces: readonly string[];
  readonly lineKinds: readonly LineKind[];
  /** capture-point: the scenario's captures "NS DEV", in start order. */
  readonly capturePoints?: readonly string[];
  /** counters: every rule of the named chains and each built-in chain's policy. */
  readonly counterOptions?: readonly CounterOption[];
  /** order-hooks: the hooks the packet meets and distractors it does not meet, shuffled from the seed. */
  readonly shuffledHooks?: readonly HookStep[];
  /** choice: the options' texts, in the order written (answers are indexes into this). */
  readonly options?: readonly string[];
  /** choice: the order to show them in (indexes into options), shuffled from the seed. */
  readonly optionOrder?: readonly number[];
  readonly multiple?: boolean;
  /** state: the states (or ends, or conntrack entries) to choose from, in the order shown: the same in every variant. */
  readonly states?: readonly string[];
  /** state, ask conntrack: [UNREPLIED] and [ASSURED] are asked too. */
  readonly stateFlags?: boolean;
}

interface PolicyFact {
  readonly ns: string;
  readonly table: string;
  readonly chain: string;
  readonly policy: string;
  readonly packets: number;
}

/** What one engine run of a scenario tells the quiz core. */
interface ScenarioFacts {
  readonly model: LabModel;
  readonly policies: readonly PolicyFact[];
  /** `conntrack -L` of each namespace at the end of the run (parsed when a question asks). */
  readonly conntrackAtEnd: ReadonlyMap<string, string>;
}

// Keyed by the scenario text itself (no concatenated key: V8 keeps a string's hash, so
// looking up the same variant's text again is cheap). A traced run answers untraced asks too.
const traced = new Lru<string, ScenarioFacts>(32);
const untraced = new Lru<string, ScenarioFacts>(64);

/** Runs a scenario (memoized by text); `trace` only when hooks are asked (it costs time). */
export function scenarioFacts(source: string, trace: boolean): ScenarioFacts {
  const hit = traced.get(source) ?? (trace ? undefined : untraced.get(source));
  if (hit) return hit;
  return (trace ? traced : untraced).getOrCompute(source, () => {
    const run = executeScript(source, { trace });
    const policies: PolicyFact[] = [];
    const conntrackAtEnd = new Map<string, string>();
    for (const ns of run.world.namespaces.values()) {
      for (const [table, t] of ns.tables) {
        for (const chain of t.chains.values()) {
          if (chain.builtin) policies.push({ ns: ns.name, table, chain: chain.name, policy: chain.policy ?? 'ACCEPT', packets: chain.policyCounters.packets });
        }
      }
      if (!run.error) conntrackAtEnd.set(ns.name, runConntrack(ns, ['-L']));
    }
    return { model: labModelFromRun(run), policies, conntrackAtEnd };
  });
}

function where(q: QuestionVariant): string {
  return `quiz ${q.quizId}, question ${q.id}, seed "${q.seed ?? '?'}"`;
}

/** The facts of a variant's scenario; a scenario that fails is the author's error, thrown with its line. */
export function variantFacts(q: QuestionVariant): ScenarioFacts {
  if (q.scenario === undefined) throw new Error(`${where(q)}: a ${q.type} question has no scenario`);
  const f = scenarioFacts(q.scenario, q.type === 'hooks' || q.type === 'order-hooks');
  if (f.model.error) throw new Error(`${where(q)}: scenario line ${f.model.error.line}: ${f.model.error.message.trim()}`);
  return f;
}

const oneSpace = (s: string): string => s.trim().split(/\s+/).join(' ');

function counterOptions(q: QuestionVariant, f: ScenarioFacts): { options: CounterOption[]; packets: Record<string, number> } {
  const ns = q.ns ?? 'default';
  const table = q.table ?? 'filter';
  const prefix = table === 'filter' ? '' : `-t ${table} `;
  const options: CounterOption[] = [];
  const packets: Record<string, number> = {};
  for (const chain of q.chains ?? []) {
    const rules = f.model.rules.filter((r) => r.ns === ns && r.table === table && r.chain === chain);
    const policy = f.policies.find((p) => p.ns === ns && p.table === table && p.chain === chain);
    if (rules.length === 0 && !policy) throw new Error(`${where(q)}: the scenario has no chain ${chain} in table ${table} of namespace ${ns}`);
    for (const r of rules) {
      const id = `${ns} ${table} ${chain} ${r.index}`;
      options.push({ id, label: r.text, chain, rule: r.index });
      packets[id] = r.packets;
    }
    if (policy) {
      const id = `${ns} ${table} ${chain} policy`;
      options.push({ id, label: `${prefix}-P ${chain} ${policy.policy}`, chain, policy: true });
      packets[id] = policy.packets;
    }
  }
  return { options, packets };
}

function matchingCapturePoints(q: QuestionVariant, f: ScenarioFacts): string[] {
  const m = q.match ?? {};
  return f.model.captures.filter((c) => captureLines(c.frames).some((l) => lineMatches(l, m))).map((c) => c.id);
}

/** The right answer of a variant, computed by the engine. Throws (naming quiz, question, seed, line) when the variant's scenario is broken. */
export function expectedAnswer(q: QuestionVariant): Expected {
  switch (q.type) {
    case 'capture': {
      const f = variantFacts(q);
      const id = oneSpace(q.capture ?? '');
      const capture = f.model.captures.find((c) => c.id === id);
      if (!capture) throw new Error(`${where(q)}: the scenario has no capture "${id}" (it captures on: ${f.model.captures.map((c) => c.id).join(', ') || 'nothing'})`);
      return { type: 'capture', lines: captureLines(capture.frames, capture.lines) };
    }
    case 'hooks':
    case 'order-hooks': {
      const f = variantFacts(q);
      const walk = findPacket(f.model, q.packet ?? '');
      if (!walk) throw new Error(`${where(q)}: no packet of the scenario matches "${q.packet}" (packets: ${f.model.packets.slice(0, 8).map((p) => p.summary).join('; ')})`);
      return { type: q.type, steps: hooksOf(walk).map((s) => ({ ns: s.ns, hook: s.hook })), summary: walk.summary };
    }
    case 'counters': {
      const f = variantFacts(q);
      const { options, packets } = counterOptions(q, f);
      return { type: 'counters', options, packets, moved: options.filter((o) => (packets[o.id] ?? 0) > 0).map((o) => o.id) };
    }
    case 'conntrack': {
      const f = variantFacts(q);
      const ns = q.ns ?? 'default';
      let entries: readonly ConntrackEntryFields[] | undefined;
      if (q.listing !== undefined) {
        entries = conntrackOf(f.model, ns, q.listing - 1);
        if (!entries) throw new Error(`${where(q)}: the scenario has no conntrack -L number ${q.listing} in namespace ${ns}`);
      } else {
        const text = f.conntrackAtEnd.get(ns);
        entries = text === undefined ? undefined : parseConntrackList(text).entries;
        if (!entries) throw new Error(`${where(q)}: the scenario has no namespace ${ns}`);
      }
      return { type: 'conntrack', entries };
    }
    case 'capture-point': {
      const f = variantFacts(q);
      return { type: 'capture-point', options: f.model.captures.map((c) => c.id), matching: matchingCapturePoints(q, f) };
    }
    case 'choice':
      return {
        type: 'choice',
        multiple: q.multiple ?? false,
        correct: (q.options ?? []).flatMap((_, i) => (optionIsCorrect(q, i) ? [i] : [])),
      };
    case 'write-rule': {
      const run = runWriteRule(q, q.solution ?? '');
      if (!run.ok) throw new Error(`${where(q)}: the solution fails: ${run.message}`);
      return { type: 'write-rule', solution: q.solution ?? '', goals: run.goals };
    }
    case 'state':
      return expectedStateAnswer(q);
  }
}

/** Every address of the topology, sorted numerically. */
export function topologyAddresses(model: LabModel): string[] {
  const set = new Set<string>();
  for (const ns of model.topology.namespaces) for (const d of ns.devices) for (const a of d.addresses) set.add(a.split('/')[0]!);
  return [...set].sort((a, b) => (parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0));
}

/** The namespace an address belongs to, if any (names a role in misconceptions: "router's"). */
export function addressOwner(model: LabModel, address: string): string | undefined {
  const a = parseIpv4(address);
  if (a === undefined) return undefined;
  const text = formatIpv4(a);
  for (const ns of model.topology.namespaces) {
    for (const d of ns.devices) if (d.addresses.some((x) => x.split('/')[0] === text)) return ns.name;
  }
  return undefined;
}

/** How many hooks the packet does not meet an order-hooks question offers beside those it meets. */
export const ORDER_DISTRACTORS = 2;

/**
 * Hooks the packet does not meet, in the namespaces it crosses, for an order-hooks variant:
 * the confusable one first (INPUT where it meets FORWARD, FORWARD where it meets INPUT,
 * PREROUTING where it starts in OUTPUT), then others drawn from the seed.
 */
export function orderDistractors(q: QuestionVariant, steps: readonly HookStep[]): HookStep[] {
  const key = (s: HookStep): string => `${s.ns}\u0000${s.hook}`;
  const met = new Set(steps.map(key));
  const namespaces = [...new Set(steps.map((s) => s.ns))];
  const out: HookStep[] = [];
  const add = (s: HookStep): void => {
    if (out.length < ORDER_DISTRACTORS && !met.has(key(s)) && !out.some((o) => key(o) === key(s))) out.push(s);
  };
  const swap: Partial<Record<string, string>> = { FORWARD: 'INPUT', INPUT: 'FORWARD', OUTPUT: 'PREROUTING' };
  for (const s of steps) {
    const other = swap[s.hook];
    if (other) add({ ns: s.ns, hook: other as HookStep['hook'] });
  }
  const rest = namespaces.flatMap((ns) => HOOK_NAMES.map((hook) => ({ ns, hook }))).filter((s) => !met.has(key(s)));
  const rng = new SeededRandom(fnv1a32(`${q.seed ?? ''}/${q.key}/distractors`));
  while (out.length < ORDER_DISTRACTORS && rest.length > 0) add(rest.splice(rng.intBetween(0, rest.length - 1), 1)[0]!);
  return out;
}

/** The hooks of an order-hooks variant with its distractors, shuffled from its seed (never left in the right order when it can be helped). */
function shuffleHooks(q: QuestionVariant, met: readonly HookStep[]): HookStep[] {
  const steps = [...met, ...orderDistractors(q, met)];
  const out = [...steps];
  const rng = new SeededRandom(fnv1a32(`${q.seed ?? ''}/${q.key}/order`));
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.intBetween(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  const same = (a: readonly HookStep[]): boolean => a.every((s, i) => s.ns === steps[i]!.ns && s.hook === steps[i]!.hook);
  if (out.length > 1 && same(out)) {
    // A rotation by one is a different order unless every item is the same.
    out.push(out.shift()!);
  }
  return out;
}

/** What the UI must offer for this variant. */
export function questionChoices(q: QuestionVariant): QuestionChoices {
  const base = { lineKinds: LINE_KINDS };
  if (q.type === 'choice') {
    const options = (q.options ?? []).map((o) => o.text);
    return { ...base, addresses: [], namespaces: [], options, optionOrder: shuffledOrder(q, 'options', options.length), multiple: q.multiple ?? false };
  }
  if (q.type === 'write-rule') {
    const f = scenarioFacts(`${q.setup ?? ''}\n${q.probe ?? ''}\n`, false);
    return { ...base, addresses: topologyAddresses(f.model), namespaces: f.model.topology.namespaces.map((n) => n.name) };
  }
  const f = variantFacts(q);
  const common = { ...base, addresses: topologyAddresses(f.model), namespaces: f.model.topology.namespaces.map((n) => n.name) };
  const expected = expectedAnswer(q);
  switch (expected.type) {
    case 'capture-point':
      return { ...common, capturePoints: shuffledOrder(q, 'points', expected.options.length).map((i) => expected.options[i]!) };
    case 'counters':
      return { ...common, counterOptions: shuffledOrder(q, 'counters', expected.options.length).map((i) => expected.options[i]!) };
    case 'order-hooks':
      return { ...common, shuffledHooks: shuffleHooks(q, expected.steps) };
    case 'state':
      // Shown as a choice question's radios (options in this order), answered as { state }.
      return { ...common, states: expected.choices, stateFlags: expected.flags, options: expected.choices.map(stateChoiceWords), multiple: false };
    default:
      return common;
  }
}

function tupleText(t: ConntrackTuple, proto: string): string {
  let s = `src=${t.src} dst=${t.dst}`;
  if (proto === 'icmp') {
    if (t.type !== undefined) s += ` type=${t.type}`;
    if (t.code !== undefined) s += ` code=${t.code}`;
  }
  return s;
}

/**
 * A conntrack entry as a learner would type it: protocol, TCP state, both tuples (without the
 * ids and ports the run made up), the flags and a zone other than 0.
 */
function formatConntrackAnswer(e: ConntrackEntryFields): string {
  const parts = [e.proto];
  if (e.state) parts.push(e.state);
  parts.push(tupleText(e.orig, e.proto));
  if (e.unreplied) parts.push('[UNREPLIED]');
  parts.push(tupleText(e.reply, e.proto));
  if (e.assured) parts.push('[ASSURED]');
  if (e.zone) parts.push(`zone=${e.zone}`);
  return parts.join(' ');
}

/** The right answer in Answer form (what "reveal" fills in, what a perfect result file holds). */
export function revealAnswer(q: QuestionVariant): Answer {
  const e = expectedAnswer(q);
  switch (e.type) {
    case 'capture':
      return { lines: e.lines.map((l) => ({ ...l })) };
    case 'hooks':
    case 'order-hooks':
      return { steps: e.steps.map((s) => ({ ...s })) };
    case 'counters':
      return { selected: [...e.moved] };
    case 'conntrack':
      return { text: e.entries.map(formatConntrackAnswer).join('\n') };
    case 'capture-point':
      return { selected: [...e.matching] };
    case 'choice':
      return { choices: [...e.correct] };
    case 'write-rule':
      return { text: e.solution };
    case 'state':
      return { ...e.answer };
  }
}

