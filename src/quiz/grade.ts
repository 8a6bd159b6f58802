// Grading a learner's answer against the engine's (docs/quiz-format.md, the score column of
// the question-type table), with partial credit, feedback lines and misconception labels.
// Answers come from untrusted files: a wrong shape is graded as unanswered with a message,
// never thrown. Only a broken question variant (the author's scenario fails) throws.

import { formatIpv4, parseIpv4 } from '../net/addr.ts';
import { askedFields, CAPTURE_FIELDS, parseCaptureFields, formatCaptureLine, gradeCapture as gradeCaptureLines, gradedFields, LINE_KINDS, type CaptureField, type CaptureLine, type LineKind } from '../grading/capture.ts';
import { gradeSequence } from '../grading/align.ts';
import {
  CONNTRACK_ALWAYS,
  HOOK_FIELDS,
  HOOK_NAMES,
  gradeConntrack,
  parseConntrackList,
  type ConntrackEntryFields,
  type ConntrackField,
  type HookStep,
} from '../grading/path.ts';
import type { HookName } from '../net/netfilter/rule.ts';
import { CATALOGUE } from '../grading/catalogue.ts';
import { matchMisconceptions, type GradedAnswer } from '../grading/misconceptions.ts';
import { addressOwner, expectedAnswer, questionChoices, variantFacts, type CounterOption } from './expected.ts';
import { describeGoal, lineMatches, runWriteRule, MAX_RULES_TEXT } from './write-rule.ts';
import { optionIsCorrect, optionIsTrap } from './seal.ts';
import { ruleLines } from './template.ts';
import { gradeStateAnswer } from './state.ts';
import type { Answer, QuestionGrade, QuestionVariant, QuizVariant, Scored } from './types.ts';

/** Most items a list answer may hold (lines, steps, selections): more is a malformed answer. */
const MAX_ITEMS = 500;
const MAX_FIELD = 200;

type Shape<T> = { ok: true; value: T } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function listOf<T>(answer: unknown, key: string, item: (v: unknown, i: number) => Shape<T>): Shape<T[]> {
  if (!isRecord(answer)) return { ok: false, error: 'the answer is not an object' };
  const list = answer[key];
  if (!Array.isArray(list)) return { ok: false, error: `the answer has no "${key}" list` };
  if (list.length > MAX_ITEMS) return { ok: false, error: `the answer's "${key}" list has ${list.length} items (at most ${MAX_ITEMS})` };
  const out: T[] = [];
  for (const [i, v] of list.entries()) {
    const r = item(v, i);
    if (!r.ok) return r;
    out.push(r.value);
  }
  return { ok: true, value: out };
}

function shortString(v: unknown, what: string): Shape<string> {
  if (typeof v !== 'string') return { ok: false, error: `${what} is not text` };
  if (v.length > MAX_FIELD) return { ok: false, error: `${what} is too long` };
  return { ok: true, value: v };
}

/** Addresses as the engine writes them ("10.0.0.1"); anything else kept as typed (it will be wrong). */
function normAddress(a: string): string {
  const v = parseIpv4(a.trim());
  return v === undefined ? a.trim() : formatIpv4(v);
}

function captureLinesShape(answer: unknown): Shape<CaptureLine[]> {
  return listOf(answer, 'lines', (v, i) => {
    if (!isRecord(v)) return { ok: false, error: `line ${i + 1} is not an object` };
    if (typeof v.kind !== 'string' || !(LINE_KINDS as readonly string[]).includes(v.kind)) return { ok: false, error: `line ${i + 1} has no known kind` };
    const src = shortString(v.src, `the source of line ${i + 1}`);
    if (!src.ok) return src;
    const dst_ = shortString(v.dst, `the destination of line ${i + 1}`);
    if (!dst_.ok) return dst_;
    const num = (k: 'id' | 'seq' | 'ack'): { [key: string]: number } => (typeof v[k] === 'number' && Number.isInteger(v[k]) && (v[k] as number) >= 0 ? { [k]: v[k] as number } : {});
    const flags = typeof v.flags === 'string' && v.flags.length <= 8 ? { flags: v.flags } : {};
    // An ARP reply typed as tcpdump prints it names no destination ('').
    const dst = v.kind === 'arp-reply' && dst_.value.trim() === '' ? '' : normAddress(dst_.value);
    return { ok: true, value: { kind: v.kind as LineKind, src: normAddress(src.value), dst, ...num('id'), ...num('seq'), ...num('ack'), ...flags } };
  });
}

function stepsShape(answer: unknown, defaultNs: string): Shape<HookStep[]> {
  return listOf(answer, 'steps', (v, i) => {
    if (!isRecord(v)) return { ok: false, error: `step ${i + 1} is not an object` };
    const hook = typeof v.hook === 'string' ? v.hook.toUpperCase() : undefined;
    if (hook === undefined || !(HOOK_NAMES as readonly string[]).includes(hook)) return { ok: false, error: `step ${i + 1} names no hook` };
    const ns = v.ns === undefined ? { ok: true as const, value: defaultNs } : shortString(v.ns, `the namespace of step ${i + 1}`);
    if (!ns.ok) return ns;
    return { ok: true, value: { ns: ns.value.trim() || defaultNs, hook: hook as HookName } };
  });
}

