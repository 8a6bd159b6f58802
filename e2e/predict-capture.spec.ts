// A learner predicts tcpdump's lines on br1, gets the field diff, then reveals the engine's answer.
import { test, expect, expectNoA11yViolations } from './fixtures.ts';
import { captureExercise, openLesson, predictLines, VETH2_RIGHT } from './lesson-helpers.ts';

test('a wrong prediction on br1 shows which field is wrong, and the answer comes from the engine', async ({ page }) => {
  await openLesson(page);
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  // The notes' expectation: the reply goes back to the SNAT address on br1 too.
  await predictLines(br1, [
    ['arp-request', '172.17.0.1', '172.19.0.2'],
    ['arp-reply', '172.19.0.2', '172.17.0.1'],
    ['echo-request', '172.17.0.1', '172.19.0.2'],
    ['arp-request', '172.19.0.2', '172.19.0.1'],
    ['arp-reply', '172.19.0.1', '172.19.0.2'],
    ['echo-reply', '172.19.0.2', '172.17.0.1'],
    ['echo-request', '172.17.0.1', '172.19.0.2'],
    ['echo-reply', '172.19.0.2', '172.17.0.1'],
  ]);
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await expect(br1.getByRole('status').filter({ hasText: 'Not quite' })).toHaveText('Not quite: 6 right, 2 wrong.');
  const wrongRows = br1.locator('tr.is-wrong');
  await expect(wrongRows).toHaveCount(2);
  await expect(wrongRows.first()).toContainText('172.19.0.2 > 172.17.0.1');
  await expect(wrongRows.first()).toContainText('wrong destination');
  await expect(br1.getByRole('region', { name: /Engine's answer/ })).toHaveCount(0);

  await br1.getByRole('button', { name: 'Reveal answer' }).click();
  const answer = br1.getByRole('region', { name: /Engine's answer/ });
  await expect(answer).toBeVisible();
  await expect(answer).toContainText('IP 172.19.0.2 > 172.17.0.4: ICMP echo reply');
  await expect(answer).toContainText('br_netfilter');
  await expectNoA11yViolations(page);
});

test('a right prediction typed in tcpdump format is graded right on the first try', async ({ page }) => {
  await openLesson(page);
  const veth2 = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await veth2.getByText("Or type the lines in tcpdump's own format").click();
  await veth2.getByRole('textbox', { name: /Predicted tcpdump lines/ }).fill(VETH2_RIGHT);
  await veth2.getByRole('button', { name: 'Check prediction' }).click();
  await expect(veth2.getByText(/^Right: these are tcpdump's lines here, in order/)).toBeVisible();
  await expect(veth2.getByText('Solved on the first try.')).toBeVisible();
  await expect(veth2.getByRole('region', { name: /Engine's answer/ })).toBeVisible();
});

test('the exercise works with the keyboard alone', async ({ page }) => {
  await openLesson(page);
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await br1.getByRole('combobox', { name: 'Line 1: kind of packet' }).focus();
  await page.keyboard.press('ArrowDown'); // first kind: ARP request
  await page.keyboard.press('Tab');
  await page.keyboard.type('172.17.0.1');
  await page.keyboard.press('Tab');
  await page.keyboard.type('172.19.0.2');
  await br1.getByRole('button', { name: 'Add a line' }).focus();
  await page.keyboard.press('Enter');
  await expect(br1.locator('[data-row]')).toHaveCount(3);
  await expect(br1.getByRole('combobox', { name: 'Line 3: kind of packet' })).toBeFocused();
  await br1.getByRole('button', { name: 'Check prediction' }).focus();
  await page.keyboard.press('Enter');
  await expect(br1.getByRole('status').filter({ hasText: 'Not quite' })).toBeVisible();
  await br1.getByRole('button', { name: 'Reveal answer' }).focus();
  await page.keyboard.press('Enter');
  await expect(br1.getByRole('region', { name: /Engine's answer/ })).toBeFocused();
});

test('an unreadable typed line gets a clear message, not a grade', async ({ page }) => {
  await openLesson(page);
  const br1 = captureExercise(page, /^Predict What does tcpdump print on br1\?$/);
  await br1.getByText("Or type the lines in tcpdump's own format").click();
  await br1.getByRole('textbox', { name: /Predicted tcpdump lines/ }).fill('hello there');
  await br1.getByRole('button', { name: 'Check prediction' }).click();
  await expect(br1.getByRole('alert')).toContainText('Typed line 1');
  await expect(br1.locator('.grade-table')).toHaveCount(0);
});

test('the engine worker starts while the page is idle: the first check downloads nothing', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await openLesson(page);
  // No action yet: the engine starts at idle after load (or when an exercise comes near).
  await expect.poll(() => workers.length, { timeout: 10_000 }).toBe(1);
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(request.url()));
  const veth2 = captureExercise(page, /^Predict What does tcpdump print on veth2\?$/);
  await veth2.getByText("Or type the lines in tcpdump's own format").click();
  await veth2.getByRole('textbox', { name: /Predicted tcpdump lines/ }).fill(VETH2_RIGHT);
  await veth2.getByRole('button', { name: 'Check prediction' }).click();
  await expect(veth2.getByText(/^Right: these are tcpdump's lines here, in order/)).toBeVisible();
  expect(fetched.filter((url) => /\.m?js(\?|$)/.test(url))).toEqual([]);
  expect(workers).toHaveLength(1);
});

test('lessons, the playground and the quiz pages run the same engine file', async ({ page }) => {
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
  await openLesson(page);
  await expect.poll(() => workers.length, { timeout: 10_000 }).toBe(1);
  await page.goto('/playground/');
  await expect(page.locator('[data-playground][data-ready]')).toBeAttached();
  await expect.poll(() => workers.length, { timeout: 10_000 }).toBe(2);
  expect(workers[1]).toBe(workers[0]);
  expect(workers[0]).toMatch(/^\/_astro\/worker-[\w-]+\.js$/);
  // A quiz page starts it when idle after load (the gradebook, at its first file: classroom.spec.ts).
  await page.goto('/quizzes/part-1/');
  await expect.poll(() => workers.length, { timeout: 10_000 }).toBe(3);
  expect(workers[2]).toBe(workers[0]);
});
