// Scenario scripts (see shared/design/scenario-format.md): one command per line, `#` comments,
// trailing `\` continues a line, an optional `ip netns exec NS` prefix, and `&` to run a
// command (tcpdump, nc -l) in the background. No other shell syntax.
// Both the engine and the real-kernel runner read scripts through this one parser, so that
// they agree on line numbers, namespaces and the `== NETNS: COMMAND` headers.

export const DEFAULT_NS = 'default';

export interface ScriptCommand {
  /** 1-based line number where the command starts (for `line N:` errors). */
  readonly line: number;
  /** Namespace it runs in: the name after `ip netns exec`, or `default`. */
  readonly ns: string;
  /** Words of the command, without the `ip netns exec NS` prefix and without `&`. */
  readonly argv: readonly string[];
  readonly background: boolean;
  /** The command as printed in an output header: argv joined by single spaces. */
  readonly text: string;
  /** A here-document (`<<'EOF'` ... `EOF`): the lines between, each ending in a newline. */
  readonly stdin?: string;
}

/** The commands that may read a here-document. */
const HEREDOC_COMMANDS: ReadonlySet<string> = new Set(['iptables-restore']);

/** `<<'EOF'`, `<<"EOF"` or `<<EOF` ending a line (outside quotes): the delimiter, and how it was quoted. */
const HEREDOC = /\s<<\s*(?:'([A-Za-z_][A-Za-z0-9_]*)'|"([A-Za-z_][A-Za-z0-9_]*)"|([A-Za-z_][A-Za-z0-9_]*))\s*$/;

export class ScriptSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(message);
    this.line = line;
  }
}

const FORBIDDEN = /[|;<>`$]|&&/;

/** Splits one logical line into words; single and double quotes group words (no escapes inside). */
function splitWords(text: string, line: number): string[] {
  // Most lines hold no quote: split them natively (every run of a scenario parses its script).
  if (!text.includes('"') && !text.includes("'")) {
    // A string separator is much faster than a regular expression in split().
    const words = (text.includes('\t') ? text.replaceAll('\t', ' ') : text).split(' ');
    return words.includes('') ? words.filter((w) => w !== '') : words;
  }
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new ScriptSyntaxError(line, `unexpected EOF while looking for matching \`${quote}'`);
  if (inWord) words.push(current);
  return words;
}

/** Removes a `#` comment that starts a word (as the shell does), outside quotes. */
function stripComment(text: string): string {
  if (!text.includes('#')) return text;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t')) {
      return text.slice(0, i);
    }
  }
  return text;
}

function unquotedPart(text: string): string {
  if (!text.includes('"') && !text.includes("'")) return text;
  return text.replace(/"[^"]*"|'[^']*'/g, '');
}

/** A logical line parsed: a command without its line number, or nothing (blank, comment). */
type ParsedLine = Omit<ScriptCommand, 'line'> | undefined;

function parseLogicalLine(text: string, line: number): ParsedLine {
  let logical = text.trim();
  if (logical === '') return undefined;
  let background = false;
  if (logical.endsWith('&') && !logical.endsWith('&&')) {
    background = true;
    logical = logical.slice(0, -1).trim();
  }
  const bare = unquotedPart(logical);
  if (FORBIDDEN.test(bare) || bare.includes('&')) {
    throw new ScriptSyntaxError(line, 'scenario scripts allow one plain command per line (no pipes, variables, redirections or &&)');
  }
  let words = splitWords(logical, line);
  let ns = DEFAULT_NS;
  if (words[0] === 'ip' && words[1] === 'netns' && words[2] === 'exec') {
    const name = words[3];
    if (name === undefined || words.length < 5) {
      throw new ScriptSyntaxError(line, 'Usage: ip netns exec NAME cmd ...');
    }
    ns = name;
    words = words.slice(4);
  }
  return { ns, argv: words, background, text: words.join(' ') };
}

