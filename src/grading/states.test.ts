import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { buildConnectionTimeline, type ConnectionTimeline, type FlowSelector } from '../lab/connection-timeline.ts';
import { parseCatalogue } from './misconceptions.ts';
import { expectedState, gradeState, stateChoices, StateQuestionError, type StateAnswer, type StateQuestion } from './states.ts';

const CATALOGUE = parseCatalogue(readFileSync(new URL('../../lessons/misconceptions.yaml', import.meta.url), 'utf8'));
const timeline = (id: string, flow?: FlowSelector): ConnectionTimeline =>
  buildConnectionTimeline(readFileSync(new URL(`../../content/scenarios/${id}.sh`, import.meta.url), 'utf8'), flow)!;

/** An answer for a choice word of the question. */
function choose(question: StateQuestion, word: string, flags: { unreplied?: boolean; assured?: boolean } = {}): StateAnswer {
  switch (question.kind) {
    case 'socket':
      return { kind: 'socket', state: word as never };
    case 'time-wait':
      return { kind: 'time-wait', side: word as never };
    case 'conntrack':
      return { kind: 'conntrack', conntrack: { entry: word, unreplied: flags.unreplied ?? false, assured: flags.assured ?? false } };
  }
}

/** Blank, the first choice, and every choice ticked at once (flags all on) earn nothing. */
function assertGuessersFail(tl: ConnectionTimeline, question: StateQuestion, scenario: string): void {
  assert.equal(gradeState(tl, question, undefined, CATALOGUE, scenario).correct, false, 'blank');
  const blank = gradeState(tl, question, choose(question, ''), CATALOGUE, scenario);
  assert.equal(blank.correct, false);
  assert.equal(blank.blank, true);
  const choices = stateChoices(tl, question);
  assert.equal(gradeState(tl, question, choose(question, choices[0]!), CATALOGUE, scenario).correct, false, 'the first choice');
  if (question.kind === 'conntrack') {
    for (const c of choices) assert.equal(gradeState(tl, question, choose(question, c, { unreplied: true, assured: true }), CATALOGUE, scenario).correct, false, `${c} with every flag`);
  }
}

describe('the server socket after the SYN', () => {
  const tl = timeline('tcp-handshake');
  const q: StateQuestion = { kind: 'socket', side: 'server', after: { label: 'SYN' } };
  test('the engine says SYN-RECV, read from the timeline', () => {
    assert.deepEqual(expectedState(tl, q).answer, { kind: 'socket', state: 'SYN-RECV' });
    assert.equal(gradeState(tl, q, choose(q, 'SYN-RECV'), CATALOGUE, 'tcp-handshake').correct, true);
  });
  test('"ESTABLISHED on the SYN" fails with its nudge', () => {
    const g = gradeState(tl, q, choose(q, 'ESTAB'), CATALOGUE, 'tcp-handshake');
    assert.equal(g.correct, false);
    assert.deepEqual(g.misconceptions.map((m) => m.id), ['server-established-on-syn']);
    assert.ok(!g.feedback.includes('SYN-RECV'), 'the feedback does not give the answer away');
  });
  test('guessers earn nothing', () => assertGuessersFail(tl, q, 'tcp-handshake'));
  test('after the third packet both ends are ESTAB', () => {
    assert.deepEqual(expectedState(tl, { kind: 'socket', side: 'server', after: 3 }).answer, { kind: 'socket', state: 'ESTAB' });
    assert.deepEqual(expectedState(tl, { kind: 'socket', side: 'client', after: 2 }).answer, { kind: 'socket', state: 'ESTAB' });
  });
  test('a packet the flow does not have is an authoring error', () => {
    assert.throws(() => expectedState(tl, { kind: 'socket', side: 'server', after: 40 }), StateQuestionError);
    assert.throws(() => expectedState(tl, { kind: 'socket', side: 'server', after: { label: 'RST' } }), StateQuestionError);
  });
});

describe('which side sits in TIME-WAIT', () => {
  const tl = timeline('tcp-handshake');
  const q: StateQuestion = { kind: 'time-wait' };
  test('the client, which closed first', () => {
    assert.deepEqual(expectedState(tl, q).answer, { kind: 'time-wait', side: 'client' });
  });
  test('"the server sits in TIME-WAIT" fails with its nudge', () => {
    for (const said of ['server', 'both']) {
      const g = gradeState(tl, q, choose(q, said), CATALOGUE, 'tcp-handshake');
      assert.equal(g.correct, false);
      assert.deepEqual(g.misconceptions.map((m) => m.id), ['server-sits-in-time-wait'], said);
    }
  });
  test('guessers earn nothing', () => assertGuessersFail(tl, q, 'tcp-handshake'));
  test('a refused connection leaves nobody in TIME-WAIT', () => {
    assert.deepEqual(expectedState(timeline('tcp-closed-port-rst', { dport: 78 }), q).answer, { kind: 'time-wait', side: 'neither' });
  });
});

describe('conntrack on the router after the SYN', () => {
  const tl = timeline('tcp-conntrack-states', { dport: 80 });
  const q: StateQuestion = { kind: 'conntrack', ns: 'fw', after: 1 };
  test('SYN_SENT [UNREPLIED], then ESTABLISHED [ASSURED] after the ACK', () => {
    assert.deepEqual(expectedState(tl, q).answer, { kind: 'conntrack', conntrack: { entry: 'SYN_SENT', unreplied: true, assured: false } });
    assert.deepEqual(expectedState(tl, { ...q, after: 3 }).answer, { kind: 'conntrack', conntrack: { entry: 'ESTABLISHED', unreplied: false, assured: true } });
    assert.equal(gradeState(tl, q, choose(q, 'SYN_SENT', { unreplied: true }), CATALOGUE, 'tcp-conntrack-states').correct, true);
  });
  test('the right state with the wrong flags is wrong, and says so', () => {
    const g = gradeState(tl, q, choose(q, 'SYN_SENT'), CATALOGUE, 'tcp-conntrack-states');
    assert.equal(g.correct, false);
    assert.match(g.feedback, /flags/);
  });
  test('guessers earn nothing', () => assertGuessersFail(tl, q, 'tcp-conntrack-states'));
});
