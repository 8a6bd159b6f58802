// Reads the course's quiz files (Node only): lessons/*/quiz.yaml, each checked by the schema,
// sorted by part with the final exam (no part) last. Any problem throws, naming the file.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, YAMLParseError } from 'yaml';
import { parseQuiz } from './schema.ts';
import { unfilledPlaceholders } from './template.ts';
import type { QuizDefinition } from './types.ts';
import { generateQuestion } from './variant.ts';

const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The quiz files under `root` (lessons/<dir>/quiz.yaml), in directory order. */
export function quizFiles(root = join(PROJECT_ROOT, 'lessons')): string[] {
  const dir = resolve(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => join(dir, name, 'quiz.yaml'))
    .filter((f) => existsSync(f));
}

/** Parses one quiz file; `source` names it in errors. */
export function loadQuizFile(path: string, source = relative(process.cwd(), path) || path): QuizDefinition {
  const text = readFileSync(path, 'utf8');
  let data: unknown;
  try {
    data = parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof YAMLParseError ? err.message : err instanceof Error ? err.message : String(err);
    throw new Error(`${source}: not valid YAML: ${message}`);
  }
  const quiz = parseQuiz(data, source);
  const dirName = path.split(/[\\/]/).slice(-2, -1)[0] ?? '';
  const dirPart = /^(\d+)-/.exec(dirName);
  if (quiz.part !== undefined && dirPart && Number(dirPart[1]) !== quiz.part) {
    throw new Error(`${source}: part: ${quiz.part}, but the file is in ${dirName} (part ${Number(dirPart[1])})`);
  }
  checkFilled(quiz, source);
  return quiz;
}

/** Variants drawn per question by checkFilled: enough to meet every branch of the course's small picks. */
const CHECKED_SEEDS = 24;

function* textsOf(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* textsOf(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* textsOf(v, path ? `${path}.${k}` : k);
}

/**
 * Every text of every question, substituted for several seeds, must be free of "{{" and "}}":
 * a learner never sees a placeholder. Throws, naming the file, question, field and seed.
 */
export function checkFilled(quiz: QuizDefinition, source: string): void {
  for (const def of quiz.questions) {
    for (let i = 0; i < CHECKED_SEEDS; i++) {
      const seed = `load-check:${i}`;
      const { params: _params, ...variant } = generateQuestion(quiz.id, def, seed);
      for (const [text, path] of textsOf(variant, '')) {
        const left = unfilledPlaceholders(text);
        if (left.length) throw new Error(`${source}: question ${def.id}, ${path}: ${left.map((l) => JSON.stringify(l)).join(', ')} is left after substitution (seed "${seed}"): a learner would see it`);
      }
    }
  }
}

/** Every quiz of the course, by part (the final exam, without part, last), ids unique. */
export function loadQuizzes(root?: string): QuizDefinition[] {
  const files = quizFiles(root === undefined ? undefined : resolve(root));
  const loaded = files.map((f) => ({ file: relative(process.cwd(), f) || f, quiz: loadQuizFile(f) }));
  const byId = new Map<string, string>();
  for (const { file, quiz } of loaded) {
    const other = byId.get(quiz.id);
    if (other !== undefined) throw new Error(`${file}: quiz id "${quiz.id}" is already used by ${other}`);
    byId.set(quiz.id, file);
  }
  const order = (q: QuizDefinition): number => q.part ?? Number.POSITIVE_INFINITY;
  return loaded
    .map((l) => l.quiz)
    .sort((a, b) => order(a) - order(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
