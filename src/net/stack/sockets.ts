// The sockets of one namespace: TCP listeners and connections, UDP sockets, local ports.
// It is the socket API the traffic processes (nc) call, and the receive side of
// ip_local_deliver: tcp_v4_rcv (__inet_lookup: an established four-tuple first, then a
// listener), udp_rcv, and the ICMP errors that reach a socket (tcp_v4_err, __udp4_lib_err).
// The TCP state machine itself is in tcp.ts; this module runs its timers on the world's clock,
// sends what it asks for through ip_local_out (ipv4/output.ts), and wakes the owning process.
//
// A process learns about an event (connected, EOF, refused ...) through world.scheduleProcess:
// after all the kernel work of that instant, as a process wakes after softirq processing.
//
// Ports: connect() without -p takes a random free port in net.ipv4.ip_local_port_range
// (32768-60999; Linux hashes the addresses to choose, the engine draws from its seeded random
// source). SIMPLIFIED: SO_REUSEPORT groups (two listeners on one port) are refused instead of
// balanced, and accept queues have no length limit.

import { formatIpv4, networkOf, prefixMask, type Ipv4Addr } from '../addr.ts';
import type { Device, Namespace } from '../world.ts';
import type { Ipv4Packet, TcpSegment } from '../wire/packet.ts';
import { ipLocalOut } from '../ipv4/output.ts';
import { fibLookup, lookupRoute, sourceForRoute } from './routing.ts';
import { advertisedMss, segmentName, Tcb, type TcpAction, type TcpAppEvent, type TcpState, type TcpTimer } from './tcp.ts';
import { recordDrop } from '../trace.ts';
import { ICMP_UNREACH_ERRNO, lookupUdp, UdpSocket, type Endpoint, type SocketErrno } from './udp.ts';

export const EPHEMERAL_MIN = 32768;
export const EPHEMERAL_MAX = 60999;

export class SocketError extends Error {
  readonly errno: SocketErrno;
  constructor(errno: SocketErrno) {
    super(errno);
    this.errno = errno;
  }
}

export interface TcpHandlers {
  /** connect() succeeded (active) or the connection was accepted (passive). */
  established?(): void;
  /** The peer's FIN: read() returned 0. */
  eof?(): void;
  /** connect() failed, or the connection was reset. */
  error?(errno: SocketErrno): void;
  /** The connection ended after both FINs. */
  closed?(): void;
}

/** A TCP connection: its Tcb, its timers and the process that owns it. */
export class TcpConnection {
  readonly layer: SocketLayer;
  readonly tcb: Tcb;
  handlers: TcpHandlers = {};
  /** The listener that made it, until the process accepts it. */
  listener?: TcpListener;
  accepted = false;
  /** The peer's FIN arrived (a process that comes to read later sees EOF at once). */
  peerClosed = false;
  /** The error the connection ended with, for a process that comes to read later. */
  lastError?: SocketErrno;
  private readonly timerGeneration = new Map<TcpTimer, number>();

  constructor(layer: SocketLayer, tcb: Tcb) {
    this.layer = layer;
    this.tcb = tcb;
  }

  get state(): TcpState {
    return this.tcb.state;
  }

  get key(): string {
    return connectionKey(this.tcb.localAddr, this.tcb.localPort, this.tcb.remoteAddr, this.tcb.remotePort);
  }

  /** close(2). */
  close(): void {
    this.layer.run(this, this.tcb.close(this.layer.ns.world.now), undefined, true);
  }

  /** shutdown(fd, SHUT_WR). */
  shutdownWrite(): void {
    this.layer.run(this, this.tcb.shutdownWrite(this.layer.ns.world.now), undefined, true);
  }

  /** `fromProcess`: armed by a system call, after what its packet set in motion (World.scheduleTimer). */
  armTimer(timer: TcpTimer, ms: number, fromProcess = false): void {
    const world = this.layer.ns.world;
    const generation = (this.timerGeneration.get(timer) ?? 0) + 1;
    this.timerGeneration.set(timer, generation);
    // A timer_list timer: it fires on the timer wheel's tick (World.wheelExpiry), a 1 s
    // retransmission 1.004-1.032 s later (measured: SYN retransmissions 1.008, 1.024, 1.024 s apart).
    // Pinned (TIMER_PINNED) are a request socket's SYN-ACK timer (reqsk_queue_hash_req) and
    // the timewait socket's (inet_twsk_alloc), which FIN_WAIT2 of a closed socket also becomes.
    const pinned = timer === 'time-wait' || timer === 'fin-wait2' || (timer === 'retransmit' && this.tcb.state === 'SYN_RECV');
    world.scheduleTimer(world.wheelExpiry(ms), () => {
      if (this.timerGeneration.get(timer) !== generation) return;
      this.layer.run(this, this.tcb.onTimer(timer, world.now), undefined);
    }, { fromProcess, pinned });
  }

