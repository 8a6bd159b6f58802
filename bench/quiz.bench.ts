// `npm run bench` (after the engine bench): the quiz core's time.
// 1. Regrading 1,000 result files (each one student's attempt at one quiz of the course,
//    answers a mix of right, partly right and empty):
//    - cold: every memo emptied first (engine runs, parses, templates: clearAllMemos), in this
//      process, whose code is already compiled: aim under 2 s;
//    - a new process (the median of three): the same, plus V8 compiling the code as it goes,
//      as on a gradebook page just opened;
//    - warm: the same files again.
// 2. Generating 100 variants of every quiz, with every expected answer computed by the engine.
// Timing lives here, never in tests.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { assignmentId } from '../src/quiz/assignment.ts';
import { clearAllMemos } from '../src/net/lru.ts';
import { expectedAnswer, revealAnswer } from '../src/quiz/expected.ts';
import { fixtureQuiz } from '../src/quiz/fixtures/fixtures.ts';
import { loadQuizzes } from '../src/quiz/load.ts';
import { buildGradebook, makeResultFile, regradeResult, resultsToCsv } from '../src/quiz/result.ts';
import type { RegradeOutcome } from '../src/quiz/types.ts';
import { generateQuiz, studentSeed } from '../src/quiz/variant.ts';
import { courseVersion } from '../src/quiz/version.ts';
import type { Answer, Assignment, QuestionVariant, QuizDefinition } from '../src/quiz/types.ts';

const FILES = 1_000;
const AIM_MS = 2_000;
const VARIANTS = 100;
const COLD_PROCESSES = 3;
const NOW = Date.parse('2026-12-01T00:00:00Z');

// The child: `quiz.bench.ts --regrade FILE` loads the bank (a page load, not timed), regrades
// the files in FILE and prints its wall and CPU milliseconds as JSON.
const childAt = process.argv.indexOf('--regrade');
if (childAt >= 0) {
  const quizzes = loadQuizzes();
  const version = courseVersion('0.0.0-bench', quizzes);
  const files = JSON.parse(readFileSync(process.argv[childAt + 1]!, 'utf8')) as { name: string; text: string }[];
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let graded = 0;
  for (const f of files) if (regradeResult(f.name, f.text, quizzes, version, { now: NOW }).ok) graded++;
  const c = process.cpuUsage(c0);
  console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, graded }));
  process.exit(0);
}

const loaded = loadQuizzes();
const quizzes: QuizDefinition[] = loaded.length > 0 ? loaded : [fixtureQuiz('nat.yaml')];
const version = courseVersion('0.0.0-bench', quizzes);

/** A learner's answer: right for most, emptied or trimmed for some (deterministic by index). */
function answerFor(q: QuestionVariant, i: number): Answer | undefined {
  const right = revealAnswer(q);
  switch (i % 5) {
    case 0:
      return undefined;
    case 1: {
      if ('lines' in right) return { lines: right.lines.slice(1) };
      if ('steps' in right) return { steps: [...right.steps].reverse() };
      if ('selected' in right) return { selected: right.selected.slice(1) };
      if ('choices' in right) return { choices: [0] };
      return { text: '' };
    }
    default:
      return right;
  }
}

console.log(`Quiz core: ${quizzes.length} quiz(zes), ${quizzes.reduce((s, q) => s + q.questions.length, 0)} questions${loaded.length === 0 ? ' (fixture: the course has none yet)' : ''}`);

// --- 1,000 result files ------------------------------------------------------------------------
const files: { name: string; text: string }[] = [];
for (let i = 0; i < FILES; i++) {
  const quiz = quizzes[i % quizzes.length]!;
  const assignment: Assignment = { v: 1, title: `Week ${quiz.id}`, quizzes: [quiz.id], mode: 'graded', attempts: 2 };
  const student = `Student ${i}`;
  const variant = generateQuiz(quiz, studentSeed(assignmentId(assignment), student));
  const answers: Record<string, Answer> = {};
  for (const q of variant.questions) {
    const a = answerFor(q, i + q.id.length);
    if (a !== undefined) answers[q.key] = a;
  }
  const result = makeResultFile({ courseVersion: version, assignment, student, attempt: 1, startedAt: '2026-11-26T10:00:00.000Z', submittedAt: '2026-11-26T10:14:12.000Z', answers });
  files.push({ name: `student-${i}.json`, text: JSON.stringify(result) });
}

