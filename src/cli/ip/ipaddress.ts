// `ip address ...` (iproute2 ipaddress.c: ipaddr_modify, ipaddr_list_flush_or_save).

import { ToolError } from '../errors.ts';
import { ipErrors, toIpError, unsupported } from './errors.ts';
import type { IpCommand, IpFamily, IpOptions, IpParseContext } from './ip-common.ts';
import { RT_SCOPE_HOST, RT_SCOPE_UNIVERSE, scopeA2n } from './rt-names.ts';
import { USAGE_ADDRESS, USAGE_LINK } from './usage.ts';
import {
  deviceExists, duparg, duparg2, famOf, getAddr, getPrefix, getPrefix1, getU32, inetAddr, invarg, matches, toPrefix, usage, utf8Length,
  v6Unsupported, type Fam, type IpPrefix, type PrefixWord, type Words,
} from './utils.ts';

export interface AddrFilter {
  readonly dev?: string;
  readonly up: boolean;
  readonly label?: string;
  readonly scope?: number;
  readonly to?: IpPrefix;
  readonly master?: string;
  readonly linkType?: string;
  readonly primary?: boolean;
  readonly secondary?: boolean;
}

export function doAddr(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'addr.show', opts, filter: { up: false } };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return addrModify(w, opts, 'add', ctx);
  if (matches(sub, 'change') || sub === 'chg') return addrModify(w, opts, 'change', ctx);
  if (matches(sub, 'replace')) return addrModify(w, opts, 'replace', ctx);
  if (matches(sub, 'delete')) return addrModify(w, opts, 'del', ctx);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) {
    return { kind: 'addr.show', opts, filter: addrListFilter(w, ctx, 'addr', opts.family) };
  }
  if (matches(sub, 'flush')) {
    if (!w.more) throw new ToolError('Flush requires arguments.\n', 1);
    if (opts.family === 'link') throw new ToolError('Cannot flush link addresses.\n', 1);
    return { kind: 'addr.flush', opts, filter: addrListFilter(w, ctx, 'addr', opts.family) };
  }
  if (matches(sub, 'save') || matches(sub, 'showdump') || matches(sub, 'restore')) throw unsupported(`ip address ${sub}`);
  if (matches(sub, 'help')) throw usage(USAGE_ADDRESS);
  throw new ToolError(`Command "${sub}" is unknown, try "ip address help".\n`, 255);
}

const ADDR_FLAG_FILTERS = new Set([
  'dynamic', 'permanent', 'secondary', 'temporary', 'primary', 'tentative', '-tentative', 'deprecated', '-deprecated', 'home', '-home',
  'nodad', '-nodad', 'mngtmpaddr', '-mngtmpaddr', 'noprefixroute', '-noprefixroute', 'autojoin', '-autojoin', 'dadfailed', '-dadfailed',
  '-dynamic', '-permanent', '-secondary', '-temporary', '-primary', 'optimistic', '-optimistic', 'stable-privacy', '-stable-privacy',
]);

/** ipaddr_list_flush_or_save's argument loop (also used by `ip link show`). */
export function addrListFilter(w: Words, ctx: IpParseContext | undefined, what: 'addr' | 'link', family?: IpFamily): AddrFilter {
  const f: { -readonly [K in keyof AddrFilter]: AddrFilter[K] } = { up: false };
  let dev: string | undefined;
  let fam: Fam = what === 'link' ? 'link' : family;
  while (w.more) {
    const a = w.cur;
    if (a === 'to') {
      const v = w.next();
      const p = getPrefix1(v, fam);
      if (p === undefined) throw invarg('invalid "to"\n', v);
      if (fam === undefined) fam = famOf(p);
      f.to = toPrefix(p);
    } else if (a === 'scope') {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
      } else f.scope = s;
    } else if (a === 'up') {
      f.up = true;
    } else if (ADDR_FLAG_FILTERS.has(a)) {
      if (a === 'primary') f.primary = true;
      else if (a === 'secondary') f.secondary = true;
      else if (a === 'permanent') { /* every IPv4 address the simulator has is permanent */ }
      else throw unsupported(`ip address show ${a}`);
    } else if (a === 'label') {
      f.label = w.next();
    } else if (a === 'group') {
      w.next();
      throw unsupported('ip address show group');
    } else if (a === 'master') {
      const v = w.next();
      if (!deviceExists(ctx, v)) throw toIpError(ipErrors.masterDoesNotExist(v));
      f.master = v;
    } else if (a === 'vrf') {
      w.next();
      throw unsupported('ip address show vrf');
    } else if (a === 'nomaster') {
      throw unsupported('ip address show nomaster');
    } else if (a === 'type') {
      f.linkType = w.next();
      if (f.linkType.endsWith('_slave')) throw unsupported('type *_slave');
    } else {
      let v = a;
      if (a === 'dev') v = w.next();
      else if (matches(a, 'help')) throw usage(what === 'link' ? USAGE_LINK : USAGE_ADDRESS);
      if (dev !== undefined) throw duparg2('dev', v);
      dev = v;
    }
    w.advance();
  }
  if (dev !== undefined) {
    if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.deviceDoesNotExist(dev));
    f.dev = dev;
  }
  return f;
}

