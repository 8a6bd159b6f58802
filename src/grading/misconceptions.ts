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
import { ALL_CAPTURE_FIELDS, LINE_KINDS, type LineKind } from './capture.ts';
import { HOOK_NAMES, type ConntrackField } from './path.ts';
import { scenarioMatches } from './misconception-match.ts';

// The matcher lives apart (the islands import it without zod and yaml); its names stay here too.
export { captureContext, matchMisconceptions, type CaptureContext, type GradedAnswer, type MisconceptionMatch } from './misconception-match.ts';

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

/** The words a predict-a-state answer can be (src/grading/states.ts), and any, tcp-only (a state only TCP has), entry (any entry). */
const STATE_WORDS = [
  'any', 'tcp-only', 'entry', 'none',
  'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECV', 'ESTAB', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT', 'UNCONN', 'NONE',
  'client', 'server', 'both', 'neither',
  'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE',
] as const;
const stateWords = z.union([z.enum(STATE_WORDS), z.array(z.enum(STATE_WORDS)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));

const statesRule = z
  .object({
    on: z.literal('states'),
    question: z.enum(['socket', 'time-wait', 'conntrack']),
    proto: z.array(z.enum(['tcp', 'udp', 'icmp'])).min(1).optional(),
    side: z.enum(['client', 'server']).optional(),
    said: stateWords,
    is: stateWords,
  })
  .strict();

const recognise = z.discriminatedUnion('on', [captureRule, hooksRule, countersRule, conntrackRule, statesRule]);
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

/** The entries that can apply to an exercise of this kind on this scenario (what a page embeds). */
export function entriesFor(entries: readonly MisconceptionEntry[], on: Recognise['on'], scenario: string): MisconceptionEntry[] {
  return entries
    .filter((e) => scenarioMatches(e.scenarios, scenario))
    .map((e) => ({ ...e, recognise: e.recognise.filter((r) => r.on === on) }))
    .filter((e) => e.recognise.length > 0);
}
