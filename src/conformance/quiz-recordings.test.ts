// The quizzes' scenarios are compared with the kernel like content/scenarios: each needs its recording.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadQuizzes } from '../quiz/load.ts';
import { quizExtremeScenarios, quizScenarios } from '../quiz/conformance.ts';
import { KERNEL_DIR } from './conformance.ts';

test('every quiz scenario of the course has a kernel recording (npm run conformance -- --record quiz-...)', () => {
  const quizzes = loadQuizzes();
  const missing = [...quizScenarios(quizzes), ...quizExtremeScenarios(quizzes)]
    .map((i) => i.id)
    .filter((id) => !existsSync(join(KERNEL_DIR, `${id}.out`)));
  assert.deepEqual(missing, [], `record them as root: npm run conformance -- --record ${missing.join(' ')}`);
});
