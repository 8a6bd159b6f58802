// `nc` as OpenBSD netcat 1.219 (Debian's netcat-openbsd) parses its command line, reduced to
// the subset a scenario may use, with nc's own error messages (checked against the real binary;
// see docs/scenario-format-tcp-udp.md). Pure: the kernel runner checks scenario lines with it
// too, so that the engine and the real kernel refuse the same lines.
//
// getopt is glibc's: options may follow the operands (`nc -z 10.0.0.2 80 -w 1`), flags cluster
// (`-lk`, `-uvz`), an option's value may be joined (`-w1`, `-lp80`), `--` ends the options.
// The subset: -4 -d -h -k -l -N -n -p PORT -q SECS -s ADDR -u -v -w SECS -z. The other options
// nc knows are refused as not supported by the simulator (they read files, use proxies, UNIX
// sockets, TOS, MD5 ...). Hosts are dotted-quad IPv4 addresses (no name resolution in a
// scenario); ports are numbers, ranges `lo-hi` or /etc/services names.

import { parseIpv4, type Ipv4Addr } from '../../net/addr.ts';
import { ToolError } from '../errors.ts';
import { SERVICES } from '../iptables/netdb.ts';
import { strtol } from '../lib/cnum.ts';

export interface NcArgs {
  readonly listen: boolean;
  /** -k: keep listening after a connection. */
  readonly keep: boolean;
  readonly udp: boolean;
  /** -z: connect (TCP) or probe (UDP with -v) and close, no data. */
  readonly zero: boolean;
  readonly verbose: boolean;
  /** -N: shutdown(SHUT_WR) after EOF on stdin (also set by -q SECS >= 0). */
  readonly shutdownOnEof: boolean;
  /** -q SECS: quit SECS after EOF on stdin (-1: never, the default). */
  readonly quitSeconds: number;
  /** -w SECS in ms: connect timeout and idle timeout of the data loop; undefined: none. */
  readonly timeoutMs?: number;
  /** -d: do not read stdin at all. */
  readonly detach: boolean;
  /** -h: print the help and exit 0. */
  readonly help: boolean;
  /** -s ADDR, or the address operand of `nc -l ADDR PORT`. */
  readonly localAddr?: Ipv4Addr;
  /** -p PORT, or the port operand of `nc -l PORT`. */
  readonly localPort?: number;
  /** Client mode: the destination. */
  readonly host?: Ipv4Addr;
  /** Client mode: the ports to try, in order. */
  readonly ports: readonly number[];
}

export const NC_USAGE = [
  'usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]',
  '\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]',
  '\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]',
  '\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]',
  '\t  [destination] [port]',
].join('\n');

/** getopt's option string of Debian's nc 1.219 (built without TLS). */
const OPTSTRING = '46bCDdFhI:i:klM:m:NnO:P:p:q:rSs:T:tUuV:vW:w:X:x:Zz';
const SUPPORTED = new Set(['4', 'd', 'h', 'k', 'l', 'N', 'n', 'p', 'q', 's', 'u', 'v', 'w', 'z']);

function takesValue(opt: string): boolean {
  const i = OPTSTRING.indexOf(opt);
  return i >= 0 && OPTSTRING[i + 1] === ':';
}

function fail(message: string, exitCode = 1): ToolError {
  return new ToolError(message, exitCode);
}

function usage(prefix?: string): ToolError {
  return fail(prefix ? `${prefix}\n${NC_USAGE}` : NC_USAGE);
}

/** OpenBSD strtonum(3) (strtoll base 10 over the whole word) in [min, max]: the value or its error. */
function strtonum(text: string, min: number, max: number): number | 'too small' | 'too large' | 'invalid' {
  const r = strtol(text, 10);
  if (r.end === 0 || r.end !== text.length) return 'invalid';
  if (r.value < BigInt(min)) return 'too small';
  if (r.value > BigInt(max)) return 'too large';
  return Number(r.value);
}

/** getservbyname(name, proto) over the /etc/services table iptables uses. */
function serviceNumber(name: string, proto: 'tcp' | 'udp'): number | undefined {
  for (const [service, port, p, aliases] of SERVICES) {
    if (p === proto && (service === name || aliases.includes(name))) return port;
  }
  return undefined;
}

