// The NUD state machine, state x event: every state (NONE is "no entry yet") meets every
// event, and the table says the next state, the probe count, whether pending timers become
// void, and the actions in order. The whole table is checked, so a change of behaviour shows
// up as a changed row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MCAST_PROBES, UCAST_PROBES, nudStep, type NudAction, type NudEvent, type NudMachineState } from './nud.ts';

const EVENTS: readonly (readonly [string, NudEvent])[] = [
  /* 0 */ ['send, MAC known', { kind: 'send', hasMac: true, reachableExpired: false }],
  /* 1 */ ['send, MAC known, reachable_time past', { kind: 'send', hasMac: true, reachableExpired: true }],
  /* 2 */ ['send, no MAC', { kind: 'send', hasMac: false, reachableExpired: false }],
  /* 3 */ ['send, no MAC, reachable_time past', { kind: 'send', hasMac: false, reachableExpired: true }],
  /* 4 */ ['delay timer, confirmed meanwhile', { kind: 'delay-timer', confirmedRecently: true }],
  /* 5 */ ['delay timer, not confirmed', { kind: 'delay-timer', confirmedRecently: false }],
  /* 6 */ ['retrans timer, 2 requests sent', { kind: 'retrans-timer' }],
  /* 7 */ ['retrans timer, 3 requests sent', { kind: 'retrans-timer' }],
  /* 8 */ ['update REACHABLE, new MAC', { kind: 'update', state: 'REACHABLE', sameMac: false }],
  /* 9 */ ['update REACHABLE, same MAC', { kind: 'update', state: 'REACHABLE', sameMac: true }],
  /* 10 */ ['update STALE, new MAC', { kind: 'update', state: 'STALE', sameMac: false }],
  /* 11 */ ['update STALE, same MAC', { kind: 'update', state: 'STALE', sameMac: true }],
];

