// The playground's one entry point: run a script someone typed, in the browser (a Web Worker),
// and give back what a lab shows. Pure (no DOM). Hostile input ends quickly with a message:
// the engine carries the budgets (src/net/world.ts: events, frames, one frame's transmissions,
// rule checks, recorded steps, captured lines, captures; src/net/ops.ts: namespaces, devices;
// chain depth; sleep), so lessons, quizzes and the CLI share them; this file adds the caps that
// only typed text needs. `error` is a Linux tool's refusal; `stopped` is one of these limits.

import { executeScript, type ScriptRun } from '../cli/shell.ts';
import { labModelFromRun, type LabModel } from '../lab/lab-model.ts';
import { outputNote, SHOWN, sizeMessage, sizeProblem, type Omitted } from './limits.ts';

export { MAX_SOURCE_CHARS, MAX_SOURCE_LINES, outputNote, SHOWN, type Omitted } from './limits.ts';

/** A printed block of the playground: a printed command's, or a foreground ping's or nc's own output (`tool`). */
export type PlaygroundBlock = LabModel['printed'][number] & {
  /** ping or nc: what the tool prints on a terminal, times masked (not part of the scenario output). */
  readonly tool?: true;
};

/** What the playground shows: the lab model, plus why a limit stopped the run, if one did. */
export interface PlaygroundRun extends LabModel {
  /** Printed commands and the tools' own output (ping, nc), in script order. */
  readonly printed: readonly PlaygroundBlock[];
  /**
   * What the page compares between runs: the printed and tool blocks in script order, then the
   * captures (the scenario output of the contract, plus what ping and nc printed).
   */
  readonly output: string;
  /**
   * A limit of the simulation (not a Linux error) stopped the run at this line; everything
   * printed and captured before it is kept in the model.
   */
  readonly stopped?: { readonly line: number; readonly message: string };
  /** Present when the SHOWN bounds left something out of this model. */
  readonly omitted?: Omitted;
}

/** Lines in `text` (each ends with \n, the last may not). */
function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text && !text.endsWith('\n') ? n + 1 : n;
}

/** The first `max` lines of `text`: that text, the lines kept, and the lines left out. */
function headLines(text: string, max: number): { text: string; kept: number; omitted: number } {
  let end = 0;
  let kept = 0;
  while (kept < max && end < text.length) {
    const newline = text.indexOf('\n', end);
    end = newline < 0 ? text.length : newline + 1;
    kept++;
  }
  if (end >= text.length) return { text, kept, omitted: 0 };
  return { text: text.slice(0, end), kept, omitted: lineCount(text.slice(end)) };
}

/** `run` within the SHOWN bounds, with what was left out counted. Unchanged when it fits. */
export function boundRun(run: PlaygroundRun): PlaygroundRun {
  let captureBudget = SHOWN.allCaptureLines;
  const captureLines: number[] = [];
  const captures = run.captures.map((capture) => {
    const keep = Math.min(capture.lines.length, SHOWN.captureLines, captureBudget);
    captureBudget -= keep;
    captureLines.push(capture.lines.length - keep);
    return keep === capture.lines.length ? capture : { ...capture, lines: capture.lines.slice(0, keep), frames: capture.frames.slice(0, keep) };
  });
  let printedBudget = SHOWN.allPrintedLines;
  const printedLines: number[] = [];
  const printed = run.printed.map((block) => {
    const head = headLines(block.output, Math.min(SHOWN.printedLines, printedBudget));
    printedBudget -= head.kept;
    printedLines.push(head.omitted);
    return head.omitted ? { ...block, output: head.text } : block;
  });
  // The first packets, whole, while the step budget lasts; the one that crosses it is cut.
  let stepBudget: number = SHOWN.steps;
  let steps = 0;
  const packets: PlaygroundRun['packets'][number][] = [];
  for (const packet of run.packets) {
    if (packets.length >= SHOWN.packets || stepBudget === 0) break;
    if (packet.steps.length <= stepBudget) {
      stepBudget -= packet.steps.length;
      packets.push(packet);
    } else {
      steps = packet.steps.length - stepBudget;
      packets.push({ ...packet, steps: packet.steps.slice(0, stepBudget) });
      stepBudget = 0;
    }
  }
  const head = headLines(run.output, SHOWN.outputLines);
  const omitted: Omitted = { captureLines, printedLines, packets: run.packets.length - packets.length, steps, outputLines: head.omitted };
  if (!omitted.packets && !omitted.steps && !omitted.outputLines && !captureLines.some(Boolean) && !printedLines.some(Boolean)) return run;
  return { ...run, captures, printed, packets, output: head.omitted ? `${head.text}${outputNote(head.omitted)}\n` : run.output, omitted };
}

/**
 * The lab model with what ping and nc printed among the printed blocks, in script order, and in
 * the output the page compares between runs (printed and tool blocks, then the captures).
 */
function withToolOutput(model: LabModel, run: ScriptRun): PlaygroundRun {
  if (!run.tools.length) return model;
  const blocks = [
    ...run.blocks.map((block, i) => ({ line: block.line, block: model.printed[i]! as PlaygroundBlock })),
    ...run.tools.map((block) => {
      const m = /^== ([^:]+): (.*)$/.exec(block.header);
      const printed: PlaygroundBlock = { header: block.header, ns: m?.[1] ?? 'default', command: m?.[2] ?? block.header, output: block.output, tool: true };
      return { line: block.line, block: printed };
    }),
  ].sort((a, b) => a.line - b.line);
  const printed = blocks.map((b) => b.block);
  const captures = run.world.captures.map((capture) => `== ${capture.ns} ${capture.dev.name}\n${capture.lines.map((l) => `${l}\n`).join('')}`);
  const output = [...printed.map((block) => `${block.header}\n${block.output}`), ...captures].join('');
  return { ...model, printed, output };
}

const EMPTY: LabModel = { topology: { namespaces: [], links: [] }, commands: [], printed: [], captures: [], packets: [], rules: [], output: '' };

/**
 * Runs `source` and gives the model the page shows, within the SHOWN bounds (see `omitted`).
 * Never throws: an engine bug becomes an error on line 0 rather than a dead worker.
 */
export function runPlayground(source: string): PlaygroundRun {
  return boundRun(runUnbounded(source));
}

/** The whole model of a run, as the engine's budgets allow it (tests, benchmarks). */
export function runUnbounded(source: string): PlaygroundRun {
  // Refused before parsing: a pasted megabyte costs nothing. The line is where the cap is crossed.
  const tooBig = sizeProblem(source);
  if (tooBig) return { ...EMPTY, stopped: { line: tooBig.line, message: `netsim: ${sizeMessage(tooBig)}` } };
  try {
    const run = executeScript(source, { trace: true });
    const model = withToolOutput(labModelFromRun(run), run);
    if (run.error?.limit) {
      const { error: _error, ...rest } = model;
      return { ...rest, stopped: { line: run.error.line, message: run.error.message } };
    }
    return model;
  } catch (error) {
    return { ...EMPTY, error: { line: 0, message: `netsim: internal error: ${(error as Error).message}` } };
  }
}
