// Capture predictions: "what does tcpdump print on br1?" graded line by line, in tcpdump's
// own terms.
//
// A capture line is its kind (ARP request, echo reply, port unreachable, TCP, ...), its source
// and its destination, always graded; and the fields tcpdump prints that carry a misconception,
// graded when the exercise asks for them (`fields="seq,id"` on <PredictCapture>, `fields:` in a
// quiz question) or when the learner states them in a typed line (who writes "seq 1" means it):
//   - id: the ICMP identifier. The kernel rewrites it to 0 on a NAT clash (S2): `0` is graded
//     exactly; any other number stands for "ping's own id", which the learner cannot know.
//   - seq: the ICMP sequence number (exact: ping numbers 1, 2, 3... whatever happens, S7); for
//     TCP the sequence number as tcpdump prints it (relative; a connection's first segment in
//     each direction prints the random initial number, and any number stands for it).
//   - ack: TCP's acknowledgement number, same rule; a line without "ack" says there is none.
//   - flags: TCP's flags as tcpdump prints them between the brackets: S, S., ., P., F., R, R.
//     (graded by default wherever the capture holds TCP: a segment is its flags, S8).
// Lengths, TTLs, ports, MAC addresses and timestamps are never graded.
//
// ARP lines are read as tcpdump prints them: a request "who-has T tell S" is sent by S, asking
// for T: source S (the "tell" address), destination T (the "who-has" address). A reply
// "A is-at MAC" is sent by A, the address that was asked for, back to the asker: source A (the
// "is-at" address), destination the asker. tcpdump does not print the asker's address in a
// reply, so a typed reply leaves the destination unsaid and it is not graded.

import { formatIpv4, parseIpv4 } from '../net/addr.ts';
import type { EthernetFrame } from '../net/wire/packet.ts';
import { gradeSequence, type SequenceGrade } from './align.ts';

export type LineKind =
  | 'arp-request'
  | 'arp-reply'
  | 'echo-request'
  | 'echo-reply'
  | 'port-unreachable'
  | 'host-unreachable'
  | 'net-unreachable'
  | 'admin-prohibited'
  | 'time-exceeded'
  | 'redirect'
  | 'udp'
  | 'tcp'
  | 'other';

export const LINE_KINDS: readonly LineKind[] = [
  'arp-request',
  'arp-reply',
  'echo-request',
  'echo-reply',
  'port-unreachable',
  'host-unreachable',
  'net-unreachable',
  'admin-prohibited',
  'time-exceeded',
  'redirect',
  'udp',
  'tcp',
  'other',
];

/** How a line kind is named in the pickers of lessons and quizzes. */
export const LINE_KIND_LABELS: Readonly<Record<LineKind, string>> = {
  'arp-request': 'ARP request (who-has)',
  'arp-reply': 'ARP reply (is-at)',
  'echo-request': 'ICMP echo request',
  'echo-reply': 'ICMP echo reply',
  'port-unreachable': 'ICMP port unreachable',
  'host-unreachable': 'ICMP host unreachable',
  'net-unreachable': 'ICMP net unreachable',
  'admin-prohibited': 'ICMP admin prohibited',
  'time-exceeded': 'ICMP time exceeded',
  redirect: 'ICMP redirect',
  udp: 'UDP',
  tcp: 'TCP',
  other: 'other',
};

export interface CaptureLine {
  readonly kind: LineKind;
  /** Dotted quad, normalized ("10.0.0.1", never "010.0.0.1"). For ARP, see the header. */
  readonly src: string;
  /** '' for a typed ARP reply (tcpdump does not print the asker): not graded. */
  readonly dst: string;
  /** ICMP echo identifier. */
  readonly id?: number;
  /** ICMP echo sequence number, or TCP's sequence number as tcpdump prints it. */
  readonly seq?: number;
  /** TCP acknowledgement number as tcpdump prints it. */
  readonly ack?: number;
  /** TCP flags as tcpdump prints them inside the brackets ("S", "S.", ".", "F.", "R."). */
  readonly flags?: string;
  /** Expected lines only: TCP seq/ack here are the connection's random initial numbers (any number stands for them). */
  readonly initial?: boolean;
}

