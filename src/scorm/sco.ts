// The SCO: the page an LMS launches from a Packet Path SCORM package (`npm run build:scorm`).
// It finds the LMS's API, starts a session, shows the package's quizzes in graded mode with
// the learner's own variant (seeded by the assignment and the LMS's learner id), on submit
// reports the score and passed/failed to the LMS and commits, and finishes the session when the
// learner leaves (pagehide). Opened without an LMS it says so and runs as practice. It never
// throws: whatever fails is said on the page.

import '../styles/global.css';
import '../styles/quiz.css';
// The quiz widgets share the labs' styles (capture rows, state choices, topology figures), as on the quiz pages.
import '../styles/labs.css';
import './sco.css';
import { mountQuiz, type EngineCall } from '../ui/quiz/mount.ts';
import { quizHandlers, type QuizPrepareArg } from '../ui/engine/handlers-quiz.ts';
import { prepareQuiz } from '../quiz/core.ts';
// One script file: the screen builder goes in it (nothing to fetch later).
import * as screen from '../ui/quiz/screen.ts';
import * as graded from '../ui/quiz/graded.ts';
import { studentSeed } from '../quiz/seeds.ts';
import { findApi, percentOf, startSession, type LmsSession, type ScormVersion } from './lms.ts';
import { PACKAGE_ELEMENT_ID, parsePackage, type ScoPackage } from './package.ts';

const STATUS_ID = 'pp-sco-status';

/**
 * The quiz engine in the page: the package is one script file (an LMS serves what the manifest
 * lists, and a worker would be a second script to list and to load from the LMS's origin), so
 * the SCO keeps the engine on its own thread, a task after each request; drawing a variant
 * pauses for the page between questions (a package may hold every quiz of the course).
 */
const engine: EngineCall = <T>(method: string, arg: unknown): Promise<T> => {
  if (method === 'quiz.prepare') {
    const { definitions, seed } = arg as QuizPrepareArg;
    return prepareQuiz(definitions, seed) as Promise<T>;
  }
  return new Promise<T>((resolve, reject) =>
    setTimeout(() => {
      try {
        const handler = quizHandlers[method as keyof typeof quizHandlers] as ((arg: unknown) => unknown) | undefined;
        if (!handler) throw new Error(`the engine has no method "${method}"`);
        resolve(handler(arg) as T);
      } catch (error) {
        reject(error as Error);
      }
    }, 0),
  );
};
const QUIZ_ID = 'pp-sco-quiz';

/** SCORM's "Last, First" as "First Last" for display; anything else as it is. */
function displayName(name: string): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name.trim();
  const [last, first] = parts.map((part) => part.trim());
  return first && last ? `${first} ${last}` : name.trim();
}

/** localStorage when the LMS frame may use it, a memory-only Storage otherwise. */
function safeStorage(): Storage {
  try {
    const storage = window.localStorage;
    const probe = '__pp_sco_probe__';
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    return storage;
  } catch {
    const data = new Map<string, string>();
    return {
      get length() {
        return data.size;
      },
      clear: () => data.clear(),
      getItem: (key) => data.get(key) ?? null,
      key: (index) => [...data.keys()][index] ?? null,
      removeItem: (key) => void data.delete(key),
      setItem: (key, value) => void data.set(key, String(value)),
    };
  }
}

/** Replace the status region's content with paragraphs (screen readers hear the change). */
function say(kind: 'info' | 'ok' | 'warn', ...paragraphs: string[]): void {
  const region = document.getElementById(STATUS_ID);
  if (!region) return;
  region.dataset['kind'] = kind;
  region.replaceChildren(
    ...paragraphs.map((text) => {
      const p = document.createElement('p');
      p.textContent = text;
      return p;
    }),
  );
}

function otherVersion(version: ScormVersion): ScormVersion {
  return version === '1.2' ? '2004' : '1.2';
}

/** Find the LMS's API (the package's SCORM version first, then the other) and start a session. */
function connect(version: ScormVersion, passMark: number): { session?: LmsSession; found: boolean } {
  for (const v of [version, otherVersion(version)]) {
    const api = findApi(window as unknown as Parameters<typeof findApi>[0], v);
    if (!api) continue;
    return { session: startSession(api, v, { passMark }), found: true };
  }
  return { found: false };
}

function mountPractice(root: HTMLElement, pkg: ScoPackage, storage: Storage): void {
  mountQuiz(root, { quizzes: [...pkg.quizzes], courseVersion: pkg.courseVersion, mode: 'practice', storage, engine, screen });
}

function start(): void {
  const root = document.getElementById(QUIZ_ID);
  if (!root) return;
  const pkg = parsePackage(document.getElementById(PACKAGE_ELEMENT_ID)?.textContent);
  if (typeof pkg === 'string') {
    say('warn', `This quiz cannot start: ${pkg}. Rebuild the package with npm run build:scorm.`);
    return;
  }
  const storage = safeStorage();
  const { session, found } = connect(pkg.scorm, pkg.passMark);

  if (!session) {
    say(
      'warn',
      found
        ? 'Your learning platform (LMS) did not start a session, so your score will not be recorded. This quiz runs as practice.'
        : 'Practice: no learning platform (LMS) was found, so your score will not be recorded. To have it graded, open this quiz from your course.',
    );
    mountPractice(root, pkg, storage);
    return;
  }

  const student = session.learnerId || session.learnerName;
  if (!student) {
    say('warn', 'Your learning platform did not say who you are, so your score cannot be recorded. This quiz runs as practice.');
    session.leave();
    mountPractice(root, pkg, storage);
    return;
  }

  const who = session.learnerName ? displayName(session.learnerName) : student;
  const intro = [`Signed in as ${who}. Your score is sent to your course when you submit.`];
  if (session.previous) {
    intro.push(
      `Your course has a result of yours already: ${session.previous.percent} out of 100, ${session.previous.passed ? 'passed' : 'not passed'}. Submitting again replaces it.`,
    );
  }
  say('info', ...intro);

  const leave = () => session.leave();
  window.addEventListener('pagehide', leave);
  window.addEventListener('beforeunload', leave);

  mountQuiz(root, {
    quizzes: [...pkg.quizzes],
    courseVersion: pkg.courseVersion,
    mode: 'graded',
    assignment: pkg.assignment,
    assignmentId: pkg.assignmentId,
    screen,
    graded,
    student,
    seed: studentSeed(pkg.assignmentId, student),
    storage,
    engine,
    onSubmit: (_result, score) => {
      const recorded = session.submit(score);
      const outcome = `${percentOf(score, pkg.passMark)} out of 100, ${score.passed ? 'passed' : 'not passed'}`;
      if (recorded) {
        say('ok', `Your score was sent to your course: ${outcome}. If you submit another attempt, your course keeps the latest.`);
      } else {
        say('warn', `Your course may not have recorded your score (${outcome}).`, `The learning platform answered: ${session.problems.join('; ')}. Tell your teacher, and download your result file below.`);
      }
    },
  });
}

function safeStart(): void {
  try {
    start();
  } catch (error) {
    say('warn', `This quiz could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', safeStart);
else safeStart();
