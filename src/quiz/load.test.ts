import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadQuizzes } from './load.ts';
import { courseVersion } from './version.ts';

const choice = (id: string, part?: number) =>
  `id: ${id}\ntitle: ${id}\n${part ? `part: ${part}\n` : ''}questions:\n  - id: c\n    type: choice\n    prompt: p\n    explanation: e\n    keyPoint: { what: k }\n    options:\n      - { text: a, correct: true, explanation: e }\n      - { text: b, correct: false, explanation: e }\n`;

function lessons(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'quiz-load-'));
  for (const [dir, text] of Object.entries(files)) {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'quiz.yaml'), text);
  }
  return root;
}

test('loadQuizzes: sorted by part, the final exam last', () => {
  const root = lessons({ '08-final-exam': choice('final'), '02-b': choice('part-2', 2), '01-a': choice('part-1', 1), '03-none': '' });
  try {
    assert.throws(() => loadQuizzes(root), /03-none\/quiz\.yaml: invalid quiz file/);
    rmSync(join(root, '03-none'), { recursive: true });
    assert.deepEqual(loadQuizzes(root).map((q) => q.id), ['part-1', 'part-2', 'final']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loadQuizzes: duplicate quiz ids, YAML errors and a part that does not match its directory are errors naming the file', () => {
  const root = lessons({ '01-a': choice('same', 1), '02-b': choice('same', 2) });
  const bad = lessons({ '01-a': 'id: [unclosed' });
  const part = lessons({ '01-a': choice('p', 4) });
  try {
    assert.throws(() => loadQuizzes(root), /02-b\/quiz\.yaml: quiz id "same" is already used by .*01-a\/quiz\.yaml/);
    assert.throws(() => loadQuizzes(bad), /01-a\/quiz\.yaml: not valid YAML/);
    assert.throws(() => loadQuizzes(part), /part: 4, but the file is in 01-a/);
  } finally {
    for (const r of [root, bad, part]) rmSync(r, { recursive: true, force: true });
  }
});

test('courseVersion: package version + 8 hex digits that change with the quizzes, not their order', () => {
  const root = lessons({ '01-a': choice('part-1', 1), '02-b': choice('part-2', 2) });
  try {
    const quizzes = loadQuizzes(root);
    const v = courseVersion('0.1.0', quizzes);
    assert.match(v, /^0\.1\.0\+[0-9a-f]{8}$/);
    assert.equal(courseVersion('0.1.0', [...quizzes].reverse()), v);
    assert.notEqual(courseVersion('0.1.0', [{ ...quizzes[0]!, passScore: 0.5 }, quizzes[1]!]), v);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loadQuizzes: a "{{" or "}}" a learner would see after substitution is an error naming the question, field and seed', () => {
  const withText = (prompt: string, params = '    params:\n      d: { pick: ["10.0.0", "10.1.0"] }\n') =>
    `id: q\ntitle: q\npart: 1\nquestions:\n  - id: c\n    type: choice\n${params}    prompt: "${prompt}"\n    explanation: e\n    keyPoint: { what: k }\n    options:\n      - { text: a, correct: true, explanation: e }\n      - { text: b, correct: false, explanation: e }\n`;
  const cases: [string, RegExp][] = [
    ['c1 ({{d}}.2) and {{ d }}.3 and {{d == \\"10.0.0\\" ? \\"ten\\" : \\"other\\"}}', /^$/],
    ['an unclosed {{d placeholder', /question c, prompt: "\{\{d placeholder" is left after substitution \(seed "load-check:0"\)/],
    ['stray }} braces', /question c, prompt: "\}\}" is left after substitution/],
  ];
  for (const [prompt, expected] of cases) {
    const root = lessons({ '01-a': withText(prompt) });
    try {
      if (expected.source === '^$') assert.equal(loadQuizzes(root)[0]!.questions.length, 1);
      else assert.throws(() => loadQuizzes(root), expected, prompt);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
});
