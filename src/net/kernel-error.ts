// How the engine's operations fail: as the kernel does, with an errno and, for some failures,
// the extended ack message (NL_SET_ERR_MSG) netlink sends back with it. The tools word them:
// `ip` prints "Error: MSG." when there is a message, else "RTNETLINK answers: strerror(errno)".

/** The errno values the engine's operations return. */
export type Errno =
  | 'EEXIST'
  | 'ENOENT'
  | 'EADDRNOTAVAIL'
  | 'ESRCH'
  | 'EINVAL'
  | 'EOPNOTSUPP'
  | 'ELOOP'
  | 'ENETDOWN';

export class KernelError extends Error {
  readonly errno: Errno;
  /** The extended ack message, as the kernel writes it (no final period). */
  readonly extack?: string;

  constructor(errno: Errno, extack?: string) {
    super(extack === undefined ? errno : `${errno}: ${extack}`);
    this.name = 'KernelError';
    this.errno = errno;
    if (extack !== undefined) this.extack = extack;
  }
}
