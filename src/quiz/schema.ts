// The schema of a quiz file (docs/quiz-format.md), with zod: field types, defaults, unknown
// fields refused (.strict()), and the checks a schema alone cannot say (unique ids, every
// {{name}} declared, what each question type needs). `parseQuiz` turns a parsed YAML value
// into a QuizDefinition or throws an Error naming the file and the path of every bad field.

import { z } from 'zod';
import { ALL_CAPTURE_FIELDS, LINE_KINDS } from '../grading/capture.ts';
import { CONNTRACK_ALWAYS, CONNTRACK_WHEN_STATED, HOOK_NAMES } from '../grading/path.ts';
import { parsePlaceholder, placeholderNames, ruleLines, TEMPLATE } from './template.ts';
import type { KeyPoint, QuestionDefinition, QuizDefinition } from './types.ts';

const SLUG = /^[a-z0-9][a-z0-9-]*$/;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TABLES = ['raw', 'mangle', 'nat', 'filter'] as const;

const slug = (what: string) =>
  z
    .string()
    .regex(SLUG, `${what} is lower-case letters, digits and dashes, starting with a letter or digit`)
    .max(64)
    .describe(`${what}: lower-case letters, digits and dashes`);

const text = (what: string) => z.string().min(1, `${what} is empty`);

const paramSchema = z
  .object({
    pick: z
      .array(z.union([z.string(), z.number()]))
      .min(1, 'pick lists at least one value')
      .optional()
      .describe('draws one of the listed values (strings or numbers)'),
    int: z
      .tuple([z.number().int(), z.number().int()])
      .optional()
      .describe('draws an integer in [min, max], both ends included'),
    notEqual: z
      .array(z.string())
      .optional()
      .describe('redrawn until it differs from these parameters (declared earlier in the list)'),
  })
  .strict()
  .superRefine((p, ctx) => {
    if ((p.pick === undefined) === (p.int === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a parameter is either { pick: [...] } or { int: [min, max] }' });
    }
    if (p.int !== undefined && p.int[0] > p.int[1]) {
      ctx.addIssue({ code: 'custom', path: ['int'], message: `int: [min, max] with min <= max (got [${p.int[0]}, ${p.int[1]}])` });
    }
  })
  .describe("a variant parameter: { pick: [...] } or { int: [min, max] }, optionally with notEqual: [earlier params]");

const lineMatchSchema = z
  .object({
    kind: z.enum(LINE_KINDS as [string, ...string[]]).optional().describe('the line kind (echo-request, arp-reply, ...)'),
    src: z.string().optional().describe('the IP source (ARP: the "tell" address)'),
    dst: z.string().optional().describe('the IP destination (ARP: the asked-for address)'),
  })
  .strict()
  .describe('which capture lines match: every given field must be equal');

const choiceOptionSchema = z
  .object({
    text: text('option text').describe('the option as the learner reads it'),
    correct: z.boolean().describe('whether choosing it is right'),
    explanation: text('option explanation').describe('why it is right or wrong, shown after grading'),
    shows: z.array(slug('misconception id')).optional().describe('misconception ids a learner holding them picks this option for'),
  })
  .strict();

const keyPointSchema = z
  .object({
    what: text('keyPoint.what').describe('the decisive part in words (never a value): "the source of the echo requests on eth2"'),
    lines: lineMatchSchema.optional().describe('capture: the expected lines the key point is about (default: every line)'),
    fields: z.array(z.string()).min(1).optional().describe('capture: kind/src/dst (and any field capture grading knows); conntrack: unreplied, replySrc, ...'),
    hook: z.string().optional().describe('hooks, order-hooks: the hook every occurrence of which must be right'),
    ns: z.string().optional().describe('hooks, order-hooks: only the key hook in this namespace'),
    counters: z.array(z.string()).min(1).optional().describe('counters: "CHAIN N", "CHAIN policy" or "CHAIN" (each of its options)'),
    points: z.array(z.string()).min(1).optional().describe('capture-point: the "NS DEV" points that must be right (default: every one)'),
    goals: z.array(z.number().int().min(1)).min(1).optional().describe('write-rule: the goals (1-based) that must be met'),
  })
  .strict()
  .describe('the decisive part of the question: a wrong key point earns no credit');

const goalSchema = z
  .object({
    ping: z.number().int().min(1).optional().describe('the Nth ping command of the probe (1-based)'),
    replies: z.boolean().optional().describe('ping goal: true when it must get at least one reply, false when none'),
    capture: z.string().optional().describe('capture goal: "NS DEV" of a tcpdump ... & of the setup or probe'),
    match: lineMatchSchema.optional().describe('capture goal: which IP lines match'),
    expect: z.enum(['all', 'some', 'none']).optional().describe('capture goal: all (at least one IP line, and all match), some or none of its IP lines match'),
    counter: z
      .object({
        ns: z.string().optional().describe('namespace (default: default)'),
        table: z.enum(TABLES).optional().describe('table (default filter)'),
        chain: text('chain').describe('chain name'),
        policy: z.literal(true).optional().describe("the chain's policy counter"),
        rule: z.number().int().min(1).optional().describe("the Nth rule's counter (1-based)"),
      })
      .strict()
      .optional()
      .describe('counter goal: which counter'),
    packets: z.number().int().min(0).optional().describe('counter goal: exactly this many packets'),
    packetsAtLeast: z.number().int().min(0).optional().describe('counter goal: at least this many packets'),
  })
  .strict()
  .superRefine((g, ctx) => {
    const kinds = (['ping', 'capture', 'counter'] as const).filter((k) => g[k] !== undefined);
    if (kinds.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `a goal has exactly one of ping, capture, counter (found ${kinds.length === 0 ? 'none' : kinds.join(', ')})` });
      return;
    }
    const allowed: Record<string, readonly string[]> = {
      ping: ['ping', 'replies'],
      capture: ['capture', 'match', 'expect'],
      counter: ['counter', 'packets', 'packetsAtLeast'],
    };
    const kind = kinds[0]!;
    for (const key of Object.keys(g)) {
      if (!allowed[kind]!.includes(key)) ctx.addIssue({ code: 'custom', path: [key], message: `${key} does not belong in a ${kind} goal` });
    }
    if (kind === 'ping' && g.replies === undefined) ctx.addIssue({ code: 'custom', path: ['replies'], message: 'a ping goal needs replies: true or false' });
    if (kind === 'capture') {
      if (g.match === undefined) ctx.addIssue({ code: 'custom', path: ['match'], message: 'a capture goal needs match: { kind?, src?, dst? }' });
      if (g.expect === undefined) ctx.addIssue({ code: 'custom', path: ['expect'], message: 'a capture goal needs expect: all, some or none' });
      if (!/^\S+\s+\S+$/.test(g.capture!.trim())) ctx.addIssue({ code: 'custom', path: ['capture'], message: `capture is "NS DEV" (got "${g.capture}")` });
    }
    if (kind === 'counter') {
      const c = g.counter!;
      if ((c.policy === undefined) === (c.rule === undefined)) ctx.addIssue({ code: 'custom', path: ['counter'], message: 'a counter goal names either policy: true or rule: N' });
      if ((g.packets === undefined) === (g.packetsAtLeast === undefined)) ctx.addIssue({ code: 'custom', message: 'a counter goal has either packets: N or packetsAtLeast: N' });
    }
  })
  .describe('write-rule: what must be true after setup + the rules + probe');

