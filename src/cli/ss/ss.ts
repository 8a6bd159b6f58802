// `ss` (iproute2 6.1) over the engine's socket table: -t -u -a -l -n -H -4 and the `state` /
// `exclude` filters, laid out as ss lays out its columns when stdout is not a terminal
// (misc/ss.c render_calc_width with no screen width: every column as wide as its longest
// field, no extra spacing). What ss can do and the engine does not model is refused.
//
// ===== Facts measured on Linux 6.18 with iproute2 6.1 (unshare --net) =====
//  - Header: `State Recv-Q Send-Q Local Address:Port Peer Address:Port Process`; the
//    Netid column appears only when more than one table is listed (-tu), the State column
//    only when more than one state is asked for (`state established` hides it).
//  - A listener: `LISTEN 0 1 0.0.0.0:80 0.0.0.0:*` (Send-Q is nc's backlog, 1); a UDP
//    socket that is not connected is UNCONN; TIME-WAIT, SYN-SENT ... as the TCP state.
//  - Without -a/-l TCP shows every state but LISTEN, CLOSE, TIME-WAIT and SYN-RECV; UDP only
//    connected (ESTAB) sockets. -l: LISTEN and UNCONN. -a: all.
//  - Without -n ports are named from /etc/services, except ports of the ephemeral range
//    (32768-60999) and 0 (`*`).
//  - Sockets come in the kernel's hash order (random per namespace): listeners before
//    connections, UDP before TCP. The engine lists each group in creation order.
//  - An invalid option prints getopt's message and the usage on stderr, exit 255; an unknown
//    state name `ss: wrong state name: X`, exit 255.

import { formatIpv4 } from '../../net/addr.ts';
import { socketTable, type SocketEntry, type SocketState } from '../../net/stack/socket-table.ts';
import type { Namespace } from '../../net/world.ts';
import { ToolError } from '../errors.ts';
import { unsupported } from '../ip/errors.ts';
import { SERVICES } from '../iptables/netdb.ts';
import { SS_USAGE } from './usage.ts';

// ss's state bits (SS_* in misc/ss.c).
const SS = {
  ESTABLISHED: 1, SYN_SENT: 2, SYN_RECV: 3, FIN_WAIT1: 4, FIN_WAIT2: 5, TIME_WAIT: 6, CLOSE: 7, CLOSE_WAIT: 8, LAST_ACK: 9, LISTEN: 10, CLOSING: 11,
} as const;
const SS_ALL = (1 << 12) - 1;
const bit = (s: number): number => 1 << s;
const SS_CONN = SS_ALL & ~(bit(SS.LISTEN) | bit(SS.CLOSE) | bit(SS.TIME_WAIT) | bit(SS.SYN_RECV));

const STATE_BIT: Readonly<Record<SocketState, number>> = {
  ESTABLISHED: SS.ESTABLISHED, SYN_SENT: SS.SYN_SENT, SYN_RECV: SS.SYN_RECV, FIN_WAIT1: SS.FIN_WAIT1, FIN_WAIT2: SS.FIN_WAIT2,
  TIME_WAIT: SS.TIME_WAIT, CLOSE: SS.CLOSE, CLOSE_WAIT: SS.CLOSE_WAIT, LAST_ACK: SS.LAST_ACK, LISTEN: SS.LISTEN, CLOSING: SS.CLOSING,
};

/** sstate_name: how a state is printed. */
const STATE_NAME: Readonly<Record<SocketState, string>> = {
  ESTABLISHED: 'ESTAB', SYN_SENT: 'SYN-SENT', SYN_RECV: 'SYN-RECV', FIN_WAIT1: 'FIN-WAIT-1', FIN_WAIT2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT', CLOSE: 'UNCONN', CLOSE_WAIT: 'CLOSE-WAIT', LAST_ACK: 'LAST-ACK', LISTEN: 'LISTEN', CLOSING: 'CLOSING',
};

/** scan_state: a `state`/`exclude` argument (case-insensitive). */
function scanState(word: string): number {
  const w = word.toLowerCase();
  if (w === 'close' || w === 'closed') return bit(SS.CLOSE);
  if (w === 'syn-rcv') return bit(SS.SYN_RECV);
  if (w === 'established') return bit(SS.ESTABLISHED);
  if (w === 'all') return SS_ALL;
  if (w === 'connected') return SS_ALL & ~(bit(SS.CLOSE) | bit(SS.LISTEN));
  if (w === 'synchronized') return SS_ALL & ~(bit(SS.CLOSE) | bit(SS.LISTEN) | bit(SS.SYN_SENT));
  if (w === 'bucket') return bit(SS.SYN_RECV) | bit(SS.TIME_WAIT);
  if (w === 'big') return SS_ALL & ~(bit(SS.SYN_RECV) | bit(SS.TIME_WAIT));
  const names = ['unknown', 'established', 'syn-sent', 'syn-recv', 'fin-wait-1', 'fin-wait-2', 'time-wait', 'unconnected', 'close-wait', 'last-ack', 'listening', 'closing'];
  const i = names.indexOf(w);
  if (i >= 0) return bit(i);
  throw new ToolError(`ss: wrong state name: ${word}\n`, 255);
}

