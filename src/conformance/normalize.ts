// Normalization of scenario output (shared/design/scenario-format.md, "Normalization"): what may
// differ between two correct runs is masked or renumbered, everything else is kept, so that the
// engine's output and the real kernel's can be compared line by line.
//
// Applied to both sides in the same way:
// - every line: runs of whitespace collapsed to one space, leading/trailing whitespace removed,
//   empty lines dropped;
// - captures: IGMP lines dropped (with -v also the `proto IGMP` header line and its `[gaddr`
//   continuation); `-v`'s IP header `id N` masked (it is random per packet, like TCP's ISN);
// - conntrack -L: `unknown` entries (IGMP) dropped, the timer (3rd field) masked, lines sorted;
// - iptables -L: a numeric protocol column (iptables-nft 1.8.9 prints `1`, `0`) printed as a
//   name (`icmp`, `all`);
// - ICMP errors that quote an ICMP packet (`protocol 1 port N unreachable`): the "port" is the
//   quoted ICMP checksum, masked;
// - TCP: `win N` and the contents of `options [...]` masked; a delayed ACK of a FIN that the
//   same side's FIN repeats later is dropped (see dropDelayedFinAcks: it depends on how fast a
//   process wakes up, not on the network);
// - renumbered by first appearance: ICMP echo ids (`id N` in tcpdump, `id=N` in conntrack, one
//   shared numbering), MAC addresses (except ff:ff:ff:ff:ff:ff and 00:00:00:00:00:00), TCP
//   absolute sequence/ack numbers, ephemeral ports (32768 and up).
//
// Renumbering scope: one numbering for the whole output, not one per block. Per block would be
// more forgiving (an extra line in one capture would not shift the numbers of the next), but it
// would hide facts the lessons teach: the same ICMP id on both sides of a router, an id that a
// NAT clash rewrote (id 4242 on eth3, id 0 on eth4 in seed case 02-A), a conntrack entry's id
// matching the captured packets, the same MAC in two captures. A numbering shift is itself a
// real difference, so a whole-output numbering reports only real differences.
// "First appearance" is taken in a fixed order that is the same for every correct run: capture
// blocks first (their lines are in time order), then the printed blocks in script order, with
// conntrack lines visited in the order of their text with the renumbered fields masked (the
// kernel lists entries in hash order, so their raw order must not decide the numbering).
// TCP absolute numbers within 1,000,000 after an earlier one (an ack of ISN+1) are printed
// relative to it (`SEQ#1+1`), so an off-by-one in the engine still shows.

const ICMP_ECHO_ID = /(ICMP echo (?:request|reply), id )(\d+)/g;
const CT_ID = /(\bid=)(\d+)/g;
const MAC = /\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/gi;
const SPECIAL_MACS = new Set(['ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00']);
const IP_PORT = /(\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\.)(\d+)\b/g;
const CT_PORT = /(\b[sd]port=)(\d+)/g;
const L4_PORT = /(\b(?:tcp|udp) port )(\d+)/g;
const SEQ_ACK = /(\b(?:seq|ack) )(\d+)(:\d+)?/g;
const EPHEMERAL_MIN = 32768;
const TCP_RELATIVE_LIMIT = 1_000_000;

const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  '0': 'all',
  '1': 'icmp',
  '2': 'igmp',
  '6': 'tcp',
  '17': 'udp',
  '41': 'ipv6',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'ipv6-icmp',
  '132': 'sctp',
  '136': 'udplite',
};

export type BlockKind = 'capture' | 'conntrack' | 'iptables' | 'printed' | 'preamble';

export interface Block {
  /** The header line (`== NS: COMMAND` or `== NS DEV`), whitespace collapsed; '' for lines before any header. */
  readonly header: string;
  readonly kind: BlockKind;
  readonly lines: string[];
}

function collapse(line: string): string {
  return line.replace(/\s+/g, ' ').trim();
}

function blockKind(header: string): BlockKind {
  const printed = /^== \S+: (.*)$/.exec(header);
  if (printed) {
    const command = printed[1] ?? '';
    if (/^conntrack\b/.test(command)) return 'conntrack';
    if (/^iptables\b/.test(command)) return 'iptables';
    return 'printed';
  }
  return 'capture';
}