/**
 * getaddrinfo's service argument (bind address of -p, or the listening port): digits are taken
 * modulo 65536 (glibc stores them with htons), names come from /etc/services.
 */
function serviceArgument(text: string, proto: 'tcp' | 'udp'): number {
  if (/^\d+$/.test(text)) return Number(BigInt(text) % 65536n);
  const named = serviceNumber(text, proto);
  if (named === undefined) throw fail('nc: getaddrinfo: Servname not supported for ai_socktype');
  return named;
}

/** strtoport: a destination port, 1..65535, or a service name. */
function destinationPort(text: string, proto: 'tcp' | 'udp'): number {
  const n = strtonum(text, 1, 65535);
  if (typeof n === 'number') return n;
  if (n !== 'invalid') throw fail(`nc: port number ${n}: ${text}`);
  const named = serviceNumber(text, proto);
  if (named === undefined) throw fail(`nc: port number invalid: ${text}`);
  return named;
}

/** build_ports: a service name, a range `lo-hi` (either order), or one port. */
function buildPorts(words: readonly string[], proto: 'tcp' | 'udp'): number[] {
  const ports: number[] = [];
  for (const word of words) {
    const named = serviceNumber(word, proto);
    if (named !== undefined) {
      ports.push(named);
      continue;
    }
    const dash = word.indexOf('-');
    if (/^\d/.test(word) && dash >= 0) {
      const hi0 = destinationPort(word.slice(dash + 1), proto);
      const lo0 = destinationPort(word.slice(0, dash), proto);
      const [lo, hi] = lo0 <= hi0 ? [lo0, hi0] : [hi0, lo0];
      if (hi - lo > 1023) throw fail(`nc: a scenario scans at most 1024 ports at once (${word})`, 2);
      for (let p = lo; p <= hi; p++) ports.push(p);
      continue;
    }
    ports.push(destinationPort(word, proto));
  }
  return ports;
}

const DOTTED_QUAD = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

/** A dotted-quad address; other numeric forms (10.2, 010.0.0.1, 0x0a...) are inet_aton's and refused. */
function numericAddress(text: string): Ipv4Addr | undefined {
  const addr = parseIpv4(text);
  if (addr !== undefined && DOTTED_QUAD.test(text)) return addr;
  if (/^(0x)?[\da-f.]+$/i.test(text) && /\d/.test(text)) {
    throw fail(`nc: the simulator takes IPv4 addresses as four decimal numbers (got "${text}")`, 2);
  }
  return undefined;
}

function hostAddress(text: string, numericOnly: boolean, port: string): Ipv4Addr {
  const addr = numericAddress(text);
  if (addr !== undefined && (addr >>> 28 === 0xe || addr === 0xffffffff)) {
    throw fail(`nc: multicast and broadcast destinations are not modelled by the simulator (${text})`, 2);
  }
  if (addr !== undefined) return addr;
  if (numericOnly) throw fail(`nc: getaddrinfo for host "${text}" port ${port}: Name or service not known`);
  // A scenario's namespaces have no DNS: resolving a name fails as it does on the kernel.
  throw fail(`nc: getaddrinfo for host "${text}" port ${port}: Temporary failure in name resolution`);
}

/** glibc getopt with argument permutation: the options and the operands, in order. */
function getopt(args: readonly string[]): { opts: [string, string | undefined][]; operands: string[] } {
  const opts: [string, string | undefined][] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      operands.push(word);
      continue;
    }
    for (let j = 1; j < word.length; j++) {
      const c = word[j]!;
      if (c === ':' || !OPTSTRING.includes(c)) throw usage(`nc: invalid option -- '${c}'`);
      if (!takesValue(c)) {
        opts.push([c, undefined]);
        continue;
      }
      let value: string | undefined = word.slice(j + 1);
      if (value === '') value = args[++i];
      if (value === undefined) throw usage(`nc: option requires an argument -- '${c}'`);
      opts.push([c, value]);
      break;
    }
  }
  return { opts, operands };
}

