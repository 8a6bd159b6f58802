// Shared steps of the quiz specs: the quiz core in Node tells a test what a learner's variant
// is and what its right answers are (the same code the browser runs); `answer` types an Answer
// into a question of the page through its labelled controls, as a learner would.

import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import { loadQuizzes } from '../src/quiz/load.ts';
import { courseVersion } from '../src/quiz/version.ts';
import { assignmentId, decodeAssignment } from '../src/quiz/assignment.ts';
import { generateQuiz, practiceSeed, studentSeed } from '../src/quiz/variant.ts';
import { questionChoices, revealAnswer } from '../src/quiz/expected.ts';
import { stateChoiceWords } from '../src/quiz/state-words.ts';
import type { Answer, Assignment, QuestionVariant, QuizDefinition } from '../src/quiz/types.ts';

export const QUIZZES: readonly QuizDefinition[] = loadQuizzes('lessons');

export function quiz(id: string): QuizDefinition {
  const q = QUIZZES.find((d) => d.id === id);
  if (!q) throw new Error(`no quiz ${id}`);
  return q;
}

export { courseVersion, practiceSeed, revealAnswer };

/** The assignment a link holds. */
export function assignmentOf(link: string): Assignment {
  const decoded = decodeAssignment(new URL(link).hash.replace(/^#a=/, ''));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.assignment;
}

/** Every question a student gets for an assignment, in page order. */
export function studentQuestions(assignment: Assignment, student: string): QuestionVariant[] {
  const seed = studentSeed(assignmentId(assignment), student);
  return assignment.quizzes.flatMap((id) => generateQuiz(quiz(id), seed).questions);
}

/** The questions of a practice quiz's nth variant. */
export function practiceQuestions(id: string, n = 1): QuestionVariant[] {
  return [...generateQuiz(quiz(id), practiceSeed(n)).questions];
}

/** The region of question `n` (1-based) on the page. */
export function questionRegion(page: Page | Locator, n: number): Locator {
  return page.getByRole('region', { name: new RegExp(`^Question ${n} of \\d+`) });
}

function capturePointName(point: string): string {
  const [ns, dev] = point.split(' ');
  return ns === 'default' ? `tcpdump on ${dev} (the host, namespace default)` : `tcpdump on ${dev} in namespace ${ns}`;
}

/** Items of an order-hooks list as "HOOK in ns", in page order. */
async function orderItems(region: Locator): Promise<string[]> {
  return region.locator('.quiz-steps li').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-hook')} in ${li.getAttribute('data-ns')}`));
}

/**
 * Puts an order-hooks list in the given order with Move up, from the keyboard (`keyboard`) or
 * by clicks: a selection sort, one item at a time.
 */
export async function orderHooks(page: Page, region: Locator, steps: readonly { ns: string; hook: string }[], keyboard = false): Promise<void> {
  const wanted = steps.map((s) => `${s.hook} in ${s.ns}`);
  for (let target = 0; target < wanted.length; target++) {
    const items = await orderItems(region);
    let at = items.indexOf(wanted[target]!, target);
    if (at < 0) throw new Error(`${wanted[target]} is not in the list ${items.join(', ')}`);
    if (at === target) continue;
    const button = region.getByRole('button', { name: new RegExp(`^Move up: step ${at + 1}, `) });
    if (keyboard) {
      await button.focus();
      while (at > target) {
        await page.keyboard.press(at % 2 ? 'Enter' : 'Space');
        at--;
        // The focus stays on the moved item's Move up button.
        await expect(region.getByRole('button', { name: new RegExp(`^Move up: step ${at + 1}, `) })).toBeFocused();
      }
    } else {
      while (at > target) {
        await region.getByRole('button', { name: new RegExp(`^Move up: step ${at + 1}, `) }).click();
        at--;
      }
    }
  }
  // The rest are hooks the packet does not meet: ticked "not met".
  const items = await orderItems(region);
  for (const extra of items.slice(wanted.length)) {
    const [hook, , ns] = extra.split(' ');
    const box = region.getByRole('checkbox', { name: `Not met: ${hook} in ${ns}`, exact: true });
    if (keyboard) {
      await box.focus();
      await page.keyboard.press('Space');
    } else await box.check();
    await expect(box).toBeChecked();
  }
  expect(items.slice(0, wanted.length)).toEqual(wanted);
}

/** Types `answer` into question `q`'s controls in `region`. */
export async function answer(page: Page, region: Locator, q: QuestionVariant, a: Answer): Promise<void> {
  if ('lines' in a) {
    if (a.lines.length === 0) {
      await region.getByRole('checkbox', { name: 'tcpdump prints nothing here' }).check();
      return;
    }
    for (const [i, line] of a.lines.entries()) {
      if ((await region.locator('.capture-row').count()) <= i) await region.getByRole('button', { name: 'Add a line' }).click();
      await region.getByRole('combobox', { name: `Line ${i + 1}: kind of packet` }).selectOption(line.kind);
      await region.getByRole('combobox', { name: new RegExp(`^Line ${i + 1}: source`) }).fill(line.src);
      await region.getByRole('combobox', { name: new RegExp(`^Line ${i + 1}: destination`) }).fill(line.dst);
      if (line.kind === 'tcp' && line.flags !== undefined) await region.getByRole('combobox', { name: `Line ${i + 1}: TCP flags` }).selectOption(line.flags);
    }
    return;
  }
  if ('steps' in a) {
    if (q.type === 'order-hooks') {
      await orderHooks(page, region, a.steps);
      return;
    }
    await region.getByText('Or type the list').click();
    await region.getByRole('textbox', { name: /^Hooks in order/ }).fill(a.steps.map((s) => `${s.ns} ${s.hook}`).join(', '));
    return;
  }
  if ('selected' in a) {
    if (q.type === 'counters') {
      for (const option of questionChoices(q).counterOptions ?? []) {
        const box = region.getByRole('checkbox', { name: option.policy ? `${option.label} (the policy)` : option.label, exact: true });
        if (a.selected.includes(option.id)) await box.check();
        else await box.uncheck();
      }
      return;
    }
    for (const point of questionChoices(q).capturePoints ?? []) {
      const box = region.getByRole('checkbox', { name: capturePointName(point), exact: true });
      if (a.selected.includes(point)) await box.check();
      else await box.uncheck();
    }
    return;
  }
  if ('choices' in a) {
    const options = q.options ?? [];
    for (const [i, option] of options.entries()) {
      const control = region.getByRole(q.multiple ? 'checkbox' : 'radio', { name: option.text, exact: true });
      if (a.choices.includes(i)) await control.check();
      else if (q.multiple) await control.uncheck();
    }
    return;
  }
  if ('state' in a) {
    await region.getByRole('radio', { name: stateChoiceWords(a.state), exact: true }).check();
    for (const flag of ['unreplied', 'assured'] as const) {
      const box = region.getByRole('checkbox', { name: `[${flag.toUpperCase()}]`, exact: true });
      if (await box.count()) await box.setChecked(a[flag] === true);
    }
    return;
  }
  const box = q.type === 'conntrack' ? region.getByRole('textbox', { name: /^Your entries/ }) : region.getByRole('textbox', { name: 'Your iptables commands, one per line' });
  await box.fill(a.text);
}

/** A wrong answer for a question: a wrong option, the shuffled order as given, an empty box... (graded below full marks). */
export function wrongAnswer(q: QuestionVariant): Answer | undefined {
  switch (q.type) {
    case 'choice': {
      const wrong = (q.options ?? []).findIndex((o) => !o.correct);
      return { choices: [wrong] };
    }
    case 'order-hooks':
      return undefined; // the shuffled order is never the right one
    case 'capture':
      return { lines: [{ kind: 'echo-request', src: '192.0.2.99', dst: '192.0.2.98' }] };
    case 'write-rule':
      return { text: 'iptables -A INPUT -s 192.0.2.99 -j ACCEPT\n' };
    case 'conntrack':
      return { text: 'icmp src=192.0.2.99 dst=192.0.2.98 src=192.0.2.98 dst=192.0.2.99\n' };
    default:
      return undefined; // left unanswered
  }
}

/** The page itself never scrolls sideways (a wide table or drawing scrolls in its own box). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, 'the page is wider than the screen').toBeLessThanOrEqual(width!);
}
