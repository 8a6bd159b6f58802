// glibc getopt_long(), as iptables drives it: the option string starts with "-:" (return
// non-options in order as code 1, report a missing argument as ':'), opterr is 0, and the
// long-option table grows while parsing (each -m/-j/-p merges the extension's options).
// iptables' error texts depend on glibc's optind bookkeeping (it prints argv[optind - 1]),
// so this is a faithful port of the state machine, not a re-design.

export interface LongOption {
  readonly name: string;
  /** 0: no argument, 1: required, 2: optional (only as --name=value). */
  readonly hasArg: 0 | 1 | 2;
  readonly val: number;
}

export const NON_OPTION = 1;
export const UNKNOWN = 63; // '?'
export const MISSING_ARG = 58; // ':'
export const END = -1;

export class Getopt {
  /** argv[0] is the program name, as in C. */
  readonly argv: string[];
  optind = 1;
  optarg: string | undefined;
  private nextchar = '';
  private firstNonopt = 1;
  private lastNonopt = 1;
  private readonly shortArgs = new Map<string, 0 | 1 | 2>();

  constructor(argv: string[], optstring: string) {
    this.argv = argv;
    let s = optstring;
    if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
    if (s.startsWith(':')) s = s.slice(1);
    for (let i = 0; i < s.length; i++) {
      const ch = s[i] ?? '';
      if (s[i + 1] === ':') {
        if (s[i + 2] === ':') {
          this.shortArgs.set(ch, 2);
          i += 2;
        } else {
          this.shortArgs.set(ch, 1);
          i += 1;
        }
      } else {
        this.shortArgs.set(ch, 0);
      }
    }
  }

  private get argc(): number {
    return this.argv.length;
  }

  next(longopts: readonly LongOption[]): number {
    this.optarg = undefined;
    if (this.optind < 1) this.optind = 1;
    if (this.nextchar === '') {
      if (this.lastNonopt > this.optind) this.lastNonopt = this.optind;
      if (this.firstNonopt > this.optind) this.firstNonopt = this.optind;
      if (this.optind !== this.argc && this.argv[this.optind] === '--') {
        this.optind++;
        if (this.firstNonopt === this.lastNonopt) this.firstNonopt = this.optind;
        this.lastNonopt = this.argc;
        this.optind = this.argc;
      }
      if (this.optind === this.argc) {
        if (this.firstNonopt !== this.lastNonopt) this.optind = this.firstNonopt;
        return END;
      }
      const word = this.argv[this.optind] ?? '';
      if (word[0] !== '-' || word.length === 1) {
        // RETURN_IN_ORDER: a non-option is returned as the argument of code 1.
        this.optarg = word;
        this.optind++;
        return NON_OPTION;
      }
      if (word[1] === '-') return this.longOption(word.slice(2), longopts);
      this.nextchar = word.slice(1);
    }

    const c = this.nextchar[0] ?? '';
    this.nextchar = this.nextchar.slice(1);
    if (this.nextchar === '') this.optind++;
    const kind = this.shortArgs.get(c);
    if (kind === undefined || c === ':' || c === ';') return UNKNOWN;
    if (kind === 1) {
      if (this.nextchar !== '') {
        this.optarg = this.nextchar;
        this.optind++;
      } else if (this.optind === this.argc) {
        return MISSING_ARG;
      } else {
        this.optarg = this.argv[this.optind++];
      }
      this.nextchar = '';
    } else if (kind === 2) {
      if (this.nextchar !== '') {
        this.optarg = this.nextchar;
        this.optind++;
      }
      this.nextchar = '';
    }
    return c.charCodeAt(0);
  }

  private longOption(body: string, longopts: readonly LongOption[]): number {
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    let found: LongOption | undefined;
    for (const opt of longopts) {
      if (opt.name === name) {
        found = opt;
        break;
      }
    }
    if (found === undefined) {
      let ambiguous = false;
      for (const opt of longopts) {
        if (!opt.name.startsWith(name)) continue;
        if (found === undefined) found = opt;
        else if (found.hasArg !== opt.hasArg || found.val !== opt.val) ambiguous = true;
      }
      if (ambiguous) {
        this.nextchar = '';
        this.optind++;
        return UNKNOWN;
      }
    }
    if (found === undefined) {
      this.nextchar = '';
      this.optind++;
      return UNKNOWN;
    }
    this.optind++;
    this.nextchar = '';
    if (eq >= 0) {
      if (found.hasArg === 0) return UNKNOWN;
      this.optarg = body.slice(eq + 1);
    } else if (found.hasArg === 1) {
      if (this.optind < this.argc) this.optarg = this.argv[this.optind++];
      else return MISSING_ARG;
    }
    return found.val;
  }
}
