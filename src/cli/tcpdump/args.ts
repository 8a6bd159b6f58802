// The tcpdump command line (tcpdump 4.99.3 on glibc): options parsed the way glibc's
// getopt_long parses them (clustered short options, `-ieth0`, long options and their unique
// prefixes, `--opt=value`, options after the filter words, `--` ends the options), in the order
// tcpdump checks things: option errors as getopt meets them, then `-t` count, then the device
// (the caller's interfaceExists/interfaceUp), then the filter.
//
// Options that change nothing in the lines tcpdump prints are accepted: -n/-nn, -e (returned),
// -p (returned: the capture does not make the device promiscuous), -i, -l, -t, -c N, -S,
// -U, --immediate-mode and the long forms. Valid tcpdump options that would change the output
// in ways the simulator does not reproduce (-v, -q, -x, -A, -tt, -w, -r, ...) are refused with
// an `unsupported` TcpdumpError instead of printing wrong lines.

import { atoi, strtol } from '../lib/cnum.ts';
import { TcpdumpError, deviceNotUpError, noSuchDeviceError, unsupported } from './errors.ts';
import { compileFilter, type FramePredicate } from './filter.ts';

export { TcpdumpError, deviceNotUpError, noSuchDeviceError } from './errors.ts';

export interface TcpdumpOptions {
  /** -i DEV (the last one given); undefined: tcpdump picks a default device itself. */
  readonly interface?: string;
  /** -n (or -nn): numeric addresses and ports. Without it tcpdump would resolve names. */
  readonly numeric: boolean;
  /** -e: print the Ethernet header. */
  readonly ether: boolean;
  /** False with -p: tcpdump does not put the device into promiscuous mode. */
  readonly promiscuous: boolean;
  /** False with -t: no timestamps (the scenario format always compares -t lines). */
  readonly timestamps: boolean;
  /** -S: absolute TCP sequence numbers. */
  readonly absoluteSeq: boolean;
  /** -l (line-buffered stdout); no effect on what is printed. */
  readonly lineBuffered: boolean;
  /** --immediate-mode; no effect on what is printed. */
  readonly immediateMode: boolean;
  /** -c N: exit after N packets. */
  readonly count?: number;
  /** The filter expression: the remaining words joined by single spaces ('' for none). */
  readonly filterText: string;
  /** The compiled filter. */
  readonly filter: FramePredicate;
}

export interface TcpdumpEnvironment {
  /** Checked after the options, before the filter is compiled (as tcpdump opens the device first). */
  readonly interfaceExists?: (name: string) => boolean;
  /** An existing but administratively down device: `tcpdump: DEV: That device is not up`. */
  readonly interfaceUp?: (name: string) => boolean;
  /** How many network devices the namespace has (for `-i N`, a device index). */
  readonly interfaceCount?: number;
}

/** tcpdump 4.99.3's usage text, printed after every option error (this build and machine). */
export const TCPDUMP_USAGE = [
  'tcpdump version 4.99.3',
  'libpcap version 1.10.3 (with TPACKET_V3)',
  'OpenSSL 3.0.19 27 Jan 2026',
  'Usage: tcpdump [-AbdDefhHIJKlLnNOpqStuUvxX#] [ -B size ] [ -c count ] [--count]',
  '\t\t[ -C file_size ] [ -E algo:secret ] [ -F file ] [ -G seconds ]',
  '\t\t[ -i interface ] [ --immediate-mode ] [ -j tstamptype ]',
  '\t\t[ -M secret ] [ --number ] [ --print ] [ -Q in|out|inout ]',
  '\t\t[ -r file ] [ -s snaplen ] [ -T type ] [ --version ]',
  '\t\t[ -V file ] [ -w file ] [ -W filecount ] [ -y datalinktype ]',
  '\t\t[ --time-stamp-precision precision ] [ --micro ] [ --nano ]',
  '\t\t[ -z postrotate-command ] [ -Z user ] [ expression ]',
].join('\n');

function usageError(message: string): TcpdumpError {
  return new TcpdumpError(`tcpdump: ${message}\n${TCPDUMP_USAGE}`);
}

/** tcpdump's SHORTOPTS on Linux: letters, `:` after those that take an argument. */
const SHORT_OPTIONS = 'aAbB:c:C:dDeE:fF:G:hHi:Ij:JKlLm:M:nNOpqQ:r:s:StT:uUvV:w:W:xXy:Yz:Z:#';

interface LongOption {
  readonly name: string;
  readonly arg: boolean;
  /** The short option it stands for, or a name for options without one. */
  readonly id: string;
}

