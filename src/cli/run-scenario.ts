// The one door into the engine: a scenario script in, the scenario output out.
// Used by `netsim run`, the conformance harness, and (through the same functions) the site.
import type { ScenarioResult } from './script.ts';

export function runScenario(_source: string): ScenarioResult {
  return { stdout: '', stderr: 'netsim: the engine is not built yet\n', exitCode: 1 };
}
