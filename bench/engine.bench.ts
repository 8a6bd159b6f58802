// `npm run bench`: the engine's time per course scenario, how rule evaluation scales
// (rules x packets) and how loading a ruleset scales. Aims: every scenario under 16 ms; cost
// linear in rules x packets; 10x the `iptables -A` lines take about 10x the time.
// Timing lives here, never in tests.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runScenario, traceScenario } from '../src/cli/run-scenario.ts';
import { executeScript } from '../src/cli/shell.ts';
import { addr, appendRule, createWorld, ip, ns, route, sysctl, up, veth } from '../src/net/testing/build.ts';
import { PingProcess } from '../src/net/stack/ping.ts';
import { runPlayground } from '../src/playground/run.ts';
import { HOSTILE } from '../src/playground/hostile.ts';
import { connectionTimeline, recordConnections } from '../src/lab/connection-timeline.ts';

const SCENARIO_DIR = join(import.meta.dirname, '..', 'content', 'scenarios');
const BUDGET_MS = 16;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeIt(fn: () => void, runs: number): number {
  fn(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

console.log('Course scenarios (median of 20 runs): output only / with the full trace (what labs use)');
let over = 0;
for (const file of readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.sh')).sort()) {
  const source = readFileSync(join(SCENARIO_DIR, file), 'utf8');
  const result = runScenario(source);
  const ms = timeIt(() => runScenario(source), 20);
  const traced = timeIt(() => traceScenario(source), 20);
  if (Math.max(ms, traced) > BUDGET_MS) over++;
  console.log(`  ${file.padEnd(44)} ${ms.toFixed(2).padStart(8)} ms ${traced.toFixed(2).padStart(8)} ms${result.exitCode ? '  (exit ' + result.exitCode + ')' : ''}${Math.max(ms, traced) > BUDGET_MS ? '  OVER BUDGET' : ''}`);
}
console.log(`  ${over === 0 ? 'all under' : `${over} over`} ${BUDGET_MS} ms`);

// The connection view (lab.connection): the run with sockets and conntrack looked at after
// every step, then one flow's timeline. Aim: the view's scenarios under 16 ms too.
console.log('Connection timelines (median of 20 runs): traced run / recorded run + the first flow\'s timeline');
for (const id of ['tcp-handshake', 'conn-held-open-then-closed', 'conn-syn-dropped', 'conn-udp-icmp-no-state', 'tcp-conntrack-states']) {
  const source = readFileSync(join(SCENARIO_DIR, `${id}.sh`), 'utf8');
  const traced = timeIt(() => traceScenario(source), 20);
  const timeline = timeIt(() => connectionTimeline(recordConnections(source)), 20);
  console.log(`  ${id.padEnd(44)} ${traced.toFixed(2).padStart(8)} ms ${timeline.toFixed(2).padStart(8)} ms${timeline > BUDGET_MS ? '  OVER BUDGET' : ''}`);
}

/** client -- router (N non-matching FORWARD rules) -- server; `packets` echo requests and replies. */
function scaling(rules: number, packets: number): number {
  const w = createWorld(1);
  w.recordTrace = false;
  // Throughput, not a hostile script: 10,000 rules x 2,000 packets is past a run's budget.
  w.budgets.ruleChecks = Infinity;
  ns(w, 'client');
  ns(w, 'router');
  ns(w, 'server');
  veth(w, 'client', 'eth0', 'c0', 'router');
  veth(w, 'server', 'eth0', 's0', 'router');
  addr(w, 'client', 'eth0', '10.0.1.2/24');
  addr(w, 'server', 'eth0', '10.0.2.2/24');
  addr(w, 'router', 'c0', '10.0.1.1/24');
  addr(w, 'router', 's0', '10.0.2.1/24');
  up(w, 'client', 'eth0');
  up(w, 'server', 'eth0');
  up(w, 'router', 'c0', 's0');
  route(w, 'client', 'default', '10.0.1.1');
  route(w, 'server', 'default', '10.0.2.1');
  sysctl(w, 'router', 'net.ipv4.ip_forward', '1');
  for (let i = 0; i < rules; i++) {
    appendRule(w, 'router', 'filter', 'FORWARD', {
      source: { value: { addr: (ip('100.64.0.0') + i) >>> 0, len: 32 }, negate: false },
      target: { kind: 'DROP' },
    });
  }
  const t0 = performance.now();
  const ping = new PingProcess(ns(w, 'client'), 4242, { dst: ip('10.0.2.2'), count: packets, intervalMs: 10, ttl: 64, size: 56 });
  ping.start();
  w.runWhile(() => ping.done, w.now + packets * 10 + 60_000);
  const elapsed = performance.now() - t0;
  if (ping.received !== packets) throw new Error(`scaling world lost packets: ${ping.received}/${packets}`);
  return elapsed;
}

console.log('\nScaling: FORWARD rules x 1,000 echo requests (each also answered: 2,000 packets through FORWARD)');
console.log('  rules      time (ms)   ns per rule-check');
for (const rules of [1, 10, 100, 1000, 10000]) {
  const ms = scaling(rules, 1000);
  const checks = rules * 2000;
  console.log(`  ${String(rules).padStart(6)} ${ms.toFixed(1).padStart(12)} ${((ms * 1e6) / checks).toFixed(1).padStart(14)}`);
}

// Loading a ruleset: `iptables -A` lines through the CLI path (the script runner netsim uses).
// Each -A checks only what it changes, so 10x the rules should take about 10x the time.
/** A scenario of `rules` distinct FORWARD rules, every one of them an `iptables -A` line. */
function rulesetScript(rules: number): string {
  const lines = ['# a ruleset of many rules'];
  for (let i = 0; i < rules; i++) lines.push(`iptables -A FORWARD -s 100.64.${(i >> 8) & 255}.${i & 255}/32 -j DROP`);
  return `${lines.join('\n')}\n`;
}

function timeRulesetLoad(rules: number): number {
  const source = rulesetScript(rules);
  return timeIt(() => {
    const run = executeScript(source, { trace: false });
    if (run.error) throw new Error(`ruleset load failed at line ${run.error.line}: ${run.error.message}`);
  }, 5);
}

console.log('\nLoading a ruleset: `iptables -A` lines through the script runner (median of 5 runs)');
const thousand = timeRulesetLoad(1_000);
const tenThousand = timeRulesetLoad(10_000);
console.log(`   1,000 rules ${thousand.toFixed(1).padStart(10)} ms`);
console.log(`  10,000 rules ${tenThousand.toFixed(1).padStart(10)} ms`);
console.log(`  ratio ${(tenThousand / thousand).toFixed(1)} (aim: about 10 or less, linear)`);

// The playground's hostile scripts (src/playground/hostile.ts): each must end with a message
// in about a second (the tests only check that they end and report).
console.log('\nPlayground: hostile scripts, time to the message (median of 3 runs)');
for (const [name, source] of Object.entries(HOSTILE)) {
  const sources = typeof source === 'string' ? [source] : source;
  let outcome = '';
  const ms = timeIt(() => {
    for (const one of sources) {
      const run = runPlayground(one);
      const issue = run.stopped ?? run.error;
      outcome = issue ? `${run.stopped ? 'stopped' : 'error'} at line ${issue.line}: ${issue.message.split('\n')[0]!.slice(0, 90)}` : 'ran';
    }
  }, 3);
  console.log(`  ${name.padEnd(18)} ${ms.toFixed(0).padStart(6)} ms  ${sources.length > 1 ? `(${sources.length} scripts)` : outcome}`);
}
