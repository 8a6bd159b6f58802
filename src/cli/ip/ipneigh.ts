// `ip neigh ...` (iproute2 ipneigh.c: ipneigh_modify, ipneigh_list_or_flush).

import type { MacAddr } from '../../net/addr.ts';
import type { NudState as KernelNudState } from '../../net/neighbour/nud.ts';
import { ToolError } from '../errors.ts';
import { ipErrors, toIpError, unsupported } from './errors.ts';
import type { IpCommand, IpOptions, IpParseContext } from './ip-common.ts';
import { USAGE_NEIGH } from './usage.ts';
import {
  bytesToMac, deviceExists, duparg, duparg2, famOf, getAddr, getPrefix1, getU32, inetAddr, invarg, llAddrA2n, matches, toPrefix, usage,
  type AddrWord, type Fam, type IpPrefix, type Words,
} from './utils.ts';

/** The kernel's NUD states, plus the two `ip neigh` names that are no state of the machine (NUD_NOARP, NUD_NONE). */
export type NudState = KernelNudState | 'NOARP' | 'NONE';

export const NUD_BITS: Readonly<Record<NudState, number>> = {
  INCOMPLETE: 0x01, REACHABLE: 0x02, STALE: 0x04, DELAY: 0x08, PROBE: 0x10, FAILED: 0x20, NOARP: 0x40, PERMANENT: 0x80, NONE: 0x00,
};

export interface NeighFilter {
  readonly dev?: string;
  /** Bit mask of NUD states to show (NUD_BITS; 0x100 stands for NONE). */
  readonly states: number;
  readonly prefix?: IpPrefix;
}

/** nud_state_a2n */
function nudA2n(text: string): NudState | undefined {
  if (matches(text, 'permanent')) return 'PERMANENT';
  if (matches(text, 'reachable')) return 'REACHABLE';
  if (text === 'noarp') return 'NOARP';
  if (text === 'none') return 'NONE';
  if (text === 'stale') return 'STALE';
  if (text === 'incomplete') return 'INCOMPLETE';
  if (text === 'delay') return 'DELAY';
  if (text === 'probe') return 'PROBE';
  if (matches(text, 'failed')) return 'FAILED';
  const n = getU32(text);
  if (n === undefined || n >= 0x100 || (n & (n - 1)) !== 0) return undefined;
  const found = (Object.keys(NUD_BITS) as NudState[]).find((k) => NUD_BITS[k] === n);
  return found;
}

export function doNeigh(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'neigh.show', opts, filter: neighListFilter(w, opts, ctx, false) };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return neighModify(w, opts, 'add', ctx);
  if (matches(sub, 'change') || sub === 'chg') return neighModify(w, opts, 'change', ctx);
  if (matches(sub, 'replace')) return neighModify(w, opts, 'replace', ctx);
  if (matches(sub, 'delete')) return neighModify(w, opts, 'del', ctx);
  if (matches(sub, 'get')) throw unsupported('ip neigh get');
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) {
    return { kind: 'neigh.show', opts, filter: neighListFilter(w, opts, ctx, false) };
  }
  if (matches(sub, 'flush')) {
    if (!w.more) throw new ToolError('Flush requires arguments.\n', 1);
    return { kind: 'neigh.flush', opts, filter: neighListFilter(w, opts, ctx, true) };
  }
  if (matches(sub, 'help')) throw usage(USAGE_NEIGH);
  throw new ToolError(`Command "${sub}" is unknown, try "ip neigh help".\n`, 255);
}

