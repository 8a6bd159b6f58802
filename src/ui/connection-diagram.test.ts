import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TCP_STATES, tcpStateDiagram } from './connection-diagram.ts';

describe('tcpStateDiagram', () => {
  test('every state ss names is drawn once', () => {
    const svg = tcpStateDiagram({ label: 'x', idPrefix: 'p' });
    for (const s of TCP_STATES) assert.equal(svg.split(`data-state="${s}"`).length - 1, 1, s);
    assert.doesNotMatch(svg, /is-current|tcp-transition/);
  });
  test('the current state is lit, told by a word too, and the transition is drawn from the state before', () => {
    const svg = tcpStateDiagram({ current: 'ESTAB', path: ['SYN-SENT', 'ESTAB'], label: 'client', idPrefix: 'p' });
    assert.match(svg, /class="tcp-state is-current" data-state="ESTAB"/);
    assert.match(svg, /class="tcp-state is-previous" data-state="SYN-SENT"/);
    assert.match(svg, /class="tcp-transition"[^>]*marker-end="url\(#p-arrow\)"/);
    assert.match(svg, />now</);
  });
  test('one segment, two moves: both arrows, the state passed through outlined', () => {
    const svg = tcpStateDiagram({ current: 'TIME-WAIT', path: ['FIN-WAIT-1', 'FIN-WAIT-2', 'TIME-WAIT'], label: 'x', idPrefix: 'p' });
    assert.equal(svg.split('class="tcp-transition"').length - 1, 2);
    assert.match(svg, /class="tcp-state is-previous" data-state="FIN-WAIT-2"/);
    assert.match(svg, /class="tcp-state is-previous" data-state="FIN-WAIT-1"/);
  });
  test('no transition when the packet left the state as it was', () => {
    const svg = tcpStateDiagram({ current: 'ESTAB', path: [], label: 'x', idPrefix: 'p' });
    assert.doesNotMatch(svg, /tcp-transition|is-previous/);
  });
  test('a name outside the list lights nothing, and the label is escaped', () => {
    const svg = tcpStateDiagram({ current: 'UNCONN', label: 'a "b" <c>', idPrefix: 'p' });
    assert.doesNotMatch(svg, /is-current/);
    assert.match(svg, /aria-label="a &quot;b&quot; &lt;c&gt;"/);
  });
  test('going back up (LAST-ACK -> CLOSED) bends around the side', () => {
    const svg = tcpStateDiagram({ current: 'CLOSED', path: ['LAST-ACK', 'CLOSED'], label: 'x', idPrefix: 'p' });
    assert.match(svg, /class="tcp-transition" d="M[^"]* C/);
  });
});
