// The differential kernel fuzzer's core (src/bin/fuzz-kernel.ts is its command line): each
// seed's generated scenario runs in the engine and on the live kernel, and the two outputs are
// compared after normalization (normalize.ts, the contract's rules). A disagreement is checked
// against more kernel runs: when the kernel disagrees with itself the seed is flaky (timing on
// a loaded machine, or a choice Linux makes by chance), not an engine error. Real disagreements
// are classified, kept (script, both outputs, diff) and optionally shrunk to a minimal script
// (shrink.ts).

import type { ScenarioResult } from '../../cli/script.ts';
import { runScenario } from '../../cli/run-scenario.ts';
import { runOnKernel } from '../../kernel/kernel-runner.ts';
import { formatDiff } from '../diff.ts';
import { normalizeBlocks, normalizeLines } from '../normalize.ts';

export type Verdict = 'agree' | 'disagree' | 'flaky' | 'invalid';

export interface SeedResult {
  readonly seed: number;
  readonly script: string;
  readonly verdict: Verdict;
  /** For disagreements: a short class name (where and what differs first). */
  readonly cls?: string;
  readonly engine?: ScenarioResult;
  readonly kernel?: ScenarioResult;
  readonly diff?: string;
  /** For flaky seeds: how the second kernel run differs from the first (- first, + second). */
  readonly kernelDiff?: string;
  readonly ms: number;
}

export type KernelRun = (script: string) => Promise<ScenarioResult>;
export type EngineRun = (script: string) => ScenarioResult;

export function safeEngine(script: string): ScenarioResult {
  try {
    return runScenario(script);
  } catch (err) {
    return { stdout: '', stderr: `engine threw: ${err instanceof Error ? err.message : String(err)}\n`, exitCode: 70 };
  }
}

export const liveKernel: KernelRun = (script) => runOnKernel(script);

/** The difference between a kernel run and an engine run, '' when they agree. */
export function difference(engine: ScenarioResult, kernel: ScenarioResult, script?: string): string {
  if (engine.exitCode !== kernel.exitCode || (engine.exitCode !== 0 && engine.stderr.trim() !== kernel.stderr.trim())) {
    return `exit status: kernel ${kernel.exitCode}, engine ${engine.exitCode}\n- ${kernel.stderr.trim()}\n+ ${engine.stderr.trim()}\n`;
  }
  return formatDiff(normalizeLines(kernel.stdout, script), normalizeLines(engine.stdout, script));
}

/**
 * A short name for what differs first: `status`, or the block kind and what the first differing
 * line is about (capture:arp, capture:icmp, capture:tcp, conntrack, iptables:counters, ...).
 */
export function classify(engine: ScenarioResult, kernel: ScenarioResult, script?: string): string {
  if (engine.exitCode !== kernel.exitCode) {
    const msg = (engine.exitCode !== 0 ? engine.stderr : kernel.stderr).replace(/^line \d+: /, '').split('\n')[0] ?? '';
    return `status:${engine.exitCode !== 0 ? 'engine' : 'kernel'} fails: ${msg.split(/[:,]/)[0]?.slice(0, 40) ?? ''}`;
  }
  const k = normalizeBlocks(kernel.stdout, script);
  const e = normalizeBlocks(engine.stdout, script);
  for (let i = 0; i < Math.max(k.length, e.length); i++) {
    const kb = k[i];
    const eb = e[i];
    if (kb === undefined || eb === undefined || kb.header !== eb.header) return 'blocks';
    if (kb.lines.join('\n') === eb.lines.join('\n')) continue;
    const j = kb.lines.findIndex((l, n) => l !== eb.lines[n]);
    const line = (j >= 0 ? kb.lines[j] : undefined) ?? eb.lines[kb.lines.length] ?? '';
    if (kb.kind === 'capture') {
      const what = /\bARP\b/.test(line) ? 'arp' : /Flags \[/.test(line) ? 'tcp' : /\bUDP\b|\budp\b/.test(line) ? 'udp' : /ICMP/.test(line) ? 'icmp' : 'other';
      return `capture:${what}${kb.lines.length !== eb.lines.length ? ':count' : ''}`;
    }
    if (kb.kind === 'iptables') return /^Chain /.test(line) ? 'iptables:policy-counters' : 'iptables:rules';
    if (kb.kind === 'conntrack') return kb.lines.length !== eb.lines.length ? 'conntrack:entries' : 'conntrack:fields';
    return `printed:${kb.header.replace(/^== \S+: /, '').split(' ').slice(0, 2).join(' ')}`;
  }
  return 'other';
}

export interface FuzzOptions {
  readonly kernel?: KernelRun;
  readonly engine?: EngineRun;
}

/** How many more times a kernel run that disagrees with the engine is repeated. */
export const KERNEL_RERUNS = 3;

/** Runs one scenario both ways (the kernel again, up to KERNEL_RERUNS times, when they disagree). */
export async function checkScript(seed: number, script: string, options: FuzzOptions = {}): Promise<SeedResult> {
  const kernelRun = options.kernel ?? liveKernel;
  const engineRun = options.engine ?? safeEngine;
  const started = Date.now();
  const kernel = await kernelRun(script);
  const engine = engineRun(script);
  const ms = (): number => Date.now() - started;
  // A generated script the kernel refuses is the generator's bug, not the engine's.
  if (kernel.exitCode !== 0 && engine.exitCode === 0) {
    const again = await kernelRun(script);
    if (again.exitCode === 0) return { seed, script, verdict: 'flaky', engine, kernel, ms: ms() };
    return { seed, script, verdict: 'invalid', engine, kernel, diff: kernel.stderr, ms: ms() };
  }
  const diff = difference(engine, kernel, script);
  if (diff === '') return { seed, script, verdict: 'agree', ms: ms() };
  // Is it the kernel's timing or its chance (which CPU's timers fire first, a per-namespace
  // hash)? A later run that differs from the first after normalization (or that agrees with
  // the engine) means the kernel disagrees with itself. An outcome Linux picks by a coin toss
  // agrees with itself in one rerun half of the time, so it gets KERNEL_RERUNS of them.
  for (let i = 0; i < KERNEL_RERUNS; i++) {
    const again = await kernelRun(script);
    const kernelDiff = difference(again, kernel, script);
    if (kernelDiff !== '' || difference(engine, again, script) === '') {
      return { seed, script, verdict: 'flaky', engine, kernel, diff, kernelDiff, ms: ms() };
    }
  }
  return { seed, script, verdict: 'disagree', cls: classify(engine, kernel, script), engine, kernel, diff, ms: ms() };
}

/** Does the script still show a real disagreement of the same class (for shrinking)? */
export async function stillDisagrees(script: string, cls: string, options: FuzzOptions = {}): Promise<boolean> {
  const engineRun = options.engine ?? safeEngine;
  const kernelRun = options.kernel ?? liveKernel;
  const engine = engineRun(script);
  const kernel = await kernelRun(script);
  if (kernel.exitCode !== 0 && engine.exitCode === 0) return false;
  if (difference(engine, kernel, script) === '') return false;
  if (classify(engine, kernel, script) !== cls) return false;
  const again = await kernelRun(script);
  return difference(again, kernel, script) === '';
}
