// `ip` (iproute2 6.1) command lines -> plain data.
//
// The parser follows iproute2's own argument loops (ip.c, ipaddress.c, iplink.c,
// link_veth.c, iplink_bridge.c, iproute.c, iprule.c, ipneigh.c, ipnetns.c) so that it
// accepts the same abbreviations and rejects the same lines with the same text and exit
// status. Things the real tool checks while parsing that depend on the machine (does this
// device / namespace exist?) are asked of an optional `IpParseContext`, at the same point
// in the line where `ip` asks the kernel; without a context every name is taken to exist
// and the engine must check (see `ipErrors` in errors.ts). Everything the kernel decides
// after the request is sent (RTNETLINK errors) is for the engine.
//
// Words that the real `ip` accepts but the simulator does not model throw a ToolError with
// `unsupported: true`.

import { ToolError } from '../errors.ts';
import { ipErrors, toIpError, unsupported } from './errors.ts';
import type { IpCommand, IpFamily, IpOptions, IpParseContext } from './ip-common.ts';
import { doAddr } from './ipaddress.ts';
import { doLink } from './iplink.ts';
import { doNeigh } from './ipneigh.ts';
import { doNetns } from './ipnetns.ts';
import { doRoute } from './iproute.ts';
import { doRule } from './iprule.ts';
import { USAGE_IP } from './usage.ts';
import { getU32, invarg, matches, netnsExists, readFamily, usage, Words } from './utils.ts';

// What run.ts takes from the parser (`ip`'s entry point, as iproute2's ip.c is).
export { ipErrors } from './errors.ts';
export type { IpFailure } from './errors.ts';
export type { IpCommand } from './ip-common.ts';
export type { RouteSpec } from './iproute.ts';

const IP_VERSION_TEXT = 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n';

const OBJECTS: readonly string[] = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila',
  'macsec', 'tunnel', 'tunl', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns',
  'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'help', 'stats',
];

/**
 * Parses the words after `ip`. Throws ToolError for every line the real `ip` rejects before
 * talking to the kernel (and, given `ctx`, for missing devices and namespaces).
 */
export function parseIp(args: readonly string[], ctx?: IpParseContext): IpCommand {
  const w = new Words(args);
  let family: IpFamily | undefined;
  let oneline = false;
  let brief = false;
  let netns: string | undefined;
  const unsupportedOpts: string[] = [];

  while (w.more) {
    let opt = w.cur;
    if (opt === '--') {
      w.advance();
      break;
    }
    if (!opt.startsWith('-')) break;
    if (opt[1] === '-') opt = opt.slice(1);
    if (matches(opt, '-loops')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
    } else if (matches(opt, '-family')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
      if (w.cur === 'help') throw usage(USAGE_IP);
      const f = readFamily(w.cur);
      if (f === undefined) throw invarg('invalid protocol family', w.cur);
      family = f;
    } else if (opt === '-4') family = 'inet';
    else if (opt === '-6') family = 'inet6';
    else if (opt === '-0') family = 'link';
    else if (opt === '-M') family = 'mpls';
    else if (opt === '-B') family = 'bridge';
    else if (matches(opt, '-human') || matches(opt, '-human-readable')) { /* affects -s only */ }
    else if (matches(opt, '-iec')) { /* affects -s only */ }
    else if (matches(opt, '-stats') || matches(opt, '-statistics')) unsupportedOpts.push('-s');
    else if (matches(opt, '-details')) unsupportedOpts.push('-d');
    else if (matches(opt, '-resolve')) unsupportedOpts.push('-r');
    else if (matches(opt, '-oneline')) oneline = true;
    else if (matches(opt, '-timestamp')) { /* monitor only */ }
    else if (matches(opt, '-tshort')) { /* monitor only */ }
    else if (matches(opt, '-Version')) return { kind: 'print', opts: { oneline, brief }, stdout: IP_VERSION_TEXT };
    else if (matches(opt, '-force')) { /* batch only */ }
    else if (matches(opt, '-batch')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
      throw unsupported('ip -batch');
    } else if (matches(opt, '-brief')) brief = true;
    else if (matches(opt, '-json')) unsupportedOpts.push('-j');
    else if (matches(opt, '-pretty')) { /* only with -j */ }
    else if (matches(opt, '-rcvbuf')) {
      w.advance();
      if (!w.more) throw usage(USAGE_IP);
      if (getU32(w.cur) === undefined) throw new ToolError(`Invalid rcvbuf size '${w.cur}'\n`, 255);
    } else if (colorOption(opt) !== undefined) {
      if (colorOption(opt) === 'always') unsupportedOpts.push('-c');
    } else if (matches(opt, '-help')) throw usage(USAGE_IP);
    else if (matches(opt, '-netns')) {
      w.next();
      if (!netnsExists(ctx, w.cur)) throw toIpError(ipErrors.netnsOpenFailed(w.cur));
      netns = w.cur;
    } else if (matches(opt, '-Numeric')) unsupportedOpts.push('-N');
    else if (matches(opt, '-all')) { /* netns exec -all only */ }
    else throw new ToolError(`Option "${opt}" is unknown, try "ip -help".\n`, 255);
    w.advance();
  }

  if (!w.more) throw usage(USAGE_IP);
  const opts: IpOptions = { ...(family ? { family } : {}), oneline, brief, ...(netns !== undefined ? { netns } : {}) };
  const object = w.cur;
  const found = OBJECTS.find((o) => matches(object, o));
  if (found === undefined) throw new ToolError(`Object "${object}" is unknown, try "ip help".\n`, 1);
  if (found === 'help') throw usage(USAGE_IP);
  const rest = new Words(args, w.index + 1);
  let cmd: IpCommand;
  switch (found) {
    case 'address': cmd = doAddr(rest, opts, ctx); break;
    case 'route': cmd = doRoute(rest, opts, ctx); break;
    case 'rule': cmd = doRule(rest, opts); break;
    case 'neighbor':
    case 'neighbour': cmd = doNeigh(rest, opts, ctx); break;
    case 'link': cmd = doLink(rest, opts, ctx); break;
    case 'netns': cmd = doNetns(rest, opts, ctx); break;
    default: throw unsupported(`ip ${found}`);
  }
  if (unsupportedOpts.length > 0) throw unsupported(`ip ${unsupportedOpts.join(' ')}`);
  return cmd;
}

function colorOption(opt: string): 'always' | 'auto' | 'never' | undefined {
  const eq = opt.indexOf('=');
  const name = eq < 0 ? opt : opt.slice(0, eq);
  const value = eq < 0 ? '' : opt.slice(eq + 1);
  if (!matches(name, '-color')) return undefined;
  if (value === '' || value === 'always') return 'always';
  if (value === 'auto' || value === 'never') return value;
  return undefined;
}