// --- Questions -------------------------------------------------------------------------------

const common = {
  id: slug('question id').describe('unique in the quiz; the key of its answer in result files ("quizId/questionId"); never reuse for a different question'),
  points: z.number().positive().max(100).default(1).describe('points the question is worth (default 1)'),
  params: z
    .record(z.string().regex(PARAM_NAME, 'a parameter name is a letter or _ then letters, digits, _'), paramSchema)
    .default({})
    .describe('variant parameters, drawn in the order written from the seed'),
  prompt: text('prompt').describe('the question, {{param}} replaced'),
  explanation: text('explanation').describe('shown after submission (graded) or on reveal (practice)'),
  keyPoint: keyPointSchema,
  targets: z.array(slug('misconception id')).optional().describe('misconception ids (lessons/misconceptions.yaml) the question is aimed at'),
};

const scenario = text('scenario').describe('a scenario script (scenario-format.md), {{param}} replaced');
const ns = z.string().min(1).default('default').describe('namespace (default: default)');
const packet = text('packet').describe('the first packet whose summary (tcpdump words) contains this text');

const captureQ = z
  .object({
    ...common,
    type: z.literal('capture'),
    scenario,
    capture: text('capture').describe('"NS DEV": one of the scenario\'s tcpdump ... & captures'),
    fields: z
      .string()
      .regex(/^\s*(id|seq|ack|flags)(\s*,\s*(id|seq|ack|flags))*\s*$/, 'comma-separated: id, seq, ack, flags')
      .optional()
      .describe('fields graded besides kind and addresses, as in <PredictCapture fields>: "seq", "id,seq"... (flags: always where TCP is captured)'),
  })
  .strict();