function selectedShape(answer: unknown): Shape<string[]> {
  return listOf(answer, 'selected', (v, i) => shortString(v, `selection ${i + 1}`));
}

function textShape(answer: unknown, max: number): Shape<string> {
  if (!isRecord(answer)) return { ok: false, error: 'the answer is not an object' };
  if (typeof answer.text !== 'string') return { ok: false, error: 'the answer has no "text"' };
  if (answer.text.length > max) return { ok: false, error: `the answer's text is ${answer.text.length} characters long (at most ${max})` };
  return { ok: true, value: answer.text };
}

function stateShape(answer: unknown): Shape<Extract<Answer, { state: string }>> {
  if (!isRecord(answer)) return { ok: false, error: 'the answer is not an object' };
  const state = shortString(answer.state, 'the state');
  if (!state.ok) return state;
  for (const flag of ['unreplied', 'assured'] as const) {
    if (answer[flag] !== undefined && typeof answer[flag] !== 'boolean') return { ok: false, error: `${flag} is not true or false` };
  }
  return { ok: true, value: { state: state.value.trim(), ...(answer.unreplied === true ? { unreplied: true } : {}), ...(answer.assured === true ? { assured: true } : {}) } };
}

function choicesShape(answer: unknown, count: number): Shape<number[]> {
  const r = listOf(answer, 'choices', (v, i): Shape<number> =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < count ? { ok: true, value: v } : { ok: false, error: `choice ${i + 1} is not one of the ${count} options` },
  );
  if (!r.ok) return r;
  return { ok: true, value: [...new Set(r.value)] };
}

// --- Labels ----------------------------------------------------------------------------------

const oneSpace = (s: string): string => s.trim().split(/\s+/).join(' ');

/**
 * Replaces the variant's parameter values by {{name}} in a label, so that the same mistake in
 * two variants is the same label ("capture point: chose default {{wan}}").
 */
