// A score as people and LMSs read it: the pass mark of a set of quizzes, passed or not, and the
// whole percent (or SCORM's scaled score) that never lands on the other side of the pass mark.
// One place, so that the result screen, the gradebook, the CSV and the SCORM adapter
// (src/scorm/lms.ts) can never disagree about 69.6 % against a 70 % mark. Pure.

export interface ScoreSummary {
  readonly earned: number;
  readonly possible: number;
  /** As the quiz decided it (earned / possible against the pass mark). */
  readonly passed: boolean;
}

/** A number without binary noise (0.7 * 100 is 70.00000000000001). */
function clean(n: number): number {
  return Math.round(n * 1e9) / 1e9;
}

/** The pass mark of a set of quizzes (or their variants): their pass scores weighted by their points. */
export function passMarkOf(quizzes: readonly { readonly passScore: number; readonly questions: readonly { readonly points: number }[] }[]): number {
  let points = 0;
  let weighted = 0;
  for (const quiz of quizzes) {
    const possible = quiz.questions.reduce((sum, question) => sum + question.points, 0);
    points += possible;
    weighted += quiz.passScore * possible;
  }
  return points === 0 ? 0 : clean(weighted / points);
}

/** Whether `earned` of `possible` reaches the pass mark (nothing to earn passes). */
export function passes(earned: number, possible: number, passMark: number): boolean {
  return possible === 0 || earned / possible >= passMark - 1e-9;
}

/**
 * The score as reported: `earned / possible` on a scale of `scale` (100 for a percent and
 * cmi.core.score.raw, 1 for 2004's cmi.score.scaled), rounded to `step`. Near the pass mark a
 * rounded score could contradict `passed` (69.6% of a 70% pass mark rounds to 70, and an LMS
 * that compares the score with the mastery score would call it passed): there the score is
 * rounded the other way, so the number and the verdict always agree.
 */
export function reported(score: ScoreSummary, passMark: number | undefined, scale: number, step: number): number {
  const ratio = score.possible > 0 ? Math.min(1, Math.max(0, score.earned / score.possible)) : 0;
  const units = clean((ratio * scale) / step);
  let value = Math.round(units);
  if (passMark !== undefined) {
    const mark = clean((passMark * scale) / step);
    if (!score.passed && value >= mark) value = Math.min(Math.floor(units), Math.ceil(mark) - 1);
    if (score.passed && value < mark) value = Math.ceil(mark);
  }
  return clean(Math.max(0, Math.min(scale / step, value)) * step);
}

/** A whole percent, 0-100, on the same side of the pass mark as `passed` (cmi.core.score.raw, the result screen, the gradebook). */
export function percentOf(score: ScoreSummary, passMark?: number): number {
  return reported(score, passMark, 100, 1);
}

/** SCORM 2004's cmi.score.scaled, 0..1 to four decimals, on the same side of the pass mark as `passed`. */
export function scaledOf(score: ScoreSummary, passMark?: number): number {
  return reported(score, passMark, 1, 0.0001);
}

/**
 * The pass mark as a whole percent: the least percentOf that passes. Shown beside a percent,
 * it must not be rounded down (a 72.4 % mark shown as 72 next to a failing "72 %").
 */
export function passMarkPercent(passMark: number): number {
  return Math.ceil(clean(passMark * 100));
}
