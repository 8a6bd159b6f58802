// When an assignment's due date ends: for the regrader (result.ts) and the quiz's intro
// (src/ui/quiz/graded.ts), which must not import the regrader.

/** End of the due date: a date means the end of that day (UTC). */
export function dueTime(due: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? Date.parse(`${due}T23:59:59.999Z`) : Date.parse(due);
}
