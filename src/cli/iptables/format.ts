// What `iptables -L` and `iptables -S` print, byte for byte as iptables 1.8.9 (nf_tables).
// Mirrors iptables/nft.c nft_rule_list()/nft_rule_list_save(), xshared.c print_header(),
// print_rule_details(), print_ifaces(), print_ipv4_addresses(), save_ipv4_addr(),
// save_rule_details(), save_matches_and_target(), libxtables xtables_print_num() and the
// print/save functions of each extension.
// Note what 1.8.9 does that older versions did not: with -n the prot column is a number,
// and the icmp match prints "icmptype 8" (no space) in numeric form.

import { formatIpv4 } from '../../net/addr.ts';
import type { Chain, Counters, IptablesCommand, Match, Negatable, Rule, RuleSpec, Table, Target } from '../../net/netfilter/rule.ts';
import { addrtypeNames } from './extensions/addrtype.ts';
import { ICMP_NAMES } from './extensions/icmp.ts';
import { tcpFlagNames } from './extensions/tcp-udp.ts';
import { hostName, networkName, portToService, protoToName } from './netnames.ts';

type ListCommand = Extract<IptablesCommand, { op: 'list' }>;
type ListRulesCommand = Extract<IptablesCommand, { op: 'list-rules' }>;

/** The FMT_* bits of xshared.h that matter here. */
export interface ListFormat {
  readonly numeric: boolean; // FMT_NUMERIC
  readonly counts: boolean; // !FMT_NOCOUNTS (-v)
  readonly via: boolean; // FMT_VIA (-v): in/out columns
  readonly kmg: boolean; // FMT_KILOMEGAGIGA (no -x)
  readonly lineNumbers: boolean; // FMT_LINENUMBERS
  readonly notable: boolean; // FMT_NOTABLE: one-line form of `-v -A ...`
}

const pad = (s: string, width: number): string => (s.length >= width ? s : s + ' '.repeat(width - s.length));
const padLeft = (s: string, width: number): string => (s.length >= width ? s : ' '.repeat(width - s.length) + s);

/** xtables_print_num(). */
export function printNum(n: number, fmt: Pick<ListFormat, 'kmg' | 'notable'>): string {
  const num = (text: string, width: number, suffix: string): string =>
    fmt.notable ? `${text}${suffix} ` : `${padLeft(text, width)}${suffix} `;
  if (!fmt.kmg) return num(String(n), 8, '');
  if (n <= 99999) return num(String(n), 5, '');
  let v = BigInt(Math.trunc(n));
  const mod = 1n << 64n;
  for (const suffix of ['K', 'M', 'G']) {
    v = ((v + 500n) % mod) / 1000n;
    if (v <= 9999n) return num(String(v), 4, suffix);
  }
  v = ((v + 500n) % mod) / 1000n;
  return num(String(v), 4, 'T');
}

/** xtables_ipmask_to_numeric() for a prefix length: "" for /32. */
function maskSuffix(len: number): string {
  return len === 32 ? '' : `/${len}`;
}

/** ipv4_addr_to_string(). */
function addrText(a: Negatable<{ addr: number; len: number }> | undefined, numeric: boolean): string {
  const addr = a?.value.addr ?? 0;
  const len = a?.value.len ?? 0;
  if (len === 0 && !numeric) return 'anywhere';
  if (numeric) return formatIpv4(addr) + maskSuffix(len);
  const name = hostName(addr) ?? networkName(addr) ?? formatIpv4(addr);
  return name + maskSuffix(len);
}

function portText(port: number, proto: string, numeric: boolean): string {
  return (numeric ? undefined : portToService(port, proto)) ?? String(port);
}

/** libxt_tcp/libxt_udp print_ports(). */
function printPorts(name: string, p: Negatable<{ min: number; max: number }> | undefined, proto: string, numeric: boolean): string {
  if (!p) return '';
  const inv = p.negate ? '!' : '';
  const { min, max } = p.value;
  if (min === max) return ` ${name}:${inv}${portText(min, proto, numeric)}`;
  return ` ${name}s:${inv}${portText(min, proto, numeric)}:${portText(max, proto, numeric)}`;
}

/** How 1.8.9 names syslog levels 0..7 in -L (nft's names, not the ones --log-level takes). */
const LOG_LEVEL_NAMES: readonly string[] = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

