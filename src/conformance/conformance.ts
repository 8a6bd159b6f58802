// The engine-vs-kernel harness behind `npm run conformance` (src/bin/conformance.ts).
//
// For every content/scenarios/<id>.sh (or only the ids given), runs the engine (runScenario)
// and compares its output with the real kernel's after normalization (normalize.ts).
// - Live mode (root, unshare and the tools present): the scenario runs on the kernel now,
//   several at a time. A live run that differs from the recorded content/kernel/<id>.out
//   after normalization is a warning (the recording is stale), not a failure. When the engine
//   matches the recording but not that live run, the kernel disagrees with itself (timing):
//   the scenario is run again on the kernel, one rerun at a time, up to twice, and passes (with a "flaky
//   kernel" warning) if a rerun matches.
// - Recorded mode (otherwise, or with --recorded): the kernel side is content/kernel/<id>.out.
// - --record: runs each scenario on the kernel and writes content/kernel/<id>.out (raw output);
//   an ID ending in * selects every id it starts (`npm run conformance -- --record 'quiz-*'`);
//   says whether the new recording equals the previous one after normalization, which is how
//   normalization is shown to remove exactly the run-to-run differences. Beside it goes
//   content/kernel/<id>.json, its provenance (provenance.ts): kernel and tool versions,
//   br_netfilter's state, the scenario's hash. A recording whose scenario changed since is
//   stale: a warning live, a failure in recorded mode.
// Quiz scenarios too: every quiz question that runs the engine (lessons/*/quiz.yaml), as its
// variant of seed "conformance" (src/quiz/conformance.ts), recorded as
// content/kernel/quiz-<quizId>-<questionId>.out and compared the same way; and each question's
// variants at its parameters' extremes, content/kernel/quiz-<quizId>-<questionId>-<variant>.out.
// Prints one line per scenario, a diff for every mismatch, and ends with the plain line
// `conformance: N passed, N failed` (exit status 1 when any failed).
import { readdirSync, readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioResult } from '../cli/script.ts';
import { kernelUnavailableReason, runOnKernel } from '../kernel/kernel-runner.ts';
import { normalizeLines } from './normalize.ts';
import { formatDiff } from './diff.ts';
import { makeProvenance, readProvenance, staleness } from './provenance.ts';
import { maskToolTimes } from '../cli/ping/print.ts';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SCENARIO_DIR = join(ROOT, 'content', 'scenarios');
export const KERNEL_DIR = join(ROOT, 'content', 'kernel');
export interface ConformanceOptions {
  readonly record: boolean;
  readonly recordedOnly: boolean;
  readonly jobs: number;
  readonly ids: readonly string[];
}

/** A scenario to compare: a file of content/scenarios or a quiz question's variant. */
export interface ConformanceItem {
  readonly id: string;
  readonly source: string;
}

/** The quiz scenarios (loaded lazily: the quiz core needs yaml and zod, the engine does not). */
export async function listQuizScenarios(): Promise<ConformanceItem[]> {
  const [{ loadQuizzes }, { quizScenarios, quizExtremeScenarios }] = await Promise.all([import('../quiz/load.ts'), import('../quiz/conformance.ts')]);
  const quizzes = loadQuizzes();
  return [...quizScenarios(quizzes), ...quizExtremeScenarios(quizzes)];
}

/** Scenario ids in content/scenarios, sorted. */
export function listScenarios(dir = SCENARIO_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sh'))
    .map((f) => f.slice(0, -3))
    .sort();
}

/**
 * Runs `work` on every item with at most `jobs` running at once; results in input order.
 * `done` is called for each result in input order, as soon as it and all before it are done.
 */
