// Predict-a-state exercises on a connection timeline (src/lab/connection-timeline.ts): "what
// state is the server's socket in after this packet?", "which side sits in TIME-WAIT?", "what
// does conntrack say after the client's SYN was dropped?". The expected answer is always read
// from the engine's timeline of the scenario, never written into the exercise; a wrong answer
// is matched against the misconception catalogue (`on: states` entries) for its nudge.
//
// Pure and light: it imports the timeline's types only, so an island can grade in the page with
// the timeline the engine worker sent (`lab.connection`).

import type { ConnectionTimeline, FlowProto, SsState, TimelineStep } from '../lab/connection-timeline.ts';
import type { MisconceptionEntry } from './misconceptions.ts';
import { scenarioMatches } from './misconception-match.ts';

// ------------------------------------------------------------------------------ the contract

/**
 * Which packet of the flow a question is about: its 1-based position among the flow's packets
 * (as the view numbers them), or its label ("SYN", "SYN-ACK", "ACK", "FIN-ACK", "RST-ACK",
 * "UDP", "echo request", "ICMP error") and which one of those (1-based, default 1).
 */
export type PacketRef = number | { readonly label: string; readonly nth?: number };

/** A packet as an author names it: its number in the flow ("3"), or its label with an optional "#n" ("SYN-ACK", "SYN#2"). */
export function parsePacketRef(after: string): PacketRef {
  if (/^\d+$/.test(after)) return Number(after);
  const m = /^(.+?)(?:#(\d+))?$/.exec(after)!;
  return m[2] ? { label: m[1]!, nth: Number(m[2]) } : { label: m[1]! };
}

export type Side = 'client' | 'server';

export type StateQuestion =
  /** "What state is the server's (client's) socket in after packet N?" One of SOCKET_CHOICES. */
  | { readonly kind: 'socket'; readonly side: Side; readonly after: PacketRef }
  /** "Which side sits in TIME-WAIT once the connection is closed?" One of TIME_WAIT_CHOICES. */
  | { readonly kind: 'time-wait' }
  /** "What does conntrack in NS hold for this flow after packet N?" An entry state (or none) and its flags. */
  | { readonly kind: 'conntrack'; readonly ns: string; readonly after: PacketRef };

/** The time-wait question's choices: `neither` when no end went through TIME-WAIT (a reset ended it). */
export type TimeWaitSide = 'client' | 'server' | 'both' | 'neither';

/**
 * A conntrack answer: `entry` is `none` (no entry), a TCP state as `conntrack -L` prints it
 * (SYN_SENT ... CLOSE), or `entry` for a UDP or ICMP entry (they have no state name).
 */
export interface ConntrackAnswer {
  readonly entry: string;
  readonly unreplied: boolean;
  readonly assured: boolean;
}

/** The learner's answer ('' or undefined fields: not answered). */
export type StateAnswer =
  | { readonly kind: 'socket'; readonly state: SsState | '' }
  | { readonly kind: 'time-wait'; readonly side: TimeWaitSide | '' }
  | { readonly kind: 'conntrack'; readonly conntrack: ConntrackAnswer | undefined };

/** One exercise as a page or a quiz writes it: the scenario, the flow (see FlowSelector), the question. */
export interface StateExercise {
  readonly scenario: string;
  /** Picks the flow as connectionTimeline does (a flow id or a packet's summary text); default: the first TCP flow. */
  readonly flow?: string;
  readonly question: StateQuestion;
}

export interface StateMisconception {
  readonly id: string;
  readonly name: string;
  readonly nudge: string;
}

export interface StateGrade {
  readonly correct: boolean;
  /** Nothing was answered: graded wrong, with no nudge. */
  readonly blank: boolean;
  /** The engine's answer (show it only on reveal, or once right). */
  readonly expected: StateAnswer;
  /** The timeline step the question is about (the view can show it after the check). */
  readonly step: number;
  /** The catalogue entries recognised in a wrong answer (their nudges). */
  readonly misconceptions: readonly StateMisconception[];
  /** One sentence after a check: what was wrong (never the expected value), or why it is right. */
  readonly feedback: string;
  /** Why the engine's answer is what it is, in the engine's words (for after a right answer or a reveal: it names the answer). */
  readonly explanation: string;
}

/** The socket question's choices, in the order of the TCP state diagram, then UDP's and none. */
export const SOCKET_CHOICES: readonly SsState[] = [
  'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECV', 'ESTAB', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT', 'UNCONN', 'NONE',
];

export const TIME_WAIT_CHOICES: readonly TimeWaitSide[] = ['server', 'client', 'both', 'neither'];

/** conntrack -L's TCP states, for a TCP flow's conntrack question. */
export const CONNTRACK_TCP_CHOICES: readonly string[] = ['none', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'];
/** A UDP or ICMP flow's: an entry (with its flags) or none. */
export const CONNTRACK_OTHER_CHOICES: readonly string[] = ['none', 'entry'];

/** States only TCP has: said of a UDP or ICMP end, they show the learner gave it a connection. */
const TCP_ONLY: ReadonlySet<string> = new Set(['LISTEN', 'SYN-SENT', 'SYN-RECV', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT']);

// ------------------------------------------------------------------------------ expected answers

export class StateQuestionError extends Error {}

/** The flow's packet steps (events without a packet are not counted). */
function packetSteps(timeline: ConnectionTimeline): TimelineStep[] {
  return timeline.steps.filter((s) => s.kind === 'packet');
}

/** The step a PacketRef names; throws StateQuestionError when the flow has no such packet. */
export function stepOf(timeline: ConnectionTimeline, ref: PacketRef): TimelineStep {
  const packets = packetSteps(timeline);
  if (typeof ref === 'number') {
    const step = packets[ref - 1];
    if (!step) throw new StateQuestionError(`the flow ${timeline.flow.id} has ${packets.length} packets, not ${ref}`);
    return step;
  }
  const nth = ref.nth ?? 1;
  const step = packets.filter((s) => s.label === ref.label)[nth - 1];
  if (!step) throw new StateQuestionError(`the flow ${timeline.flow.id} has no ${nth > 1 ? `${nth}th ` : ''}${ref.label} packet`);
  return step;
}

/** Which ends went through TIME-WAIT in the whole timeline. */
function timeWaitSide(timeline: ConnectionTimeline): TimeWaitSide {
  const went = (side: Side): boolean => timeline.steps.some((s) => s[side].after === 'TIME-WAIT' || s[side].path.includes('TIME-WAIT'));
  const c = went('client');
  const s = went('server');
  return c && s ? 'both' : c ? 'client' : s ? 'server' : 'neither';
}

function conntrackAfter(step: TimelineStep, ns: string, timeline: ConnectionTimeline): ConntrackAnswer {
  const side = step.conntrack.find((c) => c.ns === ns);
  if (!side && !timeline.conntrackNamespaces.includes(ns)) {
    // conntrack never ran there for this flow: no entry.
    return { entry: 'none', unreplied: false, assured: false };
  }
  const e = side?.after;
  if (!e) return { entry: 'none', unreplied: false, assured: false };
  return { entry: e.tcpState ?? 'entry', unreplied: e.unreplied, assured: e.assured };
}

/** The engine's answer to a question, from the timeline. */
export function expectedState(timeline: ConnectionTimeline, question: StateQuestion): { answer: StateAnswer; step: number } {
  switch (question.kind) {
    case 'socket': {
      const step = stepOf(timeline, question.after);
      return { answer: { kind: 'socket', state: step[question.side].after }, step: step.index };
    }
    case 'time-wait': {
      const side = timeWaitSide(timeline);
      const step = timeline.steps.find((s) => s.client.after === 'TIME-WAIT' || s.server.after === 'TIME-WAIT') ?? timeline.steps.at(-1);
      return { answer: { kind: 'time-wait', side }, step: step?.index ?? 0 };
    }
    case 'conntrack': {
      const step = stepOf(timeline, question.after);
      return { answer: { kind: 'conntrack', conntrack: conntrackAfter(step, question.ns, timeline) }, step: step.index };
    }
  }
}

/**
 * The choices a page offers for a question, in their usual order (a UDP or ICMP flow's conntrack
 * question has no TCP states), except that the answer is never first: a learner who always
 * takes the first choice earns nothing (the list then starts one further on, and wraps).
 */
export function stateChoices(timeline: ConnectionTimeline, question: StateQuestion): readonly string[] {
  const all = question.kind === 'socket' ? SOCKET_CHOICES : question.kind === 'time-wait' ? TIME_WAIT_CHOICES : timeline.flow.proto === 'tcp' ? CONNTRACK_TCP_CHOICES : CONNTRACK_OTHER_CHOICES;
  const answer = words(expectedState(timeline, question).answer).value;
  return all[0] === answer ? [...all.slice(1), all[0]!] : all;
}

// ------------------------------------------------------------------------------ grading

/** What the misconception matcher reads of a graded state answer (`on: states` rules). */
export interface StatesGradedAnswer {
  readonly on: 'states';
  readonly question: StateQuestion['kind'];
  readonly proto: FlowProto;
  readonly side?: Side;
  /** The learner's answer and the engine's, as words: an ss state, a side, `none` / a conntrack state / `entry`. */
  readonly said: string;
  readonly is: string;
  /** The conntrack flags, said and true ('' when not a conntrack question). */
  readonly saidFlags: string;
  readonly isFlags: string;
}

/** The flags said (with no entry, ticking a flag is a wrong answer too: there is nothing to flag). */
function flagsOf(a: ConntrackAnswer): string {
  return [a.unreplied ? 'UNREPLIED' : '', a.assured ? 'ASSURED' : ''].filter(Boolean).join(' ');
}

function words(answer: StateAnswer): { value: string; flags: string } {
  switch (answer.kind) {
    case 'socket':
      return { value: answer.state, flags: '' };
    case 'time-wait':
      return { value: answer.side, flags: '' };
    case 'conntrack':
      return answer.conntrack ? { value: answer.conntrack.entry, flags: flagsOf(answer.conntrack) } : { value: '', flags: '' };
  }
}

/** A `said`/`is` pattern of an `on: states` rule: a list of words, or any, tcp-only (a state only TCP has), entry (any entry). */
function wordMatches(pattern: readonly string[], value: string): boolean {
  return pattern.some((p) => p === value || p === 'any' || (p === 'tcp-only' && TCP_ONLY.has(value)) || (p === 'entry' && value !== 'none' && value !== ''));
}

/** The `on: states` rule of the catalogue (src/grading/misconceptions.ts checks its shape). */
export interface StatesRule {
  readonly on: 'states';
  readonly question: StateQuestion['kind'];
  readonly proto?: readonly FlowProto[];
  readonly side?: Side;
  readonly said: readonly string[];
  readonly is: readonly string[];
}

/** Whether a catalogue rule recognises this wrong answer. */
export function statesRuleMatches(rule: StatesRule, a: StatesGradedAnswer): boolean {
  if (rule.question !== a.question) return false;
  if (rule.proto && !rule.proto.includes(a.proto)) return false;
  if (rule.side && rule.side !== a.side) return false;
  return wordMatches(rule.said, a.said) && wordMatches(rule.is, a.is);
}

function sameAnswer(a: StateAnswer, b: StateAnswer): boolean {
  const x = words(a);
  const y = words(b);
  return x.value === y.value && x.flags === y.flags;
}

function isBlank(answer: StateAnswer | undefined): boolean {
  if (!answer) return true;
  const w = words(answer);
  return w.value === '';
}

const SIDE_WORD: Readonly<Record<Side, string>> = { client: "the client's", server: "the server's" };

function feedbackFor(question: StateQuestion, answer: StateAnswer, expected: StateAnswer, correct: boolean): string {
  if (correct) {
    switch (question.kind) {
      case 'socket':
        return `Right: ${SIDE_WORD[question.side]} socket is ${words(expected).value} after this packet.`;
      case 'time-wait':
        return words(expected).value === 'neither' ? 'Right: nobody waits in TIME-WAIT here.' : `Right: TIME-WAIT is kept by ${words(expected).value === 'both' ? 'both ends' : `the ${words(expected).value}`}.`;
      case 'conntrack':
        return words(expected).value === 'none' ? `Right: conntrack in ${question.ns} holds no entry for this flow then.` : `Right: that is what conntrack -L in ${question.ns} shows then.`;
    }
  }
  const said = words(answer);
  const is = words(expected);
  switch (question.kind) {
    case 'socket':
      return `Not ${said.value}: step through the packets before this one and follow ${SIDE_WORD[question.side]} socket.`;
    case 'time-wait':
      return 'Not quite: TIME-WAIT is kept by the end that sent the first FIN and acknowledged the other\'s.';
    case 'conntrack':
      if (said.value === is.value) return `The state is right, the flags are not: [UNREPLIED] until a reply passes, [ASSURED] once the flow is confirmed both ways.`;
      return `Not ${said.value === 'none' ? 'without an entry' : said.value}: follow where the packets went through ${question.ns}'s hooks.`;
  }
}

/** Why the expected answer holds, from the timeline step it is read from. */
function explain(timeline: ConnectionTimeline, question: StateQuestion, expected: StateAnswer, stepIndex: number): string {
  const step = timeline.steps[stepIndex];
  if (!step) return '';
  switch (question.kind) {
    case 'socket': {
      const side = step[question.side];
      const moved = side.before !== side.after ? `${side.path.join(' -> ')}${side.why ? `: ${side.why}` : ''}` : `it stays ${side.after}: this packet does not move it`;
      return `After ${step.label}, ${SIDE_WORD[question.side]} socket: ${moved}.`;
    }
    case 'time-wait': {
      const side = words(expected).value;
      if (side === 'neither') return 'No end went through TIME-WAIT: the connection never reached an orderly close (a reset ended it, or it was never opened).';
      const lasts = 'it lasts 60 s, the time an old segment of this connection could still arrive.';
      if (side === 'both') {
        // Each end got there on its own segment, for its own reason (a simultaneous close).
        const why = (end: Side): string => timeline.steps.find((s) => s[end].after === 'TIME-WAIT' && s[end].before !== 'TIME-WAIT')?.[end].why ?? '';
        const reasons = (['client', 'server'] as const).map((end) => (why(end) ? `the ${end}'s socket when ${why(end)}` : '')).filter(Boolean);
        return `Both ends went to TIME-WAIT${reasons.length ? `: ${reasons.join('; ')}` : ''}. ${lasts[0]!.toUpperCase()}${lasts.slice(1)}`;
      }
      const which = step.client.after === 'TIME-WAIT' ? step.client : step.server;
      return `The ${side} went to TIME-WAIT${which.why ? `: ${which.why}` : ''}; ${lasts}`;
    }
    case 'conntrack': {
      const side = step.conntrack.find((c) => c.ns === question.ns);
      if (!side?.after) return side?.ctstate ? `conntrack in ${question.ns} saw the packet (${side.ctstate}) but holds no entry: it is confirmed only once its first packet gets through the hooks.` : `conntrack in ${question.ns} holds no entry for this flow then.`;
      return `conntrack -L in ${question.ns}: ${side.after.line}`;
    }
  }
}

/**
 * Grades an answer against the timeline. `entries` are the catalogue's (the page embeds those
 * that can apply, see entriesFor); `scenario` scopes them.
 */
export function gradeState(
  timeline: ConnectionTimeline,
  question: StateQuestion,
  answer: StateAnswer | undefined,
  entries: readonly MisconceptionEntry[] = [],
  scenario = '',
): StateGrade {
  const { answer: expected, step } = expectedState(timeline, question);
  if (isBlank(answer) || answer!.kind !== question.kind) {
    return { correct: false, blank: true, expected, step, misconceptions: [], feedback: 'No answer yet: pick one.', explanation: explain(timeline, question, expected, step) };
  }
  const given = answer!;
  const correct = sameAnswer(given, expected);
  const misconceptions: StateMisconception[] = [];
  if (!correct) {
    const said = words(given);
    const is = words(expected);
    const graded: StatesGradedAnswer = {
      on: 'states',
      question: question.kind,
      proto: timeline.flow.proto,
      side: question.kind === 'socket' ? question.side : undefined,
      said: said.value,
      is: is.value,
      saidFlags: said.flags,
      isFlags: is.flags,
    };
    for (const e of entries) {
      if (!scenarioMatches(e.scenarios, scenario)) continue;
      const rules = e.recognise.filter((r): r is Extract<typeof r, { on: 'states' }> => r.on === 'states');
      if (rules.some((r) => statesRuleMatches(r, graded))) misconceptions.push({ id: e.id, name: e.name, nudge: e.nudge });
    }
  }
  return { correct, blank: false, expected, step, misconceptions, feedback: feedbackFor(question, given, expected, correct), explanation: explain(timeline, question, expected, step) };
}
