import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assignmentId } from '../quiz/assignment.ts';
import { revealAnswer } from '../quiz/expected.ts';
import { fixtureQuiz } from '../quiz/fixtures/fixtures.ts';
import { gradeFiles } from './grade-files.ts';
import { loadQuizzes } from '../quiz/load.ts';
import { makeResultFile } from '../quiz/result.ts';
import { generateQuiz, studentSeed } from '../quiz/variant.ts';
import { courseVersion } from '../quiz/version.ts';
import type { Assignment, QuizDefinition } from '../quiz/types.ts';

function resultText(quizzes: readonly QuizDefinition[], version: string, student: string): string {
  const assignment: Assignment = { v: 1, title: 'CLI', quizzes: [quizzes[0]!.id], mode: 'graded' };
  const v = generateQuiz(quizzes[0]!, studentSeed(assignmentId(assignment), student));
  const answers = Object.fromEntries(v.questions.map((q) => [q.key, revealAnswer(q)]));
  return JSON.stringify(makeResultFile({ courseVersion: version, assignment, student, attempt: 1, startedAt: '2026-01-01T10:00:00Z', submittedAt: '2026-01-01T10:10:00Z', answers, quizzes }));
}

test('gradeFiles: CSV on stdout, FILE: message on stderr, one bad file does not stop the others', () => {
  const quizzes = [fixtureQuiz('nat.yaml')];
  const version = courseVersion('0.1.0', quizzes);
  const dir = mkdtempSync(join(tmpdir(), 'grade-cli-'));
  try {
    writeFileSync(join(dir, 'ada.json'), resultText(quizzes, version, 'Ada'));
    writeFileSync(join(dir, 'bad.json'), '{');
    writeFileSync(join(dir, 'huge.json'), 'x'.repeat(1_000_001));
    const run = gradeFiles([join(dir, 'ada.json'), join(dir, 'bad.json'), join(dir, 'missing.json'), join(dir, 'huge.json'), dir], quizzes, version);
    assert.equal(run.exitCode, 1);
    assert.equal(run.stdout.split('\r\n').length, 3);
    assert.ok(run.stdout.startsWith('\uFEFFstudent,title,assignment,attempt,submitted,file,best,last,'));
    assert.match(run.stdout, /\r\nAda,CLI,\w+,1,2026-01-01T10:10:00Z,[^,]*ada\.json,yes,yes,/);
    assert.match(run.stderr, /bad\.json: not a JSON file/);
    assert.match(run.stderr, /missing\.json: no such file/);
    assert.match(run.stderr, /huge\.json: the file is larger than 1 MB/);
    assert.match(run.stderr, /grade-cli-[^:]*: not a file/);
    assert.equal(gradeFiles([join(dir, 'ada.json')], quizzes, version).exitCode, 0);
    // The same file under two names: graded once, said on stderr.
    writeFileSync(join(dir, 'ada-again.json'), readFileSync(join(dir, 'ada.json')));
    const twice = gradeFiles([join(dir, 'ada.json'), join(dir, 'ada-again.json')], quizzes, version);
    assert.equal(twice.stdout.split('\r\n').length, 3);
    assert.match(twice.stderr, /ada-again\.json: warning: same file as .*ada\.json: graded once, there/);
    assert.equal(gradeFiles([], quizzes, version).exitCode, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run grade: the real command, against the course quizzes and package version', () => {
  const quizzes = loadQuizzes();
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const dir = mkdtempSync(join(tmpdir(), 'grade-cli-'));
  // What npm run grade runs (the bundle, src/bin/cli.mjs); the usage error from the sources.
  const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
  const source = fileURLToPath(new URL('./grade.ts', import.meta.url));
  try {
    writeFileSync(join(dir, 'r.json'), resultText(quizzes, courseVersion(pkg.version, quizzes), 'Grace Hopper'));
    const ok = spawnSync(process.execPath, [cli, 'grade', join(dir, 'r.json')], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    // UTF-8 with a byte order mark (Excel reads accented names right), then the header.
    assert.ok(ok.stdout.startsWith('\uFEFFstudent,title,assignment,attempt,submitted,file,best,last,'), ok.stdout.slice(0, 80));
    const [head, row] = ok.stdout.slice(1).split('\r\n').map((l) => l.split(','));
    assert.match(ok.stdout, /\r\nGrace Hopper,CLI,\w+,1,2026-01-01T10:10:00Z,[^,]*r\.json,yes,yes,.*,100,\r\n$/);
    // The question cells add up to the total.
    const questions = head!.slice(8, head!.indexOf('total')).map((_, i) => Number(row![8 + i]));
    assert.equal(Math.round(questions.reduce((a, b) => a + b, 0) * 100) / 100, Number(row![head!.indexOf('total')]));
    const usage = spawnSync(process.execPath, [source], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: npm run grade -- /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

