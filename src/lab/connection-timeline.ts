// A connection, packet by packet: for one flow of a scenario (TCP, UDP or ICMP), every packet of
// it on the wire in order, with both ends' sockets as `ss` names their states and every
// namespace's conntrack entry for it, before and after that packet, and what became of the
// packet. The connection view steps through it; the predict-a-state exercises grade against it
// (src/grading/states.ts).
//
// How it is known: the run is made with a WorldObserver (src/net/world.ts) that looks at every
// namespace's sockets and conntrack table after each recorded step and whenever nothing is
// running, and logs what changed. A change seen at a step of packet P, on a socket or entry of
// P's own addresses and ports, is P's doing; any other change (a timer: TIME-WAIT ending, an
// entry timing out; a process: nc closing a socket that never sent anything) is a step of its
// own, without a packet. The observer only reads: the run prints what it prints without it.
//
// Pure: no DOM, no clock. Everything returned is plain data (structured-clone safe), so the
// engine worker can hand it to a page (src/ui/engine/handlers-lab.ts, `lab.connection`).

import { formatIpv4 } from '../net/addr.ts';
import type { ConntrackEntry, Tuple } from '../net/conntrack/core.ts';
import { describeDropReason, type TraceEvent } from '../net/trace.ts';
import type { World } from '../net/world.ts';
import { conntrackUse } from '../net/conntrack/refs.ts';
import { formatEntry } from '../cli/conntrack/conntrack.ts';
import { executeScript, type ScriptRun } from '../cli/shell.ts';

// ------------------------------------------------------------------------------ the contract

/**
 * A socket's state as `ss` prints it (misc/ss.c sstate_name). `UNCONN` is a UDP socket with no
 * peer (the kernel's TCP_CLOSE); a connected UDP socket is `ESTAB`, which only means it has a
 * default peer: UDP sends no packet to get there. `CLOSED`: no socket of this flow at this end
 * (ss lists nothing). `NONE`: this protocol has no socket `ss -t`/`-u` would list (ICMP: ping's
 * socket is not a TCP or UDP one); the state there is only conntrack's.
 */
export type SsState =
  | 'LISTEN'
  | 'SYN-SENT'
  | 'SYN-RECV'
  | 'ESTAB'
  | 'FIN-WAIT-1'
  | 'FIN-WAIT-2'
  | 'CLOSE-WAIT'
  | 'LAST-ACK'
  | 'TIME-WAIT'
  | 'CLOSING'
  | 'UNCONN'
  | 'CLOSED'
  | 'NONE';

export type FlowProto = 'tcp' | 'udp' | 'icmp';

export interface FlowEnd {
  /** The namespace this end lives in (undefined: no namespace of the scenario owns the address). */
  readonly ns?: string;
  /** This end's address and port as its own socket has them (`ss` Local Address:Port there). */
  readonly addr: string;
  /** TCP and UDP only. */
  readonly port?: number;
  /** The other end as this end sees it (`ss` Peer Address:Port there): NAT may make them differ from the other end's own. */
  readonly peerAddr: string;
  readonly peerPort?: number;
}

/** One flow of the run: the client is whoever sent its first packet. */
export interface FlowInfo {
  /** "tcp 10.0.0.1:39034 > 10.0.0.2:80", "udp ...", "icmp 10.0.0.1 > 10.0.0.2 id 7": stable within a run. */
  readonly id: string;
  readonly proto: FlowProto;
  readonly client: FlowEnd;
  readonly server: FlowEnd;
  /** ICMP echo id. */
  readonly icmpId?: number;
  /** Packets of the flow on the wire (ICMP errors about it included). */
  readonly packets: number;
  /** The first packet as the engine summarizes it (what a walk's `packet` attribute matches). */
  readonly firstSummary: string;
}

/** One end's socket around one step. */
export interface SocketSide {
  readonly ns?: string;
  readonly before: SsState;
  readonly after: SsState;
  /**
   * Every state the step went through, `before` first and `after` last, when it changed
   * (one segment can move a socket twice: FIN-WAIT-1 -> FIN-WAIT-2 -> TIME-WAIT); empty when not.
   */
  readonly path: readonly SsState[];
  /** Why, in the engine's words (tcp.ts), when it changed. */
  readonly why?: string;
  /** A socket listens on this end's port before / after the step (`ss -tln` shows LISTEN there). */
  readonly listeningBefore: boolean;
  readonly listening: boolean;
}

/** A conntrack entry as `conntrack -L` shows it at one moment. */
export interface CtEntryView {
  /** The engine's entry id: the same entry across steps. */
  readonly id: number;
  readonly proto: FlowProto;
  /** TCP only: SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE, SYN_SENT2. */
  readonly tcpState?: string;
  /** No packet of the reply direction has passed ([UNREPLIED]). */
  readonly unreplied: boolean;
  readonly assured: boolean;
  /** The seconds `conntrack -L` shows at this moment. */
  readonly timeout: number;
  /** Simulated ms at which the entry expires unless a packet refreshes it. */
  readonly expiresAt: number;
  /** The line `conntrack -L` prints at this moment. */
  readonly line: string;
}

export type CtChange = 'absent' | 'created' | 'updated' | 'unchanged' | 'destroyed';

/** One namespace's conntrack entry for the flow around one step. */
export interface CtSide {
  readonly ns: string;
  /**
   * 0; 1 (2 ...) for a second entry of the flow the namespace holds at the same time: the packet
   * passed the namespace twice, translated in between or in another conntrack zone.
   */
  readonly slot: number;
  readonly change: CtChange;
  readonly before?: CtEntryView;
  readonly after?: CtEntryView;
  /** How `-m conntrack --ctstate` saw this step's packet here (NEW, ESTABLISHED, RELATED, INVALID), if conntrack ran. */
  readonly ctstate?: string;
}

/** A tcpdump line of the packet, in a capture the scenario started. */
export interface CaptureLine {
  /** "NETNS DEV", as the scenario output heads the capture. */
  readonly capture: string;
  readonly ns: string;
  readonly dev: string;
  readonly line: string;
}

export interface Hop {
  readonly ns: string;
  readonly dev: string;
  /** The device sent it (`out`) or received it (`in`). */
  readonly dir: 'out' | 'in';
}

export type PacketFate =
  /** Reached a socket, or the kernel that answers it (an echo request). */
  | { readonly kind: 'delivered'; readonly ns: string; readonly note: string }
  /** Died: `reason` as a walk says it ("filter INPUT rule 1 -> DROP", "no-socket"); an answer the kernel sent for it, if any. */
  | { readonly kind: 'dropped'; readonly ns: string; readonly reason: string; readonly note: string; readonly answer?: { readonly packet: number; readonly kind: 'rst' | 'icmp'; readonly summary: string } }
  /** Neither: still on its way when the run ended, or it left the scenario's namespaces. */
  | { readonly kind: 'unknown'; readonly ns?: string; readonly note: string };

