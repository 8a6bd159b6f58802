// The size limits: the paste guard refuses exactly what Run would refuse, in the same words.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HOSTILE, lines } from './hostile.ts';
import { MAX_SOURCE_CHARS, MAX_SOURCE_LINES, refusedInsertion, sizeMessage, sizeProblem } from './limits.ts';
import { runPlayground } from './run.ts';

test('a paste that keeps the script within the limits goes through', () => {
  assert.equal(refusedInsertion('ip netns add a\n', 15, 15, 'ip netns add b\n'), undefined);
  // Exactly the line cap, trailing newline included.
  assert.equal(refusedInsertion('', 0, 0, lines(MAX_SOURCE_LINES, () => '# c') + '\n'), undefined);
  // Replacing a selection: a full script with its last line replaced by another still fits.
  const full = lines(MAX_SOURCE_LINES, (i) => `ip netns add n${i}`);
  const last = full.lastIndexOf('\n') + 1;
  assert.equal(refusedInsertion(full, last, full.length, 'ip link'), undefined);
});

test('100,000 pasted lines are refused with the Run-time limit, in the future tense', () => {
  const message = refusedInsertion('ip link\n', 8, 8, HOSTILE.manyLines);
  assert.equal(message, `With the pasted text (100000 lines), the script would have more than ${MAX_SOURCE_LINES} lines; the playground runs at most ${MAX_SOURCE_LINES}. Your script is unchanged.`);
  // Run says the same of the same text, in the present tense.
  const run = runPlayground('ip link\n' + HOSTILE.manyLines);
  assert.equal(run.stopped?.message, `netsim: the script has more than ${MAX_SOURCE_LINES} lines; the playground runs at most ${MAX_SOURCE_LINES}`);
});

test('one line too many, counting what is already there and what the paste replaces', () => {
  const full = lines(MAX_SOURCE_LINES, (i) => `ip netns add n${i}`);
  assert.match(refusedInsertion(full, full.length, full.length, '\nip link') ?? '', /^With the pasted text \(2 lines\), the script would have more than 2000 lines/);
  assert.match(refusedInsertion(full, 0, 0, 'x\n') ?? '', /\(1 line\)/);
});

test('a megabyte on one line: the character limit, with the would-be size', () => {
  const value = 'ip link\n';
  const message = refusedInsertion(value, 0, value.length, HOSTILE.megabyte);
  assert.equal(message, `With the pasted text (1000000 characters), the script would have 1000000 characters; the playground runs at most ${MAX_SOURCE_CHARS}. Your script is unchanged.`);
  const problem = sizeProblem(HOSTILE.megabyte);
  assert.deepEqual(problem, { kind: 'chars', line: 1, chars: 1_000_000 });
  assert.equal(runPlayground(HOSTILE.megabyte).stopped?.message, `netsim: ${sizeMessage(problem!)}`);
});
