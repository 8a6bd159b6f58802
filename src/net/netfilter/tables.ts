// The four iptables tables of a fresh namespace: built-in chains, policy ACCEPT, no rules.

import { TABLE_HOOKS, type Chain, type Table, type TableName } from './rule.ts';

export function createTables(): Map<TableName, Table> {
  const tables = new Map<TableName, Table>();
  for (const name of ['filter', 'nat', 'mangle', 'raw'] as const) {
    const chains = new Map<string, Chain>();
    for (const hook of TABLE_HOOKS[name]) {
      chains.set(hook, { name: hook, builtin: true, policy: 'ACCEPT', policyCounters: { packets: 0, bytes: 0 }, rules: [], references: 0 });
    }
    tables.set(name, { name, chains });
  }
  return tables;
}
