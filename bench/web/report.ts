// The learner's side of bench:web as tables: what each page downloads and when, the times and
// long tasks, Lighthouse beside the plain Astro page, and every figure against issue 13's targets.

import type { ScenarioResult } from './browser.ts';
import type { LighthouseResult } from './lighthouse.ts';

/** Issue 13's targets (benchmarks, not timed tests). */
export const TARGETS = {
  upFrontKib: 40,
  lighthousePerf: 98,
  lighthouseTbtMs: 50,
  longTaskMs: 50,
} as const;

export type Row = { page: string; measure: string; value: string; target: string; met: boolean | undefined };

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
const ms = (value: number | undefined): string => (value === undefined ? 'n/a' : `${Math.round(value)} ms`);

/** Text columns (`left`, and the last) aligned left, figures right. */
function pad(rows: string[][], left: number[] = [0]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => '  ' + r.map((cell, i) => (left.includes(i) || i === r.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

export function printDownloads(runs: ScenarioResult[]): void {
  console.log('\nJavaScript a learner downloads, from the network log (KiB gzipped, each URL once, in the phase of its first request)');
  const rows = [['page', 'up front', 'page', 'inline', 'worker at load', 'idle prefetch', 'idle window', 'on actions']];
  for (const r of runs) {
    const page = r.upFront - r.inline - r.workerAtLoad;
    const actions = Object.entries(r.onAction)
      .filter(([, bytes]) => bytes > 0)
      .map(([name, bytes]) => `${name} +${kib(bytes)}`)
      .join(', ');
    rows.push([r.scenario.label, kib(r.upFront), kib(page), kib(r.inline), r.workerAtLoad ? kib(r.workerAtLoad) : '-', r.idle ? kib(r.idle) : '-', `${r.scenario.idleMs / 1000} s`, actions || '-']);
  }
  for (const line of pad(rows)) console.log(line);
  console.log('  up front = page files requested before the load event + inline scripts + a Web Worker started before it (with what it imports before the first action)');
  for (const r of runs) {
    const later = r.files.filter((f) => f.phase !== 'before load');
    if (!later.length) continue;
    console.log(`  ${r.scenario.label}, after the load event: ${later.map((f) => `${new URL(f.url).pathname} ${kib(f.gzip)} (${f.phase}${f.worker ? ', worker' : ''})`).join('; ')}`);
  }
}

export function printTimes(runs: ScenarioResult[]): void {
  const repeated = runs.find((r) => r.runs)?.runs;
  console.log(
    `\nWhat a learner waits for (4x CPU on the main thread, 150 ms / 1.6 Mbps, 360 px phone; times from the click, or from navigation${repeated ? `; the median of ${repeated} runs, the long tasks of the run with the median longest one` : ''})`,
  );
  const rows = [['page', 'phase', 'time', 'long tasks > 50 ms', 'note']];
  for (const r of runs) {
    if (r.scenario.firstVisible) rows.push([r.scenario.label, `${r.scenario.firstVisible.name} (from navigation)`, ms(r.firstVisibleMs), '', '']);
    for (const phase of r.phases) {
      const long = phase.longTasks.filter((d) => d > TARGETS.longTaskMs);
      const tasks = long.length ? `${long.length}: ${long.map((d) => Math.round(d)).join(', ')} ms` : '0';
      const time = phase.name === 'load' ? `load event ${ms(phase.ms)}` : ms(phase.ms);
      rows.push([r.scenario.label, phase.name, time, tasks, phase.error ?? (phase.shown ? `shown: ${phase.shown}` : '')]);
    }
  }
  for (const line of pad(rows, [0, 1])) console.log(line);
  if (runs.some((r) => !r.longTaskSupported)) console.log('  this Chromium reports no long tasks: the long-task figures are missing, not zero');
  console.log('  Chromium slows only a page\'s main thread (CDP refuses CPU throttling for workers): work in a Web Worker runs at this machine\'s full speed');
}

export function printLighthouse(results: Array<{ label: string; result?: LighthouseResult; error?: string }>): void {
  const runs = results.find((r) => r.result?.range) ? 'the median run per page by performance, (lowest-highest) of all runs' : 'one run per page';
  console.log(`\nLighthouse 13, mobile (simulated Slow 4G, 4x CPU), ${runs}`);
  const rows = [['page', 'perf', 'TBT', 'a11y', 'best pr.', 'SEO', 'CPU index', 'metrics']];
  for (const { label, result, error } of results) {
    if (!result) {
      rows.push([label, 'n/a', '', '', '', '', '', `failed: ${error ?? '?'}`]);
      continue;
    }
    const s = (n: number | undefined): string => (n === undefined ? 'n/a' : String(n));
    const perf = s(result.scores.performance) + (result.range ? ` (${result.range.perf[0]}-${result.range.perf[1]})` : '');
    const tbt = ms(result.tbtMs) + (result.range ? ` (${Math.round(result.range.tbtMs[0])}-${Math.round(result.range.tbtMs[1])})` : '');
    rows.push([label, perf, tbt, s(result.scores.accessibility), s(result.scores['best-practices']), s(result.scores.seo), s(result.benchmarkIndex === undefined ? undefined : Math.round(result.benchmarkIndex)), result.metrics]);
  }
  for (const line of pad(rows)) console.log(line);
  console.log("  CPU index: Lighthouse's benchmarkIndex of this machine during the run (a loaded machine scores low, and every page's TBT grows with it)");
  for (const { label, result } of results) {
    for (const warning of result?.warnings ?? []) console.log(`  ${label}: warning: ${warning}`);
    if (result?.losing.length) {
      console.log(`  ${label}, audits that cost points:`);
      for (const line of result.losing) console.log(`    ${line}`);
    }
  }
}

/** Every figure against its target; the baseline's figures are listed without a verdict. */
export function targetRows(runs: ScenarioResult[], lighthouse: Array<{ key: string; label: string; result?: LighthouseResult }>): Row[] {
  const rows: Row[] = [];
  const keys = [...new Set([...runs.map((r) => r.scenario.key), ...lighthouse.map((l) => l.key)])];
  for (const key of keys) {
    const run = runs.find((r) => r.scenario.key === key);
    const lh = lighthouse.find((l) => l.key === key);
    const page = run?.scenario.label ?? lh!.label;
    const baseline = key === 'baseline';
    const verdict = (met: boolean | undefined): boolean | undefined => (baseline ? undefined : met);
    if (run) {
      rows.push({ page, measure: 'JS up front (KiB gz)', value: kib(run.upFront), target: `<= ${TARGETS.upFrontKib}`, met: verdict(run.upFront <= TARGETS.upFrontKib * 1024) });
      const fv = run.scenario.firstVisible;
      if (fv?.targetMs !== undefined) {
        rows.push({ page, measure: fv.name, value: ms(run.firstVisibleMs), target: `<= ${fv.targetMs} ms`, met: verdict(run.firstVisibleMs !== undefined && run.firstVisibleMs <= fv.targetMs) });
      }
      for (const phase of run.phases) {
        const step = run.scenario.steps.find((s) => s.name === phase.name);
        if (step?.targetMs !== undefined) {
          rows.push({ page, measure: phase.name === 'first check' ? `first check after ${run.scenario.idleMs / 1000} s idle` : phase.name, value: ms(phase.ms), target: `<= ${step.targetMs} ms`, met: verdict(phase.ms !== undefined && phase.ms <= step.targetMs) });
        }
      }
      for (const phase of run.phases) {
        const long = phase.longTasks.filter((d) => d > TARGETS.longTaskMs);
        rows.push({
          page,
          measure: `long tasks > ${TARGETS.longTaskMs} ms: ${phase.name}`,
          value: !run.longTaskSupported ? 'n/a' : long.length ? `${long.length} (max ${Math.round(Math.max(...long))} ms)` : '0',
          target: '0',
          met: verdict(run.longTaskSupported && long.length === 0 && !phase.error),
        });
      }
    }
    if (lh) {
      const perf = lh.result?.scores.performance;
      const tbt = lh.result?.tbtMs;
      rows.push({
        page,
        measure: 'Lighthouse perf / TBT',
        value: lh.result ? `${perf ?? 'n/a'} / ${ms(tbt)}` : 'failed',
        target: `>= ${TARGETS.lighthousePerf} / <= ${TARGETS.lighthouseTbtMs} ms`,
        met: verdict(perf !== undefined && tbt !== undefined && perf >= TARGETS.lighthousePerf && tbt <= TARGETS.lighthouseTbtMs),
      });
    }
  }
  return rows;
}

export function printTargets(rows: Row[]): { met: number; total: number } {
  console.log('\nIssue 13\'s targets');
  const table = [['page', 'measure', 'value', 'target', 'met']];
  for (const r of rows) table.push([r.page, r.measure, r.value, r.target, r.met === undefined ? '(baseline)' : r.met ? 'yes' : 'NO']);
  for (const line of pad(table, [0, 1])) console.log(line);
  const judged = rows.filter((r) => r.met !== undefined);
  const met = judged.filter((r) => r.met).length;
  return { met, total: judged.length };
}