export interface TimelineStep {
  readonly index: number;
  /** `packet`: a packet of the flow on the wire. `event`: a change without a packet (a timer, a process). */
  readonly kind: 'packet' | 'event';
  /** Simulated ms. */
  readonly t: number;
  /** The trace's packet number (as in the lab model's walks); on an event, the packet whose later fate made it (dropped after waiting for ARP), if any. */
  readonly packet?: number;
  /** The packet as the engine summarizes it (tcpdump's words); for an event, what happened. */
  readonly summary: string;
  /** "SYN", "SYN-ACK", "ACK", "FIN-ACK", "RST-ACK", "UDP", "echo request", "ICMP error" ... */
  readonly label: string;
  readonly direction?: 'to-server' | 'to-client';
  /** The namespace the packet was born in (left), and the last one it entered. */
  readonly from?: string;
  readonly to?: string;
  readonly hops: readonly Hop[];
  readonly lines: readonly CaptureLine[];
  readonly client: SocketSide;
  readonly server: SocketSide;
  /** Every namespace whose conntrack tracks the flow at some point, in namespace order. */
  readonly conntrack: readonly CtSide[];
  readonly fate?: PacketFate;
  /** One sentence: what this step did. */
  readonly note: string;
}

export interface ConnectionTimeline {
  readonly flow: FlowInfo;
  /** Every flow of the run, for choosing another. */
  readonly flows: readonly FlowInfo[];
  readonly steps: readonly TimelineStep[];
  /** Namespaces whose conntrack tracked the flow. */
  readonly conntrackNamespaces: readonly string[];
  /** What the engine models on an assumption here, for the page to say. */
  readonly notes: readonly string[];
}

/**
 * Which flow: a flow id, or text that a packet's summary contains (as a walk picks its packet:
 * "TCP [S]", "10.0.0.1.39034 > 10.0.0.2.80"), or a tuple. Without one, the first TCP flow,
 * else the first flow.
 */
export type FlowSelector = string | { readonly proto?: FlowProto; readonly src?: string; readonly sport?: number; readonly dst?: string; readonly dport?: number };

// ------------------------------------------------------------------------------ recording

export interface SocketSnap {
  readonly ns: string;
  readonly proto: 'tcp' | 'udp';
  readonly state: SsState;
  readonly localAddr: number;
  readonly localPort: number;
  readonly peerAddr: number;
  readonly peerPort: number;
}

export interface CtSnap {
  readonly ns: string;
  readonly id: number;
  readonly orig: Tuple;
  readonly reply: Tuple;
  readonly tcpState?: string;
  readonly seenReply: boolean;
  readonly assured: boolean;
  readonly expiresAt: number;
  readonly mark: number;
  readonly zone: number;
  readonly use: number;
}

export type Subject = { readonly kind: 'socket'; readonly snap: SocketSnap } | { readonly kind: 'ct'; readonly snap: CtSnap };

/** One change the observer saw: a socket or entry appeared, changed or went. */
export interface Change {
  /** Position in the run's log (changes and recorded steps share one counter). */
  readonly seq: number;
  readonly t: number;
  /** "s:NS:ID" for a socket, "c:NS:ID" for a conntrack entry. */
  readonly key: string;
  readonly before?: Subject;
  readonly after?: Subject;
  /** The packet whose step revealed it, when the change is on that packet's own addresses and ports. */
  readonly packet?: number;
  /** The trace event it was seen at (its note says why, for a socket). */
  readonly event?: TraceEvent;
}

/** A run made with the observer: the run itself, what changed, and where each trace step sits in the log. */
export interface RecordedRun {
  readonly run: ScriptRun;
  readonly changes: readonly Change[];
  /** seq of each trace event, by trace index. */
  readonly stepSeq: readonly number[];
  /** Capture lines, each with the packet and device it was taken from. */
  readonly captureLines: readonly (CaptureLine & { readonly packet: number })[];
}

const SS_NAME: Readonly<Record<string, SsState>> = {
  ESTABLISHED: 'ESTAB', SYN_SENT: 'SYN-SENT', SYN_RECV: 'SYN-RECV', FIN_WAIT1: 'FIN-WAIT-1', FIN_WAIT2: 'FIN-WAIT-2',
  TIME_WAIT: 'TIME-WAIT', CLOSE_WAIT: 'CLOSE-WAIT', LAST_ACK: 'LAST-ACK', CLOSING: 'CLOSING', LISTEN: 'LISTEN', CLOSE: 'UNCONN',
};

/** The kernel's state name (tcp.ts) as ss prints it. */
export function ssStateName(kernelState: string): SsState {
  return SS_NAME[kernelState] ?? 'CLOSED';
}

class Recorder {
  readonly changes: Change[] = [];
  readonly stepSeq: number[] = [];
  readonly captureLines: (CaptureLine & { packet: number })[] = [];
  private seq = 0;
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private sockets = new Map<string, { sig: string; subject: Subject }>();
  private entries = new Map<string, { sig: string; subject: Subject }>();
  private readonly captureSeen: number[] = [];
  private lastWire?: { packet: number; ns: string; dev: string };
  private readonly world: World;

  constructor(world: World) {
    this.world = world;
  }

