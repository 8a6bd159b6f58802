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

/** `-X` of an empty built-in chain: the base chain leaves the kernel, its policy (back to ACCEPT) and counter too. */
export function unregisterBuiltin(chain: Chain): void {
  chain.registered = false;
  chain.countsPolicy = false;
  chain.policy = 'ACCEPT';
  zeroPolicyCounters(chain);
}

/** `-P`: the policy of a base chain, which now exists with a policy counter. */
export function setPolicy(table: Table, chain: Chain, policy: 'ACCEPT' | 'DROP'): void {
  chain.policy = policy;
  registerChain(table, chain, true);
}

/** strcmp() of the names' UTF-8 bytes, the order iptables-nft lists user chains in. */
function byteCompare(a: string, b: string): number {
  // ASCII names compare the same by code unit as by UTF-8 byte.
  if (/^[\x00-\x7f]*$/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Keeps the chains in listing order (Table.chains): built-ins first, then user chains by name. */
function sortChains(table: Table): void {
  const all = [...table.chains.values()];
  const builtins = all.filter((c) => c.builtin);
  const users = all.filter((c) => !c.builtin).sort((a, b) => byteCompare(a.name, b.name));
  table.chains.clear();
  for (const c of [...builtins, ...users]) table.chains.set(c.name, c);
}

/** `-N`: a user chain (the table now exists in the kernel). */
export function addUserChain(table: Table, name: string): void {
  table.chains.set(name, { name, builtin: false, policyCounters: { packets: 0, bytes: 0 }, rules: [], references: 0, registered: true });
  table.registered = true;
  sortChains(table);
}

/** `-E`: the chain takes its new name, and so do the jumps and gotos to it. */
export function renameUserChain(table: Table, chain: Chain, newName: string): void {
  table.chains.delete(chain.name);
  table.chains.set(newName, { ...chain, name: newName });
  for (const c of table.chains.values()) {
    c.rules = c.rules.map((r) => {
      const t = r.spec.target;
      if ((t?.kind === 'jump' || t?.kind === 'goto') && t.chain === chain.name) {
        return { spec: { ...r.spec, target: { kind: t.kind, chain: newName } }, counters: r.counters };
      }
      return r;
    });
  }
  sortChains(table);
  recountReferences(table);
}

/** `-X`: an empty user chain nothing jumps to leaves the table. */
export function deleteUserChain(table: Table, chain: Chain): void {
  table.chains.delete(chain.name);
}

/** `-F`: the chains lose their rules (their counters with them). */
export function flushChains(table: Table, chains: readonly Chain[]): void {
  for (const chain of chains) chain.rules = [];
  recountReferences(table);
}

function zeroPolicyCounters(chain: Chain): void {
  chain.policyCounters.packets = 0;
  chain.policyCounters.bytes = 0;
}

/** The policy counter and every rule counter back to 0 (the rules' specs stay). */
export function zeroChainCounters(chain: Chain): void {
  zeroPolicyCounters(chain);
  chain.rules = chain.rules.map((r) => ({ spec: r.spec, counters: { packets: 0, bytes: 0 } }));
}

/** The counters of the rule at index `at` back to 0. */
export function zeroRuleCounters(chain: Chain, at: number): void {
  const rule = chain.rules[at];
  if (rule) chain.rules[at] = { spec: rule.spec, counters: { packets: 0, bytes: 0 } };
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
