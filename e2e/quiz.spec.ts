// Quizzes in the browser: practice (check gives hints, reveal the answer, new variant),
// keyboard-only answering of an order-hooks question and of a state question (the misconception's
// answer gets 0 and its nudge, the engine's gets the point), a graded assignment's time limit (the
// clock runs out and the answers are submitted), attempts and resuming, what a graded result
// shows with attempts left (hints) and after the last (answers, explanations), and links that
// do not hold an assignment.

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, expectNoA11yViolations } from './fixtures.ts';
import { answer, expectNoSidewaysScroll, practiceQuestions, questionRegion, revealAnswer, orderHooks, studentQuestions, wrongAnswer } from './quiz-helpers.ts';
import { encodeAssignment } from '../src/quiz/assignment.ts';
import { gradeQuestion } from '../src/quiz/grade.ts';
import type { Assignment } from '../src/quiz/types.ts';
import { questionChoices } from '../src/quiz/expected.ts';
import { stateChoiceWords } from '../src/quiz/state-words.ts';
import { pointsText } from '../src/ui/quiz/words.ts';
import { CATALOGUE } from '../src/grading/catalogue.ts';

const linkTo = (a: Omit<Assignment, 'v'>): string => `/assignment/#a=${encodeAssignment({ v: 1, ...a })}`;

async function openPractice(page: Page, id: string): Promise<void> {
  await page.goto(`/quizzes/${id}/`);
  await expect(page.getByRole('button', { name: 'Check answer' }).first()).toBeVisible({ timeout: 20_000 });
}

