// The review page (/review/): a missed exercise comes back a day later (the browser's clock,
// moved with page.clock), shows on the course map and the review page, is solved there with the
// lesson's own widget, moves on to 3 days, and export/import carries the queue. A missed quiz
// question comes back as a new variant; guessing (a blank check, the revealed answer copied)
// earns nothing.
import { readFileSync } from 'node:fs';
import type { Locator } from '@playwright/test';
import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';
import { captureExercise, openLesson, predictLines, VETH2_RIGHT } from './lesson-helpers.ts';
import { answer, practiceQuestions, questionRegion, quiz, revealAnswer, wrongAnswer } from './quiz-helpers.ts';
import { generateQuestion } from '../src/quiz/variant.ts';

/** A fixed start for the browser's clock: the queue's days are counted from it. */
const T0 = new Date('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

/** A quiz question on the review page: named after its item (the quiz and the question's number there), then the card's own heading. */
function reviewCard(item: Locator, n: number): Locator {
  return item.getByRole('region', { name: new RegExp(`^Quiz .*, question ${n} Question 1 of 1, `) });
}

test('miss an exercise, see it due a day later, solve it on the review page, see it move to 3 days; export/import keeps it', async ({ page, browser }, testInfo) => {
  await page.clock.install({ time: T0 });
  await openLesson(page);
  const veth2 = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await predictLines(veth2, [['echo-request', '172.17.0.1', '172.19.0.2']]);
  await veth2.getByRole('button', { name: 'Check prediction' }).click();
  await expect(veth2.getByText(/^Not yet/)).toBeVisible();

  // Not due yet: nothing on the map; the review page says when.
  await page.goto('/');
  await waitForIslands(page);
  await expect(page.locator('[data-review-due]')).toBeHidden();
  await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Review' }).click();
  await expect(page.locator('[data-review-summary]')).toHaveText('Nothing to review now.');
  await expect(page.locator('[data-review-later]')).toContainText('Nothing is due now. 1 more comes back later: the next one is due in 24 hours');

  // A day later: due on the map and on the review page.
  await page.clock.fastForward(24 * HOUR);
  await page.goto('/');
  await waitForIslands(page);
  const due = page.locator('[data-review-due]');
  await expect(due).toHaveText('1 exercise you missed is due for review. Review it');
  await due.getByRole('link', { name: 'Review it' }).click();
  await expect(page).toHaveURL(/\/review\/$/);
  await expect(page.locator('[data-review-summary]')).toHaveText('1 item is due for review.');
  const item = page.locator('.review-item');
  await expect(item.getByRole('heading', { level: 2 })).toHaveText(/^Lesson 6\.1 \S/);
  const exercise = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await expect(exercise).toBeVisible();
  await waitForIslands(page);
  // Afresh: no answer shown, no earlier checks counted; the lab it runs on is shown with it.
  await expect(exercise.getByRole('region', { name: /Engine's answer/ })).toBeHidden();
  await expect(exercise.locator('[data-status]')).toHaveText('');
  await expect(item.locator('.lab-topology')).toBeVisible();
  await expect(item.getByRole('link', { name: 'Back to the lesson' })).toHaveAttribute('href', /^\/lessons\/bridges\/two-bridges\/#.+-title$/);
  await expectNoA11yViolations(page);

  // Solved with the keyboard alone: the typed-lines disclosure, the textarea, Check prediction.
  await exercise.getByText("Or type the lines in tcpdump's own format").focus();
  await page.keyboard.press('Enter');
  await exercise.getByRole('textbox', { name: /Predicted tcpdump lines/ }).focus();
  await page.keyboard.insertText(VETH2_RIGHT);
  await exercise.getByRole('button', { name: 'Check prediction' }).focus();
  await page.keyboard.press('Enter');
  await expect(exercise.getByText('Solved on the first try.')).toBeVisible();
  await expect(item.locator('[data-review-state]')).toHaveText(/^Solved: it comes back in 3 days \(/);
  await expect(page.locator('[data-review-summary]')).toHaveText('Done: all the one item due today answered.');

  // Out of today's queue: nothing due on the map; the review page says it is 3 days away.
  await page.goto('/');
  await waitForIslands(page);
  await expect(page.locator('[data-review-due]')).toBeHidden();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('packet-path.progress') ?? '{}'));
  expect(stored.review['bridges/two-bridges#veth2'].step).toBe(1);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const file = testInfo.outputPath('progress.json');
  await (await downloading).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.version).toBe(2);
  expect(exported.review['bridges/two-bridges#veth2']).toMatchObject({ step: 1 });

  // Another browser, an hour later: the import brings the queue with it.
  const fresh = await browser.newPage();
  await fresh.clock.install({ time: new Date(T0.getTime() + 25 * HOUR) });
  await fresh.goto('/');
  await waitForIslands(fresh);
  const choosing = fresh.waitForEvent('filechooser');
  await fresh.getByRole('button', { name: 'Import progress' }).click();
  await (await choosing).setFiles(file);
  await expect(fresh.getByRole('status').filter({ hasText: 'Imported' })).toContainText('1 exercise added');
  await expect(fresh.locator('[data-review-due]')).toBeHidden();
  await fresh.goto('/review/');
  await expect(fresh.locator('[data-review-later]')).toContainText('Nothing is due now. 1 more comes back later: the next one is due in 3 days');
  // Three days on, it is due again there.
  await fresh.clock.fastForward(72 * HOUR);
  await fresh.goto('/');
  await expect(fresh.locator('[data-review-due]')).toHaveText('1 exercise you missed is due for review. Review it');
  await fresh.close();
});

test('a missed quiz question comes back as a new variant; a blank check and a right answer after a reveal earn nothing, the right answer moves it to 3 days', async ({ page }) => {
  await page.clock.install({ time: T0 });
  await page.goto('/quizzes/part-1/');
  await expect(page.locator('.quiz[data-hydrated]')).toHaveCount(1, { timeout: 20_000 });
  const practice = practiceQuestions('part-1', 1);
  const [arp, lost] = [practice[0]!, practice[1]!];
  // Missed: the first question checked wrong, the second revealed without solving.
  const first = questionRegion(page, 1);
  await answer(page, first, arp, wrongAnswer(arp)!);
  await first.getByRole('button', { name: 'Check answer' }).click();
  await expect(first.getByText(/^Not right|^Partly right/)).toBeVisible();
  const second = questionRegion(page, 2);
  await second.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(second.getByRole('region', { name: 'Answer to question 2' })).toBeVisible();

  await page.clock.fastForward(24 * HOUR);
  await page.goto('/review/');
  await expect(page.locator('[data-review-summary]')).toHaveText('2 items are due for review.');

  // The first: a new variant (other values than the one missed), answered by its seed's right answer.
  const arpItem = page.locator(`[data-review-id="quiz:${arp.key}"]`);
  const arpRoot = arpItem.locator('[data-seed]');
  const arpSeed = (await arpRoot.getAttribute('data-seed'))!;
  const arpAgain = generateQuestion('part-1', quiz('part-1').questions.find((q) => q.id === arp.id)!, arpSeed);
  expect(arpAgain.values).not.toEqual(arp.values);
  const arpCard = reviewCard(arpItem, 1);
  await expect(arpCard.locator('.quiz-prompt')).toContainText(`${arpAgain.values['net']}.${arpAgain.values['b']}`);
  // A blank check is no answer: nothing changes.
  await arpCard.getByRole('button', { name: 'Check answer' }).click();
  await expect(arpCard.getByText('Nothing to check yet: answer the question first.')).toBeVisible();
  await expect(page.locator('[data-review-summary]')).toHaveText('2 items are due for review.');
  await answer(page, arpCard, arpAgain, revealAnswer(arpAgain));
  await arpCard.getByRole('button', { name: 'Check answer' }).click();
  await expect(arpCard.getByText(/^Right: /)).toBeVisible();
  await expect(arpItem.locator('[data-review-state]')).toHaveText(/^Solved: it comes back in 3 days \(/);

  // The second: revealed, then the revealed answer typed in: right on the card, not solved for the review.
  const lostItem = page.locator(`[data-review-id="quiz:${lost.key}"]`);
  const lostSeed = (await lostItem.locator('[data-seed]').getAttribute('data-seed'))!;
  const lostAgain = generateQuestion('part-1', quiz('part-1').questions.find((q) => q.id === lost.id)!, lostSeed);
  const lostCard = reviewCard(lostItem, 2);
  await lostCard.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(lostItem.locator('[data-review-state]')).toHaveText(/^Not solved this time: it comes back in 24 hours \(/);
  const right = revealAnswer(lostAgain);
  await answer(page, lostCard, lostAgain, right);
  // The question also grades seq (answer() fills kind and addresses).
  if ('lines' in right) for (const [i, line] of right.lines.entries()) if (line.seq !== undefined) await lostCard.getByRole('textbox', { name: `Line ${i + 1}: seq` }).fill(String(line.seq));
  await lostCard.getByRole('button', { name: 'Check answer' }).click();
  await expect(lostCard.getByText(/^Right: /)).toBeVisible();
  await expect(lostItem.locator('[data-review-state]')).toHaveText(/^Not solved this time: it comes back in 24 hours \(/);
  await expect(page.locator('[data-review-summary]')).toHaveText('Done: all 2 items due today answered.');
  const review = await page.evaluate(() => JSON.parse(localStorage.getItem('packet-path.progress') ?? '{}').review);
  expect(review[`quiz:${arp.key}`].step).toBe(1);
  expect(review[`quiz:${lost.key}`].step).toBe(0);
  await expectNoA11yViolations(page);
});

test('a lesson exercise revealed on the review page and then checked right is not solved: back in a day', async ({ page }) => {
  await page.clock.install({ time: T0 });
  const missedAt = new Date(T0.getTime() - 30 * HOUR).toISOString();
  await page.goto('/review/');
  await page.evaluate(
    ([at, due]) =>
      localStorage.setItem(
        'packet-path.progress',
        JSON.stringify({ course: 'packet-path', version: 2, exercises: {}, review: { 'bridges/two-bridges#veth2': { step: 1, due, updatedAt: at } } }),
      ),
    [missedAt, new Date(T0.getTime() - HOUR).toISOString()],
  );
  await page.reload();
  const item = page.locator('.review-item');
  await expect(item.getByRole('heading', { level: 2 })).toHaveText(/^Lesson 6\.1 \S/);
  await expect(item.locator('.review-meta')).toContainText('Review 2 of 3');
  const exercise = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await waitForIslands(page);
  await exercise.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(exercise.getByRole('region', { name: /Engine's answer/ })).toBeVisible();
  await expect(item.locator('[data-review-state]')).toHaveText(/^Not solved this time: it comes back in 24 hours \(/);
  await exercise.getByText("Or type the lines in tcpdump's own format").click();
  await exercise.getByRole('textbox', { name: /Predicted tcpdump lines/ }).fill(VETH2_RIGHT);
  await exercise.getByRole('button', { name: 'Check prediction' }).click();
  await expect(exercise.getByText('Answer revealed without solving. 1 check so far.')).toBeVisible();
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('packet-path.progress') ?? '{}').review['bridges/two-bridges#veth2']);
  expect(stored.step).toBe(0);
  expect(Date.parse(stored.due) - Date.parse(stored.updatedAt)).toBe(24 * HOUR);
});