export type CaptureField = 'kind' | 'src' | 'dst' | 'id' | 'seq' | 'ack' | 'flags';
/** Always graded. */
export const CAPTURE_FIELDS: readonly CaptureField[] = ['kind', 'src', 'dst'];
/** Graded when the exercise asks for them or the prediction states them. */
export type OptionalCaptureField = 'id' | 'seq' | 'ack' | 'flags';
export const OPTIONAL_CAPTURE_FIELDS: readonly OptionalCaptureField[] = ['id', 'seq', 'ack', 'flags'];
export const ALL_CAPTURE_FIELDS: readonly CaptureField[] = [...CAPTURE_FIELDS, ...OPTIONAL_CAPTURE_FIELDS];

/** The TCP flags a form offers, as tcpdump prints them, with their names. */
export const TCP_FLAGS: readonly (readonly [string, string])[] = [
  ['S', '[S] SYN'],
  ['S.', '[S.] SYN-ACK'],
  ['.', '[.] ACK'],
  ['P.', '[P.] PSH-ACK (data)'],
  ['F.', '[F.] FIN-ACK'],
  ['R', '[R] RST'],
  ['R.', '[R.] RST-ACK'],
];

/** "seq,id" (an exercise's `fields` attribute) -> the fields; throws on an unknown name. */
export function parseCaptureFields(text: string | undefined): OptionalCaptureField[] {
  if (text === undefined || text.trim() === '') return [];
  const out: OptionalCaptureField[] = [];
  for (const raw of text.split(/[\s,]+/)) {
    const f = raw.trim().toLowerCase();
    if (f === '') continue;
    if (!(OPTIONAL_CAPTURE_FIELDS as readonly string[]).includes(f)) throw new Error(`unknown capture field "${raw}" (known: ${OPTIONAL_CAPTURE_FIELDS.join(', ')})`);
    if (!out.includes(f as OptionalCaptureField)) out.push(f as OptionalCaptureField);
  }
  return out;
}

/** Whether a field applies to a line of this kind at all. */
export function fieldApplies(kind: LineKind, f: CaptureField): boolean {
  if (f === 'kind' || f === 'src' || f === 'dst') return true;
  if (kind === 'tcp') return f !== 'id';
  if (kind === 'echo-request' || kind === 'echo-reply') return f === 'id' || f === 'seq';
  return false;
}

/**
 * Whether a predicted field agrees with the engine's. `asked`: the exercise grades the field;
 * otherwise an optional field is graded only when the prediction states it.
 */
export function sameField(f: CaptureField, p: CaptureLine, e: CaptureLine, asked: readonly OptionalCaptureField[] = []): boolean {
  switch (f) {
    case 'kind':
      return p.kind === e.kind;
    case 'src':
      return p.src === e.src;
    case 'dst':
      // A typed ARP reply does not name the asker (tcpdump does not print it).
      return p.dst === e.dst || (p.kind === 'arp-reply' && p.dst === '');
    default: {
      const pv = p[f];
      const ev = e[f];
      if (pv === undefined && !(asked as readonly string[]).includes(f)) return true;
      if (pv === undefined || ev === undefined) return pv === ev || !fieldApplies(p.kind, f);
      if (f === 'id') return (pv === 0) === (ev === 0);
      if ((f === 'seq' || f === 'ack') && e.kind === 'tcp' && e.initial) return true;
      return pv === ev;
    }
  }
}

/** The fields an exercise grades: what it asks for, plus flags wherever the engine's capture holds TCP. */
export function askedFields(expected: readonly CaptureLine[], asked: readonly OptionalCaptureField[] = []): OptionalCaptureField[] {
  const out = [...asked];
  if (!out.includes('flags') && expected.some((l) => l.kind === 'tcp')) out.push('flags');
  return out;
}

