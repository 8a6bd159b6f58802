// Runs a scenario script on the real Linux kernel and prints the scenario output defined in
// shared/design/scenario-format.md: printed commands in script order as `== NETNS: COMMAND`
// blocks, then every capture in start order as `== NETNS DEV` blocks (tcpdump -n -t lines).
//
// How: the script is parsed with the same parser as the engine (so line numbers and headers
// agree), checked against an allowlist, and turned into a bash script that runs inside
//   unshare --net --mount --pid --fork --kill-child --mount-proc --propagation private
// That gives the script a fresh network namespace (the scenario's `default`), a private mount
// namespace whose tmpfs on /run/netns holds the named namespaces (`ip netns add`), and a PID
// namespace whose init is the bash script: when it exits, or when unshare dies for any reason
// (--kill-child sends SIGKILL), the kernel kills every process that is left (tcpdump, ping),
// the mount namespace disappears and with it every network namespace the run made. Nothing
// of the host's own network namespace or /run/netns is touched; runs are independent of
// each other, so several may run at once.
//
// The bash script writes each printed command's stdout and each capture's output into a work
// directory; this module assembles the scenario output from those files.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ScriptSyntaxError,
  isPrintedCommand,
  parseScript,
  type ScenarioResult,
  type ScriptCommand,
} from '../cli/script.ts';
import { foregroundProblem, parseNc } from '../cli/nc/parse.ts';

export interface KernelRunOptions {
  /** Time between the last command and stopping the captures (ms). Default 700. */
  readonly settleMs?: number;
  /** The whole run is killed after this long (ms). Default 120000. */
  readonly timeoutMs?: number;
  /** Skip the root / tools check (tests that only generate scripts never run them). */
  readonly skipPreflight?: boolean;
  /**
   * Record the netfilter hooks every packet meets (src/conformance/hooks.ts): each namespace gets
   * a table of its own whose base chains only set nftrace, and `nft monitor trace` runs in it.
   */
  readonly traceHooks?: boolean;
}

/** A kernel run; with traceHooks, the `nft monitor trace` output of each namespace. */
export interface KernelRunResult extends ScenarioResult {
  readonly traces?: Readonly<Record<string, string>>;
}

/** Tools the generated script calls, beside the scenario's own commands. */
export const REQUIRED_TOOLS = ['unshare', 'bash', 'mount', 'ip', 'ss', 'iptables', 'iptables-save', 'iptables-restore', 'sysctl', 'tcpdump', 'conntrack', 'ping', 'nc', 'sleep', 'grep'] as const;

const DEFAULT_SETTLE_MS = 700;
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * What the generated script does with one scenario command. `nc` runs with stdin from
 * /dev/null; in the foreground its exit status 1 is no error when it printed nothing but -v's
 * reports (nothing answered); `nc-bg` starts it in the background and waits until it owns a
 * socket (listening, bound or connecting) or has exited.
 */
export type StepKind = 'silent' | 'printed' | 'ping' | 'netns-add' | 'capture' | 'nc' | 'nc-bg';

export interface PlannedStep {
  readonly index: number;
  readonly command: ScriptCommand;
  readonly kind: StepKind;
  /** The argv actually run (tcpdump gets --immediate-mode -l -t -n). */
  readonly argv: readonly string[];
  /** For captures: the interface named by -i. */
  readonly dev?: string;
}

export class KernelScriptError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

// ---------------------------------------------------------------------------------------------
// Allowlist. The kernel runner executes scenario commands as root on the real machine (inside
// new network/mount/PID namespaces, but with the host's file system), so it only runs the
// scenario language's commands, and refuses options that read or write files or run programs.

const ALLOWED = new Set(['ip', 'iptables', 'iptables-save', 'iptables-restore', 'sysctl', 'ping', 'tcpdump', 'conntrack', 'nc', 'sleep', 'ss']);

function refuse(cmd: ScriptCommand, why: string): never {
  throw new KernelScriptError(cmd.line, `kernel runner: ${why}`);
}