function generalize(q: QuestionVariant, text: string): string {
  const entries = Object.entries(q.values)
    .filter(([, v]) => v.length >= 2 && !KEEP.has(v))
    .sort((a, b) => b[1].length - a[1].length);
  let out = text;
  for (const [name, value] of entries) {
    if (!out.includes(value)) continue;
    const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![A-Za-z0-9_-])${escaped}(?![A-Za-z0-9_-])`, 'g'), `{{${name}}}`);
  }
  return out;
}

/** Words that mean the same in every variant even when a parameter picks them (hooks, tables, the default namespace). */
const KEEP = new Set<string>([...HOOK_NAMES, 'raw', 'mangle', 'nat', 'filter', 'default', ...LINE_KINDS]);

function truncate(s: string, n: number): string {
  const one = oneSpace(s);
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

/**
 * The catalogue's misconceptions (lessons/misconceptions.yaml) recognised in a graded answer:
 * their names are the labels (so the gradebook counts the same misconceptions lessons name),
 * and the items they explain get no generic label beside them. Quiz scenarios are not lesson
 * scenarios: only the entries that apply everywhere can match.
 */
function catalogueLabels(answer: GradedAnswer): { names: string[]; covered: Set<number> } {
  const matches = matchMisconceptions(CATALOGUE, '', answer);
  return { names: matches.map((m) => m.name), covered: new Set(matches.flatMap((m) => m.items)) };
}

// --- The grade ---------------------------------------------------------------------------------

function result(q: QuestionVariant, answered: boolean, p: Scored): QuestionGrade {
  let score = Math.min(1, Math.max(0, Number.isFinite(p.score) ? p.score : 0));
  if (p.nonAnswer !== undefined) {
    p.feedback.unshift(`${p.nonAnswer}: no credit`);
    // A blank answer's hints already say what is missing; ticking everything or leaving the order as given needs saying.
    if (!p.nonAnswer.startsWith('no ') || p.hints.length === 0) p.hints.push(`${p.nonAnswer}: no credit`);
    score = 0;
  } else if (p.keyMissed && score > 0) {
    // The hints already say which field is wrong; the feedback (teacher, reveal) says why it costs everything.
    score = 0;
    const what = q.keyPoint?.what.trim() ?? 'the decisive part';
    p.feedback.unshift(`the key point is wrong (${what}): no credit for the rest`);
  }
  const points = q.points;
  return {
    key: q.key,
    type: q.type,
    score,
    points,
    earned: round(score * points),
    answered,
    feedback: p.feedback,
    hints: p.hints,
    // In the variant's own words, then generalized so the same mistake in two variants counts once.
    misconceptions: [...new Set(p.misconceptions.map((m) => generalize(q, m)))],
  };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

function ratio(right: number, total: number): number {
  return total === 0 ? 1 : right / total;
}

/**
 * Hints for a graded sequence (capture lines, hook steps) in the learner's own numbering: each
 * item of theirs by `each`, and each run of missing items as "a line is missing after line 2",
 * saying where, never what.
 */
function sequenceHints<T extends { readonly status: string }>(items: readonly T[], one: string, many: string, each: (item: T, n: number) => string[]): string[] {
  const total = items.filter((i) => i.status !== 'missing').length;
  const hints: string[] = [];
  let seen = 0;
  let missing = 0;
  const flush = (): void => {
    if (missing === 0) return;
    const what = missing === 1 ? `a ${one} is missing` : `${missing} ${many} are missing`;
    hints.push(total === 0 ? what : seen === 0 ? `${what} before ${one} 1` : `${what} after ${one} ${seen}`);
    missing = 0;
  };
  for (const item of items) {
    if (item.status === 'missing') {
      missing++;
      continue;
    }
    flush();
    seen++;
    hints.push(...each(item, seen));
  }
  flush();
  return hints;
}

function gradeCapture(q: QuestionVariant, predicted: readonly CaptureLine[]): Scored {
  const e = expectedAnswer(q);
  if (e.type !== 'capture') throw new Error('unreachable');
  const model = variantFacts(q).model;
  const role = (a: string): string => {
    const owner = addressOwner(model, a);
    return owner ? `${owner}'s address` : 'an address of no namespace';
  };
  const asked = askedFields(e.lines, parseCaptureFields(q.fields));
  const g = gradeCaptureLines(predicted, e.lines, asked);
  // Scored on kind, source, destination and the fields the question asks; a field the learner
  // states unasked counts only when it is wrong (who writes "seq 1" four times means it).
  const fieldsOf = (l: CaptureLine, marks?: Partial<Record<CaptureField, string>>): CaptureField[] =>
    gradedFields(l, asked).filter((f) => (CAPTURE_FIELDS as readonly string[]).includes(f) || asked.includes(f as never) || marks?.[f] === 'wrong');
  let right = 0;
  let total = 0;
  const feedback: string[] = [];
  const named = catalogueLabels({ on: 'capture', grade: g, elsewhere: {}, natTargets: [] });
  const misconceptions: string[] = [...named.names];
  // Generic labels only for the lines no catalogue entry explains.
  const label = (i: number, text: string): void => {
    if (!named.covered.has(i)) misconceptions.push(text);
  };
  g.items.forEach((item, i) => {
    const n = `line ${i + 1}`;
    if (item.status === 'extra') {
      total += fieldsOf(item.predicted!).length;
      feedback.push(`${n}: tcpdump prints no such line here (${formatCaptureLine(item.predicted!)})`);
      label(i, `capture: an extra ${item.predicted!.kind} line`);
      return;
    }
    total += fieldsOf(item.predicted ?? item.expected!, item.fields).length;
    if (item.status === 'missing') {
      feedback.push(`${n}: missing: ${formatCaptureLine(item.expected!)}`);
      label(i, `capture: missed the ${item.expected!.kind} line`);
      return;
    }
    for (const f of fieldsOf(item.predicted!, item.fields)) if (item.fields[f] === 'right') right++;
    if (item.status === 'wrong') {
      const p = item.predicted!;
      const x = item.expected!;
      if (item.fields.kind === 'wrong') {
        feedback.push(`${n}: the kind is ${x.kind}, not ${p.kind}`);
        label(i, `capture: ${x.kind} taken for ${p.kind}`);
      }
      for (const f of ['src', 'dst'] as const) {
        if (item.fields[f] !== 'wrong') continue;
        const word = f === 'src' ? 'source' : 'destination';
        feedback.push(`${n}: the ${word} is ${x[f]}, not ${p[f]}`);
        const [rp, rx] = [role(p[f]), role(x[f])];
        label(i, rp === rx ? `capture: ${word} of ${x.kind}: another address of ${rx.replace(/'s address$/, '')}` : `capture: ${word} of ${x.kind}: ${rp} instead of ${rx}`);
      }
      for (const f of ['id', 'seq', 'ack', 'flags'] as const) {
        if (item.fields[f] !== 'wrong' || !fieldsOf(p, item.fields).includes(f)) continue;
        feedback.push(`${n}: the ${f} is ${x[f] ?? '(none)'}, not ${p[f] ?? '(none)'}`);
        label(i, `capture: wrong ${f} of ${x.kind}`);
      }
    }
  });
  const hints = sequenceHints(g.items, 'line', 'lines', (item, n) => {
    if (item.status === 'extra') return [`line ${n}: tcpdump prints no such line here`];
    if (item.status !== 'wrong') return [];
    const words: Record<CaptureField, string> = { kind: 'kind', src: 'source', dst: 'destination', id: 'id', seq: 'seq', ack: 'ack', flags: 'flags' };
    return fieldsOf(item.predicted!, item.fields).filter((f) => item.fields[f] === 'wrong').map((f) => `line ${n}: the ${words[f]} is wrong`);
  });
  if (feedback.length === 0) feedback.push('every line right');
  if (hints.length === 0) hints.push('every line right');
  const k = q.keyPoint;
  // Every expected line the key point is about must be there with its key fields right, and no line of that kind may be added.
  const keyMissed =
    k?.fields !== undefined &&
    g.items.some((item) =>
      item.status === 'extra'
        ? lineMatches(item.predicted!, k.lines ?? {})
        : item.expected !== undefined &&
          lineMatches(item.expected, k.lines ?? {}) &&
          // A missing line has no marks (missed); a field its kind does not carry (seq on ARP) is not graded.
          (item.status === 'missing' || k.fields!.some((f) => {
            const mark = (item.fields as Record<string, string | undefined>)[f];
            return mark !== undefined ? mark !== 'right' : CAPTURE_FIELDS.includes(f as CaptureField);
          })),
    );
  return { score: ratio(right, total), feedback, hints, misconceptions, keyMissed };
}

