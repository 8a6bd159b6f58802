// Lesson 4.1's own exercise (source-does-not-choose-o): the router's ping with -I 10.0.0.254, an
// address of eth1, still leaves by eth2. A learner who thinks the source address picks the
// interface ticks "-o eth1" and gets the -o nudge; guessers (nothing ticked, everything
// ticked, the first rule only) earn nothing; "-o eth2" alone is right.
import { test, expect, waitForIslands } from './fixtures.ts';
import type { Locator } from '@playwright/test';

const LESSON = '/lessons/interfaces-and-routing/the-route-chooses-o/';

async function exercise(page: import('@playwright/test').Page): Promise<Locator> {
  await page.goto(LESSON);
  await waitForIslands(page);
  return page.locator('pp-predict-path[data-exercise-id$="#source-o-counters"]');
}

const eth1 = (ex: Locator) => ex.getByRole('checkbox', { name: /-o eth1 -p icmp/ });
const eth2 = (ex: Locator) => ex.getByRole('checkbox', { name: /-o eth2 -p icmp/ });

async function check(ex: Locator): Promise<void> {
  await ex.getByRole('button', { name: 'Check prediction' }).click();
}

test('the source-picks-the-interface learner is told -o follows the route; -o eth2 alone is right', async ({ page }) => {
  const ex = await exercise(page);
  await eth1(ex).check();
  await eth2(ex).check();
  await check(ex);
  await expect(ex.locator('.grade-summary')).toHaveText(/^Not quite/);
  await expect(ex.locator('.grade-nudges li[data-misconception="o-is-where-i-think"]')).toContainText('-o is the device the route chooses');
  await eth1(ex).uncheck();
  await check(ex);
  await expect(ex.locator('.grade-summary')).toHaveText(/^Right/);
});

for (const [name, tick] of [
  ['nothing ticked', [] as const],
  ['everything ticked', ['eth1', 'eth2'] as const],
  ['the first rule only', ['eth1'] as const],
] as const) {
  test(`a guesser (${name}) earns nothing`, async ({ page }) => {
    const ex = await exercise(page);
    for (const dev of tick) await (dev === 'eth1' ? eth1(ex) : eth2(ex)).check();
    await check(ex);
    await expect(ex.locator('.grade-summary')).toHaveText(/^Not quite/);
    await expect(ex.getByRole('region', { name: /Engine's answer/ })).toBeHidden();
  });
}