  private idOf(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(o, id);
    }
    return id;
  }

  recorded(event: TraceEvent): void {
    this.collectCaptureLines();
    this.diff(event);
    this.stepSeq.push(this.seq++);
    if (event.step === 'transmit' || event.step === 'receive') this.lastWire = { packet: event.packet, ns: event.ns, dev: event.dev };
  }

  quiet(): void {
    this.collectCaptureLines();
    this.diff(undefined);
  }

  /** Lines a capture took since the last look belong to the last frame on the wire (tap runs right after its step). */
  private collectCaptureLines(): void {
    const captures = this.world.captures;
    for (let i = 0; i < captures.length; i++) {
      const c = captures[i]!;
      const seen = this.captureSeen[i] ?? 0;
      for (let k = seen; k < c.lines.length; k++) {
        if (this.lastWire) {
          const dev = c.dev.kind === 'any' ? this.lastWire.dev : c.dev.name;
          this.captureLines.push({ capture: `${c.ns} ${c.dev.name}`, ns: c.ns, dev, line: c.lines[k]!, packet: this.lastWire.packet });
        }
      }
      this.captureSeen[i] = c.lines.length;
    }
  }

  private socketsNow(): Map<string, { sig: string; subject: Subject }> {
    const out = new Map<string, { sig: string; subject: Subject }>();
    for (const ns of this.world.namespaces.values()) {
      const layer = ns.sockets;
      if (!layer) continue;
      const add = (o: object, snap: SocketSnap): void => {
        out.set(`s:${ns.name}:${this.idOf(o)}`, { sig: `${snap.state}|${snap.localAddr}:${snap.localPort}|${snap.peerAddr}:${snap.peerPort}`, subject: { kind: 'socket', snap } });
      };
      for (const l of layer.tcpListeners()) {
        if (l.open) add(l, { ns: ns.name, proto: 'tcp', state: 'LISTEN', localAddr: l.addr, localPort: l.port, peerAddr: 0, peerPort: 0 });
      }
      for (const conn of layer.connections()) {
        const tcb = conn.tcb;
        if (tcb.state === 'CLOSED') continue;
        add(conn, { ns: ns.name, proto: 'tcp', state: ssStateName(tcb.state), localAddr: tcb.localAddr, localPort: tcb.localPort, peerAddr: tcb.remoteAddr, peerPort: tcb.remotePort });
      }
      for (const s of layer.udpSockets) {
        if (!s.open) continue;
        add(s, { ns: ns.name, proto: 'udp', state: s.remote ? 'ESTAB' : 'UNCONN', localAddr: s.localAddr, localPort: s.localPort, peerAddr: s.remote?.addr ?? 0, peerPort: s.remote?.port ?? 0 });
      }
    }
    return out;
  }

  private entriesNow(): Map<string, { sig: string; subject: Subject }> {
    const out = new Map<string, { sig: string; subject: Subject }>();
    const now = this.world.now;
    for (const ns of this.world.namespaces.values()) {
      for (const e of ns.conntrack.peek(now)) {
        const snap: CtSnap = {
          ns: ns.name, id: e.id, orig: e.orig, reply: e.reply, tcpState: e.tcpState, seenReply: e.seenReply, assured: e.assured,
          expiresAt: e.expiresAt, mark: e.mark, zone: e.zone, use: conntrackUse(ns, e),
        };
        out.set(`c:${ns.name}:${e.id}`, { sig: `${snap.tcpState}|${snap.seenReply}|${snap.assured}|${snap.expiresAt}|${tupleSig(e.orig)}|${tupleSig(e.reply)}|${snap.mark}|${snap.use}`, subject: { kind: 'ct', snap } });
      }
    }
    return out;
  }

  /** Every socket's and entry's state in one string: most steps change nothing, and then the snapshot is not rebuilt. */
  private fingerprint(): string {
    const now = this.world.now;
    let f = '';
    for (const ns of this.world.namespaces.values()) {
      const layer = ns.sockets;
      if (layer) {
        for (const l of layer.tcpListeners()) f += `L${l.open ? 1 : 0}${l.addr}:${l.port},`;
        for (const c of layer.connections()) f += `T${this.idOf(c)}${c.tcb.state},`;
        for (const u of layer.udpSockets) f += `U${this.idOf(u)}${u.open ? 1 : 0}${u.localAddr}:${u.remote?.addr ?? 0}:${u.remote?.port ?? 0},`;
      }
      for (const e of ns.conntrack.peek(now)) f += `C${e.id}${e.tcpState ?? ''}${e.seenReply ? 1 : 0}${e.assured ? 1 : 0}${e.expiresAt}:${e.mark}:${conntrackUse(ns, e)}:${tupleSig(e.reply)},`;
      f += '|';
    }
    return f;
  }

  private lastFingerprint = '';

  private diff(event: TraceEvent | undefined): void {
    const fingerprint = this.fingerprint();
    if (fingerprint === this.lastFingerprint) return;
    this.lastFingerprint = fingerprint;
    const now = this.world.now;
    // Parsed only when something changed: most steps change nothing.
    let parsed: PacketTuple[] | undefined;
    const tuples = (): PacketTuple[] => (parsed ??= event ? eventTuples(event) : []);
    const compare = (previous: Map<string, { sig: string; subject: Subject }>, current: Map<string, { sig: string; subject: Subject }>): void => {
      for (const [key, cur] of current) {
        const prev = previous.get(key);
        if (prev && prev.sig === cur.sig) continue;
        this.push(key, now, prev?.subject, cur.subject, event, tuples());
      }
      for (const [key, prev] of previous) {
        if (current.has(key)) continue;
        // An entry that timed out between two looks went at its expiry, not when it was noticed.
        const t = prev.subject.kind === 'ct' && prev.subject.snap.expiresAt <= now ? prev.subject.snap.expiresAt : now;
        this.push(key, t, prev.subject, undefined, t === now ? event : undefined, t === now ? tuples() : []);
      }
    };
    const sockets = this.socketsNow();
    compare(this.sockets, sockets);
    this.sockets = sockets;
    const entries = this.entriesNow();
    compare(this.entries, entries);
    this.entries = entries;
  }

  private push(key: string, t: number, before: Subject | undefined, after: Subject | undefined, event: TraceEvent | undefined, tuples: readonly PacketTuple[]): void {
    const subject = after ?? before!;
    const mine = event !== undefined && tuples.some((tuple) => subjectMatches(subject, tuple, event.ns));
    this.changes.push({ seq: this.seq++, t, key, before, after, packet: mine ? event.packet : undefined, event: mine ? event : undefined });
  }
}

/** Runs a scenario with the observer on. */
export function recordConnections(source: string, seed?: number): RecordedRun {
  let recorder: Recorder | undefined;
  const run = executeScript(source, {
    trace: true,
    seed,
    observe: (world) => {
      recorder = new Recorder(world);
      world.observer = recorder;
    },
  });
  const r = recorder!;
  r.quiet();
  return { run, changes: r.changes, stepSeq: r.stepSeq, captureLines: r.captureLines };
}

// ------------------------------------------------------------------------------ packets and tuples

/** The addresses and ports a trace step shows (both TCP/UDP ports, or the ICMP echo id). */
interface PacketTuple {
  readonly proto: FlowProto;
  readonly src: number;
  readonly dst: number;
  readonly sport: number;
  readonly dport: number;
  /** An ICMP error: the tuple of the packet it quotes. */
  readonly about?: PacketTuple;
}

const IP = String.raw`(\d+\.\d+\.\d+\.\d+)`;
const DOTTED = new RegExp(String.raw`^${IP}\.(\d+) > ${IP}\.(\d+): (TCP|UDP)`);
const COLON = new RegExp(String.raw`^${IP}:(\d+) > ${IP}:(\d+) (\S+)`);
const ECHO = new RegExp(String.raw`^${IP} > ${IP}: ICMP echo (request|reply), id (\d+)`);
const ICMP_ERROR = new RegExp(String.raw`^${IP} > ${IP}: ICMP .*? about (.*)$`);