/** Splits scenario output into blocks at `== ` header lines (whitespace collapsed, empty lines dropped). */
export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block = { header: '', kind: 'preamble', lines: [] };
  for (const raw of text.split(/\r?\n/)) {
    const line = collapse(raw);
    if (line === '') continue;
    if (line.startsWith('== ')) {
      if (current.header !== '' || current.lines.length > 0) blocks.push(current);
      current = { header: line, kind: blockKind(line), lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  if (current.header !== '' || current.lines.length > 0) blocks.push(current);
  return blocks;
}

function isIgmpLine(line: string): boolean {
  return /: igmp\b/.test(line) || /\bproto IGMP \(2\)/.test(line) || /^\[gaddr /.test(line);
}

/** Masks and drops that do not depend on other lines. */
function maskLine(kind: BlockKind, line: string): string | undefined {
  switch (kind) {
    case 'capture': {
      if (isIgmpLine(line)) return undefined;
      return line
        .replace(/(\bprotocol 1 port )\d+/g, '$1*')
        .replace(/(\bwin )\d+/g, '$1*')
        .replace(/(\boptions \[)[^\]]*\]/g, '$1*]')
        .replace(/(\(tos 0x[0-9a-f]+, ttl \d+, id )\d+/g, '$1*');
    }
    case 'conntrack': {
      if (/^unknown\b/.test(line)) return undefined;
      return line.replace(/^(\S+ \d+ )\d+\b/, '$1*');
    }
    case 'iptables': {
      const words = line.split(' ');
      const opt = words.slice(0, 6).findIndex((w) => w === '--' || w === '-f' || w === '!f');
      if (opt <= 0) return line;
      const prot = words[opt - 1] ?? '';
      const m = /^(!?)(\d+)$/.exec(prot);
      if (!m) return line;
      const name = PROTOCOL_NAMES[m[2] ?? ''];
      if (name === undefined) return line;
      words[opt - 1] = `${m[1] ?? ''}${name}`;
      return words.join(' ');
    }
    default:
      return line;
  }
}

/** First-appearance numbering of one kind of value. */
class Numbering {
  private readonly map = new Map<string, string>();
  private readonly prefix: string;
  constructor(prefix: string) {
    this.prefix = prefix;
  }
  see(value: string): void {
    if (!this.map.has(value)) this.map.set(value, `${this.prefix}#${this.map.size + 1}`);
  }
  get(value: string): string {
    this.see(value);
    return this.map.get(value) ?? value;
  }
}

/** TCP absolute numbers: a new base, or an offset from an earlier base. */
class SeqNumbering {
  private readonly bases: number[] = [];
  private label(value: number, create: boolean): string | undefined {
    for (let i = 0; i < this.bases.length; i++) {
      const base = this.bases[i] ?? 0;
      const off = (value - base + 0x1_0000_0000) % 0x1_0000_0000;
      if (off < TCP_RELATIVE_LIMIT) return off === 0 ? `SEQ#${i + 1}` : `SEQ#${i + 1}+${off}`;
    }
    if (!create) return undefined;
    this.bases.push(value);
    return `SEQ#${this.bases.length}`;
  }
  see(value: number): void {
    this.label(value, true);
  }
  get(value: number): string {
    return this.label(value, true) ?? String(value);
  }
}

interface Numberings {
  readonly ids: Numbering;
  readonly macs: Numbering;
  readonly ports: Numbering;
  readonly seqs: SeqNumbering;
}

function isTcpLine(line: string): boolean {
  return /\bFlags \[/.test(line);
}

/** True when the seq/ack numbers of a tcpdump TCP line are absolute (tcpdump prints them so for SYNs). */
function absoluteSeq(line: string, value: number): boolean {
  return /\bFlags \[[^\]]*S/.test(line) || value >= TCP_RELATIVE_LIMIT;
}

/** Visits (see = true) or rewrites (see = false) every renumbered field of a line, in order. */
function renumber(kind: BlockKind, line: string, n: Numberings, see: boolean): string {
  const use = (numbering: Numbering, value: string): string => {
    if (see) {
      numbering.see(value);
      return value;
    }
    return numbering.get(value);
  };
  let out = line;
  out = out.replace(MAC, (mac) => (SPECIAL_MACS.has(mac.toLowerCase()) ? mac : use(n.macs, mac.toLowerCase())));
  if (kind === 'capture') {
    out = out.replace(ICMP_ECHO_ID, (_m, pre: string, id: string) => pre + use(n.ids, id));
    if (isTcpLine(out)) {
      out = out.replace(SEQ_ACK, (m, pre: string, num: string, range: string | undefined) => {
        const value = Number(num);
        if (!absoluteSeq(out, value)) return m;
        const end = range === undefined ? undefined : Number(range.slice(1));
        if (see) {
          n.seqs.see(value);
          return m;
        }
        return `${pre}${n.seqs.get(value)}${end === undefined ? '' : `:${n.seqs.get(end)}`}`;
      });
    }
  }
  if (kind === 'conntrack') out = out.replace(CT_ID, (_m, pre: string, id: string) => pre + use(n.ids, id));
  const port = (m: string, pre: string, num: string): string => (Number(num) >= EPHEMERAL_MIN ? pre + use(n.ports, num) : m);
  if (kind === 'capture') out = out.replace(IP_PORT, port).replace(L4_PORT, port);
  if (kind === 'conntrack') out = out.replace(CT_PORT, port);
  return out;
}

/** The text of a conntrack line with every renumbered field masked: the order numbering visits them in. */
function conntrackOrderKey(line: string): string {
  return line.replace(CT_ID, '$1*').replace(CT_PORT, '$1*').replace(MAC, '*');
}

interface TcpLine {
  readonly src: string;
  readonly dst: string;
  readonly flags: string;
  /** The sequence number after the segment's data (the FIN occupies this one). */
  readonly seqEnd?: number;
  readonly ack?: number;
  readonly length: number;
}

const TCP_LINE = /(\S+) > (\S+): Flags \[([^\]]*)\](?:, seq (\d+)(?::(\d+))?)?(?:, ack (\d+))?.*, length (\d+)/;

function parseTcpLine(line: string): TcpLine | undefined {
  const m = TCP_LINE.exec(line);
  if (!m) return undefined;
  const seqStart = m[4] === undefined ? undefined : Number(m[4]);
  const seqEnd = m[5] === undefined ? seqStart : Number(m[5]);
  return { src: m[1] ?? '', dst: m[2] ?? '', flags: m[3] ?? '', seqEnd, ack: m[6] === undefined ? undefined : Number(m[6]), length: Number(m[7]) };
}

/**
 * The ACK of a received FIN is delayed (40 ms, tcp_fin enters pingpong mode) so that the
 * application's own FIN can carry it; nc closes at once when it reads EOF, so the usual close is
 * FIN, FIN-ACK, ACK. On a loaded machine the process sometimes wakes more than 40 ms late and
 * the kernel sends the ACK alone first (FIN, ACK, FIN-ACK, ACK): the same close, timed
 * differently. A pure ACK that acknowledges the other side's FIN and is repeated by a later
 * FIN of the same side with the same ack is therefore dropped, in both outputs.
 */
function dropDelayedFinAcks(lines: readonly string[]): string[] {
  const tcp = lines.map(parseTcpLine);
  return lines.filter((_l, i) => {
    const a = tcp[i];
    if (!a || a.flags !== '.' || a.length !== 0 || a.ack === undefined) return true;
    const acksPeerFin = tcp.slice(0, i).some((p) => p !== undefined && p.src === a.dst && p.dst === a.src && p.flags.includes('F') && p.seqEnd !== undefined && p.seqEnd + 1 === a.ack);
    const repeatedByOwnFin = tcp.slice(i + 1).some((p) => p !== undefined && p.src === a.src && p.dst === a.dst && p.flags.includes('F') && p.ack === a.ack);
    return !(acksPeerFin && repeatedByOwnFin);
  });
}

/** Normalizes scenario output into blocks (see the module comment). */
export function normalizeBlocks(text: string): Block[] {
  const blocks = splitBlocks(text).map((b): Block => {
    const lines = b.lines.flatMap((l) => {
      const masked = maskLine(b.kind, l);
      return masked === undefined ? [] : [masked];
    });
    return { header: b.header, kind: b.kind, lines: b.kind === 'capture' ? dropDelayedFinAcks(lines) : lines };
  });
  const n: Numberings = { ids: new Numbering('ID'), macs: new Numbering('MAC'), ports: new Numbering('PORT'), seqs: new SeqNumbering() };
  const visitOrder = [...blocks.filter((b) => b.kind === 'capture'), ...blocks.filter((b) => b.kind !== 'capture')];
  for (const b of visitOrder) {
    const lines = b.kind === 'conntrack' ? [...b.lines].sort((x, y) => cmp(conntrackOrderKey(x), conntrackOrderKey(y))) : b.lines;
    for (const l of lines) renumber(b.kind, l, n, true);
  }
  return blocks.map((b): Block => {
    const lines = b.lines.map((l) => renumber(b.kind, l, n, false));
    if (b.kind === 'conntrack') lines.sort(cmp);
    return { header: b.header, kind: b.kind, lines };
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Normalized output as lines: each block's header followed by its lines. */
export function normalizeLines(text: string): string[] {
  return normalizeBlocks(text).flatMap((b) => (b.header === '' ? b.lines : [b.header, ...b.lines]));
}

/** Normalized output as text (lines joined by newlines, with a final newline when not empty). */
export function normalize(text: string): string {
  const lines = normalizeLines(text);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
