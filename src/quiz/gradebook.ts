// The gradebook: regraded result files compared with each other (the same file twice, an attempt
// number reused, best and last attempt), the CSV and the class report. Pure data over
// RegradeOutcome values, and no engine: the gradebook page imports it directly, while regrading
// (result.ts) runs in the engine worker.

import { percentOf } from './score.ts';
import { normalizeStudent } from './student.ts';
import { parseIsoTime } from './iso-time.ts';
import type { QuestionGrade, RegradeOutcome } from './types.ts';

// --- The gradebook: files compared with each other -------------------------------------------

export type Graded = Extract<RegradeOutcome, { ok: true }>;

/** Which of a student's attempts stands for them in the class view: the best score or the last attempt. */
export type Kept = 'best' | 'last';

export interface GradebookRow {
  readonly outcome: Graded;
  /** What only the other files show: the same file under another name, an attempt number used twice, more files than attempts. */
  readonly flags: readonly string[];
  /** The student's best-scoring file (ties: the earlier attempt). */
  readonly best: boolean;
  /** The student's last attempt (the highest attempt number, then the latest submittedAt). */
  readonly last: boolean;
}

export interface StudentSummary {
  readonly assignmentId: string;
  readonly studentKey: string;
  /** The name as the first file shows it. */
  readonly student: string;
  readonly files: readonly Graded[];
  readonly best: Graded;
  readonly last: Graded;
}

export interface Gradebook {
  /** Graded files, each content once, in the order given. */
  readonly rows: readonly GradebookRow[];
  /** Files whose content is a file already in `rows`: graded once, there. */
  readonly duplicates: readonly { readonly file: string; readonly sameAs: string }[];
  readonly refused: readonly Extract<RegradeOutcome, { ok: false }>[];
  /** One per student and assignment, in the order first met. */
  readonly students: readonly StudentSummary[];
}

const keyOf = (o: Graded): string => o.studentKey ?? normalizeStudent(o.student);
const timeOf = (o: Graded): number => (o.submittedAt !== undefined ? (parseIsoTime(o.submittedAt) ?? -Infinity) : -Infinity);

/** Best first: more points, then the earlier attempt, then the earlier file. */
function better(a: Graded, b: Graded): boolean {
  if (Math.abs(a.earned - b.earned) > 1e-9) return a.earned > b.earned;
  return a.attempt < b.attempt;
}

/** Later: the higher attempt number, then the later submittedAt (a file given later wins a tie). */
function later(a: Graded, b: Graded): boolean {
  if (a.attempt !== b.attempt) return a.attempt > b.attempt;
  return timeOf(a) >= timeOf(b);
}

/**
 * Compares the files with each other: the same content under two names is graded once (the
 * first; the later names are `duplicates` and the first says "same file as"); two different
 * files claiming the same student, assignment and attempt number are flagged (attempt reuse);
 * more files for a student than the attempts allowed are flagged; and each student's best and
 * last attempt are marked. Students are compared as normalizeStudent does.
 */