function ipNumber(text: string): number {
  const [a, b, c, d] = text.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

/** The tuple of a summary written by describe.ts's summarize() (or a socket step's "A:P > B:Q SYN"). */
function parseSummary(summary: string): PacketTuple | undefined {
  let m = DOTTED.exec(summary);
  if (m) return { proto: m[5] === 'TCP' ? 'tcp' : 'udp', src: ipNumber(m[1]!), sport: Number(m[2]), dst: ipNumber(m[3]!), dport: Number(m[4]) };
  m = ECHO.exec(summary);
  if (m) return { proto: 'icmp', src: ipNumber(m[1]!), dst: ipNumber(m[2]!), sport: Number(m[4]), dport: Number(m[4]) };
  m = ICMP_ERROR.exec(summary);
  if (m) {
    const about = parseSummary(m[3]!);
    return about ? { proto: 'icmp', src: ipNumber(m[1]!), dst: ipNumber(m[2]!), sport: -1, dport: -1, about } : undefined;
  }
  m = COLON.exec(summary);
  if (m) return { proto: m[5] === 'UDP' ? 'udp' : 'tcp', src: ipNumber(m[1]!), sport: Number(m[2]), dst: ipNumber(m[3]!), dport: Number(m[4]) };
  return undefined;
}

function eventTuples(event: TraceEvent): PacketTuple[] {
  const t = parseSummary(event.summary);
  return t ? [t] : [];
}

function tupleSig(t: Tuple): string {
  return `${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
}

const PROTO_NUMBER: Readonly<Record<FlowProto, number>> = { icmp: 1, tcp: 6, udp: 17 };

function sameEnds(aAddr: number, aPort: number, bAddr: number, bPort: number, t: PacketTuple): boolean {
  return (aAddr === t.src && aPort === t.sport && bAddr === t.dst && bPort === t.dport) || (aAddr === t.dst && aPort === t.dport && bAddr === t.src && bPort === t.sport);
}

/** Is this socket or entry one of the packet's own (the packet could have changed it)? */
function subjectMatches(subject: Subject, t: PacketTuple, ns: string): boolean {
  // An ICMP error acts on the socket of the packet it quotes (tcp_v4_err, __udp4_lib_err); conntrack only relates it.
  if (t.about) return subject.kind === 'socket' && subjectMatches(subject, t.about, ns);
  if (subject.kind === 'socket') {
    const s = subject.snap;
    if (s.ns !== ns || s.proto !== t.proto || s.state === 'LISTEN') return false;
    if (s.peerPort === 0) return s.localPort === t.dport && (s.localAddr === 0 || s.localAddr === t.dst);
    return sameEnds(s.localAddr, s.localPort, s.peerAddr, s.peerPort, t);
  }
  const e = subject.snap;
  if (e.ns !== ns || e.orig.proto !== PROTO_NUMBER[t.proto]) return false;
  return [e.orig, e.reply].some((x) => ctTupleMatches(x, t));
}

/** The packet is a tuple of the entry's, in either direction (after NAT an original packet is the reply tuple inverted). */
function ctTupleMatches(x: Tuple, t: PacketTuple): boolean {
  if (t.proto === 'icmp') return x.sport === t.sport && ((x.src === t.src && x.dst === t.dst) || (x.src === t.dst && x.dst === t.src));
  return (x.src === t.src && x.dst === t.dst && x.sport === t.sport && x.dport === t.dport) || (x.src === t.dst && x.dst === t.src && x.sport === t.dport && x.dport === t.sport);
}

/** An unordered key of a tuple: the same for both directions of a flow. */
function flowKey(t: PacketTuple): string {
  if (t.proto === 'icmp') {
    const [a, b] = [t.src, t.dst].sort((x, y) => x - y);
    return `icmp|${a}|${b}|${t.sport}`;
  }
  const [a, b] = [`${t.src}:${t.sport}`, `${t.dst}:${t.dport}`].sort();
  return `${t.proto}|${a}|${b}`;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p !== x) {
      p = this.find(p);
      this.parent.set(x, p);
    }
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

interface PacketInfo {
  readonly packet: number;
  readonly events: TraceEvent[];
  /** Trace indexes of its events. */
  readonly indexes: number[];
  readonly tuples: PacketTuple[];
  /** Its own flow key (an ICMP error: the key of the flow it is about). */
  key?: string;
  related: boolean;
}

interface FlowData {
  readonly info: FlowInfo;
  readonly packets: readonly PacketInfo[];
  readonly tuples: readonly PacketTuple[];
}

function packetsOf(trace: readonly TraceEvent[]): PacketInfo[] {
  const byPacket = new Map<number, PacketInfo>();
  trace.forEach((e, i) => {
    let p = byPacket.get(e.packet);
    if (!p) {
      p = { packet: e.packet, events: [], indexes: [], tuples: [], related: false };
      byPacket.set(e.packet, p);
    }
    p.events.push(e);
    p.indexes.push(i);
    const t = parseSummary(e.summary);
    if (t && !p.tuples.some((x) => x.proto === t.proto && x.src === t.src && x.dst === t.dst && x.sport === t.sport && x.dport === t.dport)) p.tuples.push(t);
  });
  return [...byPacket.values()];
}

/** Groups packets into flows: a NAT rewrite joins the tuples before and after it. */
function flowsOf(world: World, packets: PacketInfo[]): FlowData[] {
  const uf = new UnionFind();
  for (const p of packets) {
    const own = p.tuples.filter((t) => !t.about);
    if (own.length === 0) {
      const about = p.tuples.find((t) => t.about)?.about;
      if (about) {
        p.key = flowKey(about);
        p.related = true;
      }
      continue;
    }
    p.key = flowKey(own[0]!);
    for (const t of own.slice(1)) uf.union(p.key, flowKey(t));
  }
  const groups = new Map<string, PacketInfo[]>();
  for (const p of packets) {
    if (p.key === undefined) continue;
    const root = uf.find(p.key);
    const list = groups.get(root);
    if (list) list.push(p);
    else groups.set(root, [p]);
  }
  const flows: FlowData[] = [];
  for (const list of groups.values()) {
    const first = list.find((p) => !p.related);
    if (!first) continue;
    const t = first.tuples.find((x) => !x.about)!;
    const birth = first.events[0]!;
    const clientNs = birth.ns;
    const last = first.tuples.filter((x) => !x.about).at(-1)!;
    const serverNs = serverNamespace(world, first, last);
    const proto = t.proto;
    const id = proto === 'icmp'
      ? `icmp ${formatIpv4(t.src)} > ${formatIpv4(t.dst)} id ${t.sport}`
      : `${proto} ${formatIpv4(t.src)}:${t.sport} > ${formatIpv4(t.dst)}:${t.dport}`;
    const tuples = list.flatMap((p) => p.tuples.filter((x) => !x.about));
    flows.push({
      info: {
        id,
        proto,
        client: { ns: clientNs, addr: formatIpv4(t.src), port: proto === 'icmp' ? undefined : t.sport, peerAddr: formatIpv4(t.dst), peerPort: proto === 'icmp' ? undefined : t.dport },
        server: { ns: serverNs, addr: formatIpv4(last.dst), port: proto === 'icmp' ? undefined : last.dport, peerAddr: formatIpv4(last.src), peerPort: proto === 'icmp' ? undefined : last.sport },
        icmpId: proto === 'icmp' ? t.sport : undefined,
        packets: list.length,
        firstSummary: birth.summary,
      },
      packets: list,
      tuples,
    });
  }
  flows.sort((a, b) => a.packets[0]!.indexes[0]! - b.packets[0]!.indexes[0]!);
  return flows;
}

/** Where the first packet was headed: the namespace it reached a socket in, else the one owning its destination. */
function serverNamespace(world: World, first: PacketInfo, last: PacketTuple): string | undefined {
  const deliver = first.events.find((e) => e.step === 'deliver');
  if (deliver) return deliver.ns;
  const drop = first.events.find((e) => e.step === 'drop' && e.reason.kind === 'no-socket');
  if (drop) return drop.ns;
  for (const ns of world.namespaces.values()) if (ns.isLocalAddress(last.dst)) return ns.name;
  return undefined;
}

/** A run's packets and flows, worked out once per run (a page steps through several flows of one run). */
const analysed = new WeakMap<RecordedRun, { packets: PacketInfo[]; flows: FlowData[] }>();
function analyse(recorded: RecordedRun): { packets: PacketInfo[]; flows: FlowData[] } {
  let found = analysed.get(recorded);
  if (!found) {
    const packets = packetsOf(recorded.run.world.trace);
    found = { packets, flows: flowsOf(recorded.run.world, packets) };
    analysed.set(recorded, found);
  }
  return found;
}

/** Every flow of a recorded run. */
export function listFlows(recorded: RecordedRun): FlowInfo[] {
  return analyse(recorded).flows.map((f) => f.info);
}

function pickFlow(flows: readonly FlowData[], selector: FlowSelector | undefined): FlowData | undefined {
  if (selector === undefined) return flows.find((f) => f.info.proto === 'tcp') ?? flows[0];
  if (typeof selector === 'string') {
    const wanted = selector.trim().toLowerCase();
    const byId = flows.find((f) => f.info.id.toLowerCase() === wanted);
    if (byId) return byId;
    let best: { flow: FlowData; index: number } | undefined;
    for (const f of flows) {
      for (const p of f.packets) {
        if (!p.events[0]!.summary.toLowerCase().includes(wanted)) continue;
        if (!best || p.indexes[0]! < best.index) best = { flow: f, index: p.indexes[0]! };
      }
    }
    return best?.flow;
  }
  return flows.find((f) => {
    const i = f.info;
    return (selector.proto === undefined || i.proto === selector.proto) &&
      f.tuples.some((t) =>
        (selector.src === undefined || formatIpv4(t.src) === selector.src) && (selector.dst === undefined || formatIpv4(t.dst) === selector.dst) &&
        (selector.sport === undefined || t.sport === selector.sport) && (selector.dport === undefined || t.dport === selector.dport));
  });
}

// ------------------------------------------------------------------------------ the timeline

/** The ss name of a TCP segment or what a packet is. */
function labelOf(summary: string): string {
  if (/ICMP .* about /.test(summary)) return 'ICMP error';
  const tcp = /TCP \[([^\]]*)\]/.exec(summary);
  if (tcp) {
    const f = tcp[1]!;
    const ack = f.includes('.');
    if (f.includes('R')) return ack ? 'RST-ACK' : 'RST';
    if (f.includes('S')) return ack ? 'SYN-ACK' : 'SYN';
    if (f.includes('F')) return ack ? 'FIN-ACK' : 'FIN';
    return ack ? 'ACK' : 'TCP';
  }
  if (/: UDP/.test(summary)) return 'UDP';
  const echo = /ICMP echo (request|reply)/.exec(summary);
  if (echo) return `echo ${echo[1]}`;
  if (/ICMP .* about /.test(summary)) return 'ICMP error';
  return 'packet';
}

/** What a flow's socket or entry was at a point of the log. */
class History {
  private readonly byKey = new Map<string, Change[]>();
  constructor(changes: readonly Change[], wanted: (c: Change) => boolean) {
    for (const c of changes) {
      if (!wanted(c)) continue;
      const list = this.byKey.get(c.key);
      if (list) list.push(c);
      else this.byKey.set(c.key, [c]);
    }
  }
  keys(): string[] {
    return [...this.byKey.keys()];
  }
  changes(key: string): readonly Change[] {
    return this.byKey.get(key) ?? [];
  }
  /** The subject after every change with seq < `seq`. */
  at(key: string, seq: number): Subject | undefined {
    let found: Subject | undefined;
    for (const c of this.byKey.get(key) ?? []) {
      if (c.seq >= seq) break;
      found = c.after;
    }
    return found;
  }
}

interface EndSpec {
  readonly ns?: string;
  readonly proto: FlowProto;
}

function socketSubjectMatchesFlow(s: SocketSnap, flow: FlowData): boolean {
  if (s.proto !== flow.info.proto) return false;
  return flow.tuples.some((t) => {
    if (s.state === 'LISTEN' || s.peerPort === 0) return s.localPort === t.dport && (s.localAddr === 0 || s.localAddr === t.dst);
    return sameEnds(s.localAddr, s.localPort, s.peerAddr, s.peerPort, t);
  });
}

function ctMatchesFlow(e: CtSnap, flow: FlowData): boolean {
  if (e.orig.proto !== PROTO_NUMBER[flow.info.proto]) return false;
  return flow.tuples.some((t) => ctTupleMatches(e.orig, t) || ctTupleMatches(e.reply, t));
}

/**
 * One end's ss state from its sockets at a point: its connection's; before the connection
 * existed, LISTEN if a listener waits for it; after, CLOSED (a listener may still listen: the
 * classic diagram's LISTEN is the listener, the connection is another socket in Linux).
 */
function endState(subjects: readonly (Subject | undefined)[], spec: EndSpec, connExisted: boolean): { state: SsState; listening: boolean } {
  if (spec.proto === 'icmp') return { state: 'NONE', listening: false };
  let listening = false;
  let conn: SsState | undefined;
  let udp: SsState | undefined;
  for (const s of subjects) {
    if (!s || s.kind !== 'socket' || s.snap.ns !== spec.ns) continue;
    if (s.snap.state === 'LISTEN') listening = true;
    else if (s.snap.proto === 'udp') udp ??= s.snap.state;
    else conn ??= s.snap.state;
  }
  return { state: conn ?? udp ?? (listening && !connExisted ? 'LISTEN' : 'CLOSED'), listening };
}

function ctView(snap: CtSnap, now: number): CtEntryView {
  const entry = {
    id: snap.id, zone: snap.zone, orig: snap.orig, reply: snap.reply, confirmed: true, seenReply: snap.seenReply, assured: snap.assured,
    srcNatDone: false, dstNatDone: false, srcNat: false, dstNat: false, expiresAt: snap.expiresAt, tcpState: snap.tcpState, createdAt: 0, mark: snap.mark,
  } satisfies ConntrackEntry;
  return {
    id: snap.id,
    proto: snap.orig.proto === 6 ? 'tcp' : snap.orig.proto === 17 ? 'udp' : 'icmp',
    tcpState: snap.tcpState,
    unreplied: !snap.seenReply,
    assured: snap.assured,
    timeout: Math.max(0, Math.floor((snap.expiresAt - now) / 1000)),
    expiresAt: snap.expiresAt,
    line: formatEntry(entry, now, snap.use),
  };
}

/** "A -> B (why); B -> C (why)" from a socket step's note (sockets.ts), for the states in between and the reason. */
function transitionsFromNote(note: string): { path: SsState[]; why: string } | undefined {
  const parts = [...note.matchAll(/([A-Z_0-9]+) -> ([A-Z_0-9]+) \(((?:[^()]|\([^()]*\))*)\)/g)];
  if (parts.length === 0) return undefined;
  const path: SsState[] = [ssStateName(parts[0]![1]!)];
  for (const p of parts) path.push(ssStateName(p[2]!));
  return { path, why: parts.map((p) => p[3]!).join('; then ') };
}

/** Why a sending socket moved, in tcp.ts's words (the transition is not in the trace: it precedes the packet). */
const SENDER_WHY: Readonly<Record<string, string>> = {
  'CLOSED>SYN-SENT': 'connect() sends a SYN',
  'ESTAB>FIN-WAIT-1': 'close() or shutdown() sends a FIN',
  'SYN-RECV>FIN-WAIT-1': 'close() sends a FIN',
  'CLOSE-WAIT>LAST-ACK': 'close() after the peer\'s FIN: our FIN',
};

function fateOf(p: PacketInfo, packets: ReadonlyMap<number, PacketInfo>, trace: readonly TraceEvent[]): PacketFate {
  const drop = p.events.find((e) => e.step === 'drop');
  if (drop && drop.step === 'drop') {
    // The kernel's answer (a reset, an ICMP error) is born right after its 'icmp' step, or in the drop itself (no-socket).
    const icmpIndex = p.events.findIndex((e) => e.step === 'icmp');
    const from = icmpIndex >= 0 ? p.indexes[icmpIndex]! : p.indexes[p.events.indexOf(drop)]!;
    let answer: { packet: number; kind: 'rst' | 'icmp'; summary: string } | undefined;
    for (let i = from + 1; i < trace.length && i < from + 40; i++) {
      const e = trace[i]!;
      if (e.packet === p.packet || e.ns !== drop.ns) continue;
      const other = packets.get(e.packet);
      if (!other || other.indexes[0] !== i) continue;
      const label = labelOf(e.summary);
      if (label === 'RST-ACK' || label === 'RST') answer = { packet: e.packet, kind: 'rst', summary: e.summary };
      else if (label === 'ICMP error') answer = { packet: e.packet, kind: 'icmp', summary: e.summary };
      break;
    }
    return { kind: 'dropped', ns: drop.ns, reason: describeDropReason(drop.reason), note: drop.note, answer };
  }
  const deliver = [...p.events].reverse().find((e) => e.step === 'deliver');
  if (deliver) return { kind: 'delivered', ns: deliver.ns, note: deliver.note };
  const last = p.events.at(-1);
  return { kind: 'unknown', ns: last?.ns, note: 'the run ended before this packet reached a socket or died' };
}

interface DeliverStep {
  readonly seq: number;
  readonly event: TraceEvent;
  readonly path: readonly SsState[];
}

/** The flow's socket steps (sockets.ts's 'deliver' notes say which transitions a received segment made). */
function deliverSteps(recorded: RecordedRun, packets: ReadonlySet<number>): DeliverStep[] {
  const out: DeliverStep[] = [];
  recorded.run.world.trace.forEach((e, i) => {
    if (e.step !== 'deliver' || !packets.has(e.packet)) return;
    const parsed = transitionsFromNote(e.note);
    if (parsed) out.push({ seq: recorded.stepSeq[i]!, event: e, path: parsed.path });
  });
  return out;
}

/**
 * A received segment moves its socket before the socket answers, and the trace says so after
 * the answer's own steps: the change shows at the answer's first step. The socket step that
 * follows in the same namespace at the same instant, naming this very transition, tells whose
 * doing it was.
 */
function receivedBy(c: Change, delivers: readonly DeliverStep[]): Change | undefined {
  const before = c.before?.kind === 'socket' ? c.before.snap : undefined;
  const after = c.after?.kind === 'socket' ? c.after.snap : undefined;
  const ns = (after ?? before)?.ns;
  const from: SsState = before?.state ?? 'CLOSED';
  const to: SsState = after?.state ?? 'CLOSED';
  if (ns === undefined || from === to) return undefined;
  for (const d of delivers) {
    if (d.seq < c.seq || d.event.t !== c.t || d.event.ns !== ns) continue;
    const i = d.path.indexOf(from);
    if (i >= 0 && d.path.indexOf(to, i + 1) > i) return { ...c, packet: d.event.packet, event: d.event };
    if (from === 'CLOSED' && d.path[0] === 'CLOSED' && d.path.includes(to)) return { ...c, packet: d.event.packet, event: d.event };
  }
  return undefined;
}

/** A step's place in the log: from its first own change (or its packet's first step) to its last own change. */
interface Window {
  readonly start: number;
  readonly end: number;
  readonly t: number;
  readonly packet?: PacketInfo;
  readonly changes: Change[];
}

/** The timeline of one flow (see FlowSelector); undefined when the run has no such flow. */
export function connectionTimeline(recorded: RecordedRun, selector?: FlowSelector): ConnectionTimeline | undefined {
  const world = recorded.run.world;
  const trace = world.trace;
  const { packets, flows } = analyse(recorded);
  const flow = pickFlow(flows, selector);
  if (!flow) return undefined;
  const byPacket = new Map(packets.map((p) => [p.packet, p]));
  const info = flow.info;
  const client: EndSpec = { ns: info.client.ns, proto: info.proto };
  const server: EndSpec = { ns: info.server.ns, proto: info.proto };

  const sockets = new History(recorded.changes, (c) => {
    const s = (c.after ?? c.before)!;
    return s.kind === 'socket' && (s.snap.ns === client.ns || s.snap.ns === server.ns) && socketSubjectMatchesFlow(s.snap, flow);
  });
  const entries = new History(recorded.changes, (c) => {
    const s = (c.after ?? c.before)!;
    return s.kind === 'ct' && ctMatchesFlow(s.snap, flow);
  });
  // Namespaces where conntrack ran for a packet of the flow (ctstate), or held an entry of it.
  const nsOrder = [...world.namespaces.keys()];
  const ctNamespaces = new Set<string>();
  for (const key of entries.keys()) ctNamespaces.add(key.split(':')[1]!);
  for (const p of flow.packets) for (const e of p.events) if (e.step === 'conntrack') ctNamespaces.add(e.ns);
  const conntrackNamespaces = nsOrder.filter((n) => ctNamespaces.has(n));

  const socketKeys = sockets.keys();
  const entryKeys = entries.keys();
  // When each end's connection socket first appeared (a listener is not one).
  const connBorn = new Map<string, number>();
  for (const k of socketKeys) {
    const first = sockets.changes(k).find((c) => c.after?.kind === 'socket' && c.after.snap.state !== 'LISTEN');
    const ns = first?.after?.kind === 'socket' ? first.after.snap.ns : undefined;
    if (first && ns !== undefined && first.seq < (connBorn.get(ns) ?? Infinity)) connBorn.set(ns, first.seq);
  }
  // A step shows its own changes: a socket or entry it did not change stays as it was when the step began.
  const around = (history: History, key: string, w: Window, when: 'before' | 'after'): Subject | undefined => {
    const own = w.changes.filter((c) => c.key === key);
    if (own.length === 0) return history.at(key, w.start);
    return when === 'before' ? history.at(key, own[0]!.seq) : own.at(-1)!.after;
  };
  const sideAround = (w: Window, spec: EndSpec, when: 'before' | 'after'): { state: SsState; listening: boolean } => {
    const born = connBorn.get(spec.ns ?? '') ?? Infinity;
    return endState(socketKeys.map((k) => around(sockets, k, w, when)), spec, when === 'before' ? born < w.start : born <= w.end);
  };
  // A namespace's entries of the flow in slots: one after another in one slot, at the same time
  // in two (a packet that passes the namespace twice, translated or in another zone).
  const slots: { ns: string; slot: number; keys: string[]; end: number }[] = [];
  for (const ns of conntrackNamespaces) {
    const mine = entryKeys
      .filter((k) => k.startsWith(`c:${ns}:`))
      .map((k) => {
        const changes = entries.changes(k);
        const last = changes.at(-1)!;
        return { k, start: changes[0]!.seq, end: last.after ? Infinity : last.seq };
      })
      .sort((a, b) => a.start - b.start);
    const own: { ns: string; slot: number; keys: string[]; end: number }[] = [];
    for (const e of mine) {
      const free = own.find((s) => s.end < e.start);
      if (free) {
        free.keys.push(e.k);
        free.end = e.end;
      } else {
        own.push({ ns, slot: own.length, keys: [e.k], end: e.end });
      }
    }
    if (own.length === 0) own.push({ ns, slot: 0, keys: [], end: -1 });
    slots.push(...own);
  }
  const ctAround = (keys: readonly string[], w: Window, when: 'before' | 'after'): CtSnap | undefined => {
    for (const k of keys) {
      const s = around(entries, k, w, when);
      if (s?.kind === 'ct') return s.snap;
    }
    return undefined;
  };

  // Each packet's window in the log: from its first own change (or first step) to its last.
  const windows: Window[] = [];
  const flowKeys = new Set([...socketKeys, ...entryKeys]);
  const ownChanges = new Map<number, Change[]>();
  const loose: Change[] = [];
  const flowPackets = new Set(flow.packets.map((p) => p.packet));
  const delivers = deliverSteps(recorded, flowPackets);
  for (const change of recorded.changes) {
    if (!flowKeys.has(change.key)) continue;
    const c = receivedBy(change, delivers) ?? change;
    // A packet's step is what it did when it was sent and arrived; what its end does later
    // (dropped after seconds in ARP's queue) is a step at that time.
    const birth = c.packet === undefined ? undefined : byPacket.get(c.packet)?.events[0]?.t;
    // No datagram moves a UDP socket: bind() and connect() are the process's, whatever packet follows.
    const udpSocket = info.proto === 'udp' && c.key.startsWith('s:');
    if (c.packet !== undefined && flowPackets.has(c.packet) && birth === c.t && !udpSocket) {
      const list = ownChanges.get(c.packet);
      if (list) list.push(c);
      else ownChanges.set(c.packet, [c]);
    } else {
      loose.push(c);
    }
  }
  for (const p of flow.packets) {
    const first = recorded.stepSeq[p.indexes[0]!]!;
    const last = recorded.stepSeq[p.indexes.at(-1)!]!;
    const own = ownChanges.get(p.packet) ?? [];
    const start = Math.min(first, ...own.map((c) => c.seq));
    const end = Math.max(first, ...own.map((c) => c.seq));
    windows.push({ start, end: Math.min(end, last), t: p.events[0]!.t, packet: p, changes: own });
  }
  // Changes nobody's packet made (timers, processes) are steps of their own; changes at one instant go together.
  for (const c of loose) {
    const prev = windows.at(-1);
    if (prev && !prev.packet && prev.t === c.t && prev.end === c.seq - 1) {
      prev.changes.push(c);
      windows[windows.length - 1] = { ...prev, end: c.seq };
      continue;
    }
    windows.push({ start: c.seq, end: c.seq, t: c.t, changes: [c] });
  }
  windows.sort((a, b) => a.start - b.start);

  const steps: TimelineStep[] = windows.map((w, index) => {
    const p = w.packet;
    const side = (spec: EndSpec): SocketSide => {
      const before = sideAround(w, spec, 'before');
      const after = sideAround(w, spec, 'after');
      let path: SsState[] = [];
      let why: string | undefined;
      if (before.state !== after.state) {
        path = [before.state, after.state];
        const socketChange = w.changes.find((c) => c.key.startsWith(`s:${spec.ns}:`) && c.event?.step === 'deliver');
        const parsed = socketChange?.event ? transitionsFromNote(socketChange.event.note) : undefined;
        // The note starts a new connection socket at CLOSED; the view's server end was the listener's LISTEN.
        const fromListener = before.state === 'LISTEN' && parsed?.path[0] === 'CLOSED';
        if (parsed && (parsed.path[0] === before.state || fromListener) && parsed.path.at(-1) === after.state) {
          path = [before.state, ...parsed.path.slice(1)];
          why = parsed.why;
        } else {
          const delivered = p?.events.find((e) => e.step === 'deliver' && e.ns === spec.ns);
          why = SENDER_WHY[`${before.state}>${after.state}`] ?? (p ? delivered?.note : eventWhy(before.state, after.state));
        }
      }
      return { ns: spec.ns, before: before.state, after: after.state, path, why, listeningBefore: before.listening, listening: after.listening };
    };
    const conntrack: CtSide[] = slots.map(({ ns, slot, keys }) => {
      const before = ctAround(keys, w, 'before');
      const after = ctAround(keys, w, 'after');
      const change: CtChange = !before && !after ? 'absent' : !before ? 'created' : !after ? 'destroyed' : before.id !== after.id ? 'created' : ctSig(before) === ctSig(after) ? 'unchanged' : 'updated';
      const ctEvent = p?.events.find((e) => e.ns === ns && e.step === 'conntrack');
      const expiredAt = before && !after ? Math.min(before.expiresAt, w.t) : w.t;
      return {
        ns,
        slot,
        change,
        before: before ? ctView(before, change === 'destroyed' ? Math.min(expiredAt, w.t) : w.t) : undefined,
        after: after ? ctView(after, w.t) : undefined,
        ctstate: ctEvent && ctEvent.step === 'conntrack' ? ctEvent.ctState : undefined,
      };
    });
    const clientSide = side(client);
    const serverSide = side(server);
    if (p) {
      const birth = p.events[0]!;
      const own = p.tuples.find((x) => !x.about);
      const error = p.tuples.find((x) => x.about);
      const direction = own
        ? formatIpv4(own.src) === info.client.addr && (info.proto === 'icmp' || own.sport === info.client.port) ? 'to-server' : 'to-client'
        : error && formatIpv4(error.dst) === info.client.addr ? 'to-client' : 'to-server';
      const hops: Hop[] = p.events.filter((e) => e.step === 'transmit' || e.step === 'receive').map((e) => ({ ns: e.ns, dev: 'dev' in e ? e.dev ?? '' : '', dir: e.step === 'transmit' ? 'out' : 'in' }));
      const fate = fateOf(p, byPacket, trace);
      return {
        index,
        kind: 'packet',
        t: w.t,
        packet: p.packet,
        summary: birth.summary,
        label: labelOf(birth.summary),
        direction,
        from: birth.ns,
        to: [...p.events].reverse().find((e) => e.step === 'receive' || e.step === 'deliver' || e.step === 'drop')?.ns ?? birth.ns,
        hops,
        lines: recorded.captureLines.filter((l) => l.packet === p.packet).map(({ capture, ns, dev, line }) => ({ capture, ns, dev, line })),
        client: clientSide,
        server: serverSide,
        conntrack,
        fate,
        note: packetNote(labelOf(birth.summary), fate, clientSide, serverSide),
      };
    }
    // A change seen at a step of one of the flow's packets, later than its own step (it waited in ARP's queue): that step says why.
    const late = w.changes.find((c) => c.event !== undefined && flowPackets.has(c.event.packet) && (byPacket.get(c.event.packet)?.events[0]?.t ?? c.t) < c.t)?.event;
    const what = eventSummary(clientSide, serverSide, conntrack);
    const summary = late ? `${late.note}; ${what}` : what;
    return { index, kind: 'event', t: w.t, packet: late?.packet, summary, label: 'no packet', hops: [], lines: [], client: clientSide, server: serverSide, conntrack, note: summary };
  });

  const notes: string[] = [];
  if (info.proto === 'tcp') {
    notes.push('A connection that got a SYN is shown as the server\'s SYN-RECV socket at once; Linux keeps it as a request socket until the handshake\'s last ACK, which `ss -tan` also lists as SYN-RECV.');
    notes.push('No data is sent: nc reads nothing (its input is empty), so the segments are the handshake, the close and any reset.');
    if (conntrackNamespaces.length > 0) notes.push('conntrack\'s check of sequence numbers against the window is not modelled: every segment counts as in window.');
  }
  if (info.proto === 'udp') notes.push('A UDP socket\'s ESTAB only means connect() gave it a default peer: no packet was exchanged to get there, and the other end knows nothing of it.');
  if (info.proto === 'icmp') notes.push('ping\'s socket is not a TCP or UDP socket: `ss -tan`/`-uan` list nothing for it; only conntrack keeps state for the exchange.');
  return { flow: info, flows: flows.map((f) => f.info), steps, conntrackNamespaces, notes };
}

function ctSig(s: CtSnap): string {
  return `${s.tcpState}|${s.seenReply}|${s.assured}|${s.expiresAt}|${s.use}`;
}

function eventWhy(before: SsState, after: SsState): string | undefined {
  if (before === 'TIME-WAIT' && after === 'CLOSED') return 'TIME-WAIT lasted its 60 s: the socket is gone';
  if (before === 'FIN-WAIT-2' && after === 'CLOSED') return 'an orphaned FIN-WAIT-2 socket lives tcp_fin_timeout (60 s)';
  if (before === 'SYN-SENT' && after === 'CLOSED') return 'the attempt ends without a packet: the process closed the socket (close() in SYN-SENT sends nothing), or the SYN\'s retransmissions ran out';
  if (before === 'UNCONN' && after === 'ESTAB') return 'the process connected its UDP socket: no packet for that';
  if (before === 'CLOSED' && after === 'ESTAB') return 'connect() on a UDP socket only records its peer: no packet for that';
  if (before === 'CLOSED' && after === 'UNCONN') return 'the process bound a UDP socket: it waits for datagrams from anyone';
  if (before === 'CLOSED' && after === 'LISTEN') return 'the process listens: listen() sends nothing';
  if (after === 'CLOSED') return 'the process closed its socket';
  return undefined;
}

function eventSummary(client: SocketSide, server: SocketSide, conntrack: readonly CtSide[]): string {
  const parts: string[] = [];
  for (const [who, s] of [['client', client], ['server', server]] as const) {
    if (s.before !== s.after) parts.push(`${who}: ${s.before} -> ${s.after}${s.why ? ` (${s.why})` : ''}`);
    if (s.listeningBefore !== s.listening && s.after !== 'LISTEN' && s.before !== 'LISTEN') parts.push(`${who}: ${s.listening ? 'a socket starts listening' : 'the listening socket closes'}`);
  }
  for (const c of conntrack) {
    if (c.change === 'destroyed') {
      const timedOut = c.before !== undefined && c.before.timeout === 0;
      parts.push(`${c.ns}: the conntrack entry is gone (${timedOut ? 'its timer ran out' : 'deleted'})`);
    } else if (c.change === 'created') {
      parts.push(`${c.ns}: a conntrack entry appears`);
    } else if (c.change === 'updated' && c.before && c.after) {
      const what: string[] = [];
      if (c.before.tcpState !== c.after.tcpState) what.push(`${c.before.tcpState} -> ${c.after.tcpState}`);
      if (c.before.unreplied !== c.after.unreplied) what.push(c.after.unreplied ? '[UNREPLIED]' : 'replied');
      if (c.before.assured !== c.after.assured) what.push('[ASSURED]');
      const useBefore = /use=(\d+)/.exec(c.before.line)?.[1];
      const useAfter = /use=(\d+)/.exec(c.after.line)?.[1];
      if (useBefore !== useAfter) what.push(`use=${useAfter} (packets holding it)`);
      parts.push(`${c.ns}: the conntrack entry changes${what.length > 0 ? `: ${what.join(', ')}` : ''}`);
    }
  }
  return parts.length > 0 ? parts.join('; ') : 'nothing visible changes';
}

function packetNote(label: string, fate: PacketFate, client: SocketSide, server: SocketSide): string {
  const moves: string[] = [];
  if (client.before !== client.after) moves.push(`client ${client.path.join(' -> ')}`);
  if (server.before !== server.after) moves.push(`server ${server.path.join(' -> ')}`);
  const end = fate.kind === 'dropped'
    ? `dropped in ${fate.ns} (${fate.reason})${fate.answer ? `, answered with ${fate.answer.kind === 'rst' ? 'a reset' : 'an ICMP error'}` : ''}`
    : fate.kind === 'delivered' ? `reaches ${fate.ns}` : 'goes on';
  return `${label}: ${end}${moves.length > 0 ? `; ${moves.join(', ')}` : ''}`;
}

/** Every end's state and every namespace's entry at simulated time `t`, as the timeline tells it (after the last step at or before `t`). */
export function timelineStateAt(timeline: ConnectionTimeline, t: number): { client: SsState; server: SsState; conntrack: { ns: string; slot: number; entry?: CtEntryView }[] } {
  let last: TimelineStep | undefined;
  for (const s of timeline.steps) if (s.t <= t) last = s;
  const first = timeline.steps[0];
  const pick = (side: 'client' | 'server'): SsState => (last ? last[side].after : first ? first[side].before : 'CLOSED');
  const sides = (last ?? first)?.conntrack ?? [];
  return {
    client: pick('client'),
    server: pick('server'),
    conntrack: sides.map((side) => {
      const view = last ? side.after : side.before;
      if (!view || view.expiresAt <= t) return { ns: side.ns, slot: side.slot };
      return { ns: side.ns, slot: side.slot, entry: { ...view, timeout: Math.max(0, Math.floor((view.expiresAt - t) / 1000)) } };
    }),
  };
}

/** The timeline of a scenario's flow, from its text (what the worker's `lab.connection` answers). */
export function buildConnectionTimeline(source: string, selector?: FlowSelector): ConnectionTimeline | undefined {
  return connectionTimeline(recordConnections(source), selector);
}