function physdevText(m: Extract<Match, { module: 'physdev' }>): string {
  const neg = (n: { negate: boolean }): string => (n.negate ? ' !' : '');
  let out = '';
  if (m.isIn) out += `${neg(m.isIn)} --physdev-is-in`;
  if (m.physdevIn) out += `${neg(m.physdevIn)} --physdev-in ${m.physdevIn.value}`;
  if (m.isOut) out += `${neg(m.isOut)} --physdev-is-out`;
  if (m.physdevOut) out += `${neg(m.physdevOut)} --physdev-out ${m.physdevOut.value}`;
  if (m.isBridged) out += `${neg(m.isBridged)} --physdev-is-bridged`;
  return out;
}

/** The -L text of one match (each extension's print()). */
function printMatch(m: Match, numeric: boolean, proto = ''): string {
  switch (m.module) {
    case 'tcp':
    case 'udp':
      return ` ${m.module}${printPorts('spt', m.sport, m.module, numeric)}${printPorts('dpt', m.dport, m.module, numeric)}${printTcpFlags(m.flags, numeric)}`;
    case 'icmp': {
      const { type, code } = m.icmpType.value;
      const codeMin = code ?? 0;
      const codeMax = code ?? 0xff;
      if (!numeric) {
        const named = ICMP_NAMES.find((e) => e.type === type && e.codeMin === codeMin && e.codeMax === codeMax);
        if (named) return ` icmp ${m.icmpType.negate ? '!' : ''}${named.name}`;
      }
      // iptables 1.8.9 prints " icmp" then "type N" with no space between them.
      let out = ` icmp${m.icmpType.negate ? ' !' : ''}type ${type}`;
      if (codeMin === codeMax) out += ` code ${codeMin}`;
      else if (codeMin !== 0 || codeMax !== 0xff) out += ` codes ${codeMin}-${codeMax}`;
      return out;
    }
    case 'conntrack':
      return `${m.ctstate.negate ? ' !' : ''} ctstate ${m.ctstate.value.join(',')}`;
    case 'state':
      return `${m.state.negate ? ' !' : ''} state ${m.state.value.join(',')}`;
    case 'physdev':
      return ` PHYSDEV match${physdevText(m)}`;
    case 'comment':
      return ` /* ${m.comment} */`;
    case 'addrtype': {
      // addrtype_print_v1()
      let out = ' ADDRTYPE match';
      if (m.srcType) out += ` src-type ${m.srcType.negate ? '!' : ''}${addrtypeNames(m.srcType.value)}`;
      if (m.dstType) out += ` dst-type ${m.dstType.negate ? '!' : ''}${addrtypeNames(m.dstType.value)}`;
      if (m.limitIn) out += ' limit-in';
      if (m.limitOut) out += ' limit-out';
      return out;
    }
    case 'multiport': {
      // multiport_print_v1(): the proto comes from the rule's -p
      const list = m.ports.value.map((r) => (r.min === r.max ? portText(r.min, proto, numeric) : `${portText(r.min, proto, numeric)}:${portText(r.max, proto, numeric)}`));
      return ` multiport ${m.which} ${m.ports.negate ? ' !' : ''}${list.join(',')}`;
    }
    case 'iprange': {
      let out = '';
      if (m.src) out += ` source IP range ${m.src.negate ? '! ' : ''}${formatIpv4(m.src.value.min)}-${formatIpv4(m.src.value.max)}`;
      if (m.dst) out += ` destination IP range ${m.dst.negate ? '! ' : ''}${formatIpv4(m.dst.value.min)}-${formatIpv4(m.dst.value.max)}`;
      return out;
    }
    case 'mac':
      return ` MAC ${m.mac.negate ? '! ' : ''}${m.mac.value}`;
    case 'mark':
      return ` mark match${m.mark.negate ? ' !' : ''}${markText(m.mark.value)}`;
    case 'connmark':
      return ` connmark match ${m.mark.negate ? '!' : ''}${markText(m.mark.value)}`;
  }
}

/** print_mark() of libxt_mark/libxt_connmark. */
function markText(mm: { value: number; mask: number }): string {
  return mm.mask !== 0xffffffff ? ` 0x${hex(mm.value)}/0x${hex(mm.mask)}` : ` 0x${hex(mm.value)}`;
}

const hex = (n: number): string => (n >>> 0).toString(16);

