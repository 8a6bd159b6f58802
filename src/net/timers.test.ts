// Kernel timers: they fire on the timer wheel's ticks (a bucket of the level's granularity,
// strictly after the expiry); due at one instant, after every other event of that millisecond,
// pinned timers first, then newest first (the timer wheel's buckets are LIFO lists); a timer a
// system call arms counts as armed after what the call's packet set in motion. Kernel-checked
// by content/scenarios/timers-same-instant.sh and fuzz-timer-synack-pinned-first.sh.
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
  world.scheduleTimer(1000, () => order.push('connect'), { fromProcess: true });
  world.scheduleTimer(1000, () => order.push('listener'));
  world.runUntil(1000);
  assert.deepEqual(order, ['connect', 'listener']);
  // Armed at a later instant: newer still, whatever the context.
  world.scheduleTimer(2000, () => order.push('process at 1000'), { fromProcess: true });
  world.runUntil(1500);
  world.scheduleTimer(2000, () => order.push('kernel at 1500'));
  world.runUntil(2000);
  assert.deepEqual(order.slice(2), ['kernel at 1500', 'process at 1000']);
});

test('pinned timers (a SYN-ACK timer, TIME_WAIT) fire before the others at one tick, whatever was armed last', () => {
  const world = new World();
  const order: string[] = [];
  world.scheduleTimer(1000, () => order.push('pinned'), { pinned: true });
  world.scheduleTimer(1000, () => order.push('global'), { fromProcess: true });
  world.runUntil(1000);
  assert.deepEqual(order, ['pinned', 'global']);
});

test('the timer wheel: a 1 s timer fires on an 8-jiffy tick after its expiry, a 5 s one on a 64-jiffy tick', () => {
  const world = new World();
  const late = (ms: number): number => world.wheelExpiry(ms) - world.now - ms;
  for (const at of [0, 2, 201, 999, 1234, 5003]) {
    world.runUntil(at);
    // 1 s = 250 jiffies: level 1, 8 jiffies (32 ms) granularity, never early or on time.
    assert.ok(late(1000) > 0 && late(1000) <= 36, `1 s timer armed at ${at} ms fires ${late(1000)} ms late`);
    assert.equal((world.wheelExpiry(1000) + 16) % 32, 0, 'on an 8-jiffy boundary');
    // 5 s = 1250 jiffies: level 2, 64 jiffies (256 ms).
    assert.ok(late(5000) > 0 && late(5000) <= 260, `5 s timer armed at ${at} ms fires ${late(5000)} ms late`);
    assert.equal((world.wheelExpiry(5000) + 16) % 256, 0, 'on a 64-jiffy boundary');
    // 40 ms = 10 jiffies: level 0, the next jiffy after the expiry.
    assert.ok(late(40) > 0 && late(40) <= 8);
  }
  // Re-armed from its own tick, a 1 s timer fires 1.024 s later (measured: 1.024, 1.024 s).
  world.runUntil(world.wheelExpiry(1000));
  assert.equal(world.wheelExpiry(1000) - world.now, 1024);
  // Timers armed a few milliseconds apart share a bucket and fire at the same tick.
  const w2 = new World();
  w2.runUntil(2201);
  const first = w2.wheelExpiry(1000);
  w2.runUntil(2202);
  assert.equal(w2.wheelExpiry(1000), first);
});

test('the timers of one tick all fire before the packets they sent are received', () => {
  const world = new World();
  const order: string[] = [];
  world.scheduleTimer(1000, () => {
    order.push('first timer');
    world.schedule(world.now, () => order.push('its packet received'));
  }, { pinned: true });
  world.scheduleTimer(1000, () => order.push('second timer'));
  world.scheduleTimer(1004, () => order.push('next tick'));
  world.runUntil(1004);
  assert.deepEqual(order, ['first timer', 'second timer', 'its packet received', 'next tick']);
});
