// A small line diff (longest common subsequence) printed as unified-style hunks with context,
// for the conformance report: `-` lines are only in the expected side (the kernel), `+` lines
// only in the actual side (the engine).

export type DiffOp = { readonly op: ' ' | '-' | '+'; readonly line: string };

/** The edit script turning `a` into `b`. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = length of the LCS of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    const row = lcs[i] ?? [];
    const below = lcs[i + 1] ?? [];
    for (let j = m - 1; j >= 0; j--) {
      row[j] = a[i] === b[j] ? (below[j + 1] ?? 0) + 1 : Math.max(below[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: DiffOp[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ op: ' ', line: a[i] ?? '' });
      i++;
      j++;
    } else if (i < n && (j === m || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0))) {
      ops.push({ op: '-', line: a[i] ?? '' });
      i++;
    } else {
      ops.push({ op: '+', line: b[j] ?? '' });
      j++;
    }
  }
  return ops;
}

/** Hunks of changed lines with `context` unchanged lines around them; '' when equal. */
export function formatDiff(expected: readonly string[], actual: readonly string[], context = 3, names: readonly [string, string] = ['kernel', 'engine']): string {
  const ops = diffLines(expected, actual);
  const changed = ops.map((o) => o.op !== ' ');
  if (!changed.includes(true)) return '';
  const keep = ops.map((_o, k) => {
    for (let d = -context; d <= context; d++) if (changed[k + d]) return true;
    return false;
  });
  const out: string[] = [];
  let expectedLine = 1;
  let actualLine = 1;
  let inHunk = false;
  ops.forEach((o, k) => {
    if (keep[k]) {
      if (!inHunk) out.push(`@@ ${names[0]} line ${expectedLine}, ${names[1]} line ${actualLine} @@`);
      inHunk = true;
      out.push(`${o.op} ${o.line}`);
    } else {
      inHunk = false;
    }
    if (o.op !== '+') expectedLine++;
    if (o.op !== '-') actualLine++;
  });
  return `${out.join('\n')}\n`;
}
