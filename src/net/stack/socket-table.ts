// The sockets of a namespace as the kernel's socket diagnostics (inet_diag) report them: one
// entry per TCP listener, TCP connection (request and TIME_WAIT ones included) and UDP socket,
// with the state, the queues and both endpoints. `ss` prints it; a connection view can read it.
// Mirrors inet_diag_dump / tcp_diag_get_info / udp_diag (net/ipv4/inet_diag.c, tcp_diag.c).

import type { Ipv4Addr } from '../addr.ts';
import type { Namespace } from '../world.ts';
import type { TcpState } from './tcp.ts';

/** The kernel's socket states (include/net/tcp_states.h); UDP uses ESTABLISHED and CLOSE. */
export type SocketState = Exclude<TcpState, 'CLOSED'> | 'LISTEN' | 'CLOSE';

export interface SocketEndpoint {
  /** 0 = INADDR_ANY (a listener or an unconnected socket). */
  readonly addr: Ipv4Addr;
  /** 0 = none (the peer of a listener or of an unconnected socket). */
  readonly port: number;
}

export interface SocketEntry {
  readonly proto: 'tcp' | 'udp';
  readonly state: SocketState;
  /** idiag_rqueue: a listener's accept queue, else bytes received and not yet read. */
  readonly recvQ: number;
  /** idiag_wqueue: a listener's backlog, else bytes sent and not yet acknowledged (a SYN or FIN counts one). */
  readonly sendQ: number;
  readonly local: SocketEndpoint;
  readonly peer: SocketEndpoint;
}

/**
 * The backlog of every listener in the scenario language: OpenBSD nc calls listen(fd, 1).
 * (The kernel reports sk_max_ack_backlog as a listener's Send-Q.)
 */
const NC_LISTEN_BACKLOG = 1;

/**
 * Every socket of the namespace: TCP (listeners first, as inet_diag walks the listening hash
 * before the established one), then UDP. Within each group the kernel's order is its hash
 * order, which depends on a per-namespace random salt; the engine keeps creation order.
 */
export function socketTable(ns: Namespace): SocketEntry[] {
  const layer = ns.sockets;
  if (!layer) return [];
  const entries: SocketEntry[] = [];
  for (const l of layer.tcpListeners()) {
    if (!l.open) continue;
    entries.push({ proto: 'tcp', state: 'LISTEN', recvQ: l.queue.length, sendQ: NC_LISTEN_BACKLOG, local: { addr: l.addr, port: l.port }, peer: { addr: 0, port: 0 } });
  }
  for (const conn of layer.connections()) {
    const tcb = conn.tcb;
    if (tcb.state === 'CLOSED') continue;
    // Request sockets (SYN_RECV) and TIME_WAIT sockets report empty queues (inet_req_diag_fill, inet_twsk_diag_fill).
    const minimal = tcb.state === 'SYN_RECV' || tcb.state === 'TIME_WAIT';
    // rcv_nxt - copied_seq: the peer's FIN counts one until a read() returns 0. The processes
    // here read at once, except that nobody reads a connection still in the accept queue, nor
    // one already closed when the FIN came (CLOSING after close(): a simultaneous close).
    const unreadFin =
      (!tcb.active && !conn.accepted && (tcb.state === 'CLOSE_WAIT' || tcb.state === 'LAST_ACK' || tcb.state === 'CLOSING')) ||
      (tcb.orphan && tcb.state === 'CLOSING');
    entries.push({
      proto: 'tcp',
      state: tcb.state,
      recvQ: unreadFin ? 1 : 0,
      sendQ: minimal ? 0 : (tcb.sndNxt - tcb.sndUna) >>> 0,
      local: { addr: tcb.localAddr, port: tcb.localPort },
      peer: { addr: tcb.remoteAddr, port: tcb.remotePort },
    });
  }
  for (const s of layer.udpSockets) {
    if (!s.open) continue;
    entries.push({
      proto: 'udp',
      state: s.remote ? 'ESTABLISHED' : 'CLOSE',
      recvQ: 0,
      sendQ: 0,
      local: { addr: s.localAddr, port: s.localPort },
      peer: s.remote ? { addr: s.remote.addr, port: s.remote.port } : { addr: 0, port: 0 },
    });
  }
  return entries;
}