function checkIp(cmd: ScriptCommand): void {
  const words = cmd.argv.slice(1);
  for (const w of words) {
    if (/^-(b|ba|bat|batc|batch|force)$/.test(w)) refuse(cmd, `ip ${w} is not allowed`);
  }
  const obj = words.find((w) => !w.startsWith('-'));
  if (obj === 'netns') {
    const verb = words[words.indexOf('netns') + 1];
    if (verb === 'exec' || verb === 'e' || verb === 'ex') refuse(cmd, '`ip netns exec` is only allowed as the prefix of a command');
    if (verb === 'attach' || verb === 'set') refuse(cmd, `ip netns ${verb} is not allowed`);
  }
}

function checkSysctl(cmd: ScriptCommand): void {
  for (const w of cmd.argv.slice(1)) {
    if (w.startsWith('-')) {
      if (!/^-[qwnNe]+$/.test(w)) refuse(cmd, `sysctl option ${w} is not allowed`);
      continue;
    }
    const key = w.split('=')[0] ?? '';
    if (!/^net[./]/.test(key)) refuse(cmd, `sysctl key ${key} is not allowed (only net.* keys, which belong to the namespace)`);
  }
}

/** ss: only options that print (-K kills sockets, -D/-F/-N read or write files or switch namespaces). */
function checkSs(cmd: ScriptCommand): void {
  for (const w of cmd.argv.slice(1)) {
    if (w.startsWith('--')) {
      if (!['--tcp', '--udp', '--all', '--listening', '--numeric', '--no-header', '--ipv4'].includes(w)) refuse(cmd, `ss option ${w} is not allowed`);
    } else if (w.startsWith('-') && !/^-[tualnH4]+$/.test(w)) {
      refuse(cmd, `ss option ${w} is not allowed`);
    }
  }
}

const TCPDUMP_FLAG = /^-[nepvqlxXA]+$/;

/** The interface a tcpdump command captures on, and its argv for the runner. */
export function tcpdumpArgv(cmd: ScriptCommand): { dev: string; argv: string[] } {
  const argv = ['tcpdump', '--immediate-mode', '-l', '-t'];
  const rest = cmd.argv.slice(1);
  let dev: string | undefined;
  let hasN = false;
  const filter: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i] ?? '';
    if (filter.length > 0 || !w.startsWith('-')) {
      filter.push(w);
      continue;
    }
    if (w === '-i' || w === '--interface') {
      dev = rest[++i];
      if (dev === undefined) refuse(cmd, 'tcpdump -i needs an interface');
      argv.push('-i', dev);
    } else if (w.startsWith('--interface=')) {
      dev = w.slice('--interface='.length);
      argv.push('-i', dev);
    } else if (/^-[nepvqlxXA]*i/.test(w)) {
      // joined flags: -ni eth0, -nieth0
      const at = w.indexOf('i');
      const flags = w.slice(1, at);
      if (flags !== '') argv.push(`-${flags}`);
      if (flags.includes('n')) hasN = true;
      dev = w.length > at + 1 ? w.slice(at + 1) : rest[++i];
      if (dev === undefined) refuse(cmd, 'tcpdump -i needs an interface');
      argv.push('-i', dev);
    } else if (w === '-c' || w === '-s') {
      const v = rest[++i];
      if (v === undefined || !/^\d+$/.test(v)) refuse(cmd, `tcpdump ${w} needs a number`);
      argv.push(w, v);
    } else if (TCPDUMP_FLAG.test(w)) {
      if (w.includes('n')) hasN = true;
      argv.push(w);
    } else if (w === '-t') {
      // the runner always prints without timestamps
    } else {
      refuse(cmd, `tcpdump option ${w} is not allowed`);
    }
  }
  if (dev === undefined) refuse(cmd, 'tcpdump needs -i DEV (the capture is printed under `== NETNS DEV`)');
  if (!hasN) argv.push('-n');
  // On `any` libpcap sizes each ring frame for the whole snaplen (no MTU to go by): the default
  // 2 MB buffer holds about 8 packets and a burst through a router overflows it ("packets
  // dropped by kernel"). A bigger buffer changes nothing else.
  if (dev === 'any') argv.push('-B', '65536');
  argv.push(...filter);
  return { dev, argv };
}

