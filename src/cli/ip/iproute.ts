// `ip route ...` (iproute2 iproute.c: iproute_modify, iproute_list_flush_or_save, iproute_get).

import type { Ipv4Addr } from '../../net/addr.ts';
import { LOCAL_TABLE, MAIN_TABLE } from '../../net/stack/routing.ts';
import { ToolError } from '../errors.ts';
import { ipErrors, toIpError, unsupported } from './errors.ts';
import type { IpCommand, IpOptions, IpParseContext } from './ip-common.ts';
import {
  protoA2n, RT_SCOPE_HOST, RT_SCOPE_LINK, RT_SCOPE_UNIVERSE, RTPROT_BOOT, rtntypeA2n, scopeA2n, tableA2n, type RouteType,
} from './rt-names.ts';
import { USAGE_ROUTE } from './usage.ts';
import {
  deviceExists, duparg2, famOf, getAddr, getPrefix, getU32, inetAddr, invarg, matches, readFamily, toPrefix, usage, v6Unsupported,
  type Fam, type IpPrefix, type PrefixWord, type Words,
} from './utils.ts';

/** A route as `ip route add|replace|...` sends it: iproute2's defaults already applied. */
export interface RouteSpec {
  readonly type: RouteType;
  readonly dst: IpPrefix;
  readonly gateway?: Ipv4Addr;
  readonly dev?: string;
  readonly prefsrc?: Ipv4Addr;
  /** Table id (main = 254 unless `table` given, local = 255 for local/broadcast/nat/anycast). */
  readonly table: number;
  /** 0 when not given (the kernel's default priority). */
  readonly metric: number;
  /** rtm_scope after iproute2's defaulting: link for a unicast route without `via`, host for local/nat, link for broadcast/multicast/anycast, else universe. */
  readonly scope: number;
  /** boot (3) unless `proto` given. */
  readonly protocol: number;
  readonly onlink: boolean;
}

/** A route selector as `ip route del` sends it: absent fields match anything. */
export interface RouteDelSpec {
  readonly type?: RouteType;
  readonly dst: IpPrefix;
  readonly gateway?: Ipv4Addr;
  readonly dev?: string;
  readonly prefsrc?: Ipv4Addr;
  readonly table: number;
  readonly metric?: number;
  /** Only when `scope` was given. */
  readonly scope?: number;
  readonly protocol?: number;
}

export interface RouteFilter {
  /** Table to list; 'all' for `table all`. Default main. */
  readonly table: number | 'all';
  readonly tableGiven: boolean;
  readonly dev?: string;
  /** `exact P` (or a bare prefix), `root P` (prefixes inside P, at least as long), `match P` (prefixes covering P). */
  readonly selector?: { readonly mode: 'exact' | 'root' | 'match'; readonly prefix: IpPrefix };
  readonly protocol?: number;
  readonly scope?: number;
  readonly type?: RouteType;
}

export function doRoute(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'route.show', opts, filter: routeListFilter(w, opts, ctx, false) };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return routeModify(w, opts, 'add', ctx);
  if (matches(sub, 'change') || sub === 'chg') return routeModify(w, opts, 'change', ctx);
  if (matches(sub, 'replace')) return routeModify(w, opts, 'replace', ctx);
  if (matches(sub, 'prepend')) return routeModify(w, opts, 'prepend', ctx);
  if (matches(sub, 'append')) return routeModify(w, opts, 'append', ctx);
  if (matches(sub, 'test')) throw unsupported('ip route test');
  if (matches(sub, 'delete')) return routeModify(w, opts, 'del', ctx);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) {
    return { kind: 'route.show', opts, filter: routeListFilter(w, opts, ctx, false) };
  }
  if (matches(sub, 'get')) return routeGet(w, opts, ctx);
  if (matches(sub, 'flush')) {
    if (!w.more) throw new ToolError('"ip route flush" requires arguments.\n', 1);
    return { kind: 'route.flush', opts, filter: routeListFilter(w, opts, ctx, true) };
  }
  if (matches(sub, 'save') || matches(sub, 'restore') || matches(sub, 'showdump')) throw unsupported(`ip route ${sub}`);
  if (matches(sub, 'help')) throw usage(USAGE_ROUTE);
  throw new ToolError(`Command "${sub}" is unknown, try "ip route help".\n`, 255);
}

const ROUTE_METRIC_WORDS = new Set([
  'mtu', 'hoplimit', 'advmss', 'reordering', 'rtt', 'rttvar', 'window', 'cwnd', 'initcwnd', 'initrwnd', 'features', 'quickack', 'congctl',
  'rto_min', 'ssthresh',
]);

