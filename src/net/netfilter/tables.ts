// The iptables tables of one network namespace as kernel state: which tables and chains
// exist (iptables-nft creates base chains lazily, nft_xt_builtin_init()), policy counters,
// and the rules with the reference counts of the user chains they jump to. The iptables CLI
// (src/cli/iptables/) decides what a command does; the hooks (hooks.ts) walk these chains.

import { TABLE_HOOKS, type Chain, type HookName, type Rule, type Table, type TableName, type Target } from './rule.ts';

/** The order iptables-nft creates (and `-L` without `-t` never mixes) the tables. */
const TABLE_ORDER: readonly TableName[] = ['filter', 'nat', 'mangle', 'raw'];

function newBuiltin(name: HookName): Chain {
  return {
    name,
    builtin: true,
    policy: 'ACCEPT',
    policyCounters: { packets: 0, bytes: 0 },
    rules: [],
    references: 0,
    registered: false,
    countsPolicy: false,
  };
}

function newTable(name: TableName): Table {
  const chains = new Map<string, Chain>();
  for (const hook of TABLE_HOOKS[name]) chains.set(hook, newBuiltin(hook));
  return { name, chains };
}

/** The four tables of a fresh namespace: built-in chains (not yet registered), policy ACCEPT. */
export function createTables(): Map<TableName, Table> {
  const tables = new Map<TableName, Table>();
  for (const name of TABLE_ORDER) tables.set(name, newTable(name));
  return tables;
}

/** The table `name`, made with its built-in chains if it is missing. */
export function tableOrCreate(tables: Map<TableName, Table>, name: TableName): Table {
  let table = tables.get(name);
  if (!table) {
    table = newTable(name);
    tables.set(name, table);
  }
  return table;
}

/**
 * nft_xt_builtin_init() and friends: the chain (and its table) now exist in the kernel. A base
 * chain created this way has no policy counter (`withCounters`: created by -P or -Z, it has).
 */
export function registerChain(table: Table, chain: Chain, withCounters = false): void {
  if (chain.builtin && (chain.registered === false || withCounters)) chain.countsPolicy = withCounters;
  chain.registered = true;
  table.registered = true;
}

/** `-X` of an empty built-in chain: the base chain leaves the kernel, its policy counter too. */
export function unregisterBuiltin(chain: Chain): void {
  chain.registered = false;
  chain.countsPolicy = false;
  zeroPolicyCounters(chain);
}

export function zeroPolicyCounters(chain: Chain): void {
  chain.policyCounters.packets = 0;
  chain.policyCounters.bytes = 0;
}

/** The policy counter and every rule counter back to 0 (the rules' specs stay). */
export function zeroChainCounters(chain: Chain): void {
  zeroPolicyCounters(chain);
  chain.rules = chain.rules.map((r) => ({ spec: r.spec, counters: { packets: 0, bytes: 0 } }));
}

/** The chain a jump or goto target enters. */
export function jumpTarget(t: Target | undefined): string | undefined {
  return t && (t.kind === 'jump' || t.kind === 'goto') ? t.chain : undefined;
}

/** The user chain a rule jumps to (jumps to base chains are refused, so they never count). */
function jumpedUserChain(table: Table, rule: Rule): Chain | undefined {
  const to = jumpTarget(rule.spec.target);
  const dest = to !== undefined ? table.chains.get(to) : undefined;
  return dest && !dest.builtin ? dest : undefined;
}

/** Recounts how many rules jump to each chain (the "N references" of -L). */
export function recountReferences(table: Table): void {
  for (const c of table.chains.values()) c.references = 0;
  for (const c of table.chains.values()) {
    for (const r of c.rules) {
      const dest = jumpedUserChain(table, r);
      if (dest) dest.references++;
    }
  }
}

/** Puts `rule` at index `at` of `chain` (`replace`: instead of the rule there), keeping references. */
export function placeRule(table: Table, chain: Chain, at: number, rule: Rule, replace = false): void {
  if (replace) {
    const old = chain.rules[at];
    const oldDest = old ? jumpedUserChain(table, old) : undefined;
    if (oldDest) oldDest.references--;
    chain.rules[at] = rule;
  } else if (at === chain.rules.length) {
    chain.rules.push(rule);
  } else {
    chain.rules.splice(at, 0, rule);
  }
  const dest = jumpedUserChain(table, rule);
  if (dest) dest.references++;
}

/** Removes the rule at index `at` of `chain`, keeping references. */
export function removeRule(table: Table, chain: Chain, at: number): void {
  const [old] = chain.rules.splice(at, 1);
  const dest = old ? jumpedUserChain(table, old) : undefined;
  if (dest) dest.references--;
}
