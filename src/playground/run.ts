// The playground's one entry point: run a script someone typed, in the browser (a Web Worker),
// and give back what a lab shows. Pure (no DOM). Hostile input ends quickly with a message:
// the engine carries the budgets (src/net/world.ts: events, frames, one frame's transmissions,
// rule checks, recorded steps, captured lines, captures; src/net/ops.ts: namespaces, devices;
// chain depth; sleep), so lessons, quizzes and the CLI share them; this file adds the caps that
// only typed text needs. `error` is a Linux tool's refusal; `stopped` is one of these limits.

import { executeScript } from '../cli/shell.ts';
import { labModelFromRun, type LabModel } from '../lab/lab-model.ts';
import { sizeMessage, sizeProblem } from './limits.ts';

export { MAX_SOURCE_CHARS, MAX_SOURCE_LINES } from './limits.ts';

/** What the playground shows: the lab model, plus why a limit stopped the run, if one did. */
export interface PlaygroundRun extends LabModel {
  /**
   * A limit of the simulation (not a Linux error) stopped the run at this line; everything
   * printed and captured before it is kept in the model.
   */
  readonly stopped?: { readonly line: number; readonly message: string };
}

const EMPTY: LabModel = { topology: { namespaces: [], links: [] }, commands: [], printed: [], captures: [], packets: [], rules: [], output: '' };

/** Never throws: an engine bug becomes an error on line 0 rather than a dead worker. */
export function runPlayground(source: string): PlaygroundRun {
  // Refused before parsing: a pasted megabyte costs nothing. The line is where the cap is crossed.
  const tooBig = sizeProblem(source);
  if (tooBig) return { ...EMPTY, stopped: { line: tooBig.line, message: `netsim: ${sizeMessage(tooBig)}` } };
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
