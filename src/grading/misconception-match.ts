// The matcher of the misconception catalogue: finds an exercise's embedded entries in a graded
// answer. Apart from the catalogue's schema (misconceptions.ts, zod and yaml) so that the
// lessons' islands, which only match, do not carry the schema's libraries into the page.

import type { LabModel } from '../lab/lab-model.ts';
import { captureLines, type CaptureGrade, type CaptureLine } from './capture.ts';
import type { SequenceGrade } from './align.ts';
import type { ConntrackField, ConntrackGrade, HookField, HookStep } from './path.ts';
import type { MisconceptionEntry, Recognise } from './misconceptions.ts';

type RuleOn<K extends Recognise['on']> = Extract<Recognise, { on: K }>;

/** Whether an entry scoped to these scenario ids (or prefixes ending in *) applies to `scenario`; unscoped entries apply everywhere. */
export function scenarioMatches(patterns: readonly string[] | undefined, scenario: string): boolean {
  if (!patterns) return true;
  return patterns.some((p) => (p.endsWith('*') ? scenario.startsWith(p.slice(0, -1)) : p === scenario));
}

// --- The graded answers the matcher reads -----------------------------------------------------

/** What a capture exercise knows besides its grade: the scenario's other capture points and NAT targets. */
export interface CaptureContext {
  /** "kind src" / "kind dst" -> the addresses such lines carry at the scenario's other capture points. */
  readonly elsewhere: Readonly<Record<string, readonly string[]>>;
  /** Addresses the scenario's NAT rules translate to (--to-source, --to-destination). */
  readonly natTargets: readonly string[];
}

export type GradedAnswer =
  | ({ readonly on: 'capture'; readonly grade: CaptureGrade } & CaptureContext)
  | { readonly on: 'hooks'; readonly grade: SequenceGrade<HookStep, HookField> }
  | { readonly on: 'counters'; readonly rows: readonly { readonly rule: string; readonly said: boolean; readonly moved: boolean }[] }
  | { readonly on: 'conntrack'; readonly grade: ConntrackGrade };

export interface MisconceptionMatch {
  readonly id: string;
  readonly name: string;
  readonly claim: string;
  readonly nudge: string;
  /** Indexes of the graded items (grade.items, or counter rows) where it was recognised. */
  readonly items: readonly number[];
}

/** The context of a capture exercise at `captureId`, from the engine's lab model. */
export function captureContext(model: LabModel, captureId: string): CaptureContext {
  const elsewhere: Record<string, string[]> = {};
  for (const c of model.captures) {
    if (c.id === captureId) continue;
    for (const l of captureLines(c.frames)) {
      for (const f of ['src', 'dst'] as const) {
        const key = `${l.kind} ${f}`;
        const list = (elsewhere[key] ??= []);
        if (l[f] !== '' && !list.includes(l[f])) list.push(l[f]);
      }
    }
  }
  const natTargets: string[] = [];
  for (const cmd of model.commands) {
    for (const m of cmd.matchAll(/--to(?:-source|-destination)?\s+([0-9.]+)/g)) {
      if (!natTargets.includes(m[1]!)) natTargets.push(m[1]!);
    }
  }
  return { elsewhere, natTargets };
}

const numberIs = (v: number | undefined, want: 'any' | 'zero' | 'nonzero'): boolean =>
  want === 'any' || (v !== undefined && (want === 'zero' ? v === 0 : v !== 0));

function captureHits(r: RuleOn<'capture'>, a: Extract<GradedAnswer, { on: 'capture' }>): number[] {
  const hits: number[] = [];
  a.grade.items.forEach((item, i) => {
    const e = item.expected;
    const p = item.predicted;
    if (r.field === 'line') {
      if ((r.said === 'missing' && item.status === 'missing') || (r.said === 'extra' && item.status === 'extra')) {
        if (!r.kind || (e ?? p)?.kind === r.kind) hits.push(i);
      }
      return;
    }
    if (item.status !== 'wrong' || !p || !e) return;
    if (r.kind && e.kind !== r.kind) return;
    const f = r.field as keyof CaptureLine & string;
    if (item.fields[f as keyof typeof item.fields] !== 'wrong') return;
    const pv = p[f as keyof CaptureLine];
    const ev = e[f as keyof CaptureLine];
    if (r.is !== 'any' && !numberIs(typeof ev === 'number' ? ev : undefined, r.is)) return;
    switch (r.said) {
      case 'any':
        break;
      case 'zero':
      case 'nonzero':
        if (!numberIs(typeof pv === 'number' ? pv : undefined, r.said)) return;
        break;
      case 'repeated': {
        // The learner says the same value on another line of this kind, where the engine's differ.
        const same = a.grade.items.some((o, j) => j !== i && o.predicted?.kind === p.kind && o.predicted[f as keyof CaptureLine] === pv && o.expected?.[f as keyof CaptureLine] !== ev);
        if (!same) return;
        break;
      }
      case 'seen-elsewhere':
        if (typeof pv !== 'string' || !(a.elsewhere[`${e.kind} ${f}`] ?? []).includes(pv)) return;
        break;
      case 'nat-target':
        if (typeof pv !== 'string' || !a.natTargets.includes(pv)) return;
        break;
      default:
        return;
    }
    hits.push(i);
  });
  return hits;
}