export interface SsOptions {
  readonly tcp: boolean;
  readonly udp: boolean;
  readonly numeric: boolean;
  readonly header: boolean;
  /** The SS_* state bits to show. */
  readonly states: number;
}

/** Short options ss 6.1 knows (getopt string), and which of them take an argument. */
const KNOWN_SHORT = new Set('dhalBetuwxnro460spTbEf:mMiA:D:F:vVzZN:KHSO'.replace(/:/g, ''));
const SHORT_WITH_ARG = new Set(['f', 'A', 'D', 'F', 'N']);
const LONG: Readonly<Record<string, string>> = {
  tcp: 't', udp: 'u', all: 'a', listening: 'l', numeric: 'n', 'no-header': 'H', ipv4: '4', help: 'h', version: 'V',
};
const LONG_OTHER = new Set([
  'resolve', 'options', 'extended', 'memory', 'processes', 'threads', 'info', 'tipcinfo', 'summary', 'tos', 'cgroup', 'bpf', 'events',
  'context', 'contexts', 'net', 'ipv6', 'packet', 'mptcp', 'sctp', 'dccp', 'raw', 'unix', 'tipc', 'vsock', 'xdp', 'family', 'kill', 'oneline',
  'inet-sockopt', 'query', 'socket', 'diag', 'filter',
]);

function invalid(message: string): ToolError {
  return new ToolError(`${message}\n${SS_USAGE}`, 255);
}

