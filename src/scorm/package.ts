// What `npm run build:scorm` embeds in a SCO's index.html (a JSON script element) and the SCO
// reads at launch: the quizzes, the course version and the assignment the package stands for.

import type { Assignment, QuizDefinition } from '../quiz/types.ts';
import type { ScormVersion } from './lms.ts';

// The pass mark is the quiz core's (the quiz UI grades with it); the build and tests import it from here.
export { passMarkOf } from '../quiz/score.ts';

export const PACKAGE_ELEMENT_ID = 'pp-sco-package';

export interface ScoPackage {
  readonly format: 'packet-path-sco';
  readonly formatVersion: 1;
  readonly scorm: ScormVersion;
  readonly title: string;
  readonly courseVersion: string;
  /** Graded, the package's quizzes, its title; a time limit only when the build set one. */
  readonly assignment: Assignment;
  /** Its id (a hash of the assignment's canonical JSON), which seeds every learner's variant. */
  readonly assignmentId: string;
  /**
   * The pass mark the quiz applies to the whole package (0..1): the quizzes' pass scores
   * weighted by their points (src/quiz/core.ts gradeAll). Reported scores never contradict it.
   */
  readonly passMark: number;
  readonly quizzes: readonly QuizDefinition[];
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The package embedded in the page, or a message saying what is wrong with it. */
export function parsePackage(text: string | null | undefined): ScoPackage | string {
  if (!text) return 'the quiz data is missing from this page';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `the quiz data is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  const pkg = value as Partial<ScoPackage> | null;
  if (!pkg || pkg.format !== 'packet-path-sco' || pkg.formatVersion !== 1) return 'the quiz data is not a Packet Path SCORM package';
  if (pkg.scorm !== '1.2' && pkg.scorm !== '2004') return `unknown SCORM version ${String(pkg.scorm)}`;
  if (!Array.isArray(pkg.quizzes) || pkg.quizzes.length === 0) return 'the package holds no quiz';
  if (!pkg.assignment || typeof pkg.assignmentId !== 'string' || typeof pkg.courseVersion !== 'string') return 'the package has no assignment';
  if (typeof pkg.passMark !== 'number' || !(pkg.passMark >= 0 && pkg.passMark <= 1)) return 'the package has no pass mark';
  return pkg as ScoPackage;
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] ?? ch);
}

/**
 * The SCO's launch page: relative links only (sco.css, sco.js), the package as JSON, a title,
 * the status region the SCO writes its LMS notice into, and the element the quiz mounts in.
 */
export function scoPage(pkg: ScoPackage): string {
  const title = escapeHtml(pkg.title);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="color-scheme" content="light dark" />
    <meta name="generator" content="Packet Path ${escapeHtml(pkg.courseVersion)} (npm run build:scorm, SCORM ${pkg.scorm})" />
    <title>${title}</title>
    <link rel="stylesheet" href="sco.css" />
  </head>
  <body>
    <main id="main" class="wrap">
      <div class="sco-header">
        <p class="sco-brand">Packet Path</p>
        <h1>${title}</h1>
      </div>
      <div id="pp-sco-status" class="sco-status" role="status"></div>
      <div id="pp-sco-quiz"></div>
      <noscript><p>This quiz needs JavaScript.</p></noscript>
    </main>
    <script type="application/json" id="${PACKAGE_ELEMENT_ID}">${scriptJson(pkg)}</script>
    <script src="sco.js"></script>
  </body>
</html>
`;
}
