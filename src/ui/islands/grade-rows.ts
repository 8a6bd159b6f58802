// Turns a sequence grade (capture lines, hooks) into the rows and summary an exercise shows.
// A wrong line names its wrong fields; a missing line says only that one is missing, so that
// checking never gives the answer away (revealing does).

import type { GradeSummary, SequenceGrade } from '../grading/align.ts';
import type { Graded } from './exercise-element.ts';

const FIELD_WORDS: Record<string, string> = {
  kind: 'kind of packet',
  src: 'source',
  dst: 'destination',
  ns: 'namespace',
  hook: 'hook',
  table: 'table',
  chain: 'chain',
  rule: 'rule number',
  verdict: 'verdict',
};

export function summaryText(s: GradeSummary): string {
  if (s.correct) return 'Right: the engine prints exactly these lines.';
  const bits: string[] = [];
  if (s.right) bits.push(`${s.right} right`);
  if (s.wrong) bits.push(`${s.wrong} wrong`);
  if (s.missing) bits.push(`${s.missing} missing`);
  if (s.extra) bits.push(`${s.extra} extra`);
  return `Not quite: ${bits.join(', ')}.`;
}

export function sequenceRows<T, F extends string>(grade: SequenceGrade<T, F>, format: (item: T) => string): Graded {
  const rows = grade.items.map((item) => {
    switch (item.status) {
      case 'right':
        return { text: format(item.predicted!), status: item.status, note: 'right' };
      case 'wrong': {
        const wrong = (Object.entries(item.fields) as [string, string][]).filter(([, mark]) => mark === 'wrong').map(([f]) => FIELD_WORDS[f] ?? f);
        return { text: format(item.predicted!), status: item.status, note: `wrong ${wrong.join(' and ')}` };
      }
      case 'missing':
        return { text: '(nothing)', status: item.status, note: 'missing: the engine prints a line here' };
      case 'extra':
        return { text: format(item.predicted!), status: item.status, note: 'extra: the engine prints no such line' };
    }
  });
  return { correct: grade.summary.correct, rows, summary: summaryText(grade.summary) };
}
