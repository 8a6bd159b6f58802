// write-rule questions: a learner's iptables lines run between the question's setup and its
// probe, in the engine, then the goals are checked on what happened (ping replies, captured
// lines, counters). Every rule set that makes the goals true passes, not one spelling.
// Learner text is untrusted: its size is bounded before anything runs, and every problem comes
// back as a message with the learner's own line number, never as a throw.

import { parseIpv4, formatIpv4 } from '../net/addr.ts';
import type { World } from '../net/world.ts';
import { executeScript } from '../cli/shell.ts';
import { parseScript } from '../cli/script.ts';
import { lineFromFrame } from '../grading/capture.ts';
import { Lru } from '../net/lru.ts';
import { ruleLines } from './template.ts';
import type { Goal, LineMatch, QuestionVariant } from './types.ts';

/** Longest learner text looked at (characters); anything longer is refused unread. */
export const MAX_RULES_TEXT = 20_000;
/** Longest single learner line. */
const MAX_RULE_LINE = 1_000;

export interface GoalResult {
  readonly goal: Goal;
  readonly met: boolean;
  /** What the goal asks, in words. */
  readonly description: string;
  /** What happened, when the goal was not met. */
  readonly observed?: string;
}

/** Why a learner's text was refused: misconception labels count these kinds. */
type RefusalKind = 'too-long' | 'not-iptables' | 'refused' | 'probe-failed';

type WriteRuleRun =
  /** The learner's text was refused (too long, not iptables, a line iptables refuses) or broke the probe. */
  | { readonly ok: false; readonly kind: RefusalKind; readonly line?: number; readonly message: string }
  | { readonly ok: true; readonly goals: readonly GoalResult[] };

interface ComposedScript {
  readonly source: string;
  /** Script line -> learner line (1-based) for the learner's rules. */
  readonly learnerLine: ReadonlyMap<number, number>;
  readonly setupLines: number;
  readonly firstProbeLine: number;
}

function lineCount(text: string): number {
  return text.replace(/\n+$/, '').split(/\r?\n/).length;
}

/** Checks learner lines without running them; returns the rule lines or a refusal. */
function checkRuleText(
  text: string,
  maxRules: number,
): { ok: true; lines: { line: number; text: string }[] } | { ok: false; kind: RefusalKind; line?: number; message: string } {
  if (text.length > MAX_RULES_TEXT) return { ok: false, kind: 'too-long', message: `the answer is ${text.length} characters long; at most ${MAX_RULES_TEXT} are read` };
  const lines = ruleLines(text);
  if (lines.length > maxRules) return { ok: false, kind: 'too-long', message: `${lines.length} command lines; this question takes at most ${maxRules}` };
  for (const l of lines) {
    if (l.text.length > MAX_RULE_LINE) return { ok: false, kind: 'too-long', line: l.line, message: `line ${l.line} is ${l.text.length} characters long (at most ${MAX_RULE_LINE})` };
    if (!/^iptables(\s|$)/.test(l.text)) {
      const first = l.text.split(/\s+/)[0] ?? '';
      const hint = /^ip$/.test(first) && /\bnetns\s+exec\b/.test(l.text) ? ' (write the iptables command alone: it already runs in the question\'s namespace)' : '';
      return { ok: false, kind: 'not-iptables', line: l.line, message: `line ${l.line}: each line is an iptables command; "${first.slice(0, 40)}" is not${hint}` };
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(l.text)) return { ok: false, kind: 'refused', line: l.line, message: `line ${l.line} holds a control character` };
    if (/\\\s*$/.test(l.text)) return { ok: false, kind: 'refused', line: l.line, message: `line ${l.line}: a line may not end with \\ (write each command on one line)` };
  }
  return { ok: true, lines };
}