/** Presses Tab until the focused element has this accessible name (keyboard only). */
async function tabTo(page: Page, name: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test('the quizzes page lists every quiz with its practice page and the teacher pages', async ({ page }) => {
  await page.goto('/quizzes/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Quizzes');
  await expect(page.getByRole('link', { name: /^Part 1 quiz/ })).toHaveAttribute('href', '/quizzes/part-1/');
  await expect(page.getByRole('link', { name: /^Final exam/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'make an assignment link' })).toHaveAttribute('href', '/teach/assign/');
  await expect(page.getByRole('link', { name: 'gradebook' })).toHaveAttribute('href', '/teach/gradebook/');
  await expectNoA11yViolations(page);
});

test('practice: check a wrong and a right answer, reveal, draw a new variant', async ({ page }) => {
  await openPractice(page, 'part-1');
  const questions = practiceQuestions('part-1', 1);
  const n = questions.findIndex((q) => q.type === 'choice' && !q.multiple) + 1;
  const q = questions[n - 1]!;
  const region = questionRegion(page, n);
  const wrong = q.options!.findIndex((o) => !o.correct);
  await region.getByRole('radio', { name: q.options![wrong]!.text, exact: true }).check();
  await region.getByRole('button', { name: 'Check answer' }).click();
  await expect(region.getByText('Not right: 0 of 1 point.')).toBeVisible();
  await expect(region.getByText('Not yet: change your answer and check again. 1 check so far.')).toBeVisible();
  await answer(page, region, q, revealAnswer(q));
  await region.getByRole('button', { name: 'Check answer' }).click();
  await expect(region.getByText('Right: 1 of 1 point.')).toBeVisible();
  await expect(region.getByText('Right. 2 checks so far.')).toBeVisible();

  // A capture question: a wrong answer checked gets hints (what is wrong), never the right lines.
  const c = questions.findIndex((x) => x.type === 'capture') + 1;
  const capture = questionRegion(page, c);
  const wrongLines = wrongAnswer(questions[c - 1]!)!;
  const graded = gradeQuestion(questions[c - 1]!, wrongLines);
  await answer(page, capture, questions[c - 1]!, wrongLines);
  await capture.getByRole('button', { name: 'Check answer' }).click();
  const hints = capture.locator('.quiz-feedback-lines li');
  await expect(hints).toHaveText(graded.hints as string[]);
  for (const line of graded.feedback) if (!graded.hints.includes(line)) await expect(capture.getByText(line, { exact: true })).toHaveCount(0);
  await expect(capture.getByRole('region', { name: `Answer to question ${c}` })).toBeHidden();
  // Reveal shows the engine's lines; typing them is right.
  await capture.getByRole('button', { name: 'Reveal answer' }).click();
  const revealed = capture.getByRole('region', { name: `Answer to question ${c}` });
  await expect(revealed).toBeFocused();
  await expect(revealed).toContainText('# tcpdump -n -i');
  await expect(revealed).toContainText('ARP, Request who-has');
  await answer(page, capture, questions[c - 1]!, revealAnswer(questions[c - 1]!));
  await capture.getByRole('button', { name: 'Check answer' }).click();
  await expect(capture.getByText(/^Right: \d+ of \d+ points?\.$/)).toBeVisible();
  await expectNoSidewaysScroll(page);
  await expectNoA11yViolations(page);

  // New variant: other values, remembered across a reload.
  const before = await questionRegion(page, 1).locator('.quiz-prompt').innerText();
  await page.getByRole('button', { name: 'New variant' }).click();
  await expect(page.getByText('Variant 2.')).toBeVisible({ timeout: 20_000 });
  const after = await questionRegion(page, 1).locator('.quiz-prompt').innerText();
  expect(after).not.toBe(before);
  expect(after.replace(/\s+/g, ' ')).toContain(practiceQuestions('part-1', 2)[0]!.values['net']!);
  await page.reload();
  await expect(page.getByText('Variant 2.')).toBeVisible({ timeout: 20_000 });
});

test('the assignment and practice pages carry choice answers sealed, never "correct" in plain text', async ({ request }) => {
  for (const path of ['/assignment/', '/quizzes/part-1/']) {
    const html = await (await request.get(path)).text();
    expect(html).toContain('"sealed"');
    expect(html).not.toContain('"correct"');
    expect(html).not.toContain('"shows"');
  }
});

test('a practice page carries its questions in its HTML, before any script, and no answer', async ({ browser, request, baseURL }) => {
  // The first variant is drawn at build time: with JavaScript off, every question is on the page.
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto('/quizzes/part-1/');
  const questions = practiceQuestions('part-1', 1);
  await expect(page.getByRole('region', { name: /^Question \d+ of \d+/ })).toHaveCount(questions.length);
  const choice = questions.findIndex((q) => q.type === 'choice') + 1;
  await expect(questionRegion(page, choice).getByRole('radio').first()).toBeVisible();
  await expect(questionRegion(page, 1).getByRole('button', { name: 'Check answer' })).toBeVisible();
  await expect(page.getByText('Variant 1.')).toBeVisible();
  // A learner can answer before the script arrives.
  await questionRegion(page, choice).getByRole('radio').first().check();
  // No "the other questions appear in a moment": they are all here.
  expect(await page.locator('.quiz-screen').evaluate((el) => getComputedStyle(el, '::after').content)).toBe('none');
  await context.close();

  // No answer in the HTML: no choice marked right, no capture line, hook list or entry the engine computes.
  const html = await (await request.get('/quizzes/part-1/')).text();
  expect(html).not.toMatch(/"correct"|correct=/);
  for (const q of questions) {
    const a = revealAnswer(q);
    if ('lines' in a) for (const line of a.lines) expect(html).not.toContain(`${line.src} > ${line.dst}`);
    if ('text' in a && q.type === 'conntrack') for (const line of a.text.split('\n').filter((l) => l.trim().length > 12)) expect(html).not.toContain(line.trim());
  }
});

test('hydrating keeps what the learner did before the script ran, and the page does not move', async ({ page }) => {
  // Hold the page's script back, answer, then let it run.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_astro\/.*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  // (A module script holds DOMContentLoaded back: wait for the HTML only.)
  await page.goto('/quizzes/part-3/', { waitUntil: 'commit' });
  const questions = practiceQuestions('part-3', 1);
  const q = questions[0]!;
  const right = revealAnswer(q);
  // Before the script, the first question alone is drawn (quiz.css [data-deferred]): the page's
  // first frame lays out one card, not all of them.
  const region = questionRegion(page, 1);
  await expect(region).toBeVisible();
  await expect(page.locator('.quiz-question')).toHaveCount(questions.length);
  await expect(page.locator('.quiz-question').nth(1)).toBeHidden();
  const note = (): Promise<string> => page.locator('.quiz-screen').evaluate((el) => getComputedStyle(el, '::after').content);
  expect(await note()).toContain('The other questions appear in a moment');
  await answer(page, region, q, right);
  await page.evaluate(() => document.fonts.ready.then(() => undefined)); // the page's own layout settled
  const before = await region.boundingBox();
  // The card itself stays on the page (only its answer controls are swapped in): its element is the same.
  await region.evaluate((el) => el.setAttribute('data-static-card', ''));
  const ticked = await region.getByRole('checkbox', { checked: true }).count();
  expect(ticked).toBeGreaterThan(0);
  release();
  await expect(page.locator('.quiz[data-hydrated]')).toHaveCount(1, { timeout: 20_000 });
  await expect(region).toHaveAttribute('data-static-card', '');
  await expect(region.getByRole('checkbox', { checked: true })).toHaveCount(ticked);
  expect(await region.boundingBox()).toEqual(before);
  // Once live, the other questions are drawn, a card per frame.
  await expect(page.getByRole('region', { name: /^Question \d+ of \d+/ })).toHaveCount(questions.length);
  await expect(questionRegion(page, questions.length)).toBeVisible();
  expect(await note()).toBe('none');
  await region.getByRole('button', { name: 'Check answer' }).click();
  await expect(region.getByText(`Right: ${pointsText(q.points).replace(/ points?$/, '')} of ${pointsText(q.points)}.`, { exact: true })).toBeVisible({ timeout: 20_000 });
});

test('keyboard only: an order-hooks question put in order with Move up, then checked', async ({ page }) => {
  await openPractice(page, 'part-2');
  const questions = practiceQuestions('part-2', 1);
  const n = questions.findIndex((q) => q.type === 'order-hooks') + 1;
  const q = questions[n - 1]!;
  const region = questionRegion(page, n);
  const right = revealAnswer(q);
  if (!('steps' in right)) throw new Error('order-hooks answers are steps');
  // The list starts shuffled; Move up with Enter and Space keeps the focus on the moved item.
  await orderHooks(page, region, right.steps, true);
  await tabTo(page, 'Check answer');
  await page.keyboard.press('Enter');
  await expect(region.getByText(/^Right: 2 of 2 points\.$/)).toBeVisible();
  // Move down at the last item does nothing and says so.
  // The list holds the hooks the packet meets and the ones ticked "not met".
  const items = await region.locator('.quiz-steps li').count();
  expect(items).toBeGreaterThan(right.steps.length);
  const last = region.getByRole('button', { name: new RegExp(`^Move down: step ${items}, `) });
  await last.focus();
  await page.keyboard.press('Enter');
  await expect(last).toBeFocused();
  await expect(page.locator('.quiz-announcer')).toContainText('is already last');
});

test('keyboard only: a state question answered as the misconception predicts (0, its nudge), then right', async ({ page }) => {
  await openPractice(page, 'part-1');
  const questions = practiceQuestions('part-1', 1);
  const n = questions.findIndex((q) => q.type === 'state') + 1;
  const q = questions[n - 1]!;
  const region = questionRegion(page, n);
  const states = questionChoices(q).states!;
  const right = revealAnswer(q);
  if (!('state' in right)) throw new Error('state answers are { state }');
  const nudge = CATALOGUE.find((e) => e.id === 'server-established-on-syn')!.nudge;
  // Into the radio group with Tab, then the arrows (each one moves and ticks).
  // Tab (keyboard only) until the focus is in this question's radio group: its first radio, none ticked.
  const first = region.getByRole('radio', { name: stateChoiceWords(states[0]!), exact: true });
  for (let i = 0; i < 400 && !(await first.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  const pickWithArrows = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) await page.keyboard.press('ArrowDown');
    await expect(region.getByRole('radio', { name: stateChoiceWords(states[to]!), exact: true })).toBeChecked();
  };
  const estab = states.indexOf('ESTAB');
  await pickWithArrows(0, estab);
  await tabTo(page, 'Check answer');
  await page.keyboard.press('Enter');
  await expect(region.getByText('Not right: 0 of 1 point.')).toBeVisible();
  await expect(region.locator('.quiz-feedback-lines')).toContainText(nudge);
  // The hints never name the right state.
  await expect(region.locator('.quiz-feedback-lines')).not.toContainText(right.state);
  await expectNoA11yViolations(page);
  await region.screenshot({ path: '/tmp/shots/quiz-state-1280-light.png' });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await region.screenshot({ path: '/tmp/shots/quiz-state-360-dark.png' });
  await expectNoSidewaysScroll(page);
  await page.emulateMedia({ colorScheme: 'light' });
  // Back into the group: the focus lands on the ticked radio.
  await page.keyboard.press('Shift+Tab');
  await expect(region.getByRole('radio', { name: stateChoiceWords('ESTAB'), exact: true })).toBeFocused();
  const target = states.indexOf(right.state);
  if (target > estab) await pickWithArrows(estab, target);
  else {
    for (let i = estab; i > target; i--) await page.keyboard.press('ArrowUp');
    await expect(region.getByRole('radio', { name: stateChoiceWords(right.state), exact: true })).toBeChecked();
  }
  await tabTo(page, 'Check answer');
  await page.keyboard.press('Enter');
  await expect(region.getByText('Right: 1 of 1 point.')).toBeVisible();
  await region.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(region.getByRole('region', { name: `Answer to question ${n}` })).toContainText(`server's socket after the SYN`);
});

test('a graded assignment with a time limit submits by itself when the time is up', async ({ page }) => {
  await page.clock.install();
  await page.goto(linkTo({ title: 'Timed', quizzes: ['part-1'], mode: 'graded', timeLimitMinutes: 2 }));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Timed');
  await expect(page.getByText('Time limit: 2 minutes, counted from when the questions appear.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Your name or student id' }).fill('Alan Turing');
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await expect(page.getByRole('timer')).toHaveText(/^Time left: (2:00|1:5\d)$/, { timeout: 20_000 });
  const choice = questionRegion(page, 3);
  await choice.getByRole('radio').first().check();
  await page.clock.fastForward('01:00');
  await expect(page.getByRole('timer')).toHaveText(/^Time left: (1:00|0:5\d)$/);
  await page.clock.fastForward('01:01');
  await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible();
  await expect(page.getByText('The time was up: your answers were submitted as they were.')).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download result file' }).click()]);
  expect(download.suggestedFilename()).toBe('Timed-Alan-Turing-attempt-1.json');
  const result = JSON.parse(readFileSync(await download.path(), 'utf8')) as { answers: Record<string, unknown> };
  expect(Object.keys(result.answers)).toContain('part-1/ping-seq');
});

test('attempts: the last one used says so; an unsubmitted attempt resumes with its answers after a reload', async ({ page }) => {
  await page.goto(linkTo({ title: 'Once', quizzes: ['part-1'], mode: 'graded', attempts: 1 }));
  const name = page.getByRole('textbox', { name: 'Your name or student id' });
  await name.fill('Edsger');
  await expect(page.getByText('Attempts: 1 allowed; 1 left.')).toBeVisible();
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await questionRegion(page, 3).getByRole('radio').nth(1).check();
  await page.reload();
  await name.fill('Edsger');
  await expect(page.getByText(/You started attempt 1 at .* and did not submit it: Start quiz resumes it\./)).toBeVisible();
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await expect(questionRegion(page, 3).getByRole('radio').nth(1)).toBeChecked({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByText('That was your last attempt.')).toBeVisible({ timeout: 20_000 });
  // Its only attempt used: the explanations are shown.
  await expect(page.getByRole('region', { name: 'Explanation of question 1', exact: true })).toBeVisible();
  await page.reload();
  await name.fill('Edsger');
  await expect(page.getByText('You have used all 1 attempt of this assignment: there is none left.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Start quiz' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Download the result file of attempt 1 again' })).toBeVisible();
  await name.fill('Someone else');
  await expect(page.getByRole('button', { name: 'Start quiz' })).toBeVisible();
});

test('graded with attempts left: the score and hints only; the last attempt shows the answers and explanations', async ({ page }) => {
  const assignment = { title: 'Twice', quizzes: ['part-1'], mode: 'graded', attempts: 2 } as const;
  await page.goto(linkTo(assignment));
  await page.getByRole('textbox', { name: 'Your name or student id' }).fill('Barbara Liskov');
  await expect(page.getByText('the right answers and explanations appear after your last attempt')).toBeVisible();
  await page.getByRole('button', { name: 'Start quiz' }).click();
  const questions = studentQuestions({ v: 1, ...assignment }, 'Barbara Liskov');
  const n = questions.findIndex((q) => q.type === 'choice' && !q.multiple) + 1;
  const q = questions[n - 1]!;
  const wrong = q.options!.findIndex((o) => !o.correct);
  const explanation = q.options![wrong]!.explanation.trim();
  const region = questionRegion(page, n);
  await region.getByRole('radio', { name: q.options![wrong]!.text, exact: true }).check({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('You have 1 attempt left: the answers and explanations appear after your last attempt.')).toBeVisible();
  await expect(region.getByText('Not right: 0 of 1 point.')).toBeVisible();
  await expect(region.locator('.quiz-feedback-lines li')).toHaveText([`"${q.options![wrong]!.text}": not right`]);
  // Neither the option's explanation (the feedback) nor any question's explanation is in the page.
  await expect(page.getByText(explanation.slice(0, 60))).toHaveCount(0);
  await expect(page.getByRole('region', { name: /^Explanation of question/ })).toHaveCount(0);
  await expectNoSidewaysScroll(page);
  await expectNoA11yViolations(page);

  // The second and last attempt: the same variant, and now the answers.
  await page.getByRole('button', { name: 'Start another attempt' }).click();
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await questionRegion(page, n).getByRole('radio', { name: q.options![wrong]!.text, exact: true }).check({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByText('That was your last attempt. Below, each question shows the right answer where yours was wrong, and its explanation.')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: /^Explanation of question/ })).toHaveCount(questions.length);
  await expect(questionRegion(page, n).locator('.quiz-feedback-lines li').first()).toContainText(explanation.slice(0, 60));
  await expectNoA11yViolations(page);
});

test('graded: the name is required, and nothing starts without it', async ({ page }) => {
  await page.goto(linkTo({ title: 'Named', quizzes: ['part-1'], mode: 'graded' }));
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await expect(page.getByRole('alert')).toHaveText('Type your name or student id first.');
  await expect(page.getByRole('textbox', { name: 'Your name or student id' })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Your name or student id' })).toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(page);
});

for (const [what, hash, message] of [
  ['no assignment', '', 'The link holds no assignment'],
  ['damaged', '#a=not*base64', 'The assignment in this link cannot be read: the assignment in the link is damaged'],
  ['far too long', `#a=${'A'.repeat(30_000)}`, 'The link is far too long to be an assignment link'],
  ['too long', `#a=${'A'.repeat(5_000)}`, 'too long'],
  ['not JSON', `#a=${Buffer.from('hello').toString('base64url')}`, 'not JSON'],
  ['an unknown quiz', `#a=${encodeAssignment({ v: 1, title: 'X', quizzes: ['part-99'], mode: 'graded' })}`, 'a quiz this course does not have (part-99)'],
] as const) {
  test(`a bad assignment link (${what}) gets a clear message, never a broken page`, async ({ page }) => {
    await page.goto(`/assignment/${hash}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not open an assignment');
    await expect(page.getByRole('alert')).toContainText(message);
    await expect(page.getByRole('link', { name: 'quizzes page' })).toHaveAttribute('href', '/quizzes/');
    if (what === 'damaged') await expectNoA11yViolations(page);
  });
}
