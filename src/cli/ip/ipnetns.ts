// `ip netns ...` (iproute2 ipnetns.c do_netns).

import { ToolError } from '../errors.ts';
import { ipErrors, toIpError, unsupported } from './errors.ts';
import type { IpCommand, IpOptions, IpParseContext } from './ip-common.ts';
import { USAGE_NETNS } from './usage.ts';
import { matches, netnsExists, usage, type Words } from './utils.ts';

export function doNetns(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'netns.list', opts };
  if (w.left > 1) {
    const name = w.at(w.index + 1);
    if (name.includes('/') || name === '.' || name === '..') throw new ToolError(`Invalid netns name "${name}"\n`, 255);
  }
  const sub = w.cur;
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return { kind: 'netns.list', opts };
  if (matches(sub, 'list-id')) throw unsupported('ip netns list-id');
  if (matches(sub, 'help')) throw usage(USAGE_NETNS);
  if (matches(sub, 'add')) {
    if (w.left < 2) throw new ToolError('No netns name specified\n', 1);
    const name = w.at(w.index + 1);
    if (name === '') throw new ToolError('Cannot create namespace file "/run/netns/": Is a directory\n', 1);
    if (ctx?.netnsExists && ctx.netnsExists(name)) throw toIpError(ipErrors.netnsExists(name));
    return { kind: 'netns.add', opts, name };
  }
  if (matches(sub, 'set')) throw unsupported('ip netns set');
  if (matches(sub, 'delete')) {
    if (w.left < 2) throw new ToolError('No netns name specified\n', 1);
    const name = w.at(w.index + 1);
    if (name === '-all' || name === '') throw unsupported('ip netns delete -all');
    if (ctx?.netnsExists && !ctx.netnsExists(name)) throw toIpError(ipErrors.netnsDelMissing(name));
    return { kind: 'netns.del', opts, name };
  }
  if (matches(sub, 'identify')) throw unsupported('ip netns identify');
  if (matches(sub, 'pids')) throw unsupported('ip netns pids');
  if (matches(sub, 'exec')) {
    if (w.left < 2) throw new ToolError('No netns name specified\n', 1);
    if (w.left < 3) throw new ToolError('No command specified\n', 1);
    const name = w.at(w.index + 1);
    if (name === '' || !netnsExists(ctx, name)) throw toIpError(ipErrors.netnsOpenFailed(name));
    return { kind: 'netns.exec', opts, name, argv: w.from(w.index + 2) };
  }
  if (matches(sub, 'monitor')) throw unsupported('ip netns monitor');
  if (matches(sub, 'attach')) throw unsupported('ip netns attach');
  throw new ToolError(`Command "${sub}" is unknown, try "ip netns help".\n`, 255);
}
