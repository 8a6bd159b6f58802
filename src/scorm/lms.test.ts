import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeSuspendData,
  duration2004,
  findApi,
  percentOf,
  scaledOf,
  startSession,
  timespan12,
  type FrameLike,
  type Scorm12Api,
  type Scorm2004Api,
} from './lms.ts';
import * as core from '../quiz/score.ts';

/** A fake SCORM 1.2 LMS that records every call, with a data model of plain strings. */
function fakeApi12(initial: Record<string, string> = {}) {
  const data: Record<string, string> = { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.entry': 'ab-initio', ...initial };
  const log: string[] = [];
  const api: Scorm12Api = {
    LMSInitialize: () => (log.push('init'), 'true'),
    LMSFinish: () => (log.push('finish'), 'true'),
    LMSGetValue: (el) => data[el] ?? '',
    LMSSetValue: (el, v) => (log.push(`${el}=${v}`), (data[el] = v), 'true'),
    LMSCommit: () => (log.push('commit'), 'true'),
    LMSGetLastError: () => '0',
    LMSGetErrorString: () => 'No error',
  };
  return { api, data, log };
}

function fakeApi2004(initial: Record<string, string> = {}) {
  const data: Record<string, string> = { 'cmi.completion_status': 'unknown', 'cmi.entry': 'ab-initio', ...initial };
  const log: string[] = [];
  const api: Scorm2004Api = {
    Initialize: () => (log.push('init'), 'true'),
    Terminate: () => (log.push('terminate'), 'true'),
    GetValue: (el) => data[el] ?? '',
    SetValue: (el, v) => (log.push(`${el}=${v}`), (data[el] = v), 'true'),
    Commit: () => (log.push('commit'), 'true'),
    GetLastError: () => '0',
    GetErrorString: () => 'No error',
  };
  return { api, data, log };
}

/** A chain of frames: the SCO's window, its parents up to the top. */
function frames(depth: number): FrameLike[] {
  const chain: Record<string, unknown>[] = [];
  const top: Record<string, unknown> = {};
  top['parent'] = top;
  chain.unshift(top);
  for (let i = 1; i < depth; i++) chain.unshift({ parent: chain[0] });
  return chain as FrameLike[];
}

test('findApi: in a parent frame, SCORM 1.2 and 2004 by their own names', () => {
  const chain = frames(3);
  const { api } = fakeApi12();
  (chain[2] as Record<string, unknown>)['API'] = api;
  assert.equal(findApi(chain[0]!, '1.2'), api);
  assert.equal(findApi(chain[0]!, '2004'), undefined);
  const { api: api2004 } = fakeApi2004();
  (chain[1] as Record<string, unknown>)['API_1484_11'] = api2004;
  assert.equal(findApi(chain[0]!, '2004'), api2004);
});

test('findApi: through the opener when no parent has it; cross-origin frames are skipped', () => {
  const { api } = fakeApi12();
  const openerChain = frames(2);
  (openerChain[1] as Record<string, unknown>)['API'] = api;
  const crossOrigin = { parent: openerChain[0] } as Record<string, unknown>;
  Object.defineProperty(crossOrigin, 'API', {
    get() {
      throw new Error('SecurityError: Blocked a frame from accessing a cross-origin frame');
    },
  });
  const popup = { opener: crossOrigin } as Record<string, unknown>;
  popup['parent'] = popup;
  assert.equal(findApi(popup as FrameLike, '1.2'), api);
});

test('findApi: gives up after 7 parents in 1.2, finds nothing in a lone window', () => {
  const chain = frames(10);
  (chain[9] as Record<string, unknown>)['API'] = fakeApi12().api;
  assert.equal(findApi(chain[0]!, '1.2'), undefined);
  assert.equal(findApi(frames(1)[0]!, '1.2'), undefined);
  // An object without the API's functions is not an API.
  const lone = frames(1)[0] as Record<string, unknown>;
  lone['API'] = { hello: 1 };
  assert.equal(findApi(lone as FrameLike, '1.2'), undefined);
});

test('the score functions are the quiz core\'s (src/quiz/score.ts), re-exported', () => {
  assert.equal(percentOf, core.percentOf);
  assert.equal(scaledOf, core.scaledOf);
});

test('times in SCORM 1.2 and 2004 formats', () => {
  assert.equal(timespan12(0), '00:00:00.00');
  assert.equal(timespan12(3_723_450), '01:02:03.45');
  assert.equal(timespan12(100 * 3_600_000), '100:00:00.00');
  assert.match(timespan12(1e12), /^\d{2,4}:\d{2}:\d{2}\.\d{2}$/);
  assert.equal(duration2004(0), 'PT0S');
  assert.equal(duration2004(3_723_450), 'PT1H2M3.45S');
  assert.equal(duration2004(90_000), 'PT1M30S');
});

test('SCORM 1.2 session: learner, incomplete on start, score and status committed on submit, finish on leaving', () => {
  const { api, data, log } = fakeApi12({ 'cmi.core.student_id': ' ada-42 ', 'cmi.core.student_name': 'Lovelace, Ada' });
  let clock = 1_000;
  const session = startSession(api, '1.2', { now: () => clock, passMark: 0.7 });
  assert.ok(session);
  assert.equal(session.learnerId, 'ada-42');
  assert.equal(session.learnerName, 'Lovelace, Ada');
  assert.equal(session.previous, undefined);
  assert.equal(data['cmi.core.lesson_status'], 'incomplete');
  assert.deepEqual(log.slice(0, 3), ['init', 'cmi.core.lesson_status=incomplete', 'commit']);
  clock += 65_000;
  assert.equal(session.submit({ earned: 5, possible: 8, passed: false }), true);
  assert.equal(data['cmi.core.score.raw'], '63');
  assert.equal(data['cmi.core.score.min'], '0');
  assert.equal(data['cmi.core.score.max'], '100');
  assert.equal(data['cmi.core.lesson_status'], 'failed');
  assert.equal(data['cmi.core.session_time'], '00:01:05.00');
  assert.equal(data['cmi.core.exit'], '');
  assert.deepEqual(decodeSuspendData(data['cmi.suspend_data']!), { v: 1, percent: 63, passed: false });
  assert.equal(log.at(-1), 'commit');
  assert.equal(session.finished, false);
  // Another attempt in the same launch replaces the result.
  clock += 10_000;
  assert.equal(session.submit({ earned: 6, possible: 8, passed: true }), true);
  assert.equal(data['cmi.core.score.raw'], '75');
  // Just under the pass mark: 69.6% is reported as 69, failed.
  assert.equal(session.submit({ earned: 6.96, possible: 10, passed: false }), true);
  assert.equal(data['cmi.core.score.raw'], '69');
  assert.equal(data['cmi.core.lesson_status'], 'failed');
  assert.equal(session.submit({ earned: 6, possible: 8, passed: true }), true);
  assert.equal(data['cmi.core.lesson_status'], 'passed');
  // Leaving after a submission: a normal exit, then finish; nothing reaches the LMS after that.
  session.leave();
  assert.equal(data['cmi.core.exit'], '');
  assert.equal(data['cmi.core.session_time'], '00:01:15.00');
  assert.deepEqual(log.slice(-2), ['cmi.core.session_time=00:01:15.00', 'finish']);
  assert.equal(session.finished, true);
  const calls = log.length;
  session.leave();
  assert.equal(session.submit({ earned: 8, possible: 8, passed: true }), false);
  assert.equal(log.length, calls);
  assert.match(session.problems.at(-1) ?? '', /already ended/);
});

test('SCORM 1.2 session: a relaunch keeps an earlier result and reads it back', () => {
  const { api, data } = fakeApi12({ 'cmi.core.lesson_status': 'passed', 'cmi.suspend_data': '{"v":1,"percent":80,"passed":true}' });
  const session = startSession(api, '1.2');
  assert.ok(session);
  assert.equal(data['cmi.core.lesson_status'], 'passed');
  assert.deepEqual(session.previous, { v: 1, percent: 80, passed: true });
});

test('SCORM 1.2 session: leaving without submitting suspends', () => {
  const { api, data, log } = fakeApi12();
  const session = startSession(api, '1.2');
  assert.ok(session);
  session.leave();
  session.leave();
  assert.equal(data['cmi.core.exit'], 'suspend');
  assert.equal(log.filter((l) => l === 'finish').length, 1);
});

test('SCORM 2004 session: scaled score, completion and success; Terminate on leaving', () => {
  const { api, data, log } = fakeApi2004({ 'cmi.learner_id': 'grace', 'cmi.learner_name': 'Hopper, Grace' });
  const session = startSession(api, '2004');
  assert.ok(session);
  assert.equal(session.learnerId, 'grace');
  assert.equal(data['cmi.completion_status'], 'incomplete');
  assert.equal(session.submit({ earned: 7, possible: 9, passed: true }), true);
  assert.equal(data['cmi.score.raw'], '78');
  assert.equal(data['cmi.score.scaled'], '0.7778');
  assert.equal(data['cmi.score.min'], '0');
  assert.equal(data['cmi.score.max'], '100');
  assert.equal(data['cmi.completion_status'], 'completed');
  assert.equal(data['cmi.success_status'], 'passed');
  assert.equal(data['cmi.exit'], 'normal');
  assert.match(data['cmi.session_time'] ?? '', /^PT/);
  assert.equal(log.at(-1), 'commit');
  session.leave();
  assert.equal(log.at(-1), 'terminate');
  assert.equal(data['cmi.exit'], 'normal');
});

test('a refusing or throwing LMS: no session, or problems reported, never an exception', () => {
  const { api } = fakeApi12();
  assert.equal(startSession({ ...api, LMSInitialize: () => 'false', LMSGetLastError: () => '101' }, '1.2'), undefined);
  assert.equal(
    startSession(
      {
        ...api,
        LMSInitialize: () => {
          throw new Error('boom');
        },
      },
      '1.2',
    ),
    undefined,
  );
  const refusing = fakeApi12();
  const session = startSession({ ...refusing.api, LMSSetValue: () => 'false', LMSGetLastError: () => '405', LMSGetErrorString: () => 'Incorrect Data Type' }, '1.2');
  assert.ok(session);
  assert.equal(session.submit({ earned: 1, possible: 2, passed: false }), false);
  assert.match(session.problems.join('\n'), /set cmi\.core\.score\.raw: 405 Incorrect Data Type/);
  session.leave();
  assert.equal(session.finished, true);
});
