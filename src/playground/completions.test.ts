import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_VOCABULARY, scriptCompletions } from './completions.ts';
import { engineVocabulary } from './vocabulary.ts';

const SCRIPT = 'ip netns add red\nip link add v0 type veth peer name v1\niptables -N LOGDROP\n';
const at = (lineBefore: string, explicit = false, vocabulary = DEFAULT_VOCABULARY) =>
  scriptCompletions({ lineBefore, pos: 100 + lineBefore.length, explicit }, () => SCRIPT, vocabulary);
const labels = (lineBefore: string, explicit = false, vocabulary = DEFAULT_VOCABULARY) => at(lineBefore, explicit, vocabulary)?.options.map((o) => o.label);

test('nothing in a comment, nothing after a space unless asked', () => {
  assert.equal(at('ip link # a'), null);
  assert.equal(at('iptables '), null);
  assert.ok(labels('iptables ', true)?.includes('-A'));
});

test('commands, then their words; the script\'s own namespaces, devices and chains', () => {
  assert.ok(labels('ipt')?.includes('iptables'));
  assert.deepEqual(labels('iptables -t ', true), ['filter', 'nat', 'mangle', 'raw']);
  assert.deepEqual(labels('ip netns exec ', true), ['red']);
  assert.deepEqual(labels('ip link set dev ', true), ['v0', 'v1', 'lo']);
  assert.ok(labels('iptables -A FORWARD -j ', true)?.includes('LOGDROP'));
  assert.equal(at('iptables -m conntrack --ctstate NEW,EST')?.from, 100 + 'iptables -m conntrack --ctstate NEW,'.length);
});

test('the engine\'s words: extension options of the matches a line loads', () => {
  const vocabulary = engineVocabulary();
  assert.ok(vocabulary.sysctlKeys.includes('net.ipv4.ip_forward'));
  assert.ok(labels('iptables -A INPUT -m conntrack --', false, vocabulary)?.includes('--ctstate'));
  assert.ok(!labels('iptables -A INPUT -m conntrack --', false, DEFAULT_VOCABULARY)?.includes('--ctstate'));
});