/** tcpdump 4.99.3's longopts, in its order (glibc lists ambiguous matches in this order). */
const LONG_OPTIONS: readonly LongOption[] = [
  { name: 'buffer-size', arg: true, id: 'B' },
  { name: 'count', arg: false, id: '--count' },
  { name: 'list-interfaces', arg: false, id: 'D' },
  { name: 'help', arg: false, id: 'h' },
  { name: 'interface', arg: true, id: 'i' },
  { name: 'monitor-mode', arg: false, id: 'I' },
  { name: 'time-stamp-type', arg: true, id: 'j' },
  { name: 'list-time-stamp-types', arg: false, id: 'J' },
  { name: 'micro', arg: false, id: '--micro' },
  { name: 'nano', arg: false, id: '--nano' },
  { name: 'time-stamp-precision', arg: true, id: '--time-stamp-precision' },
  { name: 'dont-verify-checksums', arg: false, id: 'K' },
  { name: 'list-data-link-types', arg: false, id: 'L' },
  { name: 'no-optimize', arg: false, id: 'O' },
  { name: 'no-promiscuous-mode', arg: false, id: 'p' },
  { name: 'direction', arg: true, id: 'Q' },
  { name: 'snapshot-length', arg: true, id: 's' },
  { name: 'absolute-tcp-sequence-numbers', arg: false, id: 'S' },
  { name: 'packet-buffered', arg: false, id: 'U' },
  { name: 'linktype', arg: true, id: 'y' },
  { name: 'immediate-mode', arg: false, id: '--immediate-mode' },
  { name: 'relinquish-privileges', arg: true, id: 'Z' },
  { name: 'fp-type', arg: false, id: '--fp-type' },
  { name: 'number', arg: false, id: '#' },
  { name: 'print', arg: false, id: '--print' },
  { name: 'version', arg: false, id: '--version' },
];

/** What each valid but unsupported option would change, for the error message. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  v: '-v (verbose output changes every line)',
  q: '-q (quick output)',
  x: '-x (hex dump)',
  X: '-X (hex and ASCII dump)',
  A: '-A (ASCII dump)',
  a: '-a',
  b: '-b',
  d: '-d (print the compiled filter)',
  D: '-D (list interfaces)',
  f: '-f',
  h: '-h (help)',
  H: '-H',
  I: '-I (monitor mode)',
  J: '-J',
  K: '-K',
  L: '-L',
  N: '-N',
  O: '-O',
  u: '-u',
  Y: '-Y',
  '#': '-# (packet numbers)',
  B: '-B',
  C: '-C',
  E: '-E',
  F: '-F (filter from a file)',
  G: '-G',
  j: '-j',
  m: '-m',
  M: '-M',
  Q: '-Q (capture direction)',
  r: '-r (read a capture file)',
  T: '-T',
  V: '-V',
  w: '-w (write a capture file)',
  W: '-W',
  y: '-y',
  z: '-z',
  Z: '-Z',
  '--count': '--count',
  '--micro': '--micro',
  '--nano': '--nano',
  '--time-stamp-precision': '--time-stamp-precision',
  '--fp-type': '--fp-type',
  '--print': '--print',
  '--version': '--version',
};

/** Options after which tcpdump does not open a device and capture (it lists, reads, prints help). */
const MODE_CHANGING: ReadonlySet<string> = new Set(['D', 'h', 'L', 'J', 'd', 'r', 'V', 'F', '--version']);

/** pcap's pseudo-devices: `any` captures in Linux cooked mode (different lines), the rest are not IP. */
const PSEUDO_DEVICES: ReadonlySet<string> = new Set(['any', 'bluetooth-monitor', 'nflog', 'nfqueue', 'dbus-system', 'dbus-session']);

/**
 * Parses the words after `tcpdump` (a trailing `&` already removed). Throws TcpdumpError with
 * tcpdump's stderr text (without the final newline) and exit status, or an `unsupported` one.
 */
