// The SCO's side of the LMS: find the SCORM API the LMS put in a parent (or opener) window,
// and talk to it in SCORM 1.2 (`window.API`, cmi.core.*) or SCORM 2004 (`window.API_1484_11`,
// cmi.*). Pure: no DOM beyond the window objects it is given, so it runs in Node tests with
// fake windows. Never throws: an LMS that misbehaves is reported through `problems`.

import { percentOf, scaledOf, type ScoreSummary } from '../quiz/score.ts';

export type ScormVersion = '1.2' | '2004';

/** SCORM 1.2 runtime API (RTE 3.3). Every call returns a string ("true"/"false", or a value). */
export interface Scorm12Api {
  LMSInitialize(parameter: ''): unknown;
  LMSFinish(parameter: ''): unknown;
  LMSGetValue(element: string): unknown;
  LMSSetValue(element: string, value: string): unknown;
  LMSCommit(parameter: ''): unknown;
  LMSGetLastError(): unknown;
  LMSGetErrorString(code: string): unknown;
}

/** SCORM 2004 runtime API (RTE 3.1). */
export interface Scorm2004Api {
  Initialize(parameter: ''): unknown;
  Terminate(parameter: ''): unknown;
  GetValue(element: string): unknown;
  SetValue(element: string, value: string): unknown;
  Commit(parameter: ''): unknown;
  GetLastError(): unknown;
  GetErrorString(code: string): unknown;
}

/** What the API search reads of a window: its parent, its opener and the API properties. */
export interface FrameLike {
  readonly parent?: FrameLike | null;
  readonly opener?: FrameLike | null;
}

const API_NAME: Record<ScormVersion, 'API' | 'API_1484_11'> = { '1.2': 'API', '2004': 'API_1484_11' };
// ADL's sample search gives up after 7 parents for SCORM 1.2 and 500 for SCORM 2004.
const MAX_PARENTS: Record<ScormVersion, number> = { '1.2': 7, '2004': 500 };

/** A window's property, or undefined when reading it throws (a cross-origin frame). */
function read(win: FrameLike, name: string): unknown {
  try {
    return (win as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

function isApi(value: unknown, version: ScormVersion): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const probe = version === '1.2' ? 'LMSInitialize' : 'Initialize';
  try {
    return typeof (value as Record<string, unknown>)[probe] === 'function';
  } catch {
    return false;
  }
}

/** The ADL search: this window, then its parents up the frame chain. */
function searchUp(start: FrameLike, version: ScormVersion): unknown {
  let win: FrameLike = start;
  for (let hops = 0; ; hops++) {
    const api = read(win, API_NAME[version]);
    if (isApi(api, version)) return api;
    const parent = read(win, 'parent') as FrameLike | null | undefined;
    if (!parent || parent === win || hops >= MAX_PARENTS[version]) return undefined;
    win = parent;
  }
}

/**
 * Find the LMS's API for `version`: in `start` and its parents, then in its opener and the
 * opener's parents (a SCO the LMS opened in a new window). Undefined when there is none.
 */
export function findApi(start: FrameLike, version: '1.2'): Scorm12Api | undefined;
export function findApi(start: FrameLike, version: '2004'): Scorm2004Api | undefined;
export function findApi(start: FrameLike, version: ScormVersion): Scorm12Api | Scorm2004Api | undefined;
export function findApi(start: FrameLike, version: ScormVersion): Scorm12Api | Scorm2004Api | undefined {
  let api = searchUp(start, version);
  if (api === undefined) {
    const opener = read(start, 'opener') as FrameLike | null | undefined;
    if (opener) api = searchUp(opener, version);
  }
  return api as Scorm12Api | Scorm2004Api | undefined;
}

// ---------------------------------------------------------------------------------------
// Scores and times in SCORM's formats

// The score itself (ScoreSummary, percentOf, scaledOf) is the quiz core's, so that the result
// screen and the gradebook show the very numbers the LMS gets; re-exported for the SCO's callers.
export { percentOf, scaledOf, type ScoreSummary } from '../quiz/score.ts';

/** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS (hours 2 to 4 digits). */
export function timespan12(ms: number): string {
  const centis = Math.max(0, Math.min(Math.round(ms / 10), 9999 * 360000 + 359999));
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${seconds.toFixed(2).padStart(5, '0')}`;
}

/** SCORM 2004 timeinterval (ISO 8601 duration): PT#H#M#S, seconds to 1/100. */
export function duration2004(ms: number): string {
  const centis = Math.max(0, Math.round(ms / 10));
  const hours = Math.floor(centis / 360000);
  const minutes = Math.floor((centis % 360000) / 6000);
  const seconds = (centis % 6000) / 100;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${Number(seconds.toFixed(2))}S`;
}

// ---------------------------------------------------------------------------------------
// A session with the LMS

/** What the SCO keeps in cmi.suspend_data: a few bytes, whatever the quiz (1.2 allows 4096). */
interface SuspendData {
  readonly v: 1;
  /** The last submitted attempt's percent and outcome. */
  readonly percent: number;
  readonly passed: boolean;
}

function encodeSuspendData(data: SuspendData): string {
  return JSON.stringify(data);
}

export function decodeSuspendData(text: string): SuspendData | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { v, percent, passed } = value as Record<string, unknown>;
    if (v !== 1 || typeof percent !== 'number' || typeof passed !== 'boolean') return undefined;
    return { v, percent, passed };
  } catch {
    return undefined;
  }
}