/** [state, probes before, event index, "NEXT PROBES [restart] : actions"]. */
const TABLE: readonly (readonly [NudMachineState, number, number, string])[] = [
  ['NONE', 2, 0, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['INCOMPLETE', 2, 0, 'INCOMPLETE 2 : queue'],
  ['REACHABLE', 2, 0, 'REACHABLE 2 : tx'],
  ['STALE', 2, 0, 'DELAY 2 restart : arm-delay tx'],
  ['DELAY', 2, 0, 'DELAY 2 : tx'],
  ['PROBE', 2, 0, 'PROBE 2 : tx'],
  ['FAILED', 2, 0, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['PERMANENT', 2, 0, 'PERMANENT 2 : tx'],
  ['NONE', 2, 1, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['INCOMPLETE', 2, 1, 'INCOMPLETE 2 : queue'],
  ['REACHABLE', 2, 1, 'DELAY 2 restart : arm-delay tx'],
  ['STALE', 2, 1, 'DELAY 2 restart : arm-delay tx'],
  ['DELAY', 2, 1, 'DELAY 2 : tx'],
  ['PROBE', 2, 1, 'PROBE 2 : tx'],
  ['FAILED', 2, 1, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['PERMANENT', 2, 1, 'PERMANENT 2 : tx'],
  ['NONE', 2, 2, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['INCOMPLETE', 2, 2, 'INCOMPLETE 2 : queue'],
  ['REACHABLE', 2, 2, 'REACHABLE 2 : queue'],
  ['STALE', 2, 2, 'STALE 2 : queue'],
  ['DELAY', 2, 2, 'DELAY 2 : queue'],
  ['PROBE', 2, 2, 'PROBE 2 : queue'],
  ['FAILED', 2, 2, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['PERMANENT', 2, 2, 'PERMANENT 2 : queue'],
  ['NONE', 2, 3, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['INCOMPLETE', 2, 3, 'INCOMPLETE 2 : queue'],
  ['REACHABLE', 2, 3, 'STALE 2 restart : queue'],
  ['STALE', 2, 3, 'STALE 2 : queue'],
  ['DELAY', 2, 3, 'DELAY 2 : queue'],
  ['PROBE', 2, 3, 'PROBE 2 : queue'],
  ['FAILED', 2, 3, 'INCOMPLETE 1 restart : queue-first solicit-broadcast arm-retrans'],
  ['PERMANENT', 2, 3, 'PERMANENT 2 : queue'],
  ['NONE', 2, 4, 'NONE 2'],
  ['INCOMPLETE', 2, 4, 'INCOMPLETE 2'],
  ['REACHABLE', 2, 4, 'REACHABLE 2'],
  ['STALE', 2, 4, 'STALE 2'],
  ['DELAY', 2, 4, 'REACHABLE 2 restart'],
  ['PROBE', 2, 4, 'PROBE 2'],
  ['FAILED', 2, 4, 'FAILED 2'],
  ['PERMANENT', 2, 4, 'PERMANENT 2'],
  ['NONE', 2, 5, 'NONE 2'],
  ['INCOMPLETE', 2, 5, 'INCOMPLETE 2'],
  ['REACHABLE', 2, 5, 'REACHABLE 2'],
  ['STALE', 2, 5, 'STALE 2'],
  ['DELAY', 2, 5, 'PROBE 1 restart : solicit-unicast arm-retrans'],
  ['PROBE', 2, 5, 'PROBE 2'],
  ['FAILED', 2, 5, 'FAILED 2'],
  ['PERMANENT', 2, 5, 'PERMANENT 2'],
  ['NONE', 2, 6, 'NONE 2'],
  ['INCOMPLETE', 2, 6, 'INCOMPLETE 3 : solicit-broadcast arm-retrans'],
  ['REACHABLE', 2, 6, 'REACHABLE 2'],
  ['STALE', 2, 6, 'STALE 2'],
  ['DELAY', 2, 6, 'DELAY 2'],
  ['PROBE', 2, 6, 'PROBE 3 : solicit-unicast arm-retrans'],
  ['FAILED', 2, 6, 'FAILED 2'],
  ['PERMANENT', 2, 6, 'PERMANENT 2'],
  ['NONE', 3, 7, 'NONE 3'],
  ['INCOMPLETE', 3, 7, 'FAILED 3 restart : fail-queue'],
  ['REACHABLE', 3, 7, 'REACHABLE 3'],
  ['STALE', 3, 7, 'STALE 3'],
  ['DELAY', 3, 7, 'DELAY 3'],
  ['PROBE', 3, 7, 'FAILED 3 restart : fail-queue'],
  ['FAILED', 3, 7, 'FAILED 3'],
  ['PERMANENT', 3, 7, 'PERMANENT 3'],
  ['NONE', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['INCOMPLETE', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['REACHABLE', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['STALE', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['DELAY', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['PROBE', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['FAILED', 2, 8, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['PERMANENT', 2, 8, 'PERMANENT 2'],
  ['NONE', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['INCOMPLETE', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['REACHABLE', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['STALE', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['DELAY', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['PROBE', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['FAILED', 2, 9, 'REACHABLE 0 restart : learn-confirmed flush-queue'],
  ['PERMANENT', 2, 9, 'PERMANENT 2'],
  ['NONE', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['INCOMPLETE', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['REACHABLE', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['STALE', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['DELAY', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['PROBE', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['FAILED', 2, 10, 'STALE 0 restart : learn flush-queue'],
  ['PERMANENT', 2, 10, 'PERMANENT 2'],
  ['NONE', 2, 11, 'STALE 0 restart : learn flush-queue'],
  ['INCOMPLETE', 2, 11, 'STALE 0 restart : learn flush-queue'],
  ['REACHABLE', 2, 11, 'REACHABLE 2'],
  ['STALE', 2, 11, 'STALE 2'],
  ['DELAY', 2, 11, 'DELAY 2'],
  ['PROBE', 2, 11, 'PROBE 2'],
  ['FAILED', 2, 11, 'STALE 0 restart : learn flush-queue'],
  ['PERMANENT', 2, 11, 'PERMANENT 2'],
];

function actionName(a: NudAction): string {
  switch (a.kind) {
    case 'queue':
      return a.first ? 'queue-first' : 'queue';
    case 'transmit':
      return 'tx';
    case 'solicit':
      return a.unicast ? 'solicit-unicast' : 'solicit-broadcast';
    case 'arm-timer':
      return `arm-${a.timer}`;
    case 'learn':
      return a.confirmed ? 'learn-confirmed' : 'learn';
    case 'flush-queue':
    case 'fail-queue':
      return a.kind;
  }
}

test('the probe limits are those of the table (3 broadcast, 3 unicast)', () => {
  assert.equal(MCAST_PROBES, 3);
  assert.equal(UCAST_PROBES, 3);
});

test('the table covers every state x event once', () => {
  const states: NudMachineState[] = ['NONE', 'INCOMPLETE', 'REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'PERMANENT'];
  const seen = new Set(TABLE.map(([state, , event]) => `${state} ${event}`));
  assert.equal(seen.size, TABLE.length);
  for (const state of states) for (let e = 0; e < EVENTS.length; e++) assert.ok(seen.has(`${state} ${e}`), `${state} x ${EVENTS[e]![0]}`);
});

for (const [state, probes, eventIndex, expected] of TABLE) {
  const [name, event] = EVENTS[eventIndex]!;
  test(`${state} x ${name} -> ${expected}`, () => {
    const step = nudStep({ state, probes }, event);
    const actions = step.actions.map(actionName).join(' ');
    assert.equal(`${step.state} ${step.probes}${step.restart ? ' restart' : ''}${actions ? ` : ${actions}` : ''}`, expected);
  });
}
