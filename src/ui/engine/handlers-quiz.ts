// The quiz pages' engine methods, run in the engine worker (worker.ts) so that drawing a variant
// and grading never hold up the page (src/ui/quiz/mount.ts calls them). Every argument and
// value is plain data (structured-clone safe): quiz definitions as the page embeds them (choice
// answers sealed), prepared questions, answers, grades, result files. Nothing is kept between
// calls: each carries what it needs.

import { answerText, gradeAll, gradeQuestion, parseResultFile, prepareQuizNow, regradeResult, resultFile, reviewResult, type PreparedQuestion, type PreparedQuiz, type QuestionReview, type Score } from '../../quiz/core.ts';
import type { Answer, Assignment, QuestionGrade, QuestionVariant, QuizDefinition, QuizVariant, RegradeOutcome, ResultFile } from '../../quiz/types.ts';

export interface QuizPrepareArg {
  readonly definitions: readonly QuizDefinition[];
  readonly seed: string;
}

export interface QuizGradeArg {
  readonly question: QuestionVariant;
  readonly answer: Answer;
}

export interface QuizGradeAllArg {
  readonly variants: readonly QuizVariant[];
  readonly answers: Readonly<Record<string, Answer>>;
}

export interface QuizResultArg {
  readonly courseVersion: string;
  readonly assignment: Assignment;
  readonly student: string;
  readonly attempt: number;
  readonly startedAt: number;
  readonly submittedAt: number;
  readonly answers: Readonly<Record<string, Answer>>;
  readonly quizzes: readonly QuizDefinition[];
}

/** The gradebook's: one result file as the teacher gave it, regraded against the page's quizzes. */
export interface QuizRegradeArg {
  readonly fileName: string;
  readonly text: string;
  readonly quizzes: readonly QuizDefinition[];
  readonly courseVersion: string;
  /** The grader's clock (ms since the epoch). */
  readonly now: number;
}

export interface QuizReviewArg {
  readonly text: string;
  readonly quizzes: readonly QuizDefinition[];
}

export type QuizReviewValue = { readonly ok: true; readonly review: QuestionReview[] } | { readonly ok: false; readonly error: string };

export const quizHandlers = {
  /** A variant of the quizzes for a seed: every question with its choices, topology and commands. */
  'quiz.prepare'(arg: QuizPrepareArg): PreparedQuiz {
    return prepareQuizNow(arg.definitions, arg.seed);
  },
  /** Practice's Check answer: one question graded (its hints are shown, not its feedback). */
  'quiz.grade'(arg: QuizGradeArg): QuestionGrade {
    return gradeQuestion(arg.question, arg.answer);
  },
  /** Practice's Reveal answer: the engine's answer as text. */
  'quiz.answerText'(prepared: PreparedQuestion): string {
    return answerText(prepared);
  },
  /** Submit: every answer graded, the score and the pass mark. */
  'quiz.gradeAll'(arg: QuizGradeAllArg): { grades: QuestionGrade[]; score: Score } {
    return gradeAll(arg.variants, arg.answers);
  },
  /** Submit in an assignment: the result file the student hands in. */
  'quiz.resultFile'(arg: QuizResultArg): ResultFile {
    return resultFile(arg);
  },
  /** The gradebook: a file regraded (never trusting its score), and the assignment it names. */
  'quiz.regrade'(arg: QuizRegradeArg): { outcome: RegradeOutcome; assignment?: Assignment } {
    const outcome = regradeResult(arg.fileName, arg.text, arg.quizzes, arg.courseVersion, { now: arg.now });
    if (!outcome.ok) return { outcome };
    const parsed = parseResultFile(arg.text);
    return parsed.ok ? { outcome, assignment: parsed.result.assignment } : { outcome };
  },
  /** The gradebook's answer view: each question of the student's own variant, their answer beside the right one. */
  'quiz.review'(arg: QuizReviewArg): QuizReviewValue {
    const parsed = parseResultFile(arg.text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    return { ok: true, review: reviewResult(parsed.result, arg.quizzes) };
  },
};

/** The quiz methods' names, arguments and values, for typed calls from the page. */
export type QuizMethods = typeof quizHandlers;
