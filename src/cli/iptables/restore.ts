// `iptables-restore [-n|--noflush] [-c|--counters]` fed a ruleset on stdin, as iptables-nft
// 1.8.9 reads it (xtables-restore.c xtables_restore_parse_line()): `#` comments and empty lines
// are skipped; `*TABLE` starts a table (deleted and made anew unless --noflush); `:CHAIN POLICY [P:B]` sets
// a built-in chain's policy or creates a user chain; every other line is an iptables command
// for that table (`[P:B]` counters first, used with -c); COMMIT ends the table.
// All of a table's changes are one nf_tables batch: a failure leaves the ruleset as it was.
// Errors: iptables' parse errors with the program name iptables-restore and "Error occurred
// at line: N"; nft's "line N failed: ..." (status 1); the kernel's refusal of the batch,
// reported at the rule's line (status 4); "COMMIT expected at line N".

import type { Table, TableName } from '../../net/netfilter/rule.ts';
import { tableOrCreate } from '../../net/netfilter/tables.ts';
import { applyIptables } from './apply.ts';
import { IptablesError, PROGRAM_VERSION } from './errors.ts';
import { parseIptablesWithWarnings } from './parse.ts';

const PROG = 'iptables-restore';
const TRY = `Try \`${PROG} -h' or '${PROG} --help' for more information.`;
const IPT_TRY = "Try `iptables -h' or 'iptables --help' for more information.";
const TABLES: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw'];

export interface RestoreOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly status: number;
}

/** xtables_error() in restore mode: the program's name, then the line, then the help hint. */
function parameterProblem(msg: string, line: number): RestoreOutcome {
  return { stdout: '', stderr: `${PROG} v${PROGRAM_VERSION}: ${msg}\nError occurred at line: ${line}\n${TRY}\n`, status: 2 };
}

