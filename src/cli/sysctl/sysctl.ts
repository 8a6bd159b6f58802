// `sysctl` (procps-ng 4.0.2, Debian 12) for the keys the course uses, on Linux 6.18.
//
// parseSysctl() turns the words after `sysctl` into plain data (what procps would read or
// write, in order); runSysctl() plays them against a store the engine provides and returns
// exactly what the real tool prints. The keys, their defaults, the kernel's parser of values and
// the propagation rules live in the engine (src/net/sysctl.ts).
//
//  - `sysctl -w K=V` echoes `K = V` with V as typed (after trimming blanks), e.g. "0x10".

import { PROC_SYS, type SysctlStore } from '../../net/sysctl.ts';
import { ToolError } from '../errors.ts';

export const SYSCTL_USAGE =
  "\nUsage:\n sysctl [options] [variable[=value] ...]\n\nOptions:\n  -a, --all            display all variables\n  -A                   alias of -a\n  -X                   alias of -a\n      --deprecated     include deprecated parameters to listing\n      --dry-run        Print the key and values but do not write\n  -b, --binary         print value without new line\n  -e, --ignore         ignore unknown variables errors\n  -N, --names          print variable names without values\n  -n, --values         print only values of the given variable(s)\n  -p, --load[=<file>]  read values from file\n  -f                   alias of -p\n      --system         read values from all system directories\n  -r, --pattern <expression>\n                       select setting that match expression\n  -q, --quiet          do not echo variable set\n  -w, --write          enable writing a value to variable\n  -o                   does nothing\n  -x                   does nothing\n  -d                   alias of -h\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see sysctl(8).\n";

export const SYSCTL_VERSION_TEXT = 'sysctl from procps-ng 4.0.2\n';

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

export interface SysctlOptions {
  readonly write: boolean;
  readonly quiet: boolean;
  /** -e */
  readonly ignoreErrors: boolean;
  /** -n: values only */
  readonly valuesOnly: boolean;
  /** -N: names only */
  readonly namesOnly: boolean;
  /** -b: value without newline */
  readonly binary: boolean;
}

export type SysctlItem =
  | { readonly op: 'read'; readonly key: string; readonly path: string; readonly warning?: string }
  | { readonly op: 'write'; readonly key: string; readonly path: string; readonly value: string; readonly warning?: string }
  /** A word procps rejects itself: prints `stderr` (maybe '') and fails. */
  | { readonly op: 'bad'; readonly stderr: string; readonly exitStatus: number };

export type SysctlCommand =
  | { readonly kind: 'run'; readonly options: SysctlOptions; readonly items: readonly SysctlItem[] }
  /** Help, version, or a bad option (usage on stdout, exit 0: procps does that). */
  | { readonly kind: 'print'; readonly stdout: string; readonly stderr: string; readonly exitStatus: number };

/** procps slashdot(): swaps the separators unless the first one is already `to`. */
function slashdot(text: string, from: string, to: string): { text: string; warning?: string } {
  const first = text.search(/[/.]/);
  if (first < 0 || text[first] === to) return { text };
  let warning: string | undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if ((c === '/' || c === '.') && i >= first) {
      const n = text[i + 1];
      if ((n === '/' || n === '.') && warning === undefined) warning = `sysctl: separators should not be repeated: ${text.slice(i)}\n`;
      out += c === from ? to : c === to ? from : c;
    } else out += c;
  }
  return warning === undefined ? { text: out } : { text: out, warning };
}

/** Dotted key and /proc/sys path of a key typed with dots or slashes. */
export function sysctlPath(key: string): { key: string; path: string; warning?: string } {
  const path = slashdot(key, '.', '/');
  const dotted = slashdot(path.text, '/', '.');
  return { key: dotted.text, path: PROC_SYS + path.text, ...(path.warning ? { warning: path.warning } : {}) };
}

