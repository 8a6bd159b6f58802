// The hook walks the course shows are checked against the kernel's recorded traces
// (content/kernel/hooks, made by `npm run conformance -- --hooks --record` as root): an engine
// change that moves a walk away from the kernel fails here, without root.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildLabModel } from '../lab/lab-model.ts';
import { compareItem, HOOKS_DIR, lessonHookItems, parseTraces, quizHookItems } from './hooks-check.ts';

test('every hook walk of the lessons, labs and quizzes equals the kernel recorded trace', async () => {
  const items = [...lessonHookItems(), ...(await quizHookItems())];
  assert.ok(items.length > 50, 'the items are found');
  const missing: string[] = [];
  const differ: string[] = [];
  for (const scenario of new Set(items.map((i) => i.scenario))) {
    const path = join(HOOKS_DIR, `${scenario}.trace`);
    if (!existsSync(path)) {
      missing.push(scenario);
      continue;
    }
    const traces = parseTraces(readFileSync(path, 'utf8'));
    const model = buildLabModel(items.find((i) => i.scenario === scenario)!.source);
    for (const item of items.filter((i) => i.scenario === scenario)) {
      const r = compareItem(item, model, traces);
      if (r.differ > 0) differ.push(r.text);
    }
  }
  assert.deepEqual(missing, [], `record them as root: npm run conformance -- --hooks --record ${missing.join(' ')}`);
  assert.deepEqual(differ, []);
});
