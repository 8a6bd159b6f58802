// Simulated learners: guessers (blank, tick-all, always-first, random) and learners who hold
// one misconception (docs/quiz-format.md, "Simulated learners"). They answer through what the
// question's UI offers (questionChoices) and are graded like anyone else; the tests in
// simulated-learners.test.ts hold the course to "guessing earns (almost) nothing" and "a
// learner holding a targeted misconception fails the question's key point". Pure and headless:
// `npm run bench` prints the same figures.

import { LINE_KINDS, type CaptureLine, type LineKind } from '../grading/capture.ts';
import { HOOK_NAMES, parseConntrackList, type HookStep } from '../grading/path.ts';
import { SeededRandom } from '../net/rng.ts';
import { expectedAnswer, questionChoices, revealAnswer, scenarioFacts } from './expected.ts';
import { fnv1a32 } from './hash.ts';
import { gradeQuiz } from './grade.ts';
import { generateQuiz } from './variant.ts';
import { stateQuestionOf, variantTimeline } from './state.ts';
import { CATALOGUE } from '../grading/catalogue.ts';
import type { Answer, QuestionVariant, QuizDefinition } from './types.ts';

export const GUESSERS = ['blank', 'tick-all', 'always-first', 'random'] as const;
export type Guesser = (typeof GUESSERS)[number];

/** An empty answer of each type (what a learner who answers nothing hands in). */
export const BLANK: Record<QuestionVariant['type'], Answer> = {
  capture: { lines: [] },
  hooks: { steps: [] },
  'order-hooks': { steps: [] },
  counters: { selected: [] },
  conntrack: { text: '' },
  'capture-point': { selected: [] },
  choice: { choices: [] },
  'write-rule': { text: '' },
  state: { state: '' },
};

/**
 * Rules a guesser might write without reading the question. A rule that does what a question
 * asks (a MASQUERADE on the way out) is an answer, not a guess: none is listed.
 */
const GUESSED_RULES = [
  'iptables -A INPUT -j ACCEPT',
  'iptables -A FORWARD -j ACCEPT',
  'iptables -A FORWARD -j DROP',
  'iptables -A INPUT -p icmp -j DROP',
  'iptables -t nat -A PREROUTING -j ACCEPT',
  'iptables -A OUTPUT -j ACCEPT',
  '# nothing',
];

/** The line kinds a guesser picks from: the common ones. */
const GUESSED_KINDS: readonly LineKind[] = ['arp-request', 'arp-reply', 'echo-request', 'echo-reply', 'port-unreachable', 'tcp', 'udp'];

function pick<T>(rng: SeededRandom, list: readonly T[]): T {
  return list[rng.intBetween(0, list.length - 1)]!;
}

