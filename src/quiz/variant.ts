// Variants: a question's parameters drawn from a seed and substituted into every templated
// field. The PRNG is the engine's SeededRandom seeded by FNV-1a of
// "<seed>/<quiz id>/<question id>", so the same seed always gives the same variant and adding
// a question never changes the others (docs/quiz-format.md).

import { SeededRandom } from '../net/rng.ts';
import { fnv1a32 } from './hash.ts';
import { normalizeStudent } from './student.ts';
import { substitute } from './template.ts';
import type { ParamSpec, QuestionDefinition, QuestionVariant, QuizDefinition, QuizVariant } from './types.ts';

/** A learner's id as seeds use it (src/quiz/student.ts): NFKC, invisible characters removed, whitespace collapsed, trimmed, lower-cased. */
export { normalizeStudent };

export { practiceSeed, studentSeed } from './seeds.ts';

function valueText(v: string | number): string {
  return typeof v === 'number' ? String(v) : v;
}

/** Draws one parameter, never one of `forbidden` (the notEqual parameters' values). */
function drawParam(name: string, spec: ParamSpec, rng: SeededRandom, forbidden: ReadonlySet<string>, where: string): string {
  if ('pick' in spec) {
    const candidates = spec.pick.map(valueText).filter((v) => !forbidden.has(v));
    if (candidates.length === 0) throw new Error(`${where}: parameter "${name}": every value of pick is excluded by notEqual`);
    return candidates[rng.intBetween(0, candidates.length - 1)]!;
  }
  const [min, max] = spec.int;
  // Uniform over the allowed integers: the same as redrawing until allowed, but always finite.
  const excluded = [...forbidden].map(Number).filter((n) => Number.isInteger(n) && n >= min && n <= max);
  const excludedSet = new Set(excluded);
  const count = max - min + 1 - excludedSet.size;
  if (count <= 0) throw new Error(`${where}: parameter "${name}": every value of int is excluded by notEqual`);
  let k = rng.intBetween(0, count - 1);
  for (let n = min; n <= max; n++) {
    if (excludedSet.has(n)) continue;
    if (k-- === 0) return String(n);
  }
  throw new Error(`${where}: parameter "${name}": no value drawn`); // unreachable
}

/** The parameters of one question for one seed, in the order written. */
export function drawParams(quizId: string, question: QuestionDefinition, seed: string): Record<string, string> {
  const rng = new SeededRandom(fnv1a32(`${seed}/${quizId}/${question.id}`));
  const values: Record<string, string> = {};
  const where = `quiz ${quizId}, question ${question.id}, seed "${seed}"`;
  for (const [name, spec] of Object.entries(question.params)) {
    const forbidden = new Set((spec.notEqual ?? []).map((other) => values[other]).filter((v): v is string => v !== undefined));
    values[name] = drawParam(name, spec, rng, forbidden, where);
  }
  return values;
}

/** Replaces every placeholder of a templated field (src/quiz/template.ts). */
export { substitute };

/** Whether a value of a question definition holds a placeholder anywhere (memoized per object). */
const HOLDS_TEMPLATE = new WeakMap<object, boolean>();

function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (value === null || typeof value !== 'object') return false;
  const known = HOLDS_TEMPLATE.get(value);
  if (known !== undefined) return known;
  const holds = Array.isArray(value) ? value.some(holdsTemplate) : Object.values(value).some(holdsTemplate);
  HOLDS_TEMPLATE.set(value, holds);
  return holds;
}

/** The value with its placeholders filled; parts without any are shared, not copied (variants are never changed). */
function substituteDeep<T>(value: T, values: Readonly<Record<string, string>>): T {
  if (!holdsTemplate(value)) return value;
  if (typeof value === 'string') return substitute(value, values) as T;
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, values)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as object)) out[k] = substituteDeep(v, values);
  return out as T;
}

/** One question for one seed: parameters drawn, every templated field substituted. */
export function generateQuestion(quizId: string, question: QuestionDefinition, seed: string, sealSalt?: string): QuestionVariant {
  return questionWithValues(quizId, question, drawParams(quizId, question, seed), seed, sealSalt);
}

/** One question with its parameters given (not drawn), every templated field substituted; `seed` names the variant. */
export function questionWithValues(
  quizId: string,
  question: QuestionDefinition,
  values: Readonly<Record<string, string>>,
  seed: string,
  sealSalt?: string,
): QuestionVariant {
  const { id, type, params, ...rest } = question;
  return {
    ...substituteDeep(rest, values),
    id,
    type,
    params,
    quizId,
    key: `${quizId}/${id}`,
    values,
    seed,
    ...(sealSalt === undefined ? {} : { sealSalt }),
  };
}

/**
 * A permutation of 0..n-1 for one variant and one list (`what`: "options", "counters",
 * "points"), seeded from the variant's seed: the same learner always sees the same order, a
 * new variant (a new seed) a new one. Fisher-Yates, so every order is equally likely.
 */
export function shuffledOrder(q: Pick<QuestionVariant, 'seed' | 'key'>, what: string, n: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = new SeededRandom(fnv1a32(`${q.seed ?? ''}/${q.key}/${what}`));
  for (let i = n - 1; i > 0; i--) {
    const j = rng.intBetween(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A whole quiz for one seed. */
export function generateQuiz(def: QuizDefinition, seed: string): QuizVariant {
  return {
    quizId: def.id,
    title: def.title,
    seed,
    passScore: def.passScore,
    questions: def.questions.map((q) => generateQuestion(def.id, q, seed, def.sealSalt)),
  };
}