function gradeHooksQ(q: QuestionVariant, predicted: readonly HookStep[]): Scored {
  const e = expectedAnswer(q);
  if (e.type !== 'hooks' && e.type !== 'order-hooks') throw new Error('unreachable');
  const g = gradeSequence(predicted, e.steps, HOOK_FIELDS);
  let right = 0;
  let total = 0;
  const feedback: string[] = [];
  const named = catalogueLabels({ on: 'hooks', grade: g });
  const misconceptions: string[] = [...named.names];
  const label = (i: number, text: string): void => {
    if (!named.covered.has(i)) misconceptions.push(text);
  };
  const name = (s: HookStep): string => `${s.hook} (${s.ns})`;
  g.items.forEach((item, i) => {
    const n = `step ${i + 1}`;
    total += HOOK_FIELDS.length;
    if (item.status === 'extra') {
      feedback.push(`${n}: the packet does not go through ${name(item.predicted!)} here`);
      label(i, `hook: an extra ${name(item.predicted!)}`);
      return;
    }
    if (item.status === 'missing') {
      feedback.push(`${n}: missing: ${name(item.expected!)}`);
      label(i, `hook: missed ${name(item.expected!)}`);
      return;
    }
    for (const f of HOOK_FIELDS) if (item.fields[f] === 'right') right++;
    if (item.status === 'wrong') {
      const p = item.predicted!;
      const x = item.expected!;
      feedback.push(`${n}: ${name(x)}, not ${name(p)}`);
      if (p.ns === x.ns) label(i, `hook: ${p.hook} where the packet meets ${x.hook} (${x.ns})`);
      else if (p.hook === x.hook) label(i, `hook: ${x.hook} placed in ${p.ns} instead of ${x.ns}`);
      else label(i, `hook: ${name(p)} where the packet meets ${name(x)}`);
    }
  });
  const hints = sequenceHints(g.items, 'step', 'steps', (item, n) => {
    if (item.status === 'extra') return [`step ${n}: the packet does not meet this hook here`];
    if (item.status !== 'wrong') return [];
    if (item.fields.hook === 'wrong' && item.fields.ns === 'wrong') return [`step ${n}: the hook and its namespace are wrong`];
    return [item.fields.hook === 'wrong' ? `step ${n}: the hook is wrong` : `step ${n}: the namespace is wrong`];
  });
  if (feedback.length === 0) feedback.push('every hook right, in order');
  if (hints.length === 0) hints.push('every hook right, in order');
  // The key hook: every place the packet meets it must be right, and it may not be added where the packet does not meet it.
  const isKey = (s: HookStep | undefined): boolean => s !== undefined && s.hook === q.keyPoint?.hook && (q.keyPoint.ns === undefined || s.ns === q.keyPoint.ns);
  // A hook the packet does not meet, added in the key hook's namespace, hedges on the key point too (INPUT and FORWARD both).
  const keyNs = q.keyPoint?.ns;
  const keyMissed = g.items.some(
    (item) => ((isKey(item.expected) || isKey(item.predicted)) && item.status !== 'right') || (item.status === 'extra' && q.keyPoint?.hook !== undefined && (keyNs === undefined || item.predicted!.ns === keyNs)),
  );
  return { score: ratio(right, total), feedback, hints, misconceptions, keyMissed };
}

function gradeOrder(q: QuestionVariant, predicted: readonly HookStep[]): Scored {
  const e = expectedAnswer(q);
  if (e.type !== 'order-hooks') throw new Error('unreachable');
  const expected = e.steps;
  const key = (s: HookStep): string => `${s.ns}\u0000${s.hook}`;
  const feedback: string[] = [];
  const hints: string[] = [];
  const misconceptions: string[] = [];
  const sorted = (list: readonly HookStep[]): string => list.map(key).sort().join('\u0001');
  const given = questionChoices(q).shuffledHooks ?? [];
  if (predicted.length > 0 && predicted.length === given.length && predicted.every((s, i) => key(s) === key(given[i]!))) {
    return { score: 0, feedback, hints, misconceptions: [], nonAnswer: 'the hooks are left as given' };
  }
  const setWrong = sorted(predicted) !== sorted(expected);
  if (setWrong) {
    const extra = predicted.filter((s) => !expected.some((x) => key(x) === key(s)));
    for (const s of extra) misconceptions.push(`order: kept ${s.hook} (${s.ns}), which the packet does not meet`);
    feedback.push(`keep exactly the hooks the packet meets, each once${extra.length ? `; it does not meet ${extra.map((s) => `${s.hook} (${s.ns})`).join(', ')}` : ''}`);
    hints.push('keep exactly the hooks the packet meets, each once, and leave the others out');
  }
  let right = 0;
  expected.forEach((x, i) => {
    const p = predicted[i];
    if (p && key(p) === key(x)) {
      right++;
      return;
    }
    const at = predicted.findIndex((s, j) => key(s) === key(x) && key(expected[j] ?? x) !== key(s));
    feedback.push(`position ${i + 1}: ${x.hook} (${x.ns})${p ? `, not ${p.hook} (${p.ns})` : ''}`);
    hints.push(p ? `position ${i + 1} is wrong` : `position ${i + 1} is empty`);
    if (at >= 0) misconceptions.push(`order: ${x.hook} (${x.ns}) placed too ${at > i ? 'late' : 'early'}`);
    else misconceptions.push(`order: ${x.hook} (${x.ns}) left out`);
  });
  if (feedback.length === 0) feedback.push('the right order');
  if (hints.length === 0) hints.push('the right order');
  const k = q.keyPoint;
  const keyAt = (s: HookStep | undefined): boolean => s !== undefined && s.hook === k?.hook && (k.ns === undefined || s.ns === k.ns);
  const keyMissed = setWrong || expected.some((x, i) => keyAt(x) && (predicted[i] === undefined || key(predicted[i]!) !== key(x)));
  return { score: setWrong ? 0 : ratio(right, Math.max(expected.length, predicted.length)), feedback, hints, misconceptions, keyMissed };
}