/** Parses nc's arguments (without the program name). Throws ToolError with nc's message. */
export function parseNc(args: readonly string[]): NcArgs {
  const { opts, operands } = getopt(args);
  let listen = false;
  let keep = false;
  let udp = false;
  let zero = false;
  let verbose = false;
  let shutdownOnEof = false;
  let quitSeconds = -1;
  let timeoutMs: number | undefined;
  let detach = false;
  let help = false;
  let numeric = false;
  let sflag: string | undefined;
  let pflag: string | undefined;
  for (const [c, value] of opts) {
    if (!SUPPORTED.has(c)) {
      throw fail(`nc: option -${c} is not supported by the simulator (scenarios use -4 -d -k -l -N -n -p -q -s -u -v -w -z)`, 2);
    }
    const v = value ?? '';
    switch (c) {
      case 'h':
        help = true;
        break;
      case 'l':
        listen = true;
        break;
      case 'k':
        keep = true;
        break;
      case 'u':
        udp = true;
        break;
      case 'z':
        zero = true;
        break;
      case 'v':
        verbose = true;
        break;
      case 'N':
        shutdownOnEof = true;
        break;
      case 'n':
        numeric = true;
        break;
      case 'd':
        detach = true;
        break;
      case 'p':
        pflag = v;
        break;
      case 's':
        sflag = v;
        break;
      case 'q': {
        const n = strtonum(v, -2147483648, 2147483647);
        if (typeof n !== 'number') throw fail(`nc: quit timer ${n}: ${v}`);
        quitSeconds = n;
        if (n >= 0) shutdownOnEof = true;
        break;
      }
      case 'w': {
        const n = strtonum(v, 0, 2147483);
        if (typeof n !== 'number') throw fail(`nc: timeout ${n}: ${v}`);
        timeoutMs = n * 1000;
        break;
      }
      default:
        break;
    }
  }
  const base = { listen, keep, udp, zero, verbose, shutdownOnEof, quitSeconds, timeoutMs, detach, help };
  if (help) return { ...base, ports: [] };
  const proto = udp ? 'udp' : 'tcp';

  // "Cruft to make sure options are clean, and used properly."
  let hostWord: string | undefined;
  let portWords: readonly string[] = [];
  if (operands.length === 0 && listen) {
    hostWord = sflag;
    portWords = pflag !== undefined ? [pflag] : [];
  } else if (operands.length === 1 && pflag === undefined && sflag === undefined) {
    // `nc -l 12345`; a client with only a host has no port.
    if (listen) portWords = operands;
  } else if (operands.length >= 2) {
    if (listen && (pflag !== undefined || sflag !== undefined || operands.length > 2)) throw usage();
    hostWord = operands[0];
    portWords = operands.slice(1);
  } else {
    throw usage();
  }
  if (portWords.length === 0) throw fail('nc: missing port number');
  if (listen && zero) throw fail('nc: cannot use -z and -l');
  if (!listen && keep) throw fail('nc: must use -l with -k');

  if (listen) {
    const portWord = portWords[0]!;
    const localPort = serviceArgument(portWord, proto);
    const localAddr = hostWord === undefined ? undefined : bindAddress(hostWord);
    return { ...base, localAddr, localPort, ports: [] };
  }
  const ports = buildPorts(portWords, proto);
  const host = hostAddress(hostWord!, numeric, portWords[0]!);
  const localAddr = sflag === undefined ? undefined : bindAddress(sflag);
  const localPort = pflag === undefined ? undefined : serviceArgument(pflag, proto);
  return { ...base, host, ports, localAddr, localPort };
}

/** The address of -s (or of `nc -l ADDR PORT`): getaddrinfo(AI_PASSIVE) of a dotted quad. */
function bindAddress(text: string): Ipv4Addr {
  const addr = numericAddress(text);
  if (addr !== undefined) return addr;
  throw fail('nc: getaddrinfo: Temporary failure in name resolution');
}

/**
 * Whether this nc, run in the foreground with stdin at EOF, is sure to exit; undefined when it
 * is, else why not. A scenario waits for a foreground nc, so one that would wait forever is
 * refused (the same rule as ping's -c).
 */
export function foregroundProblem(a: NcArgs): string | undefined {
  if (a.help) return undefined;
  if (a.listen) return 'nc: a listening nc runs in the background in a scenario: end the line with &';
  if (a.zero || a.timeoutMs !== undefined || a.quitSeconds >= 0) return undefined;
  if (!a.udp && a.shutdownOnEof) return undefined;
  return `nc: with no standard input in a scenario this ${a.udp ? 'UDP ' : ''}client would never exit: add ${a.udp ? '-z, -q SECS or -w SECS' : '-z, -N, -q SECS or -w SECS'}`;
}