/** Turns parsed commands into the steps of the generated script; throws KernelScriptError. */
export function planScenario(commands: readonly ScriptCommand[]): PlannedStep[] {
  return commands.map((command, index): PlannedStep => {
    const [name] = command.argv;
    if (name === undefined) refuse(command, 'empty command');
    if (!ALLOWED.has(name)) refuse(command, `command not allowed: ${name} (scenario scripts use ${[...ALLOWED].join(', ')})`);
    if (name === 'iptables' || name === 'iptables-save' || name === 'iptables-restore') {
      if (command.argv.some((w) => w.startsWith('--modprobe') || w === '-M')) refuse(command, 'iptables --modprobe is not allowed');
      if (command.stdin !== undefined && /(^|\s)(--modprobe|-M)\b/.test(command.stdin)) refuse(command, 'iptables --modprobe is not allowed');
    }
    if (name === 'ip') checkIp(command);
    if (name === 'sysctl') checkSysctl(command);
    if (name === 'ss') checkSs(command);
    if (name === 'tcpdump') {
      if (!command.background) refuse(command, 'tcpdump must run in the background: end the line with &');
      const { dev, argv } = tcpdumpArgv(command);
      return { index, command, kind: 'capture', argv, dev };
    }
    if (name === 'nc') {
      // The engine's own parser: only the subset it models, with literal addresses, may run.
      let problem: string | undefined;
      try {
        const parsed = parseNc(command.argv.slice(1));
        if (!command.background) problem = foregroundProblem(parsed);
      } catch (err) {
        problem = err instanceof Error ? err.message.split('\n')[0] : String(err);
      }
      if (problem !== undefined) refuse(command, problem);
      return { index, command, kind: command.background ? 'nc-bg' : 'nc', argv: command.argv };
    }
    if (command.background) refuse(command, `only tcpdump and nc may run in the background (got ${name})`);
    if (name === 'ping') return { index, command, kind: 'ping', argv: command.argv };
    if (name === 'ip' && command.argv[1] === 'netns' && command.argv[2] === 'add') {
      if (command.argv[3] === undefined) refuse(command, 'ip netns add needs a name');
      return { index, command, kind: 'netns-add', argv: command.argv };
    }
    return { index, command, kind: isPrintedCommand(command.argv) ? 'printed' : 'silent', argv: command.argv };
  });
}

// ---------------------------------------------------------------------------------------------
// Script generation

/** Quotes a word for bash (single quotes). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The fixed part of every generated script: helpers x, netns_add, cap, finish (see the file). */
const PRELUDE = readFileSync(new URL('./runner-prelude.bash', import.meta.url), 'utf8');

/** A quoted here-document that writes a command's stdin to $W/in.INDEX (x reads it from there). */
function stdinFile(index: number, body: string): string[] {
  const lines = body.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let delimiter = `PACKET_PATH_STDIN_${index}`;
  while (lines.includes(delimiter)) delimiter += '_';
  return [`cat >"$W/in.${index}" <<'${delimiter}'`, ...lines, delimiter];
}

