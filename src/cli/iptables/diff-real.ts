// Developer tool: runs iptables command sequences on the real iptables 1.8.9 (each sequence in
// a fresh `unshare --net` namespace, never the machine's own) and in the simulator, and
// prints every command whose stdout, stderr or exit status differ.
//
//   npx node src/cli/iptables/diff-real.ts CASES.txt... [--show-all] [--record OUT.json]
//
// --record writes the real tool's outcomes (a Recording) for real-recordings.test.ts.
//
// CASES.txt: sequences separated by blank lines; one command per line, the words after
// `iptables`, quoted as in a shell ('...', "...", \x). Lines starting with # are comments.
// Needs root and the real iptables; not part of the test suite.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTables } from '../../net/netfilter/tables.ts';
import { executeIptables } from './exec.ts';

export interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
}

/** What the real iptables did: scripts of [args, outcome] run each in a fresh namespace. */
export interface Recording {
  readonly tool: string;
  readonly scripts: { args: string[]; real: Outcome }[][];
}

export function splitWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i] ?? '';
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      cur += line[++i] ?? '';
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  return words;
}

export function parseCases(text: string): string[][][] {
  const scripts: string[][][] = [];
  let current: string[][] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('#')) continue;
    if (line.trim() === '') {
      if (current.length) scripts.push(current);
      current = [];
      continue;
    }
    current.push(splitWords(line));
  }
  if (current.length) scripts.push(current);
  return scripts;
}

export function runSim(script: readonly (readonly string[])[]): Outcome[] {
  const tables = createTables();
  return script.map((args) => {
    const r = executeIptables(tables, args);
    return { stdout: r.stdout, stderr: r.stderr, status: r.status };
  });
}

export function runReal(script: readonly (readonly string[])[]): Outcome[] {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync('unshare', ['--net', process.execPath, self, '--inside'], { input: JSON.stringify(script), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`unshare failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Outcome[];
}

function inside(): void {
  const script = JSON.parse(readFileSync(0, 'utf8')) as string[][];
  const out: Outcome[] = script.map((args) => {
    const r = spawnSync('iptables', args, { encoding: 'utf8' });
    return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
  });
  process.stdout.write(JSON.stringify(out));
}

function main(): void {
  if (process.argv.includes('--inside')) return inside();
  const args = process.argv.slice(2);
  const showAll = args.includes('--show-all');
  const recordAt = args.indexOf('--record');
  const recordFile = recordAt >= 0 ? args[recordAt + 1] : undefined;
  const files = args.filter((a, i) => !a.startsWith('--') && (recordAt < 0 || i !== recordAt + 1));
  if (files.length === 0) throw new Error('usage: diff-real.ts CASES.txt... [--show-all] [--record OUT.json]');
  const scripts = files.flatMap((file) => parseCases(readFileSync(file, 'utf8')));
  const recording: Recording = { tool: 'iptables v1.8.9 (nf_tables), Debian 12, Linux 6.18', scripts: [] };
  let diffs = 0;
  let total = 0;
  for (const script of scripts) {
    const real = runReal(script);
    recording.scripts.push(script.map((args, i) => ({ args, real: real[i] ?? { stdout: '', stderr: '', status: -1 } })));
    const sim = runSim(script);
    script.forEach((args, i) => {
      total++;
      const r = real[i];
      const s = sim[i];
      if (!r || !s) return;
      const same = r.stdout === s.stdout && r.stderr === s.stderr && r.status === s.status;
      if (same && !showAll) return;
      if (!same) diffs++;
      console.log(`${same ? 'SAME' : 'DIFF'}: iptables ${JSON.stringify(args)}`);
      if (r.status !== s.status) console.log(`  status real=${r.status} sim=${s.status}`);
      if (r.stderr !== s.stderr) console.log(`  stderr real=${JSON.stringify(r.stderr)}\n  stderr  sim=${JSON.stringify(s.stderr)}`);
      if (r.stdout !== s.stdout) {
        const rl = r.stdout.split('\n');
        const sl = s.stdout.split('\n');
        for (let k = 0; k < Math.max(rl.length, sl.length); k++) {
          if (rl[k] === sl[k]) continue;
          console.log(`  line ${k + 1}\n    real|${rl[k] ?? '<none>'}|\n     sim|${sl[k] ?? '<none>'}|`);
        }
      }
    });
  }
  console.log(`${total} commands, ${diffs} differ`);
  if (recordFile) writeFileSync(recordFile, `${JSON.stringify(recording, null, 0).replace(/\],\[/g, '],\n[')}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
