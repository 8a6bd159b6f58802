// The quiz pages' engine methods: what they answer survives the structured clone to the page
// unchanged, grading a sealed variant works as on the page, and the result file is the one the
// gradebook reads.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadQuizzes } from '../../quiz/load.ts';
import { revealAnswer } from '../../quiz/expected.ts';
import { parseResultFile } from '../../quiz/result.ts';
import { sealQuiz } from '../../quiz/seal.ts';
import { practiceSeed, studentSeed } from '../../quiz/seeds.ts';
import { assignmentId } from '../../quiz/assignment.ts';
import { quizHandlers } from './handlers-quiz.ts';

const quiz = sealQuiz(loadQuizzes('lessons').find((q) => q.id === 'part-1')!, 'test-version');

test('quiz.prepare draws the variant of a seed, clone-safe, the same every time', () => {
  const prepared = quizHandlers['quiz.prepare']({ definitions: [quiz], seed: practiceSeed(2) });
  assert.equal(prepared.seed, 'practice:2');
  assert.equal(prepared.questions[0]!.length, quiz.questions.length);
  assert.deepEqual(structuredClone(prepared), prepared);
  assert.deepEqual(quizHandlers['quiz.prepare']({ definitions: [quiz], seed: practiceSeed(2) }), prepared);
  assert.notDeepEqual(quizHandlers['quiz.prepare']({ definitions: [quiz], seed: practiceSeed(3) }).variants, prepared.variants);
});

test('quiz.grade and quiz.answerText: the revealed answer of every question is right; answers are text', () => {
  const prepared = quizHandlers['quiz.prepare']({ definitions: [quiz], seed: practiceSeed(1) });
  for (const p of prepared.questions[0]!) {
    const grade = quizHandlers['quiz.grade']({ question: structuredClone(p.question), answer: revealAnswer(p.question) });
    assert.equal(grade.earned, grade.points, p.question.key);
    assert.deepEqual(structuredClone(grade), grade);
    const text = quizHandlers['quiz.answerText'](structuredClone(p));
    assert.equal(typeof text, 'string');
    assert.ok(text.length > 0);
  }
});

test('quiz.gradeAll scores every answer; quiz.resultFile is a result file the gradebook reads', () => {
  const prepared = quizHandlers['quiz.prepare']({ definitions: [quiz], seed: 'a:alan' });
  const answers = Object.fromEntries(prepared.questions[0]!.slice(0, 2).map((p) => [p.question.key, revealAnswer(p.question)]));
  const { grades, score } = quizHandlers['quiz.gradeAll']({ variants: prepared.variants, answers });
  assert.equal(grades.length, quiz.questions.length);
  assert.ok(score.earned > 0 && score.earned < score.possible);
  const file = quizHandlers['quiz.resultFile']({
    courseVersion: 'test-version',
    assignment: { v: 1, title: 'T', quizzes: ['part-1'], mode: 'graded' },
    student: 'Alan',
    attempt: 1,
    startedAt: Date.UTC(2026, 0, 1),
    submittedAt: Date.UTC(2026, 0, 1, 0, 10),
    answers,
    quizzes: [quiz],
  });
  assert.deepEqual(structuredClone(file), file);
  const parsed = parseResultFile(JSON.stringify(file));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
});

test("quiz.regrade and quiz.review: the gradebook's grading in the worker regrades, catches a raised score, reviews", () => {
  const assignment = { v: 1, title: 'T', quizzes: ['part-1'], mode: 'graded' } as const;
  // Alan's own variant, as the assignment page draws it: the right answer to its first question only.
  const prepared = quizHandlers['quiz.prepare']({ definitions: [quiz], seed: studentSeed(assignmentId(assignment), 'Alan') });
  const answers = Object.fromEntries(prepared.questions[0]!.slice(0, 1).map((p) => [p.question.key, revealAnswer(p.question)]));
  const file = quizHandlers['quiz.resultFile']({ courseVersion: 'test-version', assignment, student: 'Alan', attempt: 1, startedAt: Date.UTC(2026, 0, 1), submittedAt: Date.UTC(2026, 0, 1, 0, 10), answers, quizzes: [quiz] });
  const now = Date.UTC(2026, 0, 2);
  const honest = quizHandlers['quiz.regrade']({ fileName: 'alan.json', text: JSON.stringify(file), quizzes: [quiz], courseVersion: 'test-version', now });
  assert.ok(honest.outcome.ok);
  assert.equal(honest.outcome.tampered, undefined);
  assert.equal(honest.assignment?.title, 'T');
  assert.deepEqual(structuredClone(honest), honest);
  // A student who raised the score in the file is regraded on the answers, and flagged.
  const raised = { ...file, score: { earned: 999, possible: (file as { score: { possible: number } }).score.possible } };
  const tampered = quizHandlers['quiz.regrade']({ fileName: 'alan2.json', text: JSON.stringify(raised), quizzes: [quiz], courseVersion: 'test-version', now });
  assert.ok(tampered.outcome.ok && tampered.outcome.tampered);
  assert.equal(tampered.outcome.ok && tampered.outcome.earned, honest.outcome.ok && honest.outcome.earned);
  const bad = quizHandlers['quiz.regrade']({ fileName: 'x.json', text: 'not json', quizzes: [quiz], courseVersion: 'test-version', now });
  assert.equal(bad.outcome.ok, false);
  assert.equal(bad.assignment, undefined);

  const review = quizHandlers['quiz.review']({ text: JSON.stringify(file), quizzes: [quiz] });
  assert.ok(review.ok);
  assert.equal(review.ok && review.review.length, quiz.questions.length);
  assert.equal(review.ok && review.review.filter((r) => r.earned >= r.points - 1e-9).length, 1);
  assert.deepEqual(quizHandlers['quiz.review']({ text: '{}', quizzes: [quiz] }).ok, false);
});
