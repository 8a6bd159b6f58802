// nc's command line as netcat-openbsd 1.219 reads it (messages checked against the real binary).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolError } from '../errors.ts';
import { foregroundProblem, NC_USAGE, parseNc } from './parse.ts';

const p = (line: string) => parseNc(line.split(' ').filter((w) => w !== ''));

function fails(line: string, message: string | RegExp, exitCode = 1): void {
  assert.throws(
    () => p(line),
    (err: unknown) => err instanceof ToolError && (typeof message === 'string' ? err.message === message : message.test(err.message)) && err.exitCode === exitCode,
    line,
  );
}

test('listeners: nc -l PORT, -l -p PORT, -lp PORT, -l ADDR PORT, -l -s ADDR -p PORT, -lk, -u -l', () => {
  assert.deepEqual([p('-l 80').listen, p('-l 80').localPort, p('-l 80').localAddr], [true, 80, undefined]);
  assert.equal(p('-l -p 80').localPort, 80);
  assert.equal(p('-lp 80').localPort, 80);
  assert.equal(p('-lp80').localPort, 80);
  assert.deepEqual([p('-l 10.0.0.2 80').localAddr, p('-l 10.0.0.2 80').localPort], [0x0a000002, 80]);
  assert.deepEqual([p('-l -s 10.0.0.2 -p 80').localAddr, p('-l -s 10.0.0.2 -p 80').localPort], [0x0a000002, 80]);
  assert.equal(p('-lk 80').keep, true);
  assert.equal(p('-k -l 80').keep, true);
  assert.equal(p('-u -l 5000').udp, true);
  assert.equal(p('-l http').localPort, 80, 'a service name');
  assert.equal(p('-l 99999').localPort, 99999 % 65536, 'getaddrinfo keeps the low 16 bits');
});

test('clients: ports, ranges, lists, service names; -z -w -N -q -p -s -v -u -n', () => {
  const c = p('-z -w 2 -p 40000 -s 10.0.0.1 10.0.0.2 80');
  assert.deepEqual([c.zero, c.timeoutMs, c.localPort, c.localAddr, c.host, c.ports], [true, 2000, 40000, 0x0a000001, 0x0a000002, [80]]);
  assert.deepEqual(p('-z 10.0.0.2 79-81').ports, [79, 80, 81]);
  assert.deepEqual(p('-z 10.0.0.2 81-79').ports, [79, 80, 81]);
  assert.deepEqual(p('-z 10.0.0.2 82 80').ports, [82, 80]);
  assert.deepEqual(p('-z 10.0.0.2 http').ports, [80]);
  assert.deepEqual(p('-u -z 10.0.0.2 domain').ports, [53]);
  assert.equal(p('-N 10.0.0.2 80').shutdownOnEof, true);
  const q = p('-q 1 10.0.0.2 80');
  assert.deepEqual([q.quitSeconds, q.shutdownOnEof], [1, true], '-q SECS >= 0 implies -N');
  assert.equal(p('-q -1 -z 10.0.0.2 80').shutdownOnEof, false);
  assert.equal(p('-uvz 10.0.0.2 53').verbose, true);
  assert.equal(p('-w1 -z 10.0.0.2 80').timeoutMs, 1000);
});

test('glibc getopt: options after the operands, and -- ends the options', () => {
  assert.equal(p('-z 10.0.0.2 80 -w 1').timeoutMs, 1000);
  assert.deepEqual(p('-z -- 10.0.0.2 80').ports, [80]);
});

test('errors, as nc prints them', () => {
  fails('-e x 10.0.0.2 80', `nc: invalid option -- 'e'\n${NC_USAGE}`);
  fails('--foo', `nc: invalid option -- '-'\n${NC_USAGE}`);
  fails('-z 10.0.0.2 -5', `nc: invalid option -- '5'\n${NC_USAGE}`);
  fails('-w', `nc: option requires an argument -- 'w'\n${NC_USAGE}`);
  fails('-l -p', `nc: option requires an argument -- 'p'\n${NC_USAGE}`);
  fails('', NC_USAGE);
  fails('-lp 80 10.0.0.2 81', NC_USAGE);
  fails('-l -s 10.0.0.2 80', NC_USAGE);
  fails('-z 10.0.0.2', 'nc: missing port number');
  fails('-u -l', 'nc: missing port number');
  fails('-l -z 80', 'nc: cannot use -z and -l');
  fails('-k 10.0.0.2 80', 'nc: must use -l with -k');
  fails('-q x 10.0.0.2 80', 'nc: quit timer invalid: x');
  fails('-w -1 10.0.0.2 80', 'nc: timeout too small: -1');
  fails('-w 99999999 -z 10.0.0.2 80', 'nc: timeout too large: 99999999');
  fails('-z 10.0.0.2 99999', 'nc: port number too large: 99999');
  fails('-z 10.0.0.2 0', 'nc: port number too small: 0');
  fails('-z 10.0.0.2 80x', 'nc: port number invalid: 80x');
  fails('-z 10.0.0.2 80-', 'nc: port number invalid: ');
  fails('-z -p x 10.0.0.2 80', 'nc: getaddrinfo: Servname not supported for ai_socktype');
  fails('-l x', 'nc: getaddrinfo: Servname not supported for ai_socktype');
  fails('-z foo.invalid 80', 'nc: getaddrinfo for host "foo.invalid" port 80: Temporary failure in name resolution');
  fails('-z -n foo 80', 'nc: getaddrinfo for host "foo" port 80: Name or service not known');
  fails('-z -s x 10.0.0.2 80', 'nc: getaddrinfo: Temporary failure in name resolution');
});

test('refused by the simulator: options outside the subset, inet_aton address forms', () => {
  fails('-U /tmp/s', /option -U is not supported by the simulator/, 2);
  fails('-x 10.0.0.9:1080 10.0.0.2 80', /option -x is not supported/, 2);
  fails('-T lowdelay 10.0.0.2 80', /option -T is not supported/, 2);
  fails('-z 10.2 80', /four decimal numbers/, 2);
  fails('-z 010.0.0.1 80', /four decimal numbers/, 2);
  fails('-z 10.0.0.2 1-5000', /at most 1024 ports/, 2);
});

test('foreground: a listener or a client that could wait forever is refused', () => {
  assert.match(foregroundProblem(p('-l 80')) ?? '', /background/);
  assert.match(foregroundProblem(p('10.0.0.2 80')) ?? '', /never exit: add -z, -N, -q SECS or -w SECS/);
  assert.match(foregroundProblem(p('-u -N 10.0.0.2 53')) ?? '', /UDP client would never exit/);
  for (const ok of ['-z 10.0.0.2 80', '-N 10.0.0.2 80', '-w 1 10.0.0.2 80', '-q 0 10.0.0.2 80', '-u -w 1 10.0.0.2 53', '-u -z 10.0.0.2 53', '-h']) {
    assert.equal(foregroundProblem(p(ok)), undefined, ok);
  }
});
