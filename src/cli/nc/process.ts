// An `nc` process on the simulated clock: what OpenBSD netcat 1.219 does with its sockets when
// its standard input is /dev/null (the kernel runner gives every scenario command </dev/null).
// Mirrors netcat.c: main's connect loop (one port after the other; -z closes at once),
// local_listen + accept (one connection at a time; -k accepts the next), the UDP listener's
// recvfrom(MSG_PEEK) + connect to its first sender, readwrite (stdin EOF at the first poll;
// -N shuts the write side; -q SECS quits after it; -w SECS ends an idle loop), and udptest
// (`-u -v -z`: "X", "X", then one "X" a second for 3 s or -w SECS; a refused write ends it).
//
// What the process prints: -v's reports on stderr (`messages`: "Connection to ... succeeded!",
// "nc: connect to ... failed: ..."), as a terminal shows them; they are not part of a scenario's
// output but the playground shows them, checked against the kernel's (tool output). What it does
// not do: send data (there is none to send), read what it receives (counted, not stored).
// Every reaction is a process step (world.scheduleProcess): it runs after the kernel work of
// its instant, as a woken process does.

import { formatIpv4, type Ipv4Addr } from '../../net/addr.ts';
import { SERVICES } from '../iptables/netdb.ts';
import { SocketError, socketsOf, type SocketLayer, type TcpConnection, type TcpListener } from '../../net/stack/sockets.ts';
import { STRERROR, type Endpoint, type SocketErrno, type UdpSocket } from '../../net/stack/udp.ts';
import type { Namespace, World } from '../../net/world.ts';
import type { NcArgs } from './parse.ts';

/** UDP_SCAN_TIMEOUT: seconds udptest keeps probing when -w is not given. */
const UDP_SCAN_TIMEOUT_S = 3;

/** The data loop's state (readwrite's pfd array, reduced). */
interface Loop {
  readonly conn?: TcpConnection;
  readonly udp?: UdpSocket;
  netIn: boolean;
  ctrldSeen: boolean;
  /** readwrite returned: ignore late events. */
  over: boolean;
  readonly then: () => void;
}

export class NcProcess {
  readonly ns: Namespace;
  readonly world: World;
  readonly args: NcArgs;
  readonly layer: SocketLayer;
  exitCode?: number;
  /** err()/errx() message when nc died of an error (bind failed ...). */
  fatal?: string;
  /** Bytes received (nc would write them to its stdout). */
  received = 0;
  /** What nc wrote to stderr (-v's reports), one line each, in order. */
  readonly messages: string[] = [];
  private ret = 1;
  private portIndex = 0;
  private conn?: TcpConnection;
  private listener?: TcpListener;
  private udp?: UdpSocket;
  private loop?: Loop;
  private idleGeneration = 0;
  private attemptGeneration = 0;

  constructor(ns: Namespace, args: NcArgs) {
    this.ns = ns;
    this.world = ns.world;
    this.args = args;
    this.layer = socketsOf(ns);
  }

  get done(): boolean {
    return this.exitCode !== undefined;
  }

  /** Starts the process; errors before any waiting (bind, listen) are thrown as the `fatal` message. */
  start(): void {
    const a = this.args;
    if (a.help) {
      this.exit(0);
      return;
    }
    if (a.listen) {
      this.ret = 0;
      if (a.udp) this.startUdpListener();
      else this.startTcpListener();
    } else {
      this.nextPort();
    }
  }

  // ------------------------------------------------------------------ exit

  private exit(code: number): void {
    if (this.done) return;
    this.exitCode = code;
    this.idleGeneration++;
    this.attemptGeneration++;
    // exit(3) closes every descriptor.
    if (this.conn && this.conn.state !== 'CLOSED') this.conn.close();
    this.listener?.close();
    if (this.udp) this.layer.udpClose(this.udp);
  }

  private die(message: string): void {
    this.fatal = message;
    this.exit(1);
  }

  // ------------------------------------------------------------------ client: the connect loop

