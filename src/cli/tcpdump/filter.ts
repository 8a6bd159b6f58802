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
// libpcap's; when several errors are possible the first one libpcap would meet wins (lexical
// errors met while reading ahead, then semantic errors in parse order, then syntax errors).

import type { EthernetFrame } from '../../net/wire/packet.ts';
import type { IpPayloadAny } from '../../net/wire/pcap.ts';
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

// Rules in scanner.l order (keywords come first and are handled separately).
const RULES: readonly Rule[] = [
  { re: /[+\-*/%:[\]!<>()&|^=]/y, make: (t) => ({ tok: t === '!' ? { k: 'kw', w: 'not', text: t } : { k: 'op', text: t } }) },
  { re: />=|<=|!=|==|<<|>>/y, make: (t) => ({ tok: { k: 'op', text: t === '==' ? '=' : t } }) },
  { re: new RegExp(`\\$${B}`, 'y'), make: (t) => ({ tok: { k: 'addr', text: t } }) },
  ...[`${B}:${B}:${B}:${B}:${B}:${B}`, `${B}-${B}-${B}-${B}-${B}-${B}`, `${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B}`, `${B2}\\.${B2}\\.${B2}`, `${B2}${B2}${B2}`].map(
    (p): Rule => ({ re: new RegExp(p, 'y'), make: (t) => ({ tok: { k: 'addr', text: t } }) }),
  ),
  { re: /0[xX][0-9A-Fa-f]+|[0-9]+/y, make: stou },
  ...[`${N}\\.${N}\\.${N}\\.${N}`, `${N}\\.${N}\\.${N}`, `${N}\\.${N}`].map((p): Rule => ({ re: new RegExp(p, 'y'), make: (t) => ({ tok: { k: 'hid', text: t } }) })),
  ...V6_PATTERNS.map((p): Rule => ({ re: new RegExp(p, 'y'), make: (t) => ({ tok: { k: 'addr', text: t } }) })),
  { re: new RegExp(`${B}:+(?:${B}:+)+`, 'y'), make: (t) => ({ tok: { k: 'addr', text: t }, error: `bogus ethernet address ${t}` }) },
  ...Object.keys(NUMBER_WORDS).map((w): Rule => ({ re: new RegExp(w.replace(/-/g, '\\-'), 'y'), make: (t) => ({ tok: { k: 'num', v: NUMBER_WORDS[t] ?? 0, text: t } }) })),
  { re: /[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/y, make: (t) => ({ tok: { k: 'id', text: t } }) },
  { re: /\\[^ !()\n\t]+/y, make: (t) => ({ tok: { k: 'id', text: t.slice(1) } }) },
];

function lexAt(s: string, start: number): Lexed {
  let pos = start;
  while (pos < s.length && ' \r\n\t'.includes(s[pos] ?? '')) pos++;
  if (pos >= s.length) return { tok: { k: 'eof', text: '' }, end: pos };
  let bestLen = 0;
  let best: { tok: Tok; error?: string } | undefined;
  for (const [word, canon] of Object.entries(KEYWORDS)) {
    if (word.length > bestLen && s.startsWith(word, pos)) {
      bestLen = word.length;
      best = { tok: { k: 'kw', w: canon, text: word } };
    }
  }
  for (const rule of RULES) {
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

type Proto = 'default' | 'undef' | 'ip' | 'arp' | 'rarp' | 'tcp' | 'udp' | 'icmp' | 'sctp' | 'igmp' | 'ip6' | 'icmp6';
type Dir = 'default' | 'undef' | 'src' | 'dst' | 'or' | 'and';
type Addr = 'default' | 'undef' | 'host' | 'net' | 'port' | 'proto' | 'gateway';

interface Qual {
  readonly proto: Proto;
  readonly dir: Dir;
  readonly addr: Addr;
}

interface Blk {
  readonly p: FramePredicate;
  readonly q: Qual;
}

const QERR: Qual = { proto: 'undef', dir: 'undef', addr: 'undef' };

const SUPPORTED_PNAMES: ReadonlySet<string> = new Set(['ip', 'arp', 'rarp', 'tcp', 'udp', 'icmp', 'sctp', 'igmp', 'ip6', 'icmp6']);
const ALL_PNAMES: ReadonlySet<string> = new Set([
  'link', 'ip', 'arp', 'rarp', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'atalk', 'aarp', 'decnet', 'lat', 'sca',
  'mopdl', 'moprc', 'ip6', 'icmp6', 'ah', 'esp', 'iso', 'esis', 'isis', 'l1', 'l2', 'iih', 'lsp', 'snp', 'psnp', 'csnp', 'clnp', 'stp', 'ipx',
  'netbeui', 'radio',
]);

const IP_PROTO: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, sctp: 132, igmp: 2 };

/** A BPF load past the end of the packet: the whole filter program returns 0. */
const OUT_OF_BOUNDS = Symbol('bpf out of bounds');

const NEVER: FramePredicate = () => false;
const isIpv4: FramePredicate = (f) => f.payload.kind === 'ipv4';
const isArp: FramePredicate = (f) => f.payload.kind === 'arp';

function ipPayload(f: EthernetFrame): IpPayloadAny | undefined {
  return f.payload.kind === 'ipv4' ? (f.payload.payload as IpPayloadAny) : undefined;
}

function protocolOf(t: IpPayloadAny): number {
  switch (t.kind) {
    case 'icmp':
      return 1;
    case 'tcp':
      return 6;
    case 'udp':
      return 17;
    case 'other':
      return t.protocol;
  }
}

function ipProto(v: number): FramePredicate {
  return (f) => {
    const t = ipPayload(f);
    return t !== undefined && protocolOf(t) === v;
  };
}

function and(a: FramePredicate, b: FramePredicate): FramePredicate {
  return (f) => a(f) && b(f);
}
function or(a: FramePredicate, b: FramePredicate): FramePredicate {
  return (f) => a(f) || b(f);
}
function not(a: FramePredicate): FramePredicate {
  return (f) => !a(f);
}

function byDir(dir: Dir, src: (f: EthernetFrame) => boolean, dst: (f: EthernetFrame) => boolean): FramePredicate {
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

// ---------------------------------------------------------------------------------------------
// Parser (grammar.y).

class FilterParser {
  private readonly s: string;
  private pos = 0;
  private peeked: Lexed | undefined;
  /** The first message libpcap would have set (bpf_set_error keeps the first). */
  private firstError: string | undefined;

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

  /** The token after the peeked one, without consuming anything (and without side effects). */
  private peekSecond(): Tok {
    this.peek();
    return lexAt(this.s, this.peeked?.end ?? this.pos).tok;
  }

  fail(message: string): never {
    throw new TcpdumpError(`tcpdump: ${this.firstError ?? message}`);
  }

  private syntaxError(): never {
    this.fail("can't parse filter expression: syntax error");
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

  program(): FramePredicate {
    if (this.peek().k === 'eof') return () => true;
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
      const t = this.term(ctx);
      return { p: not(t.p), q: t.q };
    }
    return this.rterm(ctx);
  }

  /** After `and`/`or`, where both a term and a bare id (`host A or B`) may follow. */
  private termOrId(ctx: Qual): Blk {
    const tok = this.peek();
    if (this.isKw(tok, 'not')) {
      this.next();
      const r = this.termOrId(ctx);
      return { p: not(r.p), q: r.q };
    }
    if (tok.k === 'hid' || tok.k === 'id' || tok.k === 'addr') return this.id(ctx);
    if (tok.k === 'num') {
      if (this.isArithmetic(this.peekSecond())) throw unsupported('arithmetic filter expressions');
      return this.id(ctx);
    }
    if (this.isOp(tok, '(') && this.parenHoldsId()) return this.id(ctx);
    return this.term(ctx);
  }

  private isArithmetic(tok: Tok): boolean {
    return this.isOp(tok, '>', '<', '=', '>=', '<=', '!=', '+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>', '[', ']', ':');
  }

  /** The end of `( ( NUM ) )` starting at `start` (a parenthesised number), or -1. */
  private pnumChainEnd(start: number): number {
    const open = lexAt(this.s, start);
    if (!this.isOp(open.tok, '(')) return -1;
    const inner = lexAt(this.s, open.end);
    let after: number;
    if (inner.tok.k === 'num') after = inner.end;
    else if (this.isOp(inner.tok, '(')) after = this.pnumChainEnd(open.end);
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
      const chainEnd = this.pnumChainEnd(this.pos);
      if (chainEnd >= 0 && this.isArithmetic(lexAt(this.s, chainEnd).tok)) throw unsupported('arithmetic filter expressions');
      this.next();
      const e = this.expr(QERR);
      this.expectClose();
      return { p: e.p, q: ctx };
    }
    if (tok.k === 'num') {
      if (this.isArithmetic(this.peekSecond())) throw unsupported('arithmetic filter expressions');
      this.syntaxError();
    }
    if (tok.k === 'op' && tok.text === '-') throw unsupported('arithmetic filter expressions');
    if (tok.k !== 'kw') this.syntaxError();
    let proto: Proto = 'default';
    if (ALL_PNAMES.has(tok.w)) {
      if (!SUPPORTED_PNAMES.has(tok.w)) throw unsupported(`the '${tok.text}' primitive`);
      this.next();
      proto = tok.w as Proto;
      const after = this.peek();
      if (this.isOp(after, '[')) throw unsupported('arithmetic filter expressions');
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
      const r = this.id(ctx);
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
      if (ctx.addr === 'port') this.fail("'port' modifier applied to ip host");
      if (ctx.addr === 'proto') this.fail("'proto' modifier applied to ip host");
      return { p: this.ncode(tok.text, 0, ctx), q: ctx };
    }
    if (tok.k === 'id') {
      this.next();
      if (ctx.addr === 'undef') this.fail('syntax error in filter expression');
      throw unsupported(`names in filters ('${tok.text}'); use numeric addresses and ports`);
    }
    if (tok.k === 'addr') {
      this.next();
      if (this.firstError !== undefined) this.fail(this.firstError);
      throw unsupported(`Ethernet, IPv6 and ARCnet addresses in filters ('${tok.text}')`);
    }
    this.syntaxError();
  }

  // paren pid ')', pid: nid | qid and id | qid or id, qid: pnum | pid; or pnum: paren pnum ')'
  private parenId(ctx: Qual): Blk {
    this.next(); // '('
    const first = this.peek();
    let left: FramePredicate;
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
    return { p: left, q: ctx };
  }

  private parenNumber(): number {
    this.next(); // '('
    const tok = this.peek();
    let v: number;
    if (this.isOp(tok, '(')) v = this.parenNumber();
    else if (tok.k === 'num') {
      this.next();
      v = tok.v;
    } else this.syntaxError();
    this.expectClose();
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

  private abbrev(proto: Proto): FramePredicate {
    switch (proto) {
      case 'ip':
        return isIpv4;
      case 'arp':
        return isArp;
      case 'tcp':
      case 'udp':
      case 'icmp':
      case 'sctp':
      case 'igmp':
        return ipProto(IP_PROTO[proto] ?? -1);
      default:
        return NEVER; // rarp, ip6, icmp6: never on a simulated IPv4 Ethernet
    }
  }

  private ncode(s: string | undefined, num: number, q: Qual): FramePredicate {
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
        return this.port(v, q.proto, q.dir);
      }
      case 'gateway':
        this.fail("'gateway' requires a name");
      case 'proto':
        return this.proto(v, q.proto);
      case 'undef':
        this.fail('syntax error in filter expression');
    }
  }

  private mcode(s1: string, s2: string | undefined, masklen: number, q: Qual): FramePredicate {
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

  private host(addr: number, mask: number, proto: Proto, dir: Dir, type: Addr): FramePredicate {
    const typestr = type === 'net' ? 'net' : 'host';
    const match = (a: number): boolean => (a & mask) >>> 0 === addr;
    const ipHost = byDir(
      dir,
      (f) => f.payload.kind === 'ipv4' && match(f.payload.src),
      (f) => f.payload.kind === 'ipv4' && match(f.payload.dst),
    );
    const arpHost = byDir(
      dir,
      (f) => f.payload.kind === 'arp' && match(f.payload.senderIp),
      (f) => f.payload.kind === 'arp' && match(f.payload.targetIp),
    );
    switch (proto) {
      case 'default':
        return or(ipHost, arpHost); // rarp never matches
      case 'ip':
        return ipHost;
      case 'arp':
        return arpHost;
      case 'rarp':
        return NEVER;
      case 'ip6':
        this.fail("'ip6' modifier applied to ip host");
      default:
        this.fail(`'${proto}' modifier applied to ${typestr}`);
    }
  }

  private port(port: number, proto: Proto, dir: Dir): FramePredicate {
    const wanted = (t: IpPayloadAny): boolean => {
      if (proto === 'default') return t.kind === 'tcp' || t.kind === 'udp' || (t.kind === 'other' && t.protocol === 132);
      if (proto === 'sctp') return t.kind === 'other' && t.protocol === 132;
      return t.kind === proto;
    };
    const portAt = (f: EthernetFrame, which: 'sport' | 'dport'): number | undefined => {
      const t = ipPayload(f);
      if (t === undefined || !wanted(t)) return undefined;
      if (t.kind === 'tcp' || t.kind === 'udp') return t[which];
      if (t.kind === 'other' && t.dataLength < 4) throw OUT_OF_BOUNDS; // SCTP header missing
      return 0; // SCTP payload bytes are not modelled (pcap.ts writes zeros)
    };
    return byDir(
      dir,
      (f) => portAt(f, 'sport') === port,
      (f) => portAt(f, 'dport') === port,
    );
  }

  private proto(v: number, proto: Proto): FramePredicate {
    switch (proto) {
      case 'default':
      case 'ip':
        return ipProto(v);
      case 'ip6':
        return NEVER;
      case 'arp':
        this.fail('arp does not encapsulate another protocol');
      case 'rarp':
        this.fail('rarp does not encapsulate another protocol');
      default:
        this.fail(`'${proto} proto' is bogus`);
    }
  }
}

/**
 * Compiles a pcap filter expression (the words after the options, joined by spaces as tcpdump
 * joins them). Throws TcpdumpError with libpcap's message (`tcpdump: can't parse filter
 * expression: syntax error`, `tcpdump: illegal port number 70000 > 65535`, ...), or an
 * `unsupported` TcpdumpError for valid filters outside the simulated subset.
 * The predicate never throws.
 */
export function compileFilter(expression: string): FramePredicate {
  const p = new FilterParser(expression).program();
  return (frame) => {
    try {
      return p(frame);
    } catch (e) {
      if (e === OUT_OF_BOUNDS) return false;
      throw e;
    }
  };
}