export interface LmsSession {
  readonly version: ScormVersion;
  /** cmi.core.student_id / cmi.learner_id, as the LMS gave it ('' when it gave none). */
  readonly learnerId: string;
  /** cmi.core.student_name / cmi.learner_name ("Last, First" by SCORM's convention). */
  readonly learnerName: string;
  /** The attempt this learner submitted before, in an earlier session, if any. */
  readonly previous: SuspendData | undefined;
  /** Calls that failed, with the LMS's error code and text: for the learner's notice. */
  readonly problems: readonly string[];
  /** True once LMSFinish / Terminate was called (by leave): nothing more can be recorded. */
  readonly finished: boolean;
  /**
   * Record a submitted attempt: score, status, suspend data, a normal exit, session time; commit.
   * The session stays open, so a later attempt in the same launch replaces the result. False
   * when the LMS refused something (see problems).
   */
  submit(score: ScoreSummary): boolean;
  /**
   * The learner leaves (page unload): exit "suspend" unless an attempt was submitted, session
   * time, LMSFinish / Terminate (which commits). Idempotent.
   */
  leave(): void;
}

/** A uniform view of either API: get, set, commit, finish, last error. */
interface Calls {
  initialize(): boolean;
  get(element: string): string;
  set(element: string, value: string): boolean;
  commit(): boolean;
  finish(): boolean;
  lastError(): string;
}

function calls12(api: Scorm12Api): Calls {
  return {
    initialize: () => String(api.LMSInitialize('')) === 'true',
    get: (element) => String(api.LMSGetValue(element) ?? ''),
    set: (element, value) => String(api.LMSSetValue(element, value)) === 'true',
    commit: () => String(api.LMSCommit('')) === 'true',
    finish: () => String(api.LMSFinish('')) === 'true',
    lastError: () => {
      const code = String(api.LMSGetLastError());
      return `${code} ${String(api.LMSGetErrorString(code))}`.trim();
    },
  };
}

function calls2004(api: Scorm2004Api): Calls {
  return {
    initialize: () => String(api.Initialize('')) === 'true',
    get: (element) => String(api.GetValue(element) ?? ''),
    set: (element, value) => String(api.SetValue(element, value)) === 'true',
    commit: () => String(api.Commit('')) === 'true',
    finish: () => String(api.Terminate('')) === 'true',
    lastError: () => {
      const code = String(api.GetLastError());
      return `${code} ${String(api.GetErrorString(code))}`.trim();
    },
  };
}

/** The cmi element names that differ between the two versions. */
const CMI = {
  '1.2': {
    learnerId: 'cmi.core.student_id',
    learnerName: 'cmi.core.student_name',
    exit: 'cmi.core.exit',
    sessionTime: 'cmi.core.session_time',
    raw: 'cmi.core.score.raw',
    min: 'cmi.core.score.min',
    max: 'cmi.core.score.max',
  },
  '2004': {
    learnerId: 'cmi.learner_id',
    learnerName: 'cmi.learner_name',
    exit: 'cmi.exit',
    sessionTime: 'cmi.session_time',
    raw: 'cmi.score.raw',
    min: 'cmi.score.min',
    max: 'cmi.score.max',
  },
} as const;