function hookHits(r: RuleOn<'hooks'>, a: Extract<GradedAnswer, { on: 'hooks' }>): number[] {
  const hits: number[] = [];
  a.grade.items.forEach((item, i) => {
    const said = item.status === 'missing' ? undefined : item.predicted?.hook;
    const is = item.status === 'extra' ? undefined : item.expected?.hook;
    if (item.status === 'right') return;
    const saidOk = r.said === 'any' ? said !== undefined : r.said === 'extra' ? item.status === 'extra' : said === r.said;
    const isOk = r.is === 'any' ? is !== undefined : r.is === 'missing' ? is === undefined : is === r.is;
    if (saidOk && isOk) hits.push(i);
  });
  return hits;
}

function counterHits(r: RuleOn<'counters'>, a: Extract<GradedAnswer, { on: 'counters' }>): number[] {
  const re = r.rule === undefined ? undefined : new RegExp(r.rule);
  const hits: number[] = [];
  a.rows.forEach((row, i) => {
    if (row.said === row.moved) return;
    if ((r.said === 'counts') !== row.said) return;
    if (re && !re.test(row.rule)) return;
    hits.push(i);
  });
  return hits;
}

function conntrackHits(r: RuleOn<'conntrack'>, a: Extract<GradedAnswer, { on: 'conntrack' }>): number[] {
  const hits: number[] = [];
  a.grade.items.forEach((item, i) => {
    if (r.field === 'entry') {
      if (r.said === 'missing' && item.status === 'missing') hits.push(i);
      else if (r.said === 'duplicate' && item.status === 'extra' && item.duplicate) hits.push(i);
      else if (r.said === 'extra' && item.status === 'extra' && !item.duplicate) hits.push(i);
      return;
    }
    if (item.status !== 'wrong' || item.fields[r.field] !== 'wrong' || !item.predicted || !item.expected) return;
    const get = (en: typeof item.predicted, f: ConntrackField): unknown => {
      const m = /^(orig|reply)(.*)$/.exec(f);
      if (!m) return (en as unknown as Record<string, unknown>)[f];
      const t = m[1] === 'orig' ? en.orig : en.reply;
      return (t as unknown as Record<string, unknown>)[m[2]!.toLowerCase()];
    };
    const pv = get(item.predicted, r.field);
    const ev = get(item.expected, r.field);
    if (r.is !== 'any' && !numberIs(typeof ev === 'number' ? ev : undefined, r.is)) return;
    if ((r.said === 'zero' || r.said === 'nonzero') && !numberIs(typeof pv === 'number' ? pv : undefined, r.said)) return;
    hits.push(i);
  });
  return hits;
}

/**
 * The catalogue entries recognised in a graded answer, in catalogue order. An unscoped
 * (general) entry is left out where entries scoped to the scenario already explain every item
 * it matched: the specific nudge is the useful one.
 */
export function matchMisconceptions(entries: readonly MisconceptionEntry[], scenario: string, answer: GradedAnswer): MisconceptionMatch[] {
  const found: (MisconceptionMatch & { scoped: boolean })[] = [];
  for (const e of entries) {
    if (!scenarioMatches(e.scenarios, scenario)) continue;
    const items = new Set<number>();
    for (const r of e.recognise) {
      if (r.on !== answer.on) continue;
      const hits =
        r.on === 'capture' && answer.on === 'capture'
          ? captureHits(r, answer)
          : r.on === 'hooks' && answer.on === 'hooks'
            ? hookHits(r, answer)
            : r.on === 'counters' && answer.on === 'counters'
              ? counterHits(r, answer)
              : r.on === 'conntrack' && answer.on === 'conntrack'
                ? conntrackHits(r, answer)
                : [];
      for (const h of hits) items.add(h);
    }
    if (items.size > 0) found.push({ id: e.id, name: e.name, claim: e.claim, nudge: e.nudge, items: [...items].sort((x, y) => x - y), scoped: e.scenarios !== undefined });
  }
  const covered = new Set(found.filter((f) => f.scoped).flatMap((f) => f.items));
  return found.filter((f) => f.scoped || f.items.some((i) => !covered.has(i))).map(({ scoped: _, ...m }) => m);
}