  cancelTimer(timer: TcpTimer): void {
    this.timerGeneration.set(timer, (this.timerGeneration.get(timer) ?? 0) + 1);
  }
}

/** A listening socket and the connections waiting for accept(). */
export class TcpListener {
  readonly layer: SocketLayer;
  /** 0 = INADDR_ANY. */
  readonly addr: Ipv4Addr;
  readonly port: number;
  readonly queue: TcpConnection[] = [];
  open = true;
  private waiting?: (conn: TcpConnection) => void;

  constructor(layer: SocketLayer, addr: Ipv4Addr, port: number) {
    this.layer = layer;
    this.addr = addr;
    this.port = port;
  }

  /** accept(2): `deliver` runs (as a process step) with the next established connection. */
  accept(deliver: (conn: TcpConnection) => void): void {
    const ready = this.queue.shift();
    if (ready) {
      ready.accepted = true;
      ready.listener = undefined;
      this.layer.ns.world.scheduleProcess(this.layer.ns.world.now, () => deliver(ready));
      return;
    }
    this.waiting = deliver;
  }

  /** A child finished its handshake (it joins the accept queue). */
  ready(conn: TcpConnection): void {
    if (!this.open) return;
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      conn.accepted = true;
      conn.listener = undefined;
      this.layer.ns.world.scheduleProcess(this.layer.ns.world.now, () => waiting(conn));
      return;
    }
    this.queue.push(conn);
  }

  /** close(2) on the listener (inet_csk_listen_stop): queued connections are reset. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.waiting = undefined;
    this.layer.removeListener(this);
    for (const conn of [...this.queue]) this.layer.abort(conn, 'the listening socket was closed before the connection was accepted');
    this.queue.length = 0;
    for (const conn of this.layer.connections()) {
      if (conn.listener === this && conn.state === 'SYN_RECV') this.layer.forget(conn);
    }
  }
}

/**
 * fib_add_ifaddr installs a broadcast route for the last address of every prefix shorter than
 * /31, with or without `brd` on the address: connect() treats it as broadcast.
 */
export function isBroadcastDestination(ns: Namespace, dst: Ipv4Addr): boolean {
  if (dst === 0xffffffff) return true;
  for (const dev of ns.devices.values()) {
    for (const a of dev.addresses) {
      if (a.len < 31 && dst === (networkOf(a.addr, a.len) | ~prefixMask(a.len)) >>> 0) return true;
    }
  }
  return false;
}

/** connect() to 0.0.0.0 means this host (ip_route_output_key_hash_rcu: 127.0.0.1 on lo). */
function connectDestination(dst: Ipv4Addr): Ipv4Addr {
  return dst === 0 ? 0x7f000001 : dst;
}

function connectionKey(localAddr: Ipv4Addr, localPort: number, remoteAddr: Ipv4Addr, remotePort: number): string {
  return `${localAddr}:${localPort}>${remoteAddr}:${remotePort}`;
}

export interface ConnectRequest {
  readonly dst: Ipv4Addr;
  readonly dport: number;
  /** -s: the local address to bind (must be local). */
  readonly src?: Ipv4Addr;
  /** -p: the local port to bind. */
  readonly sport?: number;
}

/** The TCP and UDP sockets of one namespace. */
export class SocketLayer {
  readonly ns: Namespace;
  private readonly conns = new Map<string, TcpConnection>();
  private readonly listeners: TcpListener[] = [];
  readonly udpSockets: UdpSocket[] = [];

  constructor(ns: Namespace) {
    this.ns = ns;
  }

  connections(): TcpConnection[] {
    return [...this.conns.values()];
  }

  tcpListeners(): readonly TcpListener[] {
    return this.listeners;
  }

  // ------------------------------------------------------------------ ports and addresses

