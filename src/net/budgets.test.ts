// The engine's budgets: every one ends a run with a SimulationLimit (never a hang), and the
// course's worlds stay far below them (the conformance and quiz tests run them all).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChainLoopError, MAX_CHAIN_DEPTH } from './netfilter/hooks.ts';
import { addNamespace, addBridge, MAX_DEVICES, MAX_NAMESPACES } from './ops.ts';
import { addr, appendRule, capture, createWorld, ping, up, veth } from './testing/build.ts';
import { EventBudgetExceeded, SimulationLimit, type World } from './world.ts';

function pair(): World {
  const w = createWorld(1);
  veth(w, 'default', 'v0', 'eth0', 'a');
  addr(w, 'default', 'v0', '10.0.0.1/24');
  addr(w, 'a', 'eth0', '10.0.0.2/24');
  up(w, 'default', 'v0');
  up(w, 'a', 'eth0');
  return w;
}

test('a jump loop that bypassed validation stops at the depth safety net', () => {
  const w = pair();
  const filter = w.namespaces.get('default')!.tables.get('filter')!;
  for (const name of ['A', 'B']) filter.chains.set(name, { name, builtin: false, policyCounters: { packets: 0, bytes: 0 }, rules: [], references: 1 });
  appendRule(w, 'default', 'filter', 'INPUT', { target: { kind: 'jump', chain: 'A' } });
  appendRule(w, 'default', 'filter', 'A', { target: { kind: 'jump', chain: 'B' } });
  appendRule(w, 'default', 'filter', 'B', { target: { kind: 'jump', chain: 'A' } });
  assert.throws(() => ping(w, 'a', '10.0.0.1'), (e: unknown) => e instanceof ChainLoopError && e instanceof SimulationLimit && e.message.includes(`more than ${MAX_CHAIN_DEPTH} nested user chains`));
});

test('each budget can be hit, and says which (a bridge loop: src/playground/run.test.ts)', () => {
  const cases: [keyof World['budgets'], RegExp][] = [
    ['frames', /^stopped after 10 frames \(\d+ packets, [\d.]+ s of simulated time\): a flood\?/],
    ['events', /^stopped after 10 events/],
    ['traceSteps', /^stopped after 10 recorded packet steps/],
    ['ruleChecks', /^stopped after 10 iptables rule checks/],
    ['capturedLines', /^stopped after 10 captured lines/],
  ];
  for (const [budget, message] of cases) {
    const w = pair();
    for (let i = 0; i < 20; i++) appendRule(w, 'default', 'filter', 'INPUT', {});
    capture(w, 'default', 'v0');
    w.budgets[budget] = 10;
    assert.throws(() => ping(w, 'a', '10.0.0.1', 50, 10), (e: unknown) => e instanceof EventBudgetExceeded && message.test(e.message), budget);
  }
});

test(`namespaces and devices are capped (${MAX_NAMESPACES}, ${MAX_DEVICES})`, () => {
  const w = createWorld(1);
  for (let i = 1; i < MAX_NAMESPACES; i++) addNamespace(w, `n${i}`);
  assert.throws(() => addNamespace(w, 'one-more'), (e: unknown) => e instanceof SimulationLimit && /at most 100 network namespaces/.test(e.message));
  const d = w.namespaces.get('default')!;
  for (let i = MAX_NAMESPACES; i < MAX_DEVICES; i++) addBridge(d, `b${i}`);
  assert.throws(() => addBridge(d, 'one-more'), (e: unknown) => e instanceof SimulationLimit && /at most 500 network devices/.test(e.message));
});
