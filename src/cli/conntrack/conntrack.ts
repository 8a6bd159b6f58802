// `conntrack -L | -D | -F` (conntrack-tools 1.4.7) over a namespace's conntrack table.

import { formatIpv4, parseIpv4 } from '../../net/addr.ts';
import { ToolError } from '../errors.ts';
import type { ConntrackEntry, Tuple } from '../../net/conntrack/core.ts';
import type { Namespace } from '../../net/world.ts';
import { conntrackUse } from '../../net/conntrack/refs.ts';

const PROTO_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp' };
const PROTO_NUMBERS: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };

function tupleText(t: Tuple): string {
  const addrs = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)}`;
  if (t.proto === 1) return `${addrs} type=${t.dport >> 8} code=${t.dport & 0xff} id=${t.sport}`;
  return `${addrs} sport=${t.sport} dport=${t.dport}`;
}

/** One `conntrack -L` line, as conntrack-tools prints an entry. */
export function formatEntry(e: ConntrackEntry, now: number, use = 1): string {
  const name = PROTO_NAMES[e.orig.proto] ?? 'unknown';
  const seconds = Math.max(0, Math.floor((e.expiresAt - now) / 1000));
  const head = `${name.padEnd(8)} ${e.orig.proto} ${seconds} ${e.tcpState ? `${e.tcpState} ` : ''}`;
  const unreplied = e.seenReply ? '' : '[UNREPLIED] ';
  const assured = e.assured ? '[ASSURED] ' : '';
  const zone = e.zone ? `zone=${e.zone} ` : '';
  return `${head}${tupleText(e.orig)} ${unreplied}${tupleText(e.reply)} ${assured}mark=${e.mark} ${zone}use=${use}`;
}

interface Filter {
  proto?: number;
  src?: number;
  dst?: number;
  zone?: number;
}

function usage(message: string): ToolError {
  return new ToolError(`conntrack v1.4.7 (conntrack-tools): ${message}\nTry \`conntrack -h' or 'conntrack --help' for more information.`, 2);
}

export function runConntrack(ns: Namespace, args: readonly string[]): string {
  let command: 'list' | 'delete' | 'flush' | undefined;
  const filter: Filter = {};
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw usage(`option \`${word}' requires an argument`);
      return v;
    };
    const setCommand = (c: typeof command): void => {
      if (command && command !== c) throw usage('Invalid parameters');
      command = c;
    };
    switch (word) {
      case '-L':
      case '--dump':
        setCommand('list');
        break;
      case '-D':
      case '--delete':
        setCommand('delete');
        break;
      case '-F':
      case '--flush':
        setCommand('flush');
        break;
      case '-p':
      case '--proto': {
        const v = value();
        const proto = PROTO_NUMBERS[v] ?? (/^\d+$/.test(v) ? Number(v) : undefined);
        if (proto === undefined) throw usage(`unknown protocol \`${v}'`);
        filter.proto = proto;
        break;
      }
      case '-s':
      case '--src':
      case '--orig-src':
      case '-d':
      case '--dst':
      case '--orig-dst': {
        const v = value();
        const addr = parseIpv4(v);
        if (addr === undefined) throw new ToolError(`conntrack v1.4.7 (conntrack-tools): Bad parameter \`${v}'`, 2);
        if (word.includes('s')) filter.src = addr;
        else filter.dst = addr;
        break;
      }
      case '-w':
      case '--zone':
        filter.zone = Number(value());
        break;
      case '-n':
      case '-o':
        break;
      default:
        throw usage(`unknown option \`${word}'`);
    }
  }
  if (!command) throw usage('no command specified');
  const now = ns.world.now;
  const matches = (e: ConntrackEntry): boolean =>
    (filter.proto === undefined || e.orig.proto === filter.proto) &&
    (filter.src === undefined || e.orig.src === filter.src) &&
    (filter.dst === undefined || e.orig.dst === filter.dst) &&
    (filter.zone === undefined || e.zone === filter.zone);
  if (command === 'list') {
    return ns.conntrack.entries(now).filter(matches).map((e) => `${formatEntry(e, now, conntrackUse(ns, e))}\n`).join('');
  }
  const deleted = ns.conntrack.entries(now).filter(matches);
  ns.conntrack.deleteWhere(matches, now);
  if (command === 'delete' && deleted.length === 0) {
    // conntrack -D exits 1 when nothing matched (its stderr says 0 flow entries were deleted).
    throw new ToolError('conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.', 1);
  }
  return command === 'delete' ? deleted.map((e) => `${formatEntry(e, now, conntrackUse(ns, e))}\n`).join('') : '';
}
