// netsim: the command line door to the engine and to the real kernel.
//   netsim run FILE      the engine's scenario output (runScenario)
//   netsim trace FILE    the engine's run with its packet trace (traceScenario)
//   netsim kernel FILE   the same scenario on the real kernel (root; see src/kernel/kernel-runner.ts)
// Exit status: the scenario's own status; 2 for a usage error or an unreadable file.
import { readFileSync } from 'node:fs';
import { runOnKernel } from '../kernel/kernel-runner.ts';
import type { ScenarioResult } from '../cli/script.ts';

const USAGE = 'usage: netsim run|trace|kernel FILE';

function fail(message: string): never {
  process.stderr.write(`netsim: ${message}\n`);
  process.exit(2);
}

async function main(argv: readonly string[]): Promise<number> {
  const [verb, file, ...extra] = argv;
  if (verb === '-h' || verb === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (verb === undefined || file === undefined || extra.length > 0) fail(USAGE);
  if (verb !== 'run' && verb !== 'trace' && verb !== 'kernel') fail(`unknown command '${verb}' (${USAGE})`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file}: is a directory` : `${file}: cannot read (${code ?? 'error'})`);
  }
  let result: ScenarioResult;
  if (verb === 'kernel') {
    result = await runOnKernel(source);
  } else {
    // Loaded only here, so that `netsim kernel` works whatever state the engine is in.
    const engine = await import('../cli/run-scenario.ts');
    result = verb === 'run' ? engine.runScenario(source) : engine.traceScenario(source);
  }
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  return result.exitCode;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`netsim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
