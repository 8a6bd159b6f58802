// How the playground words a tool's error on one line (its status line, read by screen readers).

/**
 * A multi-line message on one line: its lines joined, blank ones dropped. A tool's first line
 * may be only its name ("iptables v1.8.9 (nf_tables): "), the reason on the next.
 */
export function wholeMessage(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}
