// A parsed iptables command meets the ruleset of one network namespace. Mirrors what
// iptables-nft 1.8.9 does after parsing (iptables/nft.c nft_prepare() and the nft_rule_*,
// nft_chain_* functions, nft_strerror()) and what the kernel's nf_tables/nft_compat code
// refuses when the batch is committed: xt_check_target()/xt_check_match() table and hook
// restrictions, nft_chain_validate()'s jump depth limit (NFT_JUMP_STACK_SIZE 16, which is how
// loops are found), jumps to base chains.
// A command either succeeds completely or leaves the ruleset untouched, as a batch does.

import {
  TABLE_HOOKS,
  type Chain,
  type Counters,
  type HookName,
  type IptablesCommand,
  type Match,
  type Rule,
  type RuleSpec,
  type Table,
  type TableName,
  type Target,
} from '../../net/netfilter/rule.ts';
import { isAscii } from './cstring.ts';
import { ERRNO, IptablesError, NO_CHAIN, VERSION_LINE, kernelError, nftError, otherProblem, parameterProblem } from './errors.ts';
import { formatList, formatListRules, formatVerboseRule } from './format.ts';

export { IptablesError } from './errors.ts';

const BAD_RULE = 'Bad rule (does a matching rule exist in that chain?)';

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

/** The four tables of a fresh namespace: built-in chains (not yet registered), policy ACCEPT. */
export function createTables(): Map<TableName, Table> {
  const tables = new Map<TableName, Table>();
  for (const name of TABLE_ORDER) {
    const chains = new Map<string, Chain>();
    for (const hook of TABLE_HOOKS[name]) chains.set(hook, newBuiltin(hook));
    tables.set(name, { name, chains });
  }
  return tables;
}

