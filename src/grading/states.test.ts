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

describe('a SYN dropped in web\'s INPUT: what conntrack holds where', () => {
  const tl = timeline('conn-syn-dropped');
  const scenario = 'conn-syn-dropped';
  const fw: StateQuestion = { kind: 'conntrack', ns: 'fw', after: 1 };
  const web: StateQuestion = { kind: 'conntrack', ns: 'web', after: 1 };
  test('fw, which forwarded it, keeps SYN_SENT [UNREPLIED]; web, where it died, keeps nothing', () => {
    assert.deepEqual(expectedState(tl, fw).answer, { kind: 'conntrack', conntrack: { entry: 'SYN_SENT', unreplied: true, assured: false } });
    assert.deepEqual(expectedState(tl, web).answer, { kind: 'conntrack', conntrack: { entry: 'none', unreplied: false, assured: false } });
    assert.equal(gradeState(tl, web, choose(web, 'none'), CATALOGUE, scenario).correct, true);
  });
  test('"a dropped SYN leaves no entry", said of fw, fails with its nudge', () => {
    const g = gradeState(tl, fw, choose(fw, 'none'), CATALOGUE, scenario);
    assert.equal(g.correct, false);
    assert.deepEqual(g.misconceptions.map((m) => m.id), ['dropped-syn-no-entry']);
  });
  test('an entry said of web, where the SYN was dropped before confirmation, fails with its nudge', () => {
    const g = gradeState(tl, web, choose(web, 'SYN_SENT', { unreplied: true }), CATALOGUE, scenario);
    assert.equal(g.correct, false);
    assert.deepEqual(g.misconceptions.map((m) => m.id), ['dropped-packet-confirmed']);
  });
  test('guessers earn nothing', () => {
    assertGuessersFail(tl, fw, scenario);
    assertGuessersFail(tl, web, scenario);
  });
  test('the client\'s socket after the third SYN is still SYN-SENT; the server\'s listener never heard of it', () => {
    assert.deepEqual(expectedState(tl, { kind: 'socket', side: 'client', after: 3 }).answer, { kind: 'socket', state: 'SYN-SENT' });
    assert.deepEqual(expectedState(tl, { kind: 'socket', side: 'server', after: 3 }).answer, { kind: 'socket', state: 'LISTEN' });
    assertGuessersFail(tl, { kind: 'socket', side: 'server', after: 3 }, scenario);
  });
});

describe('UDP and ICMP: no connection state', () => {
  const scenario = 'conn-udp-icmp-no-state';
  const udp = timeline(scenario, 'UDP');
  const icmp = timeline(scenario, 'echo request');
  const afterDatagram: StateQuestion = { kind: 'socket', side: 'server', after: 1 };
  const afterEcho: StateQuestion = { kind: 'socket', side: 'server', after: { label: 'echo request' } };
  test('the datagram leaves the server\'s socket as it was; the echo request meets no socket at all', () => {
    assert.deepEqual(expectedState(udp, afterDatagram).answer, { kind: 'socket', state: 'UNCONN' });
    assert.deepEqual(expectedState(icmp, afterEcho).answer, { kind: 'socket', state: 'NONE' });
  });
  test('a TCP state, or ESTAB, for the datagram fails with "UDP has a connection state"', () => {
    for (const said of ['SYN-RECV', 'ESTAB', 'LISTEN']) {
      const g = gradeState(udp, afterDatagram, choose(afterDatagram, said), CATALOGUE, scenario);
      assert.equal(g.correct, false, said);
      assert.deepEqual(g.misconceptions.map((m) => m.id), ['udp-connection-state'], said);
    }
    const g = gradeState(icmp, afterEcho, choose(afterEcho, 'ESTAB'), CATALOGUE, scenario);
    assert.deepEqual(g.misconceptions.map((m) => m.id), ['udp-connection-state']);
  });
  test('nobody waits in TIME-WAIT after UDP; saying someone does fails with the nudge', () => {
    const q: StateQuestion = { kind: 'time-wait' };
    assert.deepEqual(expectedState(udp, q).answer, { kind: 'time-wait', side: 'neither' });
    assert.deepEqual(gradeState(udp, q, choose(q, 'client'), CATALOGUE, scenario).misconceptions.map((m) => m.id), ['udp-connection-state']);
  });
  test('conntrack keeps the datagrams [UNREPLIED] and the ping replied', () => {
    const q: StateQuestion = { kind: 'conntrack', ns: 'server', after: 1 };
    assert.deepEqual(expectedState(udp, q).answer, { kind: 'conntrack', conntrack: { entry: 'entry', unreplied: true, assured: false } });
    assert.deepEqual(expectedState(icmp, { ...q, after: 2 }).answer, { kind: 'conntrack', conntrack: { entry: 'entry', unreplied: false, assured: false } });
    // An entry is the answer: the list starts with none ('entry' is never first).
    assert.deepEqual(stateChoices(udp, q), ['none', 'entry']);
  });
  test('guessers earn nothing', () => {
    assertGuessersFail(udp, afterDatagram, scenario);
    assertGuessersFail(icmp, afterEcho, scenario);
    assertGuessersFail(udp, { kind: 'time-wait' }, scenario);
    assertGuessersFail(udp, { kind: 'conntrack', ns: 'server', after: 1 }, scenario);
  });
});

describe('the choices', () => {
  test('the answer is never the first choice', () => {
    const tl = timeline('tcp-handshake');
    const lastAck: StateQuestion = { kind: 'socket', side: 'server', after: 6 };
    assert.deepEqual(expectedState(tl, lastAck).answer, { kind: 'socket', state: 'CLOSED' });
    const choices = stateChoices(tl, lastAck);
    assert.notEqual(choices[0], 'CLOSED');
    assert.equal(choices.length, 13);
    assert.ok(choices.includes('CLOSED'));
  });
});

describe('the explanation after a reveal', () => {
  test('says why, in the engine\'s words', () => {
    const tl = timeline('tcp-handshake');
    const syn = gradeState(tl, { kind: 'socket', side: 'server', after: 1 }, undefined);
    assert.match(syn.explanation, /LISTEN -> SYN-RECV/);
    const tw = gradeState(tl, { kind: 'time-wait' }, undefined);
    assert.match(tw.explanation, /^The client went to TIME-WAIT/);
    const dropped = timeline('conn-syn-dropped');
    const web = gradeState(dropped, { kind: 'conntrack', ns: 'web', after: 1 }, undefined);
    assert.match(web.explanation, /saw the packet \(NEW\) but holds no entry/);
    const fw = gradeState(dropped, { kind: 'conntrack', ns: 'fw', after: 1 }, undefined);
    assert.match(fw.explanation, /SYN_SENT .*\[UNREPLIED\]/);
  });
});
