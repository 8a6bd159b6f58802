// `sysctl` on a namespace's sysctl table (procps-ng 4.0.2's behaviour lives in sysctl.ts).

import { ToolError } from '../../net/ops.ts';
import type { Namespace } from '../../net/world.ts';
import { parseSysctl, runSysctl, SysctlError } from './sysctl.ts';

export function runSysctlCommand(ns: Namespace, args: readonly string[]): string {
  let result;
  try {
    result = runSysctl(parseSysctl(args), ns.sysctls);
  } catch (error) {
    if (error instanceof SysctlError) throw new ToolError(error.message.replace(/\n+$/, ''), (error as SysctlError & { exitStatus?: number }).exitStatus ?? 1);
    throw error;
  }
  if (result.exitStatus !== 0) throw new ToolError(result.stderr.replace(/\n+$/, ''), result.exitStatus);
  return result.stdout;
}
