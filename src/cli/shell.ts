// Runs a scenario script in the engine: parse, build a World, execute each command, drain
// the event queue in clock order, then print the scenario output of the contract
// (printed commands in order, then every capture). The one door for `netsim run`, the
// conformance harness and every lab on the site.

import { SimulationLimit, World, type KernelProfile } from '../net/world.ts';
import { createWorld } from '../net/ops.ts';
import { namespaceOrThrow, ToolError } from './errors.ts';
import { isPrintedCommand, parseScript, ScriptSyntaxError, type ScenarioResult, type ScriptCommand } from './script.ts';
import { COMMANDS, type CommandContext } from './commands.ts';

/** How long the world runs after the last command, as the kernel runner waits before stopping captures. */
export const SETTLE_MS = 700;
/** How long starting one command takes (measured: 4-5 ms for `ip netns exec NS iptables -L`, `ip route`, `sysctl`). */
export const COMMAND_START_MS = 4;

export interface PrintedBlock {
  readonly header: string;
  readonly output: string;
  readonly line: number;
  /** The simulated time (ms) the command ran at: what it printed is the state then. */
  readonly at: number;
}

export interface ScriptRun {
  readonly world: World;
  readonly commands: readonly ScriptCommand[];
  readonly blocks: PrintedBlock[];
  /** `limit`: a budget of the simulation stopped the run (a flood, a loop), not a tool's error. */
  readonly error?: { readonly line: number; readonly message: string; readonly exitCode: number; readonly limit?: boolean };
}

export interface RunOptions {
  /** Seed of the world's random source (MACs, ids): the same seed, the same output. */
  readonly seed?: number;
  /** Record every step (hooks, rules); tcpdump and counters need none of it. */
  readonly trace?: boolean;
  /** The kernel to behave as (default: the course's kernel, br_netfilter built in). */
  readonly kernel?: Partial<KernelProfile>;
  /** Called with the new world before the first command (to install a WorldObserver). */
  readonly observe?: (world: World) => void;
}

function runOne(world: World, command: ScriptCommand): string {
  const name = command.argv[0] ?? '';
  // Object.hasOwn: "valueOf" or "constructor" are not commands.
  const handler = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!handler) throw new ToolError(`${name}: command not found`, 127);
  const ns = namespaceOrThrow(world, command.ns);
  if (command.background && !handler.background) {
    throw new ToolError(`${name}: only tcpdump and nc run in the background (&) in a scenario`, 2);
  }
  // Starting a command takes time on Linux (bash forks, `ip netns exec` enters the namespace,
  // the tool execs and loads): a few milliseconds, during which timers fire.
  world.runUntil(world.now + COMMAND_START_MS);
  const ctx: CommandContext = { world, ns, args: command.argv.slice(1), command };
  const output = handler.run(ctx);
  // Let everything the command set in motion at this instant happen before the next command.
  world.runUntil(world.now);
  return output;
}

export function executeScript(source: string, options: RunOptions = {}): ScriptRun {
  const world = createWorld(options.seed ?? 1, options.kernel);
  world.recordTrace = options.trace ?? true;
  options.observe?.(world);
  const blocks: PrintedBlock[] = [];
  let commands: ScriptCommand[] = [];
  try {
    commands = parseScript(source);
  } catch (error) {
    if (error instanceof ScriptSyntaxError) {
      return { world, commands, blocks, error: { line: error.line, message: error.message, exitCode: 2 } };
    }
    throw error;
  }
  for (const command of commands) {
    try {
      const before = world.now;
      const output = runOne(world, command);
      world.observer?.quiet?.();
      if (isPrintedCommand(command.argv)) {
        // runOne starts the command COMMAND_START_MS later (a printing command changes nothing after).
        blocks.push({ header: `== ${command.ns}: ${command.text}`, output, line: command.line, at: before + COMMAND_START_MS });
      }
    } catch (error) {
      if (error instanceof ToolError) {
        // A tool that fails silently (sysctl with a bad key word) still gets a message.
        const message = error.message.trim() === '' ? `${command.argv[0]}: exited with status ${error.exitCode}` : error.message;
        return { world, commands, blocks, error: { line: command.line, message, exitCode: error.exitCode } };
      }
      if (error instanceof SimulationLimit) {
        return { world, commands, blocks, error: { line: command.line, message: `netsim: ${error.message}`, exitCode: 3, limit: true } };
      }
      throw error;
    }
  }
  try {
    world.runUntil(world.now + SETTLE_MS);
  } catch (error) {
    if (error instanceof SimulationLimit) {
      const last = commands[commands.length - 1]?.line ?? 0;
      return { world, commands, blocks, error: { line: last, message: `netsim: ${error.message}`, exitCode: 3, limit: true } };
    }
    throw error;
  }
  return { world, commands, blocks };
}

/** The contract's scenario output: printed commands, then captures in start order. */
export function formatScenarioOutput(run: ScriptRun): string {
  const parts: string[] = [];
  for (const block of run.blocks) {
    parts.push(`${block.header}\n${block.output}`);
  }
  for (const capture of run.world.captures) {
    parts.push(`== ${capture.ns} ${capture.dev.name}\n${capture.lines.map((l) => `${l}\n`).join('')}`);
  }
  return parts.join('');
}

/** The error as stderr shows it: `line N:` before the tool's message. */
export function errorText(run: ScriptRun): string {
  if (!run.error) return '';
  // Leading blank lines (sysctl's usage starts with one) would hide the line number.
  return run.error.message
    .replace(/^\s*\n/, '')
    .split('\n')
    .map((line, i) => (i === 0 ? `line ${run.error!.line}: ${line}` : line))
    .join('\n') + '\n';
}

/** Never throws: an engine bug becomes a message, not a stack trace. */
export function runScenario(source: string, options: RunOptions = {}): ScenarioResult {
  try {
    const run = executeScript(source, { trace: false, ...options });
    return { stdout: formatScenarioOutput(run), stderr: errorText(run), exitCode: run.error ? run.error.exitCode || 1 : 0 };
  } catch (error) {
    return { stdout: '', stderr: `netsim: internal error: ${(error as Error).message}\n`, exitCode: 70 };
  }
}
