// Quiz scenarios on the real kernel: for every question that runs the engine, the variant of
// seed "conformance" is a scenario like those in content/scenarios (for write-rule: setup +
// solution + probe), compared with content/kernel/quiz-<quizId>-<questionId>.out by
// `npm run conformance` the same way.

import { generateQuestion } from './variant.ts';
import { solutionScript } from './write-rule.ts';
import type { QuizDefinition } from './types.ts';

const CONFORMANCE_SEED = 'conformance';

interface QuizScenario {
  /** "quiz-<quizId>-<questionId>": the recording's name in content/kernel. */
  readonly id: string;
  readonly source: string;
}

export function quizScenarios(quizzes: readonly QuizDefinition[]): QuizScenario[] {
  const out: QuizScenario[] = [];
  for (const quiz of quizzes) {
    for (const def of quiz.questions) {
      if (def.type === 'choice') continue;
      const q = generateQuestion(quiz.id, def, CONFORMANCE_SEED);
      const source = q.type === 'write-rule' ? solutionScript(q) : (q.scenario ?? '');
      out.push({ id: `quiz-${quiz.id}-${def.id}`, source });
    }
  }
  return out;
}
