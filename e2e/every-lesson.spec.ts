// Every lesson: the page loads without errors, passes axe, and each of its exercises reveals
// an answer computed by the engine in the browser.
import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';

test('every lesson reveals an engine answer for each exercise', async ({ page, isMobile }) => {
  // One pass over the whole course is enough; the phone layout is covered by the feature specs.
  test.skip(isMobile, 'desktop only');
  test.setTimeout(600_000);
  await page.goto('/lessons/');
  const urls = await page.locator('main a[href^="/lessons/"]').evaluateAll((links) => [...new Set(links.map((a) => (a as HTMLAnchorElement).pathname))]);
  const lessons = urls.filter((u) => /^\/lessons\/[^/]+\/[^/]+\/$/.test(u));
  expect(lessons.length).toBeGreaterThan(0);
  for (const url of lessons) {
    await page.goto(url);
    await waitForIslands(page);
    const exercises = page.locator('.exercise');
    const count = await exercises.count();
    expect(count, `${url} has exercises`).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < count; i++) {
      const exercise = exercises.nth(i);
      await exercise.getByRole('button', { name: 'Reveal answer' }).click();
      const answer = exercise.getByRole('region', { name: /Engine's answer/ });
      await expect(answer, `${url} exercise ${i + 1}`).toBeVisible();
      await expect(answer.locator('pre')).not.toBeEmpty();
      await expect(answer.locator('pre')).not.toContainText('could not');
    }
    const walk = page.locator('pp-packet-walk');
    if (await walk.count()) {
      await walk.first().getByRole('button', { name: 'Next step' }).click();
      await expect(walk.first().getByText(/^Step 1 of \d+$/)).toBeVisible();
    }
    await expectNoA11yViolations(page);
  }
});
