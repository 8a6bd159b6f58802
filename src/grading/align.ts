// Grading an ordered prediction against the engine's ordered answer: the shape every lab
// shares (capture lines, hooks a packet went through, rules that matched).
//
// Alignment: the longest common subsequence of whole-item equality decides which predicted
// items are right; between two right items, the leftovers are paired in order as 'wrong'
// (first leftover predicted with first leftover expected, ...), and what is left unpaired is
// 'extra' (predicted only) or 'missing' (expected only). When several longest common
// subsequences exist, the one leaving the most pairs (fewest missing + extra) wins, then the
// one matching earliest. Items are graded field by field so the UI can point at the one
// field that is wrong ("the destination").
//
// Pure and small: predictions are a handful of lines, O(n·m) is nothing.

export type Mark = 'right' | 'wrong';
export type ItemStatus = 'right' | 'wrong' | 'missing' | 'extra';

interface GradedItem<T, F extends string> {
  readonly status: ItemStatus;
  /** Absent for 'missing'. */
  readonly predicted?: T;
  /** Absent for 'extra'. */
  readonly expected?: T;
  /** Per field: 'right' only when both sides have the item and the field is equal. */
  readonly fields: Readonly<Record<F, Mark>>;
}

export interface GradeSummary {
  /** Every item right, nothing missing, nothing extra. */
  readonly correct: boolean;
  readonly right: number;
  readonly wrong: number;
  readonly missing: number;
  readonly extra: number;
}

export interface SequenceGrade<T, F extends string> {
  /** In order: the expected order, with extra predicted items where the learner put them. */
  readonly items: readonly GradedItem<T, F>[];
  readonly summary: GradeSummary;
}

/** Whether field `f` of a prediction agrees with the expected item's (default: ===). */
export type SameField<T, F extends string> = (f: F, predicted: T, expected: T) => boolean;

function fieldMarks<T, F extends string>(fields: readonly F[], p: T | undefined, e: T | undefined, same: SameField<T, F>): Record<F, Mark> {
  const marks = {} as Record<F, Mark>;
  for (const f of fields) marks[f] = p !== undefined && e !== undefined && same(f, p, e) ? 'right' : 'wrong';
  return marks;
}

export function summarize(items: readonly { readonly status: ItemStatus }[]): GradeSummary {
  let right = 0;
  let wrong = 0;
  let missing = 0;
  let extra = 0;
  for (const i of items) {
    if (i.status === 'right') right++;
    else if (i.status === 'wrong') wrong++;
    else if (i.status === 'missing') missing++;
    else extra++;
  }
  return { correct: wrong === 0 && missing === 0 && extra === 0, right, wrong, missing, extra };
}

/**
 * Grades `predicted` against `expected`, both ordered; two items are equal when every field in
 * `fields` is (=== unless `same` says otherwise). Fields not listed are ignored (lengths, MACs:
 * whatever the caller leaves out of its item type or out of `fields`).
 */
export function gradeSequence<T extends object, F extends keyof T & string>(
  predicted: readonly T[],
  expected: readonly T[],
  fields: readonly F[],
  same: SameField<T, F> = (f, p, e) => p[f] === e[f],
): SequenceGrade<T, F> {
  const n = predicted.length;
  const m = expected.length;
  const equal = (i: number, j: number): boolean => fields.every((f) => same(f, predicted[i]!, expected[j]!));
  // Suffix DP with a lexicographic score: matches first, then pairs (substitutions).
  // score = matches * BIG + pairs, BIG > any possible number of pairs.
  const BIG = n + m + 1;
  const width = m + 1;
  const score = new Array<number>((n + 1) * width).fill(0);
  const at = (i: number, j: number): number => score[i * width + j]!;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const diag = at(i + 1, j + 1) + (equal(i, j) ? BIG : 1);
      score[i * width + j] = Math.max(diag, at(i + 1, j), at(i, j + 1));
    }
  }
  // Walk forward, preferring a match, then a pair, then skipping: earliest matches win ties.
  const anchors: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const here = at(i, j);
    if (equal(i, j) && here === at(i + 1, j + 1) + BIG) {
      anchors.push([i, j]);
      i++;
      j++;
    } else if (!equal(i, j) && here === at(i + 1, j + 1) + 1) {
      i++;
      j++;
    } else if (here === at(i + 1, j)) i++;
    else j++;
  }
  // Between anchors, pair each leftover prediction with the expected item it agrees with most
  // (a small alignment maximizing agreeing fields, in order), so that "the reply, but to the
  // wrong address" is graded against the reply and not against whatever line sits there.
  const items: GradedItem<T, F>[] = [];
  const agreement = (pi: number, ej: number): number => fields.filter((f) => same(f, predicted[pi]!, expected[ej]!)).length;
  const push = (p: T | undefined, e: T | undefined): void => {
    const status: ItemStatus = p !== undefined && e !== undefined ? 'wrong' : p !== undefined ? 'extra' : 'missing';
    items.push({
      status,
      ...(p !== undefined ? { predicted: p } : {}),
      ...(e !== undefined ? { expected: e } : {}),
      fields: fieldMarks(fields, p, e, same),
    });
  };
  const gap = (pFrom: number, pTo: number, eFrom: number, eTo: number): void => {
    const rows = pTo - pFrom;
    const cols = eTo - eFrom;
    // best[a][b]: best total agreement aligning predicted[pFrom+a..] with expected[eFrom+b..];
    // ties prefer more pairs (fewer missing + extra).
    const w = cols + 1;
    const best = new Array<number>((rows + 1) * w).fill(0);
    const get = (a: number, b: number): number => best[a * w + b]!;
    const PAIR_BONUS = 1 / (rows + cols + 2);
    for (let a = rows - 1; a >= 0; a--) {
      for (let b = cols - 1; b >= 0; b--) {
        const agree = agreement(pFrom + a, eFrom + b);
        const pair = agree > 0 ? get(a + 1, b + 1) + agree + PAIR_BONUS : -Infinity;
        best[a * w + b] = Math.max(pair, get(a + 1, b), get(a, b + 1));
      }
    }
    let a = 0;
    let b = 0;
    while (a < rows && b < cols) {
      const agree = agreement(pFrom + a, eFrom + b);
      if (agree > 0 && get(a, b) === get(a + 1, b + 1) + agree + PAIR_BONUS) {
        push(predicted[pFrom + a], expected[eFrom + b]);
        a++;
        b++;
      } else if (get(a, b) === get(a, b + 1)) {
        push(undefined, expected[eFrom + b]);
        b++;
      } else {
        push(predicted[pFrom + a], undefined);
        a++;
      }
    }
    for (; a < rows; a++) push(predicted[pFrom + a], undefined);
    for (; b < cols; b++) push(undefined, expected[eFrom + b]);
  };
  let pi = 0;
  let ej = 0;
  for (const [ai, aj] of anchors) {
    gap(pi, ai, ej, aj);
    const p = predicted[ai]!;
    const e = expected[aj]!;
    items.push({ status: 'right', predicted: p, expected: e, fields: fieldMarks(fields, p, e, same) });
    pi = ai + 1;
    ej = aj + 1;
  }
  gap(pi, n, ej, m);
  return { items, summary: summarize(items) };
}