export function parseScript(source: string): ScriptCommand[] {
  const physical = source.split(/\r?\n/);
  const commands: ScriptCommand[] = [];
  for (let i = 0; i < physical.length; i++) {
    const startLine = i + 1;
    let logical = stripComment(physical[i] ?? '');
    while (logical.trimEnd().endsWith('\\') && i + 1 < physical.length) {
      logical = logical.replace(/\\\s*$/, ' ') + stripComment(physical[++i] ?? '');
    }
    const heredoc = unquotedPart(logical).includes('<<') ? HEREDOC.exec(logical) : null;
    if (heredoc) {
      // The body is the next physical lines up to the delimiter alone on its line; they are not
      // commands, and the commands after it keep their own line numbers.
      const delimiter = heredoc[1] ?? heredoc[2] ?? heredoc[3] ?? '';
      const quoted = heredoc[3] === undefined;
      logical = logical.slice(0, heredoc.index);
      const body: string[] = [];
      for (;;) {
        if (i + 1 >= physical.length) {
          throw new ScriptSyntaxError(startLine, `here-document at line ${startLine} delimited by end-of-file (wanted \`${delimiter}')`);
        }
        const bodyLine = physical[++i] ?? '';
        if (bodyLine === delimiter) break;
        // Without quotes the shell would expand $, ` and \ in the body: keep both runs equal.
        if (!quoted && /[$`\\]/.test(bodyLine)) {
          throw new ScriptSyntaxError(i + 1, `quote the here-document's delimiter (<<'${delimiter}') to use $, \` or \\ in its body`);
        }
        body.push(bodyLine);
      }
      const parsed = parseLogicalLine(logical, startLine);
      if (!parsed) throw new ScriptSyntaxError(startLine, 'a here-document needs a command');
      if (parsed.background) throw new ScriptSyntaxError(startLine, 'a command reading a here-document cannot run in the background');
      if (!HEREDOC_COMMANDS.has(parsed.argv[0] ?? '')) {
        throw new ScriptSyntaxError(startLine, `only ${[...HEREDOC_COMMANDS].join(', ')} reads a here-document in scenario scripts`);
      }
      commands.push({ line: startLine, ...parsed, stdin: body.map((l) => `${l}\n`).join('') });
      continue;
    }
    const parsed = parseLogicalLine(logical, startLine);
    if (parsed) commands.push({ line: startLine, ...parsed });
  }
  return commands;
}

/**
 * Commands whose output is part of the scenario output (printed as `== NETNS: COMMAND` blocks).
 * Everything else runs silently on success: set-up commands, ping, sleep, captures.
 */
export function isPrintedCommand(argv: readonly string[]): boolean {
  const [cmd, ...rest] = argv;
  if (cmd === 'iptables') return rest.some((w) => /^-[a-zA-Z]*[LS]/.test(w) && !w.startsWith('--') || w === '--list' || w === '--list-rules');
  if (cmd === 'iptables-save') return true;
  if (cmd === 'ss') return true;
  if (cmd === 'conntrack') return rest.includes('-L') || rest.includes('--dump');
  if (cmd === 'ip') {
    const object = rest.find((w) => !w.startsWith('-'));
    const verb = rest[rest.indexOf(object ?? '') + 1];
    const shows = verb === undefined || verb === 'show' || verb === 'list' || verb === 'ls';
    return shows && ['addr', 'address', 'a', 'route', 'r', 'ro', 'link', 'l', 'neigh', 'neighbor', 'n', 'rule'].includes(object ?? '');
  }
  if (cmd === 'sysctl') return !rest.includes('-w') && !rest.some((w) => w.includes('='));
  return false;
}

/**
 * Commands whose own output is tool output: not part of the scenario output (the contract keeps
 * it out), but shown by the playground and compared with the kernel's where recorded. A
 * foreground ping or nc.
 */
export function isToolOutputCommand(command: Pick<ScriptCommand, 'argv' | 'background'>): boolean {
  const name = command.argv[0];
  return !command.background && (name === 'ping' || name === 'nc');
}

export interface ScenarioResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  /** Tool output (ping, nc: isToolOutputCommand) as `== NETNS: COMMAND` blocks, times masked. */
  readonly tools?: string;
}