function routeModify(w: Words, opts: IpOptions, mode: 'add' | 'change' | 'replace' | 'prepend' | 'append' | 'del', ctx: IpParseContext | undefined): IpCommand {
  const del = mode === 'del';
  let fam: Fam = opts.family;
  let type: RouteType | undefined = del ? undefined : 'unicast';
  let protocol: number | undefined = del ? undefined : RTPROT_BOOT;
  let scope: number | undefined;
  let table: number = MAIN_TABLE;
  let tableOk = false;
  let dst: PrefixWord | undefined;
  let gateway: number | undefined;
  let prefsrc: number | undefined;
  let metric: number | undefined;
  let dev: string | undefined;
  let onlink = false;
  while (w.more) {
    const a = w.cur;
    if (a === 'src') {
      const v = w.next();
      const addr = getAddr(v, fam);
      if (fam === undefined) fam = famOf(addr);
      prefsrc = inetAddr(addr);
    } else if (a === 'as') {
      throw unsupported('ip route ... as');
    } else if (a === 'via') {
      if (gateway !== undefined) throw invarg('use nexthop syntax to specify multiple via\n', a);
      let v = w.next();
      let vfam = readFamily(v);
      if (vfam === undefined) vfam = fam;
      else v = w.next();
      const addr = getAddr(v, vfam);
      if (fam === undefined) fam = famOf(addr);
      if (addr.bytelen === 0 || addr.word !== undefined) throw unsupported(`via ${v}`);
      if (addr.family !== fam) throw unsupported('a gateway of another family');
      gateway = inetAddr(addr);
    } else if (a === 'from') {
      w.next();
      throw unsupported('ip route ... from');
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      w.next();
      throw unsupported('ip route ... tos');
    } else if (a === 'expires') {
      w.next();
      throw unsupported('ip route ... expires');
    } else if (matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      const v = w.next();
      const m = getU32(v);
      if (m === undefined) throw invarg('"metric" value is invalid\n', v);
      metric = m;
    } else if (a === 'scope') {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) throw invarg('invalid "scope" value\n', v);
      scope = s;
    } else if (ROUTE_METRIC_WORDS.has(a) || matches(a, 'realms')) {
      throw unsupported(`ip route ... ${a}`);
    } else if (matches(a, 'onlink')) {
      onlink = true;
    } else if (matches(a, 'nexthop')) {
      throw unsupported('ip route ... nexthop');
    } else if (a === 'nhid') {
      throw unsupported('ip route ... nhid');
    } else if (matches(a, 'protocol')) {
      const v = w.next();
      const p = protoA2n(v);
      if (p === undefined) throw invarg('"protocol" value is invalid\n', v);
      protocol = p;
    } else if (matches(a, 'table')) {
      const v = w.next();
      const t = tableA2n(v);
      if (t === undefined) throw invarg('"table" value is invalid\n', v);
      table = t;
      tableOk = true;
    } else if (matches(a, 'vrf')) {
      w.next();
      throw unsupported('ip route ... vrf');
    } else if (a === 'dev' || a === 'oif') {
      dev = w.next();
    } else if (matches(a, 'pref') || a === 'encap' || a === 'ttl-propagate' || matches(a, 'fastopen_no_cookie')) {
      throw unsupported(`ip route ... ${a}`);
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if ((v[0] === undefined || v[0] < '0' || v[0] > '9')) {
        const t = rtntypeA2n(v);
        if (t !== undefined) {
          v = w.next();
          type = t;
        }
      }
      if (matches(v, 'help')) throw usage(USAGE_ROUTE);
      if (dst !== undefined) throw duparg2('to', v);
      dst = getPrefix(v, fam);
      if (fam === undefined) fam = famOf(dst);
    }
    w.advance();
  }
  if (dst === undefined) throw usage(USAGE_ROUTE);
  if (dev !== undefined && !deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  if (fam === 'inet6' || dst.family === 'inet6') throw v6Unsupported();
  if (fam === 'mpls' || fam === 'bridge' || fam === 'link') throw unsupported(`ip -f ${fam} route`);
  const prefix = toPrefix(dst);
  if (!tableOk && (type === 'local' || type === 'broadcast' || type === 'nat' || type === 'anycast')) table = LOCAL_TABLE;
  if (scope === undefined) {
    if (type === 'local' || type === 'nat') scope = RT_SCOPE_HOST;
    else if (type === 'broadcast' || type === 'multicast' || type === 'anycast') scope = RT_SCOPE_LINK;
    else if (type === 'unicast' || type === undefined) {
      // For del: RT_SCOPE_NOWHERE, which the kernel takes as "any scope" (left undefined here).
      if (!del) scope = gateway === undefined ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
    } else if (!del) scope = RT_SCOPE_UNIVERSE;
  }
  if (del) {
    const route: RouteDelSpec = {
      dst: prefix, table,
      ...(type !== undefined ? { type } : {}), ...(gateway !== undefined ? { gateway } : {}), ...(dev !== undefined ? { dev } : {}),
      ...(prefsrc !== undefined ? { prefsrc } : {}), ...(metric !== undefined ? { metric } : {}), ...(scope !== undefined ? { scope } : {}),
      ...(protocol !== undefined ? { protocol } : {}),
    };
    return { kind: 'route.del', opts, route };
  }
  const route: RouteSpec = {
    type: type ?? 'unicast', dst: prefix, table, metric: metric ?? 0, scope: scope ?? RT_SCOPE_UNIVERSE, protocol: protocol ?? RTPROT_BOOT, onlink,
    ...(gateway !== undefined ? { gateway } : {}), ...(dev !== undefined ? { dev } : {}), ...(prefsrc !== undefined ? { prefsrc } : {}),
  };
  return { kind: 'route.add', opts, mode: mode as 'add' | 'change' | 'replace' | 'append' | 'prepend', route };
}

