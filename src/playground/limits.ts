// The playground's limits and their wording, one source for the worker and the page: the size
// of a script (the Run-time check in run.ts and the editor's paste guard in
// src/ui/playground/editor.ts), and how much of a run's result the page is given (SHOWN: run.ts
// bounds the result, the page says what was left out). Tiny and engine-free, so the page can
// import it without pulling in the engine.

/**
 * Largest script accepted, in characters. The biggest course scenario is about 4 KB and
 * 86 lines; 64 KB leaves room for any hand-written experiment, and refusing before parsing
 * keeps a pasted megabyte from costing anything.
 */
export const MAX_SOURCE_CHARS = 64 * 1024;

/** Most lines accepted (the course's longest scenario has 86). */
export const MAX_SOURCE_LINES = 2_000;

/** Why a script is too big to run: the line where a limit is crossed, and which limit. */
export type SizeProblem = { readonly kind: 'lines'; readonly line: number } | { readonly kind: 'chars'; readonly line: number; readonly chars: number };

/** The 1-based line that holds character `index` (counting stops at MAX_SOURCE_LINES + 1). */
function lineAt(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < index && line <= MAX_SOURCE_LINES; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The limit `source` crosses, if any. Linear in at most MAX_SOURCE_CHARS characters whatever
 * the size of `source` (a trailing newline does not start a line).
 */
export function sizeProblem(source: string): SizeProblem | undefined {
  const end = source.length <= MAX_SOURCE_CHARS && source.endsWith('\n') ? source.length - 1 : Math.min(source.length, MAX_SOURCE_CHARS);
  const line = lineAt(source, end);
  if (line > MAX_SOURCE_LINES) return { kind: 'lines', line: MAX_SOURCE_LINES + 1 };
  if (source.length > MAX_SOURCE_CHARS) return { kind: 'chars', line, chars: source.length };
  return undefined;
}

/** The limit, in words: "the script has ..." for a run, "the script would have ..." for a paste. */
export function sizeMessage(problem: SizeProblem, verb: 'has' | 'would have' = 'has'): string {
  return problem.kind === 'lines'
    ? `the script ${verb} more than ${MAX_SOURCE_LINES} lines; the playground runs at most ${MAX_SOURCE_LINES}`
    : `the script ${verb} ${problem.chars} characters; the playground runs at most ${MAX_SOURCE_CHARS}`;
}

/**
 * Why the editor refuses to insert `text` (a paste, a drop) over the selection [start, end) of
 * `value`, or undefined when the result fits. Linear in the pasted text, whatever its size.
 */
export function refusedInsertion(value: string, start: number, end: number, text: string): string | undefined {
  const problem = sizeProblem(value.slice(0, start) + text + value.slice(end));
  if (!problem) return undefined;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) lines++;
  const size = problem.kind === 'lines' ? `${lines} line${lines === 1 ? '' : 's'}` : `${text.length} characters`;
  return `With the pasted text (${size}), ${sizeMessage(problem, 'would have')}. Your script is unchanged.`;
}

/**
 * What the page is given at most. The engine's budgets let a flood record 100,000 capture lines
 * and 100,000 walk steps (23 MB to copy to the page, seconds of main-thread work to show); a
 * learner reads the first few hundred. The rest is counted in `omitted`, and the page says so.
 */
export const SHOWN = {
  /** Lines of one capture, and of all captures together. */
  captureLines: 500,
  allCaptureLines: 2_000,
  /** Lines of one printed block, and of all blocks together. */
  printedLines: 500,
  allPrintedLines: 2_000,
  /** Packets in the walk, and their steps together (the packet that crosses it is cut). */
  packets: 200,
  steps: 2_000,
  /** Lines of the run's output (what the next run is compared with). */
  outputLines: 1_000,
} as const;

/** What the bounds above left out of a run's model: counts of what is not there. */
export interface Omitted {
  /** Lines left out of each capture, by index in `captures` (0: none). */
  readonly captureLines: readonly number[];
  /** Lines left out of each printed block, by index in `printed` (0: none). */
  readonly printedLines: readonly number[];
  /** Packets left out of the walk (after the kept ones), and steps cut from the last kept packet. */
  readonly packets: number;
  readonly steps: number;
  /** Lines left out of `output` (its last line then says so). */
  readonly outputLines: number;
}

const formatCount = (n: number): string => n.toLocaleString('en-US');

/** The output's last line when lines were left out of it. */
export function outputNote(omitted: number): string {
  return `[playground: ${formatCount(omitted)} more line${omitted === 1 ? '' : 's'} not kept; the playground keeps the first ${formatCount(SHOWN.outputLines)} lines of a run's output]`;
}
