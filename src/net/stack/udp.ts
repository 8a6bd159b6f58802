// UDP sockets of one namespace: bind, connect (no packet: it only fixes the peer), send, the
// pending error an ICMP error leaves on a connected socket, and the lookup that decides which
// socket a datagram reaches. Mirrors net/ipv4/udp.c (udp_sendmsg, __udp4_lib_lookup's scoring,
// __udp4_lib_err) and net/ipv4/datagram.c (ip4_datagram_connect).
//
// Measured on Linux 6.18 with nc 1.219 (docs/scenario-format-tcp-udp.md):
// - a datagram to a port nobody bound gets `ICMP ... udp port N unreachable`;
// - on a connected socket that error is kept (sk_err = ECONNREFUSED) and the *next* send fails
//   with it and sends nothing (sock_alloc_send_pskb checks sk_err first); the send after that
//   goes out again;
// - `nc -u -l` connects its socket to the first sender, so a second sender (another port) is
//   refused with port unreachable while the first one is served.

import type { Ipv4Addr } from '../addr.ts';

export type SocketErrno =
  | 'EPERM'
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'ETIMEDOUT'
  | 'EHOSTUNREACH'
  | 'ENETUNREACH'
  | 'ENOPROTOOPT'
  | 'EADDRINUSE'
  | 'EADDRNOTAVAIL'
  | 'EACCES'
  | 'EINVAL'
  | 'EMSGSIZE';

/** strerror() of each errno, as nc's err()/warn() print them. */
export const STRERROR: Readonly<Record<SocketErrno, string>> = {
  EPERM: 'Operation not permitted',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  ENOPROTOOPT: 'Protocol not available',
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EACCES: 'Permission denied',
  EINVAL: 'Invalid argument',
  EMSGSIZE: 'Message too long',
};

/**
 * icmp_err_convert: the errno of an ICMP destination unreachable code, and whether it is "fatal"
 * (hard): only hard errors are reported to a connected UDP socket without IP_RECVERR.
 */
export const ICMP_UNREACH_ERRNO: Readonly<Record<number, { errno: SocketErrno; fatal: boolean }>> = {
  0: { errno: 'ENETUNREACH', fatal: false },
  1: { errno: 'EHOSTUNREACH', fatal: false },
  2: { errno: 'ENOPROTOOPT', fatal: true },
  3: { errno: 'ECONNREFUSED', fatal: true },
  4: { errno: 'EMSGSIZE', fatal: false },
  5: { errno: 'EHOSTUNREACH', fatal: false }, // EOPNOTSUPP in Linux; nc never sees it
  6: { errno: 'ENETUNREACH', fatal: true },
  7: { errno: 'EHOSTUNREACH', fatal: true },
  8: { errno: 'EHOSTUNREACH', fatal: true }, // ENONET
  9: { errno: 'ENETUNREACH', fatal: true },
  10: { errno: 'EHOSTUNREACH', fatal: true },
  11: { errno: 'ENETUNREACH', fatal: false },
  12: { errno: 'EHOSTUNREACH', fatal: false },
  13: { errno: 'EHOSTUNREACH', fatal: true },
  14: { errno: 'EHOSTUNREACH', fatal: true },
  15: { errno: 'EHOSTUNREACH', fatal: true },
};

export interface Endpoint {
  readonly addr: Ipv4Addr;
  readonly port: number;
}

export interface UdpHandlers {
  /** A datagram arrived (payload bytes are not modelled, only its length). */
  datagram?(from: Endpoint, length: number): void;
}

/** One UDP socket: its binding, its peer once connected, its pending error. */
export class UdpSocket {
  /** 0 = INADDR_ANY. */
  localAddr: Ipv4Addr;
  localPort: number;
  remote?: Endpoint;
  /** sk_err: set by a hard ICMP error on a connected socket, reported (and cleared) by the next call. */
  pendingError?: SocketErrno;
  handlers: UdpHandlers = {};
  open = true;

  constructor(localAddr: Ipv4Addr, localPort: number) {
    this.localAddr = localAddr;
    this.localPort = localPort;
  }

  /** How well this socket matches a datagram (compute_score): -1 = not at all; higher wins. */
  score(src: Endpoint, dst: Endpoint): number {
    if (!this.open || this.localPort !== dst.port) return -1;
    let score = 0;
    if (this.localAddr !== 0) {
      if (this.localAddr !== dst.addr) return -1;
      score += 4;
    }
    if (this.remote) {
      if (this.remote.addr !== src.addr || this.remote.port !== src.port) return -1;
      score += 8;
    }
    return score;
  }

  /** A hard ICMP error about a datagram this socket sent to `to` (__udp4_lib_err). */
  icmpError(to: Endpoint, code: number): boolean {
    const conv = ICMP_UNREACH_ERRNO[code];
    if (!conv || !conv.fatal || !this.remote) return false;
    if (this.remote.addr !== to.addr || this.remote.port !== to.port) return false;
    this.pendingError = conv.errno;
    return true;
  }

  /** The error a send would fail with now (and clears it), or undefined when it may go out. */
  takeError(): SocketErrno | undefined {
    const err = this.pendingError;
    this.pendingError = undefined;
    return err;
  }
}

/** The socket a datagram from `src` to `dst` reaches, if any (__udp4_lib_lookup). */
export function lookupUdp(sockets: readonly UdpSocket[], src: Endpoint, dst: Endpoint): UdpSocket | undefined {
  let best: UdpSocket | undefined;
  let bestScore = -1;
  for (const s of sockets) {
    const score = s.score(src, dst);
    if (score > bestScore) {
      best = s;
      bestScore = score;
    }
  }
  return best;
}
