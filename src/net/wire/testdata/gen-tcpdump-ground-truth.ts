// Regenerates tcpdump-r.json: random frames (random-frames.ts) written to a pcap file by pcap.ts
// and read back by the real `tcpdump -n -t -r` and `tcpdump -n -t -e -r` (tcpdump 4.99.3,
// libpcap 1.10.3). tcpdump-format.test.ts checks that the formatter prints the same lines.
//
// Run as root on a machine with tcpdump installed (it runs tcpdump inside `unshare --net
// --mount`, away from the machine's own network namespace):
//   npx node src/net/wire/testdata/gen-tcpdump-ground-truth.ts

import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EthernetFrame } from '../packet.ts';
import { pcapFile } from '../pcap.ts';
import { FrameRandom } from './random-frames.ts';

export function realTcpdump(pcap: Uint8Array, args: readonly string[]): { stdout: string; stderr: string; status: number } {
  const dir = mkdtempSync(join(tmpdir(), 'tcpdump-gt-'));
  const file = join(dir, 'frames.pcap');
  writeFileSync(file, pcap);
  try {
    const stdout = execFileSync('unshare', ['--net', '--mount', 'tcpdump', '-r', file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { stdout, stderr: '', status: 0 };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; status?: number };
    return { stdout: err.stdout ?? '', stderr: err.stderr ?? '', status: err.status ?? -1 };
  }
}

function sequence(seed: number, count: number): EthernetFrame[] {
  const r = new FrameRandom(seed);
  const frames: EthernetFrame[] = [];
  const pending: EthernetFrame[][] = [];
  while (frames.length < count) {
    const roll = r.int(0, 9);
    if (roll < 2) pending.push(r.conversation());
    if (pending.length > 0 && roll < 6) {
      const conv = pending[r.int(0, pending.length - 1)];
      const next = conv?.shift();
      if (next) frames.push(next);
      if (conv && conv.length === 0) pending.splice(pending.indexOf(conv), 1);
    } else {
      frames.push(r.frame());
    }
  }
  return frames;
}

function main(): void {
  const frames = sequence(20240611, 1000);
  const pcap = pcapFile(frames.map((frame) => ({ frame })));
  const plain = realTcpdump(pcap, ['-n', '-t']);
  const ether = realTcpdump(pcap, ['-n', '-t', '-e']);
  const split = (s: string): string[] => s.split('\n').filter((l) => l !== '');
  const fixture = {
    generatedBy: 'src/net/wire/testdata/gen-tcpdump-ground-truth.ts (tcpdump 4.99.3, libpcap 1.10.3, `tcpdump -n -t [-e] -r`)',
    frames,
    plain: split(plain.stdout),
    ether: split(ether.stdout),
  };
  if (fixture.plain.length !== frames.length || fixture.ether.length !== frames.length) {
    throw new Error(`tcpdump printed ${fixture.plain.length}/${fixture.ether.length} lines for ${frames.length} frames: ${plain.stderr}`);
  }
  writeFileSync(new URL('./tcpdump-r.json', import.meta.url), JSON.stringify(fixture) + '\n');
  console.log(`wrote ${frames.length} frames`);
}

if (import.meta.main) main();