  private tcpPortUsed(port: number, addr: Ipv4Addr): boolean {
    const overlaps = (a: Ipv4Addr) => a === 0 || addr === 0 || a === addr;
    return this.listeners.some((l) => l.port === port && overlaps(l.addr)) || [...this.conns.values()].some((c) => c.tcb.localPort === port && overlaps(c.tcb.localAddr));
  }

  private udpPortUsed(port: number, addr: Ipv4Addr): boolean {
    return this.udpSockets.some((s) => s.open && s.localPort === port && (s.localAddr === 0 || addr === 0 || s.localAddr === addr));
  }

  /** inet_hash_connect / udp_lib_get_port: a free port from the ephemeral range. */
  private ephemeralPort(used: (port: number) => boolean): number {
    const random = this.ns.world.random;
    const size = EPHEMERAL_MAX - EPHEMERAL_MIN + 1;
    const start = random.intBetween(0, size - 1);
    for (let i = 0; i < size; i++) {
      const port = EPHEMERAL_MIN + ((start + i) % size);
      if (!used(port)) return port;
    }
    throw new SocketError('EADDRNOTAVAIL');
  }

  private checkLocal(addr: Ipv4Addr | undefined): void {
    if (addr !== undefined && addr !== 0 && !this.ns.isLocalAddress(addr)) throw new SocketError('EADDRNOTAVAIL');
  }

  // ------------------------------------------------------------------ TCP, the application side

  /** A free port for bind(port 0). */
  freeTcpPort(): number {
    return this.ephemeralPort((p) => this.tcpPortUsed(p, 0));
  }

  /** socket + bind + listen. */
  tcpListen(addr: Ipv4Addr, port: number): TcpListener {
    this.checkLocal(addr);
    if (this.listeners.some((l) => l.port === port && (l.addr === 0 || addr === 0 || l.addr === addr))) {
      throw new SocketError('EADDRINUSE');
    }
    const listener = new TcpListener(this, addr, port);
    this.listeners.push(listener);
    return listener;
  }

