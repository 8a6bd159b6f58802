// Regenerates args-ground-truth.json: random tcpdump command lines (options, filter words,
// interfaces `lo` and the missing `nosuch0`) run by the real tcpdump 4.99.3 inside
// `unshare --net --mount` (a fresh network namespace whose only device is `lo`, up). Each case
// records tcpdump's exit status and stderr (`usage: true`: followed by the usage text); a
// command line that got as far as capturing (killed by `timeout`) is recorded as accepted.
// args.test.ts checks parseTcpdumpArgs against it.
//
// Only harmless options are generated (nothing that reads or writes files or runs commands).
// Run as root: npx node src/cli/tcpdump/testdata/gen-args-ground-truth.ts

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameRandom } from '../../../net/wire/testdata/random-frames.ts';
import { TCPDUMP_USAGE } from '../args.ts';

export const ARG_VOCABULARY: readonly (readonly string[])[] = [
  ['-n'], ['-nn'], ['-e'], ['-p'], ['-l'], ['-t'], ['-tt'], ['-v'], ['-S'], ['-U'], ['-c', '5'], ['-c', 'x'], ['-c', '0'], ['-c', '-3'],
  ['-c', '2147483648'], ['-c5x'], ['-c'], ['-i', 'nosuch0'], ['-i', 'lo'], ['-inosuch0'], ['-ni', 'nosuch0'], ['-nei', 'lo'], ['-i'],
  ['--immediate-mode'], ['--imm'], ['--interface=nosuch0'], ['--interface', 'lo'], ['--interface'], ['--n'], ['--no-p'], ['--no'],
  ['--foo'], ['--foo=bar'], ['-g'], ['-k'], ['-:'], ['-q'], ['-x'], ['-s', '100'], ['-#'], ['--'], ['-'], ['--count'], ['--count=3'],
  ['--imm=1'], ['-tttttt'], ['-ttt'], ['--absolute'], ['--number'], ['-P'], ['-e', '-e'],
  ['icmp'], ['host'], ['10.1.0.1'], ['and'], ['or'], ['port'], ['80'], ['tcp'], ['hst'], ['('], [')'], ['not'], ['arp'], ['70000'],
];

export function randomArgs(r: FrameRandom): string[] {
  const out: string[] = [];
  const n = r.int(0, 6);
  for (let i = 0; i < n; i++) out.push(...r.pick(ARG_VOCABULARY));
  // Keep real captures short and rare: most lines name a device that does not exist.
  if (!out.some((w) => w.includes('nosuch0') || w === 'lo' || w.endsWith('lo')) || r.chance(0.3)) {
    const at = r.int(0, out.length);
    out.splice(at, 0, '-i', r.chance(0.85) ? 'nosuch0' : 'lo');
  }
  return out;
}

function main(): void {
  const r = new FrameRandom(31337);
  const seen = new Set<string>();
  const lines: string[][] = [];
  while (lines.length < 700) {
    const a = randomArgs(r);
    const key = JSON.stringify(a);
    if (!seen.has(key)) {
      seen.add(key);
      lines.push(a);
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'tcpdump-args-'));
  const input = join(dir, 'cases.json');
  writeFileSync(input, JSON.stringify(lines));
  // One namespace for all cases; each case runs tcpdump under a short timeout.
  const script = [
    'ip link set lo up',
    `${process.execPath} -e '
      const { spawnSync } = require("node:child_process");
      const cases = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"));
      const out = cases.map((args) => {
        const r = spawnSync("timeout", ["0.5", "tcpdump", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        return { args, status: r.status, stderr: r.stderr };
      });
      require("node:fs").writeFileSync(process.argv[2], JSON.stringify(out));
    ' ${input} ${join(dir, 'out.json')}`,
  ].join('\n');
  execFileSync('unshare', ['--net', '--mount', 'bash', '-c', script], { stdio: 'inherit' });
  const raw = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { args: string[]; status: number; stderr: string }[];
  const cases = raw.map(({ args, status, stderr }) => {
    if (status === 124 || /listening on /.test(stderr)) return { args, accepted: true };
    const text = stderr.replace(/\n$/, '');
    // Option errors end with the usage text; it is stored once (TCPDUMP_USAGE in args.ts).
    if (text.endsWith(`\n${TCPDUMP_USAGE}`)) return { args, status, stderr: text.slice(0, -TCPDUMP_USAGE.length - 1), usage: true };
    return { args, status, stderr: text };
  });
  const fixture = {
    generatedBy: 'src/cli/tcpdump/testdata/gen-args-ground-truth.ts (tcpdump 4.99.3, libpcap 1.10.3; devices: lo)',
    cases,
  };
  writeFileSync(new URL('./args-ground-truth.json', import.meta.url), JSON.stringify(fixture, null, 0) + '\n');
  console.log(`wrote ${cases.length} cases, ${cases.filter((c) => 'accepted' in c).length} accepted`);
}

if (import.meta.main) main();
