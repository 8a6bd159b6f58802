// A parsed iptables command meets the ruleset of one network namespace. Mirrors what
// iptables-nft 1.8.9 does after parsing (iptables/nft.c nft_prepare() and the nft_rule_*,
// nft_chain_* functions, nft_strerror()) and what the kernel's nf_tables/nft_compat code
// refuses when the batch is committed: xt_check_target()/xt_check_match() table and hook
// restrictions, nft_chain_validate()'s jump depth limit (NFT_JUMP_STACK_SIZE 16, which is how
// loops are found), jumps to base chains.
// A command either succeeds completely or leaves the ruleset untouched, as a batch does.

import {
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
import {
  addUserChain,
  deleteUserChain,
  flushChains,
  jumpTarget,
  placeRule,
  registerChain,
  removeRule,
  renameUserChain,
  setPolicy,
  tableOrCreate,
  unregisterBuiltin,
  zeroChainCounters,
  zeroRuleCounters,
} from '../../net/netfilter/tables.ts';
import { ERRNO, IptablesError, NO_CHAIN, VERSION_LINE, kernelError, nftError, otherProblem, parameterProblem } from './errors.ts';
import { formatList, formatListRules, formatVerboseRule } from './format.ts';

export { IptablesError } from './errors.ts';

const BAD_RULE = 'Bad rule (does a matching rule exist in that chain?)';

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
  REDIRECT: { table: 'nat', hooks: ['PREROUTING', 'OUTPUT'] },
  REJECT: { table: 'filter', hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  CT: { table: 'raw', hooks: ['PREROUTING', 'OUTPUT'] },
  NOTRACK: { table: 'raw', hooks: ['PREROUTING', 'OUTPUT'] },
};

const XT_MATCH_PROTO: Partial<Record<Match['module'], number>> = { tcp: 6, udp: 17, icmp: 1 };

/**
 * The errno text when nft_compat/nf_tables refuse the rule itself (init time), else undefined.
 * The batch has already created `chain` (a jump to a base chain is EOPNOTSUPP then, ENOENT
 * while it does not exist).
 */
function ruleInitError(table: Table, chain: Chain, spec: RuleSpec): string | undefined {
  if (spec.source?.negate && spec.source.value.len === 0) return ERRNO.EINVAL;
  if (spec.destination?.negate && spec.destination.value.len === 0) return ERRNO.EINVAL;
  const proto = spec.protocol?.negate ? -1 : (spec.protocol?.value ?? 0);
  for (const m of spec.matches) {
    // Matches iptables-nft cannot express natively go through nft_compat and xt_check_match().
    const xtProto = XT_MATCH_PROTO[m.module];
    const isXt = m.module === 'icmp' || ((m.module === 'tcp' || m.module === 'udp') && ((!m.sport && !m.dport) || (m.module === 'tcp' && m.flags !== undefined)));
    if (xtProto !== undefined && isXt && proto !== xtProto) return ERRNO.EINVAL;
    const hooks = matchHooks(m, false);
    if (hooks && chain.builtin && !hooks.includes(chain.name as HookName)) return ERRNO.EINVAL;
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
    if (dest?.builtin) return dest.registered === false && dest !== chain ? ERRNO.ENOENT : ERRNO.EOPNOTSUPP;
  }
  return undefined;
}

/**
 * Matches that only some hooks have the device for. xt_mac's own hook mask (struct xt_match
 * .hooks) is checked through jumps, as targets' are; addrtype's --limit-iface-in/out is checked
 * by its checkentry, at rule init, which knows the hook only in a base chain (measured: a user
 * chain with --limit-iface-in may be jumped to from OUTPUT).
 */
function matchHooks(m: Match, viaJump: boolean): readonly HookName[] | undefined {
  if (m.module === 'mac') return ['PREROUTING', 'INPUT', 'FORWARD'];
  if (viaJump || m.module !== 'addrtype') return undefined;
  if (m.limitIn) return ['PREROUTING', 'INPUT', 'FORWARD'];
  if (m.limitOut) return ['POSTROUTING', 'OUTPUT', 'FORWARD'];
  return undefined;
}

/** A rule that only some hooks may reach through jumps: by its target or an xt match's hooks. */
function hookRestricted(spec: RuleSpec, hook: HookName): boolean {
  const rules = spec.target ? TARGET_RULES[spec.target.kind] : undefined;
  if (rules !== undefined && !rules.hooks.includes(hook)) return true;
  return spec.matches.some((m) => {
    const hooks = matchHooks(m, true);
    return hooks !== undefined && !hooks.includes(hook);
  });
}

const NFT_JUMP_STACK_SIZE = 16;

type ChainWalk = (chain: Chain, hook: HookName, level: number) => string | undefined;

/**
 * nf_tables_validate()'s walk through jumps and gotos: the first error met from `chain`,
 * entered from `hook` at jump depth `level`.
 */
function chainWalker(table: Table): ChainWalk {
  // The walk's answer depends only on (chain, hook, level): remembering it keeps the same
  // first error in the same order, without walking a chain jumped to many times over again
  // (10 rules jumping to the next chain, 15 chains deep, are 10^15 paths).
  const seen = new Map<Chain, Map<string, string | undefined>>();
  const walk: ChainWalk = (chain, hook, level) => {
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
      if (hookRestricted(r.spec, hook)) return ERRNO.EINVAL;
      const to = jumpTarget(t);
      const dest = to !== undefined ? table.chains.get(to) : undefined;
      if (dest && !dest.builtin) {
        const err = walk(dest, hook, level + 1);
        if (err) return err;
      }
    }
    return undefined;
  };
  return walk;
}