interface StartOptions {
  /** Milliseconds, for session time (Date.now by default; tests pass their own clock). */
  readonly now?: () => number;
  /** The package's pass mark (0..1), which reported scores never contradict (see percentOf). */
  readonly passMark?: number;
}

/**
 * Initialize a session with `api` (found by findApi for `version`), read the learner, and mark
 * the attempt started: lesson_status "incomplete" (2004: completion_status "incomplete"),
 * unless an earlier session already recorded a result; commit. Undefined when LMSInitialize fails.
 */
export function startSession(api: Scorm12Api | Scorm2004Api, version: ScormVersion, options: StartOptions = {}): LmsSession | undefined {
  const now = options.now ?? Date.now;
  const started = now();
  const c = version === '1.2' ? calls12(api as Scorm12Api) : calls2004(api as Scorm2004Api);
  const names = CMI[version];
  const problems: string[] = [];
  const attempt = <T>(what: string, fn: () => T, ok: (value: T) => boolean): T | undefined => {
    try {
      const value = fn();
      if (!ok(value)) problems.push(`${what}: ${c.lastError()}`);
      return value;
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const set = (element: string, value: string) => attempt(`set ${element}`, () => c.set(element, value), Boolean) === true;
  const get = (element: string) => attempt(`get ${element}`, () => c.get(element), () => true) ?? '';

  if (attempt(version === '1.2' ? 'LMSInitialize' : 'Initialize', () => c.initialize(), Boolean) !== true) return undefined;

  const learnerId = get(names.learnerId).trim();
  const learnerName = get(names.learnerName).trim();
  // Reading an element the LMS never set is an error in 2004 (403, "not initialized"), and
  // suspend data is optional anyway: read it quietly.
  let previous: SuspendData | undefined;
  try {
    previous = decodeSuspendData(c.get('cmi.suspend_data'));
  } catch {
    previous = undefined;
  }

  let finished = false;
  let submitted = false;
  const commit = () => attempt(version === '1.2' ? 'LMSCommit' : 'Commit', () => c.commit(), Boolean) === true;
  const sessionTime = () => (version === '1.2' ? timespan12(now() - started) : duration2004(now() - started));

  // The attempt has started; a result an earlier session recorded stays until a new submission.
  if (version === '1.2') {
    const status = get('cmi.core.lesson_status');
    if (!['passed', 'failed', 'completed'].includes(status)) set('cmi.core.lesson_status', 'incomplete');
  } else {
    const completion = get('cmi.completion_status');
    if (completion !== 'completed') set('cmi.completion_status', 'incomplete');
  }
  commit();

  return {
    version,
    learnerId,
    learnerName,
    previous,
    problems,
    get finished() {
      return finished;
    },
    submit(score) {
      if (finished) {
        problems.push('the session with the LMS had already ended: this attempt was not recorded');
        return false;
      }
      const before = problems.length;
      const percent = percentOf(score, options.passMark);
      set(names.min, '0');
      set(names.max, '100');
      set(names.raw, String(percent));
      if (version === '1.2') {
        set('cmi.core.lesson_status', score.passed ? 'passed' : 'failed');
      } else {
        set('cmi.score.scaled', String(scaledOf(score, options.passMark)));
        set('cmi.completion_status', 'completed');
        set('cmi.success_status', score.passed ? 'passed' : 'failed');
      }
      set('cmi.suspend_data', encodeSuspendData({ v: 1, percent, passed: score.passed }));
      // A normal exit from now on: the attempt is complete, whenever the learner leaves.
      set(names.exit, version === '1.2' ? '' : 'normal');
      set(names.sessionTime, sessionTime());
      commit();
      submitted = true;
      return problems.length === before;
    },
    leave() {
      if (finished) return;
      finished = true;
      if (!submitted) set(names.exit, 'suspend');
      set(names.sessionTime, sessionTime());
      // No LMSCommit first: LMSFinish persists the data itself, and browsers refuse the
      // synchronous request many LMSs commit with while a page is being dismissed (LMSs, and
      // scorm-again, send the finishing commit with sendBeacon).
      attempt(version === '1.2' ? 'LMSFinish' : 'Terminate', () => c.finish(), Boolean);
    },
  };
}
