// A line diff between two runs' outputs: which lines of the new output are new (not in the
// old one, in order), and which old lines are gone. Longest common subsequence; over a size
// limit it falls back to "a line is new when the old output has fewer copies of it", which is
// linear and still right for the usual case (a command added, a capture grown).

type DiffLine = { readonly kind: 'same' | 'added' | 'removed'; readonly text: string };

/** Cells of the LCS table before the fallback takes over (about 16 MB of Uint32). */
const MAX_CELLS = 4_000_000;

export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  // Common head and tail first: most re-runs change the middle only.
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const out: DiffLine[] = before.slice(0, head).map((text) => ({ kind: 'same', text }));
  if (a.length * b.length > MAX_CELLS) {
    const left = new Map<string, number>();
    for (const line of a) left.set(line, (left.get(line) ?? 0) + 1);
    for (const line of b) {
      const n = left.get(line) ?? 0;
      if (n > 0) left.set(line, n - 1);
      out.push({ kind: n > 0 ? 'same' : 'added', text: line });
    }
    for (const [text, n] of left) for (let i = 0; i < n; i++) out.push({ kind: 'removed', text });
  } else {
    const m = a.length;
    const n = b.length;
    // lcs[i][j]: LCS length of a[i..] and b[j..], in one flat array.
    const lcs = new Uint32Array((m + 1) * (n + 1));
    for (let i = m - 1; i >= 0; i--) {
      for (let j = n - 1; j >= 0; j--) {
        lcs[i * (n + 1) + j] = a[i] === b[j] ? lcs[(i + 1) * (n + 1) + j + 1]! + 1 : Math.max(lcs[(i + 1) * (n + 1) + j]!, lcs[i * (n + 1) + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < m && j < n) {
      if (a[i] === b[j]) {
        out.push({ kind: 'same', text: b[j]! });
        i++;
        j++;
      } else if (lcs[(i + 1) * (n + 1) + j]! >= lcs[i * (n + 1) + j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
      else out.push({ kind: 'added', text: b[j++]! });
    }
    while (i < m) out.push({ kind: 'removed', text: a[i++]! });
    while (j < n) out.push({ kind: 'added', text: b[j++]! });
  }
  for (const text of after.slice(after.length - tail)) out.push({ kind: 'same', text });
  return out;
}

/** Output text as lines (no trailing empty line). */
export function outputLines(output: string): string[] {
  const lines = output.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}