/** nf_tables_validate(): walks from every registered base chain through jumps and gotos. */
function validateTable(table: Table): string | undefined {
  const walk = chainWalker(table);
  for (const chain of table.chains.values()) {
    if (!chain.builtin || chain.registered === false) continue;
    const err = walk(chain, chain.name as HookName, 0);
    if (err) return err;
  }
  return undefined;
}

/**
 * nf_tables_validate() once `rule` is placed at index `at` of `chain` (`replace`: instead of
 * the rule there). Every committed table is valid, so only a walk through the new rule can
 * fail: a rule that jumps nowhere and has no hook restriction is checked alone (ruleInitError),
 * a jump from a base chain is walked from the chain it enters. Otherwise, or when that finds
 * an error, the whole table is walked with the new rule in place (a copy of that one chain),
 * which gives the first error in the kernel's order.
 */
function validateNewRule(table: Table, chain: Chain, at: number, rule: Rule, replace: boolean): string | undefined {
  const t = rule.spec.target;
  const to = jumpTarget(t);
  const dest = to !== undefined ? table.chains.get(to) : undefined;
  const restricted = (t ? TARGET_RULES[t.kind] : undefined) ?? rule.spec.matches.some((m) => matchHooks(m, true) !== undefined);
  if (!dest && !restricted) return undefined;
  // Nothing jumps to a base chain: its rules are walked only from its own hook, at depth 0,
  // and ruleInitError already checked a restricted target against that hook.
  if (chain.builtin && (!dest || chainWalker(table)(dest, chain.name as HookName, 1) === undefined)) return undefined;
  // A user chain no rule jumps to is never walked.
  if (!chain.builtin && chain.references === 0) return undefined;
  const rules = [...chain.rules];
  rules.splice(at, replace ? 1 : 0, rule);
  const chains = new Map(table.chains);
  chains.set(chain.name, { ...chain, rules, registered: true });
  return validateTable({ name: table.name, chains });
}

// ---------------------------------------------------------------------------------------

type RuleCommand = Extract<IptablesCommand, { op: 'append' | 'insert' | 'replace' | 'delete' | 'check' }>;

/** nft_prepare(): assert_chain_exists() for the chain a rule jumps to. */
function assertJumpTarget(table: Table, spec: RuleSpec): void {
  const to = jumpTarget(spec.target);
  if (to !== undefined && !table.chains.has(to)) throw parameterProblem(`Chain '${to}' does not exist`);
}

function newRule(spec: RuleSpec, counters: Counters | undefined): Rule {
  return { spec, counters: counters ? { ...counters } : { packets: 0, bytes: 0 } };
}

/**
 * -A/-I/-R/-D/-C. With -v, nft_rule_append() prints the rule once the jump target is known
 * to exist; insert and replace print it once the position is found; delete and check print
 * it only when they found the rule. Every check runs before the ruleset changes, so a
 * refused rule leaves it as it was.
 */
function applyRuleCommand(table: Table, cmd: RuleCommand): string {
  assertJumpTarget(table, cmd.spec);
  const line = cmd.verbose ? formatVerboseRule(cmd.spec) : '';
  const chain = table.chains.get(cmd.chain);
  switch (cmd.op) {
    case 'check':
    case 'delete': {
      const at = chain && chain.registered !== false ? chain.rules.findIndex((r) => sameRule(r.spec, cmd.spec)) : -1;
      if (!chain || at < 0) throw nftError(BAD_RULE);
      if (cmd.op === 'delete') removeRule(table, chain, at);
      return line;
    }
    case 'append':
      if (!chain) throw nftError(NO_CHAIN).withStdout(line);
      // An unregistered base chain is empty.
      return addRule(table, chain, cmd, chain.rules.length, false, 'RULE_APPEND', line);
    case 'insert': {
      if (!chain) throw nftError(NO_CHAIN);
      const n = chain.registered === false ? 0 : chain.rules.length;
      if (cmd.index > n + 1) throw nftError('Index of insertion too big');
      return addRule(table, chain, cmd, cmd.index - 1, false, 'RULE_INSERT', line);
    }
    default:
      if (!chain || chain.registered === false) throw nftError(NO_CHAIN);
      if (cmd.index > chain.rules.length) throw nftError('Index of replacement too big');
      return addRule(table, chain, cmd, cmd.index - 1, true, 'RULE_REPLACE', line);
  }
}

