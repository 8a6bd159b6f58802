// Progress: kept across reloads, shown on the course map, exported and imported as a file,
// and a corrupted file or corrupted storage gets a clear message without breaking anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';
import { captureExercise, openLesson, predictLines, VETH2_RIGHT } from './lesson-helpers.ts';

const STORAGE_KEY = 'packet-path.progress';

test('progress survives a reload, shows on the map, and round-trips through export and import', async ({ page, browser }, testInfo) => {
  await openLesson(page);
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await predictLines(br1, [['echo-request', '172.17.0.1', '172.19.0.2']]);
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await br1.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(br1.getByText('Answer revealed without solving. 1 check so far.')).toBeVisible();

  await page.reload();
  await waitForIslands(page);
  const again = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await expect(again.getByText('Answer revealed without solving. 1 check so far.')).toBeVisible();
  await expect(again.getByRole('region', { name: /Engine's answer/ })).toBeVisible();

  await page.goto('/');
  await waitForIslands(page);
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 0 of 5 solved, 1 revealed');
  await expectNoA11yViolations(page);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const file = testInfo.outputPath('progress.json');
  await (await downloading).saveAs(file);
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  expect(exported.course).toBe('packet-path');
  expect(Object.keys(exported.exercises)).toEqual(['bridges/two-bridges#br1']);

  // A fresh browser (no progress) imports the file.
  const fresh = await browser.newPage();
  await fresh.goto('/');
  await waitForIslands(fresh);
  const choosing = fresh.waitForEvent('filechooser');
  await fresh.getByRole('button', { name: 'Import progress' }).click();
  await (await choosing).setFiles(file);
  await expect(fresh.getByRole('status').filter({ hasText: 'Imported' })).toContainText('1 exercise added');
  await expect(fresh.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 0 of 5 solved, 1 revealed');
  await fresh.close();
});


test('solved, revealed, tried and not started: each shown as such on the lesson and the map after a reload', async ({ page }) => {
  await openLesson(page);
  // Solved: veth2, right on the first check.
  const veth2 = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await veth2.getByText("Or type the lines in tcpdump's own format").click();
  await veth2.getByRole('textbox', { name: /Predicted tcpdump lines/ }).fill(VETH2_RIGHT);
  await veth2.getByRole('button', { name: 'Check prediction' }).click();
  await expect(veth2.getByText('Solved on the first try.')).toBeVisible();

  // Revealed without solving: br1, a wrong check, the reveal, then a check after the reveal
  // that still counts (and, even if right, does not make it solved).
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await predictLines(br1, [['echo-request', '172.17.0.1', '172.19.0.2']]);
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await expect(br1.getByText('1 check so far.')).toBeVisible();
  await br1.getByRole('button', { name: 'Reveal answer' }).click();
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await expect(br1.getByText('Answer revealed without solving. 2 checks so far.')).toBeVisible();

  // Tried: br1 with bridge-nf-call-iptables=0, one wrong check; "Try again" puts the keyboard
  // focus on the form's first control, not on <body>.
  const brnf0 = captureExercise(page, /bridge-nf-call-iptables=0/);
  await predictLines(brnf0, [['echo-request', '172.17.0.1', '172.19.0.2']]);
  await brnf0.getByRole('button', { name: 'Check prediction' }).click();
  await expect(brnf0.getByText(/^Not yet/)).toBeVisible();
  await brnf0.getByRole('button', { name: 'Try again' }).focus();
  await page.keyboard.press('Enter');
  await expect(brnf0.getByRole('combobox', { name: 'Line 1: kind of packet' })).toBeFocused();

  const panel = page.getByRole('region', { name: 'Your progress' });
  await expect(panel).toContainText('This lesson: in progress: 1 of 5 solved, 1 revealed, 1 tried.');

  await page.reload();
  await waitForIslands(page);
  await expect(captureExercise(page, /bridge-nf-call-iptables=0/).getByText('Tried, not solved yet. 1 check so far.')).toBeVisible();
  await expect(captureExercise(page, /^Predict What does tcpdump print on br1\?$/).getByText('Answer revealed without solving. 2 checks so far.')).toBeVisible();
  await expectNoA11yViolations(page);
  const items = page.getByRole('region', { name: 'Your progress' }).getByRole('listitem');
  await expect(items).toHaveText([
    'What does tcpdump print on veth2?: solved',
    'What does tcpdump print on br1?: answer revealed, not solved',
    /: not started$/,
    /: not started$/,
    'With bridge-nf-call-iptables=0, what does tcpdump print on br1?: tried, not solved yet',
  ]);

  await page.goto('/');
  await waitForIslands(page);
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 1 of 5 solved, 1 revealed, 1 tried');
  await page.reload();
  await waitForIslands(page);
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 1 of 5 solved, 1 revealed, 1 tried');
  // Another lesson nobody touched.
  await expect(page.locator('.progress-badge').filter({ hasText: 'not started' }).first()).toBeVisible();
});

test('a corrupted progress file is refused with a clear message and changes nothing', async ({ page }, testInfo) => {
  await page.goto('/');
  await waitForIslands(page);
  await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ version: 1, exercises: { 'bridges/two-bridges#veth2': { attempts: 2, correct: true, revealed: false, updatedAt: '2026-01-01T00:00:00.000Z' } } })), STORAGE_KEY);
  await page.reload();
  await waitForIslands(page);
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 1 of 5 solved');
  const bad = testInfo.outputPath('broken.json');
  writeFileSync(bad, '{"course": "packet-path", "exercises": {');
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import progress' }).click();
  await (await choosing).setFiles(bad);
  await expect(page.getByRole('status').filter({ hasText: 'was not imported' })).toContainText('broken.json was not imported');
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 1 of 5 solved');
});

test('corrupted progress in storage is recovered where possible and never breaks a page', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((key) => localStorage.setItem(key, '{"version":1,"exercises":{"bridges/two-bridges#br1":{"attempts":"many"},"bridges/two-bridges#veth2":{"attempts":1,"correct":true,"revealed":false,"updatedAt":"2026-01-01T00:00:00.000Z"}}}'), STORAGE_KEY);
  await page.reload();
  await waitForIslands(page);
  await expect(page.getByRole('status').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('in progress: 1 of 5 solved');
  await openLesson(page);
  await expect(captureExercise(page, /^Predict What does tcpdump print on veth2\?$/).getByText('Solved.')).toBeVisible();
});

test('"Try again" on a hook-order exercise (no text field) moves focus to its first control, never to <body>', async ({ page }) => {
  await openLesson(page);
  const hooks = page.locator('pp-predict-path').filter({ has: page.getByRole('heading', { name: /Which hooks does this packet meet/ }) });
  await hooks.getByRole('button', { name: 'Add INPUT' }).click();
  await hooks.getByRole('button', { name: 'Check prediction' }).click();
  await expect(hooks.getByText(/^Not yet/)).toBeVisible();
  await hooks.getByRole('button', { name: 'Try again' }).focus();
  await page.keyboard.press('Enter');
  await expect(hooks.getByRole('button', { name: 'Try again' })).toBeHidden();
  await expect(hooks.getByRole('button', { name: 'Add PREROUTING' })).toBeFocused();
  expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON');
});
