import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { COMMAND, displayText, resultFileName, safeFilePart, unwrap } from './text.ts';

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
  test('unwrap: the author\'s wraps become spaces; sentences, lists, commands and paragraphs keep their breaks', () => {
    assert.equal(unwrap('a pings b over one veth pair, and\nb answers every request'), 'a pings b over one veth pair, and b answers every request');
    assert.equal(unwrap('First sentence.\nSecond one'), 'First sentence.\nSecond one');
    assert.equal(unwrap('Steps:\n1. one\n2. two'), 'Steps:\n1. one\n2. two');
    assert.equal(unwrap('The rule is\niptables -P FORWARD DROP\nand then'), 'The rule is iptables -P FORWARD DROP\nand then');
    assert.equal(unwrap('para one\n\npara two'), 'para one\n\npara two');
    assert.ok(COMMAND.test('iptables -t nat -A POSTROUTING -j MASQUERADE'));
    assert.ok(!COMMAND.test('ip addresses are numbers'));
  });
});
