// npm run fuzz:kernel [-- --seeds N --from K --jobs J --keep DIR --shrink --budget N
//                        --on FLAG --off FLAG --smoke --print SEED]
// The differential kernel fuzzer: generated scenarios (src/conformance/fuzz/generate.ts) run in
// the engine and on the live kernel; the outputs must be equal after normalization.
// Prints one line per seed and a summary: the agreement rate agreed / (total - flaky - invalid)
// and the disagreements by class. Failing seeds are kept in DIR/seed-N (scenario.sh,
// kernel.out, engine.out, diff.txt; with --shrink also min.sh, the shrunk scenario).
// --smoke runs SMOKE_SEEDS (a short fixed set, part of npm test; skipped with a note where the
// kernel cannot be used). Exit status 1 when a seed
// disagrees (or the generator wrote a script the kernel refuses), 2 on a usage error, 3 when
// the kernel cannot be used.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pool } from '../conformance/conformance.ts';
import { checkScript, safeEngine, stillDisagrees, type SeedResult } from '../conformance/fuzz/fuzz.ts';
import { DEFAULT_FLAGS, FLAG_NAMES, generateScenario, type FeatureFlags } from '../conformance/fuzz/generate.ts';
import { shrink } from '../conformance/fuzz/shrink.ts';
import { kernelUnavailableReason } from '../kernel/kernel-runner.ts';

/** Seeds that `npm test` runs live (a mix of pair, router and bridge topologies, TCP, UDP, NAT). */
export const SMOKE_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

interface Options {
  seeds: number[];
  jobs: number;
  keep: string;
  shrink: boolean;
  budget: number;
  flags: FeatureFlags;
  smoke: boolean;
  print?: number;
}

function parseArgs(argv: readonly string[]): Options | string {
  let count = 100;
  let from = 1;
  let smoke = false;
  let list: number[] | undefined;
  const o: Options = { seeds: [], jobs: 2, keep: '/tmp/fuzz-kernel', shrink: false, budget: 150, flags: { ...DEFAULT_FLAGS }, smoke: false };
  const num = (a: string, v: string | undefined): number | string => {
    const n = Number(v);
    return Number.isInteger(n) && n >= 0 ? n : `${a} needs a number`;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--seeds' || a === '--from' || a === '--jobs' || a === '-j' || a === '--budget' || a === '--print') {
      const n = num(a, argv[++i]);
      if (typeof n === 'string') return n;
      if (a === '--seeds') count = n;
      else if (a === '--from') from = n;
      else if (a === '--budget') o.budget = n;
      else if (a === '--print') o.print = n;
      else o.jobs = Math.max(1, n);
    } else if (a === '--seed-list') {
      list = (argv[++i] ?? '').split(',').map(Number);
      if (list.some((n) => !Number.isInteger(n))) return '--seed-list needs numbers separated by commas';
    } else if (a === '--keep') o.keep = argv[++i] ?? '';
    else if (a === '--shrink') o.shrink = true;
    else if (a === '--smoke') smoke = true;
    else if (a === '--on' || a === '--off') {
      const f = argv[++i] ?? '';
      if (!FLAG_NAMES.includes(f as keyof FeatureFlags)) return `unknown feature ${f} (one of ${FLAG_NAMES.join(', ')})`;
      o.flags = { ...o.flags, [f]: a === '--on' };
    } else return `unknown option ${a}`;
  }
  o.smoke = smoke;
  o.seeds = smoke ? SMOKE_SEEDS : (list ?? Array.from({ length: count }, (_x, k) => from + k));
  return o;
}

function keepSeed(dir: string, r: SeedResult): string {
  const d = join(dir, `${r.verdict === 'flaky' ? 'flaky' : 'seed'}-${r.seed}`);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'scenario.sh'), r.script);
  writeFileSync(join(d, 'kernel.out'), `${r.kernel?.stdout ?? ''}${r.kernel?.stderr ? `--- stderr (status ${r.kernel.exitCode})\n${r.kernel.stderr}` : ''}`);
  writeFileSync(join(d, 'engine.out'), `${r.engine?.stdout ?? ''}${r.engine?.stderr ? `--- stderr (status ${r.engine.exitCode})\n${r.engine.stderr}` : ''}`);
  writeFileSync(join(d, 'diff.txt'), `${r.cls ?? r.verdict}\n${r.diff ?? ''}${r.kernelDiff ? `\na later kernel run (- first, + later):\n${r.kernelDiff}` : ''}`);
  return d;
}