/** libxt_tcp print_flags(). */
function printTcpFlags(f: Negatable<{ mask: number; comp: number }> | undefined, numeric: boolean): string {
  if (!f || (!f.value.mask && !f.negate)) return '';
  const hex2 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(2, '0')}`;
  const body = numeric ? `${hex2(f.value.mask)}/${hex2(f.value.comp)}` : `${tcpFlagNames(f.value.mask)}/${tcpFlagNames(f.value.comp)}`;
  return ` flags:${f.negate ? '!' : ''}${body}`;
}

/** xtables_save_string(): bare when made only of [_-0-9a-zA-Z], else quoted and escaped. */
export function saveString(value: string): string {
  if (/^[_\-0-9a-zA-Z]+$/.test(value)) return ` ${value}`;
  return ` "${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

/** The -S text of one match: " -m NAME" and its save(). */
function saveMatch(m: Match): string {
  switch (m.module) {
    case 'tcp':
    case 'udp': {
      let out = ` -m ${m.module}`;
      for (const [opt, p] of [
        ['sport', m.sport],
        ['dport', m.dport],
      ] as const) {
        if (!p) continue;
        out += `${p.negate ? ' !' : ''} --${opt} ${p.value.min === p.value.max ? p.value.min : `${p.value.min}:${p.value.max}`}`;
      }
      const f = m.module === 'tcp' ? m.flags : undefined;
      if (f && (f.value.mask || f.negate)) out += `${f.negate ? ' !' : ''} --tcp-flags ${tcpFlagNames(f.value.mask)} ${tcpFlagNames(f.value.comp)}`;
      return out;
    }
    case 'icmp': {
      const { type, code } = m.icmpType.value;
      const neg = m.icmpType.negate ? ' !' : '';
      if (type === 0xff) return ` -m icmp${neg} --icmp-type any`;
      return ` -m icmp${neg} --icmp-type ${type}${code !== undefined ? `/${code}` : ''}`;
    }
    case 'conntrack':
      return ` -m conntrack${m.ctstate.negate ? ' !' : ''} --ctstate ${m.ctstate.value.join(',')}`;
    case 'state':
      return ` -m state${m.state.negate ? ' !' : ''} --state ${m.state.value.join(',')}`;
    case 'physdev':
      return ` -m physdev${physdevText(m)}`;
    case 'comment':
      return ` -m comment --comment${saveString(m.comment)}`;
    case 'addrtype': {
      let out = ' -m addrtype';
      if (m.srcType) out += `${m.srcType.negate ? ' !' : ''} --src-type ${addrtypeNames(m.srcType.value)}`;
      if (m.dstType) out += `${m.dstType.negate ? ' !' : ''} --dst-type ${addrtypeNames(m.dstType.value)}`;
      if (m.limitIn) out += ' --limit-iface-in';
      if (m.limitOut) out += ' --limit-iface-out';
      return out;
    }
    case 'multiport': {
      const list = m.ports.value.map((r) => (r.min === r.max ? String(r.min) : `${r.min}:${r.max}`));
      return ` -m multiport${m.ports.negate ? ' !' : ''} --${m.which} ${list.join(',')}`;
    }
    case 'iprange': {
      let out = ' -m iprange';
      if (m.src) out += `${m.src.negate ? ' !' : ''} --src-range ${formatIpv4(m.src.value.min)}-${formatIpv4(m.src.value.max)}`;
      if (m.dst) out += `${m.dst.negate ? ' !' : ''} --dst-range ${formatIpv4(m.dst.value.min)}-${formatIpv4(m.dst.value.max)}`;
      return out;
    }
    case 'mac':
      return ` -m mac${m.mac.negate ? ' !' : ''} --mac-source ${m.mac.value}`;
    case 'mark':
    case 'connmark':
      return ` -m ${m.module}${m.mark.negate ? ' !' : ''} --mark${markText(m.mark.value)}`;
  }
}

function natRange(to: { minAddr?: number; maxAddr?: number; ports?: { min: number; max: number } }): string {
  let out = '';
  if (to.minAddr !== undefined) {
    out += formatIpv4(to.minAddr);
    if (to.maxAddr !== undefined && to.maxAddr !== to.minAddr) out += `-${formatIpv4(to.maxAddr)}`;
  }
  if (to.ports) {
    out += `:${to.ports.min}`;
    if (to.ports.max !== to.ports.min) out += `-${to.ports.max}`;
  }
  return out;
}

function natFlags(t: { random?: boolean; randomFully?: boolean; persistent?: boolean }, dashes: string): string {
  return `${t.random ? ` ${dashes}random` : ''}${t.randomFully ? ` ${dashes}random-fully` : ''}${t.persistent ? ` ${dashes}persistent` : ''}`;
}

