// Normalization of scenario output (shared/design/scenario-format.md, "Normalization"): what may
// differ between two correct runs is masked or renumbered, everything else is kept, so that the
// engine's output and the real kernel's can be compared line by line.
//
// Applied to both sides in the same way:
// - every line: runs of whitespace collapsed to one space, leading/trailing whitespace removed,
//   empty lines dropped;
// - captures: IGMP lines dropped (with -v also the `proto IGMP` header line and its `[gaddr`
//   continuation); `-v`'s IP header `id N` masked (it is random per packet, like TCP's ISN);
// - conntrack -L: `unknown` entries (IGMP) dropped, lines sorted; the timer (3rd field) is
//   compared within a tolerance: a timer between its state's timeout minus the run's duration
//   and that timeout prints as `T<=timeout`, any other value stays literal (see conntrackTimer);
// - iptables -L: a numeric protocol column (iptables-nft 1.8.9 prints `1`, `0`) printed as a
//   name (`icmp`, `all`);
// - ICMP errors that quote an ICMP packet (`protocol 1 port N unreachable`): the "port" is the
//   quoted ICMP checksum, masked;
// - TCP: `win N` and the numbers inside `options [...]` masked (the option names and their order
//   stay); at most one delayed ACK per FIN, which the same side's FIN repeats later, is dropped
//   (see dropDelayedFinAcks: it depends on how fast a process wakes up, not on the network);
// - renumbered by first appearance: ICMP echo ids (`id N` in tcpdump, `id=N` in conntrack, one
//   shared numbering) except `id 0` (the kernel's rewrite after a clash), MAC addresses that a
//   device was given at random (locally administered unicast: broadcast, zero, multicast and
//   universal MACs stay), TCP absolute sequence/ack numbers, ephemeral ports (32768 and up)
//   that the kernel picked: a port the script names (ScriptFacts) stays literal, and a port in a
//   range the script gave is renumbered with that range in its label, so that a port outside it
//   differs.
// The script (when given) tells which ports it names and how long the run may last.
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

import { parseScript } from '../cli/script.ts';
import { ICMP_TIMEOUT_MS } from '../net/conntrack/proto-icmp.ts';
import { TCP_TIMEOUTS_MS } from '../net/conntrack/proto-tcp.ts';
import { UDP_STREAM_TIMEOUT_MS, UDP_TIMEOUT_MS } from '../net/conntrack/proto-udp.ts';

const ICMP_ECHO_ID = /(ICMP echo (?:request|reply), id )(\d+)/g;
const CT_ID = /(\bid=)(\d+)/g;
const MAC = /\b[0-9a-f]{2}(?::[0-9a-f]{2}){5}\b/gi;
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

/** What the script says that normalization needs (see scriptFacts). */
export interface ScriptFacts {
  /** Ports the script names (nc -p, nc's port operands, --sport/--dport, --to-ports, :port of SNAT/DNAT). */
  readonly namedPorts: ReadonlySet<number>;
  /** Port ranges the script gives the kernel to pick from (--to-ports A-B, :A-B of SNAT/DNAT/MASQUERADE). */
  readonly portRanges: readonly (readonly [number, number])[];
  /** An upper bound of how long a run of the script lasts (s): the conntrack timer tolerance. */
  readonly durationS: number;
}

/** Without the script: no named ports, and a run of at most a minute. */
export const NO_SCRIPT_FACTS: ScriptFacts = { namedPorts: new Set(), portRanges: [], durationS: 60 };

/** Fixed cost of a run beside its sleeps and waits (namespaces, settle time, a loaded machine), s. */
const RUN_OVERHEAD_S = 5;

function portSpec(spec: string, named: Set<number>, ranges: [number, number][]): void {
  const m = /^(\d+)(?:[-:](\d+))?$/.exec(spec);
  if (!m) return;
  const lo = Number(m[1]);
  if (m[2] === undefined) named.add(lo);
  else ranges.push([lo, Number(m[2])]);
}

