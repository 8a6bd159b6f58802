// The pcap-filter lexer (libpcap 1.10.3 scanner.l): at each position the longest match wins;
// on a tie the earlier rule. A message the scanner sets (`number 08 contains non-octal digit`,
// bpf_set_error) is kept: the first one set wins over a later syntax error.

export type Tok =
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

export function lexAt(s: string, start: number): Lexed {
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

/** Keywords that name a protocol (grammar.y's pname), whether or not the simulator supports them. */
export const ALL_PNAMES: ReadonlySet<string> = new Set([
  'link', 'ip', 'arp', 'rarp', 'sctp', 'tcp', 'udp', 'icmp', 'igmp', 'igrp', 'pim', 'vrrp', 'carp', 'atalk', 'aarp', 'decnet', 'lat', 'sca',
  'mopdl', 'moprc', 'ip6', 'icmp6', 'ah', 'esp', 'iso', 'esis', 'isis', 'l1', 'l2', 'iih', 'lsp', 'snp', 'psnp', 'csnp', 'clnp', 'stp', 'ipx',
  'netbeui', 'radio',
]);

export function isKw(tok: Tok, ...words: string[]): boolean {
  return tok.k === 'kw' && words.includes(tok.w);
}

export function isOp(tok: Tok, ...ops: string[]): boolean {
  return tok.k === 'op' && ops.includes(tok.text);
}

/** The parser's view of the scanner: one token of lookahead (two where the LALR parser reads two). */
export class Lexer {
  readonly text: string;
  /** Where the next unread token starts. */
  pos = 0;
  private peeked: Lexed | undefined;
  /** The first message libpcap would have set (bpf_set_error keeps the first). */
  firstError: string | undefined;

  constructor(text: string) {
    this.text = text;
  }

  peek(): Tok {
    if (!this.peeked) {
      this.peeked = lexAt(this.text, this.pos);
      if (this.peeked.error !== undefined && this.firstError === undefined) this.firstError = this.peeked.error;
    }
    return this.peeked.tok;
  }

  next(): Tok {
    const tok = this.peek();
    this.pos = this.peeked?.end ?? this.pos;
    this.peeked = undefined;
    return tok;
  }

  /** The token after the peeked one, without consuming anything. */
  peekSecond(): Tok {
    this.peek();
    const second = lexAt(this.text, this.peeked?.end ?? this.pos);
    if (second.error !== undefined && this.firstError === undefined) this.firstError = second.error;
    return second.tok;
  }
}
