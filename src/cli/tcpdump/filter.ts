// The pcap-filter language (libpcap 1.10.3, the library under tcpdump 4.99.3), the subset a
// simulated Ethernet/IPv4 capture can honour, compiled to a predicate on frames.
//
// Supported: `ip arp rarp tcp udp icmp igmp sctp ip6 icmp6` as primitives; `[ip|arp|rarp]
// [src|dst|src or dst|src and dst] host|net A` (also `A/len`, `A mask M`, short forms `net 10`,
// `host 10.1`); `[tcp|udp|sctp] [src|dst|...] port N`; `[ip] proto N`; `and or not && || !`
// and parentheses. Everything else libpcap accepts (arithmetic like `tcp[13] = 2`, `less`,
// `broadcast`, `ether`, `vlan`, names to look up, IPv6 addresses, ...) is refused with an
// `unsupported` TcpdumpError rather than guessed.
//
// The parser follows libpcap's yacc grammar (grammar.y) rule for rule, because its quirks are
// visible: `and` and `or` have the same precedence and group left to right (`a or b and c` is
// `(a or b) and c`), `not` binds tightest; an address or number after `and`/`or` inherits the
// qualifiers of the term before it (`host A or B`, `port 80 or 443`, but `tcp and 80` is
// "syntax error in filter expression"); `(expr)` passes on the qualifiers in force before the
// parenthesis. Semantics follow gencode.c: `host A` is `ip host A or arp host A or rarp host A`
// (an ARP frame matches on its sender/target protocol addresses), `port N` is `tcp port N or
// udp port N or sctp port N`, `icmp` is `ip proto 1` (ICMP errors included). Error texts are
// libpcap's, and so is their priority: errors are met in parse order, reading one token ahead;
// a message the scanner sets (`number 08 contains non-octal digit`) beats a later syntax error,
// but a code generation error (`invalid IPv4 address ...`) replaces it.

import type { EthernetFrame } from '../../net/wire/packet.ts';
import { encodeFrame } from '../../net/wire/pcap.ts';
import { TcpdumpError, unsupported } from './errors.ts';

export type FramePredicate = (frame: EthernetFrame) => boolean;

// ---------------------------------------------------------------------------------------------
// Lexer (scanner.l): at each position the longest match wins; on a tie the earlier rule.

type Tok =
  | { readonly k: 'kw'; readonly w: string; readonly text: string }
  | { readonly k: 'num'; readonly v: number; readonly text: string }
  | { readonly k: 'hid'; readonly text: string }
  | { readonly k: 'id'; readonly text: string }
  | { readonly k: 'addr'; readonly text: string } // Ethernet, IPv6 and ARCnet addresses
  | { readonly k: 'op'; readonly text: string }
  | { readonly k: 'err'; readonly text: string }
  | { readonly k: 'eof'; readonly text: string };

interface Lexed {
  readonly tok: Tok;
  readonly end: number;
  /** A message the scanner sets for this token (bpf_set_error); the first one set wins. */
  readonly error?: string;
}

const KEYWORDS: Readonly<Record<string, string>> = (() => {
  const table: Record<string, string> = {};
  const add = (canon: string, ...words: string[]): void => {
    for (const w of words) table[w] = canon;
  };
  for (const w of ['dst', 'src', 'host', 'net', 'port', 'portrange', 'proto', 'protochain', 'gateway']) add(w, w);
  add('mask', 'mask');
  add('link', 'link', 'ether', 'ppp', 'slip', 'fddi', 'tr', 'wlan');
  for (const w of ['arp', 'rarp', 'ip', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'radio', 'ip6', 'icmp6', 'ah', 'esp']) add(w, w);
  for (const w of ['atalk', 'aarp', 'decnet', 'lat', 'sca', 'moprc', 'mopdl', 'iso', 'isis', 'l1', 'l2', 'iih', 'lsp', 'snp', 'csnp', 'psnp', 'clnp', 'stp', 'ipx', 'netbeui']) add(w, w);
  add('esis', 'esis', 'es-is');
  add('isis', 'is-is');
  for (const w of ['type', 'subtype', 'ra', 'ta', 'less', 'greater', 'byte', 'broadcast', 'multicast', 'inbound', 'outbound', 'ifindex', 'vlan', 'mpls', 'pppoed', 'pppoes', 'geneve']) add(w, w);
  add('dir', 'direction', 'dir');
  add('addr1', 'address1', 'addr1');
  add('addr2', 'address2', 'addr2');
  add('addr3', 'address3', 'addr3');
  add('addr4', 'address4', 'addr4');
  add('and', 'and', '&&');
  add('or', 'or', '||');
  add('not', 'not');
  add('len', 'len', 'length');
  for (const w of ['lane', 'llc', 'metac', 'bcc', 'oam', 'oamf4', 'oamf4ec', 'oamf4sc', 'sc', 'ilmic', 'vpi', 'vci', 'connectmsg', 'metaconnect']) add(w, w);
  add('on', 'on', 'ifname');
  add('rset', 'rset', 'ruleset');
  add('rnr', 'rnr', 'rulenum');
  add('srnr', 'srnr', 'subrulenum');
  add('reason', 'reason');
  add('action', 'action');
  for (const w of ['fisu', 'lssu', 'msu', 'hfisu', 'hlssu', 'hmsu', 'sio', 'opc', 'dpc', 'sls', 'hsio', 'hopc', 'hdpc', 'hsls']) add(w, w);
  add('lssu', 'lsu');
  return table;
})();