function seconds(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Ports the script names, ranges it gives, and how long it may run (upper bound). */
export function scriptFacts(source: string): ScriptFacts {
  const named = new Set<number>();
  const ranges: [number, number][] = [];
  let duration = RUN_OVERHEAD_S;
  let commands: ReturnType<typeof parseScript>;
  try {
    commands = parseScript(source);
  } catch {
    return NO_SCRIPT_FACTS;
  }
  for (const { argv } of commands) {
    const [name] = argv;
    duration += 0.05;
    const value = (opt: string): string | undefined => {
      const k = argv.indexOf(opt);
      return k >= 0 ? argv[k + 1] : undefined;
    };
    if (name === 'iptables') {
      for (const opt of ['--dport', '--sport', '--destination-port', '--source-port', '--to-ports']) {
        const v = value(opt);
        if (v !== undefined) portSpec(v.replace(/^!/, ''), named, ranges);
      }
      for (const opt of ['--to-source', '--to-destination', '--to']) {
        const v = value(opt);
        const port = v === undefined ? undefined : /:([\d:-]+)$/.exec(v)?.[1];
        if (port !== undefined) portSpec(port, named, ranges);
      }
    } else if (name === 'nc') {
      const words = argv.slice(1);
      for (let i = 0; i < words.length; i++) {
        const w = words[i] ?? '';
        const joined = /^-[a-zA-Z46]*p(\d+)$/.exec(w);
        if (joined) named.add(Number(joined[1]));
        else if (/^-[a-zA-Z46]*p$/.test(w)) portSpec(words[++i] ?? '', named, ranges);
        else if (/^-[a-zA-Z46]*[wqsIiMmOPTVWXx]$/.test(w)) {
          if (/w$/.test(w)) duration += seconds(words[i + 1], 0);
          if (/q$/.test(w)) duration += seconds(words[i + 1], 0);
          i++;
        } else if (/^\d+(-\d+)?$/.test(w)) {
          // port operands (listener port, client ports or a range of them): named by the script
          const [lo, hi] = w.split('-').map(Number);
          for (let p = lo ?? 0; p <= (hi ?? lo ?? 0) && p - (lo ?? 0) < 1000; p++) named.add(p);
        }
      }
    } else if (name === 'sleep') {
      duration += seconds(argv[1], 0);
    } else if (name === 'ping') {
      const count = seconds(value('-c'), 1);
      duration += count * seconds(value('-i'), 1) + seconds(value('-W'), 10) + seconds(value('-w'), 0);
    }
  }
  return { namedPorts: named, portRanges: ranges, durationS: duration };
}

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
function maskLine(kind: BlockKind, line: string, facts: ScriptFacts): string | undefined {
  switch (kind) {
    case 'capture': {
      if (isIgmpLine(line)) return undefined;
      return line
        .replace(/(\bprotocol 1 port )\d+/g, '$1*')
        .replace(/(\bwin )\d+/g, '$1*')
        .replace(/(\boptions \[)([^\]]*)\]/g, (_m, pre: string, opts: string) => `${pre}${opts.replace(/\d+/g, '*')}]`)
        .replace(/(\(tos 0x[0-9a-f]+, ttl \d+, id )\d+/g, '$1*');
    }
    case 'conntrack': {
      if (/^unknown\b/.test(line)) return undefined;
      return line.replace(/^(\S+ \d+ )(\d+)\b/, (m, pre: string, timer: string) => {
        const label = conntrackTimer(line, Number(timer), facts.durationS);
        return label === undefined ? m : pre + label;
      });
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

/** The timeouts (s) an entry of this conntrack -L line may have been refreshed with. */
function conntrackTimeouts(line: string): number[] {
  const proto = line.split(' ')[0];
  if (proto === 'icmp') return [ICMP_TIMEOUT_MS / 1000];
  if (proto === 'udp') return [(/\[ASSURED\]/.test(line) ? UDP_STREAM_TIMEOUT_MS : UDP_TIMEOUT_MS) / 1000];
  if (proto === 'tcp') {
    const state = line.split(' ')[3] ?? '';
    const t = (TCP_TIMEOUTS_MS as Readonly<Record<string, number>>)[state];
    if (t === undefined) return [];
    // retransmissions or unacknowledged data cap a long timeout at 300 s
    return t > TCP_TIMEOUTS_MS.UNACK ? [t / 1000, TCP_TIMEOUTS_MS.UNACK / 1000] : [t / 1000];
  }
  return [];
}

/**
 * A conntrack timer within tolerance of its state's timeout prints as `T<=timeout`: it lies
 * between the timeout minus the run's duration (and one more second: the kernel rounds down)
 * and the timeout. Any other value (and an entry of a protocol without a known timeout) stays
 * literal, so two runs must then agree on it exactly.
 */
function conntrackTimer(line: string, timer: number, durationS: number): string | undefined {
  const timeout = conntrackTimeouts(line).find((t) => timer <= t && timer >= t - durationS - 1);
  return timeout === undefined ? undefined : `T<=${timeout}`;
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
/** A MAC that a device was given at random: locally administered (bit 1) and unicast (bit 0 clear). */
function randomMac(mac: string): boolean {
  const first = parseInt(mac.slice(0, 2), 16);
  return (first & 0x03) === 0x02;
}

function renumber(kind: BlockKind, line: string, n: Numberings, see: boolean, facts: ScriptFacts): string {
  const use = (numbering: Numbering, value: string): string => {
    if (see) {
      numbering.see(value);
      return value;
    }
    return numbering.get(value);
  };
  let out = line;
  out = out.replace(MAC, (mac) => (randomMac(mac) ? use(n.macs, mac.toLowerCase()) : mac));
  if (kind === 'capture') {
    out = out.replace(ICMP_ECHO_ID, (m, pre: string, id: string) => (id === '0' ? m : pre + use(n.ids, id)));
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
  if (kind === 'conntrack') out = out.replace(CT_ID, (m, pre: string, id: string) => (id === '0' ? m : pre + use(n.ids, id)));
  const port = (m: string, pre: string, num: string): string => {
    const value = Number(num);
    if (facts.namedPorts.has(value)) return m;
    const range = facts.portRanges.find(([lo, hi]) => value >= lo && value <= hi);
    if (range !== undefined) return `${pre}${use(n.ports, num)}(in ${range[0]}-${range[1]})`;
    return value >= EPHEMERAL_MIN ? pre + use(n.ports, num) : m;
  };
  if (kind === 'capture') out = out.replace(IP_PORT, port).replace(L4_PORT, port);
  if (kind === 'conntrack') out = out.replace(CT_PORT, port);
  return out;
}

/** The text of a conntrack line with every renumbered field masked: the order numbering visits them in. */
function conntrackOrderKey(line: string, facts: ScriptFacts): string {
  return line
    .replace(CT_ID, (m, pre: string, id: string) => (id === '0' ? m : `${pre}*`))
    .replace(CT_PORT, (m, pre: string, num: string) => (renumberedPort(Number(num), facts) ? `${pre}*` : m))
    .replace(MAC, '*');
}

/** Is this port renumbered (picked by the kernel), or literal (named by the script, or low)? */
function renumberedPort(value: number, facts: ScriptFacts): boolean {
  if (facts.namedPorts.has(value)) return false;
  return value >= EPHEMERAL_MIN || facts.portRanges.some(([lo, hi]) => value >= lo && value <= hi);
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
  // At most one ACK per FIN: a second pure ACK of the same FIN is a real segment more.
  const acked = new Set<number>();
  return lines.filter((_l, i) => {
    const a = tcp[i];
    if (!a || a.flags !== '.' || a.length !== 0 || a.ack === undefined) return true;
    const fin = tcp.slice(0, i).findIndex((p) => p !== undefined && p.src === a.dst && p.dst === a.src && p.flags.includes('F') && p.seqEnd !== undefined && p.seqEnd + 1 === a.ack);
    const repeatedByOwnFin = tcp.slice(i + 1).some((p) => p !== undefined && p.src === a.src && p.dst === a.dst && p.flags.includes('F') && p.ack === a.ack);
    if (fin < 0 || !repeatedByOwnFin || acked.has(fin)) return true;
    acked.add(fin);
    return false;
  });
}

/** Normalizes scenario output into blocks (see the module comment); `script` is the scenario it came from. */
export function normalizeBlocks(text: string, script?: string): Block[] {
  const facts = script === undefined ? NO_SCRIPT_FACTS : scriptFacts(script);
  const blocks = splitBlocks(text).map((b): Block => {
    const lines = b.lines.flatMap((l) => {
      const masked = maskLine(b.kind, l, facts);
      return masked === undefined ? [] : [masked];
    });
    return { header: b.header, kind: b.kind, lines: b.kind === 'capture' ? dropDelayedFinAcks(lines) : lines };
  });
  const n: Numberings = { ids: new Numbering('ID'), macs: new Numbering('MAC'), ports: new Numbering('PORT'), seqs: new SeqNumbering() };
  const visitOrder = [...blocks.filter((b) => b.kind === 'capture'), ...blocks.filter((b) => b.kind !== 'capture')];
  for (const b of visitOrder) {
    const lines = b.kind === 'conntrack' ? [...b.lines].sort((x, y) => cmp(conntrackOrderKey(x, facts), conntrackOrderKey(y, facts))) : b.lines;
    for (const l of lines) renumber(b.kind, l, n, true, facts);
  }
  return blocks.map((b): Block => {
    const lines = b.lines.map((l) => renumber(b.kind, l, n, false, facts));
    if (b.kind === 'conntrack') lines.sort(cmp);
    return { header: b.header, kind: b.kind, lines };
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Normalized output as lines: each block's header followed by its lines. */
export function normalizeLines(text: string, script?: string): string[] {
  return normalizeBlocks(text, script).flatMap((b) => (b.header === '' ? b.lines : [b.header, ...b.lines]));
}

/** Normalized output as text (lines joined by newlines, with a final newline when not empty). */
export function normalize(text: string, script?: string): string {
  const lines = normalizeLines(text, script);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
