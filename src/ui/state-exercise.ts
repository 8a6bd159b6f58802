// The predict-a-state exercise's words, apart from the DOM (so they are testable in Node): the
// question an author writes as props, the learner's answer read from the form's values, and the
// grade (src/grading/states.ts) as the result every exercise shows (src/grading/rows.ts Graded).

import type { ConnectionTimeline, SsState } from '../lab/connection-timeline.ts';
import type { MisconceptionEntry } from '../grading/misconceptions.ts';
import type { Graded } from '../grading/rows.ts';
import { stateChoiceWords } from '../quiz/state-words.ts';
import { expectedState, gradeState, parsePacketRef, stepOf, type PacketRef, type Side, type StateAnswer, type StateQuestion, type TimeWaitSide } from '../grading/states.ts';

/** The props an author writes: ask, side, after, ns. */
export interface QuestionProps {
  readonly ask: 'socket' | 'time-wait' | 'conntrack';
  readonly side?: Side;
  /** The packet: its number in the flow ("3"), or its label with an optional "#n" ("SYN-ACK", "SYN#2"). */
  readonly after?: string;
  readonly ns?: string;
}

function packetRef(after: string | undefined, where: string): PacketRef {
  if (!after) throw new Error(`${where}: say after which packet (after="2" or after="SYN-ACK")`);
  return parsePacketRef(after);
}

export function questionOf(props: QuestionProps, where: string): StateQuestion {
  switch (props.ask) {
    case 'socket':
      if (props.side !== 'client' && props.side !== 'server') throw new Error(`${where}: ask="socket" needs side="client" or side="server"`);
      return { kind: 'socket', side: props.side, after: packetRef(props.after, where) };
    case 'time-wait':
      return { kind: 'time-wait' };
    case 'conntrack':
      if (!props.ns) throw new Error(`${where}: ask="conntrack" needs ns="..."`);
      return { kind: 'conntrack', ns: props.ns, after: packetRef(props.after, where) };
  }
}

/** The form's values: the chosen radio (or ''), and for conntrack the two flags. */
export interface FormValues {
  readonly choice: string;
  readonly unreplied?: boolean;
  readonly assured?: boolean;
}

export function answerOf(question: StateQuestion, values: FormValues): StateAnswer {
  switch (question.kind) {
    case 'socket':
      return { kind: 'socket', state: values.choice as SsState | '' };
    case 'time-wait':
      return { kind: 'time-wait', side: values.choice as TimeWaitSide | '' };
    case 'conntrack':
      return { kind: 'conntrack', conntrack: values.choice ? { entry: values.choice, unreplied: !!values.unreplied, assured: !!values.assured } : undefined };
  }
}

/** An answer in words, as the result table and the engine's answer print it (the quiz's words: src/quiz/state-words.ts). */
export function answerWords(answer: StateAnswer): string {
  switch (answer.kind) {
    case 'socket':
      // UNCONN reads as itself here (the choice's label adds "(UDP, no peer)").
      return answer.state === 'UNCONN' ? answer.state : stateChoiceWords(answer.state);
    case 'time-wait':
      return stateChoiceWords(answer.side);
    case 'conntrack': {
      const c = answer.conntrack;
      if (!c) return '';
      if (c.entry === 'none') return stateChoiceWords('none');
      const flags = [c.unreplied ? '[UNREPLIED]' : '', c.assured ? '[ASSURED]' : ''].filter(Boolean).join(' ');
      return `${stateChoiceWords(c.entry)}${flags ? ` ${flags}` : ' (no flags)'}`;
    }
  }
}

/** Grades, in the shape every exercise shows (one row: the learner's answer and why). */
export function gradeStateExercise(
  timeline: ConnectionTimeline,
  question: StateQuestion,
  answer: StateAnswer,
  entries: readonly MisconceptionEntry[],
  scenario: string,
): Graded {
  const grade = gradeState(timeline, question, answer, entries, scenario);
  return {
    correct: grade.correct,
    summary: grade.feedback,
    rows: [{ text: answerWords(answer) || '(nothing chosen)', status: grade.correct ? 'right' : 'wrong', note: grade.correct ? 'right' : 'not what the engine shows', line: 1 }],
    nudges: grade.misconceptions.map((m) => ({ ...m, lines: [] })),
  };
}

/** The engine's answer, in words, with the packet it is about (and conntrack -L's line). */
export function stateAnswerText(timeline: ConnectionTimeline, question: StateQuestion): string {
  const lines = stateAnswerLines(timeline, question);
  const why = gradeState(timeline, question, undefined).explanation;
  // The engine's why, unless it only repeats the conntrack -L line printed above.
  return why && !why.startsWith('conntrack -L') ? `${lines}\n\n${why}` : lines;
}

function stateAnswerLines(timeline: ConnectionTimeline, question: StateQuestion): string {
  const { answer, step } = expectedState(timeline, question);
  const at = timeline.steps[step];
  switch (question.kind) {
    case 'socket': {
      const s = stepOf(timeline, question.after);
      return `${question.side}'s socket after ${s.label} (${s.summary}):\n  ${answerWords(answer)}${s[question.side].path.length > 1 ? `  (moved ${s[question.side].path.join(' -> ')})` : ''}`;
    }
    case 'time-wait':
      return `TIME-WAIT is kept by: ${answerWords(answer)}`;
    case 'conntrack': {
      const s = stepOf(timeline, question.after);
      const line = at?.conntrack.find((c) => c.ns === question.ns)?.after?.line;
      return `conntrack -L in ${question.ns} after ${s.label} (${s.summary}):\n  ${line ?? '(no entry for this flow)'}`;
    }
  }
}
