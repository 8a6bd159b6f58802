// The quiz core and the engine: what the engine worker runs for the quiz pages (src/ui/engine/handlers-quiz.ts),
// what the build runs to put a practice page's questions in its HTML, and the gradebook's grader:
// decoding assignments, drawing variants, the choices each question offers, grading, the
// result file. Nothing here touches the DOM.

import { assignmentId, decodeAssignment } from './assignment.ts';
import { questionChoices, revealAnswer, scenarioFacts, variantFacts, type QuestionChoices } from './expected.ts';
import { gradeQuestion, gradeQuiz } from './grade.ts';
import { makeResultFile, parseResultFile, regradeResult, resultsToCsv, classReport, buildGradebook, keptOutcomes, rowFlags, GRACE_MS, type ClassReport, type Gradebook, type GradebookRow, type Kept, type StudentSummary } from './result.ts';
import { expectedStateAnswer } from './state.ts';
import { reviewResult, type QuestionReview } from './review.ts';
import { passes, passMarkOf } from './score.ts';
import { generateQuiz, practiceSeed, studentSeed } from './variant.ts';
import { describeGoal } from './write-rule.ts';
import { describeTopology, layoutTopology, type TopologyLayout } from '../lab/topology-layout.ts';
import { formatCaptureLine } from '../grading/capture.ts';
import type { Answer, Assignment, QuestionGrade, QuestionVariant, QuizDefinition, QuizVariant, ResultFile } from './types.ts';

export { pickQuizzes } from './pick.ts';
export { assignmentId, decodeAssignment, studentSeed, practiceSeed, gradeQuestion, parseResultFile, regradeResult, resultsToCsv, classReport };
// The gradebook's (src/ui/quiz/gradebook-page.ts): files compared with each other, the answer view.
export { buildGradebook, keptOutcomes, rowFlags, reviewResult, GRACE_MS };
export type { ClassReport, Gradebook, GradebookRow, Kept, QuestionReview, StudentSummary };

/** What the quiz core prepared for one question. */
export interface PreparedQuestion {
  readonly question: QuestionVariant;
  readonly choices: QuestionChoices;
  readonly topology?: { readonly layout: TopologyLayout; readonly description: string };
  /** The commands to show: the scenario, or a write-rule's setup and probe. */
  readonly scenario?: { readonly title: string; readonly text: string }[];
  /** write-rule: the goals in words. */
  readonly goals?: readonly string[];
}

export interface PreparedQuiz {
  readonly seed: string;
  readonly variants: readonly QuizVariant[];
  /** Per quiz, its questions in order. */
  readonly questions: readonly (readonly PreparedQuestion[])[];
}

function prepareQuestion(q: QuestionVariant): PreparedQuestion {
  const choices = questionChoices(q);
  if (q.type === 'choice') return { question: q, choices };
  if (q.type === 'write-rule') {
    const model = scenarioFacts(`${q.setup ?? ''}\n${q.probe ?? ''}\n`, false).model;
    return {
      question: q,
      choices,
      topology: { layout: layoutTopology(model.topology, 'narrow'), description: describeTopology(model.topology) },
      scenario: [
        { title: 'The setup (runs first):', text: (q.setup ?? '').trimEnd() },
        { title: 'Your rules run here, then the probe:', text: (q.probe ?? '').trimEnd() },
      ],
      goals: (q.goals ?? []).map((g) => describeGoal(g, q.probe ?? '')),
    };
  }
  const { model } = variantFacts(q);
  return {
    question: q,
    choices,
    topology: { layout: layoutTopology(model.topology, 'narrow'), description: describeTopology(model.topology) },
    scenario: [{ title: 'The scenario', text: (q.scenario ?? '').trimEnd() }],
  };
}

/** Lets the page paint and take input between two engine runs (not a timer: fake clocks in tests leave it alone). */
function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Every question's variant and choices at once (the build, the engine worker: no page to pause for). */
export function prepareQuizNow(definitions: readonly QuizDefinition[], seed: string): PreparedQuiz {
  const variants = definitions.map((d) => generateQuiz(d, seed));
  return { seed, variants, questions: variants.map((v) => v.questions.map(prepareQuestion)) };
}

