// Expected outputs are real procps-ng 4.0.2 `sysctl` runs on Linux 6.18 in a fresh
// `unshare --net` namespace with lo, eth0, eth1, br0 and IPv6 disabled (all=1 written
// before the veths were created). A differential run of 78 such lines matched exactly.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SysctlTable } from '../../net/sysctl.ts';
import { ToolError } from '../errors.ts';
import { parseSysctl, runSysctl, SYSCTL_USAGE } from './sysctl.ts';
import type { SysctlResult } from './sysctl.ts';

function machine(): SysctlTable {
  const t = new SysctlTable(['lo']);
  t.write('/proc/sys/net/ipv6/conf/all/disable_ipv6', '1');
  for (const d of ['eth1', 'eth0', 'br0']) t.addDevice(d);
  return t;
}

function run(args: string[], t = machine()): SysctlResult {
  try {
    return runSysctl(parseSysctl(args), t);
  } catch (e) {
    if (e instanceof ToolError) return { stdout: e.stdout, stderr: e.stderr, exitStatus: e.exitCode };
    throw e;
  }
}

const res = (stdout: string, stderr = '', exitStatus = 0): SysctlResult => ({ stdout, stderr, exitStatus });

describe('sysctl against the real tool', () => {
  const cases: [string[], SysctlResult][] = [
    [['net.ipv4.ip_forward'], res('net.ipv4.ip_forward = 0\n')],
    [['-w', 'net.ipv4.ip_forward=1'], res('net.ipv4.ip_forward = 1\n')],
    [['-q', '-w', 'net.ipv4.ip_forward=1'], res('')],
    [['net.ipv4.ip_forward=1'], res('net.ipv4.ip_forward = 1\n')],
    [['-w', 'net.ipv4.ip_forward=2'], res('net.ipv4.ip_forward = 2\n')],
    [['-w', 'net.ipv4.ip_forward=abc'], res('', 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument\n', 1)],
    [['-w', 'net.ipv4.ip_forward'], res('', 'sysctl: command line(0): invalid syntax, continuing...\n', 1)],
    [['-w', 'net.ipv4.ip_forward = 1'], res('net.ipv4.ip_forward = 1\n')],
    [['-w', 'net.ipv4.ip_forward=0x10'], res('net.ipv4.ip_forward = 0x10\n')],
    [['-w', 'net.ipv4.ip_forward=08'], res('', 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument\n', 1)],
    [['net.ipv4.foo'], res('', 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', 1)],
    [['-w', 'net.ipv4.foo=1'], res('', 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', 1)],
    [['net.ipv4.foo', 'net.ipv4.bar'], res('', 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\nsysctl: cannot stat /proc/sys/net/ipv4/bar: No such file or directory\n', 2)],
    [['-e', 'net.ipv4.foo'], res('')],
    [['net/ipv4/ip_forward'], res('net.ipv4.ip_forward = 0\n')],
    [['net.ipv4.conf.all.rp_filter.x'], res('', 'sysctl: cannot stat /proc/sys/net/ipv4/conf/all/rp_filter/x: Not a directory\n', 1)],
    [['-w', 'net.ipv4.conf.eth9.rp_filter=1'], res('', 'sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or directory\n', 1)],
    [['-w', 'net.ipv4=1'], res('', 'sysctl: setting key "net.ipv4": Invalid argument\n', 0)],
    [['net..ipv4.ip_forward'], res('net..ipv4.ip_forward = 0\n', 'sysctl: separators should not be repeated: ..ipv4.ip_forward\n')],
    [['-w', 'net.ipv4.icmp_echo_ignore_all=2'], res('', 'sysctl: setting key "net.ipv4.icmp_echo_ignore_all": Invalid argument\n', 1)],
    [['net.ipv4.ping_group_range'], res('net.ipv4.ping_group_range = 1\t0\n')],
    [['-w', 'net.ipv4.ip_forward=1', 'xy'], res('net.ipv4.ip_forward = 1\n', 'sysctl: command line(0): invalid syntax, continuing...\n', 1)],
    [['-w', '=1'], res('', 'sysctl: Path is not under /proc/sys/: /proc/sys/\n', 1)],
    [[''], res('', 'sysctl: "" is an unknown key\n', 255)],
    [['-n', 'net.ipv4.ip_forward'], res('0\n')],
    [['-N', '-q', 'net.ipv4.ip_forward'], res('', "sysctl: options -N and -q cannot coexist\nTry `sysctl --help' for more information.\n", 1)],
    [['-w'], res('', "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1)],
    [[], res('', SYSCTL_USAGE, 1)],
    [['-z'], res(SYSCTL_USAGE, "sysctl: invalid option -- 'z'\n", 0)],
    [['--foo'], res(SYSCTL_USAGE, "sysctl: unrecognized option '--foo'\n", 0)],
    [['-V'], res('sysctl from procps-ng 4.0.2\n')],
    [['net.ipv6.conf.all.disable_ipv6', 'net.ipv6.conf.eth0.disable_ipv6'], res('net.ipv6.conf.all.disable_ipv6 = 1\nnet.ipv6.conf.eth0.disable_ipv6 = 1\n')],
  ];
  for (const [args, expected] of cases) it(`sysctl ${args.join(' ')}`, () => assert.deepEqual(run(args), expected));
});
