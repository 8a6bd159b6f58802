// One `iptables ARGS` run end to end, as a process would: stdout, stderr and exit status.
// parse.ts + apply.ts, with the warnings iptables prints for a command it accepts and the
// output a failing command had already printed. Pure: the ruleset is passed in.

import type { Table, TableName } from '../../net/netfilter/rule.ts';
import { applyIptables } from './apply.ts';
import { IptablesError } from './errors.ts';
import { parseIptablesWithWarnings } from './parse.ts';

export interface IptablesOutcome {
  readonly stdout: string;
  readonly stderr: string;
  /** 0 on success, else iptables' exit status. */
  readonly status: number;
  /** True when the failure is a command the simulator does not model. */
  readonly unsupported?: boolean;
}

/** Runs `iptables ARGS` on `tables` (mutating them on success). Never throws IptablesError. */
export function executeIptables(tables: Map<TableName, Table>, args: readonly string[]): IptablesOutcome {
  let warnings = '';
  try {
    const parsed = parseIptablesWithWarnings(args);
    warnings = parsed.warnings.join('');
    return { stdout: applyIptables(tables, parsed.command), stderr: warnings, status: 0 };
  } catch (e) {
    if (!(e instanceof IptablesError)) throw e;
    return {
      stdout: e.stdout,
      stderr: `${warnings}${e.message}\n`,
      status: e.exitStatus,
      ...(e.unsupported ? { unsupported: true } : {}),
    };
  }
}