function addrModify(w: Words, opts: IpOptions, mode: 'add' | 'change' | 'replace' | 'del', ctx: IpParseContext | undefined): IpCommand {
  let fam: Fam = opts.family;
  let dev: string | undefined;
  let label: string | undefined;
  let local: PrefixWord | undefined;
  let localArg = '';
  let brd: number | '+' | '-' | undefined;
  let scope: number | undefined;
  while (w.more) {
    const a = w.cur;
    if (a === 'peer' || a === 'remote') {
      const v = w.next();
      getPrefix(v, fam);
      throw unsupported('ip address ... peer');
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = w.next();
      if (brd !== undefined) throw duparg('broadcast', v);
      if (v === '+') brd = '+';
      else if (v === '-') brd = '-';
      else {
        const addr = getAddr(v, fam);
        if (fam === undefined) fam = famOf(addr);
        brd = inetAddr(addr);
      }
    } else if (a === 'anycast') {
      const v = w.next();
      getAddr(v, fam);
      throw unsupported('ip address ... anycast');
    } else if (a === 'scope') {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) throw invarg('invalid scope value.', v);
      scope = s;
    } else if (a === 'dev') {
      dev = w.next();
    } else if (a === 'label') {
      label = w.next();
    } else if (matches(a, 'metric') || matches(a, 'priority') || matches(a, 'preference')) {
      const v = w.next();
      if (getU32(v) === undefined) throw invarg('"metric" value is invalid\n', v);
      throw unsupported('ip address ... metric');
    } else if (matches(a, 'valid_lft') || matches(a, 'preferred_lft')) {
      const v = w.next();
      if (v !== 'forever') throw unsupported(`ip address ... ${a} ${v}`);
    } else if (a === 'home' || a === 'nodad' || a === 'optimistic' || a === 'mngtmpaddr' || a === 'noprefixroute' || a === 'autojoin') {
      throw unsupported(`ip address ... ${a}`);
    } else {
      let v = a;
      if (a === 'local') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_ADDRESS);
      if (local !== undefined && local.bytelen !== 0) throw duparg2('local', v);
      localArg = v;
      local = getPrefix(v, fam);
      if (fam === undefined) fam = famOf(local);
    }
    w.advance();
  }
  if (dev === undefined) throw new ToolError('Not enough information: "dev" argument is required.\n', 1);

  let wildcard = false;
  let warning: string | undefined;
  if (local !== undefined && local.bytelen !== 0 && mode === 'del' && local.family === 'inet' && !local.lenGiven) {
    wildcard = true;
    warning = 'Warning: Executing wildcard deletion to stay compatible with old scripts.\n' +
      `         Explicitly specify the prefix length (${localArg}/${local.bytelen * 8}) to avoid this warning.\n` +
      '         This special behaviour is likely to disappear in further releases,\n' +
      '         fix your scripts!\n';
  }
  let broadcast: number | undefined;
  if (brd === '+' || brd === '-') {
    if (mode !== 'del') {
      if (fam !== 'inet') throw new ToolError('Broadcast can be set only for IPv4 addresses\n', 1);
      const l = local ?? { addr: 0, len: 0 };
      if (l.len <= 30) {
        const hostMask = l.len === 0 ? 0xffffffff : (~(0xffffffff << (32 - l.len)) >>> 0);
        broadcast = brd === '+' ? ((l.addr | hostMask) >>> 0) : ((l.addr & ~hostMask) >>> 0);
      }
    }
  } else if (brd !== undefined) {
    broadcast = brd;
  }
  if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  // What the kernel says, independent of the state.
  if (fam === undefined) throw toIpError(ipErrors.operationNotSupported());
  if (fam !== 'inet') throw v6Unsupported();
  if (label !== undefined && utf8Length(label) >= 16) throw toIpError(ipErrors.attributeFailedPolicy());
  const hasLocal = local !== undefined && local.bytelen !== 0;
  if (mode === 'del') {
    // Without a local address the kernel deletes the first address that matches the rest.
    return {
      kind: 'addr.del', opts, dev, ...(hasLocal && local ? { local: toPrefix(local) } : {}), wildcard, ...(warning ? { warning } : {}),
      ...(broadcast !== undefined ? { broadcast } : {}), ...(label !== undefined ? { label } : {}), ...(scope !== undefined ? { scope } : {}),
    };
  }
  if (!hasLocal || local === undefined) throw new ToolError('Error: ipv4: Local address is not supplied.\n', 2);
  const prefix = toPrefix(local);
  // iproute2's default_scope(): host for 127/8, else global.
  const finalScope = scope ?? ((prefix.addr >>> 24) === 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE);
  return {
    kind: 'addr.add', opts, mode, dev, local: prefix, scope: finalScope,
    ...(broadcast !== undefined ? { broadcast } : {}), ...(label !== undefined ? { label } : {}),
  };
}
