// Progress: kept across reloads, shown on the course map, exported and imported as a file,
// and a corrupted file or corrupted storage gets a clear message without breaking anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';
import { captureExercise, openLesson, predictLines } from './lesson-helpers.ts';

const STORAGE_KEY = 'packet-path.progress';

test('progress survives a reload, shows on the map, and round-trips through export and import', async ({ page, browser }, testInfo) => {
  await openLesson(page);
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await predictLines(br1, [['echo-request', '172.17.0.1', '172.19.0.2']]);
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await br1.getByRole('button', { name: 'Reveal answer' }).click();
  await expect(br1.getByText('1 check so far. Answer revealed.')).toBeVisible();

  await page.reload();
  await waitForIslands(page);
  const again = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await expect(again.getByText('1 check so far. Answer revealed.')).toBeVisible();
  await expect(again.getByRole('region', { name: /Engine's answer/ })).toBeVisible();

  await page.goto('/');
  await waitForIslands(page);
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('1 of 5 exercises done');
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
  await expect(fresh.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('1 of 5 exercises done');
  await fresh.close();
});

test('a corrupted progress file is refused with a clear message and changes nothing', async ({ page }, testInfo) => {
  await page.goto('/');
  await waitForIslands(page);
  await page.evaluate((key) => localStorage.setItem(key, JSON.stringify({ version: 1, exercises: { 'bridges/two-bridges#veth2': { attempts: 2, correct: true, revealed: false, updatedAt: '2026-01-01T00:00:00.000Z' } } })), STORAGE_KEY);
  await page.reload();
  await waitForIslands(page);
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('1 of 5 exercises done');
  const bad = testInfo.outputPath('broken.json');
  writeFileSync(bad, '{"course": "packet-path", "exercises": {');
  const choosing = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import progress' }).click();
  await (await choosing).setFiles(bad);
  await expect(page.getByRole('status').filter({ hasText: 'was not imported' })).toContainText('broken.json was not imported');
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('1 of 5 exercises done');
});

test('corrupted progress in storage is recovered where possible and never breaks a page', async ({ page }) => {
  await page.goto('/');
  await page.evaluate((key) => localStorage.setItem(key, '{"version":1,"exercises":{"bridges/two-bridges#br1":{"attempts":"many"},"bridges/two-bridges#veth2":{"attempts":1,"correct":true,"revealed":false,"updatedAt":"2026-01-01T00:00:00.000Z"}}}'), STORAGE_KEY);
  await page.reload();
  await waitForIslands(page);
  await expect(page.getByRole('status').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(page.locator('.progress-badge[data-lesson-id="bridges/two-bridges"]')).toHaveText('1 of 5 exercises done');
  await openLesson(page);
  await expect(captureExercise(page, /^Predict What does tcpdump print on veth2\?$/).getByText('Solved.')).toBeVisible();
});
