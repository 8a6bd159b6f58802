// Turns a sequence grade (capture lines, hooks) into the rows and summary an exercise shows.
// A wrong line names its wrong fields; a missing line says only that one is missing, so that
// checking never gives the answer away (revealing does).

import type { GradeSummary, SequenceGrade } from './align.ts';

/** An exercise's result as the page shows it. */
export interface Graded {
  readonly correct: boolean;
  /** Rows for the result table: what the learner said and how each part fared. */
  readonly rows: readonly { readonly text: string; readonly status: 'right' | 'wrong' | 'missing' | 'extra'; readonly note: string }[];
  readonly summary: string;
}

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

export function summaryText(s: GradeSummary, right = 'Right: the engine prints exactly these lines.'): string {
  if (s.correct) return right;
  const bits: string[] = [];
  if (s.right) bits.push(`${s.right} right`);
  if (s.wrong) bits.push(`${s.wrong} wrong`);
  if (s.missing) bits.push(`${s.missing} missing`);
  if (s.extra) bits.push(`${s.extra} extra`);
  return `Not quite: ${bits.join(', ')}.`;
}

/** `noun`: what one item is, for the missing/extra notes ("line", "hook"). */
export function sequenceRows<T, F extends string>(grade: SequenceGrade<T, F>, format: (item: T) => string, noun = 'line'): Graded {
  const rows = grade.items.map((item) => {
    switch (item.status) {
      case 'right':
        return { text: format(item.predicted!), status: item.status, note: 'right' };
      case 'wrong': {
        const wrong = (Object.entries(item.fields) as [string, string][]).filter(([, mark]) => mark === 'wrong').map(([f]) => FIELD_WORDS[f] ?? f);
        return { text: format(item.predicted!), status: item.status, note: `wrong ${wrong.join(' and ')}` };
      }
      case 'missing':
        return { text: '(nothing)', status: item.status, note: noun === 'line' ? 'missing: the engine prints a line here' : `missing: the packet meets one more ${noun} here` };
      case 'extra':
        return { text: format(item.predicted!), status: item.status, note: noun === 'line' ? 'extra: the engine prints no such line' : `extra: the packet meets no such ${noun} here` };
    }
  });
  const right = noun === 'line' ? undefined : `Right: the packet meets exactly these ${noun}s, in this order.`;
  return { correct: grade.summary.correct, rows, summary: summaryText(grade.summary, right) };
}
