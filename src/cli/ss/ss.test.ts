// ss's layout and command line, checked against what iproute2 6.1's ss printed on Linux 6.18
// (content/scenarios/ss-sockets.sh records the states live).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIpv4 } from '../../net/addr.ts';
import type { SocketEntry } from '../../net/stack/socket-table.ts';
import { ToolError } from '../errors.ts';
import { formatSs, parseSs, type SsOptions } from './ss.ts';

const ip = (s: string): number => parseIpv4(s)!;
const ENTRIES: SocketEntry[] = [
  { proto: 'tcp', state: 'LISTEN', recvQ: 0, sendQ: 1, local: { addr: 0, port: 80 }, peer: { addr: 0, port: 0 } },
  { proto: 'tcp', state: 'ESTABLISHED', recvQ: 0, sendQ: 0, local: { addr: ip('10.0.0.1'), port: 80 }, peer: { addr: ip('10.0.0.2'), port: 51280 } },
  { proto: 'udp', state: 'CLOSE', recvQ: 0, sendQ: 0, local: { addr: 0, port: 5000 }, peer: { addr: 0, port: 0 } },
];

function options(args: string): SsOptions {
  const o = parseSs(args.split(' '));
  assert.ok(!('print' in o));
  return o;
}

test('ss -tuan: a Netid column, UDP before TCP, every column as wide as its longest field', () => {
  assert.equal(formatSs(ENTRIES, options('-tuan')), [
    'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
    'udp   UNCONN 0      0            0.0.0.0:5000      0.0.0.0:*           ',
    'tcp   LISTEN 0      1            0.0.0.0:80        0.0.0.0:*           ',
    'tcp   ESTAB  0      0           10.0.0.1:80       10.0.0.2:51280       ',
    '',
  ].join('\n'));
});

test('one state asked for hides the State column; no socket leaves the header alone', () => {
  assert.equal(formatSs(ENTRIES, options('-tan state established')), [
    'Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
    '0      0           10.0.0.1:80       10.0.0.2:51280       ',
    '',
  ].join('\n'));
  assert.equal(formatSs([], options('-tan')), 'State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  assert.equal(formatSs([], options('-tanH')), '');
});

test('without -a or -l: TCP without listeners, UDP only connected; names from /etc/services unless -n', () => {
  assert.equal(formatSs(ENTRIES, options('-t')), [
    'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process',
    'ESTAB 0      0           10.0.0.1:http     10.0.0.2:51280       ',
    '',
  ].join('\n'));
  assert.equal(formatSs(ENTRIES, options('-u')), 'Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n');
  assert.match(formatSs(ENTRIES, options('-ul')), /UNCONN 0      0            0\.0\.0\.0:5000 /);
});

test('the command line fails as ss does', () => {
  const fails = (args: string[], stderr: RegExp, exit: number): void => {
    assert.throws(() => parseSs(args), (e: unknown) => e instanceof ToolError && stderr.test(e.stderr) && e.exitCode === exit, args.join(' '));
  };
  fails(['-tan', 'state', 'foo'], /^ss: wrong state name: foo\n$/, 255);
  fails(['-Y'], /^ss: invalid option -- 'Y'\nUsage: ss \[ OPTIONS \]/, 255);
  fails(['--foo'], /^ss: unrecognized option '--foo'\n/, 255);
  fails(['-tan', 'state'], /^Command line is not complete\. Try option "help"\n$/, 255);
  fails(['-tanp'], /not supported by the simulator/, 1);
  fails(['-ln'], /not supported by the simulator/, 1);
});

test('exclude starts from every state; state words add up', () => {
  assert.equal(options('-t exclude listening').states & (1 << 10), 0);
  assert.equal(options('-t state listening state time-wait').states, (1 << 10) | (1 << 6));
});
