// The quiz's `state` questions (docs/quiz-format.md): "what state is the server's socket in
// after this packet?", "which end sits in TIME-WAIT?", "what does conntrack hold then?", asked
// as <PredictState> asks them and answered from the engine's connection timeline of the
// learner's own variant (src/lab/connection-timeline.ts, graded by src/grading/states.ts, with
// the nudges of the catalogue's `on: states` entries).
//
// The choices are fixed lists in a fixed order (the state diagram's), the same in every
// variant, so a page that shows them (the prerendered practice page too) says nothing about the
// answer; src/quiz/state.test.ts checks, for the course's state questions, that no variant's
// answer is the first choice, so a learner who always takes the first one earns nothing.

import { buildConnectionTimeline, type ConnectionTimeline } from '../lab/connection-timeline.ts';
import { CONNTRACK_OTHER_CHOICES, CONNTRACK_TCP_CHOICES, expectedState, gradeState, parsePacketRef, SOCKET_CHOICES, StateQuestionError, stepOf, type PacketRef, type StateAnswer, type StateGrade, type StateQuestion } from '../grading/states.ts';
import { CATALOGUE } from '../grading/catalogue.ts';
import { Lru } from '../net/lru.ts';
import { stateChoiceWords } from './state-words.ts';
import type { Answer, QuestionVariant, Scored } from './types.ts';

/** The time-wait question's choices in the quiz: "neither" first (right only when a reset ended the connection). */
export const QUIZ_TIME_WAIT_CHOICES: readonly string[] = ['neither', 'client', 'server', 'both'];

const timelines = new Lru<string, ConnectionTimeline>(32);

function where(q: QuestionVariant): string {
  return `quiz ${q.quizId}, question ${q.id}, seed "${q.seed ?? '?'}"`;
}

/** The flow's timeline for a variant (memoized by scenario and flow); a scenario without that flow is the author's error. */
export function variantTimeline(q: QuestionVariant): ConnectionTimeline {
  if (q.scenario === undefined) throw new Error(`${where(q)}: a state question has no scenario`);
  const key = `${q.flow ?? ''}\u0000${q.scenario}`;
  const hit = timelines.get(key);
  if (hit) return hit;
  return timelines.getOrCompute(key, () => {
    const timeline = buildConnectionTimeline(q.scenario!, q.flow);
    if (!timeline) throw new Error(`${where(q)}: no flow of the scenario matches flow "${q.flow}"`);
    return timeline;
  });
}

function packetRef(after: string | undefined, q: QuestionVariant): PacketRef {
  if (!after) throw new Error(`${where(q)}: ask ${q.ask} needs after`);
  return parsePacketRef(after.trim());
}

/** The question as src/grading/states.ts takes it. */
export function stateQuestionOf(q: QuestionVariant): StateQuestion {
  switch (q.ask) {
    case 'socket':
      return { kind: 'socket', side: q.side ?? 'server', after: packetRef(q.after, q) };
    case 'conntrack':
      return { kind: 'conntrack', ns: q.ns ?? 'default', after: packetRef(q.after, q) };
    default:
      return { kind: 'time-wait' };
  }
}

/** The choices offered, in the order shown (fixed per kind of question: never built from the answer). */
export function stateChoicesOf(q: QuestionVariant, timeline: ConnectionTimeline): readonly string[] {
  const question = stateQuestionOf(q);
  if (question.kind === 'socket') return SOCKET_CHOICES;
  if (question.kind === 'time-wait') return QUIZ_TIME_WAIT_CHOICES;
  return timeline.flow.proto === 'tcp' ? CONNTRACK_TCP_CHOICES : CONNTRACK_OTHER_CHOICES;
}

export interface StateExpected {
  readonly type: 'state';
  readonly answer: Extract<Answer, { state: string }>;
  /** Every choice offered, in the order shown. */
  readonly choices: readonly string[];
  /** ask conntrack: the flags are asked too. */
  readonly flags: boolean;
  /** The engine's answer in words, with the packet it is about. */
  readonly text: string;
  /** Why, in the engine's words (it names the answer). */
  readonly why: string;
}

function asStateAnswer(question: StateQuestion, a: Extract<Answer, { state: string }>): StateAnswer {
  switch (question.kind) {
    case 'socket':
      return { kind: 'socket', state: a.state as never };
    case 'time-wait':
      return { kind: 'time-wait', side: a.state as never };
    case 'conntrack':
      return { kind: 'conntrack', conntrack: a.state ? { entry: a.state, unreplied: a.unreplied === true, assured: a.assured === true } : undefined };
  }
}