/** Words the scanner turns into numbers (for `icmp[icmptype] = icmp-echo` and the like). */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  icmptype: 0,
  icmpcode: 1,
  'icmp-echoreply': 0,
  'icmp-unreach': 3,
  'icmp-sourcequench': 4,
  'icmp-redirect': 5,
  'icmp-echo': 8,
  'icmp-routeradvert': 9,
  'icmp-routersolicit': 10,
  'icmp-timxceed': 11,
  'icmp-paramprob': 12,
  'icmp-tstamp': 13,
  'icmp-tstampreply': 14,
  'icmp-ireq': 15,
  'icmp-ireqreply': 16,
  'icmp-maskreq': 17,
  'icmp-maskreply': 18,
  icmp6type: 0,
  icmp6code: 1,
  'icmp6-destinationunreach': 1,
  'icmp6-packettoobig': 2,
  'icmp6-timeexceeded': 3,
  'icmp6-parameterproblem': 4,
  'icmp6-echo': 128,
  'icmp6-echoreply': 129,
  'icmp6-multicastlistenerquery': 130,
  'icmp6-multicastlistenerreportv1': 131,
  'icmp6-multicastlistenerdone': 132,
  'icmp6-routersolicit': 133,
  'icmp6-routeradvert': 134,
  'icmp6-neighborsolicit': 135,
  'icmp6-neighboradvert': 136,
  'icmp6-redirect': 137,
  'icmp6-routerrenum': 138,
  'icmp6-nodeinformationquery': 139,
  'icmp6-nodeinformationresponse': 140,
  'icmp6-ineighbordiscoverysolicit': 141,
  'icmp6-ineighbordiscoveryadvert': 142,
  'icmp6-multicastlistenerreportv2': 143,
  'icmp6-homeagentdiscoveryrequest': 144,
  'icmp6-homeagentdiscoveryreply': 145,
  'icmp6-mobileprefixsolicit': 146,
  'icmp6-mobileprefixadvert': 147,
  'icmp6-certpathsolicit': 148,
  'icmp6-certpathadvert': 149,
  'icmp6-multicastrouteradvert': 151,
  'icmp6-multicastroutersolicit': 152,
  'icmp6-multicastrouterterm': 153,
  tcpflags: 13,
  'tcp-fin': 0x01,
  'tcp-syn': 0x02,
  'tcp-rst': 0x04,
  'tcp-push': 0x08,
  'tcp-ack': 0x10,
  'tcp-urg': 0x20,
  'tcp-ece': 0x40,
  'tcp-cwr': 0x80,
};

const N = '(?:0[xX][0-9A-Fa-f]+|[0-9]+)';
const B = '[0-9A-Fa-f]{1,2}';
const B2 = '[0-9A-Fa-f]{4}';
const W = '[0-9A-Fa-f]{1,4}';
const V4 = `${N}\\.${N}\\.${N}\\.${N}`;

/** scanner.l's IPv6 forms: 8 groups, or `::` in any place, optionally ending in dotted IPv4. */
const V6_PATTERNS: readonly string[] = (() => {
  const out: string[] = [Array(8).fill(W).join(':')];
  const groups = (n: number): string[] => Array<string>(n).fill(W);
  for (let total = 7; total >= 0; total--) {
    for (let before = 0; before <= total; before++) {
      out.push(`${groups(before).join(':')}::${groups(total - before).join(':')}`);
    }
  }
  out.push(`${groups(6).join(':')}:${V4}`);
  for (let total = 5; total >= 0; total--) {
    for (let before = 0; before <= total; before++) {
      const head = groups(before).join(':');
      const tail = groups(total - before).map((g) => `${g}:`).join('');
      out.push(`${head}::${tail}${V4}`);
    }
  }
  return out;
})();

interface Rule {
  readonly re: RegExp;
  readonly make: (text: string) => { tok: Tok; error?: string };
}

function stou(text: string): { tok: Tok; error?: string } {
  let n = 0;
  if (/^0[xX]/.test(text)) {
    for (const c of text.slice(2)) {
      if (n > 0xfffffff) return { tok: { k: 'err', text }, error: `number ${text} overflows 32 bits` };
      n = n * 16 + parseInt(c, 16);
    }
  } else if (text.startsWith('0')) {
    for (const c of text.slice(1)) {
      if (c > '7') return { tok: { k: 'err', text }, error: `number ${text} contains non-octal digit` };
      if (n > 0o3777777777) return { tok: { k: 'err', text }, error: `number ${text} overflows 32 bits` };
      n = n * 8 + Number(c);
    }
  } else {
    for (const c of text) {
      const d = Number(c);
      if (n > 429496729 || (n === 429496729 && d > 5)) return { tok: { k: 'err', text }, error: `number ${text} overflows 32 bits` };
      n = n * 10 + d;
    }
  }
  return { tok: { k: 'num', v: n, text } };
}

const addrRule = (p: string): Rule => ({ re: new RegExp(p, 'y'), make: (t) => ({ tok: { k: 'addr', text: t } }) });