/** The fields a prediction line is graded on. */
export function gradedFields(p: CaptureLine, asked: readonly OptionalCaptureField[] = []): CaptureField[] {
  return [...CAPTURE_FIELDS, ...OPTIONAL_CAPTURE_FIELDS.filter((f) => fieldApplies(p.kind, f) && (p[f] !== undefined || asked.includes(f)))];
}

export type CaptureGrade = SequenceGrade<CaptureLine, CaptureField>;

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** ICMP destination-unreachable codes the course names; any other code is 'other'. */
function unreachableKind(code: number): LineKind {
  switch (code) {
    case 0:
      return 'net-unreachable';
    case 1:
      return 'host-unreachable';
    case 3:
      return 'port-unreachable';
    case 9: // net administratively prohibited (REJECT --reject-with icmp-net-prohibited)
    case 10: // host administratively prohibited (icmp-host-prohibited)
    case 13: // communication administratively prohibited (icmp-admin-prohibited)
      return 'admin-prohibited';
    default:
      return 'other';
  }
}

/** tcpdump's Flags [...] letters for a segment (F S R P . U E W, in tcpdump's order). */
function tcpFlags(f: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean; psh?: boolean; urg?: boolean; ece?: boolean; cwr?: boolean }): string {
  let out = '';
  if (f.fin) out += 'F';
  if (f.syn) out += 'S';
  if (f.rst) out += 'R';
  if (f.psh) out += 'P';
  if (f.ack) out += '.';
  if (f.urg) out += 'U';
  if (f.ece) out += 'E';
  if (f.cwr) out += 'W';
  return out === '' ? 'none' : out;
}

/**
 * The fields of a frame the engine captured. TCP seq/ack are the absolute numbers here;
 * captureLines gives them as tcpdump prints them (relative after a direction's first segment).
 */
export function lineFromFrame(frame: EthernetFrame): CaptureLine {
  const p = frame.payload;
  if (p.kind === 'arp') {
    // Request: sent by the "tell" address, asking for the "who-has" one. Reply: sent by the
    // address that "is-at", to the asker.
    return { kind: p.op === 'request' ? 'arp-request' : 'arp-reply', src: formatIpv4(p.senderIp), dst: formatIpv4(p.targetIp) };
  }
  const src = formatIpv4(p.src);
  const dst = formatIpv4(p.dst);
  const t = p.payload;
  if (t.kind === 'icmp') {
    if (t.type === 8 || t.type === 0) {
      const echo = t as { id: number; seq: number };
      return { kind: t.type === 8 ? 'echo-request' : 'echo-reply', src, dst, id: echo.id, seq: echo.seq };
    }
    let kind: LineKind = 'other';
    if (t.type === 3) kind = unreachableKind(t.code);
    else if (t.type === 5) kind = 'redirect';
    else if (t.type === 11) kind = 'time-exceeded';
    return { kind, src, dst };
  }
  if (t.kind === 'udp') return { kind: 'udp', src, dst };
  if (t.kind === 'tcp') return { kind: 'tcp', src, dst, flags: tcpFlags(t.flags), seq: t.seq, ...(t.flags.ack ? { ack: t.ack } : {}) };
  return { kind: 'other', src, dst };
}

