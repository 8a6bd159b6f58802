// No spoilers: "Open <scenario> in the playground" runs the lab and prints what the exercise asks,
// so an exercise offers it only once the learner has checked a prediction or revealed the
// answer; a lab that no exercise asks about offers it at once.

import { test, expect, expectNoA11yViolations } from './fixtures.ts';
import { captureExercise, openLesson, predictLines } from './lesson-helpers.ts';

const OPEN = /^Open \S+ in the playground$/;

test('the playground link is hidden until the exercise is checked, then opens that scenario', async ({ page }) => {
  await openLesson(page);
  // Before anything: no visible link anywhere on a lesson whose labs all have exercises.
  await expect(page.getByRole('link', { name: OPEN })).toHaveCount(0);
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await predictLines(br1, [['echo-request', '172.17.0.1', '172.19.0.2']]);
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await expect(br1.getByRole('status').filter({ hasText: 'Not quite' })).toBeVisible();
  const link = br1.getByRole('link', { name: OPEN });
  await expect(link).toBeVisible();
  await expect(link).toHaveAttribute('href', /^\/playground\/#s=/);
  // Only the exercise that was checked offers it.
  await expect(page.getByRole('link', { name: OPEN })).toHaveCount(1);
  await expectNoA11yViolations(page, { include: ['pp-predict-capture'] });
});

test('a reveal offers the link too, and a reload keeps it offered', async ({ page }) => {
  await openLesson(page);
  const veth2 = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await expect(veth2.getByRole('link', { name: OPEN })).toHaveCount(0);
  await veth2.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(veth2.getByRole('region', { name: /Engine's answer/ })).toBeVisible();
  await expect(veth2.getByRole('link', { name: OPEN })).toBeVisible();
  await page.reload();
  await expect(captureExercise(page, /^Predict What does tcpdump print on veth2\?$/).getByRole('link', { name: OPEN })).toBeVisible();
});

test('a lab that no exercise asks about shows its link at once', async ({ page }) => {
  await page.goto('/lessons/nat-and-conntrack/a-packet-that-comes-back/');
  const lab = page.locator('.lab[data-lab="s2-reentry-zones-two-snats"]');
  await expect(lab.getByRole('link', { name: 'Open s2-reentry-zones-two-snats in the playground' })).toBeVisible();
  // The labs with exercises wait for a check.
  await expect(page.locator('.lab[data-lab="s2-reentry-two-snats"]').getByRole('link', { name: OPEN })).toHaveCount(0);
});

test('on every lesson, a lab shows its link at once only when no exercise asks about it', async ({ page }) => {
  test.skip(test.info().project.name === 'phone', 'the markup is the same at every width');
  await page.goto('/lessons/');
  const lessons = await page.locator('main a[href^="/lessons/"]').evaluateAll((as) => [...new Set(as.map((a) => (a as HTMLAnchorElement).pathname))].filter((p) => p.split('/').length === 5));
  expect(lessons.length).toBeGreaterThan(15);
  const spoiled: string[] = [];
  for (const path of lessons) {
    await page.goto(path);
    spoiled.push(
      ...(await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.lab')]
          .filter((lab) => lab.querySelector('.lab-playground:not([hidden]) a'))
          .map((lab) => lab.dataset.lab ?? '')
          .filter((id) => document.querySelector(`[data-scenario="${id}"].exercise`))
          .map((id) => `${location.pathname} ${id}`),
      )),
    );
  }
  expect(spoiled, 'labs whose playground link shows before their exercise is checked').toEqual([]);
});
