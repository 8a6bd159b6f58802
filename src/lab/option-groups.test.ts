import { test } from 'node:test';
import assert from 'node:assert/strict';
import { optionGroups } from './option-groups.ts';

test('a rule is cut between options, never inside one', () => {
  assert.deepEqual(optionGroups('-A POSTROUTING -o br0 -p icmp -j SNAT --to-source 172.16.1.100'), [
    '-A POSTROUTING',
    '-o br0',
    '-p icmp',
    '-j SNAT',
    '--to-source 172.16.1.100',
  ]);
  // A negation stays before its option; an option without a value stays alone.
  assert.deepEqual(optionGroups('! -o docker0 -m physdev --physdev-is-bridged'), ['!', '-o docker0', '-m physdev', '--physdev-is-bridged']);
  // Text without options is cut into words, as the browser would.
  assert.deepEqual(optionGroups('IP 10.0.0.1 > 10.0.0.2: ICMP echo request'), ['IP', '10.0.0.1', '>', '10.0.0.2:', 'ICMP', 'echo', 'request']);
});