export function buildGradebook(outcomes: readonly RegradeOutcome[]): Gradebook {
  const refused: Extract<RegradeOutcome, { ok: false }>[] = [];
  const unique: Graded[] = [];
  const byContent = new Map<string, Graded>();
  const sameAs = new Map<Graded, string[]>();
  const duplicates: { file: string; sameAs: string }[] = [];
  for (const o of outcomes) {
    if (!o.ok) {
      refused.push(o);
      continue;
    }
    const first = o.contentKey !== undefined ? byContent.get(o.contentKey) : undefined;
    if (first) {
      duplicates.push({ file: o.file, sameAs: first.file });
      sameAs.get(first)!.push(o.file);
      continue;
    }
    if (o.contentKey !== undefined) byContent.set(o.contentKey, o);
    sameAs.set(o, []);
    unique.push(o);
  }
  const flags = new Map<Graded, string[]>(unique.map((o) => [o, []]));
  for (const o of unique) {
    const names = sameAs.get(o)!;
    if (names.length) flags.get(o)!.push(`same file as ${names.map((n) => n.slice(0, 80)).join(', ')} (graded once)`);
  }
  const groups = new Map<string, Graded[]>();
  for (const o of unique) {
    const k = `${o.assignmentId}\u0000${keyOf(o)}`;
    const list = groups.get(k);
    if (list) list.push(o);
    else groups.set(k, [o]);
  }
  const students: StudentSummary[] = [];
  const best = new Set<Graded>();
  const last = new Set<Graded>();
  for (const files of groups.values()) {
    const byAttempt = new Map<number, Graded[]>();
    for (const o of files) byAttempt.set(o.attempt, [...(byAttempt.get(o.attempt) ?? []), o]);
    for (const [attempt, same] of byAttempt) {
      if (same.length < 2) continue;
      for (const o of same) {
        const others = same.filter((x) => x !== o).map((x) => x.file.slice(0, 80));
        const shown = others.slice(0, 3).join(', ') + (others.length > 3 ? ` and ${others.length - 3} more` : '');
        flags.get(o)!.push(`attempt ${attempt} reused: ${same.length} different files claim attempt ${attempt} of this student (also ${shown})`);
      }
    }
    const allowed = files[0]!.attemptsAllowed;
    if (allowed !== undefined && files.length > allowed) {
      for (const o of files) flags.get(o)!.push(`${files.length} different files from this student, ${allowed} ${allowed === 1 ? 'attempt' : 'attempts'} allowed`);
    }
    let b = files[0]!;
    let l = files[0]!;
    for (const o of files.slice(1)) {
      if (better(o, b)) b = o;
      if (later(o, l)) l = o;
    }
    best.add(b);
    last.add(l);
    students.push({ assignmentId: b.assignmentId, studentKey: keyOf(b), student: files[0]!.student, files, best: b, last: l });
  }
  return {
    rows: unique.map((o) => ({ outcome: o, flags: flags.get(o)!, best: best.has(o), last: last.has(o) })),
    duplicates,
    refused,
    students,
  };
}

/** Each student's kept file (best or last), one per student and assignment. */
export function keptOutcomes(book: Gradebook, kept: Kept): Graded[] {
  return book.students.map((s) => (kept === 'best' ? s.best : s.last));
}

// --- CSV -------------------------------------------------------------------------------------