// The rules of scanner.l after the keywords, grouped by the characters they can start with but
// kept in file order within a group (the earlier rule wins a tie).
const OPERATOR_RULES: readonly Rule[] = [
  { re: /[+\-*/%:[\]!<>()&|^=]/y, make: (t) => ({ tok: t === '!' ? { k: 'kw', w: 'not', text: t } : { k: 'op', text: t } }) },
  { re: />=|<=|!=|==|<<|>>/y, make: (t) => ({ tok: { k: 'op', text: t === '==' ? '=' : t } }) },
];
const AID_RULE: Rule = addrRule(`\\$${B}`);
const MAC_RULES: readonly Rule[] = [`${B}:${B}:${B}:${B}:${B}:${B}`, `${B}-${B}-${B}-${B}-${B}-${B}`, `${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B}`, `${B2}\\.${B2}\\.${B2}`, `${B2}${B2}${B2}`].map(addrRule);
const NUM_RULE: Rule = { re: /0[xX][0-9A-Fa-f]+|[0-9]+/y, make: stou };
const HID_RULES: readonly Rule[] = [`${N}\\.${N}\\.${N}\\.${N}`, `${N}\\.${N}\\.${N}`, `${N}\\.${N}`].map(
  (p): Rule => ({ re: new RegExp(p, 'y'), make: (t) => ({ tok: { k: 'hid', text: t } }) }),
);
const V6_RULES: readonly Rule[] = V6_PATTERNS.map(addrRule);
const BOGUS_EID_RULE: Rule = { re: new RegExp(`${B}:+(?:${B}:+)+`, 'y'), make: (t) => ({ tok: { k: 'addr', text: t }, error: `bogus ethernet address ${t}` }) };
const NUMBER_WORD_RULES: readonly Rule[] = Object.keys(NUMBER_WORDS).map(
  (w): Rule => ({ re: new RegExp(w.replace(/-/g, '\\-'), 'y'), make: (t) => ({ tok: { k: 'num', v: NUMBER_WORDS[t] ?? 0, text: t } }) }),
);
const ID_RULE: Rule = { re: /[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/y, make: (t) => ({ tok: { k: 'id', text: t } }) };
const ESCAPED_ID_RULE: Rule = { re: /\\[^ !()\n\t]+/y, make: (t) => ({ tok: { k: 'id', text: t.slice(1) } }) };

const KEYWORDS_BY_FIRST = new Map<string, [string, string][]>();
for (const [word, canon] of Object.entries(KEYWORDS)) {
  const list = KEYWORDS_BY_FIRST.get(word[0] ?? '') ?? [];
  list.push([word, canon]);
  KEYWORDS_BY_FIRST.set(word[0] ?? '', list);
}

function rulesFor(s: string, pos: number): readonly Rule[] {
  const c = s[pos] ?? '';
  if (c === '$') return [AID_RULE];
  if (c === '\\') return [ESCAPED_ID_RULE];
  if (c === ':') return [...OPERATOR_RULES, ...V6_RULES];
  if ('+-*/%[]!<>()&|^='.includes(c)) return OPERATOR_RULES;
  if (!/[A-Za-z0-9]/.test(c)) return [];
  const rules: Rule[] = [...MAC_RULES, NUM_RULE, ...HID_RULES];
  const word = /[^\s()!]*/y;
  word.lastIndex = pos;
  const run = word.exec(s)?.[0] ?? '';
  if (run.includes(':')) rules.push(...V6_RULES, BOGUS_EID_RULE);
  if (run.startsWith('icmp') || run.startsWith('tcp')) rules.push(...NUMBER_WORD_RULES);
  rules.push(ID_RULE);
  return rules;
}

function lexAt(s: string, start: number): Lexed {
  let pos = start;
  while (pos < s.length && ' \r\n\t'.includes(s[pos] ?? '')) pos++;
  if (pos >= s.length) return { tok: { k: 'eof', text: '' }, end: pos };
  let bestLen = 0;
  let best: { tok: Tok; error?: string } | undefined;
  for (const [word, canon] of KEYWORDS_BY_FIRST.get(s[pos] ?? '') ?? []) {
    if (word.length > bestLen && s.startsWith(word, pos)) {
      bestLen = word.length;
      best = { tok: { k: 'kw', w: canon, text: word } };
    }
  }
  for (const rule of rulesFor(s, pos)) {
    rule.re.lastIndex = pos;
    const m = rule.re.exec(s);
    if (m && m[0].length > bestLen) {
      bestLen = m[0].length;
      best = rule.make(m[0]);
    }
  }
  if (!best) return { tok: { k: 'err', text: s[pos] ?? '' }, end: pos + 1 };
  return { tok: best.tok, end: pos + bestLen, ...(best.error !== undefined ? { error: best.error } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Qualifiers and code generation (gencode.c).
//
// A filter compiles to the tree of BPF tests libpcap generates for it (same loads, same
// constants, same order), evaluated on the frame's bytes (pcap.ts). Besides giving the exact
// BPF semantics, the tree lets us run the part of libpcap's optimizer that decides whether a
// filter can match anything: tcpdump refuses a filter whose optimized program is `ret #0`
// ("expression rejects all packets", e.g. `icmp and arp`, `port 80 and 443`).

type Proto = 'default' | 'undef' | 'ip' | 'arp' | 'rarp' | 'tcp' | 'udp' | 'icmp' | 'sctp' | 'igmp' | 'ip6' | 'icmp6';
type Dir = 'default' | 'undef' | 'src' | 'dst' | 'or' | 'and';
type Addr = 'default' | 'undef' | 'host' | 'net' | 'port' | 'proto' | 'gateway';

interface Qual {
  readonly proto: Proto;
  readonly dir: Dir;
  readonly addr: Addr;
}

/** One BPF test: load (absolute, or relative to the IPv4 header length), optional mask, jump. */
interface Test {
  readonly size: 1 | 2 | 4;
  readonly off: number;
  /** Offset is relative to X = 4 * (byte 14 & 0xf) (`ldxb 4*([14]&0xf)`), as for TCP/UDP ports. */
  readonly ind: boolean;
  readonly mask?: number;
  readonly op: 'jeq' | 'jset';
  readonly k: number;
}

type Expr =
  | { readonly t: 'test'; readonly test: Test }
  | { readonly t: 'and' | 'or'; readonly a: Expr; readonly b: Expr }
  | { readonly t: 'not'; readonly a: Expr };

interface Blk {
  readonly p: Expr;
  readonly q: Qual;
}

const QERR: Qual = { proto: 'undef', dir: 'undef', addr: 'undef' };

const SUPPORTED_PNAMES: ReadonlySet<string> = new Set(['ip', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'sctp', 'igmp', 'ip6', 'icmp6']);
const ALL_PNAMES: ReadonlySet<string> = new Set([
  'link', 'ip', 'arp', 'rarp', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'atalk', 'aarp', 'decnet', 'lat', 'sca',
  'mopdl', 'moprc', 'ip6', 'icmp6', 'ah', 'esp', 'iso', 'esis', 'isis', 'l1', 'l2', 'iih', 'lsp', 'snp', 'psnp', 'csnp', 'clnp', 'stp', 'ipx',
  'netbeui', 'radio',
]);

const ETHERTYPE_IP = 0x0800;
const ETHERTYPE_ARP = 0x0806;
const ETHERTYPE_REVARP = 0x8035;
const ETHERTYPE_IPV6 = 0x86dd;
const IPPROTO: Readonly<Record<string, number>> = { icmp: 1, igmp: 2, tcp: 6, udp: 17, sctp: 132, icmp6: 58 };
/** Link-layer payload offset on Ethernet (off_linkpl). */
const PL = 14;

function test(size: 1 | 2 | 4, off: number, k: number, extra: { mask?: number; ind?: boolean; op?: 'jset' } = {}): Expr {
  const mask = extra.mask !== undefined && extra.mask !== 0xffffffff ? { mask: extra.mask } : {};
  return { t: 'test', test: { size, off, ind: extra.ind ?? false, ...mask, op: extra.op ?? 'jeq', k: k >>> 0 } };
}
/** gen_and(a, b): a is tested first. */
function and(a: Expr, b: Expr): Expr {
  return { t: 'and', a, b };
}
/** gen_or(a, b): a is tested first. */
function or(a: Expr, b: Expr): Expr {
  return { t: 'or', a, b };
}
function not(a: Expr): Expr {
  return { t: 'not', a };
}
function linktype(type: number): Expr {
  return test(2, 12, type);
}
/** gen_proto for Q_IP and Q_IPV6 (the latter also looks behind a fragment header). */
function ipProto(v: number): Expr {
  return and(linktype(ETHERTYPE_IP), test(1, PL + 9, v));
}
function ip6Proto(v: number): Expr {
  return and(linktype(ETHERTYPE_IPV6), or(test(1, PL + 6, v), and(test(1, PL + 6, 44), test(1, PL + 40, v))));
}
function byDir(dir: Dir, src: Expr, dst: Expr): Expr {
  switch (dir) {
    case 'src':
      return src;
    case 'dst':
      return dst;
    case 'and':
      return and(src, dst);
    default:
      return or(src, dst);
  }
}

/** A BPF load past the end of the packet: the whole filter program returns 0. */
class OutOfBounds {}
const OUT_OF_BOUNDS = new OutOfBounds();

function load(bytes: Uint8Array, t: Test): number {
  let off = t.off;
  if (t.ind) {
    const b = bytes[14];
    if (b === undefined) throw OUT_OF_BOUNDS;
    off += 4 * (b & 0xf);
  }
  if (off + t.size > bytes.length) throw OUT_OF_BOUNDS;
  let v = 0;
  for (let i = 0; i < t.size; i++) v = v * 256 + (bytes[off + i] ?? 0);
  return v;
}

function evaluate(e: Expr, bytes: Uint8Array): boolean {
  switch (e.t) {
    case 'test': {
      const t = e.test;
      let v = load(bytes, t);
      if (t.mask !== undefined) v = (v & t.mask) >>> 0;
      return t.op === 'jeq' ? v === t.k : (v & t.k) !== 0;
    }
    case 'and':
      return evaluate(e.a, bytes) && evaluate(e.b, bytes);
    case 'or':
      return evaluate(e.a, bytes) || evaluate(e.b, bytes);
    case 'not':
      return !evaluate(e.a, bytes);
  }
}

// ---- "expression rejects all packets" -------------------------------------------------------
//
// libpcap lays the tests out as a DAG (short-circuit and/or, `not` swaps the exits) and its
// optimizer threads jumps: an edge into a test whose outcome is already known on every path
// to that edge (the same load and mask tested before with the same constant, or found equal to
// another constant) is redirected past it, and a test whose two exits lead to the same place
// is skipped. When nothing leads to "accept" any more the program is `ret #0`.

const ACCEPT = -1;
const REJECT = -2;

interface Node {
  readonly key: string; // value number of the tested A: load and mask
  readonly op: 'jeq' | 'jset';
  readonly k: number;
  jt: number;
  jf: number;
}

function layOut(e: Expr, jt: number, jf: number, nodes: Node[]): number {
  switch (e.t) {
    case 'test': {
      const t = e.test;
      nodes.push({ key: `${t.size}:${t.ind ? 'x+' : ''}${t.off}&${t.mask ?? 'none'}`, op: t.op, k: t.k, jt, jf });
      return nodes.length - 1;
    }
    case 'and':
      return layOut(e.a, layOut(e.b, jt, jf, nodes), jf, nodes);
    case 'or':
      return layOut(e.a, jt, layOut(e.b, jt, jf, nodes), nodes);
    case 'not':
      return layOut(e.a, jf, jt, nodes);
  }
}

/** Reachable nodes, parents before children (iterative: filters can be long). */
function topologicalOrder(nodes: readonly Node[], root: number): number[] {
  const post: number[] = [];
  const state = new Map<number, 1 | 2>();
  const stack: number[] = [root];
  while (stack.length > 0) {
    const n = stack[stack.length - 1] ?? REJECT;
    const node = nodes[n];
    if (!node) {
      stack.pop();
      continue;
    }
    if (state.get(n) === undefined) {
      state.set(n, 1);
      for (const child of [node.jf, node.jt]) if (child >= 0 && state.get(child) === undefined) stack.push(child);
    } else {
      stack.pop();
      if (state.get(n) === 1) {
        state.set(n, 2);
        post.push(n);
      }
    }
  }
  return post.reverse();
}

/** Does the optimized program reject every packet? */
function rejectsAll(e: Expr): boolean {
  const nodes: Node[] = [];
  const root = layOut(e, ACCEPT, REJECT, nodes);
  const words = (nodes.length * 2 + 31) >>> 5;
  // Edge id: 2 * node + (0 for the true exit, 1 for the false exit).
  const succ = (edge: number): number => {
    const n = nodes[edge >> 1];
    return n === undefined ? REJECT : edge & 1 ? n.jf : n.jt;
  };
  const setSucc = (edge: number, to: number): void => {
    const n = nodes[edge >> 1];
    if (!n) return;
    if (edge & 1) n.jf = to;
    else n.jt = to;
  };
  /** What having taken `edge` says about the test of `target`: its outcome, or undefined. */
  const fold = (edge: number, target: Node): boolean | undefined => {
    const m = nodes[edge >> 1];
    if (!m || m.key !== target.key || m.op !== target.op) return undefined;
    const sense = (edge & 1) === 0;
    if (m.k === target.k) return sense;
    if (sense && m.op === 'jeq') return false;
    return undefined;
  };
  for (let pass = 0; pass < 10_000; pass++) {
    const order = topologicalOrder(nodes, root);
    // Edge dominators: the edge itself and every edge on all paths to it.
    const incoming = new Map<number, Uint32Array>();
    const edom = new Map<number, Uint32Array>();
    for (const n of order) {
      const inherited = n === root ? new Uint32Array(words) : (incoming.get(n) ?? new Uint32Array(words));
      for (const edge of [2 * n, 2 * n + 1]) {
        const d = inherited.slice();
        d[edge >>> 5] = (d[edge >>> 5] ?? 0) | (1 << (edge & 31));
        edom.set(edge, d);
        const to = succ(edge);
        if (to < 0) continue;
        const prev = incoming.get(to);
        if (!prev) incoming.set(to, d.slice());
        else for (let w = 0; w < words; w++) prev[w] = (prev[w] ?? 0) & (d[w] ?? 0);
      }
    }
    let changed = false;
    for (const n of order) {
      for (const edge of [2 * n, 2 * n + 1]) {
        const doms = edom.get(edge);
        if (!doms) continue;
        for (;;) {
          const target = nodes[succ(edge)];
          if (!target) break;
          if (target.jt === target.jf) {
            setSucc(edge, target.jt);
            changed = true;
            continue;
          }
          let outcome: boolean | undefined;
          for (let w = 0; w < words && outcome === undefined; w++) {
            let bits = doms[w] ?? 0;
            while (bits !== 0 && outcome === undefined) {
              const bit = 31 - Math.clz32(bits);
              bits &= ~(1 << bit);
              outcome = fold(w * 32 + bit, target);
            }
          }
          if (outcome === undefined) break;
          setSucc(edge, outcome ? target.jt : target.jf);
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  // Can "accept" still be reached?
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const n = stack.pop() ?? REJECT;
    if (n === ACCEPT) return false;
    const node = nodes[n];
    if (!node || seen.has(n)) continue;
    seen.add(n);
    stack.push(node.jt, node.jf);
  }
  return true;
}

function countTests(e: Expr): number {
  let count = 0;
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop();
    if (!x) break;
    if (x.t === 'test') count++;
    else if (x.t === 'not') stack.push(x.a);
    else stack.push(x.a, x.b);
  }
  return count;
}

// ---------------------------------------------------------------------------------------------
// Parser (grammar.y).

/**
 * Nesting the simulator parses (recursively). libpcap's parser stack allows about 9995 levels
 * (then "can't parse filter expression: memory exhausted"); deeper filters are refused as
 * unsupported long before.
 */
const MAX_NESTING = 1000;
/** Tests in a compiled filter beyond which the simulator refuses it (libpcap has no such limit). */
const MAX_TESTS = 4000;

class FilterParser {
  private readonly s: string;
  private pos = 0;
  private peeked: Lexed | undefined;
  /** The first message libpcap would have set (bpf_set_error keeps the first). */
  private firstError: string | undefined;
  /** Parentheses and `not`s open at this point. */
  private depth = 0;

  constructor(s: string) {
    this.s = s;
  }

  private peek(): Tok {
    if (!this.peeked) {
      this.peeked = lexAt(this.s, this.pos);
      if (this.peeked.error !== undefined && this.firstError === undefined) this.firstError = this.peeked.error;
    }
    return this.peeked.tok;
  }

  private next(): Tok {
    const tok = this.peek();
    this.pos = this.peeked?.end ?? this.pos;
    this.peeked = undefined;
    return tok;
  }

  /** The token after the peeked one, without consuming anything. */
  private peekSecond(): Tok {
    this.peek();
    const second = lexAt(this.s, this.peeked?.end ?? this.pos);
    if (second.error !== undefined && this.firstError === undefined) this.firstError = second.error;
    return second.tok;
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) throw unsupported(`filters nested more than ${MAX_NESTING} deep`);
  }

  /**
   * A code generation error (gencode.c's bpf_error): it replaces any message set before, such
   * as a lexical error met while reading ahead.
   */
  private fail(message: string): never {
    throw new TcpdumpError(`tcpdump: ${message}`);
  }

  /** A parser error (bpf_set_error, yyerror): a message the scanner set first wins. */
  private failParse(message: string): never {
    throw new TcpdumpError(`tcpdump: ${this.firstError ?? message}`);
  }

  private syntaxError(): never {
    this.failParse("can't parse filter expression: syntax error");
  }

  private isKw(tok: Tok, ...words: string[]): boolean {
    return tok.k === 'kw' && words.includes(tok.w);
  }

  private isOp(tok: Tok, ...ops: string[]): boolean {
    return tok.k === 'op' && ops.includes(tok.text);
  }

  private expectClose(): void {
    if (!this.isOp(this.peek(), ')')) this.syntaxError();
    this.next();
  }

  /** The filter's tests, or undefined for an empty filter (everything matches). */
  program(): Expr | undefined {
    if (this.peek().k === 'eof') return undefined;
    const e = this.expr(QERR);
    if (this.peek().k !== 'eof') this.syntaxError();
    return e.p;
  }

  // expr: term | expr and term | expr and id | expr or term | expr or id
  private expr(ctx: Qual): Blk {
    let left = this.term(ctx);
    for (;;) {
      const tok = this.peek();
      if (!this.isKw(tok, 'and', 'or')) return left;
      this.next();
      const right = this.termOrId(left.q);
      left = { p: tok.k === 'kw' && tok.w === 'and' ? and(left.p, right.p) : or(left.p, right.p), q: right.q };
    }
  }

  // term: rterm | not term
  private term(ctx: Qual): Blk {
    if (this.isKw(this.peek(), 'not')) {
      this.next();
      this.enter();
      const t = this.term(ctx);
      this.depth--;
      return { p: not(t.p), q: t.q };
    }
    return this.rterm(ctx);
  }

  /** After `and`/`or`, where both a term and a bare id (`host A or B`) may follow. */
  private termOrId(ctx: Qual): Blk {
    const tok = this.peek();
    if (this.isKw(tok, 'not')) {
      this.next();
      this.enter();
      const r = this.termOrId(ctx);
      this.depth--;
      return { p: not(r.p), q: r.q };
    }
    if (tok.k === 'hid' || tok.k === 'id' || tok.k === 'addr') return this.id(ctx);
    if (tok.k === 'num') {
      // The LALR parser reads one more token to choose between `id: pnum` and `arth: pnum`
      // (its default): a token that fits neither is a syntax error before any semantic check.
      const second = this.peekSecond();
      if (this.isKw(second, 'and', 'or') || this.isOp(second, ')') || second.k === 'eof') return this.id(ctx);
      this.arithmeticOrSyntaxError();
    }
    if (this.isOp(tok, '(') && this.parenHoldsId()) return this.id(ctx);
    return this.term(ctx);
  }

  /**
   * A term that starts like arithmetic (`tcp[13] & 2 != 0`, `len > 100`, `(80) > 5`): valid
   * relations are refused as unsupported, anything else is libpcap's syntax error.
   */
  private arithmeticOrSyntaxError(): never {
    if (this.relationEnd(this.pos) >= 0) throw unsupported('arithmetic filter expressions');
    this.syntaxError();
  }

  /** Where `arth relop arth` starting at `pos` ends, or -1 (a syntax check only). */
  private relationEnd(pos: number): number {
    const left = this.arthEnd(pos, 0);
    if (left < 0) return -1;
    const op = lexAt(this.s, left);
    if (!this.isOp(op.tok, '>', '<', '=', '>=', '<=', '!=')) return -1;
    return this.arthEnd(op.end, 0);
  }

  private arthEnd(pos: number, depth: number): number {
    if (depth > MAX_NESTING) return -1;
    const t = lexAt(this.s, pos);
    let end: number;
    if (t.tok.k === 'num' || this.isKw(t.tok, 'len')) end = t.end;
    else if (this.isOp(t.tok, '-')) return this.arthEnd(t.end, depth + 1);
    else if (this.isOp(t.tok, '(')) {
      const inner = this.arthEnd(t.end, depth + 1);
      if (inner < 0) return -1;
      const close = lexAt(this.s, inner);
      if (!this.isOp(close.tok, ')')) return -1;
      end = close.end;
    } else if (t.tok.k === 'kw' && ALL_PNAMES.has(t.tok.w)) {
      const open = lexAt(this.s, t.end);
      if (!this.isOp(open.tok, '[')) return -1;
      let inner = this.arthEnd(open.end, depth + 1);
      if (inner < 0) return -1;
      let close = lexAt(this.s, inner);
      if (this.isOp(close.tok, ':')) {
        const size = lexAt(this.s, close.end);
        if (size.tok.k !== 'num') return -1;
        inner = size.end;
        close = lexAt(this.s, inner);
      }
      if (!this.isOp(close.tok, ']')) return -1;
      end = close.end;
    } else return -1;
    const op = lexAt(this.s, end);
    if (this.isOp(op.tok, '+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>')) return this.arthEnd(op.end, depth + 1);
    return end;
  }

  /** The end of `( ( NUM ) )` starting at `start` (a parenthesised number), or -1. */
  private pnumChainEnd(start: number, depth = 0): number {
    const open = lexAt(this.s, start);
    if (!this.isOp(open.tok, '(') || depth > MAX_NESTING) return -1;
    const inner = lexAt(this.s, open.end);
    let after: number;
    if (inner.tok.k === 'num') after = inner.end;
    else if (this.isOp(inner.tok, '(')) after = this.pnumChainEnd(open.end, depth + 1);
    else return -1;
    if (after < 0) return -1;
    const close = lexAt(this.s, after);
    return this.isOp(close.tok, ')') ? close.end : -1;
  }

  /**
   * At a `(` after `and`/`or`: does it open `( pid )` (addresses or numbers that inherit the
   * qualifiers, e.g. `host A and (B or C)`) rather than `( expr )`? Decided, as the LALR parser
   * does, by the first token inside that is not `not`.
   */
  private parenHoldsId(): boolean {
    let at = lexAt(this.s, this.pos).end; // after '('
    let tok = lexAt(this.s, at);
    while (tok.tok.k === 'kw' && tok.tok.w === 'not') {
      at = tok.end;
      tok = lexAt(this.s, at);
    }
    const t = tok.tok;
    if (t.k === 'hid' || t.k === 'id' || t.k === 'addr') return true;
    let afterNumber: number;
    if (t.k === 'num') afterNumber = tok.end;
    else if (this.isOp(t, '(')) afterNumber = this.pnumChainEnd(at);
    else return false;
    if (afterNumber < 0) return false;
    const after = lexAt(this.s, afterNumber).tok;
    return this.isKw(after, 'and', 'or') || this.isOp(after, ')');
  }

  private rterm(ctx: Qual): Blk {
    const tok = this.peek();
    if (this.isOp(tok, '(')) {
      if (this.relationEnd(this.pos) >= 0) throw unsupported('arithmetic filter expressions');
      this.next();
      this.enter();
      // The `(` passes on the qualifiers before it: to a parenthesis right inside, and to
      // whatever follows the closing one.
      const e = this.expr(ctx);
      this.expectClose();
      this.depth--;
      return { p: e.p, q: ctx };
    }
    if (tok.k === 'num' || this.isOp(tok, '-') || this.isKw(tok, 'len')) {
      this.peekSecond(); // the LALR parser reads it before giving up
      this.arithmeticOrSyntaxError();
    }
    if (this.isKw(tok, 'less', 'greater')) {
      if (this.peekSecond().k === 'num') throw unsupported(`'${tok.text}'`);
      this.syntaxError();
    }
    if (tok.k !== 'kw') this.syntaxError();
    let proto: Proto = 'default';
    if (ALL_PNAMES.has(tok.w)) {
      if (this.isOp(this.peekSecond(), '[')) this.arithmeticOrSyntaxError();
      if (!SUPPORTED_PNAMES.has(tok.w)) throw unsupported(`the '${tok.text}' primitive`);
      this.next();
      proto = tok.w as Proto;
      const after = this.peek();
      if (this.isKw(after, 'broadcast', 'multicast', 'protochain', 'portrange', 'type', 'subtype', 'dir', 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta')) {
        throw unsupported(`'${tok.text} ${after.text}'`);
      }
      if (!this.isKw(after, 'src', 'dst', 'host', 'net', 'port', 'proto', 'gateway')) return { p: this.abbrev(proto), q: QERR };
    } else if (!this.isKw(tok, 'src', 'dst', 'host', 'net', 'port', 'proto', 'gateway')) {
      if (this.isKw(tok, 'and', 'or', 'not', 'mask')) this.syntaxError();
      throw unsupported(`the '${tok.text}' primitive`);
    }
    return this.headAndId(proto);
  }

  // head id, with head: pqual dqual aqual | pqual dqual | pqual aqual | pqual PROTO | pqual GATEWAY
  private headAndId(proto: Proto): Blk {
    let dir: Dir = 'default';
    let tok = this.peek();
    if (this.isKw(tok, 'src', 'dst')) {
      const first = tok.k === 'kw' ? tok.w : '';
      this.next();
      dir = first as Dir;
      const conj = this.peek();
      if (this.isKw(conj, 'and', 'or')) {
        this.next();
        if (!this.isKw(this.peek(), first === 'src' ? 'dst' : 'src')) this.syntaxError();
        this.next();
        dir = conj.k === 'kw' && conj.w === 'and' ? 'and' : 'or';
      }
      tok = this.peek();
    } else if (this.isKw(tok, 'addr1', 'addr2', 'addr3', 'addr4', 'ra', 'ta')) {
      throw unsupported(`the '${tok.text}' qualifier`);
    }
    let addr: Addr = 'default';
    if (this.isKw(tok, 'host', 'net', 'port')) {
      this.next();
      addr = tok.k === 'kw' ? (tok.w as Addr) : 'default';
    } else if (this.isKw(tok, 'proto', 'gateway')) {
      if (dir !== 'default') this.syntaxError();
      this.next();
      addr = tok.k === 'kw' ? (tok.w as Addr) : 'default';
    } else if (this.isKw(tok, 'portrange', 'protochain')) {
      throw unsupported(`the '${tok.text}' qualifier`);
    } else if (dir === 'default') {
      this.syntaxError();
    }
    return this.id({ proto, dir, addr });
  }

  // id: nid | pnum | paren pid ')'; nid: ID | HID '/' NUM | HID NETMASK HID | HID | ... | not id
  private id(ctx: Qual): Blk {
    const tok = this.peek();
    if (this.isKw(tok, 'not')) {
      this.next();
      this.enter();
      const r = this.id(ctx);
      this.depth--;
      return { p: not(r.p), q: r.q };
    }
    if (this.isOp(tok, '(')) return this.parenId(ctx);
    if (tok.k === 'num') {
      this.next();
      return { p: this.ncode(undefined, tok.v, ctx), q: ctx };
    }
    if (tok.k === 'hid') {
      this.next();
      const after = this.peek();
      if (this.isOp(after, '/')) {
        this.next();
        const len = this.peek();
        if (len.k !== 'num') this.syntaxError();
        this.next();
        return { p: this.mcode(tok.text, undefined, len.v, ctx), q: ctx };
      }
      if (this.isKw(after, 'mask')) {
        this.next();
        const m = this.peek();
        if (m.k !== 'hid') this.syntaxError();
        this.next();
        return { p: this.mcode(tok.text, m.text, 0, ctx), q: ctx };
      }
      if (ctx.addr === 'port') this.failParse("'port' modifier applied to ip host");
      if (ctx.addr === 'proto') this.failParse("'proto' modifier applied to ip host");
      return { p: this.ncode(tok.text, 0, ctx), q: ctx };
    }
    if (tok.k === 'id') {
      this.next();
      if (ctx.addr === 'undef') this.fail('syntax error in filter expression');
      throw unsupported(`names in filters ('${tok.text}'); use numeric addresses and ports`);
    }
    if (tok.k === 'addr') {
      this.next();
      if (this.firstError !== undefined) this.failParse(this.firstError);
      throw unsupported(`Ethernet, IPv6 and ARCnet addresses in filters ('${tok.text}')`);
    }
    this.syntaxError();
  }

  // paren pid ')', pid: nid | qid and id | qid or id, qid: pnum | pid; or pnum: paren pnum ')'
  private parenId(ctx: Qual): Blk {
    this.next(); // '('
    this.enter();
    const first = this.peek();
    let left: Expr;
    if (this.isOp(first, '(')) left = this.ncode(undefined, this.parenNumber(), ctx);
    else if (first.k === 'num') {
      this.next();
      left = this.ncode(undefined, first.v, ctx);
    } else if (first.k === 'hid' || first.k === 'id' || first.k === 'addr' || this.isKw(first, 'not')) left = this.id(ctx).p;
    else this.syntaxError();
    for (;;) {
      const tok = this.peek();
      if (!this.isKw(tok, 'and', 'or')) break;
      this.next();
      const right = this.id(ctx).p;
      left = tok.k === 'kw' && tok.w === 'and' ? and(left, right) : or(left, right);
    }
    this.expectClose();
    this.depth--;
    return { p: left, q: ctx };
  }

  private parenNumber(): number {
    this.next(); // '('
    this.enter();
    const tok = this.peek();
    let v: number;
    if (this.isOp(tok, '(')) v = this.parenNumber();
    else if (tok.k === 'num') {
      this.next();
      v = tok.v;
    } else this.syntaxError();
    this.expectClose();
    this.depth--;
    return v;
  }

  // ---- code generation -----------------------------------------------------------------------

  /** __pcap_atoin: dotted decimal with 1 to 4 parts; bits = 8 * parts, or -1. */
  private atoin(s: string): { bits: number; value: number } {
    let value = 0;
    let bits = 0;
    for (const part of s.split('.')) {
      let n = 0;
      for (const c of part) {
        if (n > 25) return { bits: -1, value: 0 };
        n = n * 10 + (c.charCodeAt(0) - 48);
      }
      if (n > 255) return { bits: -1, value: 0 };
      value = ((value << 8) | n) >>> 0;
      bits += 8;
    }
    return { bits, value };
  }

  private abbrev(proto: Proto): Expr {
    switch (proto) {
      case 'ip':
        return linktype(ETHERTYPE_IP);
      case 'arp':
        return linktype(ETHERTYPE_ARP);
      case 'rarp':
        return linktype(ETHERTYPE_REVARP);
      case 'ip6':
        return linktype(ETHERTYPE_IPV6);
      case 'icmp':
      case 'igmp':
        return ipProto(IPPROTO[proto] ?? 0);
      case 'icmp6':
        return ip6Proto(58);
      default:
        // tcp, udp, sctp: gen_proto(.., Q_DEFAULT) = IPv4 or IPv6
        return or(ipProto(IPPROTO[proto] ?? 0), ip6Proto(IPPROTO[proto] ?? 0));
    }
  }

  private ncode(s: string | undefined, num: number, q: Qual): Expr {
    let v = num >>> 0;
    let vlen = 32;
    if (s !== undefined) {
      const a = this.atoin(s);
      if (a.bits < 0) this.fail(`invalid IPv4 address '${s}'`);
      v = a.value;
      vlen = a.bits;
    }
    switch (q.addr) {
      case 'default':
      case 'host':
      case 'net': {
        let mask = 0xffffffff;
        if (s === undefined && q.addr === 'net') {
          while (v !== 0 && (v & 0xff000000) === 0) {
            v = (v << 8) >>> 0;
            mask = (mask << 8) >>> 0;
          }
        } else {
          v = (v << (32 - vlen)) >>> 0;
          mask = (mask << (32 - vlen)) >>> 0;
        }
        return this.host(v, mask, q.proto, q.dir, q.addr);
      }
      case 'port': {
        if (q.proto !== 'tcp' && q.proto !== 'udp' && q.proto !== 'sctp' && q.proto !== 'default') this.fail("illegal qualifier of 'port'");
        if (v > 65535) this.fail(`illegal port number ${v} > 65535`);
        // gen_or(gen_port6(..), gen_port(..)): the IPv6 tests come first.
        return or(this.port6(v, q.proto, q.dir), this.port(v, q.proto, q.dir));
      }
      case 'gateway':
        this.fail("'gateway' requires a name");
      case 'proto':
        return this.proto(v, q.proto);
      case 'undef':
        this.fail('syntax error in filter expression');
    }
  }

  private mcode(s1: string, s2: string | undefined, masklen: number, q: Qual): Expr {
    const a = this.atoin(s1);
    if (a.bits < 0) this.fail(`invalid IPv4 address '${s1}'`);
    const n = (a.value << (32 - a.bits)) >>> 0;
    let m: number;
    if (s2 !== undefined) {
      const b = this.atoin(s2);
      if (b.bits < 0) this.fail(`invalid IPv4 address '${s2}'`);
      m = (b.value << (32 - b.bits)) >>> 0;
      if ((n & ~m) >>> 0 !== 0) this.fail(`non-network bits set in "${s1} mask ${s2}"`);
    } else {
      if (masklen > 32) this.fail('mask length must be <= 32');
      m = masklen === 0 ? 0 : (0xffffffff << (32 - masklen)) >>> 0;
      if ((n & ~m) >>> 0 !== 0) this.fail(`non-network bits set in "${s1}/${masklen}"`);
    }
    if (q.addr !== 'net') this.fail('Mask syntax for networks only');
    return this.host(n, m, q.proto, q.dir, 'net');
  }

  /** gen_host / gen_hostop: IPv4 addresses at 26/30, ARP and RARP protocol addresses at 28/38. */
  private host(addr: number, mask: number, proto: Proto, dir: Dir, type: Addr): Expr {
    const typestr = type === 'net' ? 'net' : 'host';
    const hostop = (ethertype: number, srcOff: number, dstOff: number): Expr =>
      byDir(dir, and(linktype(ethertype), test(4, srcOff, addr, { mask })), and(linktype(ethertype), test(4, dstOff, addr, { mask })));
    const ip = (): Expr => hostop(ETHERTYPE_IP, PL + 12, PL + 16);
    const arp = (): Expr => hostop(ETHERTYPE_ARP, PL + 14, PL + 24);
    const rarp = (): Expr => hostop(ETHERTYPE_REVARP, PL + 14, PL + 24);
    switch (proto) {
      case 'default':
        return or(or(ip(), arp()), rarp());
      case 'ip':
        return ip();
      case 'arp':
        return arp();
      case 'rarp':
        return rarp();
      case 'ip6':
        this.fail("'ip6' modifier applied to ip host");
      default:
        this.fail(`'${proto}' modifier applied to ${typestr}`);
    }
  }

  /** gen_port: IPv4, the protocol, not a later fragment, then the port at X+14 (source) / X+16. */
  private port(port: number, proto: Proto, dir: Dir): Expr {
    const portop = (ipProtocol: number): Expr => {
      const head = and(test(1, PL + 9, ipProtocol), not(test(2, PL + 6, 0x1fff, { op: 'jset' })));
      return and(head, byDir(dir, test(2, PL, port, { ind: true }), test(2, PL + 2, port, { ind: true })));
    };
    const body = proto === 'default' ? or(or(portop(6), portop(17)), portop(132)) : portop(IPPROTO[proto] ?? 0);
    return and(linktype(ETHERTYPE_IP), body);
  }

  /** gen_port6: IPv6 next header (no fragment check), then the port at 54 / 56. */
  private port6(port: number, proto: Proto, dir: Dir): Expr {
    const portop = (ipProtocol: number): Expr =>
      and(test(1, PL + 6, ipProtocol), byDir(dir, test(2, PL + 40, port), test(2, PL + 42, port)));
    const body = proto === 'default' ? or(or(portop(6), portop(17)), portop(132)) : portop(IPPROTO[proto] ?? 0);
    return and(linktype(ETHERTYPE_IPV6), body);
  }

  private proto(v: number, proto: Proto): Expr {
    switch (proto) {
      case 'default':
        return or(ipProto(v), ip6Proto(v));
      case 'ip':
        return ipProto(v);
      case 'ip6':
        return ip6Proto(v);
      case 'arp':
        this.fail('arp does not encapsulate another protocol');
      case 'rarp':
        this.fail('rarp does not encapsulate another protocol');
      default:
        this.fail(`'${proto} proto' is bogus`);
    }
  }
}

/** Frames are immutable: their bytes are computed once, whatever captures look at them. */
const BYTES = new WeakMap<EthernetFrame, Uint8Array>();

/**
 * Compiles a pcap filter expression (the words after the options, joined by spaces as tcpdump
 * joins them). Throws TcpdumpError with libpcap's message (`tcpdump: can't parse filter
 * expression: syntax error`, `tcpdump: illegal port number 70000 > 65535`, ...), or an
 * `unsupported` TcpdumpError for valid filters outside the simulated subset.
 * The predicate never throws.
 */
export function compileFilter(expression: string): FramePredicate {
  const program = new FilterParser(expression).program();
  if (program === undefined) return () => true;
  if (countTests(program) > MAX_TESTS) throw unsupported(`filters of more than ${MAX_TESTS} tests`);
  if (rejectsAll(program)) throw new TcpdumpError('tcpdump: expression rejects all packets');
  return (frame) => {
    let bytes = BYTES.get(frame);
    if (!bytes) {
      bytes = encodeFrame(frame);
      BYTES.set(frame, bytes);
    }
    try {
      return evaluate(program, bytes);
    } catch (e) {
      if (e === OUT_OF_BOUNDS) return false;
      throw e;
    }
  };
}
