// The playground's one entry point: run a script someone typed, in the browser (a Web Worker),
// and give back what a lab shows. Pure (no DOM). Hostile input ends quickly with a message:
// the engine carries the budgets (src/net/world.ts: events, frames, one frame's transmissions,
// rule checks, recorded steps, captured lines, captures; src/net/ops.ts: namespaces, devices;
// chain depth; sleep), so lessons, quizzes and the CLI share them; this file adds the caps that
// only typed text needs. `error` is a Linux tool's refusal; `stopped` is one of these limits.

import { executeScript } from '../cli/shell.ts';
import { labModelFromRun, type LabModel } from '../lab/lab-model.ts';

/**
 * Largest script accepted, in characters. The biggest course scenario is about 4 KB and
 * 86 lines; 64 KB leaves room for any hand-written experiment, and refusing before parsing
 * keeps a pasted megabyte from costing anything.
 */
export const MAX_SOURCE_CHARS = 64 * 1024;

/** Most lines accepted (the course's longest scenario has 86). */
export const MAX_SOURCE_LINES = 2_000;

/** What the playground shows: the lab model, plus why a limit stopped the run, if one did. */
export interface PlaygroundRun extends LabModel {
  /**
   * A limit of the simulation (not a Linux error) stopped the run at this line; everything
   * printed and captured before it is kept in the model.
   */
  readonly stopped?: { readonly line: number; readonly message: string };
}

const EMPTY: LabModel = { topology: { namespaces: [], links: [] }, commands: [], printed: [], captures: [], packets: [], rules: [], output: '' };

/** The 1-based line that holds character `index` (counting stops at MAX_SOURCE_LINES + 1). */
function lineAt(source: string, index: number): number {
  let line = 1;
  for (let i = source.indexOf('\n'); i >= 0 && i < index && line <= MAX_SOURCE_LINES; i = source.indexOf('\n', i + 1)) line++;
  return line;
}

/** Never throws: an engine bug becomes an error on line 0 rather than a dead worker. */
export function runPlayground(source: string): PlaygroundRun {
  // Refused before parsing: a pasted megabyte costs nothing. The line is where the cap is crossed.
  const end = source.length <= MAX_SOURCE_CHARS && source.endsWith('\n') ? source.length - 1 : Math.min(source.length, MAX_SOURCE_CHARS);
  const lines = lineAt(source, end);
  if (lines > MAX_SOURCE_LINES) {
    return { ...EMPTY, stopped: { line: MAX_SOURCE_LINES + 1, message: `netsim: the script has more than ${MAX_SOURCE_LINES} lines; the playground runs at most ${MAX_SOURCE_LINES}` } };
  }
  if (source.length > MAX_SOURCE_CHARS) {
    return { ...EMPTY, stopped: { line: lines, message: `netsim: the script has ${source.length} characters; the playground runs at most ${MAX_SOURCE_CHARS}` } };
  }
  try {
    const run = executeScript(source, { trace: true });
    const model = labModelFromRun(run);
    if (run.error?.limit) {
      const { error: _error, ...rest } = model;
      return { ...rest, stopped: { line: run.error.line, message: run.error.message } };
    }
    return model;
  } catch (error) {
    return { ...EMPTY, error: { line: 0, message: `netsim: internal error: ${(error as Error).message}` } };
  }
}