export function parseTcpdumpArgs(args: readonly string[], env: TcpdumpEnvironment = {}): TcpdumpOptions {
  let device: string | undefined;
  let nflag = 0;
  let eflag = 0;
  let pflag = false;
  let tflag = 0;
  let sflag = false;
  let lflag = false;
  let immediate = false;
  let count: number | undefined;
  let firstUnsupported: string | undefined;
  let firstModeChange: string | undefined;
  const words: string[] = [];

  const handle = (id: string, arg: string | undefined): void => {
    switch (id) {
      case 'i':
        device = arg ?? '';
        return;
      case 'n':
        nflag++;
        return;
      case 'e':
        eflag++;
        return;
      case 'p':
        pflag = true;
        return;
      case 't':
        tflag++;
        return;
      case 'S':
        sflag = true;
        return;
      case 'l':
        lflag = true;
        return;
      case 'U':
        return; // packet-buffered output, only matters with -w
      case '--immediate-mode':
        immediate = true;
        return;
      case 's': {
        // strtol(optarg, &end, 0): decimal, 0x hex or 0 octal, the whole argument.
        const text = arg ?? '';
        const r = strtol(text, 0);
        const value = Number(r.value);
        if (r.end === 0 || r.end !== text.length || !(value >= 0 && value <= 262144)) throw new TcpdumpError(`tcpdump: invalid snaplen ${text} (must be >= 0 and <= 262144)`);
        // 0 means the maximum. Frames are never truncated at 65535 bytes or more; a smaller
        // snapshot length would make tcpdump print truncated lines.
        if (value !== 0 && value < 65535) firstUnsupported ??= `-s ${text} (a snapshot length that truncates packets)`;
        return;
      }
      case 'c': {
        const n = atoi(arg ?? '');
        if (n <= 0) throw new TcpdumpError(`tcpdump: invalid packet count ${arg ?? ''}`);
        count = n;
        return;
      }
      default:
        if (MODE_CHANGING.has(id)) firstModeChange ??= UNSUPPORTED[id] ?? id;
        else firstUnsupported ??= UNSUPPORTED[id] ?? id;
    }
  };

  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const name = eq < 0 ? body : body.slice(0, eq);
      const exact = LONG_OPTIONS.find((o) => o.name === name);
      const matches = exact ? [exact] : LONG_OPTIONS.filter((o) => o.name.startsWith(name));
      if (matches.length === 0) throw usageError(`unrecognized option '${a}'`);
      if (matches.length > 1) {
        throw usageError(`option '${a}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join('')}`);
      }
      const opt = matches[0];
      if (!opt) continue;
      let value: string | undefined;
      if (opt.arg) {
        if (eq >= 0) value = body.slice(eq + 1);
        else {
          value = args[i + 1];
          if (value === undefined) throw usageError(`option '--${opt.name}' requires an argument`);
          i++;
        }
      } else if (eq >= 0) {
        throw usageError(`option '--${opt.name}' doesn't allow an argument`);
      }
      handle(opt.id, value);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        const at = c === ':' ? -1 : SHORT_OPTIONS.indexOf(c);
        if (at < 0) throw usageError(`invalid option -- '${c}'`);
        if (SHORT_OPTIONS[at + 1] === ':') {
          let value: string;
          if (j + 1 < a.length) value = a.slice(j + 1);
          else {
            const next = args[i + 1];
            if (next === undefined) throw usageError(`option requires an argument -- '${c}'`);
            value = next;
            i++;
          }
          handle(c, value);
          break;
        }
        handle(c, undefined);
      }
      continue;
    }
    words.push(a); // glibc moves non-options after the options
  }
  for (; i < args.length; i++) words.push(args[i] ?? '');

  if (tflag > 5) throw new TcpdumpError('tcpdump: only -t, -tt, -ttt, -tttt and -ttttt are supported');
  // Options that make tcpdump do something else than capture on a device.
  if (firstModeChange !== undefined) throw unsupported(firstModeChange);

  if (device !== undefined && device !== 'any' && PSEUDO_DEVICES.has(device)) {
    throw unsupported(`-i ${device} (not an Ethernet device: tcpdump prints other lines there)`);
  }
  if (device !== undefined && device !== 'any') {
    if (env.interfaceExists && !env.interfaceExists(device)) {
      // A missing device with an all-numeric name is taken as an index into pcap_findalldevs().
      // parse_interface_number: strtol(device, &end, 10) over the whole name.
      const r = strtol(device, 10);
      if (r.end === 0 || r.end !== device.length) throw noSuchDeviceError(device);
      const index = Number(r.value);
      // The list holds the namespace's devices plus 6 pseudo-devices on this machine (any,
      // bluetooth-monitor, nflog, nfqueue, dbus-system, dbus-session).
      const listed = env.interfaceCount !== undefined ? env.interfaceCount + 6 : undefined;
      if (index <= 0 || (listed !== undefined && index > listed)) throw new TcpdumpError('tcpdump: Invalid adapter index');
      throw unsupported(`-i ${device} (interface numbers)`);
    }
    if (env.interfaceUp && !env.interfaceUp(device)) throw deviceNotUpError(device);
  }

  const filterText = words.join(' ');
  const filter = compileFilter(filterText);
  // A command line that tcpdump would run, but whose output the simulator cannot print.
  if (firstUnsupported !== undefined) throw unsupported(firstUnsupported);
  if (tflag > 1) throw unsupported(`-${'t'.repeat(tflag)} (timestamp formats)`);
  return {
    ...(device !== undefined ? { interface: device } : {}),
    numeric: nflag > 0,
    ether: eflag > 0,
    promiscuous: !pflag,
    timestamps: tflag === 0,
    absoluteSeq: sflag,
    lineBuffered: lflag,
    immediateMode: immediate,
    ...(count !== undefined ? { count } : {}),
    filterText,
    filter,
  };
}
