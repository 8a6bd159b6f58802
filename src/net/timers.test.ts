// Kernel timers due at one instant: after every other event of that millisecond, newest first
// (the timer wheel's buckets are LIFO lists); a timer a system call arms counts as armed after
// what the call's packet set in motion. Kernel-checked by content/scenarios/timers-same-instant.sh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { World } from './world.ts';

test('same-instant timers fire newest first, after kernel events, process steps and yields', () => {
  const world = new World();
  const order: string[] = [];
  world.scheduleTimer(1000, () => order.push('timer armed first'));
  world.scheduleTimer(1000, () => order.push('timer armed second'));
  world.scheduleYield(1000, () => order.push('yield'));
  world.scheduleProcess(1000, () => order.push('process'));
  world.schedule(1000, () => order.push('kernel'));
  world.scheduleTimer(999, () => order.push('earlier timer'));
  world.runUntil(1000);
  assert.deepEqual(order, ['earlier timer', 'kernel', 'process', 'yield', 'timer armed second', 'timer armed first']);
});

test('a timer armed by a system call counts as armed after the instant\'s softirq work', () => {
  const world = new World();
  const order: string[] = [];
  // connect(): the SYN goes first (the listener arms its timer), then connect arms its own.
  world.scheduleTimer(1000, () => order.push('connect'), true);
  world.scheduleTimer(1000, () => order.push('listener'));
  world.runUntil(1000);
  assert.deepEqual(order, ['connect', 'listener']);
  // Armed at a later instant: newer still, whatever the context.
  world.scheduleTimer(2000, () => order.push('process at 1000'), true);
  world.runUntil(1500);
  world.scheduleTimer(2000, () => order.push('kernel at 1500'));
  world.runUntil(2000);
  assert.deepEqual(order.slice(2), ['kernel at 1500', 'process at 1000']);
});
