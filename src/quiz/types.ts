// The shapes of quizzes, their variants, learners' answers, grades, assignments and result
// files (docs/quiz-format.md). Pure data: everything here is JSON and runs in Node (the
// `npm run grade` CLI, the build, tests) and in the browser (quiz pages, the gradebook, SCORM).

import type { CaptureLine } from '../grading/capture.ts';
import type { HookStep } from '../grading/path.ts';

export type QuestionType = 'capture' | 'hooks' | 'order-hooks' | 'counters' | 'conntrack' | 'capture-point' | 'choice' | 'write-rule';

export type ParamSpec =
  | { readonly pick: readonly (string | number)[]; readonly notEqual?: readonly string[] }
  | { readonly int: readonly [number, number]; readonly notEqual?: readonly string[] };

export interface LineMatch {
  readonly kind?: CaptureLine['kind'];
  readonly src?: string;
  readonly dst?: string;
}

interface ChoiceOption {
  readonly text: string;
  readonly correct: boolean;
  readonly explanation: string;
}

export type Goal =
  | { readonly ping: number; readonly replies: boolean }
  | { readonly capture: string; readonly match: LineMatch; readonly expect: 'all' | 'some' | 'none' }
  | {
      readonly counter: { readonly ns?: string; readonly table?: string; readonly chain: string; readonly policy?: true; readonly rule?: number };
      readonly packets?: number;
      readonly packetsAtLeast?: number;
    };

/** A question as written in the quiz file: fields may hold `{{param}}` placeholders. */
export interface QuestionDefinition {
  readonly id: string;
  readonly type: QuestionType;
  readonly points: number;
  readonly params: Readonly<Record<string, ParamSpec>>;
  readonly prompt: string;
  readonly explanation: string;
  /** Every type but choice and write-rule. */
  readonly scenario?: string;
  /** capture */
  readonly capture?: string;
  /** capture: fields graded besides kind and addresses ("seq", "id,seq"; see docs/quiz-format.md) */
  readonly fields?: string;
  /** hooks, order-hooks */
  readonly packet?: string;
  /** hooks (default namespace of typed items), counters, conntrack, write-rule (where rules run) */
  readonly ns?: string;
  /** counters */
  readonly chains?: readonly string[];
  readonly table?: string;
  /** conntrack */
  readonly listing?: number;
  /** capture-point */
  readonly match?: LineMatch;
  /** choice */
  readonly options?: readonly ChoiceOption[];
  readonly multiple?: boolean;
  /** write-rule */
  readonly setup?: string;
  readonly probe?: string;
  readonly goals?: readonly Goal[];
  readonly solution?: string;
  readonly maxRules?: number;
}

export interface QuizDefinition {
  readonly id: string;
  readonly title: string;
  readonly part?: number;
  readonly passScore: number;
  readonly questions: readonly QuestionDefinition[];
}

/** A question with its parameters drawn and substituted: what one learner sees. */
export interface QuestionVariant extends QuestionDefinition {
  readonly quizId: string;
  /** "quizId/questionId": the key of its answer in a result file. */
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
  /** The seed the variant was drawn from (set by generateQuestion; names the variant in errors, shuffles order-hooks). */
  readonly seed?: string;
}

export interface QuizVariant {
  readonly quizId: string;
  readonly title: string;
  readonly seed: string;
  readonly passScore: number;
  readonly questions: readonly QuestionVariant[];
}

/** A learner's answer, by question type. Stored verbatim in result files. */
export type Answer =
  | { readonly lines: readonly CaptureLine[] } // capture
  | { readonly steps: readonly HookStep[] } // hooks, order-hooks
  | { readonly selected: readonly string[] } // counters (option ids), capture-point ("NS DEV")
  | { readonly text: string } // conntrack (conntrack -L lines), write-rule (iptables lines)
  | { readonly choices: readonly number[] }; // choice (indexes into options as written)

export interface QuestionGrade {
  readonly key: string;
  readonly type: QuestionType;
  /** 0..1 */
  readonly score: number;
  readonly points: number;
  readonly earned: number;
  readonly answered: boolean;
  /**
   * Human-readable feedback lines (which field was wrong and what it should be, which goal
   * failed, the parse error with its line). They name the right values: shown only where the
   * answer may be (a practice reveal, a graded attempt with none left, the gradebook).
   */
  readonly feedback: readonly string[];
  /**
   * The same, saying WHAT is wrong without the right value ("line 2: the source is wrong",
   * "a line is missing after line 2", "position 1 is wrong"): practice's Check answer and a
   * graded attempt that may be retried. write-rule goals and parse errors (with their line)
   * are the learner's own behaviour and text, so they are hints too.
   */
  readonly hints: readonly string[];
  /**
   * The misconceptions this answer shows, as stable labels the gradebook counts across a
   * class ("capture point: chose default eth0, where the packet is not yet NATed",
   * "hook: INPUT instead of FORWARD"). Empty when right.
   */
  readonly misconceptions: readonly string[];
}

export interface Assignment {
  readonly v: 1;
  readonly title: string;
  readonly quizzes: readonly string[];
  readonly mode: 'graded' | 'practice';
  readonly attempts?: number;
  readonly timeLimitMinutes?: number;
  /** ISO date (YYYY-MM-DD) or date-time. */
  readonly due?: string;
}

export interface ResultFile {
  readonly format: 'packet-path-result';
  readonly formatVersion: 1;
  readonly courseVersion: string;
  readonly assignment: Assignment;
  readonly assignmentId: string;
  readonly student: string;
  readonly seed: string;
  readonly attempt: number;
  readonly startedAt: string;
  readonly submittedAt: string;
  readonly answers: Readonly<Record<string, Answer>>;
  /** Informational: never trusted, always regraded. */
  readonly score?: { readonly earned: number; readonly possible: number };
}

export type RegradeOutcome =
  | {
      readonly ok: true;
      readonly file: string;
      readonly student: string;
      readonly assignmentId: string;
      readonly attempt: number;
      readonly grades: readonly QuestionGrade[];
      readonly earned: number;
      readonly possible: number;
      /** The assignment's pass mark (0..1: its quizzes' pass scores weighted by points) and the verdict against it. */
      readonly passMark: number;
      readonly passed: boolean;
      /** The claimed score, when it differs from the regraded one. */
      readonly tampered?: { readonly claimedEarned: number; readonly claimedPossible: number };
      /** Late, over the time limit, seed that did not match, more attempts than allowed... */
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly file: string; readonly error: string };

/** An attempt that was started (its questions shown) but never submitted: a reload resumes it. */
export interface OpenAttempt {
  readonly attempt: number;
  /** ms since the epoch */
  readonly startedAt: number;
}
