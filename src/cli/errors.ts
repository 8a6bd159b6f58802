// How a tool fails in the simulator: what it writes to stderr (and stdout before failing) and
// its exit status. The engine fails with errno values (src/net/kernel-error.ts); each tool
// words them as the real one does.

import type { Errno } from '../net/kernel-error.ts';
import type { Namespace, World } from '../net/world.ts';

export class ToolError extends Error {
  /** Exactly what the tool writes to stderr (final newline included when given); `message` is it without the final newlines. */
  readonly stderr: string;
  /** What the tool writes to stdout before failing (a few usage texts go there), usually ''. */
  readonly stdout: string;
  readonly exitCode: number;
  /**
   * True when the real tool would accept the line but the simulator does not model it
   * (another object, option or form). Then `stderr` is the simulator's own text.
   */
  readonly unsupported: boolean;

  constructor(stderr: string, exitCode = 2, options: { stdout?: string; unsupported?: boolean } = {}) {
    super(stderr.replace(/\n+$/, ''));
    this.name = 'ToolError';
    this.stderr = stderr;
    this.stdout = options.stdout ?? '';
    this.exitCode = exitCode;
    this.unsupported = options.unsupported ?? false;
  }
}

/** strerror() of the errno values the engine returns, and nf_tables' (glibc's texts). */
export const STRERROR: Record<Errno | 'EMLINK' | 'EBUSY', string> = {
  EEXIST: 'File exists',
  ENOENT: 'No such file or directory',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  ESRCH: 'No such process',
  EINVAL: 'Invalid argument',
  EOPNOTSUPP: 'Operation not supported',
  ELOOP: 'Too many levels of symbolic links',
  ENETDOWN: 'Network is down',
  EMLINK: 'Too many links',
  EBUSY: 'Device or resource busy',
};

/** setns() on /run/netns/NAME, as `ip netns exec NAME` and `ip -n NAME` do it. */
export function namespaceOrThrow(world: World, name: string): Namespace {
  const ns = world.namespaces.get(name);
  if (!ns) throw new ToolError(`Cannot open network namespace "${name}": No such file or directory`, 255);
  return ns;
}