/** ss's command line: getopt_long over the options, then the state filter words. */
export function parseSs(args: readonly string[]): SsOptions | { readonly print: string } {
  let tcp = false;
  let udp = false;
  let numeric = false;
  let header = true;
  let stateFilter = 0;
  const words: string[] = [];
  const apply = (c: string, how: string): SsOptions | { print: string } | undefined => {
    switch (c) {
      case 't': tcp = true; return undefined;
      case 'u': udp = true; return undefined;
      case 'a': stateFilter = SS_ALL; return undefined;
      case 'l': stateFilter = bit(SS.LISTEN) | bit(SS.CLOSE); return undefined;
      case 'n': numeric = true; return undefined;
      case 'H': header = false; return undefined;
      case '4': return undefined;
      case 'h': return { print: SS_USAGE };
      case 'V': return { print: 'ss utility, iproute2-6.1.0\n' };
      default: throw unsupported(`ss ${how}`);
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { words.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=')[0]!;
      const short = LONG[name];
      if (short !== undefined) {
        const r = apply(short, a);
        if (r) return r;
      } else if (LONG_OTHER.has(name)) {
        throw unsupported(`ss ${a}`);
      } else {
        throw invalid(`ss: unrecognized option '${a}'`);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (!KNOWN_SHORT.has(c)) throw invalid(`ss: invalid option -- '${c}'`);
        if (SHORT_WITH_ARG.has(c) && j === a.length - 1 && args[i + 1] === undefined) throw invalid(`ss: option requires an argument -- '${c}'`);
        if (SHORT_WITH_ARG.has(c)) throw unsupported(`ss -${c}`);
        const r = apply(c, `-${c}`);
        if (r) return r;
      }
      continue;
    }
    // getopt permutes: options may follow the filter words.
    words.push(a);
  }
  let sawStates = false;
  let w = 0;
  while (w < words.length) {
    const word = words[w]!;
    if (word !== 'state' && word !== 'exclude' && word !== 'excl') break;
    const value = words[w + 1];
    if (value === undefined) throw new ToolError('Command line is not complete. Try option "help"\n', 255);
    if (word === 'state') {
      if (!sawStates) stateFilter = 0;
      stateFilter |= scanState(value);
    } else {
      if (!sawStates) stateFilter = SS_ALL;
      stateFilter &= ~scanState(value);
    }
    sawStates = true;
    w += 2;
  }
  if (w < words.length) throw unsupported(`ss filter expressions (${words.slice(w).join(' ')})`);
  if (!tcp && !udp) throw unsupported('ss without -t or -u (the engine has only TCP and UDP sockets)');
  // filter_db_set adds each table's default states; -a, -l or `state` replace them.
  const defaults = (tcp ? SS_CONN : 0) | (udp ? bit(SS.ESTABLISHED) : 0);
  const states = stateFilter !== 0 ? stateFilter : defaults;
  if (states === 0) return { print: '' };
  return { tcp, udp, numeric, header, states };
}

// ------------------------------------------------------------------------------ rendering

interface Column {
  readonly header: string;
  readonly ldelim: string;
  readonly alignRight: boolean;
  disabled: boolean;
}

function columns(): Column[] {
  const c = (header: string, ldelim: string, alignRight = false): Column => ({ header, ldelim, alignRight, disabled: false });
  return [
    c('Netid', ''), c('State', ' '), c('Recv-Q', ' '), c('Send-Q', ' '), c('Local Address:', ' ', true), c('Port', ''),
    c('Peer Address:', ' ', true), c('Port', ''), c('Process', ''), c('', ''),
  ];
}

/** resolve_service: a port as ss prints it. */
function service(port: number, proto: 'tcp' | 'udp', numeric: boolean): string {
  if (port === 0) return '*';
  if (numeric || (port >= 32768 && port <= 60999)) return String(port);
  return SERVICES.find(([, p, pr]) => p === port && pr === proto)?.[0] ?? String(port);
}

/** render() with render_calc_width's compact output (stdout is not a terminal). */
function render(cols: readonly Column[], lines: readonly (readonly string[])[]): string {
  const enabled = cols.map((c, i) => ({ c, i })).filter(({ c }) => !c.disabled);
  const maxLen = enabled.map((_, k) => Math.max(0, ...lines.map((l) => (l[k] ?? '').length)));
  let first = true;
  const width = enabled.map(({ c }, k) => {
    const len = maxLen[k]!;
    const w = !first && len > 0 ? len + c.ldelim.length : len;
    if (w > 0) first = false;
    return w;
  });
  let out = '';
  for (const line of lines) {
    let s = '';
    for (let k = 0; k < line.length; k++) {
      const { c } = enabled[k]!;
      const w = width[k]!;
      const token = line[k]!;
      let printed = 0;
      if (k > 0) { s += c.ldelim; printed = c.ldelim.length; }
      if (w > 0 && c.alignRight) {
        const pad = w - token.length - printed;
        if (pad > 0) { s += ' '.repeat(pad); printed += pad; }
      }
      s += token;
      printed += token.length;
      if (w > 0 && !c.alignRight && w - printed > 0) s += ' '.repeat(w - printed);
    }
    out += `${s}\n`;
  }
  return out;
}

export function formatSs(entries: readonly SocketEntry[], o: SsOptions): string {
  const cols = columns();
  cols[0]!.disabled = !(o.tcp && o.udp);
  cols[1]!.disabled = (o.states & (o.states - 1)) === 0;
  const rows: string[][] = [];
  if (o.header) rows.push(cols.filter((c) => !c.disabled).map((c) => c.header));
  // udp_show runs before tcp_show.
  for (const proto of ['udp', 'tcp'] as const) {
    if (proto === 'udp' ? !o.udp : !o.tcp) continue;
    for (const e of entries) {
      if (e.proto !== proto || (o.states & bit(STATE_BIT[e.state])) === 0) continue;
      const fields = [
        proto, STATE_NAME[e.state], String(e.recvQ).padEnd(6), String(e.sendQ).padEnd(6),
        `${formatIpv4(e.local.addr)}:`, service(e.local.port, proto, o.numeric),
        `${formatIpv4(e.peer.addr)}:`, service(e.peer.port, proto, o.numeric), '', '',
      ];
      rows.push(fields.filter((_, i) => !cols[i]!.disabled));
    }
  }
  return render(cols, rows);
}

/** Whether `ss` with these options lists a socket of this protocol in this state, by its printed name (ESTAB, UNCONN, TIME-WAIT ...). */
export function ssLists(o: SsOptions, proto: 'tcp' | 'udp', printed: string): boolean {
  if (proto === 'tcp' ? !o.tcp : !o.udp) return false;
  const state = (Object.keys(STATE_NAME) as SocketState[]).find((s) => STATE_NAME[s] === printed);
  return state !== undefined && (o.states & bit(STATE_BIT[state])) !== 0;
}

/** The printed names of the states these options list (one name: ss prints no State column). */
export function ssListedStates(o: SsOptions): string[] {
  return (Object.keys(STATE_NAME) as SocketState[]).filter((s) => (o.states & bit(STATE_BIT[s])) !== 0).map((s) => STATE_NAME[s]);
}

export function runSs(ns: Namespace, args: readonly string[]): string {
  const parsed = parseSs(args);
  if ('print' in parsed) return parsed.print;
  return formatSs(socketTable(ns), parsed);
}