/** The name in the target column / after -j. */
export function targetName(t: Target | undefined): string {
  if (!t) return '';
  if (t.kind === 'jump' || t.kind === 'goto') return t.chain;
  if (t.kind === 'NOTRACK') return 'CT';
  return t.kind;
}

/** The -L text of a target (its print()). */
function printTarget(t: Target | undefined, numeric: boolean): string {
  if (!t) return '';
  switch (t.kind) {
    case 'REJECT':
      return ` reject-with ${t.rejectWith}`;
    case 'SNAT':
    case 'DNAT': {
      const range = natRange(t.to);
      return `${range !== '' ? ` to:${range}` : ''}${natFlags(t, '')}`;
    }
    case 'MASQUERADE': {
      const range = t.toPorts ? natRange({ ports: t.toPorts }).slice(1) : '';
      return `${range !== '' ? ` masq ports: ${range}` : ''}${natFlags(t, '')}`;
    }
    case 'REDIRECT': {
      const range = t.toPorts ? natRange({ ports: t.toPorts }).slice(1) : '';
      return `${range !== '' ? ` redir ports ${range}` : ''}${t.random ? ' random' : ''}`;
    }
    case 'MARK':
      return ` MARK ${markOp(t.value, t.mask)}`;
    case 'CONNMARK':
      return ` CONNMARK ${connmarkText(t)}`;
    case 'CT':
      return ` CT${t.notrack ? ' notrack' : ''}${t.zone ? ` zone ${t.zone}` : ''}`;
    case 'NOTRACK':
      return ' NOTRACK';
    case 'LOG': {
      const level = t.level ?? 4;
      const flags = t.flags ?? 0;
      let out = ' LOG';
      if (numeric) out += ` flags ${flags} level ${level}`;
      else {
        const name = LOG_LEVEL_NAMES[level];
        out += name !== undefined ? ` level ${name}` : ` UNKNOWN level ${level}`;
        if (flags & 0x01) out += ' tcp-sequence';
        if (flags & 0x02) out += ' tcp-options';
        if (flags & 0x04) out += ' ip-options';
        if (flags & 0x08) out += ' uid';
        if (flags & 0x20) out += ' macdecode';
        if (flags & ~0x2f) out += ' unknown-flags';
      }
      if (t.prefix) out += ` prefix "${t.prefix}"`;
      return out;
    }
    default:
      return '';
  }
}

/** mark_tg_print() / the set branch of connmark_tg_print(): the simplest name for (value, mask). */
function markOp(value: number, mask: number): string {
  if (value === 0) return `and 0x${hex(~mask)}`;
  if (value === mask) return `or 0x${hex(value)}`;
  if (mask === 0) return `xor 0x${hex(value)}`;
  if (mask === 0xffffffff) return `set 0x${hex(value)}`;
  return `xset 0x${hex(value)}/0x${hex(mask)}`;
}

/** connmark_tg_print() (revision 1). */
function connmarkText(t: Extract<Target, { kind: 'CONNMARK' }>): string {
  if (t.mode === 'set') return markOp(t.ctmark, t.ctmask);
  const all = 0xffffffff;
  if (t.mode === 'save') {
    if (t.nfmask === all && t.ctmask === all) return 'save';
    if (t.nfmask === t.ctmask) return `save mask 0x${hex(t.nfmask)}`;
    return `save nfmask 0x${hex(t.nfmask)} ctmask ~0x${hex(t.ctmask)}`;
  }
  if (t.ctmask === all && t.nfmask === all) return 'restore';
  if (t.ctmask === t.nfmask) return `restore mask 0x${hex(t.ctmask)}`;
  return `restore ctmask 0x${hex(t.ctmask)} nfmask ~0x${hex(t.nfmask)}`;
}

