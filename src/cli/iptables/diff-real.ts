// Developer tool: runs iptables command sequences on the real iptables 1.8.9 (each sequence in
// a fresh `unshare --net` namespace, never the machine's own) and in the simulator, and
// prints every command whose stdout, stderr or exit status differ.
//
//   npx node src/cli/iptables/diff-real.ts CASES.txt [--show-all]
//
// CASES.txt: sequences separated by blank lines; one command per line, the words after
// `iptables`, quoted as in a shell ('...', "...", \x). Lines starting with # are comments.
// Needs root and the real iptables; not part of the test suite.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyIptables, createTables } from './apply.ts';
import { IptablesError } from './errors.ts';
import { parseIptablesWithWarnings } from './parse.ts';

interface Outcome {
  stdout: string;
  stderr: string;
  status: number;
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
    let warnings = '';
    try {
      const parsed = parseIptablesWithWarnings(args);
      warnings = parsed.warnings.join('');
      const stdout = applyIptables(tables, parsed.command);
      return { stdout, stderr: warnings, status: 0 };
    } catch (e) {
      if (e instanceof IptablesError) return { stdout: e.stdout, stderr: `${warnings}${e.message}\n`, status: e.exitStatus };
      return { stdout: '', stderr: `CRASH ${(e as Error).stack ?? String(e)}\n`, status: -1 };
    }
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
  const file = process.argv[2];
  if (!file) throw new Error('usage: diff-real.ts CASES.txt [--show-all]');
  const showAll = process.argv.includes('--show-all');
  const scripts = parseCases(readFileSync(file, 'utf8'));
  let diffs = 0;
  let total = 0;
  for (const script of scripts) {
    const real = runReal(script);
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
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