export async function pool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>, done?: (result: R) => void): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  const finished: boolean[] = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let reported = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const k = next++;
      results[k] = await work(items[k] as T);
      finished[k] = true;
      while (reported < items.length && finished[reported]) {
        const result = results[reported] as R;
        reported++;
        if (done) done(result);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

type Engine = (source: string) => ScenarioResult;

/** The engine, loaded lazily so that --record works whatever state the engine is in. */
async function loadEngine(): Promise<Engine> {
  try {
    const mod = await import('../cli/run-scenario.ts');
    return mod.runScenario;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return () => ({ stdout: '', stderr: `the engine could not be loaded: ${message}\n`, exitCode: 70 });
  }
}

function engineRun(engine: Engine, source: string): ScenarioResult {
  try {
    return engine(source);
  } catch (err) {
    return { stdout: '', stderr: `engine threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`, exitCode: 70 };
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

export function provenancePath(id: string): string {
  return join(KERNEL_DIR, `${id}.json`);
}

function readRecording(id: string): string | undefined {
  const path = join(KERNEL_DIR, `${id}.out`);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function readToolRecording(id: string): string | undefined {
  const path = join(KERNEL_DIR, `${id}.tools.out`);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/**
 * Compares the engine's tool output (what ping and nc print, times masked: ScenarioResult.tools)
 * with the kernel's, its times masked the same way; a report paragraph or undefined when equal.
 * Checked for the scenarios with a recording of it (content/kernel/ID.tools.out).
 */
export function compareTools(engine: ScenarioResult, kernelTools: string, source?: string): string | undefined {
  const diff = formatDiff(normalizeLines(maskToolTimes(kernelTools), source), normalizeLines(engine.tools ?? '', source));
  return diff === '' ? undefined : `tool output (ping, nc) differs (- kernel, + engine):\n${indent(diff)}`;
}

/**
 * A scenario whose command fails on Linux (`line N: ping: connect: Network is unreachable`,
 * status 2) is a scenario too: what ran before it is printed, then the failure as a last block
 * `== exit status N` followed by the `line N:` message, in the recording and in the comparison.
 * Failures of the runner itself (no `line N:`, or the runner's own refusals) are no such output.
 */
export function isScenarioFailure(run: ScenarioResult): boolean {
  return run.exitCode !== 0 && /^line \d+: /.test(run.stderr) && !/^line \d+: kernel runner:/.test(run.stderr);
}

/** The output compared and recorded: stdout, plus the failure block when a command failed. */
export function comparableOutput(run: ScenarioResult): string {
  if (!isScenarioFailure(run)) return run.stdout;
  return `${run.stdout}== exit status ${run.exitCode}\n${run.stderr.endsWith('\n') ? run.stderr : `${run.stderr}\n`}`;
}

/** Compares one engine result with the kernel's output; a report paragraph or undefined when equal. */
export function compare(engine: ScenarioResult, kernelStdout: string, source?: string): string | undefined {
  if (engine.exitCode !== 0 && !isScenarioFailure(engine)) {
    return `engine exited with status ${engine.exitCode}${engine.stderr ? `:\n${indent(engine.stderr)}` : ''}`;
  }
  const diff = formatDiff(normalizeLines(kernelStdout, source), normalizeLines(comparableOutput(engine), source));
  if (diff === '') return undefined;
  return `normalized output differs (- kernel, + engine):\n${indent(diff)}`;
}

export async function record(items: readonly ConformanceItem[], jobs: number): Promise<number> {
  const reason = kernelUnavailableReason();
  if (reason !== undefined) {
    process.stderr.write(`conformance: cannot record: ${reason}\n`);
    return 2;
  }
  mkdirSync(KERNEL_DIR, { recursive: true });
  process.stdout.write(`conformance: recording ${items.length} scenario(s) on the kernel (${jobs} at a time)\n`);
  let failed = 0;
  await pool(
    items,
    jobs,
    async ({ id, source }): Promise<string> => {
      const run = await runOnKernel(source);
      if (run.exitCode !== 0 && !isScenarioFailure(run)) {
        failed++;
        return `FAIL ${id}: the kernel run failed (status ${run.exitCode}):\n${indent(run.stderr)}\n`;
      }
      const previous = readRecording(id);
      const output = comparableOutput(run);
      writeFileSync(join(KERNEL_DIR, `${id}.out`), output);
      // What ping and nc printed, raw (times are masked when compared): ScenarioResult.tools.
      if (run.tools) writeFileSync(join(KERNEL_DIR, `${id}.tools.out`), run.tools);
      writeFileSync(provenancePath(id), `${JSON.stringify(makeProvenance(source, new Date()), null, 2)}\n`);
      let note = 'new';
      if (previous !== undefined) {
        const diff = formatDiff(normalizeLines(previous, source), normalizeLines(output, source), 3, ['old', 'new']);
        note = diff === '' ? 'same as before after normalization' : `CHANGED after normalization (- old, + new):\n${indent(diff)}`;
      }
      return `recorded ${id}: ${note}\n`;
    },
    (text) => {
      process.stdout.write(text);
    },
  );
  process.stdout.write(`conformance: ${items.length - failed} recorded, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

/** How many more times a kernel run that disagreed with its own recording is tried. */
const KERNEL_RERUNS = 2;

let kernelQueue: Promise<unknown> = Promise.resolve();
/** Reruns go one at a time (never two reruns together), to add as little load as they can. */
function kernelRunsOneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const next = kernelQueue.then(run, run);
  kernelQueue = next.catch(() => undefined);
  return next;
}

export async function check(items: readonly ConformanceItem[], options: ConformanceOptions): Promise<number> {
  const reason = options.recordedOnly ? 'asked for with --recorded' : kernelUnavailableReason();
  const live = reason === undefined;
  process.stdout.write(
    live
      ? `conformance: engine vs the live kernel (${options.jobs} scenario(s) at a time)\n`
      : `conformance: engine vs the recorded kernel output in content/kernel (live kernel not used: ${reason})\n`,
  );
  const engine = await loadEngine();
  let passed = 0;
  let failed = 0;
  let warnings = 0;
  const checkOne = async ({ id, source }: ConformanceItem): Promise<string> => {
    const recording = readRecording(id);
    const notes: string[] = [];
    let kernelStdout: string | undefined;
    const toolRecording = readToolRecording(id);
    let kernelTools = toolRecording;
    let problem: string | undefined;
    const stale = recording === undefined ? undefined : staleness(readProvenance(provenancePath(id)), source);
    if (stale !== undefined) {
      const why = `stale recording content/kernel/${id}.out: ${stale}; re-record it: npm run conformance -- --record ${id}`;
      // Recorded mode would compare the engine with another scenario's output: that fails.
      if (live) notes.push(`warning: ${why}`);
      else problem = why;
    }
    if (live) {
      const run = await runOnKernel(source);
      if (run.exitCode !== 0 && !isScenarioFailure(run)) {
        problem = `the kernel run failed (status ${run.exitCode}); the scenario itself is broken:\n${indent(run.stderr)}`;
      } else {
        kernelStdout = comparableOutput(run);
        if (toolRecording !== undefined) kernelTools = run.tools ?? '';
        if (recording === undefined) {
          notes.push('warning: no recording in content/kernel (run npm run conformance -- --record)');
        } else {
          const stale = formatDiff(normalizeLines(recording, source), normalizeLines(kernelStdout, source), 3, ['recorded', 'live']);
          if (stale !== '') notes.push(`warning: the recording is stale; the live kernel differs from content/kernel/${id}.out (- recorded, + live):\n${indent(stale)}`);
        }
      }
    } else if (problem !== undefined) {
      // stale: nothing to compare with
    } else if (recording === undefined) {
      problem = `no recording content/kernel/${id}.out (record it as root: npm run conformance -- --record ${id})`;
    } else {
      kernelStdout = recording;
    }
    if (problem === undefined && kernelStdout !== undefined) {
      const engineResult = engineRun(engine, source);
      problem = compare(engineResult, kernelStdout, source);
      // The kernel disagreeing with its own recording while the engine agrees with it is the
      // kernel's timing (a segment retransmitted under load): run it again before
      // calling the engine wrong. A rerun that matches passes, and the flake is reported.
      if (problem !== undefined && live && recording !== undefined && compare(engineResult, recording, source) === undefined) {
        for (let rerun = 1; rerun <= KERNEL_RERUNS && problem !== undefined; rerun++) {
          const again = await kernelRunsOneAtATime(() => runOnKernel(source));
          if (again.exitCode !== 0 && !isScenarioFailure(again)) continue;
          if (compare(engineResult, comparableOutput(again), source) === undefined) {
            problem = undefined;
            notes.push(`warning: flaky kernel: the first live run differed from its own recording; rerun ${rerun} matches the engine`);
          }
        }
      }
    }
    if (problem === undefined && kernelTools !== undefined) problem = compareTools(engineRun(engine, source), kernelTools, source);
    warnings += notes.length;
    if (problem === undefined) passed++;
    else failed++;
    const head = problem === undefined ? `ok   ${id}` : `FAIL ${id}: ${problem}`;
    return `${[head, ...notes.map(indent)].join('\n')}\n`;
  };
  await pool(items, live ? options.jobs : 1, checkOne, (text) => {
    process.stdout.write(text);
  });
  if (warnings > 0) process.stdout.write(`conformance: ${warnings} warning(s)\n`);
  process.stdout.write(`conformance: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