function neighModify(w: Words, opts: IpOptions, mode: 'add' | 'change' | 'replace' | 'del', ctx: IpParseContext | undefined): IpCommand {
  let dev: string | undefined;
  let dst: AddrWord | undefined;
  let lla: string | undefined;
  let state: NudState = 'PERMANENT';
  while (w.more) {
    const a = w.cur;
    if (matches(a, 'lladdr')) {
      const v = w.next();
      if (lla !== undefined) throw duparg('lladdr', v);
      lla = v;
    } else if (a === 'nud') {
      const v = w.next();
      const s = nudA2n(v);
      if (s === undefined) throw new ToolError(`Error: argument "${v}" is wrong: nud state is bad\n`, 255);
      state = s;
    } else if (matches(a, 'proxy')) {
      const v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_NEIGH);
      if (dst !== undefined) throw duparg('address', v);
      getAddr(v, opts.family);
      throw unsupported('ip neigh ... proxy');
    } else if (a === 'router' || matches(a, 'extern_learn') || a === 'use' || a === 'managed') {
      throw unsupported(`ip neigh ... ${a}`);
    } else if (a === 'dev') {
      dev = w.next();
    } else if (matches(a, 'protocol')) {
      w.next();
      throw unsupported('ip neigh ... protocol');
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if (matches(v, 'help')) v = w.next();
      if (dst !== undefined) throw duparg2('to', v);
      dst = getAddr(v, opts.family);
    }
    w.advance();
  }
  if (dev === undefined || dst === undefined || dst.family === 'unspec') {
    throw new ToolError('Device and destination are required arguments.\n', 255);
  }
  let mac: MacAddr | undefined;
  let macLen = 6;
  if (lla !== undefined && lla !== 'null') {
    const r = llAddrA2n(lla, 20);
    if ('bad' in r) throw new ToolError(`"${r.bad}" is invalid lladdr.\n`, 1);
    macLen = r.bytes.length;
    mac = bytesToMac(r.bytes);
  }
  if (!deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  const addr = inetAddr(dst);
  if (dst.word !== undefined) throw unsupported(`ip neigh ${dst.word}`);
  if (mode === 'del') return { kind: 'neigh.del', opts, dst: addr, dev };
  if (mac !== undefined && macLen !== 6) throw toIpError(ipErrors.invalidLinkAddress());
  return { kind: 'neigh.add', opts, mode, dst: addr, dev, state, ...(mac !== undefined ? { lladdr: mac } : {}) };
}

function neighListFilter(w: Words, opts: IpOptions, ctx: IpParseContext | undefined, flush: boolean): NeighFilter {
  let dev: string | undefined;
  let states = flush ? ~(NUD_BITS.PERMANENT | NUD_BITS.NOARP) & 0x1ff : 0xff & ~NUD_BITS.NOARP;
  let stateGiven = false;
  let prefix: IpPrefix | undefined;
  let fam: Fam = opts.family;
  while (w.more) {
    const a = w.cur;
    if (a === 'dev') {
      dev = w.next();
    } else if (a === 'master' || a === 'vrf') {
      w.next();
      throw unsupported(`ip neigh show ${a}`);
    } else if (a === 'unused') {
      throw unsupported('ip neigh show unused');
    } else if (a === 'nud') {
      const v = w.next();
      if (!stateGiven) {
        stateGiven = true;
        states = 0;
      }
      const s = nudA2n(v);
      let bits: number;
      if (s === undefined) {
        if (v !== 'all') throw new ToolError(`Error: argument "${v}" is wrong: nud state is bad\n`, 255);
        bits = 0x1ff;
        if (flush) bits &= ~NUD_BITS.NOARP;
      } else bits = NUD_BITS[s];
      if (bits === 0) bits = 0x100;
      states |= bits;
    } else if (a === 'proxy') {
      throw unsupported('ip neigh show proxy');
    } else if (matches(a, 'protocol')) {
      w.next();
      throw unsupported('ip neigh show protocol');
    } else {
      let v = a;
      if (v === 'to') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_NEIGH);
      const p = getPrefix1(v, fam);
      if (p === undefined) throw invarg('to value is invalid\n', v);
      if (fam === undefined) fam = famOf(p);
      prefix = toPrefix(p);
    }
    w.advance();
  }
  if (dev !== undefined && !deviceExists(ctx, dev)) throw toIpError(ipErrors.cannotFindDevice(dev));
  return { states, ...(dev !== undefined ? { dev } : {}), ...(prefix !== undefined ? { prefix } : {}) };
}