/** One CSV cell: formula-looking text neutralized with a leading ', then RFC 4180 quoting. */
export function csvCell(value: string | number): string {
  let s = typeof value === 'number' ? formatNumber(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function formatNumber(n: number): string {
  return Number.isFinite(n) ? String(Math.round(n * 100) / 100) : '';
}

/**
 * Values rounded to hundredths so that they add up to `total` rounded to hundredths
 * (largest remainder): 1/3 + 1/3 + 1/3 = 1 prints 0.34, 0.33, 0.33, not three 0.33.
 */
export function roundToTotal(values: readonly number[], total: number): number[] {
  const target = Math.round(total * 100);
  const scaled = values.map((v) => v * 100);
  const units = scaled.map((v) => Math.floor(v + 1e-6));
  let rest = target - units.reduce((a, b) => a + b, 0);
  const order = scaled.map((v, i) => ({ i, r: v - units[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; rest > 0 && order.length > 0; k = (k + 1) % order.length, rest--) units[order[k]!.i]! += 1;
  for (let k = order.length - 1; rest < 0 && k >= 0; k--) {
    const i = order[k]!.i;
    if (units[i]! > 0) {
      units[i]! -= 1;
      rest++;
    }
  }
  return units.map((u) => u / 100);
}

/** The question keys of graded outcomes, in the order they first appear. */
function questionKeys(outcomes: readonly RegradeOutcome[]): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const o of outcomes) {
    if (!o.ok) continue;
    for (const g of o.grades) {
      if (!seen.has(g.key)) {
        seen.add(g.key);
        keys.push(g.key);
      }
    }
  }
  return keys;
}

/** Every flag of a row: tampered, the file's own warnings, then what the other files show. */
export function rowFlags(row: GradebookRow): string[] {
  const o = row.outcome;
  const flags: string[] = [];
  if (o.tampered) flags.push(`tampered (claimed ${formatNumber(o.tampered.claimedEarned)}/${formatNumber(o.tampered.claimedPossible)})`);
  flags.push(...o.warnings, ...row.flags);
  return flags;
}

/** The CSV's columns before the questions' and after them (docs/quiz-format.md). */
export const CSV_HEAD = ['student', 'title', 'assignment', 'attempt', 'submitted', 'file', 'best', 'last'] as const;
export const CSV_TAIL = ['total', 'possible', 'percent', 'flags'] as const;

/**
 * The gradebook as CSV (RFC 4180, CRLF, UTF-8 with a byte order mark so that Excel reads
 * accented names right): student (as shown), title (the assignment's), assignment (its id),
 * attempt, submitted (as the file says it), file (the file's name), best and last ("yes" on
 * the student's best and last attempt), the points earned per question (rounded to hundredths
 * so that they add up to total), total, possible, percent (percentOf: whole, on the side of the
 * pass mark the student's result is), flags. One row per graded file; the same file under a
 * second name is one row (flagged "same file as"); refused files have no row (their errors are
 * reported beside it).
 */
export function resultsToCsv(outcomes: readonly RegradeOutcome[]): string {
  const book = buildGradebook(outcomes);
  const keys = questionKeys(book.rows.map((r) => r.outcome));
  const rows: (string | number)[][] = [[...CSV_HEAD, ...keys, ...CSV_TAIL]];
  for (const row of book.rows) {
    const o = row.outcome;
    const present = keys.map((k) => o.grades.find((g) => g.key === k));
    const rounded = roundToTotal(present.map((g) => g?.earned ?? 0), o.earned);
    rows.push([
      o.student,
      o.title ?? '',
      o.assignmentId,
      o.attempt,
      o.submittedAt?.slice(0, 40) ?? '',
      o.file,
      row.best ? 'yes' : '',
      row.last ? 'yes' : '',
      ...present.map((g, i) => (g ? rounded[i]! : '')),
      o.earned,
      o.possible,
      // As the student's result screen and an LMS show it: a whole percent, never across the pass mark.
      percentOf(o, o.passMark),
      rowFlags(row).join('; '),
    ]);
  }
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

// --- Class report ----------------------------------------------------------------------------

interface QuestionReport {
  readonly key: string;
  readonly type: QuestionGrade['type'];
  readonly points: number;
  /** Graded files that include the question. */
  readonly students: number;
  readonly answered: number;
  /** Mean score, 0..1. */
  readonly averageScore: number;
  /** Most common first (then by label); each counted once per file. */
  readonly misconceptions: readonly { readonly label: string; readonly count: number }[];
}

export interface ClassReport {
  readonly files: number;
  readonly refused: number;
  readonly questions: readonly QuestionReport[];
}

/**
 * Average score and misconceptions per question. With `kept`, one file per student (their best
 * or their last attempt, duplicates graded once); without, every graded file counts.
 */
export function classReport(outcomes: readonly RegradeOutcome[], kept?: Kept): ClassReport {
  const graded = kept ? keptOutcomes(buildGradebook(outcomes), kept) : outcomes.filter((o): o is Graded => o.ok);
  const keys = questionKeys(graded);
  const byKey = new Map<string, QuestionGrade[]>(keys.map((k) => [k, []]));
  for (const o of graded) for (const g of o.grades) byKey.get(g.key)!.push(g);
  const questions = keys.map((key): QuestionReport => {
    const grades = byKey.get(key)!;
    const counts = new Map<string, number>();
    for (const g of grades) for (const m of new Set(g.misconceptions)) counts.set(m, (counts.get(m) ?? 0) + 1);
    const first = grades[0]!;
    return {
      key,
      type: first.type,
      points: first.points,
      students: grades.length,
      answered: grades.filter((g) => g.answered).length,
      averageScore: grades.length === 0 ? 0 : Math.round((grades.reduce((s, g) => s + g.score, 0) / grades.length) * 10_000) / 10_000,
      misconceptions: [...counts]
        .map(([label, count]) => ({ label, count }))
        .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)),
    };
  });
  return { files: kept ? graded.length : outcomes.length, refused: outcomes.filter((o) => !o.ok).length, questions };
}

