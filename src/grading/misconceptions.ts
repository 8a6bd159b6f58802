// The misconception catalogue (lessons/misconceptions.yaml) as data, and the matcher that finds
// its entries in a graded answer. Pure: the file is read by the build (src/components/lib) and
// by the tests; each exercise embeds the entries that can apply to it and matches them in the
// browser after a check.
//
// An entry recognises a misconception by declarative predicates over the graded diff (which
// line kind and field differ and how, which hook was said instead of which, which counter was
// predicted to move wrongly); see the head of lessons/misconceptions.yaml for the vocabulary.

import { z } from 'zod';
import { parse } from 'yaml';
import type { LabModel } from '../lab/lab-model.ts';
import { ALL_CAPTURE_FIELDS, captureLines, LINE_KINDS, type CaptureGrade, type CaptureLine, type LineKind } from './capture.ts';
import type { SequenceGrade } from './align.ts';
import { HOOK_NAMES, type ConntrackField, type ConntrackGrade, type HookField, type HookStep } from './path.ts';

/** The ids every part of the course shares (more may be added; none renamed). */
export const MISCONCEPTION_IDS = [
  'nat-seen-at-ingress',
  'nat-per-packet',
  'bridge-port-is-wire',
  'bridge-causes-nonsense',
  'o-is-where-i-think',
  'input-on-router',
  'ping-resends',
  'tcp-without-handshake',
  'tcpdump-after-filter',
  'policy-counts',
  'arp-reply-broadcast',
  'icmp-id-kept',
] as const;

const CONNTRACK_FIELDS = [
  'proto', 'state', 'origSrc', 'origDst', 'origSport', 'origDport', 'origType', 'origCode', 'origId',
  'replySrc', 'replyDst', 'replySport', 'replyDport', 'replyType', 'replyCode', 'replyId', 'unreplied', 'assured', 'mark', 'zone',
] as const satisfies readonly ConntrackField[];

const value = z.enum(['any', 'zero', 'nonzero']);

const captureRule = z
  .object({
    on: z.literal('capture'),
    kind: z.enum(LINE_KINDS as unknown as [LineKind, ...LineKind[]]).optional(),
    field: z.enum([...(ALL_CAPTURE_FIELDS as unknown as [string, ...string[]]), 'line']),
    said: z.enum(['any', 'zero', 'nonzero', 'repeated', 'seen-elsewhere', 'nat-target', 'missing', 'extra']).default('any'),
    is: value.default('any'),
  })
  .strict();

const hooksRule = z
  .object({
    on: z.literal('hooks'),
    said: z.enum(['any', 'extra', ...HOOK_NAMES]),
    is: z.enum(['any', 'missing', ...HOOK_NAMES]),
  })
  .strict();

const countersRule = z
  .object({
    on: z.literal('counters'),
    said: z.enum(['counts', 'zero']),
    rule: z
      .string()
      .refine((r) => {
        try {
          new RegExp(r);
          return true;
        } catch {
          return false;
        }
      }, 'not a regular expression')
      .optional(),
  })
  .strict();

const conntrackRule = z
  .object({
    on: z.literal('conntrack'),
    field: z.enum([...CONNTRACK_FIELDS, 'entry']),
    said: z.enum(['any', 'zero', 'nonzero', 'missing', 'extra', 'duplicate']).default('any'),
    is: value.default('any'),
  })
  .strict();

const recognise = z.discriminatedUnion('on', [captureRule, hooksRule, countersRule, conntrackRule]);
export type Recognise = z.infer<typeof recognise>;

const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by dashes'),
    claim: z.union([z.enum(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9']), z.literal('none')]),
    name: z.string().min(3).max(60),
    scenarios: z.array(z.string().regex(/^[a-z0-9-]+\*?$/, 'a scenario id, or a prefix ending in *')).min(1).optional(),
    recognise: z.array(recognise).min(1),
    nudge: z
      .string()
      .min(10)
      .max(240)
      .refine((s) => !s.includes('\n'), 'one line'),
  })
  .strict();

export type MisconceptionEntry = z.infer<typeof entrySchema>;

const catalogueSchema = z.array(entrySchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate id "${e.id}"` });
    seen.add(e.id);
  });
  for (const id of MISCONCEPTION_IDS) {
    if (!seen.has(id)) ctx.addIssue({ code: 'custom', path: [], message: `the shared id "${id}" has no entry` });
  }
});

/** Parses and checks the catalogue's text; throws an error naming `source` and the problem. */
export function parseCatalogue(text: string, source = 'lessons/misconceptions.yaml'): MisconceptionEntry[] {
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    throw new Error(`${source}: not valid YAML: ${(err as Error).message}`);
  }
  const r = catalogueSchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(file)'}: ${i.message}`);
    throw new Error(`${source}: ${issues.join('; ')}`);
  }
  return r.data;
}

function scenarioMatches(patterns: readonly string[] | undefined, scenario: string): boolean {
  if (!patterns) return true;
  return patterns.some((p) => (p.endsWith('*') ? scenario.startsWith(p.slice(0, -1)) : p === scenario));
}

/** The entries that can apply to an exercise of this kind on this scenario (what a page embeds). */
export function entriesFor(entries: readonly MisconceptionEntry[], on: Recognise['on'], scenario: string): MisconceptionEntry[] {
  return entries
    .filter((e) => scenarioMatches(e.scenarios, scenario))
    .map((e) => ({ ...e, recognise: e.recognise.filter((r) => r.on === on) }))
    .filter((e) => e.recognise.length > 0);
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

function captureHits(r: z.infer<typeof captureRule>, a: Extract<GradedAnswer, { on: 'capture' }>): number[] {
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

function hookHits(r: z.infer<typeof hooksRule>, a: Extract<GradedAnswer, { on: 'hooks' }>): number[] {
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

function counterHits(r: z.infer<typeof countersRule>, a: Extract<GradedAnswer, { on: 'counters' }>): number[] {
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

function conntrackHits(r: z.infer<typeof conntrackRule>, a: Extract<GradedAnswer, { on: 'conntrack' }>): number[] {
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