/** Wall time and this process's CPU time (the machine may be busy with other work). */
let outcomes: RegradeOutcome[] = [];
function regradeAll(): { ms: number; cpuMs: number; graded: number } {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let graded = 0;
  outcomes = files.map((f) => regradeResult(f.name, f.text, quizzes, version, { now: NOW }));
  for (const o of outcomes) if (o.ok) graded++;
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, graded };
}

/** The cold regrade in new processes: the runs, and the median by wall time. */
function regradeCold(): { runs: { ms: number; cpuMs: number; graded: number }[]; median: { ms: number; cpuMs: number; graded: number } } {
  const dir = mkdtempSync(join(tmpdir(), 'packet-path-bench-'));
  try {
    const path = join(dir, 'files.json');
    writeFileSync(path, JSON.stringify(files));
    const runs = Array.from({ length: COLD_PROCESSES }, () =>
      JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--regrade', path], { encoding: 'utf8' })) as { ms: number; cpuMs: number; graded: number },
    );
    const sorted = [...runs].sort((a, b) => a.ms - b.ms);
    return { runs, median: sorted[Math.floor(sorted.length / 2)]! };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fresh = regradeCold();
clearAllMemos();
const cold = regradeAll();
const warm = regradeAll();
const f = fresh.median;
console.log(`\nRegrade ${FILES} result files (aim < ${AIM_MS} ms cold)`);
console.log('                                           wall      cpu');
console.log(`  cold (every memo emptied)               ${cold.ms.toFixed(0).padStart(6)} ms ${cold.cpuMs.toFixed(0).padStart(6)} ms  ${(cold.ms / FILES).toFixed(2)} ms/file  ${cold.graded} graded  ${cold.ms < AIM_MS ? 'within the aim' : 'OVER THE AIM'}`);
console.log(`  a new process (+ compiling, median of ${COLD_PROCESSES}) ${f.ms.toFixed(0).padStart(6)} ms ${f.cpuMs.toFixed(0).padStart(6)} ms  ${(f.ms / FILES).toFixed(2)} ms/file  ${f.graded} graded  (runs: ${fresh.runs.map((r) => r.ms.toFixed(0)).join(', ')} ms)`);
console.log(`  warm (same files again)                 ${warm.ms.toFixed(0).padStart(6)} ms ${warm.cpuMs.toFixed(0).padStart(6)} ms  ${(warm.ms / FILES).toFixed(2)} ms/file`);
// The files compared with each other (duplicates, attempts, best/last) and the CSV, on every change of the gradebook.
{
  const t0 = performance.now();
  const book = buildGradebook(outcomes);
  const csv = resultsToCsv(outcomes);
  console.log(`  then the gradebook (compare + CSV)     ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${book.rows.length} rows, ${book.students.length} students, ${(csv.length / 1024).toFixed(0)} KB of CSV`);
}

// --- 100 variants of every quiz --------------------------------------------------------------
console.log(`\nGenerate ${VARIANTS} variants of every quiz, expected answers computed (cold)`);
clearAllMemos();
let total = 0;
for (const quiz of quizzes) {
  const t0 = performance.now();
  for (let i = 0; i < VARIANTS; i++) for (const q of generateQuiz(quiz, `bench:${i}`).questions) expectedAnswer(q);
  const ms = performance.now() - t0;
  total += ms;
  console.log(`  ${quiz.id.padEnd(20)} ${ms.toFixed(0).padStart(6)} ms  ${(ms / (VARIANTS * quiz.questions.length)).toFixed(2)} ms/question`);
}
console.log(`  all quizzes          ${total.toFixed(0).padStart(6)} ms`);
