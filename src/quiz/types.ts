// The shapes of quizzes, their variants, learners' answers, grades, assignments and result
// files (docs/quiz-format.md). Pure data: everything here is JSON and runs in Node (the
// `npm run grade` CLI, the build, tests) and in the browser (quiz pages, the gradebook, SCORM).

import type { CaptureLine } from '../grading/capture.ts';
import type { HookStep } from '../grading/path.ts';

export type QuestionType = 'capture' | 'hooks' | 'order-hooks' | 'counters' | 'conntrack' | 'capture-point' | 'choice' | 'write-rule' | 'state';

export type ParamSpec =
  | { readonly pick: readonly (string | number)[]; readonly notEqual?: readonly string[] }
  | { readonly int: readonly [number, number]; readonly notEqual?: readonly string[] };

export interface LineMatch {
  readonly kind?: CaptureLine['kind'];
  readonly src?: string;
  readonly dst?: string;
}

export interface ChoiceOption {
  readonly text: string;
  /**
   * Whether choosing it is right. Absent in definitions shipped to the browser: there the
   * answer is `sealed` instead (src/quiz/seal.ts), so page source holds no plain answer.
   */
  readonly correct?: boolean;
  /** A keyed hash of (course salt, quiz, question, option, correct): what the browser gets instead of `correct`. */
  readonly sealed?: string;
  readonly explanation: string;
  /** Misconception ids (lessons/misconceptions.yaml) a learner holding them picks this option for. */
  readonly shows?: readonly string[];
}

/**
 * The decisive part of a question (docs/quiz-format.md, "Key points"): a wrong key point earns
 * no credit however much else is right. `what` says it in words (for authors and teachers; a
 * hint may show it, it never names a value); the other fields say it per question type.
 */
export interface KeyPoint {
  readonly what: string;
  /** capture: the expected lines it is about (default: every line)... */
  readonly lines?: LineMatch;
  /** ...and their fields that must be right (capture: kind/src/dst; conntrack: unreplied, replySrc, ...). */
  readonly fields?: readonly string[];
  /** hooks, order-hooks: the hook (and optionally namespace) every occurrence of which must be right. */
  readonly hook?: string;
  readonly ns?: string;
  /** counters: "CHAIN N", "CHAIN policy" or "CHAIN" (each of its options) that must be right. */
  readonly counters?: readonly string[];
  /** capture-point: the "NS DEV" points that must be right (default: every one). */
  readonly points?: readonly string[];
  /** write-rule: the goals (1-based) that must be met. */
  readonly goals?: readonly number[];
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
  /** The decisive part (every question in a quiz file declares one: the schema requires it). */
  readonly keyPoint?: KeyPoint;
  /** Misconception ids this question is aimed at: a learner holding one of them must fail its key point. */
  readonly targets?: readonly string[];
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
  /** state: the flow, as <PredictState flow> picks it (a flow id, or text its first packet's summary contains). */
  readonly flow?: string;
  /** state: what is asked, as <PredictState ask>: a socket's state, which end keeps TIME-WAIT, conntrack's entry (in `ns`). */
  readonly ask?: 'socket' | 'time-wait' | 'conntrack';
  /** state, ask socket: whose socket. */
  readonly side?: 'client' | 'server';
  /** state, ask socket or conntrack: after which packet of the flow ("3", "SYN-ACK", "SYN#2"). */
  readonly after?: string;
}

export interface QuizDefinition {
  readonly id: string;
  readonly title: string;
  readonly part?: number;
  readonly passScore: number;
  readonly questions: readonly QuestionDefinition[];
  /** Set when choice answers are sealed (definitions shipped to the browser): the salt of their hashes. */
  readonly sealSalt?: string;
}

/** A question with its parameters drawn and substituted: what one learner sees. */
export interface QuestionVariant extends QuestionDefinition {
  readonly quizId: string;
  /** "quizId/questionId": the key of its answer in a result file. */
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
  /** The seed the variant was drawn from (set by generateQuestion; names the variant in errors, shuffles order-hooks). */
  readonly seed?: string;
  /** The salt the quiz's choice answers are sealed with, when they are (see ChoiceOption.sealed). */
  readonly sealSalt?: string;
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
  | { readonly choices: readonly number[] } // choice (indexes into options as written)
  | { readonly state: string; readonly unreplied?: boolean; readonly assured?: boolean }; // state (one of the offered choices; conntrack: its flags)

/** One question's grade before it becomes a QuestionGrade: what each question kind's grader returns. */
export interface Scored {
  score: number;
  feedback: string[];
  /** What is wrong, never the right value (see QuestionGrade.hints). */
  hints: string[];
  misconceptions: string[];
  /** The key point is wrong: no credit, however much else is right (docs/quiz-format.md, "Key points"). */
  keyMissed?: boolean;
  /** Not an answer (nothing, every box ticked, the options left as given, no rule): no credit, and why. */
  nonAnswer?: string;
}

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
  /** The day the link was made (YYYY-MM-DD, UTC): a result file started before it is flagged. */
  readonly created?: string;
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
      /** The gradebook's fields (src/quiz/result.ts): the assignment's title, the student compared as normalizeStudent does, the file's times as written, a hash of its content. */
      readonly title?: string;
      readonly studentKey?: string;
      readonly startedAt?: string;
      readonly submittedAt?: string;
      readonly contentKey?: string;
      readonly attemptsAllowed?: number;
    }
  | { readonly ok: false; readonly file: string; readonly error: string };

/** An attempt that was started (its questions shown) but never submitted: a reload resumes it. */
export interface OpenAttempt {
  readonly attempt: number;
  /** ms since the epoch */
  readonly startedAt: number;
}