/** The bash script that runs the planned steps (arguments: work directory, settle seconds). */
export function generateScript(steps: readonly PlannedStep[], traceHooks = false): string {
  const lines: string[] = [PRELUDE.trimEnd(), '', '# ---- scenario ----'];
  if (traceHooks) lines.push('trace_ns default');
  for (const step of steps) {
    const { line, ns } = step.command;
    const head = `${line} ${step.index} ${shellQuote(ns)}`;
    const argv = step.argv.map(shellQuote).join(' ');
    switch (step.kind) {
      case 'capture':
        lines.push(`cap ${head} -- ${argv}`);
        break;
      case 'netns-add':
        lines.push(`netns_add ${head} -- ${argv}`);
        if (traceHooks) lines.push(`trace_ns ${shellQuote(step.command.argv[3] ?? '')}`);
        break;
      case 'nc':
        lines.push(`ncf ${head} -- ${argv}`);
        break;
      case 'nc-bg':
        lines.push(`ncb ${head} -- ${argv}`);
        break;
      default:
        if (step.command.stdin !== undefined) lines.push(...stdinFile(step.index, step.command.stdin));
        lines.push(`x ${head} ${step.kind} -- ${argv}`);
    }
  }
  lines.push('finish', '');
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Running

/** Why this machine cannot run scenarios on the kernel, or undefined when it can. */
export function kernelUnavailableReason(): string | undefined {
  if (process.platform !== 'linux') return 'needs Linux';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return 'must run as root (it makes network namespaces with unshare)';
  }
  const probe = spawnSync('bash', ['-c', 'for t in "$@"; do command -v "$t" >/dev/null || echo "$t"; done', 'bash', ...REQUIRED_TOOLS], {
    encoding: 'utf8',
    env: { ...process.env, PATH: withSbin(process.env.PATH) },
  });
  if (probe.error) return `cannot run bash: ${probe.error.message}`;
  const missing = probe.stdout.split('\n').filter((s) => s !== '');
  if (missing.length > 0) return `missing tools: ${missing.join(', ')} (install iproute2, iptables, tcpdump, conntrack, iputils-ping, netcat-openbsd)`;
  const nc = spawnSync('nc', ['-h'], { encoding: 'utf8', env: { ...process.env, PATH: withSbin(process.env.PATH) } });
  if (!/OpenBSD netcat/.test(`${nc.stdout}${nc.stderr}`)) return 'nc is not OpenBSD netcat (install netcat-openbsd)';
  if (!existsSync('/run/netns') && !existsSync('/run')) return 'no /run directory to mount the namespace tmpfs on';
  return undefined;
}

function withSbin(path: string | undefined): string {
  const parts = (path ?? '').split(':').filter((p) => p !== '');
  for (const p of ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin']) {
    if (!parts.includes(p)) parts.push(p);
  }
  return parts.join(':');
}

function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Assembles the scenario output from the work directory (exported for tests). */
export async function collectOutput(steps: readonly PlannedStep[], work: string): Promise<{ stdout: string; tools: string; failure?: { line: number; index: number; status: number } }> {
  let stdout = '';
  for (const step of steps) {
    if (step.kind !== 'printed') continue;
    const out = await readIfExists(join(work, `out.${step.index}`));
    if (out === undefined) continue;
    stdout += `== ${step.command.ns}: ${step.command.text}\n${ensureNewline(out)}`;
  }
  for (const step of steps) {
    if (step.kind !== 'capture') continue;
    const out = await readIfExists(join(work, `cap.${step.index}`));
    if (out === undefined) continue;
    // tcpdump prints an empty line when it is interrupted; it is not a packet line.
    const packets = out.split('\n').filter((l) => l.trim() !== '');
    stdout += `== ${step.command.ns} ${step.dev ?? ''}\n${packets.map((l) => `${l}\n`).join('')}`;
  }
  const failedText = await readIfExists(join(work, 'failed'));
  const [line, index, status] = failedText === undefined ? [] : failedText.trim().split(' ').map(Number);
  // Tool output: what each foreground ping and nc that ran to its end printed (nc's -v reports
  // are on stderr; its stdout is empty, no peer sends data), as the engine's ScriptRun.tools.
  let tools = '';
  for (const step of steps) {
    if ((step.kind !== 'ping' && step.kind !== 'nc') || step.index === index) continue;
    const out = await readIfExists(join(work, `out.${step.index}`));
    if (out === undefined) continue;
    const err = step.kind === 'nc' ? ((await readIfExists(join(work, `err.${step.index}`))) ?? '') : '';
    tools += `== ${step.command.ns}: ${step.command.text}\n${ensureNewline(out)}${ensureNewline(err)}`;
  }
  if (failedText === undefined) return { stdout, tools };
  return { stdout, tools, failure: { line: line ?? 0, index: index ?? 0, status: status ?? 1 } };
}

function errorMessage(line: number, text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return `line ${line}: command failed\n`;
  return `line ${line}: ${lines.join('\n')}\n`;
}

/** Whether kernelUnavailableReason() found this machine able to run scenarios (runOnKernel). */
let preflightPassed = false;

