// Reading and answering on a phone, and one widget per task in lessons and quizzes:
// - a rule never wraps inside an option ("-o br0 -" / "p icmp"), at 360 px;
// - an address field shows 255.255.255.255 whole, in a lesson and in a quiz;
// - a lesson orders hooks and capture lines with the quiz's Move up / Move down / Remove, and
//   answers an empty capture with the quiz's "tcpdump prints nothing here" checkbox.
import { test, expect, waitForIslands, expectNoA11yViolations } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';

async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await waitForIslands(page);
}

/** Every option group of these rule labels sits on one line, inside the page's width. */
async function expectRulesWhole(page: Page, labels: Locator): Promise<void> {
  const { cut, groups } = await labels.evaluateAll((els) => {
    const out: string[] = [];
    let groups = 0;
    for (const el of els) {
      groups += el.querySelectorAll('.nowrap').length;
      for (const group of el.querySelectorAll('.nowrap')) {
        const rects = group.getClientRects();
        const r = group.getBoundingClientRect();
        if (rects.length !== 1 || r.right > document.documentElement.clientWidth + 0.5) out.push(group.textContent ?? '');
      }
    }
    return { cut: out, groups };
  });
  expect(groups, 'the rules are cut into option groups').toBeGreaterThan(3);
  expect(cut, 'option groups cut across lines or off the screen').toEqual([]);
}

/** The field shows the longest address without scrolling inside it. */
async function expectAddressWhole(field: Locator): Promise<void> {
  await field.fill('255.255.255.255');
  const { client, scroll } = await field.evaluate((el: HTMLInputElement) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
  expect(scroll, `255.255.255.255 fits its field (${scroll} > ${client} px would cut it)`).toBeLessThanOrEqual(client);
}

test.describe('at 360 px', () => {
  test.skip(({ isMobile }) => !isMobile, 'the phone layout');

  test('a counters exercise keeps every "-o br0" / "-p icmp" whole', async ({ page }) => {
    await open(page, '/lessons/interfaces-and-routing/the-docker0-snat/');
    const ex = page.locator('pp-predict-path[data-exercise-id$="#docker0-o-counters"]');
    const labels = ex.locator('label:has(input[data-rule-key])');
    expect(await labels.count()).toBeGreaterThan(3);
    await expectRulesWhole(page, labels);
    // The grade table's rows are rules too.
    await ex.getByRole('checkbox', { name: /-o docker0 -p icmp$/ }).check();
    await ex.getByRole('button', { name: 'Check prediction' }).click();
    await expect(ex.locator('.grade-table')).toBeVisible();
    await expectRulesWhole(page, ex.locator('.grade-table code'));
  });

  test('a quiz counters question keeps its rules whole', async ({ page }) => {
    await open(page, '/quizzes/part-4/');
    const labels = page.locator('.quiz-counters label');
    await expect(labels.first()).toBeVisible();
    await expectRulesWhole(page, labels);
  });

  test('an address field shows 255.255.255.255 whole, in a lesson and in a quiz', async ({ page }) => {
    await open(page, '/lessons/connectionless/ethernet-and-arp/');
    const ex = page.locator('pp-predict-capture').first();
    await expectAddressWhole(ex.getByRole('combobox', { name: /^Line 1: source/ }));
    await expectAddressWhole(ex.getByRole('combobox', { name: /^Line 1: destination/ }));
    await open(page, '/lessons/connectionless/connectionless/');
    await expectAddressWhole(page.locator('pp-predict-path').first().getByRole('combobox', { name: 'Entry 1: original source' }));
    await open(page, '/quizzes/part-1/');
    await expectAddressWhole(page.locator('.quiz-capture').first().getByRole('combobox', { name: /^Line 1: source/ }));
  });
});

test('a lesson orders hooks with Move up / Move down / Remove, as the quiz does', async ({ page }) => {
  await open(page, '/lessons/meeting-netfilter/namespaces-and-hooks/');
  const ex = page.locator('pp-predict-path[data-exercise-id$="#forwarded-hooks"]');
  for (const hook of ['FORWARD', 'PREROUTING', 'POSTROUTING']) await ex.getByRole('button', { name: `Add ${hook}`, exact: true }).click();
  const up = ex.getByRole('button', { name: 'Move up: step 2, PREROUTING' });
  await up.focus();
  await page.keyboard.press('Enter');
  // The focus stays on the moved step's button, and the move is announced.
  await expect(ex.getByRole('button', { name: 'Move up: step 1, PREROUTING' })).toBeFocused();
  await expect(ex.locator('[data-announce]')).toHaveText('PREROUTING is now step 1 of 3.');
  await expect(ex.getByRole('button', { name: 'Move up: step 1, PREROUTING' })).toHaveAttribute('aria-disabled', 'true');
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.getByText('Right: the packet meets exactly these hooks, in this order.')).toBeVisible();
  await expectNoA11yViolations(page, { include: ['pp-predict-path'] });
});

test('a lesson capture: lines move, and "tcpdump prints nothing here" sets them aside', async ({ page }) => {
  await open(page, '/lessons/connectionless/ethernet-and-arp/');
  const ex = page.locator('pp-predict-capture').first();
  await ex.getByRole('combobox', { name: 'Line 2: kind of packet' }).selectOption('arp-request');
  await ex.getByRole('button', { name: 'Move up: line 2' }).click();
  await expect(ex.getByRole('combobox', { name: 'Line 1: kind of packet' })).toHaveValue('arp-request');
  await expect(ex.getByRole('button', { name: 'Move up: line 1' })).toHaveAttribute('aria-disabled', 'true');
  const nothing = ex.getByRole('checkbox', { name: 'tcpdump prints nothing here' });
  await nothing.check();
  await expect(ex.getByRole('combobox', { name: 'Line 1: kind of packet' })).toBeDisabled();
  await expect(ex.getByRole('button', { name: 'Add a line' })).toBeDisabled();
  // A guesser's "nothing" where tcpdump prints lines earns nothing.
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.locator('.grade-summary')).toHaveText(/^Not quite/);
  await expect(ex.getByRole('region', { name: /Engine's answer/ })).toBeHidden();
  await nothing.uncheck();
  await expect(ex.getByRole('combobox', { name: 'Line 1: kind of packet' })).toBeEnabled();
  await expect(ex.getByRole('combobox', { name: 'Line 1: kind of packet' })).toHaveValue('arp-request');
});

test('the claims page and lesson 4.1 (its new exercise checked) pass axe', async ({ page }) => {
  await open(page, '/claims/');
  await expectNoA11yViolations(page);
  await open(page, '/lessons/interfaces-and-routing/the-route-chooses-o/');
  const ex = page.locator('pp-predict-path[data-exercise-id$="#source-o-counters"]');
  await ex.getByRole('checkbox', { name: /-o eth1 -p icmp/ }).check();
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.locator('.grade-summary')).toBeVisible();
  await expectNoA11yViolations(page, { include: ['pp-predict-path'] });
});
