// The ways iptables 1.8.9 (nf_tables) fails, with the exact text it writes to stderr and the
// exit status it returns. Mirrors libxtables' xtables_error()/exit_tryhelp() and the error
// paths of iptables/xtables-standalone.c (nft_strerror) and iptables/nft.c (batch errors).
//
// Exit statuses (enum xtables_exittype): 1 OTHER_PROBLEM, 2 PARAMETER_PROBLEM,
// 3 VERSION_PROBLEM, 4 RESOURCE_PROBLEM (the kernel refused the batch).

import { STRERROR } from '../errors.ts';

export const PROGRAM = 'iptables';
export const PROGRAM_VERSION = '1.8.9 (nf_tables)';
/** What `iptables -V` prints. */
export const VERSION_LINE = `${PROGRAM} v${PROGRAM_VERSION}`;

const PREFIX = `${PROGRAM} v${PROGRAM_VERSION}: `;
const TRY_HELP = `Try \`${PROGRAM} -h' or '${PROGRAM} --help' for more information.`;

/**
 * A failed iptables command. `message` is everything the real tool prints on stderr
 * (possibly several lines, without the final newline); `exitStatus` is its exit status.
 * `unsupported` marks commands that the real tool would accept but the simulator does not
 * model (an extension, option or form outside the course's subset).
 */
export class IptablesError extends Error {
  readonly exitStatus: number;
  readonly unsupported: boolean;
  /** What the command had already printed on stdout when it failed (usually ''). */
  readonly stdout: string;
  constructor(message: string, exitStatus: number, unsupported = false, stdout = '') {
    super(message);
    this.name = 'IptablesError';
    this.exitStatus = exitStatus;
    this.unsupported = unsupported;
    this.stdout = stdout;
  }

  /** The same error after `stdout` was printed. */
  withStdout(stdout: string): IptablesError {
    return stdout === '' ? this : new IptablesError(this.message, this.exitStatus, this.unsupported, stdout + this.stdout);
  }
}

/** Drops the one newline that ends the stderr text. */
function stderrText(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

/** xtables_error(PARAMETER_PROBLEM, msg): prefix, message, newline, then the "Try" line. */
export function parameterProblem(msg: string, before = ''): IptablesError {
  return new IptablesError(stderrText(`${before}${PREFIX}${msg}\n${TRY_HELP}\n`), 2);
}

/** xtables_error(VERSION_PROBLEM, msg). */
export function versionProblem(msg: string): IptablesError {
  return new IptablesError(
    stderrText(`${PREFIX}${msg}\nPerhaps iptables or your kernel needs to be upgraded.\n`),
    3,
  );
}

/** xtables_error(OTHER_PROBLEM, msg). */
export function otherProblem(msg: string): IptablesError {
  return new IptablesError(stderrText(`${PREFIX}${msg}\n`), 1);
}

/** `Bad argument `x'` for a stray word, printed without the program prefix. */
export function badArgument(arg: string): IptablesError {
  return new IptablesError(stderrText(`Bad argument \`${arg}'\n${TRY_HELP}\n`), 2);
}

/** exit_tryhelp(2) alone (what `-6` does in iptables). */
export function tryHelpOnly(): IptablesError {
  return new IptablesError(TRY_HELP, 2);
}

/** A command that failed in the nft layer: `iptables: <nft_strerror>.` (status 1). */
export function nftError(text: string, einval = false): IptablesError {
  const tail = einval ? " Run `dmesg' for more information." : '';
  return new IptablesError(`${PROGRAM}: ${text}.${tail}`, 1);
}

export const NO_CHAIN = 'No chain/target/match by that name';

/** The kernel refused the batch: ` RULE_APPEND failed (Invalid argument): rule in chain X`. */
export function kernelError(operation: string, errnoText: string, what: string): IptablesError {
  return new IptablesError(`${PREFIX} ${operation} failed (${errnoText}): ${what}`, 4);
}

/** strerror() texts of the errno values the kernel returns to iptables-nft. */
export const ERRNO = STRERROR;

/** Something iptables accepts but the simulator does not model. */
export function unsupported(what: string): IptablesError {
  return new IptablesError(`${PREFIX}${what} is not supported by the simulator`, 2, true);
}