/** The line as the course shows a prediction's meaning (tcpdump's words, with the fields it states). */
export function formatCaptureLine(line: CaptureLine): string {
  const ip = `IP ${line.src} > ${line.dst}: `;
  const echo = (what: string): string => `${ip}ICMP echo ${what}${line.id !== undefined ? `, id ${line.id}` : ''}${line.seq !== undefined ? `, seq ${line.seq}` : ''}`;
  switch (line.kind) {
    case 'arp-request':
      return `ARP, Request who-has ${line.dst} tell ${line.src}`;
    case 'arp-reply':
      return `ARP, Reply ${line.src} is-at …${line.dst ? ` (to ${line.dst})` : ''}`;
    case 'echo-request':
      return echo('request');
    case 'echo-reply':
      return echo('reply');
    case 'port-unreachable':
      return `${ip}ICMP … port … unreachable`;
    case 'host-unreachable':
      return `${ip}ICMP host … unreachable`;
    case 'net-unreachable':
      return `${ip}ICMP net … unreachable`;
    case 'admin-prohibited':
      return `${ip}ICMP host … unreachable - admin prohibited`;
    case 'time-exceeded':
      return `${ip}ICMP time exceeded in-transit`;
    case 'redirect':
      return `${ip}ICMP redirect …`;
    case 'udp':
      return `${ip}UDP`;
    case 'tcp': {
      const parts = [line.flags !== undefined ? `Flags [${line.flags}]` : 'TCP'];
      if (line.seq !== undefined) parts.push(`seq ${line.seq}`);
      if (line.ack !== undefined) parts.push(`ack ${line.ack}`);
      return `${ip}${parts.join(', ')}`;
    }
    case 'other':
      return `${ip}…`;
  }
}

// --- Parsing what a learner typed ---------------------------------------------------------

const ADDR = String.raw`(\d{1,3}(?:\.\d{1,3}){3})`;

function address(text: string, role: string): ParseResult<string> {
  const a = parseIpv4(text);
  if (a === undefined) return { ok: false, error: `"${text}" (the ${role}) is not an IPv4 address` };
  return { ok: true, value: formatIpv4(a) };
}

/** "10.0.0.1" or "10.0.0.1.5353" (tcpdump appends the port with a dot). */
function endpoint(text: string, role: string): ParseResult<string> {
  const m = new RegExp(`^${ADDR}(?:\\.(\\d{1,5}))?$`).exec(text);
  if (!m) return { ok: false, error: `"${text}" (the ${role}) is not an IPv4 address` };
  return address(m[1]!, role);
}

const EXAMPLES =
  'for example "IP 10.0.0.1 > 10.0.0.2: ICMP echo request" or "ARP, Request who-has 10.0.0.2 tell 10.0.0.1"';

function parseArp(rest: string): ParseResult<CaptureLine> {
  // rest: lower case, single spaces, no "arp," prefix, trailing ", length N" removed.
  const req = new RegExp(`^(?:request )?who-has ${ADDR}(?: \\([0-9a-f:]*\\))? tell ${ADDR}$`).exec(rest);
  if (req) {
    const dst = address(req[1]!, 'asked-for address');
    if (!dst.ok) return dst;
    const src = address(req[2]!, '"tell" address');
    if (!src.ok) return src;
    return { ok: true, value: { kind: 'arp-request', src: src.value, dst: dst.value } };
  }
  const rep = new RegExp(`^(?:reply )?${ADDR}(?: is-at(?: \\S+)?)?$`).exec(rest);
  if (rep && (rest.startsWith('reply') || rest.includes('is-at'))) {
    const a = address(rep[1]!, 'replying address');
    if (!a.ok) return a;
    // tcpdump does not print whom a reply goes to: the destination is left unsaid.
    return { ok: true, value: { kind: 'arp-reply', src: a.value, dst: '' } };
  }
  if (rest.includes('who-has')) {
    return { ok: false, error: 'an ARP request reads "ARP, Request who-has ADDRESS tell ADDRESS"' };
  }
  return {
    ok: false,
    error: `ARP line not understood: "${rest}" (expected "Request who-has A tell B" or "Reply A is-at MAC")`,
  };
}

