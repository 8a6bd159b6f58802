// `sysctl` on a namespace's sysctl table (procps-ng 4.0.2's behaviour lives in sysctl.ts).

import type { Namespace } from '../../net/world.ts';
import { ToolError } from '../errors.ts';
import { parseSysctl, runSysctl } from './sysctl.ts';

/** Throws ToolError as procps fails (parseSysctl's own, or the exit status of a run). */
export function runSysctlCommand(ns: Namespace, args: readonly string[]): string {
  const result = runSysctl(parseSysctl(args), ns.sysctls);
  if (result.exitStatus !== 0) throw new ToolError(result.stderr.replace(/\n+$/, ''), result.exitStatus);
  return result.stdout;
}