  /** The next port of the list (remote_connect), or exit(ret) after the last one. */
  private nextPort(): void {
    if (this.done) return;
    const a = this.args;
    const port = a.ports[this.portIndex++];
    if (port === undefined || a.host === undefined) {
      this.exit(this.ret);
      return;
    }
    if (a.udp) this.udpAttempt(a.host, port);
    else this.tcpAttempt(a.host, port);
  }

  /** Continue with the next port once everything this instant set in motion has happened. */
  private continueLoop(): void {
    this.world.scheduleYield(this.world.now, () => this.nextPort());
  }

  private bindFailure(err: unknown): boolean {
    if (err instanceof SocketError && (err.errno === 'EADDRINUSE' || err.errno === 'EADDRNOTAVAIL')) {
      this.die(`nc: bind failed: ${STRERROR[err.errno]}`);
      return true;
    }
    return false;
  }

  private tcpAttempt(host: Ipv4Addr, port: number): void {
    const a = this.args;
    const attempt = ++this.attemptGeneration;
    let conn: TcpConnection;
    try {
      conn = this.layer.tcpConnect(
        { dst: host, dport: port, src: a.localAddr, sport: a.localPort },
        {
          established: () => {
            if (attempt !== this.attemptGeneration || this.done) return;
            this.attemptGeneration++;
            this.ret = 0;
            this.reportSuccess(host, port, 'tcp');
            if (a.zero) {
              conn.close();
              this.continueLoop();
            } else {
              this.readwrite({ conn }, () => {
                conn.close();
                this.continueLoop();
              });
            }
          },
          error: (errno?: SocketErrno) => {
            // connect() failed (refused, unreachable, timed out): try the next port.
            if (attempt !== this.attemptGeneration || this.done) return;
            this.attemptGeneration++;
            const why = errno ?? conn.lastError;
            if (why !== undefined) this.reportFailure(host, port, 'tcp', `failed: ${STRERROR[why]}`);
            this.continueLoop();
          },
        },
      );
    } catch (err) {
      if (this.bindFailure(err)) return;
      if (err instanceof SocketError) {
        this.reportFailure(host, port, 'tcp', `failed: ${STRERROR[err.errno]}`);
        this.continueLoop();
        return;
      }
      throw err;
    }
    this.conn = conn;
    // connect_with_timeout: -w bounds the wait for the handshake (select's timeout).
    if (a.timeoutMs !== undefined && a.timeoutMs > 0) {
      this.world.scheduleProcess(this.world.now + a.timeoutMs, () => {
        if (attempt !== this.attemptGeneration || this.done) return;
        this.attemptGeneration++;
        // connect_with_timeout gives up: errno is still connect()'s EINPROGRESS.
        this.reportFailure(host, port, 'tcp', 'timed out: Operation now in progress');
        conn.close();
        this.continueLoop();
      });
    }
  }

  private udpAttempt(host: Ipv4Addr, port: number): void {
    const a = this.args;
    if (this.udp) this.layer.udpClose(this.udp);
    this.udp = undefined;
    let socket: UdpSocket;
    try {
      socket = this.layer.udpBind(a.localAddr ?? 0, a.localPort ?? 0);
    } catch (err) {
      if (this.bindFailure(err)) return;
      throw err;
    }
    this.udp = socket;
    socket.handlers.datagram = (_from: Endpoint, length: number) => {
      this.received += length;
      this.loopActivity();
    };
    try {
      this.layer.udpConnect(socket, { addr: host, port });
    } catch (err) {
      if (err instanceof SocketError) {
        this.reportFailure(host, port, 'udp', `failed: ${STRERROR[err.errno]}`);
        this.continueLoop();
        return;
      }
      throw err;
    }
    this.ret = 0;
    const afterProbe = (): void => {
      // udptest passed (or no probe): nc reports the "connection" (a refused probe prints nothing).
      this.reportSuccess(host, port, 'udp');
      if (a.zero) this.continueLoop();
      else this.readwrite({ udp: socket }, () => this.continueLoop());
    };
    if (a.verbose) this.udptest(socket, afterProbe);
    else afterProbe();
  }

