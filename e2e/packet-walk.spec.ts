// The learner steps through the echo reply's walk and back; steps are announced.
import { test, expect, expectNoA11yViolations } from './fixtures.ts';
import { openLesson } from './lesson-helpers.ts';

test('stepping forward and back through the reply, with the device and hook highlighted', async ({ page }) => {
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  const next = walk.getByRole('button', { name: 'Next step' });
  const prev = walk.getByRole('button', { name: 'Previous step' });
  await next.click();
  await expect(walk.getByText(/^Step 1 of \d+$/)).toBeVisible();
  await expect(walk.getByRole('combobox', { name: 'Packet' })).toHaveValue(/\d+/);
  await expect(prev).toBeDisabled();
  // Walk until the reply is translated back at the bridge port.
  for (let i = 0; i < 40; i++) {
    if (await walk.locator('[data-step-view]').getByText(/172\.19\.0\.2 > 172\.17\.0\.4/).count()) break;
    await next.click();
  }
  const view = walk.locator('[data-step-view]');
  await expect(view).toContainText('Before NAT');
  await expect(view).toContainText('PREROUTING');
  await expect(walk.locator('[data-packet-flow] [data-hook="PREROUTING"][data-layer="bridge"].is-active')).toHaveCount(1);
  await expect(page.locator('.lab[data-lab="s4-two-bridges-brnf1"] [data-dev="default/br1"].is-active').first()).toBeAttached();
  const counter = await walk.getByText(/^Step \d+ of \d+$/).textContent();
  await prev.click();
  const back = await walk.getByText(/^Step \d+ of \d+$/).textContent();
  expect(Number(/Step (\d+)/.exec(back ?? '')?.[1])).toBe(Number(/Step (\d+)/.exec(counter ?? '')?.[1]) - 1);
  await expect(page.locator('#pp-announcer')).toContainText(/^Step \d+ of \d+\./);
  await expectNoA11yViolations(page);
});

test('the walk answers the arrow keys', async ({ page }) => {
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  await walk.getByRole('button', { name: 'Next step' }).focus();
  await page.keyboard.press('Enter');
  await expect(walk.getByText(/^Step 1 of/)).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(walk.getByText(/^Step 2 of/)).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(walk.getByText(/^Step 1 of/)).toBeVisible();
});

test('at either end of the walk the keyboard focus moves to the other button, never to <body>', async ({ page }) => {
  await openLesson(page);
  const walk = page.locator('pp-packet-walk');
  const next = walk.getByRole('button', { name: 'Next step' });
  const prev = walk.getByRole('button', { name: 'Previous step' });
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(walk.getByText(/^Step 1 of/)).toBeVisible();
  const total = Number(/of (\d+)/.exec((await walk.getByText(/^Step \d+ of \d+$/).textContent()) ?? '')?.[1]);
  expect(total).toBeGreaterThan(1);
  for (let i = 1; i < total; i++) await page.keyboard.press('Enter');
  await expect(walk.getByText(`Step ${total} of ${total}`)).toBeVisible();
  await expect(next).toBeDisabled();
  await expect(prev).toBeFocused();
  // And back: at step 1 "Previous step" is disabled and focus goes to "Next step".
  for (let i = 1; i < total; i++) await page.keyboard.press('Enter');
  await expect(walk.getByText(`Step 1 of ${total}`)).toBeVisible();
  await expect(prev).toBeDisabled();
  await expect(next).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
});