  removeListener(listener: TcpListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /**
   * socket + (bind) + connect: sends the SYN. Throws SocketError for what fails before any
   * packet: bind (EADDRNOTAVAIL, EADDRINUSE) and the route lookup (ENETUNREACH).
   */
  tcpConnect(req: ConnectRequest, handlers: TcpHandlers): TcpConnection {
    this.checkLocal(req.src);
    const bindPort = req.sport === 0 ? undefined : req.sport;
    if (bindPort !== undefined && this.tcpPortUsed(bindPort, req.src ?? 0)) throw new SocketError('EADDRINUSE');
    const dst = connectDestination(req.dst);
    const route = fibLookup(this.ns, { dst });
    // tcp_v4_connect: the lookup's error (no route, blackhole, unreachable, prohibit); a broadcast route is ENETUNREACH.
    if (typeof route === 'string') throw new SocketError(route);
    if (route.type === 'broadcast' || isBroadcastDestination(this.ns, dst)) throw new SocketError('ENETUNREACH');
    const src = req.src !== undefined && req.src !== 0 ? req.src : sourceForRoute(this.ns, route, dst);
    if (src === undefined) throw new SocketError('EADDRNOTAVAIL');
    const sport = bindPort ?? this.ephemeralPort((p) => this.tcpPortUsed(p, src));
    const random = this.ns.world.random;
    const tcb = new Tcb(
      { localAddr: src, localPort: sport, remoteAddr: dst, remotePort: req.dport, iss: random.nextUint32(), tsOffset: random.nextUint32(), mss: advertisedMss(route.dev.mtu) },
      true,
    );
    const conn = new TcpConnection(this, tcb);
    conn.handlers = handlers;
    this.conns.set(conn.key, conn);
    this.run(conn, tcb.connect(this.ns.world.now), undefined, true);
    return conn;
  }

  // ------------------------------------------------------------------ TCP, the wire side

  /**
   * Carries out what a Tcb asked for; `packetId` is the segment that caused it (for the trace).
   * `fromProcess`: the actions come from a system call (connect, close, shutdown).
   */
  run(conn: TcpConnection, actions: readonly TcpAction[], cause: { packetId: number; note: string } | undefined, fromProcess = false): void {
    const world = this.ns.world;
    const changes: string[] = [];
    const sent: string[] = [];
    for (const a of actions) {
      switch (a.kind) {
        case 'state':
          changes.push(`${a.from} -> ${a.to} (${a.why})`);
          break;
        case 'send':
          sent.push(segmentName(a.segment.flags));
          this.sendSegment(conn.tcb.localAddr, conn.tcb.remoteAddr, a.segment, `TCP ${conn.tcb.name}: ${a.why}`);
          break;
        case 'arm':
          conn.armTimer(a.timer, a.ms, fromProcess);
          break;
        case 'cancel':
          conn.cancelTimer(a.timer);
          break;
        case 'app':
          this.wake(conn, a.event);
          break;
        case 'free':
          this.forget(conn);
          break;
      }
    }
    if (cause && world.recordTrace) {
      const what = changes.length > 0 ? changes.join('; ') : `stays ${conn.state}`;
      world.record({
        packet: cause.packetId,
        step: 'deliver',
        ns: this.ns.name,
        summary: cause.note,
        note: `TCP socket ${conn.tcb.name}: ${what}${sent.length > 0 ? `; answers ${sent.join(', ')}` : ''}`,
      });
    }
  }

  private wake(conn: TcpConnection, event: TcpAppEvent): void {
    if (event === 'eof') conn.peerClosed = true;
    if (event === 'refused') conn.lastError = 'ECONNREFUSED';
    if (event === 'reset') conn.lastError = 'ECONNRESET';
    if (event === 'timed-out') conn.lastError = 'ETIMEDOUT';
    if (conn.tcb.orphan && event !== 'established') return;
    if (event === 'established' && conn.listener) {
      conn.listener.ready(conn);
      return;
    }
    const h = conn.handlers;
    const call = (f: (() => void) | undefined): void => {
      if (f) this.ns.world.scheduleProcess(this.ns.world.now, f);
    };
    switch (event) {
      case 'established':
        call(h.established?.bind(h));
        break;
      case 'eof':
        call(h.eof?.bind(h));
        break;
      case 'refused':
        call(h.error ? () => h.error?.('ECONNREFUSED') : undefined);
        break;
      case 'reset':
        call(h.error ? () => h.error?.('ECONNRESET') : undefined);
        break;
      case 'timed-out':
        call(h.error ? () => h.error?.('ETIMEDOUT') : undefined);
        break;
      case 'closed':
        call(h.closed?.bind(h));
        break;
    }
  }

  forget(conn: TcpConnection): void {
    if (this.conns.get(conn.key) === conn) this.conns.delete(conn.key);
    conn.cancelTimer('retransmit');
    conn.cancelTimer('delayed-ack');
    conn.cancelTimer('time-wait');
    conn.cancelTimer('fin-wait2');
    const l = conn.listener;
    if (l) {
      const i = l.queue.indexOf(conn);
      if (i >= 0) l.queue.splice(i, 1);
    }
  }

  /** tcp_disconnect on an unaccepted child: a reset, and the connection is gone. */
  abort(conn: TcpConnection, why: string): void {
    const tcb = conn.tcb;
    if (tcb.state !== 'CLOSED' && tcb.state !== 'SYN_RECV' && tcb.state !== 'TIME_WAIT') {
      const rst: TcpSegment = {
        kind: 'tcp',
        sport: tcb.localPort,
        dport: tcb.remotePort,
        flags: { rst: true, ack: true },
        seq: tcb.sndNxt,
        ack: tcb.rcvNxt,
        win: 0,
        options: '',
        optionsLength: 0,
        dataLength: 0,
      };
      this.sendSegment(tcb.localAddr, tcb.remoteAddr, rst, `TCP ${tcb.name}: ${why}: reset`);
    }
    tcb.state = 'CLOSED';
    tcb.orphan = true;
    this.forget(conn);
  }

  sendSegment(src: Ipv4Addr, dst: Ipv4Addr, segment: TcpSegment, reason: string): void {
    const packet: Ipv4Packet = { kind: 'ipv4', src, dst, ttl: 64, id: segment.flags.rst ? 0 : this.ns.nextIpId(), payload: segment };
    ipLocalOut(this.ns, packet, { reason });
  }

  /** tcp_v4_rcv after INPUT: true when a socket took the segment (else the caller resets it). */
  deliverTcp(p: Ipv4Packet, packetId: number, _dev: Device): boolean {
    const seg = p.payload;
    if (seg.kind !== 'tcp') return false;
    const world = this.ns.world;
    const note = `${formatIpv4(p.src)}:${seg.sport} > ${formatIpv4(p.dst)}:${seg.dport} ${segmentName(seg.flags)}`;
    let conn = this.conns.get(connectionKey(p.dst, seg.dport, p.src, seg.sport));
    if (conn && conn.state === 'TIME_WAIT' && seg.flags.syn && !seg.flags.ack && !seg.flags.rst && this.findListener(p.dst, seg.dport)) {
      // tcp_timewait_state_process -> TCP_TW_SYN: a new SYN for the same four-tuple ends TIME_WAIT
      // and goes to the listener. SIMPLIFIED: Linux also checks the SYN's sequence and timestamp.
      this.forget(conn);
      conn = undefined;
    }
    if (conn) {
      this.run(conn, conn.tcb.onSegment(seg, world.now), { packetId, note });
      return true;
    }
    const listener = this.findListener(p.dst, seg.dport);
    if (!listener) return false;
    if (seg.flags.rst) return true;
    if (!seg.flags.syn || seg.flags.ack) {
      // An ACK (or anything but a SYN) for a listener without such a half-open connection.
      if (world.recordTrace) world.record({ packet: packetId, step: 'deliver', ns: this.ns.name, summary: note, note: `TCP: ${formatIpv4(p.dst)}:${seg.dport} listens, but no connection ${formatIpv4(p.src)}:${seg.sport} is being opened: reset` });
      return false;
    }
    // tcp_conn_request routes the SYN-ACK first (inet_csk_route_req): with no route back the SYN
    // is dropped, with no half-open connection and no answer.
    const route = lookupRoute(this.ns, { dst: p.src, src: p.dst });
    if (!route) {
      recordDrop(this.ns, packetId, { kind: 'no-route' }, note, `TCP: the socket listening on ${formatIpv4(listener.addr)}:${listener.port} has no route back to ${formatIpv4(p.src)} for its SYN-ACK: the SYN is dropped`);
      return true;
    }
    const random = world.random;
    const { tcb, actions } = Tcb.fromSyn(
      { localAddr: p.dst, localPort: seg.dport, remoteAddr: p.src, remotePort: seg.sport, iss: random.nextUint32(), tsOffset: random.nextUint32(), mss: advertisedMss(route.dev.mtu) },
      seg,
      world.now,
    );
    const child = new TcpConnection(this, tcb);
    child.listener = listener;
    this.conns.set(child.key, child);
    if (world.recordTrace) world.record({ packet: packetId, step: 'deliver', ns: this.ns.name, summary: note, note: `TCP: the socket listening on ${formatIpv4(listener.addr)}:${listener.port} takes the SYN and makes a new connection ${tcb.name}` });
    this.run(child, actions, { packetId, note });
    return true;
  }

  private findListener(addr: Ipv4Addr, port: number): TcpListener | undefined {
    // A listener bound to the address wins over a wildcard one.
    return this.listeners.find((l) => l.open && l.port === port && l.addr === addr) ?? this.listeners.find((l) => l.open && l.port === port && l.addr === 0);
  }

  // ------------------------------------------------------------------ UDP

  /** socket + bind (a port of 0 takes an ephemeral one). */
  udpBind(addr: Ipv4Addr, port: number): UdpSocket {
    this.checkLocal(addr);
    if (port !== 0 && this.udpPortUsed(port, addr)) throw new SocketError('EADDRINUSE');
    const socket = new UdpSocket(addr, port === 0 ? this.ephemeralPort((p) => this.udpPortUsed(p, addr)) : port);
    this.udpSockets.push(socket);
    return socket;
  }

  /** connect(2) on a UDP socket: no packet; it chooses the source address and fixes the peer. */
  udpConnect(socket: UdpSocket, peer: Endpoint): void {
    const to = { addr: connectDestination(peer.addr), port: peer.port };
    const route = fibLookup(this.ns, { dst: to.addr });
    if (typeof route === 'string') throw new SocketError(route);
    // ip4_datagram_connect: a broadcast peer needs SO_BROADCAST (nc -b, not in the subset).
    if (route.type === 'broadcast' || isBroadcastDestination(this.ns, to.addr)) throw new SocketError('EACCES');
    if (socket.localAddr === 0 && socket.remote === undefined) {
      // ip4_datagram_connect: an unbound address becomes the route's source address.
      const src = sourceForRoute(this.ns, route, to.addr);
      if (src !== undefined) socket.localAddr = src;
    }
    socket.remote = to;
  }

  /** send(2) on a connected UDP socket: fails with a pending error (and sends nothing). */
  udpSend(socket: UdpSocket, length: number, reason: string): SocketErrno | undefined {
    const pending = socket.takeError();
    if (pending) return pending;
    const to = socket.remote;
    if (!to) return 'EADDRNOTAVAIL';
    const packet: Ipv4Packet = {
      kind: 'ipv4',
      src: socket.localAddr,
      dst: to.addr,
      ttl: 64,
      id: this.ns.nextIpId(),
      payload: { kind: 'udp', sport: socket.localPort, dport: to.port, dataLength: length },
    };
    // A hook that drops the datagram fails the write (EPERM): nc's udptest stops there.
    if (ipLocalOut(this.ns, packet, { reason }) === 'EPERM') return 'EPERM';
    return undefined;
  }

  udpClose(socket: UdpSocket): void {
    socket.open = false;
    const i = this.udpSockets.indexOf(socket);
    if (i >= 0) this.udpSockets.splice(i, 1);
  }

  /** udp_rcv after INPUT: true when a socket took the datagram (else port unreachable). */
  deliverUdp(p: Ipv4Packet, packetId: number): boolean {
    const d = p.payload;
    if (d.kind !== 'udp') return false;
    const from = { addr: p.src, port: d.sport };
    const socket = lookupUdp(this.udpSockets, from, { addr: p.dst, port: d.dport });
    if (!socket) return false;
    const world = this.ns.world;
    if (world.recordTrace) {
      world.record({
        packet: packetId,
        step: 'deliver',
        ns: this.ns.name,
        summary: `${formatIpv4(p.src)}:${d.sport} > ${formatIpv4(p.dst)}:${d.dport} UDP`,
        note: `UDP: the socket bound to ${formatIpv4(socket.localAddr)}:${socket.localPort}${socket.remote ? ` (connected to ${formatIpv4(socket.remote.addr)}:${socket.remote.port})` : ''} receives ${d.dataLength} byte(s); UDP answers nothing by itself`,
      });
    }
    const handler = socket.handlers.datagram;
    if (handler) world.scheduleProcess(world.now, () => handler.call(socket.handlers, from, d.dataLength));
    return true;
  }

  // ------------------------------------------------------------------ ICMP errors

  /**
   * An ICMP error about a segment or datagram this namespace sent (tcp_v4_err, __udp4_lib_err).
   * `quoted` is the offending packet as quoted. Returns a note for the trace.
   */
  icmpError(type: number, code: number, quoted: Ipv4Packet): string | undefined {
    const t = quoted.payload;
    if (t.kind === 'tcp') {
      const conn = this.conns.get(connectionKey(quoted.src, t.sport, quoted.dst, t.dport));
      if (!conn) return undefined;
      // In SYN_SENT every destination unreachable or time exceeded ends the attempt (tcp_v4_err);
      // later they are soft errors, which a socket without IP_RECVERR ignores.
      if (conn.state !== 'SYN_SENT' || (type !== 3 && type !== 11)) return `TCP ${conn.tcb.name} (${conn.state}) notes the error and carries on`;
      const errno: SocketErrno = type === 11 ? 'EHOSTUNREACH' : (ICMP_UNREACH_ERRNO[code]?.errno ?? 'EHOSTUNREACH');
      conn.tcb.state = 'CLOSED';
      this.forget(conn);
      const h = conn.handlers;
      if (h.error && !conn.tcb.orphan) this.ns.world.scheduleProcess(this.ns.world.now, () => h.error?.(errno));
      return `TCP ${conn.tcb.name}: the error ends connect() in SYN_SENT (${errno})`;
    }
    if (t.kind === 'udp' && type === 3) {
      const to = { addr: quoted.dst, port: t.dport };
      const socket = this.udpSockets.find((s) => s.localPort === t.sport && s.remote?.addr === to.addr && s.remote.port === to.port);
      if (!socket) return undefined;
      return socket.icmpError(to, code)
        ? `UDP socket ${formatIpv4(quoted.src)}:${t.sport} (connected to ${formatIpv4(to.addr)}:${to.port}) keeps the error: its next send fails with ${socket.pendingError}`
        : undefined;
    }
    return undefined;
  }
}

/** The namespace's socket layer, made on first use. */
export function socketsOf(ns: Namespace): SocketLayer {
  ns.sockets ??= new SocketLayer(ns);
  return ns.sockets;
}