/**
 * `-s A,B -d C,D`: do_commandx() runs the command once per source x destination in one batch.
 * Appends and inserts go one after the other (inserts at the same index, so they end up
 * reversed); a delete or check fails as a whole when one of its rules is missing.
 */
function applyEachSpec(table: Table, cmd: Extract<RuleCommand, { op: 'append' | 'insert' | 'delete' | 'check' }>): string {
  const specs = [cmd.spec, ...(cmd.extraSpecs ?? [])];
  if (cmd.op === 'delete' || cmd.op === 'check') {
    const chain = table.chains.get(cmd.chain);
    const left = chain && chain.registered !== false ? [...chain.rules] : [];
    for (const spec of specs) {
      assertJumpTarget(table, spec);
      const at = left.findIndex((r) => sameRule(r.spec, spec));
      if (!chain || at < 0) throw nftError(BAD_RULE);
      if (cmd.op === 'delete') left.splice(at, 1);
    }
  }
  let out = '';
  for (const spec of specs) out += applyRuleCommand(table, { ...cmd, spec, extraSpecs: undefined });
  return out;
}

/** The kernel's checks of a new rule, then the rule in place (a new one registers its chain). */
function addRule(table: Table, chain: Chain, cmd: RuleCommand, at: number, replace: boolean, operation: string, printed: string): string {
  const rule = newRule(cmd.spec, 'counters' in cmd ? cmd.counters : undefined);
  const err = ruleInitError(table, chain, cmd.spec) ?? validateNewRule(table, chain, at, rule, replace);
  if (err) throw kernelError(operation, err, `rule in chain ${cmd.chain}`).withStdout(printed);
  if (!replace) registerChain(table, chain);
  placeRule(table, chain, at, rule, replace);
  return printed;
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
    zeroRuleCounters(chain, rulenum - 1);
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
    if (chain.builtin && (chain.registered !== false || afterList)) registerChain(table, chain, true);
    zeroChainCounters(chain);
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
  const table = tableOrCreate(tables, cmd.table);
  switch (cmd.op) {
    case 'append':
    case 'insert':
    case 'replace':
    case 'delete':
    case 'check':
      if (cmd.op !== 'replace' && cmd.extraSpecs?.length) return applyEachSpec(table, cmd);
      return applyRuleCommand(table, cmd);
    case 'delete-num': {
      const chain = table.chains.get(cmd.chain);
      if (!chain || chain.registered === false) throw nftError(NO_CHAIN);
      if (cmd.index > chain.rules.length) throw nftError('Index of deletion too big');
      removeRule(table, chain, cmd.index - 1);
      return '';
    }
    case 'policy': {
      const chain = table.chains.get(cmd.chain);
      if (!chain?.builtin) throw nftError('Bad built-in chain name');
      setPolicy(table, chain, cmd.policy);
      return '';
    }
    case 'new-chain':
      if (table.chains.has(cmd.chain)) throw nftError('Chain already exists');
      addUserChain(table, cmd.chain);
      return '';
    case 'rename-chain': {
      const chain = table.chains.get(cmd.chain);
      if (!chain || chain.builtin) throw nftError(NO_CHAIN);
      if (table.chains.has(cmd.newName)) throw nftError('File exists');
      if (cmd.newName === '') throw nftError(NO_CHAIN);
      renameUserChain(table, chain, cmd.newName);
      return '';
    }
    case 'flush': {
      let out = '';
      const chains = cmd.chain !== undefined ? [table.chains.get(cmd.chain)] : [...table.chains.values()];
      const found = chains.filter((chain) => chain !== undefined);
      if (found.length < chains.length) throw nftError(NO_CHAIN);
      for (const chain of found) {
        if (cmd.verbose) out += `Flushing chain \`${chain.name}'\n`;
        if (cmd.chain !== undefined) registerChain(table, chain);
      }
      flushChains(table, found);
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
        if (chain.builtin) unregisterBuiltin(chain);
        else deleteUserChain(table, chain);
        return cmd.verbose && !chain.builtin ? `Deleting chain \`${chain.name}'\n` : '';
      }
      // Every user chain goes, and so does every built-in chain that may (empty, policy ACCEPT).
      const users = [...table.chains.values()].filter((c) => !c.builtin);
      const out = cmd.verbose ? users.map((c) => `Deleting chain \`${c.name}'\n`).join('') : '';
      const busy = users.find((c) => c.rules.length > 0 || c.references > 0);
      if (busy) throw kernelError('CHAIN_DEL', ERRNO.EBUSY, `chain ${busy.name}`).withStdout(out);
      for (const c of users) deleteUserChain(table, c);
      for (const c of table.chains.values()) {
        if (c.builtin && c.registered !== false && c.rules.length === 0 && c.policy !== 'DROP') {
          unregisterBuiltin(c);
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