  /**
   * udptest: write "X" twice (the second write fails if the first one's ICMP error came back),
   * then once a second for 3 s (-w SECS: that many). A refused write fails the port (ret = 1).
   */
  private udptest(socket: UdpSocket, then: () => void): void {
    const a = this.args;
    const refused = (): void => {
      this.ret = 1;
      this.continueLoop();
    };
    const write = (): SocketErrno | undefined => this.layer.udpSend(socket, 1, 'nc -u -v: udptest writes "X" to see if the port answers');
    if (write() !== undefined) {
      refused();
      return;
    }
    const rounds = a.timeoutMs === undefined ? UDP_SCAN_TIMEOUT_S : Math.floor(a.timeoutMs / 1000);
    const round = (i: number): void => {
      if (this.done) return;
      if (i >= rounds) {
        then();
        return;
      }
      this.world.scheduleProcess(this.world.now + 1000, () => {
        if (this.done) return;
        if (write() === 'ECONNREFUSED') refused();
        else round(i + 1);
      });
    };
    this.world.scheduleProcess(this.world.now, () => {
      if (this.done) return;
      if (write() === 'ECONNREFUSED') refused();
      else round(0);
    });
  }

  // ------------------------------------------------------------------ -v's reports

  /** `Connection to HOST PORT port [PROTO/SERVICE] succeeded!` (getservbyport, `*` when unnamed). */
  private reportSuccess(host: Ipv4Addr, port: number, proto: 'tcp' | 'udp'): void {
    if (!this.args.verbose) return;
    const service = SERVICES.find(([, p, pr]) => p === port && pr === proto)?.[0] ?? '*';
    this.messages.push(`Connection to ${formatIpv4(host)} ${port} port [${proto}/${service}] succeeded!`);
  }

  /** `nc: connect to HOST port PORT (PROTO) failed: ...` (warn(), printed with -v only). */
  private reportFailure(host: Ipv4Addr, port: number, proto: 'tcp' | 'udp', what: string): void {
    if (!this.args.verbose) return;
    this.messages.push(`nc: connect to ${formatIpv4(host)} port ${port} (${proto}) ${what}`);
  }

  // ------------------------------------------------------------------ listeners

  private listenError(err: unknown, proto: string, port: number): never {
    if (err instanceof SocketError && err.errno === 'EADDRNOTAVAIL') throw new NcStartError(`nc: ${STRERROR[err.errno]}`, 1);
    if (err instanceof SocketError && err.errno === 'EADDRINUSE') {
      // nc sets SO_REUSEADDR and SO_REUSEPORT: Linux would accept a second listener and spread
      // connections over both at random.
      throw new NcStartError(`nc: a second socket on ${proto} port ${port} is not modelled (SO_REUSEPORT spreads connections at random)`, 2);
    }
    throw err;
  }

  private startTcpListener(): void {
    const a = this.args;
    const port = a.localPort ?? 0;
    try {
      this.listener = this.layer.tcpListen(a.localAddr ?? 0, port === 0 ? this.layer.freeTcpPort() : port);
    } catch (err) {
      this.listenError(err, 'tcp', port);
    }
    this.acceptNext();
  }

  private acceptNext(): void {
    const listener = this.listener;
    if (!listener || this.done) return;
    listener.accept((conn) => {
      if (this.done) {
        conn.close();
        return;
      }
      this.conn = conn;
      this.readwrite({ conn }, () => {
        conn.close();
        if (this.args.keep) this.acceptNext();
        else this.exit(0);
      });
    });
  }

  private startUdpListener(): void {
    const a = this.args;
    const port = a.localPort ?? 0;
    let socket: UdpSocket;
    try {
      socket = this.layer.udpBind(a.localAddr ?? 0, port);
    } catch (err) {
      this.listenError(err, 'udp', port);
    }
    this.udp = socket;
    this.waitForCaller(socket);
  }

