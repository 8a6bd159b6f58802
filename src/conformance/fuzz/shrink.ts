// Shrinking a failing scenario to a minimal one (delta debugging over lines, then simpler
// arguments). A candidate is kept only when the disagreement stays (the same class, and the
// kernel agrees with itself); a candidate that is no longer a valid script fails that test,
// because the kernel refuses it. Each test costs kernel runs, so a cheap engine check comes
// first: a candidate the engine refuses while the original ran is skipped without the kernel.

export type Oracle = (script: string) => Promise<boolean>;
export type Precheck = (script: string) => boolean;

export interface ShrinkOptions {
  /** At most this many oracle calls (each runs the kernel). */
  readonly budget?: number;
  readonly precheck?: Precheck;
  readonly log?: (message: string) => void;
}

/** Argument simplifications, tried on every line: each yields a simpler line or undefined. */
const SIMPLIFY: readonly ((line: string) => string[])[] = [
  (l) => (/\bping -c [2-9]\b/.test(l) ? [l.replace(/\bping -c [2-9]\b/, 'ping -c 1')] : []),
  (l) => (/\bping .* -t \d+/.test(l) ? [l.replace(/ -t \d+/, '')] : []),
  (l) => (/\btcpdump .*-i \S+ .+ &$/.test(l) ? [l.replace(/(-i \S+) .+ &$/, '$1 &')] : []),
  (l) => (/\btcpdump -n -e\b/.test(l) ? [l.replace(' -e', '')] : []),
  (l) => (/\bnc .* -p \d+/.test(l) ? [l.replace(/ -p \d+/, '')] : []),
  (l) => {
    if (!/\biptables\b.* -[AI] /.test(l)) return [];
    const out: string[] = [];
    for (const re of [/ ! -[sd] \S+/, / -s \S+/, / -d \S+/, / -i \S+/, / -o \S+/, / -m conntrack --ctstate \S+/, / --icmp-type \S+/, / --dport \S+/, / --reject-with \S+/, / --to-ports \S+/, / -p \S+/]) {
      if (re.test(l)) out.push(l.replace(re, ''));
    }
    return out;
  },
];

function join(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Shrinks `script` (known to fail `oracle`) to a script no line or argument of which can go. */
export async function shrink(script: string, oracle: Oracle, options: ShrinkOptions = {}): Promise<{ script: string; tests: number }> {
  let lines = script.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  let budget = options.budget ?? 200;
  let tests = 0;
  const precheck = options.precheck ?? (() => true);
  const attempt = async (candidate: readonly string[]): Promise<boolean> => {
    const text = join(candidate);
    if (!precheck(text)) return false;
    if (budget <= 0) return false;
    budget--;
    tests++;
    return oracle(text);
  };
  // ddmin-style: remove chunks, from halves down to single lines, last lines first (the end of a
  // script depends on its beginning, not the other way round).
  for (let size = Math.max(1, Math.floor(lines.length / 2)); size >= 1; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 2))) {
    for (let start = lines.length - size; start >= 0 && budget > 0; start -= size) {
      const candidate = [...lines.slice(0, start), ...lines.slice(start + size)];
      if (candidate.length > 0 && (await attempt(candidate))) {
        lines = candidate;
        options.log?.(`  shrink: ${lines.length} lines`);
      }
    }
    if (size === 1) break;
  }
  // Simpler arguments.
  for (let i = 0; i < lines.length && budget > 0; i++) {
    let changed = true;
    while (changed && budget > 0) {
      changed = false;
      for (const simplify of SIMPLIFY) {
        for (const simpler of simplify(lines[i] ?? '')) {
          const candidate = [...lines.slice(0, i), simpler, ...lines.slice(i + 1)];
          if (await attempt(candidate)) {
            lines = candidate;
            changed = true;
            break;
          }
        }
        if (changed) break;
      }
    }
  }
  return { script: join(lines), tests };
}
