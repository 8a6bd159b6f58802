// Turns a sequence grade (capture lines, hooks) into the rows and summary an exercise shows.
// Rows are the learner's own items, numbered as the form numbers them (a missing item is a row
// without a number, between the learner's rows). A wrong item names its wrong fields and why;
// a missing item says only that one is missing, so that checking never gives the answer away
// (revealing does).

import type { GradeSummary, SequenceGrade } from './align.ts';

export interface GradedRow {
  readonly text: string;
  readonly status: 'right' | 'wrong' | 'missing' | 'extra';
  readonly note: string;
  /** The learner's item number as the form shows it (1-based); absent for a missing item. */
  readonly line?: number;
  /** 'wrong' rows: the fields that are wrong (kind, src, seq, hook...). */
  readonly fields?: readonly string[];
}

/** A misconception recognised in the answer (src/grading/misconceptions.ts), as the page shows it. */
export interface Nudge {
  readonly id: string;
  readonly name: string;
  readonly nudge: string;
  /** The learner's item numbers where it was recognised. */
  readonly lines: readonly number[];
}

/** An exercise's result as the page shows it. */
export interface Graded {
  readonly correct: boolean;
  /** Rows for the result table: what the learner said and how each part fared. */
  readonly rows: readonly GradedRow[];
  readonly summary: string;
  /** Misconceptions recognised: shown on Check, before any reveal. */
  readonly nudges?: readonly Nudge[];
}

export const FIELD_WORDS: Record<string, string> = {
  kind: 'kind of packet',
  src: 'source',
  dst: 'destination',
  id: 'id',
  seq: 'seq',
  ack: 'ack',
  flags: 'flags',
  ns: 'namespace',
  hook: 'hook',
  table: 'table',
  chain: 'chain',
  rule: 'rule number',
  verdict: 'verdict',
};

export function summaryText(s: GradeSummary, right = 'Right: tcpdump prints these lines, in this order.'): string {
  if (s.correct) return right;
  const bits: string[] = [];
  if (s.right) bits.push(`${s.right} right`);
  if (s.wrong) bits.push(`${s.wrong} wrong`);
  if (s.missing) bits.push(`${s.missing} missing`);
  if (s.extra) bits.push(`${s.extra} extra`);
  return `Not quite: ${bits.join(', ')}.`;
}

interface RowOptions<T> {
  /** What one item is, for the missing/extra notes ("line", "hook"). */
  readonly noun?: string;
  /** The form's number of each predicted item, in the learner's order (default 1, 2, 3...). */
  readonly numbers?: readonly number[];
  /** Why a field is wrong, in a few words (never the right value). */
  readonly why?: (field: string, predicted: T, expected: T) => string | undefined;
}

/** The rows of a sequence grade, numbered as the learner's form numbers them. */
export function sequenceRows<T, F extends string>(grade: SequenceGrade<T, F>, format: (item: T) => string, options: RowOptions<T> | string = {}): Graded {
  const { noun = 'line', numbers, why } = typeof options === 'string' ? { noun: options } : options;
  let k = 0;
  // A reason already given on an earlier row is not repeated in full (a phone shows few words a line).
  const given = new Map<string, number>();
  const rows = grade.items.map((item): GradedRow => {
    const line = item.status === 'missing' ? undefined : (numbers?.[k] ?? k + 1);
    if (item.status !== 'missing') k++;
    switch (item.status) {
      case 'right':
        return { text: format(item.predicted!), status: item.status, note: 'right', line: line! };
      case 'wrong': {
        const wrong = (Object.entries(item.fields) as [string, string][]).filter(([, mark]) => mark === 'wrong').map(([f]) => f);
        const notes = wrong.map((f) => {
          const reason = why?.(f, item.predicted!, item.expected!);
          const head = `wrong ${FIELD_WORDS[f] ?? f}`;
          if (!reason) return head;
          const before = given.get(`${f}\u0000${reason}`);
          if (before !== undefined) return `${head} (as on line ${before})`;
          given.set(`${f}\u0000${reason}`, line!);
          return `${head}: ${reason}`;
        });
        return { text: format(item.predicted!), status: item.status, note: `${notes.join('; ')}.`, line: line!, fields: wrong };
      }
      case 'missing':
        return {
          text: noun === 'line' ? '(a line is missing here)' : `(a ${noun} is missing here)`,
          status: item.status,
          note: noun === 'line' ? 'missing: tcpdump prints one more line here' : `missing: the packet meets one more ${noun} here`,
        };
      case 'extra':
        return { text: format(item.predicted!), status: item.status, note: noun === 'line' ? 'extra: tcpdump prints no such line here' : `extra: the packet meets no such ${noun} here`, line: line! };
    }
  });
  const right = noun === 'line' ? undefined : `Right: the packet meets exactly these ${noun}s, in this order.`;
  return { correct: grade.summary.correct, rows, summary: summaryText(grade.summary, right) };
}

/** The rows an item index maps to (for nudges): the learner's numbers of those rows. */
export function linesOf(rows: readonly GradedRow[], items: readonly number[]): number[] {
  return items.map((i) => rows[i]?.line).filter((n): n is number => n !== undefined);
}
