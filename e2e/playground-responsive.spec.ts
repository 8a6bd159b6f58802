// The playground stays usable whatever is pasted or run: an oversized paste is refused at once
// with the Run-time limit's words and the script kept; a flood's result is shown capped, with
// notes that say truthfully how much was left out. (How fast: bench/playground.bench.ts.)

import { HOSTILE, PAIR } from '../src/playground/hostile.ts';
import { MAX_SOURCE_LINES, SHOWN } from '../src/playground/limits.ts';
import { runUnbounded } from '../src/playground/run.ts';
import { test, expect, expectNoA11yViolations, type Page } from './fixtures.ts';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const editor = (page: Page) => page.getByRole('textbox', { name: 'Scenario script' });
const problem = (page: Page) => page.getByRole('alert');
const count = (n: number): string => n.toLocaleString('en-US');

async function openPlayground(page: Page): Promise<void> {
  await page.goto('/playground/');
  await expect(page.locator('[data-playground][data-ready]')).toBeAttached();
  await expect(editor(page)).toHaveValue(/ip netns add ns1/);
}

/** Puts `text` on the clipboard and pastes it with the keyboard at the end of the script. */
async function pasteAtEnd(page: Page, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await editor(page).focus();
  await editor(page).press('ControlOrMeta+End');
  await editor(page).press('ControlOrMeta+v');
}

test('the editor takes the place the page kept for it: nothing moves while the page loads', async ({ page }) => {
  // The page's HTML holds the editor as it first shows (the starter, drawn at build time).
  await page.addInitScript(() => {
    const shifts: number[] = [];
    (window as unknown as { shifts: number[] }).shifts = shifts;
    new PerformanceObserver((list) => list.getEntries().forEach((e) => shifts.push((e as PerformanceEntry & { value: number }).value))).observe({ type: 'layout-shift', buffered: true });
  });
  await openPlayground(page);
  await expect(page.locator('.prism-code-editor')).toHaveCount(1);
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts)).toEqual([]);
});

test('a 100,000-line paste is refused at once with Run’s limit, and the script is kept', async ({ page }) => {
  await openPlayground(page);
  const before = await editor(page).inputValue();
  await pasteAtEnd(page, HOSTILE.manyLines);
  await expect(problem(page)).toContainText('Nothing was pasted');
  await expect(problem(page)).toContainText(
    `With the pasted text (100000 lines), the script would have more than ${MAX_SOURCE_LINES} lines; the playground runs at most ${MAX_SOURCE_LINES}. Your script is unchanged.`,
  );
  await expect(editor(page)).toHaveValue(before);
  await expect(page.locator('.pce-line')).toHaveCount(before.split('\n').length);
  await expectNoA11yViolations(page);
  // The editor goes on working: the next edit clears the message, a paste that fits goes in.
  await editor(page).press('ControlOrMeta+End');
  await page.keyboard.type('ip link');
  await expect(problem(page)).toBeHidden();
  await pasteAtEnd(page, '\nip route\n');
  await expect(editor(page)).toHaveValue(`${before}ip link\nip route\n`);
  await expect(problem(page)).toBeHidden();
});

test('a megabyte on one line is refused by the character limit', async ({ page }) => {
  await openPlayground(page);
  const before = await editor(page).inputValue();
  await pasteAtEnd(page, HOSTILE.megabyte);
  await expect(problem(page)).toContainText(`With the pasted text (1000000 characters), the script would have ${1_000_000 + before.length} characters; the playground runs at most 65536.`);
  await expect(editor(page)).toHaveValue(before);
});

// A flood the engine finishes quickly (the 1,000,000-packet one ends on the engine's budget, and
// on a loaded machine on the page's 3 s timeout: playground.spec.ts): still far over SHOWN.
const FLOOD = `${PAIR}ping -f -c 2000 10.0.0.2\n`;

test('a flood’s result is shown capped, and says how much is not shown', async ({ page }) => {
  const whole = runUnbounded(FLOOD);
  const captured = whole.captures[0]!.lines.length;
  expect(captured).toBeGreaterThan(SHOWN.captureLines);
  expect(whole.packets.length).toBeGreaterThan(SHOWN.packets);

  await openPlayground(page);
  await pasteAtEnd(page, ''); // focus, then replace the script
  await editor(page).press('ControlOrMeta+a');
  await page.evaluate((t) => navigator.clipboard.writeText(t), FLOOD);
  await editor(page).press('ControlOrMeta+v');
  await expect(editor(page)).toHaveValue(FLOOD);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-status]')).toContainText(`Ran in`);
  await expect(page.locator('[data-status]')).toContainText(`, ${whole.packets.length} packets.`);

  // The capture: its true size in the heading, its first lines, and a note for the rest.
  const capture = page.locator('[data-captures] .pg-block').first();
  await expect(capture.locator('.pg-block-head')).toHaveText(`== default v0 (${count(captured)} lines)`);
  // textContent: a block below the fold is not rendered (content-visibility), so it has no innerText yet.
  const shown = ((await capture.locator('pre').textContent()) ?? '').split('\n');
  expect(shown).toEqual(whole.captures[0]!.lines.slice(0, SHOWN.captureLines));
  await expect(capture.locator('.pg-omitted')).toHaveText(
    `… and ${count(captured - SHOWN.captureLines)} more lines not shown: the playground shows the first ${count(SHOWN.captureLines)} lines of a capture, ${count(SHOWN.allCaptureLines)} in all.`,
  );

  // The walk: the first packets, and how many more there were.
  const walk = page.locator('[data-walk]');
  await expect(walk.locator('[data-walk-count]')).toHaveText(`the first ${count(SHOWN.packets)} of ${count(whole.packets.length)} packets`);
  await expect(walk.getByRole('combobox', { name: 'Packet' }).locator('option')).toHaveCount(SHOWN.packets);
  await expect(walk.locator('[data-walk-omitted]')).toHaveText(
    `${count(whole.packets.length - SHOWN.packets)} more packets are not listed: the playground walks at most ${count(SHOWN.packets)} packets, ${count(SHOWN.steps)} steps in all.`,
  );
  await walk.getByRole('button', { name: 'Next step' }).click();
  await expect(walk.locator('[data-step-counter]')).toHaveText(/^Step 2 of \d+$/);
  await expectNoA11yViolations(page);

  // The page goes on working: a normal script runs after it.
  await editor(page).press('ControlOrMeta+a');
  await page.evaluate((t) => navigator.clipboard.writeText(t), 'ip netns add a\nip netns exec a ip link\n');
  await editor(page).press('ControlOrMeta+v');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.locator('[data-status]')).toContainText('Ran in');
  await expect(page.locator('[data-captures] .pg-omitted')).toHaveCount(0);
  await expect(walk.locator('[data-walk-omitted]')).toBeHidden();
});
