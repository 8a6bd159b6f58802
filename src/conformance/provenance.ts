// Provenance of a kernel recording: content/kernel/<id>.json beside content/kernel/<id>.out says
// what the recording was made with (kernel release, the tools' versions, whether br_netfilter is
// there and what bridge-nf-call-iptables a new namespace starts with) and from which scenario
// commands (the SHA-256 of its lines but comments and blank lines). `npm run conformance -- --record` writes it; conformance names a recording
// whose scenario has changed since (the hash differs) as stale.

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Provenance {
  /** SHA-256 (hex) of the commands of the scenario the recording was made from (scenarioHash). */
  readonly scenarioSha256: string;
  readonly recordedAt: string;
  /** `uname -r`. */
  readonly kernel: string;
  /** First line of each tool's version output. */
  readonly tools: Readonly<Record<string, string>>;
  readonly brNetfilter: {
    /** /proc/sys/net/bridge exists in a new network namespace (br_netfilter loaded or built in). */
    readonly present: boolean;
    /** bridge-nf-call-iptables in a new network namespace, when present. */
    readonly callIptablesDefault?: number;
  };
}

/**
 * The scenario's commands: its lines without blank lines and whole-line comments. Comments are
 * not commands, so rewording them (say, to keep an exercise's answer out of them) leaves the
 * recording as it is.
 */
export function scenarioCommands(source: string): string {
  return source
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .join('\n');
}

/** SHA-256 (hex) of the scenario's commands (scenarioCommands). */
export function scenarioHash(source: string): string {
  return createHash('sha256').update(scenarioCommands(source)).digest('hex');
}

const PATH_WITH_SBIN = `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/sbin:/sbin`;

function firstLine(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, PATH: PATH_WITH_SBIN, LC_ALL: 'C' } });
  if (r.error) return `unavailable (${r.error.message})`;
  return `${r.stdout}\n${r.stderr}`.split('\n').map((l) => l.trim()).find((l) => l !== '') ?? '';
}

let cached: Omit<Provenance, 'scenarioSha256' | 'recordedAt'> | undefined;

/** What this machine records with (asked once per process). */
export function machineProvenance(): Omit<Provenance, 'scenarioSha256' | 'recordedAt'> {
  if (cached) return cached;
  const tools: Record<string, string> = {
    iproute2: firstLine('ip', ['-V']),
    iptables: firstLine('iptables', ['-V']),
    tcpdump: firstLine('tcpdump', ['--version']),
    libpcap: (spawnSync('tcpdump', ['--version'], { encoding: 'utf8', env: { ...process.env, PATH: PATH_WITH_SBIN } }).stdout ?? '').split('\n').find((l) => l.startsWith('libpcap')) ?? '',
    conntrack: firstLine('conntrack', ['-V']),
    ping: firstLine('ping', ['-V']),
    nc: firstLine('nc', ['-h']),
  };
  // A new namespace, not this one: the sysctl is per namespace and the runner's start fresh.
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'test -d /proc/sys/net/bridge && cat /proc/sys/net/bridge/bridge-nf-call-iptables'], {
    encoding: 'utf8',
    env: { ...process.env, PATH: PATH_WITH_SBIN },
  });
  const value = Number((probe.stdout ?? '').trim());
  const present = probe.status === 0 && (probe.stdout ?? '').trim() !== '';
  cached = {
    kernel: firstLine('uname', ['-r']),
    tools,
    brNetfilter: present && Number.isInteger(value) ? { present, callIptablesDefault: value } : { present: false },
  };
  return cached;
}

export function makeProvenance(source: string, now: Date): Provenance {
  return { scenarioSha256: scenarioHash(source), recordedAt: now.toISOString(), ...machineProvenance() };
}

export function readProvenance(path: string): Provenance | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Provenance;
  } catch {
    return undefined;
  }
}

/** Why a recording does not fit its scenario any more, or undefined when it does (or is unknown). */
export function staleness(provenance: Provenance | undefined, source: string): string | undefined {
  if (provenance === undefined) return undefined;
  if (provenance.scenarioSha256 !== scenarioHash(source)) {
    return `the scenario changed since it was recorded (sha256 ${provenance.scenarioSha256.slice(0, 12)} recorded, ${scenarioHash(source).slice(0, 12)} now)`;
  }
  return undefined;
}
