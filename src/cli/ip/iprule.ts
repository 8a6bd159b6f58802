// `ip rule ...` (iproute2 iprule.c: iprule_modify).

import { MAIN_TABLE } from '../../net/stack/routing.ts';
import { ToolError } from '../errors.ts';
import { unsupported } from './errors.ts';
import type { IpCommand, IpOptions } from './ip-common.ts';
import { rtntypeA2n, tableA2n } from './rt-names.ts';
import { USAGE_RULE } from './usage.ts';
import { checkIfname, getPrefix, getU32, invarg, matches, toPrefix, usage, v6Unsupported, type Fam, type IpPrefix, type Words } from './utils.ts';

export type RuleAction = 'lookup' | 'blackhole' | 'unreachable' | 'prohibit' | 'nop';

export interface IpRuleSpec {
  readonly not: boolean;
  readonly from?: IpPrefix;
  readonly to?: IpPrefix;
  readonly iif?: string;
  readonly oif?: string;
  readonly fwmark?: { readonly mark: number; readonly mask?: number };
  readonly priority?: number;
  /** Table for `lookup`; for add without `lookup`/type it is main (254); 0 = unspec (kernel picks an empty table). */
  readonly table?: number;
  /** For add: 'lookup' unless a type word was given. For del: absent = any. */
  readonly action?: RuleAction;
}

export function doRule(w: Words, opts: IpOptions): IpCommand {
  if (!w.more) return { kind: 'rule.show', opts };
  const sub = w.cur;
  if (matches(sub, 'list') || matches(sub, 'lst') || matches(sub, 'show')) {
    w.advance();
    if (w.more) throw unsupported('ip rule show SELECTOR');
    return { kind: 'rule.show', opts };
  }
  if (matches(sub, 'save') || matches(sub, 'restore') || matches(sub, 'showdump')) throw unsupported(`ip rule ${sub}`);
  if (matches(sub, 'help')) throw usage(USAGE_RULE);
  let add: boolean;
  if (matches(sub, 'add')) add = true;
  else if (matches(sub, 'delete')) add = false;
  else if (matches(sub, 'flush')) {
    w.advance();
    if (w.more) throw unsupported('ip rule flush SELECTOR');
    return { kind: 'rule.flush', opts };
  } else throw new ToolError(`Command "${sub}" is unknown, try "ip rule help".\n`, 255);
  w.advance();
  if (!w.more) throw new ToolError(add ? '"ip rule add" requires arguments.\n' : '"ip rule del" requires arguments.\n', 1);
  const fam: Fam = opts.family;
  const rule: { -readonly [K in keyof IpRuleSpec]: IpRuleSpec[K] } = { not: false };
  let tableOk = false;
  while (w.more) {
    const a = w.cur;
    if (a === 'not') rule.not = true;
    else if (a === 'from') {
      rule.from = toPrefix(getPrefix(w.next(), fam));
    } else if (a === 'to') {
      rule.to = toPrefix(getPrefix(w.next(), fam));
    } else if (matches(a, 'preference') || matches(a, 'order') || matches(a, 'priority')) {
      const v = w.next();
      const p = getU32(v);
      if (p === undefined) throw invarg('preference value is invalid\n', v);
      rule.priority = p;
    } else if (a === 'tos' || matches(a, 'dsfield')) {
      w.next();
      throw unsupported('ip rule ... tos');
    } else if (a === 'fwmark') {
      const v = w.next();
      const slash = v.indexOf('/');
      const mark = getU32(slash < 0 ? v : v.slice(0, slash));
      if (mark === undefined) throw invarg('fwmark value is invalid\n', v);
      if (slash >= 0) {
        const mask = getU32(v.slice(slash + 1));
        if (mask === undefined) throw invarg('fwmask value is invalid\n', v.slice(slash + 1));
        rule.fwmark = { mark, mask };
      } else rule.fwmark = { mark };
    } else if (matches(a, 'realms') || matches(a, 'protocol') || matches(a, 'suppress_prefixlength') || a === 'sup_pl' ||
      matches(a, 'suppress_ifgroup') || a === 'sup_group' || a === 'l3mdev' || a === 'uidrange' || matches(a, 'goto') || a === 'ipproto' ||
      a === 'sport' || a === 'dport' || matches(a, 'nat') || matches(a, 'map-to')) {
      throw unsupported(`ip rule ... ${a}`);
    } else if (matches(a, 'table') || a === 'lookup') {
      const v = w.next();
      const t = tableA2n(v);
      if (t === undefined) throw invarg('invalid table ID\n', v);
      rule.table = t;
      tableOk = true;
    } else if (a === 'dev' || a === 'iif') {
      const v = w.next();
      if (!checkIfname(v)) throw invarg('"iif"/"dev" not a valid ifname', v);
      rule.iif = v;
    } else if (a === 'oif') {
      const v = w.next();
      if (!checkIfname(v)) throw invarg('"oif" not a valid ifname', v);
      rule.oif = v;
    } else {
      let v = a;
      if (v === 'type') v = w.next();
      if (matches(v, 'help')) throw usage(USAGE_RULE);
      if (matches(v, 'goto')) throw unsupported('ip rule goto');
      let action: RuleAction;
      if (matches(v, 'nop')) action = 'nop';
      else {
        const t = rtntypeA2n(v);
        if (t === undefined) throw new ToolError(`Error: argument "${v}" is wrong: Failed to parse rule type\n`, 255);
        if (t === 'blackhole' || t === 'unreachable' || t === 'prohibit') action = t;
        else if (t === 'unicast') action = 'lookup';
        else throw unsupported(`rule type ${t}`);
      }
      rule.action = action;
      tableOk = true;
    }
    w.advance();
  }
  if (fam === 'inet6') throw v6Unsupported();
  if (add) {
    if (rule.action === undefined) rule.action = 'lookup';
    if (!tableOk) rule.table = MAIN_TABLE;
    return { kind: 'rule.add', opts, rule };
  }
  return { kind: 'rule.del', opts, rule };
}
