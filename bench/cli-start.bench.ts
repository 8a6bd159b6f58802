// `npm run bench:cli`: how long the command line tools take to start and exit, as `npm run`
// starts them (node src/bin/cli.mjs TOOL: the cached bundle) and from the sources (node
// src/bin/TOOL.ts), on short jobs where the start is nearly all of it. Aim: every tool under
// 100 ms from the bundle (median wall time; a busy machine reads slower). npm's own start
// (about 0.3 s) is not counted: loops call node src/bin/cli.mjs directly.
// Timing lives here, never in tests.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = join(import.meta.dirname, '..');
const RUNS = 15;
const AIM_MS = 100;

const dir = mkdtempSync(join(tmpdir(), 'cli-start-bench-'));
const scenario = join(dir, 'five-lines.sh');
writeFileSync(
  scenario,
  ['ip netns add a', 'ip netns exec a ip link add eth0 type veth peer name eth1', 'ip netns exec a ip addr add 10.0.0.1/24 dev eth0', 'ip netns exec a ip link set eth0 up', 'ip netns exec a ip addr', ''].join('\n'),
);

const CASES: readonly { readonly label: string; readonly tool: string; readonly args: readonly string[] }[] = [
  { label: 'netsim run (5-line scenario)', tool: 'netsim', args: ['run', scenario] },
  { label: 'netsim --help', tool: 'netsim', args: ['--help'] },
  { label: 'conformance usage error', tool: 'conformance', args: ['--no-such-option'] },
  { label: 'fuzz-kernel --print 5', tool: 'fuzz-kernel', args: ['--print', '5'] },
  { label: 'grade --help', tool: 'grade', args: ['--help'] },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * CPU time (ms) of the children this process has waited for, from /proc/self/stat (cutime +
 * cstime, in clock ticks of 10 ms): unlike wall time, other work on the machine does not add to it.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number | undefined;
}

/** Median wall time and mean CPU time of `node ARGS...`, after one run that is not counted (it may build). */
function time(args: readonly string[]): Timing {
  const once = (): number => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    if (r.error) throw r.error;
    return performance.now() - t0;
  };
  once();
  const cpu0 = childrenCpuMs();
  const wallMs = median(Array.from({ length: RUNS }, once));
  const cpu1 = childrenCpuMs();
  return { wallMs, cpuMs: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / RUNS };
}

const show = (t: Timing): string => `${t.wallMs.toFixed(0)} ms / ${t.cpuMs === undefined ? '-' : t.cpuMs.toFixed(0)} ms`;
const baseline = time(['-e', '0']);
console.log(`CLI start: median wall / mean CPU time of ${RUNS} runs (node -e 0 alone: ${show(baseline)})`);
console.log(`${'job'.padEnd(32)}${'bundle'.padStart(18)}${'sources'.padStart(20)}`);
let over = 0;
try {
  for (const c of CASES) {
    const bundle = time([join('src', 'bin', 'cli.mjs'), c.tool, ...c.args]);
    const sources = time([join('src', 'bin', `${c.tool}.ts`), ...c.args]);
    if (bundle.wallMs > AIM_MS) over++;
    console.log(`${c.label.padEnd(32)}${show(bundle).padStart(18)}${show(sources).padStart(20)}${bundle.wallMs > AIM_MS ? `  over ${AIM_MS} ms` : ''}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(over === 0 ? `every tool started from its bundle in under ${AIM_MS} ms` : `${over} job(s) over ${AIM_MS} ms from the bundle`);
if (baseline.cpuMs !== undefined && baseline.wallMs > 2 * baseline.cpuMs + 10) {
  console.log('the machine is busy (node -e 0 waits far longer than it computes): wall times are inflated, compare the CPU times');
}
