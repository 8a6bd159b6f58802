// `nc ...` and `nc ... &` in a scenario: parse, refuse what cannot end, start the process, and
// (in the foreground) run the world until it exits. nc's exit status 1 (nothing answered) is
// not an error, as ping's is not; an error nc reports on stderr (bind failed ...) is.

import { ToolError } from '../errors.ts';
import type { Namespace, World } from '../../net/world.ts';
import { foregroundProblem, parseNc } from './parse.ts';
import { NcProcess, NcStartError } from './process.ts';

/** The longest a foreground nc may run in simulated time (the kernel gives up a SYN after ~131 s). */
const FOREGROUND_LIMIT_MS = 24 * 3600_000;
/** Simulated time a background nc takes to start (see runNc). */
export const BACKGROUND_START_MS = 1;

export function runNc(world: World, ns: Namespace, args: readonly string[], background: boolean): NcProcess {
  const parsed = parseNc(args);
  if (!background) {
    const problem = foregroundProblem(parsed);
    if (problem !== undefined) throw new ToolError(problem, 2);
  }
  const proc = new NcProcess(ns, parsed);
  try {
    proc.start();
  } catch (err) {
    if (err instanceof NcStartError) throw new ToolError(err.message, err.exitCode);
    throw err;
  }
  if (proc.fatal !== undefined) throw new ToolError(proc.fatal, 1);
  if (background) {
    // Starting a process takes time: the kernel runner waits (a few ms) until it owns its
    // socket. One simulated millisecond keeps two background clients started one after the
    // other from acting in the very same instant, which real ones never do.
    world.runUntil(world.now + BACKGROUND_START_MS);
    return proc;
  }
  world.runWhile(() => proc.done, world.now + FOREGROUND_LIMIT_MS);
  if (proc.fatal !== undefined) throw new ToolError(proc.fatal, 1);
  if (!proc.done) throw new ToolError('nc: still running after 24 hours of simulated time', 3);
  return proc;
}