function routeListFilter(w: Words, opts: IpOptions, ctx: IpParseContext | undefined, flush: boolean): RouteFilter {
  const f: { -readonly [K in keyof RouteFilter]: RouteFilter[K] } = { table: MAIN_TABLE, tableGiven: false };
  let dev: string | undefined;
  const fam: Fam = opts.family;
  while (w.more) {
    const a = w.cur;
    if (matches(a, 'table')) {
      const v = w.next();
      const t = tableA2n(v);
      if (t === undefined) {
        if (v === 'all') f.table = 'all';
        else if (v === 'cache') throw unsupported('ip route show table cache');
        else throw invarg('table id value is invalid\n', v);
      } else f.table = t === 0 ? 'all' : t;
      f.tableGiven = true;
    } else if (matches(a, 'vrf')) {
      w.next();
      throw unsupported('ip route show vrf');
    } else if (matches(a, 'cached') || matches(a, 'cloned')) {
      throw unsupported('ip route show cached');
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      w.next();
      throw unsupported('ip route show tos');
    } else if (matches(a, 'protocol')) {
      const v = w.next();
      const p = protoA2n(v);
      if (p === undefined) {
        if (v !== 'all') throw invarg('invalid "protocol"\n', v);
      } else f.protocol = p;
    } else if (matches(a, 'scope')) {
      const v = w.next();
      const s = scopeA2n(v);
      if (s === undefined) {
        if (v !== 'all') throw invarg('invalid "scope"\n', v);
      } else f.scope = s;
    } else if (matches(a, 'type')) {
      const v = w.next();
      const t = rtntypeA2n(v);
      if (t === undefined) throw invarg('node type value is invalid\n', v);
      f.type = t;
    } else if (a === 'dev' || a === 'oif') {
      dev = w.next();
    } else if (a === 'iif' || a === 'mark' || a === 'via' || a === 'src' || matches(a, 'realms') || matches(a, 'from') ||
      matches(a, 'metric') || matches(a, 'priority') || a === 'preference') {
      w.next();
      throw unsupported(`ip route show ${a}`);
    } else {
      let mode: 'exact' | 'root' | 'match' = 'exact';
      let v = a;
      if (matches(v, 'exact')) v = w.next();
      else if (matches(v, 'match')) { mode = 'match'; v = w.next(); }
      else if (matches(v, 'root')) { mode = 'root'; v = w.next(); }
      if (matches(v, 'help')) throw usage(USAGE_ROUTE);
      const p = getPrefix(v, fam);
      // `all`/`any` select everything; `default` (like 0/0) is the exact prefix 0.0.0.0/0.
      if (p.word !== 'all' && p.word !== 'any') f.selector = { mode, prefix: toPrefix(p) };
    }
    w.advance();
  }
  if (dev !== undefined) {
    if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
    f.dev = dev;
  }
  if (fam === 'inet6') throw v6Unsupported();
  void flush;
  return f;
}

function routeGet(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  let dst: number | undefined;
  let from: number | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  let mark: number | undefined;
  const fam: Fam = opts.family;
  while (w.more) {
    const a = w.cur;
    if (a === 'from') {
      const v = w.next();
      from = inetAddr(getPrefix(v, fam));
    } else if (a === 'iif') {
      iif = w.next();
      throw unsupported('ip route get ... iif');
    } else if (a === 'oif' || a === 'dev') {
      oif = w.next();
    } else if (matches(a, 'mark')) {
      const v = w.next();
      const m = getU32(v);
      if (m === undefined) throw invarg('invalid mark value\n', v);
      mark = m;
    } else if (a === 'tos' || matches(a, 'dsfield') || matches(a, 'vrf') || a === 'uid' || matches(a, 'connected') || a === 'fibmatch' ||
      a === 'ipproto' || a === 'sport' || a === 'dport' || a === 'as') {
      throw unsupported(`ip route get ${a}`);
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_ROUTE);
      const p = getPrefix(v, fam);
      dst = inetAddr(p);
    }
    w.advance();
  }
  if (dst === undefined) throw usage(USAGE_ROUTE);
  for (const d of [iif, oif]) if (d !== undefined && !deviceExists(ctx, d)) throw toIpError(ipErrors.cannotFindDevice(d));
  return {
    kind: 'route.get', opts, dst, ...(from !== undefined ? { from } : {}), ...(iif !== undefined ? { iif } : {}),
    ...(oif !== undefined ? { oif } : {}), ...(mark !== undefined ? { mark } : {}),
  };
}
