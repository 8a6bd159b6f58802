// Build-time quiz data for the quiz pages: every quiz definition (lessons/*/quiz.yaml, read and
// checked by the quiz core; any error stops the build, naming the file) and the course version
// result files carry. Loaded once per build. The pages embed it as JSON for the browser.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadQuizzes } from '../../quiz/load.ts';
import { courseVersion } from '../../quiz/version.ts';
import type { QuizDefinition } from '../../quiz/types.ts';

export interface QuizData {
  readonly quizzes: readonly QuizDefinition[];
  readonly courseVersion: string;
}

let cached: QuizData | undefined;

/** The build runs from the project root (npm run build): quiz files and package.json are found from there, not from the bundled module's URL. */
export function getQuizData(): QuizData {
  if (cached) return cached;
  const root = process.cwd();
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  if (!pkg.version) throw new Error('package.json has no version: the course version of quiz results needs one');
  const quizzes = loadQuizzes(join(root, 'lessons'));
  cached = { quizzes, courseVersion: courseVersion(pkg.version, quizzes) };
  return cached;
}

/** JSON safe inside <script type="application/json">: no "<" (so no "</script>"), no U+2028/2029 surprises. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Total points of a quiz. */
export function quizPoints(q: QuizDefinition): number {
  return q.questions.reduce((n, x) => n + x.points, 0);
}
