// `iptables` on a namespace's ruleset: exec.ts parses the line and applies it (which also
// records which chains now exist in the kernel, Chain.registered).

import { ToolError } from '../errors.ts';
import type { Namespace } from '../../net/world.ts';
import { executeIptables } from './exec.ts';

export function runIptablesCommand(ns: Namespace, args: readonly string[]): string {
  const outcome = executeIptables(ns.tables, args);
  ns.commitRuleset();
  if (outcome.status !== 0) throw new ToolError(outcome.stderr.replace(/\n+$/, ''), outcome.status);
  return outcome.stdout;
}