function fromStateAnswer(a: StateAnswer): Extract<Answer, { state: string }> {
  switch (a.kind) {
    case 'socket':
      return { state: a.state };
    case 'time-wait':
      return { state: a.side };
    case 'conntrack':
      return a.conntrack ? { state: a.conntrack.entry, unreplied: a.conntrack.unreplied, assured: a.conntrack.assured } : { state: '' };
  }
}

/** An answer in words: "SYN-RECV", "the client", "SYN_SENT [UNREPLIED]", "no entry". */
export function stateAnswerWords(q: QuestionVariant, a: { state?: unknown; unreplied?: unknown; assured?: unknown }): string {
  const state = typeof a.state === 'string' ? a.state : '';
  if (state === '') return '(no answer)';
  const words = stateChoiceWords(state);
  if (q.ask !== 'conntrack' || state === 'none') return words;
  const flags = [a.unreplied === true ? '[UNREPLIED]' : '', a.assured === true ? '[ASSURED]' : ''].filter(Boolean).join(' ');
  return `${words} ${flags || '(no flags)'}`;
}

/** The engine's answer for a variant. Throws (naming quiz, question, seed) when the question does not fit its scenario. */
export function expectedStateAnswer(q: QuestionVariant): StateExpected {
  const timeline = variantTimeline(q);
  const question = stateQuestionOf(q);
  try {
    const { answer } = expectedState(timeline, question);
    const grade = gradeState(timeline, question, undefined);
    const right = fromStateAnswer(answer);
    let text: string;
    if (question.kind === 'time-wait') text = `TIME-WAIT is kept by: ${stateAnswerWords(q, right)}`;
    else {
      const step = stepOf(timeline, question.after);
      const whose = question.kind === 'socket' ? `${question.side}'s socket` : `conntrack -L in ${question.ns}`;
      text = `${whose} after the ${step.label} (${step.summary}): ${stateAnswerWords(q, right)}`;
    }
    return { type: 'state', answer: right, choices: stateChoicesOf(q, timeline), flags: question.kind === 'conntrack', text, why: grade.explanation };
  } catch (error) {
    if (error instanceof StateQuestionError) throw new Error(`${where(q)}: ${error.message}`);
    throw error;
  }
}

/**
 * Grades a state answer (already known to be `{ state: string, ... }`). The answer alone is the
 * key point; for ask conntrack, the flags are worth half unless the key point names them.
 */
export function gradeStateAnswer(q: QuestionVariant, a: Extract<Answer, { state: string }>): Scored {
  const e = expectedStateAnswer(q);
  if (a.state.trim() === '') return { score: 0, feedback: [], hints: ['no answer chosen'], misconceptions: [], nonAnswer: 'no answer chosen' };
  if (!e.choices.includes(a.state)) {
    const msg = `"${a.state.slice(0, 40)}" is not one of the choices`;
    return { score: 0, feedback: [msg], hints: [msg], misconceptions: [] };
  }
  const timeline = variantTimeline(q);
  const question = stateQuestionOf(q);
  const grade: StateGrade = gradeState(timeline, question, asStateAnswer(question, a), CATALOGUE, '');
  // The mistake named, then the catalogue's nudge (neither names the answer).
  const nudges = grade.misconceptions.map((m) => `Not so: ${m.name}: ${m.nudge}`);
  if (grade.correct) return { score: 1, feedback: ['right'], hints: ['right'], misconceptions: [] };
  const entryRight = a.state === e.answer.state;
  const saidWords = stateAnswerWords(q, a);
  const feedback = [`the engine's answer is ${stateAnswerWords(q, e.answer)}, not ${saidWords}`, ...nudges, grade.explanation].filter(Boolean);
  // The quiz shows no connection view to step through: its own words for a wrong socket state.
  const hint = question.kind === 'socket' ? `Not ${a.state}: follow the ${question.side}'s socket packet by packet, up to and including this one.` : grade.feedback;
  // A recognised misconception's nudge says it better than the generic hint: not both.
  const hints = nudges.length ? nudges : [hint];
  const misconceptions = grade.misconceptions.length
    ? grade.misconceptions.map((m) => m.name)
    : [entryRight ? `state: wrong conntrack flags (${saidWords})` : `state: said ${stateChoiceWords(a.state)} where it is ${stateChoiceWords(e.answer.state)}`];
  // Only a conntrack answer with the right entry and wrong flags earns part: the entry is the key point.
  const flagsKey = q.keyPoint?.fields?.includes('flags') === true;
  if (entryRight && e.flags) return { score: 0.5, feedback, hints, misconceptions, keyMissed: flagsKey };
  return { score: 0, feedback, hints, misconceptions, keyMissed: true };
}