const LONG_OPTIONS: readonly [string, string, 'none' | 'required' | 'optional'][] = [
  ['all', 'a', 'none'], ['deprecated', 'deprecated', 'none'], ['dry-run', 'dry-run', 'none'], ['binary', 'b', 'none'],
  ['ignore', 'e', 'none'], ['names', 'N', 'none'], ['values', 'n', 'none'], ['load', 'p', 'optional'], ['quiet', 'q', 'none'],
  ['write', 'w', 'none'], ['system', 'system', 'none'], ['pattern', 'r', 'required'], ['help', 'h', 'none'], ['version', 'V', 'none'],
];

function unsupportedSysctl(what: string): ToolError {
  return new ToolError(`netsim: sysctl ${what} is not supported by the simulator\n`, 1, { unsupported: true });
}

/** Parses the words after `sysctl`. Throws ToolError for lines procps rejects. */
export function parseSysctl(args: readonly string[]): SysctlCommand {
  if (args.length === 0) throw new ToolError(SYSCTL_USAGE, 1);
  let write = false;
  let quiet = false;
  let ignoreErrors = false;
  let valuesOnly = false;
  let namesOnly = false;
  let binary = false;
  const operands: string[] = [];
  const badOption = (msg: string): SysctlCommand => ({ kind: 'print', stdout: SYSCTL_USAGE, stderr: msg, exitStatus: 0 });
  const apply = (opt: string): SysctlCommand | undefined => {
    switch (opt) {
      case 'b': binary = true; break;
      case 'e': ignoreErrors = true; break;
      case 'N': namesOnly = true; break;
      case 'n': valuesOnly = true; break;
      case 'q': quiet = true; break;
      case 'w': write = true; break;
      case 'o': case 'x': break;
      case 'h': case 'd': return { kind: 'print', stdout: SYSCTL_USAGE, stderr: '', exitStatus: 0 };
      case 'V': return { kind: 'print', stdout: SYSCTL_VERSION_TEXT, stderr: '', exitStatus: 0 };
      case 'a': case 'A': case 'X': throw unsupportedSysctl('-a');
      case 'p': case 'f': case 'system': throw unsupportedSysctl('-p/--system');
      case 'r': throw unsupportedSysctl('-r');
      case 'deprecated': case 'dry-run': throw unsupportedSysctl(`--${opt}`);
      default: return badOption(`sysctl: invalid option -- '${opt}'\n`);
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const exact = LONG_OPTIONS.find((o) => o[0] === name);
      const candidates = exact ? [exact] : LONG_OPTIONS.filter((o) => o[0].startsWith(name));
      if (candidates.length !== 1 || name === '') {
        if (candidates.length > 1 && name !== '') return badOption(`sysctl: option '${a}' is ambiguous\n`);
        return badOption(`sysctl: unrecognized option '${a}'\n`);
      }
      const [, code, argKind] = candidates[0] ?? ['', '', 'none'];
      if (argKind === 'none' && eq >= 0) return badOption(`sysctl: option '--${candidates[0]?.[0]}' doesn't allow an argument\n`);
      if (argKind === 'required' && eq < 0) {
        if (i + 1 >= args.length) return badOption(`sysctl: option '--${candidates[0]?.[0]}' requires an argument\n`);
        i++;
      }
      const r = apply(code);
      if (r) return r;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        if (c === 'r') {
          if (j === a.length - 1 && i + 1 >= args.length) return badOption("sysctl: option requires an argument -- 'r'\n");
          throw unsupportedSysctl('-r');
        }
        if (c === 'p' || c === 'f') throw unsupportedSysctl('-p');
        const r = apply(c);
        if (r) return r;
      }
      continue;
    }
    operands.push(a);
  }
  if (namesOnly && quiet) throw new ToolError("sysctl: options -N and -q cannot coexist\nTry `sysctl --help' for more information.\n", 1);
  if (operands.length === 0) throw new ToolError("sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1);

  const items: SysctlItem[] = operands.map((word): SysctlItem => {
    if (write || word.includes('=')) {
      // procps parse_setting_line("command line", 0, word)
      const key0 = word.replace(/^\s+/, '');
      if (key0.length < 2 || key0.startsWith('#') || key0.startsWith(';')) return { op: 'bad', stderr: '', exitStatus: 1 };
      const eq = key0.indexOf('=');
      if (eq < 0) {
        if (key0.startsWith('-')) throw unsupportedSysctl('exclusion patterns');
        return { op: 'bad', stderr: 'sysctl: command line(0): invalid syntax, continuing...\n', exitStatus: 1 };
      }
      let key = key0.slice(0, eq);
      const value = key0.slice(eq + 1).replace(/^\s+/, '').replace(/\s+$/, '');
      if (key.startsWith('-')) key = key.slice(1);
      key = key.replace(/\s+$/, '');
      if (key === '') return { op: 'bad', stderr: 'sysctl: Path is not under /proc/sys/: /proc/sys/\n', exitStatus: 1 };
      if (/[*?[]/.test(key)) throw unsupportedSysctl('glob keys');
      const p = sysctlPath(key);
      return { op: 'write', key: p.key, path: p.path, value, ...(p.warning ? { warning: p.warning } : {}) };
    }
    if (word === '') return { op: 'bad', stderr: 'sysctl: "" is an unknown key\n', exitStatus: 255 };
    if (/[*?[]/.test(word)) throw unsupportedSysctl('glob keys');
    const path = slashdot(word, '.', '/');
    const out = slashdot(word, '/', '.');
    return { op: 'read', key: out.text, path: PROC_SYS + path.text, ...(path.warning ? { warning: path.warning } : {}) };
  });
  return { kind: 'run', options: { write, quiet, ignoreErrors, valuesOnly, namesOnly, binary }, items };
}

// ---------------------------------------------------------------------------------------
// Running against a store
// ---------------------------------------------------------------------------------------

export interface SysctlResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitStatus: number;
}

/** Runs a parsed command the way procps does (order of output, exit status). */
export function runSysctl(cmd: SysctlCommand, store: SysctlStore): SysctlResult {
  if (cmd.kind === 'print') return { stdout: cmd.stdout, stderr: cmd.stderr, exitStatus: cmd.exitStatus };
  const o = cmd.options;
  let stdout = '';
  let stderr = '';
  let rc = 0;
  const cannotStat = (path: string, notDir?: boolean) => `sysctl: cannot stat ${path}: ${notDir ? 'Not a directory' : 'No such file or directory'}\n`;
  for (const item of cmd.items) {
    if (item.op === 'bad') {
      stderr += item.stderr;
      rc = item.exitStatus === 255 ? (rc + 255) & 255 : rc | item.exitStatus;
      continue;
    }
    if (item.warning) stderr += item.warning;
    const found = store.lookup(item.path);
    if (item.op === 'read') {
      if (found.type === 'missing') {
        if (!o.ignoreErrors) {
          stderr += cannotStat(item.path, found.notDir);
          rc = (rc + 1) & 255;
        }
        continue;
      }
      if (found.type === 'dir') throw unsupportedSysctl('listing a directory');
      if (o.namesOnly) stdout += `${item.key}\n`;
      else if (o.valuesOnly || o.binary) stdout += o.binary ? found.value : `${found.value}\n`;
      else stdout += `${item.key} = ${found.value}\n`;
      continue;
    }
    if (found.type === 'missing') {
      if (!o.ignoreErrors) {
        stderr += cannotStat(item.path, found.notDir);
        rc |= 1;
      }
      continue;
    }
    if (found.type === 'dir') {
      stderr += `sysctl: setting key "${item.key}": Invalid argument\n`;
      continue;
    }
    if (!store.write(item.path, item.value)) {
      stderr += `sysctl: setting key "${item.key}": Invalid argument\n`;
      rc |= 1;
      continue;
    }
    if (o.quiet) continue;
    if (o.namesOnly || o.valuesOnly) stdout += `${item.value}\n`;
    else if (o.binary) stdout += item.value;
    else stdout += `${item.key} = ${item.value}\n`;
  }
  return { stdout, stderr, exitStatus: rc };
}