const hooksQ = z.object({ ...common, type: z.literal('hooks'), scenario, packet, ns }).strict();
const orderHooksQ = z.object({ ...common, type: z.literal('order-hooks'), scenario, packet, ns }).strict();
const countersQ = z
  .object({
    ...common,
    type: z.literal('counters'),
    scenario,
    ns,
    chains: z.array(text('chain')).min(1, 'chains names at least one chain').describe('the chains whose rules and policies are the options'),
    table: z.enum(TABLES).default('filter').describe('the table of those chains (default filter)'),
  })
  .strict();
const conntrackQ = z
  .object({
    ...common,
    type: z.literal('conntrack'),
    scenario,
    ns,
    listing: z.number().int().min(1).optional().describe('the Nth conntrack -L of the scenario in ns (default: the last)'),
  })
  .strict();
const capturePointQ = z
  .object({
    ...common,
    type: z.literal('capture-point'),
    scenario,
    match: lineMatchSchema.describe('the line to look for: the right capture points show at least one such line'),
  })
  .strict();
const choiceQ = z
  .object({
    ...common,
    type: z.literal('choice'),
    options: z.array(choiceOptionSchema).min(2, 'a choice question offers at least two options').max(12).describe('the options, in the order shown'),
    multiple: z.boolean().default(false).describe('several options may be chosen (graded per option)'),
  })
  .strict();
const writeRuleQ = z
  .object({
    ...common,
    type: z.literal('write-rule'),
    ns,
    setup: text('setup').describe('the scenario before the learner\'s rules'),
    probe: text('probe').describe('the traffic after the rules (ping, nc, tcpdump ... &, listings)'),
    goals: z.array(goalSchema).min(1, 'goals lists at least one goal').describe('what must be true at the end'),
    solution: text('solution').describe('one rule set that meets every goal (iptables lines), revealed as the answer'),
    maxRules: z.number().int().min(1).max(200).default(20).describe('most iptables lines a learner may write (default 20)'),
  })
  .strict();

const stateQ = z
  .object({
    ...common,
    type: z.literal('state'),
    scenario,
    flow: text('flow').describe('the flow, as <PredictState flow> picks it: a flow id, or text its first packet\'s summary contains'),
    ask: z.enum(['socket', 'time-wait', 'conntrack']).describe("socket: a socket's state as ss names it; time-wait: which end keeps TIME-WAIT; conntrack: conntrack's entry in ns"),
    side: z.enum(['client', 'server']).optional().describe('ask socket: whose socket'),
    after: z.string().regex(/^(\d+|[A-Za-z][A-Za-z -]*(#\d+)?)$/, 'after is a packet number ("3") or a packet label with an optional #n ("SYN-ACK", "SYN#2")').optional().describe('ask socket, conntrack: after which packet of the flow'),
    ns: z.string().min(1).optional().describe('ask conntrack: the namespace whose conntrack -L is asked'),
  })
  .strict();

const questionSchema = z
  .discriminatedUnion('type', [captureQ, hooksQ, orderHooksQ, countersQ, conntrackQ, capturePointQ, choiceQ, writeRuleQ, stateQ])
  .describe('a question: its type decides its other fields');

export const quizSchema = z
  .object({
    id: slug('quiz id').describe('unique across the course; used in assignment links and result files'),
    title: text('title').describe("the quiz's title"),
    part: z.number().int().min(1).max(99).optional().describe('the course part it belongs to (omit for the final exam)'),
    passScore: z.number().min(0).max(1).default(0.7).describe('fraction of points to pass (default 0.7)'),
    questions: z.array(questionSchema).min(1, 'a quiz has at least one question').describe('the questions, in order'),
  })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Map<string, number>();
    quiz.questions.forEach((q, i) => {
      const where = (...path: (string | number)[]) => ['questions', i, ...path];
      const first = seen.get(q.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: where('id'), message: `duplicate question id "${q.id}" (also questions[${first}])` });
      else seen.set(q.id, i);
      checkQuestion(q as unknown as QuestionDefinition, (path, message) => ctx.addIssue({ code: 'custom', path: where(...path), message }));
    });
  })
  .describe('a quiz file: lessons/NN-part/quiz.yaml or lessons/08-final-exam/quiz.yaml');