function optionName(o: CounterOption, ns: string, table: string): string {
  const where = `${ns === 'default' ? '' : `${ns} `}${table === 'filter' ? '' : `${table} `}`;
  return `${where}${o.chain} ${o.policy ? 'policy' : `rule ${o.rule}`}`;
}

/**
 * A checkbox answer's score: (right ticks - wrong ticks) / ticks the answer needs, never below
 * 0, so that ticking at random or ticking more to be safe earns (almost) nothing. For multiple
 * choice (`missedCosts`), each right option left out counts as a wrong tick too.
 */
function setScore(options: readonly string[], truth: ReadonlySet<string>, chosen: ReadonlySet<string>, missedCosts = false): number {
  let tp = 0;
  let fp = 0;
  for (const id of options) {
    if (!chosen.has(id)) continue;
    if (truth.has(id)) tp++;
    else fp++;
  }
  const needed = options.filter((id) => truth.has(id)).length;
  if (needed === 0) return fp === 0 ? 1 : 0;
  // Multiple choice: a right statement left out costs as much as a wrong one chosen.
  const fn = missedCosts ? needed - tp : 0;
  return Math.max(0, (tp - fp - fn) / needed);
}

/**
 * Nothing ticked, or every box ticked (when there is more than one, and not every one is
 * right): not an answer. Messages about a blank answer start with "no ".
 */
function setNonAnswer(options: readonly string[], chosen: ReadonlySet<string>, what: string, truth: ReadonlySet<string>): string | undefined {
  const ticked = options.filter((id) => chosen.has(id)).length;
  if (ticked === 0) return `no ${what} ticked`;
  if (options.length > 1 && ticked === options.length && options.some((id) => !truth.has(id))) return `every ${what} ticked`;
  return undefined;
}

/** The counter options a counters question's key point names ("CHAIN N", "CHAIN policy", "CHAIN"). */
function keyCounterIds(q: QuestionVariant, options: readonly CounterOption[]): Set<string> {
  const out = new Set<string>();
  for (const spec of q.keyPoint?.counters ?? []) {
    const [chain, which] = oneSpace(spec).split(' ');
    for (const o of options) {
      if (o.chain !== chain) continue;
      if (which === undefined || (which === 'policy' ? o.policy === true : o.rule === Number(which))) out.add(o.id);
    }
  }
  return out;
}

function gradeCounters(q: QuestionVariant, selected: readonly string[]): Scored {
  const e = expectedAnswer(q);
  if (e.type !== 'counters') throw new Error('unreachable');
  const ids = new Set(e.options.map((o) => o.id));
  const chosen = new Set(selected.map(oneSpace));
  const moved = new Set(e.moved);
  const feedback: string[] = [];
  const named = catalogueLabels({ on: 'counters', rows: e.options.map((o) => ({ rule: o.label, said: chosen.has(o.id), moved: moved.has(o.id) })) });
  const misconceptions: string[] = [...named.names];
  const unknown = [...chosen].filter((s) => !ids.has(s));
  if (unknown.length > 0) feedback.push(`not an option, ignored: ${unknown.slice(0, 5).map((s) => `"${truncate(s, 60)}"`).join(', ')}`);
  // The learner's own selections, never the answer's: the same line as a hint.
  const hints: string[] = [...feedback];
  const keyIds = keyCounterIds(q, e.options);
  let keyMissed = false;
  for (const [i, o] of e.options.entries()) {
    const said = chosen.has(o.id);
    const does = moved.has(o.id);
    if (said === does) continue;
    if (keyIds.has(o.id)) keyMissed = true;
    const covered = named.covered.has(i);
    const name = optionName(o, q.ns ?? 'default', q.table ?? 'filter');
    const packets = e.packets[o.id] ?? 0;
    hints.push(`${name} (${o.label}): wrong`);
    if (said) {
      feedback.push(`${name} (${o.label}) counts no packet`);
      if (!covered) misconceptions.push(`counters: said ${name} counts, it does not`);
    } else {
      feedback.push(`${name} (${o.label}) counts ${packets} packet(s)`);
      if (!covered) misconceptions.push(`counters: missed ${name}`);
    }
  }
  if (feedback.length === 0) feedback.push('every counter right');
  if (hints.length === 0) hints.push('every counter right');
  const optionIds = e.options.map((o) => o.id);
  return { score: setScore(optionIds, moved, chosen), feedback, hints, misconceptions, keyMissed, nonAnswer: setNonAnswer(optionIds, chosen, 'rule or policy', moved) };
}

