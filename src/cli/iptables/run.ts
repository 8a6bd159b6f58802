// `iptables` on a namespace's ruleset: parse.ts reads the line, apply.ts changes the tables,
// and here the namespace learns which chains now exist in the kernel (registration.ts).

import { ToolError } from '../../net/ops.ts';
import { registerTableUse } from '../../net/netfilter/registration.ts';
import type { Namespace } from '../../net/world.ts';
import { applyIptables } from './apply.ts';
import { IptablesError, parseIptables } from './parse.ts';

const MODIFYING = new Set(['append', 'insert', 'delete', 'delete-num', 'replace', 'policy', 'new-chain', 'rename-chain']);

export function runIptablesCommand(ns: Namespace, args: readonly string[]): string {
  try {
    const cmd = parseIptables(args);
    const output = applyIptables(ns.tables, cmd);
    if (MODIFYING.has(cmd.op) && 'table' in cmd) {
      registerTableUse(ns, cmd.table, 'chain' in cmd ? cmd.chain : undefined);
      ns.rulesetVersion++;
    } else if (cmd.op === 'flush' || cmd.op === 'delete-chain' || cmd.op === 'zero') {
      ns.rulesetVersion++;
    }
    return output;
  } catch (error) {
    if (error instanceof IptablesError) throw new ToolError(error.message, error.exitStatus);
    throw error;
  }
}