  /** recvfrom(MSG_PEEK): wait for the first datagram; without -k, connect to its sender. */
  private waitForCaller(socket: UdpSocket): void {
    let first = true;
    socket.handlers.datagram = (from: Endpoint, length: number) => {
      if (this.done) return;
      this.received += length;
      if (!first) {
        this.loopActivity();
        return;
      }
      first = false;
      if (!this.args.keep) {
        try {
          this.layer.udpConnect(socket, from);
        } catch (err) {
          // netcat.c: `if (connect(...) == -1) err(1, "connect")`, e.g. no route back to the
          // sender (scenario fuzz-nc-udp-listener-no-route).
          if (!(err instanceof SocketError)) throw err;
          this.die(`nc: connect: ${STRERROR[err.errno]}`);
          return;
        }
      }
      this.readwrite({ udp: socket }, () => {
        if (this.args.keep) this.waitForCaller(socket);
        else this.exit(0);
      });
    };
  }

  // ------------------------------------------------------------------ readwrite

  /**
   * readwrite with stdin at EOF: the first poll reads EOF (unless -d), which closes the network
   * output (shutdown(SHUT_WR) with -N or -q); then the loop waits for the network input to end,
   * for -w's idle timeout, or for -q's quit timer.
   */
  private readwrite(io: { conn?: TcpConnection; udp?: UdpSocket }, then: () => void): void {
    const a = this.args;
    const loop: Loop = { ...io, netIn: true, ctrldSeen: false, over: false, then };
    this.loop = loop;
    if (io.conn) {
      const conn = io.conn;
      conn.handlers = { eof: () => this.netInEnded(loop), error: () => this.netInEnded(loop) };
      if (conn.peerClosed || conn.lastError !== undefined || conn.state === 'CLOSED') loop.netIn = false;
    }
    // The first poll: read(0) returns 0 at once (stdin is /dev/null; with -d stdin is never
    // read). Either way the network output closes, with shutdown(SHUT_WR) under -N (or -q).
    if (!a.detach && a.quitSeconds >= 0) loop.ctrldSeen = true;
    if (a.shutdownOnEof && io.conn) io.conn.shutdownWrite();
    this.loopTop(loop);
  }

  /** The checks at the top of readwrite's while loop, then a poll that may time out. */
  private loopTop(loop: Loop): void {
    if (loop.over || this.done) return;
    const q = this.args.quitSeconds;
    if (!loop.netIn) {
      // Both inputs are gone: return (or, with -q SECS > 0, quit SECS later).
      if (q <= 0) this.endLoop(loop);
      else this.delayExit(loop);
      return;
    }
    if (loop.ctrldSeen) {
      this.delayExit(loop);
      return;
    }
    this.armIdleTimer(loop);
  }

  /** delay_exit: -q 0 exits now; -q N closes the socket and exits N seconds later. */
  private delayExit(loop: Loop): void {
    const a = this.args;
    loop.over = true;
    this.idleGeneration++;
    if (a.quitSeconds === 0) {
      this.exit(0);
      return;
    }
    if (loop.conn && loop.conn.state !== 'CLOSED') loop.conn.close();
    this.world.scheduleProcess(this.world.now + a.quitSeconds * 1000, () => this.exit(0));
  }

  private endLoop(loop: Loop): void {
    if (loop.over) return;
    loop.over = true;
    this.idleGeneration++;
    this.world.scheduleProcess(this.world.now, () => {
      if (!this.done) loop.then();
    });
  }

  /** poll(..., timeout): -w SECS ends the loop after that long without activity. */
  private armIdleTimer(loop: Loop): void {
    const ms = this.args.timeoutMs;
    const generation = ++this.idleGeneration;
    if (ms === undefined) return;
    this.world.scheduleProcess(this.world.now + ms, () => {
      if (generation !== this.idleGeneration || loop.over || this.done) return;
      this.endLoop(loop);
    });
  }

  /** Something was read: poll returned, the idle timeout starts again. */
  private loopActivity(): void {
    const loop = this.loop;
    if (loop && !loop.over) this.loopTop(loop);
  }

  private netInEnded(loop: Loop): void {
    if (loop.over) return;
    loop.netIn = false;
    this.loopTop(loop);
  }
}

/** An error nc reports before it waits for anything (thrown by start()). */
export class NcStartError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number) {
    super(message);
    this.exitCode = exitCode;
  }
}
