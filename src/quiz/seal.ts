// Sealed choice answers: what the browser gets instead of `correct: true`. Each option of a
// choice question carries a keyed hash of (salt, quiz, question, option index, right or not);
// the grader recomputes the hash for "right" and compares. Page source then holds no plain
// answer: reading it (view-source, search for "correct") tells nothing. It is not secrecy: the
// salt ships with the page, so a learner who runs the grader's code on each option can still
// find the right one, and learners can always copy answers from each other. The gradebook and
// `npm run grade` regrade sealed or plain definitions alike.

import { hash53 } from './hash.ts';
import type { ChoiceOption, QuestionVariant, QuizDefinition } from './types.ts';

/** What an option is: right, wrong, or wrong in the way a targeted misconception picks (its key point). */
type OptionState = 'right' | 'wrong' | 'trap';

export function sealOf(salt: string, quizId: string, questionId: string, index: number, state: OptionState): string {
  return hash53(`${salt}\u0000${quizId}/${questionId}\u0000${index}\u0000${state}`).toString(36);
}

/** Whether option `index` is one a misconception picks (it `shows` one): picking it misses the key point. */
export function optionIsTrap(q: Pick<QuestionVariant, 'quizId' | 'id' | 'options' | 'sealSalt'>, index: number): boolean {
  const o: ChoiceOption | undefined = q.options?.[index];
  if (!o) return false;
  if (o.sealed === undefined || q.sealSalt === undefined) return (o.shows?.length ?? 0) > 0 && o.correct !== true;
  return o.sealed === sealOf(q.sealSalt, q.quizId, q.id, index, 'trap');
}

/** Whether option `index` of a variant is right, from `correct` or from its seal. */
export function optionIsCorrect(q: Pick<QuestionVariant, 'quizId' | 'id' | 'options' | 'sealSalt'>, index: number): boolean {
  const o: ChoiceOption | undefined = q.options?.[index];
  if (!o) return false;
  if (o.correct !== undefined) return o.correct;
  if (o.sealed === undefined || q.sealSalt === undefined) return false;
  return o.sealed === sealOf(q.sealSalt, q.quizId, q.id, index, 'right');
}

/** A quiz definition with every choice answer sealed with `salt` (the course version): for pages. */
export function sealQuiz(def: QuizDefinition, salt: string): QuizDefinition {
  return {
    ...def,
    sealSalt: salt,
    questions: def.questions.map((q) =>
      q.type !== 'choice' || !q.options
        ? q
        : {
            ...q,
            options: q.options.map((o, i) => {
              // `shows` goes too: it marks a wrong option as plainly as `correct` marks the right one.
              const { correct, shows, ...rest } = o;
              const state: OptionState = correct === true ? 'right' : (shows?.length ?? 0) > 0 ? 'trap' : 'wrong';
              return { ...rest, sealed: sealOf(salt, def.id, q.id, i, state) };
            }),
          },
    ),
  };
}