/** strcmp() order, the order iptables-nft lists user chains in. */
function byteCompare(a: string, b: string): number {
  // ASCII names compare the same by code unit as by UTF-8 byte.
  if (isAscii(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function sortChains(table: Table): void {
  const all = [...table.chains.values()];
  const builtins = all.filter((c) => c.builtin);
  const users = all.filter((c) => !c.builtin).sort((a, b) => byteCompare(a.name, b.name));
  table.chains.clear();
  for (const c of [...builtins, ...users]) table.chains.set(c.name, c);
}

function jumpTarget(t: Target | undefined): string | undefined {
  return t && (t.kind === 'jump' || t.kind === 'goto') ? t.chain : undefined;
}

/** Recounts how many rules jump to each chain (the "N references" of -L). */
function updateReferences(table: Table): void {
  for (const c of table.chains.values()) c.references = 0;
  for (const c of table.chains.values()) {
    for (const r of c.rules) {
      const to = jumpTarget(r.spec.target);
      const dest = to !== undefined ? table.chains.get(to) : undefined;
      if (dest && !dest.builtin) dest.references++;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Deep equality of rule specs (iptables-nft compares rules as it lists them back).

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const k of keys) if (!deepEqual(ra[k], rb[k])) return false;
  return true;
}

/** Whether two rule specs are the same rule for `-D`/`-C`. */
export function sameRule(a: RuleSpec, b: RuleSpec): boolean {
  return deepEqual(a, b);
}

// ---------------------------------------------------------------------------------------
// What the kernel refuses

/** xt targets restricted to one table and some hooks (their struct xt_target). */
const TARGET_RULES: Partial<Record<Target['kind'], { table: TableName; hooks: readonly HookName[] }>> = {
  SNAT: { table: 'nat', hooks: ['POSTROUTING', 'INPUT'] },
  DNAT: { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
  MASQUERADE: { table: 'nat', hooks: ['POSTROUTING'] },
  REJECT: { table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  CT: { table: 'raw', hooks: ['PREROUTING', 'OUTPUT'] },
  NOTRACK: { table: 'raw', hooks: ['PREROUTING', 'OUTPUT'] },
};

const XT_MATCH_PROTO: Partial<Record<Match['module'], number>> = { tcp: 6, udp: 17, icmp: 1 };

/** The errno text when nft_compat/nf_tables refuse the rule itself (init time), else undefined. */
function ruleInitError(table: Table, chain: Chain, spec: RuleSpec): string | undefined {
  if (spec.source?.negate && spec.source.value.len === 0) return ERRNO.EINVAL;
  if (spec.destination?.negate && spec.destination.value.len === 0) return ERRNO.EINVAL;
  const proto = spec.protocol?.negate ? -1 : (spec.protocol?.value ?? 0);
  for (const m of spec.matches) {
    // Matches iptables-nft cannot express natively go through nft_compat and xt_check_match().
    const xtProto = XT_MATCH_PROTO[m.module];
    const isXt = m.module === 'icmp' || ((m.module === 'tcp' || m.module === 'udp') && !m.sport && !m.dport);
    if (xtProto !== undefined && isXt && proto !== xtProto) return ERRNO.EINVAL;
    if (m.module === 'physdev' && (m.physdevOut || m.isOut) && !(m.isBridged && !m.isBridged.negate) && chain.builtin && chain.name === 'OUTPUT') {
      return ERRNO.EINVAL;
    }
  }
  const t = spec.target;
  if (t) {
    const rules = TARGET_RULES[t.kind];
    if (rules) {
      if (rules.table !== table.name) return ERRNO.EINVAL;
      if (chain.builtin && !rules.hooks.includes(chain.name as HookName)) return ERRNO.EINVAL;
    }
    if (t.kind === 'REJECT' && t.rejectWith === 'tcp-reset' && proto !== 6) return ERRNO.EINVAL;
    const to = jumpTarget(t);
    const dest = to !== undefined ? table.chains.get(to) : undefined;
    if (dest?.builtin) return dest.registered === false ? ERRNO.ENOENT : ERRNO.EOPNOTSUPP;
  }
  return undefined;
}

const NFT_JUMP_STACK_SIZE = 16;

/** nf_tables_validate(): walks from every registered base chain through jumps and gotos. */
function validateTable(table: Table): string | undefined {
  // The walk's answer depends only on (chain, hook, level): remembering it keeps the same
  // first error in the same order, without walking a chain jumped to many times over again
  // (10 rules jumping to the next chain, 15 chains deep, are 10^15 paths).
  const seen = new Map<Chain, Map<string, string | undefined>>();
  const walk = (chain: Chain, hook: HookName, level: number): string | undefined => {
    if (level === NFT_JUMP_STACK_SIZE) return ERRNO.EMLINK;
    const key = `${hook} ${level}`;
    let known = seen.get(chain);
    if (known?.has(key)) return known.get(key);
    const err = walkRules(chain, hook, level);
    if (!known) seen.set(chain, (known = new Map()));
    known.set(key, err);
    return err;
  };
  const walkRules = (chain: Chain, hook: HookName, level: number): string | undefined => {
    for (const r of chain.rules) {
      const t = r.spec.target;
      const rules = t ? TARGET_RULES[t.kind] : undefined;
      if (rules && !rules.hooks.includes(hook)) return ERRNO.EINVAL;
      const to = jumpTarget(t);
      const dest = to !== undefined ? table.chains.get(to) : undefined;
      if (dest && !dest.builtin) {
        const err = walk(dest, hook, level + 1);
        if (err) return err;
      }
    }
    return undefined;
  };
  for (const chain of table.chains.values()) {
    if (!chain.builtin || chain.registered === false) continue;
    const err = walk(chain, chain.name as HookName, 0);
    if (err) return err;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------

type RuleCommand = Extract<IptablesCommand, { op: 'append' | 'insert' | 'replace' | 'delete' | 'check' }>;

function tableOf(tables: Map<TableName, Table>, name: TableName): Table {
  let t = tables.get(name);
  if (!t) {
    t = { name, chains: new Map() };
    for (const hook of TABLE_HOOKS[name]) t.chains.set(hook, newBuiltin(hook));
    tables.set(name, t);
  }
  return t;
}

/** nft_prepare(): assert_chain_exists() for the chain a rule jumps to. */
function assertJumpTarget(table: Table, spec: RuleSpec): void {
  const to = jumpTarget(spec.target);
  if (to !== undefined && !table.chains.has(to)) throw parameterProblem(`Chain '${to}' does not exist`);
}

/** Copies a table deep enough that a failed command can be dropped. */
function cloneTable(table: Table): Table {
  const chains = new Map<string, Chain>();
  for (const [name, c] of table.chains) chains.set(name, { ...c, policyCounters: { ...c.policyCounters }, rules: [...c.rules] });
  return { name: table.name, chains, ...(table.registered !== undefined ? { registered: table.registered } : {}) };
}

/** Moves the chains of `from` into `into`, keeping the Table and Chain objects callers hold. */
function commit(into: Table, from: Table): void {
  if (from.registered) into.registered = true;
  const old = new Map(into.chains);
  into.chains.clear();
  for (const [name, c] of from.chains) {
    const keep = old.get(name);
    if (keep && keep.builtin === c.builtin) {
      keep.policy = c.policy;
      keep.policyCounters.packets = c.policyCounters.packets;
      keep.policyCounters.bytes = c.policyCounters.bytes;
      keep.rules = c.rules;
      keep.references = c.references;
      keep.registered = c.registered;
      keep.countsPolicy = c.countsPolicy;
      into.chains.set(name, keep);
    } else {
      into.chains.set(name, c);
    }
  }
}

/**
 * nft_xt_builtin_init() and friends: the chain (and its table) now exist in the kernel. A base
 * chain created this way has no policy counter (`withCounters`: created by -P or -Z, it has).
 */
function register(table: Table, chain: Chain, withCounters = false): void {
  if (chain.builtin && (chain.registered === false || withCounters)) chain.countsPolicy = withCounters;
  chain.registered = true;
  table.registered = true;
}

function newRule(spec: RuleSpec, counters: Counters | undefined): Rule {
  return { spec, counters: counters ? { ...counters } : { packets: 0, bytes: 0 } };
}

/**
 * -A/-I/-R/-D/-C. With -v, nft_rule_append() prints the rule once the jump target is known
 * to exist; insert and replace print it once the position is found; delete and check print
 * it only when they found the rule.
 */
function applyRuleCommand(table: Table, cmd: RuleCommand): string {
  assertJumpTarget(table, cmd.spec);
  const line = cmd.verbose ? formatVerboseRule(cmd.spec) : '';
  const work = cloneTable(table);
  const chain = work.chains.get(cmd.chain);
  let operation: string;
  let printed = '';
  switch (cmd.op) {
    case 'check':
    case 'delete': {
      const at = chain && chain.registered !== false ? chain.rules.findIndex((r) => sameRule(r.spec, cmd.spec)) : -1;
      if (!chain || at < 0) throw nftError(BAD_RULE);
      if (cmd.op === 'check') return line;
      chain.rules.splice(at, 1);
      updateReferences(work);
      commit(table, work);
      return line;
    }
    case 'append':
      printed = line;
      if (!chain) throw nftError(NO_CHAIN).withStdout(printed);
      register(work, chain);
      chain.rules.push(newRule(cmd.spec, cmd.counters));
      operation = 'RULE_APPEND';
      break;
    case 'insert': {
      if (!chain) throw nftError(NO_CHAIN);
      const n = chain.registered === false ? 0 : chain.rules.length;
      if (cmd.index > n + 1) throw nftError('Index of insertion too big');
      printed = line;
      register(work, chain);
      chain.rules.splice(cmd.index - 1, 0, newRule(cmd.spec, cmd.counters));
      operation = 'RULE_INSERT';
      break;
    }
    default: {
      if (!chain || chain.registered === false) throw nftError(NO_CHAIN);
      if (cmd.index > chain.rules.length) throw nftError('Index of replacement too big');
      printed = line;
      chain.rules[cmd.index - 1] = newRule(cmd.spec, cmd.counters);
      operation = 'RULE_REPLACE';
    }
  }
  const err = ruleInitError(work, chain, cmd.spec) ?? validateTable(work);
  if (err) throw kernelError(operation, err, `rule in chain ${cmd.chain}`).withStdout(printed);
  updateReferences(work);
  commit(table, work);
  return printed;
}

function zeroChain(chain: Chain): void {
  chain.policyCounters.packets = 0;
  chain.policyCounters.bytes = 0;
  chain.rules = chain.rules.map((r) => ({ spec: r.spec, counters: { packets: 0, bytes: 0 } }));
}

/**
 * -Z [CHAIN [N]]: what nft_chain_zero_counters()/nft_rule_zero_counters() do. `afterList`:
 * the -L/-S -Z form, whose chain cache also holds the built-in chains not yet created: zeroing
 * one creates it, or fails in the kernel when the table does not exist yet.
 */
function zero(table: Table, chainName: string | undefined, rulenum: number | undefined, verbose: boolean, afterList = false): string {
  const chains = chainName === undefined ? [...table.chains.values()] : [table.chains.get(chainName)];
  if (rulenum !== undefined) {
    const chain = chains[0];
    if (!chain || chain.registered === false) throw nftError(BAD_RULE);
    const rule = chain.rules[rulenum - 1];
    if (rule) chain.rules[rulenum - 1] = { spec: rule.spec, counters: { packets: 0, bytes: 0 } };
    return '';
  }
  let out = '';
  for (const chain of chains) {
    if (!chain || (chain.registered === false && chainName !== undefined && !afterList)) throw nftError(NO_CHAIN);
    if (verbose) out += `Zeroing chain \`${chain.name}'\n`;
  }
  // The batch fails in the kernel when it would zero (so create) a chain of a missing table.
  const missing = afterList && !table.registered ? chains.find((c) => c?.registered === false) : undefined;
  if (missing) throw kernelError('CHAIN_ZERO', ERRNO.ENOENT, `chain ${missing.name}`).withStdout(out);
  for (const chain of chains) {
    if (!chain) continue;
    if (chain.builtin && (chain.registered !== false || afterList)) register(table, chain, true);
    zeroChain(chain);
  }
  return out;
}

function zeroAfterList(table: Table, chain: string | undefined, rulenum: number | undefined, verbose: boolean, printed: string): string {
  try {
    return zero(table, chain, rulenum, verbose, true);
  } catch (e) {
    throw e instanceof IptablesError ? e.withStdout(printed) : e;
  }
}

function incompatible(table: Table, chain: string): Error {
  return otherProblem(`chain \`${chain}' in table \`${table.name}' is incompatible, use 'nft' tool.`);
}

/**
 * Runs one parsed iptables command on the namespace's tables (mutating them) and returns
 * what the command prints on stdout. Throws IptablesError as iptables-nft 1.8.9 fails.
 */
export function applyIptables(tables: Map<TableName, Table>, cmd: IptablesCommand): string {
  if (cmd.op === 'version') return `${VERSION_LINE}\n`;
  const table = tableOf(tables, cmd.table);
  switch (cmd.op) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'delete':
    case 'check':
      return applyRuleCommand(table, cmd);
    case 'delete-num': {
      const chain = table.chains.get(cmd.chain);
      if (!chain || chain.registered === false) throw nftError(NO_CHAIN);
      if (cmd.index > chain.rules.length) throw nftError('Index of deletion too big');
      chain.rules.splice(cmd.index - 1, 1);
      updateReferences(table);
      return '';
    }
    case 'policy': {
      const chain = table.chains.get(cmd.chain);
      if (!chain?.builtin) throw nftError('Bad built-in chain name');
      chain.policy = cmd.policy;
      register(table, chain, true);
      return '';
    }
    case 'new-chain':
      if (table.chains.has(cmd.chain)) throw nftError('Chain already exists');
      table.chains.set(cmd.chain, {
        name: cmd.chain,
        builtin: false,
        policyCounters: { packets: 0, bytes: 0 },
        rules: [],
        references: 0,
        registered: true,
      });
      table.registered = true;
      sortChains(table);
      return '';
    case 'rename-chain': {
      const chain = table.chains.get(cmd.chain);
      if (!chain || chain.builtin) throw nftError(NO_CHAIN);
      if (table.chains.has(cmd.newName)) throw nftError('File exists');
      if (cmd.newName === '') throw nftError(NO_CHAIN);
      table.chains.delete(cmd.chain);
      table.chains.set(cmd.newName, { ...chain, name: cmd.newName });
      for (const c of table.chains.values()) {
        c.rules = c.rules.map((r) => {
          const t = r.spec.target;
          if ((t?.kind === 'jump' || t?.kind === 'goto') && t.chain === cmd.chain) {
            return { spec: { ...r.spec, target: { kind: t.kind, chain: cmd.newName } }, counters: r.counters };
          }
          return r;
        });
      }
      sortChains(table);
      updateReferences(table);
      return '';
    }
    case 'flush': {
      let out = '';
      const chains = cmd.chain !== undefined ? [table.chains.get(cmd.chain)] : [...table.chains.values()];
      for (const chain of chains) if (!chain) throw nftError(NO_CHAIN);
      for (const chain of chains) {
        if (!chain) continue;
        if (cmd.verbose) out += `Flushing chain \`${chain.name}'\n`;
        chain.rules = [];
        if (cmd.chain !== undefined) register(table, chain);
      }
      updateReferences(table);
      return out;
    }
    case 'delete-chain': {
      if (cmd.chain !== undefined) {
        const chain = table.chains.get(cmd.chain);
        if (!chain || chain.registered === false) throw nftError(NO_CHAIN);
        // nft_may_delete_chain(): a built-in chain whose policy is not ACCEPT stays.
        if (chain.builtin && chain.policy === 'DROP') throw nftError('Directory not empty');
        if (chain.rules.length > 0 || chain.references > 0) {
          throw kernelError('CHAIN_DEL', ERRNO.EBUSY, `chain ${chain.name}`);
        }
        if (chain.builtin) {
          chain.registered = false;
          chain.countsPolicy = false;
          chain.policy = 'ACCEPT';
          chain.policyCounters.packets = 0;
          chain.policyCounters.bytes = 0;
        } else {
          table.chains.delete(chain.name);
        }
        return cmd.verbose && !chain.builtin ? `Deleting chain \`${chain.name}'\n` : '';
      }
      // Every user chain goes, and so does every built-in chain that may (empty, policy ACCEPT).
      const users = [...table.chains.values()].filter((c) => !c.builtin);
      const out = cmd.verbose ? users.map((c) => `Deleting chain \`${c.name}'\n`).join('') : '';
      const busy = users.find((c) => c.rules.length > 0 || c.references > 0);
      if (busy) throw kernelError('CHAIN_DEL', ERRNO.EBUSY, `chain ${busy.name}`).withStdout(out);
      for (const c of users) table.chains.delete(c.name);
      for (const c of table.chains.values()) {
        if (c.builtin && c.registered !== false && c.rules.length === 0 && c.policy !== 'DROP') {
          c.registered = false;
          c.countsPolicy = false;
          c.policyCounters.packets = 0;
          c.policyCounters.bytes = 0;
        }
      }
      return out;
    }
    case 'zero':
      return zero(table, cmd.chain, cmd.rulenum, cmd.verbose ?? false);
    case 'list': {
      if (cmd.chain !== undefined && !table.chains.has(cmd.chain)) throw incompatible(table, cmd.chain);
      const out = formatList(table, cmd);
      return cmd.zero ? out + zeroAfterList(table, cmd.chain, cmd.rulenum, cmd.verbose, out) : out;
    }
    case 'list-rules': {
      if (cmd.chain !== undefined && !table.chains.has(cmd.chain)) throw incompatible(table, cmd.chain);
      const out = formatListRules(table, cmd);
      return cmd.zero ? out + zeroAfterList(table, cmd.chain, cmd.rulenum, cmd.verbose, out) : out;
    }
  }
}