/** Every question's variant and choices; the engine runs once per question, with a pause for the page in between. */
export async function prepareQuiz(definitions: readonly QuizDefinition[], seed: string): Promise<PreparedQuiz> {
  const variants = definitions.map((d) => generateQuiz(d, seed));
  const questions: PreparedQuestion[][] = [];
  for (const v of variants) {
    const list: PreparedQuestion[] = [];
    for (const q of v.questions) {
      list.push(prepareQuestion(q));
      await yieldToPage();
    }
    questions.push(list);
  }
  return { seed, variants, questions };
}

export interface Score {
  readonly earned: number;
  readonly possible: number;
  readonly passed: boolean;
  /** The pass mark used, 0..1: the quizzes' pass scores weighted by their points. */
  readonly passMark: number;
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

export function gradeAll(variants: readonly QuizVariant[], answers: Readonly<Record<string, Answer>>): { grades: QuestionGrade[]; score: Score } {
  const grades: QuestionGrade[] = [];
  let earned = 0;
  let possible = 0;
  for (const v of variants) {
    const g = gradeQuiz(v, answers);
    grades.push(...g.grades);
    earned += g.earned;
    possible += g.possible;
  }
  // The same pass mark and verdict as the gradebook (gradeAssignment) and the SCORM package.
  const passMark = passMarkOf(variants);
  return { grades, score: { earned: round(earned), possible: round(possible), passMark, passed: passes(earned, possible, passMark) } };
}

export function resultFile(input: {
  courseVersion: string;
  assignment: Assignment;
  student: string;
  attempt: number;
  startedAt: number;
  submittedAt: number;
  answers: Readonly<Record<string, Answer>>;
  quizzes: readonly QuizDefinition[];
}): ResultFile {
  return makeResultFile({
    courseVersion: input.courseVersion,
    assignment: input.assignment,
    student: input.student,
    attempt: input.attempt,
    startedAt: new Date(input.startedAt).toISOString(),
    submittedAt: new Date(input.submittedAt).toISOString(),
    answers: input.answers,
    quizzes: input.quizzes,
  });
}

/** The right answer of a question, as text a learner reads (practice: Reveal answer). */
export function answerText(p: PreparedQuestion): string {
  const answer = revealAnswer(p.question);
  const q = p.question;
  if ('lines' in answer) {
    const [ns, dev] = (q.capture ?? '').trim().split(/\s+/);
    const head = `# tcpdump -n -i ${dev ?? '?'}${ns && ns !== 'default' ? ` (in ${ns})` : ''}`;
    return `${head}\n${answer.lines.length ? answer.lines.map(formatCaptureLine).join('\n') : '(nothing: tcpdump prints no line)'}`;
  }
  if ('steps' in answer) return answer.steps.length ? answer.steps.map((s, i) => `${i + 1}. ${s.hook} in ${s.ns}`).join('\n') : '(the packet meets no hook)';
  if ('selected' in answer) {
    if (q.type === 'counters') {
      const options = p.choices.counterOptions ?? [];
      return options.map((o) => `${answer.selected.includes(o.id) ? 'counts  ' : 'stays 0 '} ${o.label}`).join('\n');
    }
    return answer.selected.length ? answer.selected.map((s) => `tcpdump on ${s.replace(' ', ': ')}`).join('\n') : '(no capture point shows such a line)';
  }
  if ('choices' in answer) return answer.choices.map((i) => q.options?.[i]?.text ?? `option ${i + 1}`).join('\n');
  if ('state' in answer) {
    const e = expectedStateAnswer(q);
    return e.why ? `${e.text}\n\n${e.why}` : e.text;
  }
  if (q.type === 'conntrack') return answer.text || '(empty: conntrack holds no entry)';
  return `# one rule set that works (any that meets the goals passes)\n${answer.text.trimEnd()}`;
}