const CONNTRACK_WORDS: Partial<Record<ConntrackField, string>> = {
  origSrc: 'original source',
  origDst: 'original destination',
  replySrc: 'reply source',
  replyDst: 'reply destination',
};

/** A conntrack field in a hint: "the reply source", "[UNREPLIED]", "the original destination port". */
function conntrackHintWord(field: ConntrackField): string {
  const known = CONNTRACK_WORDS[field];
  if (known) return `the ${known}`;
  if (field === 'unreplied' || field === 'assured') return `[${field.toUpperCase()}]`;
  if (field === 'proto') return 'the protocol';
  const m = /^(orig|reply)(Sport|Dport|Type|Code|Id)$/.exec(field);
  if (!m) return `the ${field}`;
  const part: Record<string, string> = { Sport: 'source port', Dport: 'destination port', Type: 'type', Code: 'code', Id: 'id' };
  return `the ${m[1] === 'orig' ? 'original' : 'reply'} ${part[m[2]!]}`;
}

function gradeConntrackQ(q: QuestionVariant, text: string): Scored {
  const e = expectedAnswer(q);
  if (e.type !== 'conntrack') throw new Error('unreachable');
  const model = variantFacts(q).model;
  const role = (a: unknown): string => {
    const owner = typeof a === 'string' ? addressOwner(model, a) : undefined;
    return owner ? `${owner}'s address` : 'an address of no namespace';
  };
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_ITEMS) {
    const tooMany = `${lines.length} lines: at most ${MAX_ITEMS} are read`;
    return { score: 0, feedback: [tooMany], hints: [tooMany], misconceptions: [] };
  }
  const parsed = parseConntrackList(text);
  const feedback: string[] = parsed.errors.map((err) => `line ${err.line}: ${err.message}`);
  // Parse errors are about the learner's own text: hints as they are.
  const hints: string[] = [...feedback];
  // The line each parsed entry was typed on (parsed line by line with the same parser), so a
  // hint points at it: "entry 2 (line 4): the reply source is wrong".
  const entryLines = lines.flatMap((raw, i) => (parseConntrackList(raw).entries.length > 0 ? [i + 1] : []));
  const entryName = (p: ConntrackEntryFields | undefined): string => {
    const i = p ? parsed.entries.indexOf(p) : -1;
    return i < 0 ? 'an entry' : `entry ${i + 1}${entryLines[i] !== undefined ? ` (line ${entryLines[i]})` : ''}`;
  };
  let missingEntries = 0;
  const misconceptions: string[] = parsed.errors.length > 0 ? ['conntrack: a line that is not a conntrack entry'] : [];
  const g = gradeConntrack(parsed.entries, e.entries);
  let right = 0;
  let total = parsed.errors.length * CONNTRACK_ALWAYS.length;
  g.items.forEach((item) => {
    const marks = Object.entries(item.fields) as [ConntrackField, 'right' | 'wrong'][];
    total += marks.length;
    if (item.status === 'missing') {
      missingEntries++;
      feedback.push(`missing: an ${item.expected!.proto} entry ${item.expected!.orig.src} -> ${item.expected!.orig.dst}`);
      misconceptions.push(`conntrack: missed an ${item.expected!.proto} entry`);
      return;
    }
    if (item.status === 'extra' && item.duplicate) {
      // Beside an identical entry graded right, "no such entry" would be untrue.
      feedback.push(`this entry is already listed above: ${item.predicted!.proto} ${item.predicted!.orig.src} -> ${item.predicted!.orig.dst}`);
      hints.push(`${entryName(item.predicted)}: this entry is already listed above`);
      misconceptions.push(CATALOGUE.find((c) => c.id === 'conntrack-duplicate')?.name ?? 'conntrack: an entry listed twice');
      return;
    }
    if (item.status === 'extra') {
      feedback.push(`conntrack holds no such entry: ${item.predicted!.proto} ${item.predicted!.orig.src} -> ${item.predicted!.orig.dst}`);
      hints.push(`${entryName(item.predicted)}: conntrack holds no such entry`);
      misconceptions.push(`conntrack: an extra ${item.predicted!.proto} entry`);
      return;
    }
    for (const [field, mark] of marks) {
      if (mark === 'right') {
        right++;
        continue;
      }
      const p = item.predicted!;
      const x = item.expected!;
      const get = (en: typeof p, f: ConntrackField): unknown => {
        switch (f) {
          case 'unreplied':
            return en.unreplied;
          case 'zone':
            return en.zone;
          case 'proto':
            return en.proto;
          case 'state':
            return en.state;
          case 'mark':
            return en.mark;
          default: {
            const t = f.startsWith('orig') ? en.orig : en.reply;
            const k = f.replace(/^(orig|reply)/, '').toLowerCase() as keyof typeof t;
            return t[k];
          }
        }
      };
      const word = CONNTRACK_WORDS[field] ?? field;
      feedback.push(`entry ${x.orig.src} -> ${x.orig.dst}: ${word} is ${String(get(x, field))}, not ${String(get(p, field))}`);
      hints.push(`${entryName(p)}: ${conntrackHintWord(field)} is wrong`);
      if (field in CONNTRACK_WORDS) {
        const [rp, rx] = [role(get(p, field)), role(get(x, field))];
        misconceptions.push(rp === rx ? `conntrack: ${word}: another address of ${rx.replace(/'s address$/, '')}` : `conntrack: ${word}: ${rp} instead of ${rx}`);
      } else if (field === 'unreplied') misconceptions.push(x.unreplied ? 'conntrack: [UNREPLIED] left out' : 'conntrack: [UNREPLIED] where a reply was seen');
      else misconceptions.push(`conntrack: wrong ${field}`);
    }
  });
  if (missingEntries > 0) hints.push(missingEntries === 1 ? 'an entry is missing' : `${missingEntries} entries are missing`);
  if (feedback.length === 0) feedback.push('every entry right');
  if (hints.length === 0) hints.push('every entry right');
  const keyFields = q.keyPoint?.fields ?? [];
  // Every entry there must be found with its key fields right, and no entry conntrack does not hold may be added.
  const keyMissed =
    keyFields.length > 0 &&
    g.items.some((item) => item.status === 'extra' || (item.expected !== undefined && (item.status === 'missing' || keyFields.some((f) => (item.fields as Record<string, string>)[f] !== 'right'))));
  const nonAnswer = parsed.entries.length === 0 && e.entries.length > 0 ? 'no conntrack entry written' : undefined;
  return { score: ratio(right, total), feedback, hints, misconceptions, keyMissed, nonAnswer };
}

