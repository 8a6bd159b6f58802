// Property: for any command line, parseSysctl either returns plain data or throws a
// ToolError with a message and a non-zero exit status; running the result against a
// SysctlTable never throws anything else either.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { SysctlTable } from '../../net/sysctl.ts';
import { ToolError } from '../errors.ts';
import { parseSysctl, runSysctl } from './sysctl.ts';

const VOCAB = [
  '-w', '-q', '-qw', '-n', '-N', '-e', '-b', '-a', '-p', '-x', '-z', '-V', '-h', '--', '--write', '--quiet', '--foo', '-r',
  'net.ipv4.ip_forward', 'net.ipv4.ip_forward=1', 'net.ipv4.ip_forward=2', 'net.ipv4.ip_forward=abc', 'net/ipv4/ip_forward',
  'net.ipv4.conf.all.rp_filter=1', 'net.ipv4.conf.eth0.rp_filter', 'net.ipv4.conf.default.rp_filter=2', 'net.ipv4.foo', 'net.ipv4',
  'net.bridge.bridge-nf-call-iptables=1', 'net.ipv4.ping_group_range=0 2147483647', 'net.ipv4.icmp_echo_ignore_all=2', '=1', '#x=1',
  'x', '', ' ', 'net..ipv4.ip_forward', '.net.ipv4.ip_forward', 'net.ipv4.ip_forward.x=1', 'net.ipv6.conf.all.disable_ipv6=1',
];
const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VOCAB) },
  { weight: 1, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('net.ipv4.ip_forward', 'net.ipv4.conf.lo.arp_ignore', 'net.ipv4.ping_group_range', 'net.bridge.bridge-nf-call-iptables', 'net.ipv4.icmp_echo_ignore_all'), fc.string({ maxLength: 24 })).map(([k, v]) => `${k}=${v}`) },
);

it('parseSysctl never throws anything but ToolError (10,000+ random lines)', () => {
  fc.assert(fc.property(fc.array(word, { maxLength: 6 }), (args) => {
    try {
      const cmd = parseSysctl(args);
      const r = runSysctl(cmd, new SysctlTable(['lo', 'eth0']));
      assert.ok(r.exitStatus >= 0 && r.exitStatus < 256);
    } catch (e) {
      assert.ok(e instanceof ToolError, `${JSON.stringify(args)} threw ${String(e)}`);
      assert.ok(e.message.length > 0);
      assert.ok(e.exitCode > 0 && e.exitCode < 256);
    }
  }), { numRuns: 12000 });
});