async function main(argv: readonly string[]): Promise<number> {
  const o = parseArgs(argv);
  if (typeof o === 'string') {
    process.stderr.write(`fuzz-kernel: ${o}\nusage: npm run fuzz:kernel -- [--seeds N] [--from K] [--seed-list A,B] [--jobs J] [--keep DIR] [--shrink [--budget N]] [--on|--off FEATURE] [--smoke] [--print SEED]\n`);
    return 2;
  }
  if (o.print !== undefined) {
    process.stdout.write(generateScenario(o.print, o.flags));
    return 0;
  }
  const reason = kernelUnavailableReason();
  if (reason !== undefined) {
    // npm test runs the smoke set: on a machine without the kernel (not root) it is skipped,
    // as conformance falls back to the recordings.
    if (o.smoke) {
      process.stdout.write(`fuzz-kernel: smoke set skipped, the live kernel cannot be used: ${reason}\n`);
      return 0;
    }
    process.stderr.write(`fuzz-kernel: the live kernel is needed: ${reason}\n`);
    return 3;
  }
  const started = Date.now();
  const off = FLAG_NAMES.filter((f) => !o.flags[f]);
  process.stdout.write(`fuzz-kernel: ${o.seeds.length} seed(s) from ${o.seeds[0] ?? '-'}, ${o.jobs} at a time; features off: ${off.join(', ') || 'none'}\n`);
  const results = await pool(
    o.seeds,
    o.jobs,
    async (seed) => {
      const r = await checkScript(seed, generateScenario(seed, o.flags));
      if (r.verdict !== 'agree') keepSeed(o.keep, r);
      return r;
    },
    (r) => {
      const what = r.verdict === 'disagree' ? `DISAGREE ${r.cls ?? ''}` : r.verdict === 'invalid' ? `INVALID (the kernel refuses the script): ${(r.diff ?? '').split('\n')[0] ?? ''}` : r.verdict;
      process.stdout.write(`seed ${r.seed}: ${what} (${(r.ms / 1000).toFixed(1)} s)${r.verdict === 'disagree' || r.verdict === 'invalid' ? ` -> ${join(o.keep, `seed-${r.seed}`)}` : ''}\n`);
    },
  );
  if (o.shrink) {
    for (const r of results.filter((x) => x.verdict === 'disagree')) {
      process.stdout.write(`shrinking seed ${r.seed} (${r.cls ?? ''})\n`);
      const original = safeEngine(r.script);
      const precheck = (script: string): boolean => {
        const e = safeEngine(script);
        if (original.exitCode === 0) return e.exitCode === 0;
        return e.exitCode === original.exitCode && e.stderr.replace(/^line \d+: /, '') === original.stderr.replace(/^line \d+: /, '');
      };
      const { script, tests } = await shrink(r.script, (s) => stillDisagrees(s, r.cls ?? ''), { budget: o.budget, precheck });
      writeFileSync(join(o.keep, `seed-${r.seed}`, 'min.sh'), script);
      process.stdout.write(`  seed ${r.seed}: ${script.split('\n').length - 1} lines after ${tests} kernel test(s) -> ${join(o.keep, `seed-${r.seed}`, 'min.sh')}\n`);
    }
  }
  const count = (v: string): number => results.filter((r) => r.verdict === v).length;
  const agreed = count('agree');
  const flaky = count('flaky');
  const invalid = count('invalid');
  const disagreed = count('disagree');
  const judged = results.length - flaky - invalid;
  const classes = new Map<string, number[]>();
  for (const r of results) if (r.verdict === 'disagree') classes.set(r.cls ?? '?', [...(classes.get(r.cls ?? '?') ?? []), r.seed]);
  process.stdout.write(
    [
      `fuzz-kernel: ${results.length} seeds in ${((Date.now() - started) / 1000).toFixed(0)} s: ${agreed} agreed, ${disagreed} disagreed, ${flaky} flaky, ${invalid} invalid`,
      `fuzz-kernel: agreement ${judged === 0 ? '-' : ((100 * agreed) / judged).toFixed(1)}% (${agreed}/${judged}, flaky and invalid seeds left out)`,
      ...[...classes].sort((a, b) => b[1].length - a[1].length).map(([c, seeds]) => `  ${String(seeds.length).padStart(4)}  ${c}  (seeds ${seeds.slice(0, 12).join(' ')}${seeds.length > 12 ? ' ...' : ''})`),
      '',
    ].join('\n'),
  );
  return disagreed + invalid > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`fuzz-kernel: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);