/** What follows "SRC > DST:" for IP lines, lower case. */
function ipKind(what: string): LineKind | undefined {
  let w = what.replace(/^icmp\b ?/, '');
  w = w.replace(/, length \d+$/, '').trim();
  if (/^echo request\b/.test(w)) return 'echo-request';
  if (/^echo reply\b/.test(w)) return 'echo-reply';
  if (/time exceeded/.test(w)) return 'time-exceeded';
  if (/^redirect/.test(w)) return 'redirect';
  if (/unreachable|prohibited/.test(w)) {
    if (/prohibited/.test(w) && !/tos prohibited/.test(w)) return 'admin-prohibited';
    // Codes tcpdump prints with a " - reason" (source route failed, unknown, need to frag,
    // tos prohibited, precedence ...) are not among the kinds the course names.
    if (/ - /.test(w)) return 'other';
    if (/\bport\b/.test(w)) return 'port-unreachable';
    if (/\bprotocol\b/.test(w)) return 'other';
    if (/^net\b/.test(w)) return 'net-unreachable';
    if (/^host\b/.test(w)) return 'host-unreachable';
    return undefined;
  }
  if (/^udp\b/.test(w)) return 'udp';
  if (/^(tcp\b|flags \[)/.test(w)) return 'tcp';
  if (/^ip-proto-\d+/.test(w)) return 'other';
  return undefined;
}

/**
 * One line as a learner types it, in tcpdump -n's own format (also accepted: with a leading
 * timestamp, with -e's link-level header, without "IP", without ids/seqs/lengths, any case
 * and spacing). Returns the line's fields or a message saying what was not understood.
 */
export function parseTcpdumpLine(text: string): ParseResult<CaptureLine> {
  let s = text.trim().replace(/\s+/g, ' ').toLowerCase();
  if (s === '') return { ok: false, error: `an empty line: type what tcpdump prints, ${EXAMPLES}` };
  s = s.replace(/^\d{1,2}:\d{2}:\d{2}(?:\.\d+)? /, ''); // timestamp (tcpdump without -t)
  // -i any (Linux cooked v2): "eth1  In  IP ...": the device and the packet type come first.
  s = s.replace(/^\S+ (?:in|out|b|m|p) (?=(?:ip|arp|ifindex)\b)/, '');
  // -e: "MAC > MAC, ethertype IPv4 (0x0800), length 98: ..."; with -i any "ifindex N MAC ethertype ...".
  const eth = /^(?:[0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5} > [0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5},|ifindex \d+ [0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5}) ethertype (\S+) \(0x[0-9a-f]+\), length \d+: (.*)$/.exec(s);
  if (eth) s = eth[1] === 'arp' ? `arp, ${eth[2]!}` : eth[2]!;
  s = s.replace(/, length \d+$/, '');
  if (/^arp\b/.test(s) || /\bwho-has\b/.test(s) || /\bis-at\b/.test(s)) {
    return parseArp(s.replace(/^arp\b,? ?/, ''));
  }
  s = s.replace(/^ip\b,? ?/, '');
  if (!s.includes('>')) return { ok: false, error: `expected "SOURCE > DESTINATION: ..." or an ARP line, ${EXAMPLES}` };
  const m = /^(\S+?) ?> ?(\S+?)(?: ?: ?| )(.*)$/.exec(s) ?? /^(\S+?) ?> ?(\S+?) ?:?()$/.exec(s);
  if (!m) return { ok: false, error: `expected "SOURCE > DESTINATION: what the packet is", ${EXAMPLES}` };
  const src = endpoint(m[1]!, 'source');
  if (!src.ok) return src;
  const dst = endpoint(m[2]!, 'destination');
  if (!dst.ok) return dst;
  const what = m[3]!.trim();
  if (what === '') return { ok: false, error: 'nothing after the colon: say what the packet is (ICMP echo request, ICMP echo reply, UDP, ...)' };
  const kind = ipKind(what);
  if (!kind) {
    return {
      ok: false,
      error: `"${what}" not understood: after the colon, expected what the packet is, as tcpdump says it (ICMP echo request, ICMP echo reply, ICMP host A unreachable, ICMP A udp port N unreachable, ICMP time exceeded in-transit, UDP, Flags [S], ...)`,
    };
  }
  return { ok: true, value: { kind, src: src.value, dst: dst.value, ...typedFields(kind, what) } };
}

/** The id, seq, ack and flags a typed line states (tcpdump's ", id N, seq N", "Flags [S.], seq N, ack N"). */
function typedFields(kind: LineKind, what: string): Partial<Pick<CaptureLine, 'id' | 'seq' | 'ack' | 'flags'>> {
  const num = (re: RegExp): number | undefined => {
    const m = re.exec(what);
    return m ? Number(m[1]) : undefined;
  };
  if (kind === 'echo-request' || kind === 'echo-reply') {
    const id = num(/\bid (\d+)/);
    const seq = num(/\bseq (\d+)/);
    return { ...(id !== undefined ? { id } : {}), ...(seq !== undefined ? { seq } : {}) };
  }
  if (kind === 'tcp') {
    const flags = /flags \[([^\]]*)\]/.exec(what)?.[1];
    const seq = num(/\bseq (\d+)/);
    const ack = num(/\back (\d+)/);
    return {
      ...(flags !== undefined ? { flags: flags.toUpperCase().replace(/\s+/g, '') === 'NONE' ? 'none' : flags.toUpperCase().replace(/\s+/g, '') } : {}),
      ...(seq !== undefined ? { seq } : {}),
      ...(ack !== undefined ? { ack } : {}),
    };
  }
  return {};
}

