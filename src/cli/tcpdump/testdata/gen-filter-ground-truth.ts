// Regenerates filter-ground-truth.json: random frames plus hand-written and random filter
// expressions (grammatical, mutated, conjunctions, token soups), each run through the real
// `tcpdump -tt -n -r frames.pcap FILTER` (tcpdump 4.99.3, libpcap 1.10.3). For every
// expression the fixture records which frames matched (a hex bitmap, see encodeMatches) or
// tcpdump's error message. filter.test.ts checks compileFilter against it.
//
// Run as root on a machine with tcpdump installed (tcpdump runs inside `unshare --net --mount`):
//   npx node src/cli/tcpdump/testdata/gen-filter-ground-truth.ts

import { writeFileSync } from 'node:fs';
import { pcapFile } from '../../../net/wire/pcap.ts';
import { realTcpdump } from '../../../net/wire/testdata/gen-tcpdump-ground-truth.ts';
import { FrameRandom } from '../../../net/wire/testdata/random-frames.ts';
import type { EthernetFrame } from '../../../net/wire/packet.ts';
import { randomConjunction, randomFilter, randomSoup } from './random-filters.ts';

/** Hand-written cases: the documented subset, libpcap's quirks and its error messages. */
export const HAND_WRITTEN: readonly string[] = [
  '',
  'icmp',
  'arp',
  'ip',
  'tcp',
  'udp',
  'rarp',
  'ip6',
  'igmp',
  'sctp',
  'host 10.1.0.1',
  'host 10.1.0.2 and icmp',
  'src host 10.1.0.2',
  'dst host 10.1.0.2',
  'src 10.1.0.1',
  'dst 10.1.0.1',
  'src or dst 10.1.0.1',
  'src and dst 10.1.0.1',
  'dst or src host 10.2.0.2',
  'arp host 10.1.0.1',
  'ip host 10.1.0.1',
  'arp src 10.1.0.2',
  'arp dst 10.1.0.3',
  'net 10.1.0.0/16',
  'net 10.0.0.0/8',
  'src net 10.1.0.0/24',
  'dst net 192.0.2.0/24',
  'net 10',
  'net 10.1',
  'net 266',
  'net 0.0.0.0/0',
  'net 10.0.0.0/0',
  'net 1.2.0.0 mask 255.255',
  'net 10.1.0.0 mask 255.255.0.0',
  'host 10.1',
  'host 167837698',
  'dst host 0x0a010002',
  'port 80',
  'port 8080 or 4000',
  'tcp port 80',
  'udp port 4000',
  'src port 5555',
  'dst port 40000',
  'tcp dst port 80 or 8080',
  'udp and port 9999',
  'port 0',
  'port 010',
  'port 0x50',
  'sctp port 0',
  'proto 1',
  'ip proto 17',
  'proto 253',
  'ip proto 300',
  'ip6 proto 6',
  'icmp or arp',
  'not icmp',
  '!arp',
  'not not icmp',
  '! ! icmp',
  'icmp || arp && !tcp',
  'host 10.1.0.1 or port 80 and icmp',
  'host 10.1.0.1 or 10.1.0.2',
  'host 10.1.0.1 and not 10.1.0.2',
  'host 10.1.0.1 and (10.2.0.2 or 10.1.0.3)',
  'host (10.1.0.1 or (10.2.0.2 and 10.1.0.3))',
  'host not 10.1.0.1',
  'host (not (10.1.0.1 or 10.1.0.2))',
  'port (80 or 4000)',
  'port 80 and (not 4000)',
  'port 1 and ((80))',
  'host (167837697)',
  'host 10.1.0.1 and (tcp) and 10.2.0.2',
  'net 10.1.0.0/16 or 10.2',
  'net 10 or 192.0.2.0/24',
  'icmp and (host 10.1.0.1 or host 10.2.0.2)',
  'not (icmp or arp)',
  'not(icmp)',
  'tcp or udp or icmp',
  'ip and not arp',
  'src port 80 or 443',
  'tcp src or dst port 80',
  'udp dst port 4000 and ip src 10.1.0.2',
  'host 10.1.0.1 && port 80 || icmp',
  'hst 1.2.3.4',
  'host',
  'host 1.2.3.4 and',
  'tcp and 80',
  'host 1.1.1.1 and tcp or 2.2.2.2',
  '(host 1.1.1.1) and 2.2.2.2',
  'tcp and (1.1.1.1)',
  'port 80 or tcp and 443',
  'host foo',
  'port 70000',
  'port 65536',
  'net 10.1.0.1/24',
  'net 10.0.0.0/33',
  'net 10.0.0.0/',
  'net 10/8',
  'host 10.0.0.0/8',
  'port 10.1.0.1',
  'port 10.0.0.0/8',
  'proto 10.1.0.1',
  'src proto 6',
  'tcp proto 6',
  'icmp proto 6',
  'arp proto 6',
  'rarp proto 6',
  'tcp host 1.1.1.1',
  'icmp src 1.1.1.1',
  'udp src host 1.1.1.1',
  'igmp host 1.1.1.1',
  'ip6 host 1.1.1.1',
  'tcp net 10.0.0.0/8',
  'icmp port 80',
  'ip port 80',
  'arp port 80',
  'gateway 1.1.1.1',
  '(host 1.1.1.1',
  'host 1.1.1.1)',
  'host 1.1.1.1 @',
  '@',
  '80',
  '1.2.3.4',
  '()',
  'not',
  '!',
  'and',
  'ICMP',
  'Host 1.1.1.1',
  'host 1.2.3.400',
  'host 256.1.1.1',
  'host 0x0a.1.1.1',
  'host 1.2.3.4.5',
  'host 1..2',
  'host 1.2.3',
  'host 01.02.03.04',
  'port 08',
  'port 99999999999',
  'port -1',
  'host 1.2.3.4 08',
  'port 70000 and 08',
  'host 1.2.3.400 @',
  'host 1.1.1.1 and (2.2.2.400 or @)',
  'tcp and 1.2.3.400',
  'tcp and 10.0.0.0/8',
  'tcp and foo',
  'not tcp and 80',
  'net 300.0.0.0/8',
  'net 10.0.0.0 mask 255.300.0.0',
  'net 10.0.0.0/08',
  'host 1.1.1.1 mask 255.0.0.0',
  'host 1.1.1.1 mask 255.255.255.255',
  'net 1.1.0.0 mask 255.0.0.0',
  'net 1.0.0.0 mask 255',
  'src or 1.1.1.1',
  'src or dst or host 1.1.1.1',
  'host ((1.1.1.1 or 2.2.2.2) and 3.3.3.3)',
  '(80)',
  '(1.1.1.1)',
  'port icmp-echo',
  'icmp-echo',
  'ip and',
  'tcp or',
  'host 1.1.1.1 and $',
  // What libpcap's optimizer does and does not prove empty.
  'icmp and arp',
  'tcp and udp',
  'not ip and icmp',
  'ip and not ip',
  'icmp and not icmp',
  'tcp port 80 and not port 80',
  'port 80 and port 4000',
  'dst port 80 and 4000',
  'host 10.1.0.1 and host 10.1.0.2',
  'src host 10.1.0.1 and src host 10.1.0.2',
  'src net 10.0.0.0/8 and src net 192.0.2.0/24',
  'src net 10.1.0.0/16 and src net 10.2.0.0/16',
  '(tcp or udp) and icmp',
  '(tcp or udp) and host 1.1.1.1 and icmp',
  '(src host 1.1.1.1 or dst host 1.1.1.1) and host 2.2.2.2 and src host 3.3.3.3 and dst host 3.3.3.3',
  'host 10.1.0.2 and ip dst 10.1.0.2 and tcp dst port 80 and dst host 10.1.0.1',
  '(proto 1 or ip proto 17) and dst host 10.1.0.1 and host 10.1.0.2 and tcp port 80',
  // Valid in libpcap, outside the simulated subset.
  'tcp[13] & 2 != 0',
  'len > 100',
  'less 100',
  'greater 100',
  '(80) > 5',
  'icmp[icmptype] = icmp-echo',
  'broadcast',
  'ether host 02:00:00:00:01:01',
  'vlan',
  'host \\1.1.1.1',
  'portrange 1-100',
  '((((((((((icmp))))))))))',
  'not not not not not not icmp',
];

