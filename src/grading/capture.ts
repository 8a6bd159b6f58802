// Capture predictions: "what does tcpdump print on br1?" graded line by line.
//
// What a prediction means is the course's decision, and it is this: a capture line is its
// kind (ARP request, echo reply, port unreachable, ...), its source and its destination.
// Grading ignores ICMP ids and sequence numbers, lengths, TTLs, ports, TCP flags and numbers,
// MAC addresses and timestamps: the labs ask where a packet shows up and with which addresses
// (has it been NATed yet? which address does the ARP request tell?), not things a learner
// could only copy from the answer. An exercise about one of those (the ICMP id that conntrack
// rewrites, say) needs its own grading.
//
// Fields: for IP lines, the IP source and destination (without ports). For ARP, `src` is the
// address the request says to `tell` (the sender), `dst` the asked-for address (`who-has`);
// a reply names one address, the one that was asked for and now answers (`Reply A is-at MAC`),
// so both `src` and `dst` of a reply are A.

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
  /** Dotted quad, normalized ("10.0.0.1", never "010.0.0.1"). */
  readonly src: string;
  readonly dst: string;
}

type CaptureField = 'kind' | 'src' | 'dst';
export const CAPTURE_FIELDS: readonly CaptureField[] = ['kind', 'src', 'dst'];

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

/** The fields of a frame the engine captured. */
export function lineFromFrame(frame: EthernetFrame): CaptureLine {
  const p = frame.payload;
  if (p.kind === 'arp') {
    return p.op === 'request'
      ? { kind: 'arp-request', src: formatIpv4(p.senderIp), dst: formatIpv4(p.targetIp) }
      : { kind: 'arp-reply', src: formatIpv4(p.senderIp), dst: formatIpv4(p.senderIp) };
  }
  const src = formatIpv4(p.src);
  const dst = formatIpv4(p.dst);
  const t = p.payload as { kind: string; type?: number; code?: number };
  let kind: LineKind = 'other';
  if (t.kind === 'icmp') {
    if (t.type === 8) kind = 'echo-request';
    else if (t.type === 0) kind = 'echo-reply';
    else if (t.type === 3) kind = unreachableKind(t.code ?? -1);
    else if (t.type === 5) kind = 'redirect';
    else if (t.type === 11) kind = 'time-exceeded';
  } else if (t.kind === 'udp') kind = 'udp';
  else if (t.kind === 'tcp') kind = 'tcp';
  return { kind, src, dst };
}

/** The line as the course shows a prediction's meaning (tcpdump's words, without ids/lengths). */
export function formatCaptureLine(line: CaptureLine): string {
  switch (line.kind) {
    case 'arp-request':
      return `ARP, Request who-has ${line.dst} tell ${line.src}`;
    case 'arp-reply':
      return `ARP, Reply ${line.src} is-at …`;
    case 'echo-request':
      return `IP ${line.src} > ${line.dst}: ICMP echo request`;
    case 'echo-reply':
      return `IP ${line.src} > ${line.dst}: ICMP echo reply`;
    case 'port-unreachable':
      return `IP ${line.src} > ${line.dst}: ICMP … port … unreachable`;
    case 'host-unreachable':
      return `IP ${line.src} > ${line.dst}: ICMP host … unreachable`;
    case 'net-unreachable':
      return `IP ${line.src} > ${line.dst}: ICMP net … unreachable`;
    case 'admin-prohibited':
      return `IP ${line.src} > ${line.dst}: ICMP host … unreachable - admin prohibited`;
    case 'time-exceeded':
      return `IP ${line.src} > ${line.dst}: ICMP time exceeded in-transit`;
    case 'redirect':
      return `IP ${line.src} > ${line.dst}: ICMP redirect …`;
    case 'udp':
      return `IP ${line.src} > ${line.dst}: UDP`;
    case 'tcp':
      return `IP ${line.src} > ${line.dst}: TCP`;
    case 'other':
      return `IP ${line.src} > ${line.dst}: …`;
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
    return { ok: true, value: { kind: 'arp-reply', src: a.value, dst: a.value } };
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
  // -e: "MAC > MAC, ethertype IPv4 (0x0800), length 98: ..."
  const eth = /^[0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5} > [0-9a-f]{1,2}(?::[0-9a-f]{1,2}){5}, ethertype (\S+) \(0x[0-9a-f]+\), length \d+: (.*)$/.exec(s);
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
  return { ok: true, value: { kind, src: src.value, dst: dst.value } };
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

/** Aligns the prediction with the engine's capture (see align.ts) and grades kind/src/dst. */
export function gradeCapture(predicted: readonly CaptureLine[], expected: readonly CaptureLine[]): CaptureGrade {
  return gradeSequence(predicted, expected, CAPTURE_FIELDS);
}

/** The expected lines of an engine capture (LabModel's CaptureResult.frames). */
export function captureLines(frames: readonly EthernetFrame[]): CaptureLine[] {
  return frames.map(lineFromFrame);
}