function gradeCapturePoint(q: QuestionVariant, selected: readonly string[]): Scored {
  const e = expectedAnswer(q);
  if (e.type !== 'capture-point') throw new Error('unreachable');
  const chosen = new Set(selected.map(oneSpace));
  const matching = new Set(e.matching);
  const feedback: string[] = [];
  const misconceptions: string[] = [];
  const unknown = [...chosen].filter((s) => !e.options.includes(s));
  if (unknown.length > 0) feedback.push(`not a capture point of this scenario, ignored: ${unknown.slice(0, 5).map((s) => `"${truncate(s, 60)}"`).join(', ')}`);
  const hints: string[] = [...feedback];
  const keyPoints = new Set((q.keyPoint?.points ?? e.options).map(oneSpace));
  let keyMissed = false;
  for (const id of e.options) {
    const said = chosen.has(id);
    const does = matching.has(id);
    if (said === does) continue;
    if (keyPoints.has(id)) keyMissed = true;
    feedback.push(does ? `${id} shows such a line` : `${id} shows no such line`);
    hints.push(`${id}: wrong`);
    misconceptions.push(`capture point: ${does ? 'missed' : 'chose'} ${generalize(q, id)}`);
  }
  if (feedback.length === 0) feedback.push('every capture point right');
  if (hints.length === 0) hints.push('every capture point right');
  return { score: setScore(e.options, matching, chosen), feedback, hints, misconceptions, keyMissed, nonAnswer: setNonAnswer(e.options, chosen, 'capture point', matching) };
}

function gradeChoice(q: QuestionVariant, choices: readonly number[]): Scored {
  const options = q.options ?? [];
  const chosen = new Set(choices);
  const feedback: string[] = [];
  // The options the learner picked that are wrong; the right ones left out only counted (naming them is the answer).
  const hints: string[] = [];
  const misconceptions: string[] = [];
  let missed = 0;
  const isRight = options.map((_, i) => optionIsCorrect(q, i));
  options.forEach((o, i) => {
    const said = chosen.has(i);
    if (said && !isRight[i]) {
      // Whole option texts (up to 200 characters): a learner must recognise the option.
      feedback.push(`"${truncate(o.text, 200)}": ${o.explanation.trim()}`);
      hints.push(`"${truncate(o.text, 200)}": not right`);
      misconceptions.push(`choice: picked "${truncate(generalize(q, o.text), 80)}"`);
    } else if (!said && isRight[i] && q.multiple) {
      missed++;
      feedback.push(`also right: "${truncate(o.text, 200)}": ${o.explanation.trim()}`);
      misconceptions.push(`choice: missed "${truncate(generalize(q, o.text), 80)}"`);
    }
  });
  if (missed > 0) hints.push(missed === 1 ? 'another option is right too' : `${missed} more options are right too`);
  if (!q.multiple) {
    const correct = choices.length === 1 && isRight[choices[0]!] === true;
    if (choices.length > 1) {
      feedback.unshift('choose one option');
      hints.unshift('choose one option');
    }
    if (correct) {
      feedback.push('right');
      hints.push('right');
    }
    return { score: correct ? 1 : 0, feedback, hints, misconceptions, nonAnswer: choices.length === 0 ? 'no option chosen' : undefined };
  }
  if (feedback.length === 0) feedback.push('right');
  if (hints.length === 0) hints.push('right');
  const ids = options.map((_, i) => String(i));
  const truth = new Set(ids.filter((_, i) => isRight[i]));
  const picked = new Set([...chosen].map(String));
  // Choosing an option a targeted misconception picks is missing the key point, however many right ones come with it.
  const keyMissed = [...chosen].some((i) => optionIsTrap(q, i));
  return { score: setScore(ids, truth, picked, true), feedback, hints, misconceptions, keyMissed, nonAnswer: setNonAnswer(ids, picked, 'option', truth) };
}

