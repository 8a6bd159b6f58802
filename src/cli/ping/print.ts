// What iputils 20221126 ping prints on stdout (measured on Linux 6.18, see the tool-output
// scenarios in content/scenarios/ping-nc-output*.sh): the PING line, a line per reply or ICMP
// error, then the statistics. Times are the one thing two correct runs never agree on (the
// kernel's microseconds, the engine's simulated clock), so they are printed masked as `<t>`,
// and the kernel's own output is masked the same way before the two are compared
// (maskToolTimes).

import { formatIpv4 } from '../../net/addr.ts';
import type { PingProcess } from '../../net/stack/ping.ts';

/** Stands for a time in ping's output: the value varies from run to run, even on one machine. */
export const MASKED_TIME = '<t>';

/** iputils' timing needs room for a struct timeval in the payload (16 bytes on 64-bit Linux). */
const TIMEVAL_BYTES = 16;

/** pr_icmph's words for destination unreachable (type 3), by code. */
const UNREACHABLE: readonly string[] = [
  'Destination Net Unreachable',
  'Destination Host Unreachable',
  'Destination Protocol Unreachable',
  'Destination Port Unreachable',
  'Frag needed and DF set',
  'Source Route Failed',
  'Destination Net Unknown',
  'Destination Host Unknown',
  'Source Host Isolated',
  'Destination Net Prohibited',
  'Destination Host Prohibited',
  'Destination Net Unreachable for Type of Service',
  'Destination Host Unreachable for Type of Service',
  'Packet filtered',
  'Precedence Violation',
  'Precedence Cutoff',
];

/** The words iputils prints after `From ADDR icmp_seq=N ` for an ICMP error. */
export function icmpErrorText(type: number, code: number): string {
  if (type === 3) return UNREACHABLE[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  if (type === 11) return code === 0 ? 'Time to live exceeded' : code === 1 ? 'Frag reassembly time exceeded' : `Time exceeded, Bad Code: ${code}`;
  return `Bad ICMP type: ${type}`;
}

/** printf("%g") of a float: ping's packet loss (33.3333, 100, 0). */
function percent(value: number): string {
  return String(Number(Math.fround(value).toPrecision(6)));
}

export interface PingHeader {
  readonly dst: string;
  readonly size: number;
  /** -I DEV: the source address the route gave, and the device; -I ADDR: that address, dev ''. */
  readonly from?: { readonly addr: string; readonly dev: string };
  /** -i 0 (or -f): ipg/ewma on the rtt line. */
  readonly noInterval?: boolean;
  /** -O: "no answer yet for icmp_seq=N" when the next request leaves first. */
  readonly outstanding?: boolean;
  /** -D: each line starts with the time it was printed, `[<t>] `. */
  readonly timestamps?: boolean;
  /** -q: no line per packet. */
  readonly quiet?: boolean;
  /** -f: a dot per request, erased by its reply, instead of lines; ipg/ewma on the rtt line. */
  readonly flood?: boolean;
}

/** ping's stdout for a finished PingProcess, times masked. */
export function formatPingOutput(ping: PingProcess, header: PingHeader): string {
  const lines: string[] = [];
  const from = header.from ? ` from ${header.from.addr} ${header.from.dev}:` : '';
  lines.push(`PING ${header.dst} (${header.dst})${from} ${header.size}(${header.size + 28}) bytes of data.`);
  const timing = header.size >= TIMEVAL_BYTES;
  // -f prints a dot per request and erases it when the reply comes: what stays is a dot per
  // request that got no reply.
  if (header.flood && !header.quiet) {
    const unanswered = Math.max(0, ping.transmitted - ping.received);
    if (unanswered) lines.push('.'.repeat(unanswered));
  }
  const stamp = header.timestamps ? `[${MASKED_TIME}] ` : '';
  for (const event of header.quiet || header.flood ? [] : ping.events) {
    if (event.kind === 'reply') {
      const time = timing ? ` time=${MASKED_TIME} ms` : '';
      lines.push(`${stamp}${event.bytes} bytes from ${formatIpv4(event.from)}: icmp_seq=${event.seq} ttl=${event.ttl}${time}${event.duplicate ? ' (DUP!)' : ''}`);
    } else if (event.kind === 'error') {
      lines.push(`${stamp}From ${formatIpv4(event.from)} icmp_seq=${event.seq} ${icmpErrorText(event.type, event.code)}`);
    } else if (header.outstanding) {
      lines.push(`${stamp}no answer yet for icmp_seq=${event.seq}`);
    }
  }
  lines.push('', `--- ${header.dst} ping statistics ---`);
  const counts = [`${ping.transmitted} packets transmitted`, `${ping.received} received`];
  if (ping.duplicates) counts.push(`+${ping.duplicates} duplicates`);
  if (ping.errors) counts.push(`+${ping.errors} errors`);
  if (ping.transmitted) counts.push(`${percent(((ping.transmitted - ping.received) * 100) / ping.transmitted)}% packet loss`, `time ${MASKED_TIME}ms`);
  lines.push(counts.join(', '));
  // With replies (and timing) the rtt line; without, iputils ends with an empty line.
  const ipg = (header.flood || header.noInterval) && ping.received && ping.transmitted > 1 ? `, ipg/ewma ${MASKED_TIME}/${MASKED_TIME} ms` : '';
  lines.push(ping.received && timing ? `rtt min/avg/max/mdev = ${MASKED_TIME}/${MASKED_TIME}/${MASKED_TIME}/${MASKED_TIME} ms${ipg}` : '');
  return `${lines.join('\n')}\n`;
}

/**
 * The kernel's ping and nc output with its times masked as the engine prints them: `time=0.050
 * ms`, `time 2003ms`, the rtt line's four values, and the flood's ipg/ewma.
 */
export function maskToolTimes(text: string): string {
  // -f writes a dot per request and "\b \b" per reply: what a terminal keeps is what is compared.
  let kept = text;
  if (kept.includes('\b')) {
    const out: string[] = [];
    for (const ch of kept) {
      if (ch === '\b') out.pop();
      else out.push(ch);
    }
    kept = out.join('').replace(/ +$/gm, '');
  }
  return kept
    .replace(/^\[\d+\.\d+\] /gm, `[${MASKED_TIME}] `)
    .replace(/ time=\d+(?:\.\d+)? ms/g, ` time=${MASKED_TIME} ms`)
    .replace(/, time \d+ms/g, `, time ${MASKED_TIME}ms`)
    .replace(/^rtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/gm, `rtt min/avg/max/mdev = ${MASKED_TIME}/${MASKED_TIME}/${MASKED_TIME}/${MASKED_TIME} ms`)
    .replace(/, ipg\/ewma [\d.]+\/[\d.]+ ms/g, `, ipg/ewma ${MASKED_TIME}/${MASKED_TIME} ms`);
}
