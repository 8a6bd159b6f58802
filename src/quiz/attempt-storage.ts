// What the browser remembers of a student's attempts at one assignment (localStorage, or the
// Storage the host page gives): how many were started, the one still open (started, not
// submitted: a reload resumes it with its deadline and its draft answers), and, in practice,
// the variant last shown. A storage that throws (private mode, quota) is treated as empty.

import { normalizeStudent } from './student.ts';
import type { Answer, OpenAttempt, ResultFile } from './types.ts';

const PREFIX = 'packet-path-quiz:';

export interface AttemptRecord {
  readonly used: number;
  readonly open?: OpenAttempt;
  /** Answers typed so far in the open attempt, by question key. */
  readonly draft?: Readonly<Record<string, Answer>>;
  /** The last result file made here, to download again. */
  readonly last?: ResultFile;
}

function defaultStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function attemptKey(assignmentId: string, student: string): string {
  return `${PREFIX}${assignmentId}:${normalizeStudent(student)}`;
}

export function readAttempts(key: string, storage = defaultStorage()): AttemptRecord {
  try {
    const raw = storage?.getItem(key);
    if (!raw) return { used: 0 };
    const data = JSON.parse(raw) as Partial<AttemptRecord>;
    const used = typeof data.used === 'number' && Number.isFinite(data.used) ? Math.max(0, Math.floor(data.used)) : 0;
    const open =
      data.open && typeof data.open.attempt === 'number' && typeof data.open.startedAt === 'number' && Number.isFinite(data.open.startedAt)
        ? { attempt: Math.max(1, Math.floor(data.open.attempt)), startedAt: data.open.startedAt }
        : undefined;
    const draft = data.draft && typeof data.draft === 'object' ? data.draft : undefined;
    const last = data.last && typeof data.last === 'object' && data.last.format === 'packet-path-result' && typeof data.last.attempt === 'number' ? data.last : undefined;
    return { used: Math.max(used, open?.attempt ?? 0), ...(open ? { open } : {}), ...(open && draft ? { draft } : {}), ...(last ? { last } : {}) };
  } catch {
    return { used: 0 };
  }
}

export function writeAttempts(key: string, record: AttemptRecord, storage = defaultStorage()): void {
  try {
    storage?.setItem(key, JSON.stringify(record));
  } catch {
    /* full or forbidden: the attempt still runs, it just is not remembered */
  }
}

export function readNumber(key: string, storage = defaultStorage()): number | undefined {
  try {
    const n = Number(storage?.getItem(PREFIX + key));
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export function writeNumber(key: string, n: number, storage = defaultStorage()): void {
  try {
    storage?.setItem(PREFIX + key, String(n));
  } catch {
    /* ignore */
  }
}
