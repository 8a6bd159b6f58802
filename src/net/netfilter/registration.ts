// Which chains exist in the kernel. iptables-nft creates a table's base chain (and so its
// hook) only when a command needs it; an untouched chain never runs and counts nothing.
// The nat table is special: creating any nat chain registers all four NAT hooks (and
// conntrack), so every connection gets its NAT decision, a null binding if no rule matched.

import type { Namespace } from '../world.ts';
import { TABLE_HOOKS, type TableName } from './rule.ts';

/** Records that a command used `table` (and `chain`, or every built-in chain when none). */
export function registerTableUse(ns: Namespace, table: TableName, chain?: string): void {
  const builtins = TABLE_HOOKS[table] as readonly string[];
  if (table === 'nat') {
    ns.natTableRegistered = true;
    for (const hook of builtins) ns.registeredChains.add(`nat:${hook}`);
    return;
  }
  if (chain === undefined || !builtins.includes(chain)) {
    // A user chain or a whole-table command: SIMPLIFIED: iptables-nft creates the table's base
    // chains as rules reach them; the engine creates them all at once.
    for (const hook of builtins) ns.registeredChains.add(`${table}:${hook}`);
    return;
  }
  ns.registeredChains.add(`${table}:${chain}`);
}
