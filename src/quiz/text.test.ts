import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { commandsOutsideCode, displayText, labelForPeople, parseInline, parseMarkdown, plainText, resultFileName, safeFilePart } from './text.ts';

describe('quiz text helpers', () => {
  test('result file names are safe on every file system', () => {
    assert.equal(resultFileName('Week 5 <quiz>', 'Ada Lovelace', 1), 'Week-5-quiz-Ada-Lovelace-attempt-1.json');
    assert.equal(resultFileName('../../etc/passwd', 'a/b\\c:d*e?f"g<h>i|j', 2), 'etc-passwd-a-b-c-d-e-f-g-h-i-j-attempt-2.json');
    assert.equal(resultFileName('Überprüfung', 'José Núñez', 3), 'Überprüfung-José-Núñez-attempt-3.json');
    assert.equal(resultFileName('', '\u0000\u202e', 1), 'unnamed-unnamed-attempt-1.json');
    assert.ok(safeFilePart('x'.repeat(500)).length <= 60);
    assert.equal(safeFilePart('...hidden'), 'hidden');
  });
  test('displayText: control and direction characters shown as U+FFFD, cut with an ellipsis', () => {
    assert.equal(displayText('a\u0007b\u202ec'), 'a\uFFFDb\uFFFDc');
    const long = displayText('y'.repeat(300), 200);
    assert.equal(long.length, 200);
    assert.ok(long.endsWith('…'));
    assert.equal(displayText('<img src=x>'), '<img src=x>');
  });
  test('markdown: wrapped lines are one paragraph; blank lines separate paragraphs', () => {
    assert.deepEqual(parseMarkdown('a pings b over one veth pair, and\nb answers every request'), [
      { kind: 'paragraph', content: [{ kind: 'text', text: 'a pings b over one veth pair, and b answers every request' }] },
    ]);
    assert.deepEqual(
      parseMarkdown('para one\n\n\npara two\n').map((b) => b.kind === 'paragraph' && b.content),
      [[{ kind: 'text', text: 'para one' }], [{ kind: 'text', text: 'para two' }]],
    );
    assert.deepEqual(parseMarkdown(''), []);
    assert.deepEqual(parseMarkdown('  \n\n '), []);
  });

  test('markdown: code spans, with longer fences, literal backticks when unclosed, newlines as spaces', () => {
    assert.deepEqual(parseInline('a runs `ping -c 1 10.0.0.2`, then'), [
      { kind: 'text', text: 'a runs ' },
      { kind: 'code', text: 'ping -c 1 10.0.0.2' },
      { kind: 'text', text: ', then' },
    ]);
    assert.deepEqual(parseInline('`` a ` b ``'), [{ kind: 'code', text: 'a ` b' }]);
    assert.deepEqual(parseInline('an ` alone'), [{ kind: 'text', text: 'an ` alone' }]);
    assert.deepEqual(parseInline('`-j\nSNAT`'), [{ kind: 'code', text: '-j SNAT' }]);
    assert.deepEqual(parseInline('\\`not code\\`'), [{ kind: 'text', text: '`not code`' }]);
  });

  test('markdown: hard breaks (backslash or two spaces at the end of a line)', () => {
    assert.deepEqual(parseInline('one\\\ntwo'), [{ kind: 'text', text: 'one' }, { kind: 'break' }, { kind: 'text', text: 'two' }]);
    assert.deepEqual(parseInline('one  \ntwo'), [{ kind: 'text', text: 'one' }, { kind: 'break' }, { kind: 'text', text: 'two' }]);
    assert.deepEqual(parseInline('one \n   two'), [{ kind: 'text', text: 'one two' }]);
  });

  test('markdown: fenced code blocks keep every line and their indentation, even a rule that starts with -A', () => {
    const text = 'Its filter table has two rules:\n\n```\n-A INPUT -p icmp\n  -A FORWARD -j DROP\n```\nWhich count?';
    assert.deepEqual(parseMarkdown(text), [
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Its filter table has two rules:' }] },
      { kind: 'code', text: '-A INPUT -p icmp\n  -A FORWARD -j DROP' },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Which count?' }] },
    ]);
    assert.deepEqual(parseMarkdown('~~~ sh\nip link\n~~~'), [{ kind: 'code', text: 'ip link', lang: 'sh' }]);
    // An unclosed fence runs to the end of the text rather than swallowing nothing.
    assert.deepEqual(parseMarkdown('```\nping -c 1 x'), [{ kind: 'code', text: 'ping -c 1 x' }]);
    // A fence right after a paragraph line ends the paragraph.
    assert.equal(parseMarkdown('The rules:\n```\n-A INPUT\n```').length, 2);
  });

  test('markdown: bullet and numbered lists, with continuation lines', () => {
    assert.deepEqual(parseMarkdown('Steps:\n- one `a`\n  still one\n- two\n\nAfter.'), [
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Steps:' }] },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [[{ kind: 'text', text: 'one ' }, { kind: 'code', text: 'a' }, { kind: 'text', text: ' still one' }], [{ kind: 'text', text: 'two' }]],
      },
      { kind: 'paragraph', content: [{ kind: 'text', text: 'After.' }] },
    ]);
    const ol = parseMarkdown('3. three\n4. four');
    assert.equal(ol[0]!.kind === 'list' && ol[0]!.ordered && ol[0]!.start, 3);
    // Inside a paragraph only "1." starts a list.
    assert.deepEqual(parseMarkdown('the ping waits\n2. seconds later'), [{ kind: 'paragraph', content: [{ kind: 'text', text: 'the ping waits 2. seconds later' }] }]);
    assert.equal(parseMarkdown('Steps:\n1. one\n2. two')[1]!.kind, 'list');
    // "-A INPUT" is not a list item.
    assert.equal(parseMarkdown('-A INPUT -j DROP')[0]!.kind, 'paragraph');
  });

  test('markdown: raw HTML is text, never markup', () => {
    assert.deepEqual(parseMarkdown('<img src=x onerror=alert(1)> and <b>bold</b>'), [
      { kind: 'paragraph', content: [{ kind: 'text', text: '<img src=x onerror=alert(1)> and <b>bold</b>' }] },
    ]);
    assert.equal(plainText('a `<script>` b'), 'a <script> b');
  });

  test('markdown: plainText and never throwing on any input', () => {
    assert.equal(plainText('The rule\n`-j SNAT`\n\n- a\n- b\n\n```\nx\n  y\n```'), 'The rule -j SNAT\n- a\n- b\nx\n  y');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('`', '\\', '\n', ' ', '-', '1', '.', 'a', '~', '*') , maxLength: 60 }), (s) => {
        const blocks = parseMarkdown(s);
        for (const b of blocks) if (b.kind === 'paragraph') assert.ok(b.content.length > 0);
        // Every letter the author wrote is still there.
        assert.equal((plainText(s).match(/a/g) ?? []).length, (s.match(/a/g) ?? []).length);
      }),
    );
  });

  test('commandsOutsideCode: a rule or command written as prose is found; in code it is fine', () => {
    assert.deepEqual(commandsOutsideCode('a runs ping -c 1 10.0.0.2, then'), ['ping -c']);
    assert.deepEqual(commandsOutsideCode('the rule -A POSTROUTING -j SNAT'), ['-A POSTROUTING']);
    assert.deepEqual(commandsOutsideCode('with --to-source 1.2.3.4'), ['--to-source']);
    assert.deepEqual(commandsOutsideCode('a runs `ping -c 1 10.0.0.2`, with `-j SNAT`'), []);
    assert.deepEqual(commandsOutsideCode('```\niptables -A INPUT -j DROP\n```'), []);
    assert.deepEqual(commandsOutsideCode('the ping is answered; ip addresses are numbers; INPUT and FORWARD'), []);
  });

  test('labelForPeople: no raw {{name}} in a misconception label', () => {
    assert.equal(labelForPeople('hook: missed OUTPUT ({{cl}}); source {{ d }}.2'), 'hook: missed OUTPUT (‹cl›); source ‹d›.2');
    assert.equal(labelForPeople('capture: an extra echo-reply line'), 'capture: an extra echo-reply line');
  });
});