interface ParsedCapture {
  readonly lines: readonly CaptureLine[];
  /** 1-based line numbers of the text (blank lines do not count as lines but keep numbering). */
  readonly errors: readonly { readonly line: number; readonly text: string; readonly message: string }[];
}

/** A whole typed capture: one line per packet; blank lines and lines starting with # skipped. */
export function parseTcpdumpLines(text: string): ParsedCapture {
  const lines: CaptureLine[] = [];
  const errors: { line: number; text: string; message: string }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const r = parseTcpdumpLine(t);
    if (r.ok) lines.push(r.value);
    else errors.push({ line: index + 1, text: raw, message: r.error });
  });
  return { lines, errors };
}

/**
 * Aligns the prediction with the engine's capture (see align.ts) and grades it field by field:
 * kind, source and destination always; id, seq, ack and flags where `asked` names them or the
 * prediction states them (see the header).
 */
export function gradeCapture(predicted: readonly CaptureLine[], expected: readonly CaptureLine[], asked: readonly OptionalCaptureField[] = []): CaptureGrade {
  return gradeSequence(predicted, expected, ALL_CAPTURE_FIELDS, (f, p, e) => sameField(f, p, e, asked));
}

/**
 * The expected lines of an engine capture (LabModel's CaptureResult.frames), with TCP seq/ack as
 * tcpdump prints them: pass the capture's printed `lines` (one per frame) and they are read from
 * there; a direction's first segment prints the random initial numbers and is marked `initial`.
 */
export function captureLines(frames: readonly EthernetFrame[], printed?: readonly string[]): CaptureLine[] {
  const seen = new Set<string>();
  return frames.map((frame, i) => {
    const line = lineFromFrame(frame);
    if (line.kind !== 'tcp' || frame.payload.kind !== 'ipv4' || frame.payload.payload.kind !== 'tcp') return line;
    const seg = frame.payload.payload;
    const key = `${line.src}.${seg.sport}>${line.dst}.${seg.dport}`;
    const initial = !seen.has(key);
    seen.add(key);
    const text = printed && printed.length === frames.length ? parseTcpdumpLine(printed[i]!) : undefined;
    const fromText = text?.ok ? text.value : undefined;
    const { seq: _s, ack: _a, ...rest } = line;
    const seq = fromText ? fromText.seq : line.seq;
    const ack = fromText ? fromText.ack : line.ack;
    return { ...rest, ...(seq !== undefined ? { seq } : {}), ...(ack !== undefined ? { ack } : {}), ...(initial || !fromText ? { initial: true } : {}) };
  });
}