function gradeWriteRule(q: QuestionVariant, text: string): Scored {
  if (ruleLines(text).length === 0) {
    return { score: 0, feedback: [], hints: [], misconceptions: [], nonAnswer: 'no rule written (blank lines and # comments are not rules)' };
  }
  const run = runWriteRule(q, text);
  if (!run.ok) {
    const kind: Record<typeof run.kind, string> = {
      'too-long': 'too long an answer',
      'not-iptables': 'a line that is not an iptables command',
      refused: 'a line iptables refuses',
      'probe-failed': 'rules that break the probe',
    };
    // The learner's own line and iptables' message: a hint as well.
    return { score: 0, feedback: [run.message], hints: [run.message], misconceptions: [`write-rule: ${kind[run.kind]}`] };
  }
  const feedback: string[] = [];
  const misconceptions: string[] = [];
  let met = 0;
  run.goals.forEach((g, i) => {
    if (g.met) {
      met++;
      feedback.push(`goal ${i + 1} met: ${g.description}`);
    } else {
      feedback.push(`goal ${i + 1} not met: ${g.description}${g.observed ? ` (${g.observed})` : ''}`);
      // Without the probe's command line: its numbers vary between variants.
      misconceptions.push(`write-rule: goal failed: ${describeGoal(g.goal)}`);
    }
  });
  const keyMissed = (q.keyPoint?.goals ?? []).some((n) => run.goals[n - 1]?.met !== true);
  // Goals are on the question and what happened is the learner's rules' own behaviour: the hints are the feedback.
  return { score: ratio(met, run.goals.length), feedback, hints: [...feedback], misconceptions, keyMissed };
}

/** An answer of the wrong shape, or none: unanswered, score 0, with a message. */
function unanswered(q: QuestionVariant, why: string): QuestionGrade {
  return result(q, false, { score: 0, feedback: [why], hints: [why], misconceptions: [] });
}

/**
 * Grades one answer. Never throws for a bad answer (wrong shape, hostile text); throws only
 * when the variant itself cannot be run (its scenario fails: the error names quiz, question,
 * seed and line).
 */
export function gradeQuestion(q: QuestionVariant, answer: Answer | undefined): QuestionGrade {
  if (answer === undefined || answer === null) return unanswered(q, 'not answered');
  const shapeError = (error: string): QuestionGrade => unanswered(q, `the answer is not in the form this question takes (${error}); graded as unanswered`);
  switch (q.type) {
    case 'capture': {
      const s = captureLinesShape(answer);
      return s.ok ? result(q, true, gradeCapture(q, s.value)) : shapeError(s.error);
    }
    case 'hooks': {
      const s = stepsShape(answer, q.ns ?? 'default');
      return s.ok ? result(q, true, gradeHooksQ(q, s.value)) : shapeError(s.error);
    }
    case 'order-hooks': {
      const s = stepsShape(answer, q.ns ?? 'default');
      return s.ok ? result(q, true, gradeOrder(q, s.value)) : shapeError(s.error);
    }
    case 'counters': {
      const s = selectedShape(answer);
      return s.ok ? result(q, true, gradeCounters(q, s.value)) : shapeError(s.error);
    }
    case 'conntrack': {
      const s = textShape(answer, 100_000);
      return s.ok ? result(q, true, gradeConntrackQ(q, s.value)) : shapeError(s.error);
    }
    case 'capture-point': {
      const s = selectedShape(answer);
      return s.ok ? result(q, true, gradeCapturePoint(q, s.value)) : shapeError(s.error);
    }
    case 'choice': {
      const s = choicesShape(answer, q.options?.length ?? 0);
      return s.ok ? result(q, true, gradeChoice(q, s.value)) : shapeError(s.error);
    }
    case 'write-rule': {
      // Longer than MAX_RULES_TEXT is still an answer (refused unread by runWriteRule), up to a bound.
      const s = textShape(answer, 50 * MAX_RULES_TEXT);
      return s.ok ? result(q, true, gradeWriteRule(q, s.value)) : shapeError(s.error);
    }
    case 'state': {
      const s = stateShape(answer);
      return s.ok ? result(q, true, gradeStateAnswer(q, s.value)) : shapeError(s.error);
    }
  }
}

interface QuizGrade {
  readonly grades: readonly QuestionGrade[];
  readonly earned: number;
  readonly possible: number;
  /** earned / possible >= the quiz's passScore. */
  readonly passed: boolean;
}

/** Grades every question of a variant; `answers` is keyed by "quizId/questionId". */
export function gradeQuiz(variant: QuizVariant, answers: Readonly<Record<string, Answer>>): QuizGrade {
  const grades = variant.questions.map((q) => gradeQuestion(q, Object.hasOwn(answers, q.key) ? answers[q.key] : undefined));
  const earned = round(grades.reduce((s, g) => s + g.earned, 0));
  const possible = round(grades.reduce((s, g) => s + g.points, 0));
  return { grades, earned, possible, passed: possible === 0 ? true : earned / possible >= variant.passScore - 1e-9 };
}
