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
    const svg = tcpStateDiagram({ current: 'ESTAB', previous: 'SYN-SENT', label: 'client', idPrefix: 'p' });
    assert.match(svg, /class="tcp-state is-current" data-state="ESTAB"/);
    assert.match(svg, /class="tcp-state is-previous" data-state="SYN-SENT"/);
    assert.match(svg, /class="tcp-transition"[^>]*marker-end="url\(#p-arrow\)"/);
    assert.match(svg, />now</);
  });
  test('no transition when the packet left the state as it was', () => {
    const svg = tcpStateDiagram({ current: 'ESTAB', previous: 'ESTAB', label: 'x', idPrefix: 'p' });
    assert.doesNotMatch(svg, /tcp-transition|is-previous/);
  });
  test('a name outside the list lights nothing, and the label is escaped', () => {
    const svg = tcpStateDiagram({ current: 'UNCONN', label: 'a "b" <c>', idPrefix: 'p' });
    assert.doesNotMatch(svg, /is-current/);
    assert.match(svg, /aria-label="a &quot;b&quot; &lt;c&gt;"/);
  });
  test('going back up (LAST-ACK -> CLOSED) bends around the side', () => {
    const svg = tcpStateDiagram({ current: 'CLOSED', previous: 'LAST-ACK', label: 'x', idPrefix: 'p' });
    assert.match(svg, /class="tcp-transition" d="M[^"]* C/);
  });
});
