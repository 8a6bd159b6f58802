// Quiz scenarios on the real kernel: for every question that runs the engine, the variant of
// seed "conformance" is a scenario like those in content/scenarios (for write-rule: setup +
// solution + probe), compared with content/kernel/quiz-<quizId>-<questionId>.out by
// `npm run conformance` the same way.
//
// Parameters change packet counts, addresses and interface names, so one variant proves little
// about the others: the variants at the extremes are scenarios too (quizExtremeScenarios),
// recorded as content/kernel/quiz-<quizId>-<questionId>-<variant>.out:
//   min    every int parameter at its minimum, every pick at its first value;
//   max    every int parameter at its maximum, every pick at its last value;
//   pickN  every pick parameter at its Nth value (N from 2 to one less than the longest pick;
//          cyclically for shorter lists), ints as drawn for seed "conformance": with min (the
//          first values) and max (the last ones) every value of every pick is taken once.
// notEqual is respected the way drawing respects it: a value equal to an earlier parameter's
// that it must differ from moves on to the next allowed value. Variants whose values equal an
// earlier variant's (or the "conformance" variant's) are left out.

import { drawParams, generateQuestion, questionWithValues } from './variant.ts';
import { solutionScript } from './write-rule.ts';
import type { ParamSpec, QuestionDefinition, QuestionVariant, QuizDefinition } from './types.ts';

const CONFORMANCE_SEED = 'conformance';

interface QuizScenario {
  /** "quiz-<quizId>-<questionId>[-<variant>]": the recording's name in content/kernel. */
  readonly id: string;
  readonly source: string;
}

function scenarioOf(q: QuestionVariant): string {
  return q.type === 'write-rule' ? solutionScript(q) : (q.scenario ?? '');
}

export function quizScenarios(quizzes: readonly QuizDefinition[]): QuizScenario[] {
  const out: QuizScenario[] = [];
  for (const quiz of quizzes) {
    for (const def of quiz.questions) {
      if (def.type === 'choice') continue;
      out.push({ id: `quiz-${quiz.id}-${def.id}`, source: scenarioOf(generateQuestion(quiz.id, def, CONFORMANCE_SEED)) });
    }
  }
  return out;
}

const valueText = (v: string | number): string => (typeof v === 'number' ? String(v) : v);

/** The candidate values of a parameter, in order (ints from min to max). */
function candidates(spec: ParamSpec): string[] {
  if ('pick' in spec) return spec.pick.map(valueText);
  const [min, max] = spec.int;
  return Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
}

/**
 * Values for a question with one wanted value per parameter: `want(name, spec)` is an index into
 * the parameter's candidates; a value that notEqual forbids moves on (cyclically) to the next
 * allowed one, as drawing never picks it either.
 */
function valuesWith(def: QuestionDefinition, want: (name: string, spec: ParamSpec, list: readonly string[]) => number): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(def.params)) {
    const forbidden = new Set((spec.notEqual ?? []).map((other) => values[other]).filter((v): v is string => v !== undefined));
    const list = candidates(spec);
    const start = want(name, spec, list);
    let chosen: string | undefined;
    for (let k = 0; k < list.length && chosen === undefined; k++) {
      const v = list[(start + k) % list.length]!;
      if (!forbidden.has(v)) chosen = v;
    }
    if (chosen === undefined) throw new Error(`quiz question ${def.id}: parameter "${name}": every value is excluded by notEqual`);
    values[name] = chosen;
  }
  return values;
}

/** The extreme variants of one question: name and values (duplicates left out, see the file comment). */
export function extremeValues(quizId: string, def: QuestionDefinition): { name: string; values: Record<string, string> }[] {
  const drawn = drawParams(quizId, def, CONFORMANCE_SEED);
  const specs = Object.values(def.params);
  const longestPick = Math.max(0, ...specs.map((s) => ('pick' in s ? s.pick.length : 0)));
  const wanted: { name: string; values: Record<string, string> }[] = [
    { name: 'min', values: valuesWith(def, () => 0) },
    { name: 'max', values: valuesWith(def, (_n, _s, list) => list.length - 1) },
  ];
  for (let i = 1; i < longestPick - 1; i++) {
    wanted.push({
      name: `pick${i + 1}`,
      values: valuesWith(def, (name, spec, list) => ('pick' in spec ? i % list.length : Math.max(0, list.indexOf(drawn[name] ?? '')))),
    });
  }
  const seen = new Set([JSON.stringify(drawn)]);
  return wanted.filter(({ values }) => {
    const key = JSON.stringify(values);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every question's extreme variants as scenarios, "quiz-<quizId>-<questionId>-<variant>". */
export function quizExtremeScenarios(quizzes: readonly QuizDefinition[]): QuizScenario[] {
  const out: QuizScenario[] = [];
  for (const quiz of quizzes) {
    for (const def of quiz.questions) {
      if (def.type === 'choice' || Object.keys(def.params).length === 0) continue;
      for (const { name, values } of extremeValues(quiz.id, def)) {
        out.push({ id: `quiz-${quiz.id}-${def.id}-${name}`, source: scenarioOf(questionWithValues(quiz.id, def, values, `extreme:${name}`)) });
      }
    }
  }
  return out;
}

/** The hooks and order-hooks questions' recorded variants ("conformance" and the extremes), with the packet each asks about. */
export function quizHookVariants(quizzes: readonly QuizDefinition[]): (QuizScenario & { readonly packet: string })[] {
  const out: (QuizScenario & { readonly packet: string })[] = [];
  for (const quiz of quizzes) {
    for (const def of quiz.questions) {
      if (def.type !== 'hooks' && def.type !== 'order-hooks') continue;
      const variants = [
        { id: `quiz-${quiz.id}-${def.id}`, q: generateQuestion(quiz.id, def, CONFORMANCE_SEED) },
        ...extremeValues(quiz.id, def).map(({ name, values }) => ({
          id: `quiz-${quiz.id}-${def.id}-${name}`,
          q: questionWithValues(quiz.id, def, values, `extreme:${name}`),
        })),
      ];
      for (const { id, q } of variants) out.push({ id, source: scenarioOf(q), packet: q.packet ?? '' });
    }
  }
  return out;
}