/** A guesser's answer to one question. */
export function guess(strategy: Guesser, q: QuestionVariant, rng: SeededRandom): Answer {
  if (strategy === 'blank') return BLANK[q.type];
  const c = questionChoices(q);
  const addresses = c.addresses.length ? c.addresses : ['192.0.2.1'];
  const namespaces = c.namespaces.length ? c.namespaces : ['default'];
  const first = strategy === 'always-first';
  const all = strategy === 'tick-all';
  switch (q.type) {
    case 'choice': {
      const order = c.optionOrder ?? [];
      if (all) return { choices: [...order] };
      if (first) return { choices: [order[0]!] };
      if (!c.multiple) return { choices: [pick(rng, order)] };
      const chosen = order.filter(() => rng.intBetween(0, 1) === 1);
      return { choices: chosen.length ? chosen : [pick(rng, order)] };
    }
    case 'counters':
    case 'capture-point': {
      const ids = q.type === 'counters' ? (c.counterOptions ?? []).map((o) => o.id) : [...(c.capturePoints ?? [])];
      if (all) return { selected: ids };
      if (first) return { selected: ids.slice(0, 1) };
      const chosen = ids.filter(() => rng.intBetween(0, 1) === 1);
      return { selected: chosen.length ? chosen : [pick(rng, ids)] };
    }
    case 'order-hooks': {
      const given = [...(c.shuffledHooks ?? [])];
      if (all || first) return { steps: given };
      const kept = given.filter(() => rng.intBetween(0, 1) === 1);
      for (let i = kept.length - 1; i > 0; i--) {
        const j = rng.intBetween(0, i);
        [kept[i], kept[j]] = [kept[j]!, kept[i]!];
      }
      return { steps: kept };
    }
    case 'hooks': {
      if (all) return { steps: HOOK_NAMES.map((hook) => ({ ns: q.ns ?? 'default', hook })) };
      if (first) return { steps: [{ ns: q.ns ?? 'default', hook: HOOK_NAMES[0]! }] };
      return { steps: Array.from({ length: rng.intBetween(2, 7) }, () => ({ ns: pick(rng, namespaces), hook: pick(rng, HOOK_NAMES) })) };
    }
    case 'capture': {
      if (all) return { lines: GUESSED_KINDS.map((kind) => ({ kind, src: addresses[0]!, dst: addresses[addresses.length - 1]! })) };
      if (first) return { lines: [{ kind: LINE_KINDS[0]!, src: addresses[0]!, dst: addresses[0]! }] };
      return { lines: Array.from({ length: rng.intBetween(1, 6) }, (): CaptureLine => ({ kind: pick(rng, GUESSED_KINDS), src: pick(rng, addresses), dst: pick(rng, addresses) })) };
    }
    case 'conntrack': {
      const entry = (a: string, b: string, unreplied: boolean): string => `icmp src=${a} dst=${b}${unreplied ? ' [UNREPLIED]' : ''} src=${b} dst=${a}`;
      if (all) return { text: addresses.flatMap((a) => addresses.filter((b) => b !== a).slice(0, 2).map((b) => entry(a, b, false))).slice(0, 20).join('\n') };
      if (first) return { text: entry(addresses[0]!, addresses[0]!, false) };
      return { text: Array.from({ length: rng.intBetween(1, 3) }, () => entry(pick(rng, addresses), pick(rng, addresses), rng.intBetween(0, 1) === 1)).join('\n') };
    }
    case 'state': {
      const states = c.states ?? [];
      const flags = c.stateFlags ? { unreplied: true, assured: true } : {};
      // Tick-all: the last choice (both ends, the last state) with every flag ticked.
      if (all) return { state: states.at(-1) ?? '', ...flags };
      if (first) return { state: states[0] ?? '' };
      return { state: states.length ? pick(rng, states) : '', ...(c.stateFlags ? { unreplied: rng.intBetween(0, 1) === 1, assured: rng.intBetween(0, 1) === 1 } : {}) };
    }
    case 'write-rule': {
      if (all) return { text: GUESSED_RULES.join('\n') };
      if (first) return { text: GUESSED_RULES[0]! };
      return { text: Array.from({ length: rng.intBetween(1, 2) }, () => pick(rng, GUESSED_RULES)).join('\n') };
    }
  }
}

/** The mean fraction of the points a guesser earns on a quiz over `seeds` variants. */
export function guesserScore(def: QuizDefinition, strategy: Guesser, seeds: number): number {
  let sum = 0;
  for (let i = 0; i < seeds; i++) {
    const seed = `sim:${i}`;
    const variant = generateQuiz(def, seed);
    const rng = new SeededRandom(fnv1a32(`${seed}/${def.id}/${strategy}`));
    const answers: Record<string, Answer> = {};
    for (const q of variant.questions) answers[q.key] = guess(strategy, q, rng);
    const g = gradeQuiz(variant, answers);
    sum += g.possible === 0 ? 0 : g.earned / g.possible;
  }
  return sum / seeds;
}

// --- Learners holding a misconception --------------------------------------------------------

/** Misconceptions about where NAT shows, which swap an address for its other side of the translation. */
const NAT_SIDE = new Set(['nat-seen-at-ingress', 'tcpdump-after-filter', 'nat-per-packet', 'bridge-port-is-wire', 'bridge-causes-nonsense', 'o-is-where-i-think']);

/**
 * The other side of a translation, from conntrack's table at the end of the scenario: an
 * address seen after NAT maps to the one before it and back (orig src <-> reply dst, orig dst
 * <-> reply src, where they differ).
 */
