// The one door into the engine: a scenario script in, the scenario output out.
// Used by `netsim run`, the conformance harness, and (through the same functions) the site.
import type { ScenarioResult } from './script.ts';
import { errorText, executeScript, formatScenarioOutput, runScenario as run } from './shell.ts';
import { formatTrace } from './trace-format.ts';

export function runScenario(source: string): ScenarioResult {
  return run(source);
}

/** The scenario run with its packet trace printed (`netsim trace`), then the scenario output. */
export function traceScenario(source: string): ScenarioResult {
  try {
    const result = executeScript(source, { trace: true });
    const stdout = `${formatTrace(result.world.trace)}\n${formatScenarioOutput(result)}`;
    const stderr = errorText(result);
    return { stdout, stderr, exitCode: result.error ? result.error.exitCode || 1 : 0 };
  } catch (error) {
    return { stdout: '', stderr: `netsim: internal error: ${(error as Error).message}\n`, exitCode: 70 };
  }
}