/** Every string of a value with its path (templated fields are all strings). */
function* strings(value: unknown, path: (string | number)[] = []): Generator<[string, (string | number)[]]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* strings(v, [...path, i]);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, [...path, k]);
}


function checkQuestion(q: QuestionDefinition, issue: (path: (string | number)[], message: string) => void): void {
  const names = Object.keys(q.params);
  names.forEach((name, i) => {
    for (const other of q.params[name]!.notEqual ?? []) {
      const at = names.indexOf(other);
      if (at < 0) issue(['params', name, 'notEqual'], `notEqual names "${other}", which is not a parameter`);
      else if (at >= i) issue(['params', name, 'notEqual'], `notEqual names "${other}", which is drawn after "${name}" (list it earlier)`);
    }
  });
  for (const [value, path] of strings({ ...q, params: undefined, id: undefined, type: undefined })) {
    for (const m of value.matchAll(TEMPLATE)) {
      const placeholder = parsePlaceholder(m[1]!);
      if (!placeholder) {
        issue(path, `"${m[0]}" is not a parameter reference ({{name}}, or {{name == other ? "text" : "text"}})`);
        continue;
      }
      for (const name of placeholderNames(placeholder)) {
        if (!names.includes(name)) issue(path, `{{${name}}} is used but no parameter "${name}" is declared in params`);
      }
    }
  }
  if (q.type === 'capture' && q.capture !== undefined && !/^\S+\s+\S+$/.test(q.capture.trim())) {
    issue(['capture'], `capture is "NS DEV", e.g. "default eth1" (got "${q.capture}")`);
  }
  if (q.type === 'capture-point' && q.match && q.match.kind === undefined && q.match.src === undefined && q.match.dst === undefined) {
    issue(['match'], 'match names at least one of kind, src, dst');
  }
  if (q.type === 'choice' && q.options) {
    const correct = q.options.filter((o) => o.correct).length;
    if (correct === 0) issue(['options'], 'no option is marked correct: true');
    else if (!q.multiple && correct > 1) issue(['options'], `${correct} options are correct but multiple is false (one answer only): set multiple: true or keep one correct option`);
  }
  if (q.type === 'state') {
    if (q.ask === 'socket' && q.side === undefined) issue(['side'], 'ask: socket needs side: client or server');
    if (q.ask !== 'socket' && q.side !== undefined) issue(['side'], `side belongs to ask: socket, not ask: ${q.ask}`);
    if (q.ask === 'time-wait' && q.after !== undefined) issue(['after'], 'ask: time-wait is about the whole connection: no after');
    if (q.ask !== 'time-wait' && q.after === undefined) issue(['after'], `ask: ${q.ask} needs after: the packet ("1", "SYN", "FIN-ACK#2")`);
    if (q.ask === 'conntrack' && q.ns === undefined) issue(['ns'], 'ask: conntrack needs ns: the namespace whose conntrack -L is asked');
    if (q.ask !== 'conntrack' && q.ns !== undefined) issue(['ns'], `ns belongs to ask: conntrack, not ask: ${q.ask}`);
  }
  checkKeyPoint(q, issue);
  if (q.type === 'write-rule' && q.solution !== undefined) {
    const lines = ruleLines(q.solution);
    for (const l of lines) {
      if (!/^iptables\s/.test(l.text)) issue(['solution'], `solution line ${l.line} is not an iptables command: "${l.text}"`);
    }
    if (lines.length > (q.maxRules ?? 20)) issue(['solution'], `the solution has ${lines.length} rules, more than maxRules (${q.maxRules ?? 20})`);
  }
}

const KEY_FIELDS: Partial<Record<QuestionDefinition['type'], readonly (keyof KeyPoint)[]>> = {
  capture: ['lines', 'fields'],
  hooks: ['hook', 'ns'],
  'order-hooks': ['hook', 'ns'],
  counters: ['counters'],
  conntrack: ['fields'],
  'capture-point': ['points'],
  'write-rule': ['goals'],
  choice: [],
  state: ['fields'],
};
const KEY_REQUIRED: Partial<Record<QuestionDefinition['type'], keyof KeyPoint>> = {
  capture: 'fields',
  hooks: 'hook',
  'order-hooks': 'hook',
  counters: 'counters',
  conntrack: 'fields',
  'write-rule': 'goals',
};

