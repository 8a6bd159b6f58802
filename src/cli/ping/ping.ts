// `ping` as iputils 20221126 parses it (the subset scenarios use), with its error messages.

import { parseIpv4, type Ipv4Addr } from '../../net/addr.ts';
import { ToolError } from '../errors.ts';
import type { PingOptions } from '../../net/stack/ping.ts';
import { strtol } from '../lib/cnum.ts';

/**
 * The engine's PingOptions as the command line gives them: -I names an interface, which the
 * caller resolves to the namespace's device (SO_BINDTODEVICE), or a source address.
 */
export type PingArgs = Omit<PingOptions, 'device'> & {
  readonly iface?: string;
  readonly broadcast: boolean;
  /** -q, -O, -D: what ping prints (src/cli/ping/print.ts). */
  readonly quiet: boolean;
  readonly outstanding: boolean;
  readonly timestamps: boolean;
};

const OPTIONS_WITH_VALUE = new Set(['-c', '-i', '-W', '-t', '-s', '-I', '-w', '-e']);
const FLAGS = new Set(['-n', '-q', '-4', '-v', '-D', '-O']);

function invalid(value: string): ToolError {
  return new ToolError(`ping: invalid argument: '${value}'`, 1);
}

/** LLONG_MAX: strtoll's limit, above which iputils reports ERANGE. */
const LLONG_MAX = 9223372036854775807n;

function number(value: string, min: number, max: number, integer: boolean, maxText = String(max)): number {
  const n = integer ? (/^\d+$/.test(value) ? Number(value) : NaN) : /^\d*\.?\d+$/.test(value) ? Number(value) : NaN;
  if (Number.isNaN(n)) throw invalid(value);
  // strtoll's ERANGE (a double would round 9223372036854775808 down to LLONG_MAX).
  if (integer && strtol(value, 10).overflow) throw new ToolError(`ping: invalid argument: '${value}': Numerical result out of range`, 1);
  if (n < min || n > max) throw new ToolError(`ping: invalid argument: '${value}': out of range: ${min} <= value <= ${maxText}`, 1);
  return n;
}

/**
 * strtol_or_err(optarg, "invalid argument", min, max): a whole decimal number (strtol's leading
 * blanks and sign allowed, nothing after it), then the range check (-w: "1.5" is refused).
 */
function cLong(value: string, min: number, max: number): number {
  const r = strtol(value, 10);
  if (r.end === 0 || r.end !== value.length) throw invalid(value);
  if (r.overflow) throw new ToolError(`ping: invalid argument: '${value}': Numerical result out of range`, 1);
  const n = Number(r.value);
  if (n < min || n > max) throw new ToolError(`ping: invalid argument: '${value}': out of range: ${min} <= value <= ${max}`, 1);
  return n;
}

/** INT_MAX / 1000: the longest -i and -W in seconds (iputils keeps them in ms in an int). */
const MAX_SECONDS = 2147483;

export function parsePing(args: readonly string[]): PingArgs {
  let count = Infinity;
  let intervalMs = 1000;
  let waitMs: number | undefined;
  let ttl = 64;
  let size = 56;
  let iface: string | undefined;
  let source: Ipv4Addr | undefined;
  let target: string | undefined;
  let flood = false;
  let broadcast = false;
  let deadlineS = 0;
  let intervalGiven = false;
  let quiet = false;
  let outstanding = false;
  let timestamps = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    // iputils accepts -c3 as well as -c 3.
    const option = word.length > 2 && word.startsWith('-') && OPTIONS_WITH_VALUE.has(word.slice(0, 2)) ? word.slice(0, 2) : word;
    if (OPTIONS_WITH_VALUE.has(option)) {
      const value = option === word ? args[++i] : word.slice(2);
      if (value === undefined) throw new ToolError(`ping: option requires an argument -- '${option.slice(1)}'`, 2);
      switch (option) {
        case '-c':
          count = number(value, 1, 2 ** 63, true, String(LLONG_MAX));
          break;
        case '-i': {
          const seconds = number(value, 0, Infinity, false);
          if (seconds > MAX_SECONDS) throw new ToolError(`ping: bad timing interval: ${value}`, 2);
          // (int)(optval * 1000). Below 2 ms is for root only ("cannot flood; minimal interval
          // allowed for user is 2ms"); scenarios run as root, as the kernel runner does.
          intervalMs = Math.trunc(seconds * 1000);
          intervalGiven = true;
          break;
        }
        case '-W': {
          const seconds = number(value, 0, Infinity, false);
          if (seconds > MAX_SECONDS) throw new ToolError(`ping: bad linger time: ${value}`, 2);
          waitMs = Math.round(seconds * 1000);
          break;
        }
        case '-t':
          ttl = number(value, 0, 255, true);
          break;
        case '-s':
          // Up to INT_MAX as iputils takes it; above 65507 every send fails locally (EMSGSIZE).
          size = number(value, 0, 2147483647, true);
          break;
        case '-w':
          // Whole seconds; 0 is no deadline.
          deadlineS = cLong(value, 0, 2147483647);
          break;
        case '-e':
          number(value, 0, 65535, true);
          throw new ToolError('ping: -e (identifier) is not supported by the simulator; ids come from the process', 2);
        case '-I': {
          const addr = parseIpv4(value);
          if (addr !== undefined) source = addr;
          else iface = value;
          break;
        }
      }
      continue;
    }
    if (word === '-f') {
      flood = true;
      continue;
    }
    if (word === '-b') {
      broadcast = true;
      continue;
    }
    if (word === '-q') quiet = true;
    if (word === '-O') outstanding = true;
    if (word === '-D') timestamps = true;
    if (FLAGS.has(word)) continue;
    if (word.startsWith('-') && word.length > 1) {
      throw new ToolError(`ping: invalid option -- '${word.slice(1, 2)}'`, 2);
    }
    if (target !== undefined) throw new ToolError('ping: usage error: Only one destination address allowed', 2);
    target = word;
  }
  if (target === undefined) throw new ToolError('ping: usage error: Destination address required', 1);
  const dst = parseIpv4(target);
  if (dst === undefined) throw new ToolError(`ping: ${target}: Name or service not known`, 2);
  if (!Number.isFinite(count) && deadlineS === 0) throw new ToolError('ping: a scenario ping needs -c COUNT or -w DEADLINE (it would never end)', 2);
  // -f without -i: no interval at all (iputils sets it to 0; root only).
  if (flood && !intervalGiven) intervalMs = 0;
  return { dst, count, intervalMs, waitMs, ttl, size, iface, source, flood, broadcast, quiet, outstanding, timestamps, ...(deadlineS > 0 ? { deadlineMs: deadlineS * 1000 } : {}) };
}