/** The -S text of a target: " -j NAME" and its save(). */
function saveTarget(t: Target | undefined): string {
  if (!t) return '';
  switch (t.kind) {
    case 'jump':
      return ` -j ${t.chain}`;
    case 'goto':
      return ` -g ${t.chain}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.rejectWith}`;
    case 'SNAT':
    case 'DNAT': {
      const range = natRange(t.to);
      const opt = t.kind === 'SNAT' ? '--to-source' : '--to-destination';
      return ` -j ${t.kind}${range !== '' ? ` ${opt} ${range}` : ''}${natFlags(t, '--')}`;
    }
    case 'MASQUERADE': {
      const range = t.toPorts ? natRange({ ports: t.toPorts }).slice(1) : '';
      return ` -j MASQUERADE${range !== '' ? ` --to-ports ${range}` : ''}${natFlags(t, '--')}`;
    }
    case 'REDIRECT': {
      const range = t.toPorts ? natRange({ ports: t.toPorts }).slice(1) : '';
      return ` -j REDIRECT${range !== '' ? ` --to-ports ${range}` : ''}${t.random ? ' --random' : ''}`;
    }
    case 'MARK':
      return ` -j MARK --set-xmark 0x${hex(t.value)}/0x${hex(t.mask)}`;
    case 'CONNMARK':
      if (t.mode === 'set') return ` -j CONNMARK --set-xmark 0x${hex(t.ctmark)}/0x${hex(t.ctmask)}`;
      return ` -j CONNMARK --${t.mode}-mark --nfmask 0x${hex(t.nfmask)} --ctmask 0x${hex(t.ctmask)}`;
    case 'CT':
      return ` -j CT${t.notrack ? ' --notrack' : ''}${t.zone ? ` --zone ${t.zone}` : ''}`;
    case 'LOG': {
      let out = ' -j LOG';
      if (t.prefix) out += ` --log-prefix${saveString(t.prefix)}`;
      if ((t.level ?? 4) !== 4) out += ` --log-level ${t.level ?? 4}`;
      const flags = t.flags ?? 0;
      if (flags & 0x01) out += ' --log-tcp-sequence';
      if (flags & 0x02) out += ' --log-tcp-options';
      if (flags & 0x04) out += ' --log-ip-options';
      if (flags & 0x08) out += ' --log-uid';
      if (flags & 0x20) out += ' --log-macdecode';
      return out;
    }
    default:
      return ` -j ${t.kind}`;
  }
}

/** One rule line of -L (nft_ipv4_print_rule()), or the one-line form of `-v -A ...`. */
export function formatRule(spec: RuleSpec, counters: Counters | undefined, num: number, fmt: ListFormat): string {
  const table = !fmt.notable;
  let out = '';
  if (fmt.lineNumbers) out += table ? pad(String(num), 4) + ' ' : `${num} `;
  if (fmt.counts) out += printNum(counters?.packets ?? 0, fmt) + printNum(counters?.bytes ?? 0, fmt);
  const tname = targetName(spec.target);
  out += table ? pad(tname, 9) + ' ' : `${tname} `;
  // print_rule_details(): protocol
  const proto = spec.protocol?.value ?? 0;
  out += spec.protocol?.negate ? '!' : ' ';
  const pname = protoToName(proto, fmt.numeric);
  if ((fmt.numeric && table) || pname === undefined) out += table ? pad(String(proto), 4) + ' ' : `${proto} `;
  else out += table ? pad(pname, 4) + ' ' : `${pname} `;
  // print_fragment()
  out += table ? '-- ' : 'opt -- ';
  // print_ifaces()
  if (fmt.via) {
    const anyname = fmt.numeric ? '*' : 'any';
    const iface = (i: Negatable<string> | undefined): string => `${i?.negate ? '!' : ''}${i ? i.value : anyname}`;
    out += table ? ` ${pad(iface(spec.inInterface), 6)} ${pad(iface(spec.outInterface), 6)} ` : `in ${iface(spec.inInterface)} out ${iface(spec.outInterface)} `;
  }
  // print_ipv4_addresses()
  out += spec.source?.negate ? '!' : ' ';
  out += table ? pad(addrText(spec.source, fmt.numeric), 19) + ' ' : `${addrText(spec.source, fmt.numeric)} `;
  out += spec.destination?.negate ? '!' : ' ';
  out += table ? pad(addrText(spec.destination, fmt.numeric), 19) + ' ' : `-> ${addrText(spec.destination, fmt.numeric)}`;
  if (!table) out += '  ';
  if (spec.target?.kind === 'goto') out += '[goto] ';
  const protoName = protoToName(spec.protocol?.value ?? 0, true) ?? '';
  for (const m of spec.matches) out += printMatch(m, fmt.numeric, protoName);
  out += printTarget(spec.target, fmt.numeric);
  return `${out}\n`;
}