/** setup + the rules (in the question's namespace) + probe, with the learner's line numbers kept. */
function composeScript(q: Pick<QuestionVariant, 'setup' | 'probe' | 'ns'>, rules: readonly { line: number; text: string }[]): ComposedScript {
  const setup = (q.setup ?? '').replace(/\n+$/, '');
  const setupLines = setup === '' ? 0 : lineCount(setup);
  const prefix = q.ns && q.ns !== 'default' ? `ip netns exec ${q.ns} ` : '';
  const learnerLine = new Map<number, number>();
  const body: string[] = setup === '' ? [] : [setup];
  rules.forEach((r, i) => {
    body.push(`${prefix}${r.text}`);
    learnerLine.set(setupLines + i + 1, r.line);
  });
  body.push(q.probe ?? '');
  return { source: `${body.join('\n')}\n`, learnerLine, setupLines, firstProbeLine: setupLines + rules.length + 1 };
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

function matchText(m: LineMatch): string {
  const parts: string[] = [];
  if (m.kind) parts.push(m.kind);
  if (m.src) parts.push(`from ${m.src}`);
  if (m.dst) parts.push(`to ${m.dst}`);
  return parts.length === 0 ? 'any line' : parts.join(' ');
}

/** The goal in words. */
export function describeGoal(goal: Goal, probe = ''): string {
  if ('ping' in goal) {
    let cmd = '';
    try {
      const pings = parseScript(probe).filter((c) => c.argv[0] === 'ping');
      const c = pings[goal.ping - 1];
      if (c) cmd = ` (${c.ns === 'default' ? '' : `ip netns exec ${c.ns} `}${c.text})`;
    } catch {
      // the probe is the author's and parses; no command text is no harm
    }
    return `the ${ordinal(goal.ping)} ping of the probe${cmd} gets ${goal.replies ? 'at least one reply' : 'no reply'}`;
  }
  if ('capture' in goal) {
    const quant = goal.expect === 'all' ? 'every IP line' : goal.expect === 'some' ? 'at least one IP line' : 'no IP line';
    return `${quant} captured on ${goal.capture} is ${matchText(goal.match)}`;
  }
  const c = goal.counter;
  const which = `${c.ns ?? 'default'} ${c.table ?? 'filter'} ${c.chain} ${c.policy ? 'policy' : `rule ${c.rule}`}`;
  const n = goal.packets !== undefined ? `exactly ${goal.packets}` : `at least ${goal.packetsAtLeast}`;
  return `the counter of ${which} shows ${n} packet(s)`;
}

/** Whether a captured line has every field the match names (addresses compared normalized). */
export function lineMatches(line: { kind: string; src: string; dst: string }, m: LineMatch): boolean {
  const norm = (a: string): string => {
    const v = parseIpv4(a.trim());
    return v === undefined ? a.trim() : formatIpv4(v);
  };
  return (m.kind === undefined || line.kind === m.kind) && (m.src === undefined || line.src === norm(m.src)) && (m.dst === undefined || line.dst === norm(m.dst));
}

/** The pings of a run in the order their commands ran (ids are handed out in order). */
function pingsOf(world: World): { received: number; transmitted: number }[] {
  return [...world.namespaces.values()].flatMap((ns) => ns.pings).sort((a, b) => a.id - b.id);
}

function checkGoal(goal: Goal, world: World, pingsBeforeProbe: number, probe: string): GoalResult {
  const description = describeGoal(goal, probe);
  if ('ping' in goal) {
    const ping = pingsOf(world)[pingsBeforeProbe + goal.ping - 1];
    if (!ping) return { goal, met: false, description, observed: `the probe has no ${ordinal(goal.ping)} ping` };
    const met = goal.replies ? ping.received > 0 : ping.received === 0;
    return met ? { goal, met, description } : { goal, met, description, observed: `${ping.received} of ${ping.transmitted} request(s) got a reply` };
  }
  if ('capture' in goal) {
    const id = goal.capture.trim().split(/\s+/).join(' ');
    const capture = world.captures.find((c) => `${c.ns} ${c.dev.name}` === id);
    if (!capture) return { goal, met: false, description, observed: `no capture on ${id}` };
    const lines = capture.frames.map(lineFromFrame).filter((l) => !l.kind.startsWith('arp-'));
    const matching = lines.filter((l) => lineMatches(l, goal.match)).length;
    const met = goal.expect === 'all' ? lines.length > 0 && matching === lines.length : goal.expect === 'some' ? matching > 0 : matching === 0;
    return met ? { goal, met, description } : { goal, met, description, observed: `${matching} of ${lines.length} IP line(s) match` };
  }
  const c = goal.counter;
  const ns = world.namespaces.get(c.ns ?? 'default');
  const chain = ns?.tables.get((c.table ?? 'filter') as 'filter')?.chains.get(c.chain);
  let packets: number | undefined;
  let observed: string | undefined;
  if (!ns) observed = `there is no namespace ${c.ns}`;
  else if (!chain) observed = `there is no chain ${c.chain} in table ${c.table ?? 'filter'}`;
  else if (c.policy) packets = chain.builtin ? chain.policyCounters.packets : undefined;
  else {
    const rule = chain.rules[(c.rule ?? 0) - 1];
    if (rule) packets = rule.counters.packets;
    else observed = `${c.chain} has ${chain.rules.length} rule(s), no rule ${c.rule}`;
  }
  if (packets === undefined) return { goal, met: false, description, observed: observed ?? `${c.chain} has no policy` };
  const met = goal.packets !== undefined ? packets === goal.packets : packets >= (goal.packetsAtLeast ?? 0);
  return met ? { goal, met, description } : { goal, met, description, observed: `it shows ${packets}` };
}

function scenarioError(q: QuestionVariant, line: number, message: string, what: string): Error {
  return new Error(`quiz ${q.quizId}, question ${q.id}, seed "${q.seed ?? '?'}": ${what} line ${line}: ${message.trim()}`);
}

const runs = new Lru<string, WriteRuleRun>(1_000);

/**
 * Runs learner rules (or the solution) for a write-rule variant. Throws only when the
 * question's own setup or probe is broken (an author's error, named with quiz, question, seed
 * and line); everything the learner did wrong is a `{ ok: false }` or an unmet goal.
 */
export function runWriteRule(q: QuestionVariant, rulesText: string): WriteRuleRun {
  const checked = checkRuleText(rulesText, q.maxRules ?? 20);
  if (!checked.ok) return checked;
  const script = composeScript(q, checked.lines);
  const key = `${q.quizId}/${q.id}\u0000${JSON.stringify(q.goals)}\u0000${script.source}`;
  return runs.getOrCompute(key, () => {
    const run = executeScript(script.source, { trace: false });
    const setupPings = parseScript(`${(q.setup ?? '').replace(/\n+$/, '')}\n`).filter((c) => c.argv[0] === 'ping').length;
    if (run.error) {
      const { line, message } = run.error;
      const learner = script.learnerLine.get(line);
      if (learner !== undefined) return { ok: false, kind: 'refused', line: learner, message: `line ${learner}: ${message.trim()}` };
      if (line <= script.setupLines) throw scenarioError(q, line, message, 'setup');
      // The probe is the author's, but the learner's rules may be what broke it (a jump loop,
      // a flood): it is the learner's answer that fails, not the question.
      return { ok: false, kind: 'probe-failed', message: `with these rules the probe failed (its line ${line - script.firstProbeLine + 1}): ${message.trim()}` };
    }
    return { ok: true, goals: (q.goals ?? []).map((g) => checkGoal(g, run.world, setupPings, q.probe ?? '')) };
  });
}

/** The script conformance runs on the kernel for a write-rule variant: setup + solution + probe. */
export function solutionScript(q: QuestionVariant): string {
  const checked = checkRuleText(q.solution ?? '', q.maxRules ?? 20);
  if (!checked.ok) throw new Error(`quiz ${q.quizId}, question ${q.id}, seed "${q.seed ?? '?'}": solution: ${checked.message}`);
  return composeScript(q, checked.lines).source;
}