/** The key point names fields its question type has, each one that type knows. */
function checkKeyPoint(q: QuestionDefinition, issue: (path: (string | number)[], message: string) => void): void {
  const k = q.keyPoint;
  if (!k) return;
  const allowed = KEY_FIELDS[q.type] ?? [];
  for (const f of Object.keys(k) as (keyof KeyPoint)[]) {
    if (f !== 'what' && !allowed.includes(f)) issue(['keyPoint', f], `a ${q.type} question's key point has no "${f}" (it takes: what${allowed.map((a) => `, ${a}`).join('')})`);
  }
  const required = KEY_REQUIRED[q.type];
  if (required && k[required] === undefined) issue(['keyPoint'], `a ${q.type} question's key point names its ${required}`);
  if (q.type === 'capture') {
    for (const f of k.fields ?? []) if (!(ALL_CAPTURE_FIELDS as readonly string[]).includes(f)) issue(['keyPoint', 'fields'], `"${f}" is not a capture field (${ALL_CAPTURE_FIELDS.join(', ')})`);
  }
  if (q.type === 'state') {
    for (const f of k.fields ?? []) if (f !== 'flags') issue(['keyPoint', 'fields'], `"${f}" is not a state field (a state question's key point is its answer; fields: [flags] makes conntrack's flags part of it)`);
    if (k.fields !== undefined && q.ask !== 'conntrack') issue(['keyPoint', 'fields'], 'only an ask: conntrack question has flags to make key');
  }
  if (q.type === 'conntrack') {
    const known = [...CONNTRACK_ALWAYS, ...CONNTRACK_WHEN_STATED] as readonly string[];
    for (const f of k.fields ?? []) if (!known.includes(f)) issue(['keyPoint', 'fields'], `"${f}" is not a conntrack field (${known.join(', ')})`);
  }
  if ((q.type === 'hooks' || q.type === 'order-hooks') && k.hook !== undefined && !(HOOK_NAMES as readonly string[]).includes(k.hook)) {
    issue(['keyPoint', 'hook'], `"${k.hook}" is not a hook (${HOOK_NAMES.join(', ')})`);
  }
  if (q.type === 'counters') {
    for (const c of k.counters ?? []) if (!/^\S+( (\d+|policy))?$/.test(c.trim())) issue(['keyPoint', 'counters'], `"${c}" is "CHAIN N", "CHAIN policy" or "CHAIN"`);
  }
  if (q.type === 'write-rule') {
    for (const g of k.goals ?? []) if (g > (q.goals?.length ?? 0)) issue(['keyPoint', 'goals'], `goal ${g}: the question has ${q.goals?.length ?? 0} goal(s)`);
  }
  if (q.type === 'choice' && q.targets && q.options) {
    for (const t of q.targets) if (!q.options.some((o) => o.shows?.includes(t))) issue(['targets'], `no option shows "${t}" (mark the option a learner holding it picks with shows: [${t}])`);
  }
}

function formatPath(path: readonly PropertyKey[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    if (typeof key === 'number') {
      out += `[${key}]`;
      node = Array.isArray(node) ? node[key] : undefined;
      // Name a question or option by its id where it has one: easier to find in the file.
      const id = node !== null && typeof node === 'object' ? (node as { id?: unknown }).id : undefined;
      if (typeof id === 'string') out += ` (id "${id}")`;
    } else {
      out += `${out === '' ? '' : '.'}${String(key)}`;
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined;
    }
  }
  return out === '' ? '(top level)' : out;
}

/** The problems of a zod error, one line each, with the path of the bad field. */
function describeIssues(error: z.ZodError, data: unknown): string[] {
  const lines: string[] = [];
  const walk = (issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): void => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path];
      if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
        // The branch that went furthest explains best.
        const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
        walk(best, path);
        continue;
      }
      lines.push(`${formatPath(path, data)}: ${issue.message}`);
    }
  };
  walk(error.issues, []);
  return lines;
}

/** Checks a parsed quiz file; throws an Error naming `source` and every bad field. */
export function parseQuiz(data: unknown, source: string): QuizDefinition {
  const result = quizSchema.safeParse(data);
  if (!result.success) {
    const problems = describeIssues(result.error, data);
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n  ... and ${problems.length - shown.length} more` : '';
    throw new Error(`${source}: invalid quiz file:\n${shown.map((p) => `  ${p}`).join('\n')}${more}`);
  }
  return result.data as unknown as QuizDefinition;
}