/** One rule line of -S (nft_ipv4_save_rule()), "-A CHAIN ..." included. */
export function formatSaveRule(chain: string, rule: Rule, counters: boolean): string {
  const spec = rule.spec;
  let out = `-A ${chain}`;
  for (const [letter, a] of [
    ['s', spec.source],
    ['d', spec.destination],
  ] as const) {
    if (a) out += `${a.negate ? ' !' : ''} -${letter} ${formatIpv4(a.value.addr)}/${a.value.len}`;
  }
  for (const [letter, i] of [
    ['i', spec.inInterface],
    ['o', spec.outInterface],
  ] as const) {
    if (i) out += `${i.negate ? ' !' : ''} -${letter} ${i.value}`;
  }
  if (spec.protocol && spec.protocol.value > 0) {
    const pname = protoToName(spec.protocol.value, false);
    out += `${spec.protocol.negate ? ' !' : ''} -p ${pname ?? spec.protocol.value}`;
  }
  for (const m of spec.matches) out += saveMatch(m);
  if (counters) out += ` -c ${rule.counters.packets} ${rule.counters.bytes}`;
  out += saveTarget(spec.target);
  return `${out}\n`;
}

function header(chain: Chain, fmt: ListFormat): string {
  let out = `Chain ${chain.name}`;
  if (chain.builtin) {
    out += ` (policy ${chain.policy ?? 'ACCEPT'}`;
    if (fmt.counts) {
      const nt = { kmg: fmt.kmg, notable: true };
      out += ` ${printNum(chain.policyCounters.packets, nt)}packets, ${printNum(chain.policyCounters.bytes, nt)}bytes`;
    }
    out += ')\n';
  } else {
    out += ` (${chain.references} references)\n`;
  }
  if (fmt.lineNumbers) out += 'num  ';
  if (fmt.counts) out += fmt.kmg ? ' pkts bytes ' : '    pkts      bytes ';
  out += 'target    ';
  out += ' prot opt';
  if (fmt.via) out += ' in     out    ';
  out += ' source              ';
  out += ' destination         ';
  return `${out}\n`;
}

export function listFormat(cmd: ListCommand): ListFormat {
  return {
    numeric: cmd.numeric,
    counts: cmd.verbose,
    via: cmd.verbose,
    kmg: !cmd.exact,
    lineNumbers: cmd.lineNumbers,
    notable: false,
  };
}

/**
 * `iptables [-t T] -L [CHAIN [N]] [-v] [-n] [-x] [--line-numbers]`. The chain, when given,
 * must exist (apply.ts reports the error iptables prints otherwise).
 */
export function formatList(table: Table, cmd: ListCommand): string {
  const fmt = listFormat(cmd);
  const chains = cmd.chain !== undefined ? [table.chains.get(cmd.chain)].filter((c) => c !== undefined) : [...table.chains.values()];
  if (cmd.rulenum !== undefined) {
    const chain = chains[0];
    const rule = chain?.rules[cmd.rulenum - 1];
    return rule ? formatRule(rule.spec, rule.counters, cmd.rulenum, fmt) : '';
  }
  const blocks = chains.map((chain) => {
    let out = header(chain, fmt);
    chain.rules.forEach((rule, i) => {
      out += formatRule(rule.spec, rule.counters, i + 1, fmt);
    });
    return out;
  });
  return blocks.join('\n');
}

/** `iptables [-t T] -S [CHAIN [N]] [-v]`. */
export function formatListRules(table: Table, cmd: ListRulesCommand): string {
  const chains = cmd.chain !== undefined ? [table.chains.get(cmd.chain)].filter((c) => c !== undefined) : [...table.chains.values()];
  let out = '';
  if (cmd.rulenum === undefined) {
    for (const chain of chains) {
      if (!chain.builtin) out += `-N ${chain.name}\n`;
      else {
        out += `-P ${chain.name} ${chain.policy ?? 'ACCEPT'}`;
        if (cmd.verbose) out += ` -c ${chain.policyCounters.packets} ${chain.policyCounters.bytes}`;
        out += '\n';
      }
    }
  }
  for (const chain of chains) {
    chain.rules.forEach((rule, i) => {
      if (cmd.rulenum === undefined || cmd.rulenum === i + 1) out += formatSaveRule(chain.name, rule, cmd.verbose);
    });
  }
  return out;
}

/** The line `iptables -v -A/-I/-R/-D/-C ...` prints for the rule (FMT_PRINT_RULE). */
export function formatVerboseRule(spec: RuleSpec): string {
  return formatRule(spec, undefined, 0, { numeric: true, counts: false, via: true, kmg: true, lineNumbers: false, notable: true });
}
