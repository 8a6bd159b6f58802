// Property: for any command line, parseIp either returns plain data or throws a ToolError
// with a message and a non-zero exit status; never any other exception.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { ToolError } from '../errors.ts';
import { parseIp } from './parse.ts';

const VOCAB = [
  'ip', 'addr', 'address', 'a', 'route', 'r', 'ro', 'link', 'l', 'neigh', 'n', 'rule', 'ru', 'netns', 'add', 'a', 'del', 'delete', 'd',
  'show', 'list', 'ls', 's', 'flush', 'f', 'set', 'replace', 'change', 'append', 'prepend', 'get', 'exec', 'help', 'h', 'dev', 'eth0', 'lo',
  'br0', 'ns1', 'type', 'veth', 'bridge', 'dummy', 'peer', 'name', 'netns', 'master', 'nomaster', 'up', 'down', 'address', 'promisc',
  'on', 'off', 'mtu', 'via', 'src', 'table', 'metric', 'scope', 'proto', 'onlink', 'default', 'all', 'any', 'to', 'from', 'iif', 'oif',
  'lookup', 'priority', 'pref', 'not', 'fwmark', 'lladdr', 'nud', 'permanent', 'stale', 'reachable', 'brd', 'broadcast', '+', '-',
  'label', 'local', 'blackhole', 'unreachable', 'exact', 'root', 'match', 'stp_state', 'forward_delay', '10.0.0.1/24', '10.0.0.0/8',
  '10/8', '0/0', '1.2.3.4', '255.255.0.0', '02:00:00:00:00:01', '02:00', 'zz', '::1', '0x10', '010', '-1', '99999999999', '', ' ',
  '-4', '-6', '-o', '-br', '-d', '-s', '-j', '-V', '-n', '-f', 'inet', '--', '-', '-foo', 'a/b', '0123456789abcdef', 'garbage',
];

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fx.:/+-]{0,20}$/) },
);

const seeds: string[][] = [
  ['link', 'add', 'veth1', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', 'ns1'],
  ['link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0'],
  ['link', 'set', 'veth1', 'master', 'br0'],
  ['addr', 'add', '172.17.0.1/24', 'brd', '+', 'dev', 'br0'],
  ['route', 'add', 'default', 'via', '172.17.0.1', 'dev', 'eth0', 'metric', '5', 'table', '100'],
  ['rule', 'add', 'iif', 'eth0', 'lookup', '100', 'priority', '10'],
  ['neigh', 'replace', '10.0.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'eth0', 'nud', 'permanent'],
  ['-4', '-o', 'addr', 'show', 'dev', 'eth0'],
  ['route', 'show', 'table', 'all'],
  ['netns', 'add', 'ns1'],
];

/** Mutations of real command lines: delete, insert, replace, swap words. */
const mutated = fc.tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(3), fc.nat(20), word), { maxLength: 4 })).map(([seed, ops]) => {
  const out = [...seed];
  for (const [op, at, w] of ops) {
    const i = at % (out.length + 1);
    if (op === 0) out.splice(i, 1);
    else if (op === 1) out.splice(i, 0, w);
    else if (op === 2) out[i] = w;
    else if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1] ?? '', out[i] ?? ''];
  }
  return out;
});

const line = fc.oneof(fc.array(word, { maxLength: 12 }), mutated);

function check(args: string[], withCtx: boolean): void {
  try {
    parseIp(args, withCtx ? { deviceExists: (n) => n === 'lo' || n === 'eth0' || n === 'br0', netnsExists: (n) => n === 'ns1' } : undefined);
  } catch (e) {
    assert.ok(e instanceof ToolError, `${JSON.stringify(args)} threw ${String(e)}`);
    assert.ok(e.message.length > 0 || e.stdout.length > 0, `${JSON.stringify(args)} printed nothing`);
    assert.ok(e.exitCode > 0 && e.exitCode < 256, `${JSON.stringify(args)} exit ${e.exitCode}`);
  }
}

it('parseIp never throws anything but ToolError (10,000+ random and mutated lines)', () => {
  fc.assert(fc.property(line, fc.boolean(), (args, withCtx) => check(args, withCtx)), { numRuns: 12000 });
});