function natCounterparts(q: QuestionVariant): Map<string, string> {
  const out = new Map<string, string>();
  if (q.scenario === undefined) return out;
  for (const text of scenarioFacts(q.scenario, false).conntrackAtEnd.values()) {
    for (const e of parseConntrackList(text).entries) {
      if (e.orig.src !== e.reply.dst) {
        if (!out.has(e.reply.dst)) out.set(e.reply.dst, e.orig.src);
        if (!out.has(e.orig.src)) out.set(e.orig.src, e.reply.dst);
      }
      if (e.orig.dst !== e.reply.src) {
        if (!out.has(e.reply.src)) out.set(e.reply.src, e.orig.dst);
        if (!out.has(e.orig.dst)) out.set(e.orig.dst, e.reply.src);
      }
    }
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The answer a learner holding `misconception` gives to `q`, or undefined when this variant
 * does not tell the belief from the truth (the belief predicts the right answer here) or the
 * question type has no simulated learner for it.
 */
export function misconceivedAnswer(misconception: string, q: QuestionVariant): Answer | undefined {
  const right = revealAnswer(q);
  let answer: Answer | undefined;
  if (q.type === 'choice') {
    const shows = (q.options ?? []).flatMap((o, i) => (o.shows?.includes(misconception) ? [i] : []));
    if (shows.length === 0) return undefined;
    // Single: the option the belief picks. Multiple: the belief's options beside the right ones.
    answer = q.multiple ? { choices: [...new Set([...('choices' in right ? right.choices : []), ...shows])] } : { choices: [shows[0]!] };
  } else if ((q.type === 'hooks' || q.type === 'order-hooks') && misconception === 'input-on-router' && 'steps' in right) {
    answer = { steps: right.steps.map((s): HookStep => (s.hook === 'FORWARD' ? { ns: s.ns, hook: 'INPUT' } : s)) };
  } else if (q.type === 'counters' && 'selected' in right) {
    const e = expectedAnswer(q);
    if (e.type !== 'counters') return undefined;
    const chosen = new Set(right.selected);
    if (misconception === 'input-on-router') {
      // Whatever FORWARD counts, the learner puts on INPUT.
      const forwardCounts = e.options.some((o) => o.chain === 'FORWARD' && chosen.has(o.id));
      for (const o of e.options) {
        if (o.chain === 'FORWARD') chosen.delete(o.id);
        if (o.chain === 'INPUT' && forwardCounts) chosen.add(o.id);
      }
    } else if (misconception === 'policy-counts') {
      for (const o of e.options) if (o.policy) chosen.add(o.id);
    } else if (misconception === 'reply-always-established') {
      // Whatever a --ctstate INVALID rule counts (replies whose request went another way), the learner puts on ESTABLISHED.
      const invalidCounts = e.options.some((o) => /--ctstate INVALID\b/.test(o.label) && chosen.has(o.id));
      for (const o of e.options) {
        if (/--ctstate INVALID\b/.test(o.label)) chosen.delete(o.id);
        if (/--ctstate ESTABLISHED\b/.test(o.label) && invalidCounts) chosen.add(o.id);
      }
    } else return undefined;
    answer = { selected: [...chosen] };
  } else if (q.type === 'capture' && 'lines' in right && NAT_SIDE.has(misconception)) {
    const other = natCounterparts(q);
    const k = q.keyPoint;
    const fields = (k?.fields ?? []).filter((f): f is 'src' | 'dst' => f === 'src' || f === 'dst');
    answer = {
      lines: right.lines.map((l) => {
        const match = k?.lines ?? {};
        if ((match.kind && l.kind !== match.kind) || (match.src && l.src !== match.src) || (match.dst && l.dst !== match.dst)) return l;
        const out = { ...l };
        for (const f of fields) out[f] = other.get(l[f]) ?? l[f];
        return out;
      }),
    };
  } else if (q.type === 'capture' && 'lines' in right && misconception === 'ping-resends') {
    // Needs capture lines that carry ICMP seq (graded once capture grading reads it).
    if (!right.lines.some((l) => 'seq' in l)) return undefined;
    answer = { lines: right.lines.map((l) => ('seq' in l ? { ...l, seq: 1 } : l)) };
  } else if (q.type === 'capture-point' && 'selected' in right && NAT_SIDE.has(misconception)) {
    // The other side: the capture points that do not show it.
    const e = expectedAnswer(q);
    if (e.type !== 'capture-point') return undefined;
    answer = { selected: e.options.filter((o) => !right.selected.includes(o)) };
    if (answer.selected.length === 0) return undefined;
  } else if (q.type === 'state' && 'state' in right) {
    answer = misconceivedState(misconception, q, right);
  }
  if (answer === undefined || same(answer, right)) return undefined;
  return answer;
}

/**
 * A state question answered as a catalogue entry's `on: states` rule predicts: the first word it
 * says the learner answers where the truth is one of its `is` words (the ones that name a state,
 * an end or an entry; conntrack's flags as the truth has them).
 */
function misconceivedState(misconception: string, q: QuestionVariant, right: Extract<Answer, { state: string }>): Answer | undefined {
  const entry = CATALOGUE.find((e) => e.id === misconception);
  const c = questionChoices(q);
  const question = stateQuestionOf(q);
  const proto = variantTimeline(q).flow.proto;
  for (const rule of entry?.recognise ?? []) {
    if (rule.on !== 'states' || rule.question !== question.kind) continue;
    if (rule.proto && !rule.proto.includes(proto)) continue;
    if (rule.side && (question.kind !== 'socket' || rule.side !== question.side)) continue;
    const isWords = rule.is as readonly string[];
    if (!isWords.includes(right.state) && !isWords.includes('any') && !(isWords.includes('entry') && right.state !== 'none')) continue;
    const said = (rule.said as readonly string[]).find((w) => w !== right.state && (c.states ?? []).includes(w));
    if (said !== undefined) return { ...right, state: said };
  }
  return undefined;
}