/** Runs a scenario script on the real kernel, in namespaces of its own. */
export async function runOnKernel(source: string, options: KernelRunOptions = {}): Promise<KernelRunResult> {
  let steps: PlannedStep[];
  try {
    steps = planScenario(parseScript(source));
  } catch (err) {
    if (err instanceof ScriptSyntaxError || err instanceof KernelScriptError) {
      return { stdout: '', stderr: `line ${err.line}: ${err.message}\n`, exitCode: 2 };
    }
    throw err;
  }
  if (!options.skipPreflight && !preflightPassed) {
    const reason = kernelUnavailableReason();
    if (reason !== undefined) return { stdout: '', stderr: `kernel runner: ${reason}\n`, exitCode: 3 };
    // The check starts two processes; the machine's tools do not change during a conformance
    // or fuzz run, so it runs once per process, not once per scenario.
    preflightPassed = true;
  }
  const work = await mkdtemp(join(tmpdir(), 'packet-path-kernel-'));
  try {
    const scriptPath = join(work, 'scenario.bash');
    await writeFile(scriptPath, generateScript(steps, options.traceHooks ?? false), { mode: 0o600 });
    const settle = ((options.settleMs ?? DEFAULT_SETTLE_MS) / 1000).toFixed(3);
    const run = await spawnCollect(
      'unshare',
      ['--net', '--mount', '--pid', '--fork', '--kill-child', '--mount-proc', '--propagation', 'private', 'bash', scriptPath, work, settle],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    const setupError = await readIfExists(join(work, 'setup-error'));
    const { stdout, tools, failure } = await collectOutput(steps, work);
    const traces = async (): Promise<Record<string, string>> => {
      const out: Record<string, string> = {};
      for (const ns of ['default', ...steps.filter((s) => s.kind === 'netns-add').map((s) => s.command.argv[3] ?? '')]) {
        out[ns] = (await readIfExists(join(work, `trace.${ns}`))) ?? '';
      }
      return out;
    };
    if (failure !== undefined) {
      const stderrText = (await readIfExists(join(work, `err.${failure.index}`))) ?? '';
      // A scenario that ends in a failing command (as on Linux) still has its walks up to there.
      return {
        stdout,
        tools,
        stderr: errorMessage(failure.line, stderrText),
        exitCode: failure.status === 0 ? 1 : failure.status,
        ...(options.traceHooks ? { traces: await traces() } : {}),
      };
    }
    if (run.timedOut) return { stdout, stderr: `kernel runner: the scenario did not finish within ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms\n`, exitCode: 1 };
    if ((await readIfExists(join(work, 'done'))) === undefined) {
      const why = setupError ?? run.stderr;
      return { stdout, stderr: `kernel runner: the run stopped early (exit status ${run.code ?? 'none'}): ${why.trim() || 'no message'}\n`, exitCode: 3 };
    }
    if (!options.traceHooks) return { stdout, tools, stderr: '', exitCode: 0 };
    return { stdout, tools, stderr: '', exitCode: 0, traces: await traces() };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

interface Spawned {
  readonly code: number | null;
  readonly stderr: string;
  readonly timedOut: boolean;
}

function spawnCollect(cmd: string, args: string[], timeoutMs: number): Promise<Spawned> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PATH: withSbin(process.env.PATH), LC_ALL: 'C' } });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 65536) stderr += chunk;
    });
    // unshare --kill-child: killing unshare SIGKILLs the script, the PID namespace takes the rest.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve({ code: null, stderr: err.message, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}


/**
 * The kernel in front of us, as the engine's KernelProfile: br_netfilter is there when a new
 * network namespace has /proc/sys/net/bridge (built in, or a module already loaded); the dummy
 * driver when a throwaway namespace can make a dummy link. The engine
 * behaves as this kernel by default; a run on a kernel without it must say so
 * (`executeScript(source, { kernel: detectKernelProfile() })`) for the two to agree.
 */
export function detectKernelProfile(): { readonly brNetfilter: 'builtin' | 'absent'; readonly dummy: boolean } {
  const probe = spawnSync('unshare', ['--net', 'test', '-d', '/proc/sys/net/bridge'], { stdio: 'ignore' });
  const dummy = spawnSync('unshare', ['--net', 'ip', 'link', 'add', 'probe0', 'type', 'dummy'], { stdio: 'ignore' });
  return { brNetfilter: probe.status === 0 ? 'builtin' : 'absent', dummy: dummy.status === 0 };
}
