// /assignment/#a=...: decodes the assignment in the link and mounts the quiz for it. Any link
// that does not hold a valid assignment (damaged, edited, too long, naming quizzes this course
// does not have) gets a message saying what is wrong and what to do; the page never breaks.

import type { Assignment } from '../../quiz/types.ts';
import { assignmentId, decodeAssignment } from '../../quiz/assignment.ts';
import { callEngine, warmEngine } from '../engine/client.ts';
import { h } from './dom.ts';
import { mountQuiz } from './mount.ts';
import * as graded from './graded.ts';
import { pageQuizData, QUIZ_IDLE } from './page-data.ts';
import { whenIdleAfterLoad } from '../engine/idle.ts';
import { canonicalStudent } from '../../quiz/student.ts';

/** Anything longer is refused before it is looked at (the core's own limit is far lower). */
const MAX_HASH = 20_000;

const root = document.querySelector<HTMLElement>('[data-assignment-root]');
const title = document.querySelector<HTMLElement>('[data-assignment-title]');
const lead = document.querySelector<HTMLElement>('[data-assignment-lead]');
let mounted: { destroy(): void } | undefined;

function refuse(problem: string): void {
  if (!root) return;
  if (title) title.textContent = 'This link does not open an assignment';
  if (lead) lead.textContent = 'The page is fine; the link is not.';
  document.title = 'Assignment link not valid · Packet Path';
  root.replaceChildren(
    h(
      'div',
      { class: 'panel quiz-link-error', role: 'alert' },
      h('p', {}, problem),
      h('p', {}, 'Ask your teacher for the link again, and open it whole: everything after "#a=" belongs to it. Meanwhile you can practise any quiz on the ', h('a', { href: '/quizzes/' }, 'quizzes page'), '.'),
    ),
  );
}

function modeLine(a: Assignment): string {
  const bits = [a.mode === 'graded' ? 'Graded' : 'Practice'];
  if (a.mode === 'graded' && a.attempts !== undefined) bits.push(`${a.attempts} ${a.attempts === 1 ? 'attempt' : 'attempts'}`);
  if (a.mode === 'graded' && a.timeLimitMinutes !== undefined) bits.push(`${a.timeLimitMinutes} minutes`);
  return `${bits.join(', ')}. Each student gets their own variant of the questions.`;
}

async function open(): Promise<void> {
  if (!root) return;
  mounted?.destroy();
  mounted = undefined;
  const hash = location.hash;
  if (hash.length > MAX_HASH) {
    refuse(`The link is far too long to be an assignment link (${hash.length} characters). It may have been pasted twice or damaged.`);
    return;
  }
  const encoded = new URLSearchParams(hash.replace(/^#/, '')).get('a');
  if (!encoded) {
    refuse(hash === '' ? 'The link holds no assignment: an assignment link ends with "#a=" and a long code.' : 'The link holds no assignment: its end should start with "#a=".');
    return;
  }
  let data: ReturnType<typeof pageQuizData>;
  try {
    data = pageQuizData();
  } catch (error) {
    refuse(`The page could not read its quizzes: ${(error as Error).message}`);
    return;
  }
  const decoded = decodeAssignment(encoded);
  if (!decoded.ok) {
    refuse(`The assignment in this link cannot be read: ${decoded.error}.`);
    return;
  }
  const assignment = decoded.assignment;
  const missing = assignment.quizzes.filter((id) => !data.quizzes.some((q) => q.id === id));
  if (missing.length) {
    refuse(`The assignment asks for ${missing.length === 1 ? 'a quiz' : 'quizzes'} this course does not have (${missing.join(', ')}). The link may be for another version of the course.`);
    return;
  }
  if (title) title.textContent = assignment.title;
  if (lead) lead.textContent = modeLine(assignment);
  document.title = `${assignment.title} · Packet Path`;
  mounted = mountQuiz(root, { quizzes: data.quizzes, courseVersion: data.courseVersion, mode: assignment.mode, assignment, assignmentId: assignmentId(assignment), engine: callEngine, screen: () => import('./screen.ts'), graded });
}

/**
 * The name as the teacher's gradebook will read it (src/quiz/student.ts): when what was typed
 * holds invisible characters, odd spaces or full-width letters, the student sees the name they
 * will be graded (and given a variant) as, under the name field.
 */
function showCanonicalName(event: Event): void {
  const field = event.target;
  if (!(field instanceof HTMLInputElement) || field.getAttribute('autocomplete') !== 'name') return;
  const holder = field.closest('.quiz-field') ?? field.parentElement;
  if (!holder) return;
  let note = holder.querySelector<HTMLElement>(':scope > [data-canonical-name]');
  if (!note) {
    note = h('p', { class: 'exercise-hint quiz-canonical-name', 'data-canonical-name': '', 'aria-live': 'polite' });
    field.after(note);
  }
  const typed = field.value.trim();
  const canonical = canonicalStudent(field.value);
  const differs = typed !== '' && canonical !== typed;
  note.hidden = !differs;
  note.textContent = differs
    ? canonical === ''
      ? 'This name holds only invisible characters: type your name.'
      : `You will be graded as “${canonical}”: invisible characters, extra spaces and look-alike letters are left out, so the name always gives you the same questions.`
    : '';
}

root?.addEventListener('input', showCanonicalName);
// The engine loads while the student reads the rules and types their name.
if (root) whenIdleAfterLoad(warmEngine, QUIZ_IDLE);

void open().catch((error: unknown) => refuse(`The assignment could not be opened: ${error instanceof Error ? error.message : String(error)}`));
window.addEventListener('hashchange', () => void open().catch((error: unknown) => refuse(`The assignment could not be opened: ${error instanceof Error ? error.message : String(error)}`)));