/** An iptables error raised while a restore line ran, as iptables-restore prints it. */
function restoreError(e: IptablesError, line: number, stdout: string): RestoreOutcome {
  const msg = e.message;
  if (e.exitStatus === 2 && msg.endsWith(IPT_TRY)) {
    const body = msg.slice(0, -IPT_TRY.length).replace(/^iptables v/, `${PROG} v`);
    return { stdout, stderr: `${body}Error occurred at line: ${line}\n${TRY}\n`, status: 2 };
  }
  const nft = /^iptables: (.*)$/s.exec(msg);
  // (restore prints nft_strerror() alone: no "Run `dmesg'" hint)
  if (nft) return { stdout, stderr: `${PROG}: line ${line} failed: ${(nft[1] ?? '').replace(" Run `dmesg' for more information.", '')}\n`, status: 1 };
  const kernel = /^iptables v\S+ \(nf_tables\): (.*)$/s.exec(msg);
  if (kernel && e.exitStatus === 4) return { stdout, stderr: `${PROG} v${PROGRAM_VERSION}: \nline ${line}:${kernel[1]}\n`, status: 4 };
  return { stdout, stderr: `${msg.replace(/^iptables v/, `${PROG} v`)}\n`, status: e.exitStatus };
}

/** add_param_to_argv(): words split on blanks; "..." and '...' group, a backslash escapes a quote. */
export function restoreWords(text: string): string[] {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === "'")) {
      cur += text[++i];
      inWord = true;
    } else if (quote) {
      if (c === quote) quote = undefined;
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
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

function parseCounters(text: string | undefined): { packets: number; bytes: number } | undefined {
  const m = /^\[(\d+):(\d+)\]$/.exec(text ?? '');
  return m ? { packets: Number(m[1]), bytes: Number(m[2]) } : undefined;
}

/** Runs iptables-restore on `tables` with `input` as stdin; changes them only on success. */
export function executeIptablesRestore(tables: Map<TableName, Table>, args: readonly string[], input: string): RestoreOutcome {
  let noflush = false;
  let counters = false;
  for (const a of args) {
    if (a === '-n' || a === '--noflush') noflush = true;
    else if (a === '-c' || a === '--counters') counters = true;
    else if (/^-[nc]+$/.test(a)) {
      noflush ||= a.includes('n');
      counters ||= a.includes('c');
    } else return { stdout: '', stderr: `${PROG}: option ${a} is not supported by the simulator\n`, status: 2 };
  }
  let stdout = '';
  let current: { table: Table; saved: Table; kernelError?: RestoreOutcome } | undefined;
  const rollback = (): void => {
    if (current) tables.set(current.table.name, current.saved);
  };
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const text = lines[i] ?? '';
    if (text === '' || text[0] === '#') continue;
    if (current && /^COMMIT\s*$/.test(text) && text.trimEnd() === 'COMMIT') {
      if (current.kernelError) {
        rollback();
        return { ...current.kernelError, stdout };
      }
      current = undefined;
      continue;
    }
    if (text[0] === '*' && !current) {
      const name = restoreWords(text.slice(1))[0];
      if (name === undefined) return parameterProblem(`${PROG}: line ${n} table name invalid`, n);
      if (!(TABLES as readonly string[]).includes(name)) return parameterProblem(`${PROG}: line ${n} table name '${name}' invalid`, n);
      // Without --noflush the batch starts by deleting the table (measured: `*mangle` COMMIT
      // alone leaves no mangle table); a fresh one is made as its chains and rules come.
      const original = tableOrCreate(tables, name as TableName);
      if (noflush) {
        current = { table: original, saved: structuredClone(original) };
      } else {
        tables.delete(name as TableName);
        current = { table: tableOrCreate(tables, name as TableName), saved: original };
      }
      continue;
    }
    if (!current) {
      rollback();
      return { stdout, stderr: `${PROG}: line ${n} failed\n`, status: 1 };
    }
    const table = current.table;
    let words = restoreWords(text);
    if (text[0] === ':') {
      const [chain, policy, ctrs] = restoreWords(text.slice(1));
      if (chain === undefined) return fail(parameterProblem(`${PROG}: line ${n} chain name invalid`, n));
      if (policy === undefined) return fail(parameterProblem(`${PROG}: line ${n} policy invalid`, n));
      const builtin = table.chains.get(chain)?.builtin ?? false;
      words = builtin ? ['-P', chain, policy] : ['-N', chain];
      if (builtin && counters) {
        const c = parseCounters(ctrs);
        if (!c) return fail(parameterProblem(`invalid policy counters for chain '${chain}'`, n));
        const out = run(words, n);
        if (out) return out;
        const ch = table.chains.get(chain)!;
        ch.policyCounters.packets = c.packets;
        ch.policyCounters.bytes = c.bytes;
        continue;
      }
      // A user chain that already exists (--noflush) is kept as it is.
      if (!builtin && table.chains.has(chain)) continue;
    } else {
      // tokenize_rule_counters(): a leading [P:B] is taken off; -c makes it the rule's counters.
      const c = parseCounters(words[0]);
      if (c) {
        words = words.slice(1);
        if (counters) words = ['--set-counters', String(c.packets), String(c.bytes), ...words];
      }
      if (words.some((w) => w === '-t' || w === '--table' || /^-t\S/.test(w))) {
        return fail(parameterProblem(`The -t option cannot be used in ${PROG}.\n`, n));
      }
    }
    const out = run(words, n);
    if (out) return out;
  }
  if (current) {
    rollback();
    return { stdout, stderr: `${PROG}: COMMIT expected at line ${lines.length + 1}\n`, status: 1 };
  }
  return { stdout, stderr: '', status: 0 };

  function fail(outcome: RestoreOutcome): RestoreOutcome {
    rollback();
    return { ...outcome, stdout };
  }

  /** One command of the batch; returns the outcome that ends the restore, if any. */
  function run(words: string[], n: number): RestoreOutcome | undefined {
    const cur = current!;
    try {
      const { command } = parseIptablesWithWarnings(['-t', cur.table.name, ...words]);
      stdout += applyIptables(tables, command);
    } catch (e) {
      if (!(e instanceof IptablesError)) throw e;
      // The kernel only sees the batch at COMMIT: later lines still run first.
      if (e.exitStatus === 4) {
        cur.kernelError ??= restoreError(e, n, '');
        return undefined;
      }
      rollback();
      return restoreError(e, n, stdout + e.stdout);
    }
    return undefined;
  }
}
