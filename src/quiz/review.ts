// The gradebook's answer view: one result file, question by question, with the question's
// text, the student's answer and the right one side by side, and the grader's feedback. The
// variant is redrawn from the assignment and the student (never the file's seed), as
// regradeResult does. Everything returned is plain text: the page shows it through textContent.

import { assignmentId } from './assignment.ts';
import { questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { plainText } from './text.ts';
import { stateAnswerWords } from './state.ts';
import { generateQuiz, studentSeed } from './variant.ts';
import { formatCaptureLine } from '../grading/capture.ts';
import type { CaptureLine } from '../grading/capture.ts';
import type { Answer, QuestionVariant, QuizDefinition, ResultFile } from './types.ts';

export interface QuestionReview {
  readonly key: string;
  /** 1-based, across the assignment's quizzes. */
  readonly number: number;
  readonly quizTitle: string;
  /** The question as the student saw it (their variant), as plain text. */
  readonly prompt: string;
  readonly points: number;
  readonly earned: number;
  readonly answered: boolean;
  readonly studentAnswer: string;
  readonly rightAnswer: string;
  /** The grader's feedback: what is wrong, with the right values. */
  readonly feedback: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '?');

function captureLine(line: unknown): string {
  if (!isRecord(line)) return '(an unreadable line)';
  const text = formatCaptureLine({ kind: str(line.kind), src: str(line.src), dst: str(line.dst) } as unknown as CaptureLine) as string | undefined;
  return text ?? `${str(line.kind)} ${str(line.src)} > ${str(line.dst)}`;
}

/** An answer (the student's, untrusted, or the right one) as text a teacher reads. */
export function answerAsText(q: QuestionVariant, answer: Answer | undefined): string {
  if (answer === undefined) return '(no answer)';
  const a = answer as unknown as Record<string, unknown>;
  if (!isRecord(a)) return '(an unreadable answer)';
  if (Array.isArray(a.lines)) {
    const [ns, dev] = (q.capture ?? '').trim().split(/\s+/);
    const head = `# tcpdump -n -i ${dev ?? '?'}${ns && ns !== 'default' ? ` (in ${ns})` : ''}`;
    return `${head}\n${a.lines.length ? a.lines.map(captureLine).join('\n') : '(no line)'}`;
  }
  if (Array.isArray(a.steps)) {
    return a.steps.length ? a.steps.map((s, i) => (isRecord(s) ? `${i + 1}. ${str(s.hook)} in ${str(s.ns)}` : `${i + 1}. ?`)).join('\n') : '(no hook)';
  }
  if (Array.isArray(a.selected)) {
    const selected = a.selected.map(str);
    if (q.type === 'counters') {
      const options = questionChoices(q).counterOptions ?? [];
      const known = options.map((o) => `${selected.includes(o.id) ? 'counts  ' : 'stays 0 '} ${o.label}`);
      const unknown = selected.filter((s) => !options.some((o) => o.id === s)).map((s) => `counts   ${s} (not a rule of this question)`);
      return [...known, ...unknown].join('\n');
    }
    return selected.length ? selected.map((s) => `tcpdump on ${s.replace(' ', ': ')}`).join('\n') : '(none)';
  }
  if (Array.isArray(a.choices)) {
    if (a.choices.length === 0) return '(nothing ticked)';
    return a.choices.map((i) => (typeof i === 'number' && q.options?.[i] ? `[x] ${q.options[i]!.text}` : `[x] option ${str(i)} (not an option)`)).join('\n');
  }
  if ('state' in a) return stateAnswerWords(q, a);
  if (typeof a.text === 'string') return a.text.trim() === '' ? '(empty)' : a.text.trimEnd();
  return '(an unreadable answer)';
}

/** Every question of a result file's assignment, the student's answer beside the right one. */
export function reviewResult(result: ResultFile, quizzes: readonly QuizDefinition[]): QuestionReview[] {
  const seed = studentSeed(assignmentId(result.assignment), result.student);
  const out: QuestionReview[] = [];
  for (const id of result.assignment.quizzes) {
    const def = quizzes.find((q) => q.id === id);
    if (!def) continue;
    for (const q of generateQuiz(def, seed).questions) {
      const given = Object.hasOwn(result.answers, q.key) ? result.answers[q.key] : undefined;
      const grade = gradeQuestion(q, given);
      let right: string;
      try {
        right = answerAsText(q, revealAnswer(q));
      } catch (err) {
        right = `(could not be computed: ${err instanceof Error ? err.message : String(err)})`;
      }
      out.push({
        key: q.key,
        number: out.length + 1,
        quizTitle: def.title,
        prompt: plainText(q.prompt),
        points: grade.points,
        earned: grade.earned,
        answered: grade.answered,
        studentAnswer: answerAsText(q, given),
        rightAnswer: right,
        feedback: grade.feedback,
      });
    }
  }
  return out;
}
