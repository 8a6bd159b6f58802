// The line-cached tokenizer gives the editor exactly what tokenizing the whole text gives, for
// every course scenario and through edits, and reuses the tokens of unchanged lines.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { highlightTokens, withoutTokenizer } from 'prism-code-editor/prism';
import { SCENARIO_GRAMMAR } from './grammar.ts';
import { HOSTILE } from './hostile.ts';
import { lineCachedTokenizer } from './tokenize.ts';

const SCENARIOS = join(import.meta.dirname, '..', '..', 'content', 'scenarios');
const whole = (text: string): string => highlightTokens(withoutTokenizer(text, SCENARIO_GRAMMAR));

test('every course scenario highlights as the whole-text tokenizer does', () => {
  const tokenize = lineCachedTokenizer();
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.sh'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const source = readFileSync(join(SCENARIOS, file), 'utf8');
    assert.equal(highlightTokens(tokenize(source, SCENARIO_GRAMMAR)), whole(source), file);
  }
});

test('odd lines, comments, strings, continuations and blank lines too', () => {
  const tokenize = lineCachedTokenizer();
  const text = ['# comment', '', 'ip netns exec a ping -c 1 10.0.0.1 # trailing', "iptables -A INPUT -m comment --comment \"a # b\" -j ACCEPT \\", '  -p tcp', 'tcpdump -n -i v0 &', '\t', ...HOSTILE.oddLines, ''].join('\n');
  assert.equal(highlightTokens(tokenize(text, SCENARIO_GRAMMAR)), whole(text));
});

test('after an edit, unchanged lines keep their tokens and the result still matches', () => {
  const tokenize = lineCachedTokenizer();
  const lines = Array.from({ length: 50 }, (_, i) => `ip netns exec n${i} iptables -A INPUT -p tcp --dport ${i} -j ACCEPT`);
  const before = tokenize(lines.join('\n'), SCENARIO_GRAMMAR);
  lines[20] = 'ip netns exec n20 ping -c 3 10.0.0.2';
  const edited = lines.join('\n');
  const after = tokenize(edited, SCENARIO_GRAMMAR);
  assert.equal(highlightTokens(after), whole(edited));
  // The tokens of line 1 are the very objects of the first run (not tokenized again).
  const firstToken = (stream: typeof before) => stream.find((t) => typeof t !== 'string');
  assert.equal(firstToken(after), firstToken(before));
  assert.equal(highlightTokens(tokenize('', SCENARIO_GRAMMAR)), '');
});