/** Which frames matched, as hex digits of 4 frames each (frame 0 = bit 3 of the first digit). */
export function encodeMatches(bits: readonly boolean[]): string {
  let out = '';
  for (let i = 0; i < bits.length; i += 4) {
    let d = 0;
    for (let j = 0; j < 4; j++) d = (d << 1) | (bits[i + j] ? 1 : 0);
    out += d.toString(16);
  }
  return out;
}

function frames(): EthernetFrame[] {
  const r = new FrameRandom(777);
  const out: EthernetFrame[] = [];
  while (out.length < 400) {
    if (r.chance(0.1)) out.push(...r.conversation());
    else out.push(r.frame());
  }
  return out.slice(0, 400);
}

function main(): void {
  const fs = frames();
  const pcap = pcapFile(fs.map((frame, i) => ({ frame, timeMs: i })));
  const expressions = [...HAND_WRITTEN];
  const r = new FrameRandom(4242);
  const seen = new Set(expressions);
  const add = (count: number, make: () => string): void => {
    const target = expressions.length + count;
    while (expressions.length < target) {
      const e = make();
      if (!seen.has(e)) {
        seen.add(e);
        expressions.push(e);
      }
    }
  };
  add(2500, () => randomFilter(r));
  add(1500, () => randomConjunction(r));
  add(1000, () => randomSoup(r));
  const cases = expressions.map((expression) => {
    const res = realTcpdump(pcap, ['-tt', '-n', ...(expression === '' ? [] : [expression])]);
    if (res.status !== 0) {
      const message = res.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('reading from file'));
      return { expression, error: message.join('\n') };
    }
    const matched = new Set(
      res.stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => Math.round(Number(l.split(' ')[0]) * 1000)),
    );
    return { expression, matches: encodeMatches(fs.map((_, i) => matched.has(i))) };
  });
  const fixture = {
    generatedBy: 'src/cli/tcpdump/testdata/gen-filter-ground-truth.ts (tcpdump 4.99.3, libpcap 1.10.3, `tcpdump -tt -n -r frames.pcap FILTER`)',
    frames: fs,
    cases,
  };
  writeFileSync(new URL('./filter-ground-truth.json', import.meta.url), JSON.stringify(fixture) + '\n');
  console.log(`wrote ${cases.length} cases, ${cases.filter((c) => 'error' in c).length} errors`);
}

if (import.meta.main) main();
