// Shared steps of the lesson specs: the sample lesson, its exercises, filling a prediction.
import type { Locator, Page } from '@playwright/test';
import { waitForIslands } from './fixtures.ts';

export const LESSON = '/lessons/bridges/two-bridges/';

export async function openLesson(page: Page): Promise<void> {
  await page.goto(LESSON);
  await waitForIslands(page);
}

/** The capture exercise whose question names this device (first match). */
export function captureExercise(page: Page, heading: RegExp): Locator {
  return page.locator('pp-predict-capture').filter({ has: page.getByRole('heading', { name: heading }) });
}

/** Fills the prediction rows: [kind, src, dst] per line, adding rows as needed. */
export async function predictLines(exercise: Locator, lines: readonly (readonly [string, string, string])[]): Promise<void> {
  for (const [i, [kind, src, dst]] of lines.entries()) {
    if ((await exercise.locator('[data-row]').count()) <= i) await exercise.getByRole('button', { name: 'Add a line' }).click();
    await exercise.getByRole('combobox', { name: `Line ${i + 1}: kind of packet` }).selectOption(kind);
    await exercise.getByRole('combobox', { name: new RegExp(`^Line ${i + 1}: source`) }).fill(src);
    await exercise.getByRole('combobox', { name: new RegExp(`^Line ${i + 1}: destination`) }).fill(dst);
  }
}

/** Every line tcpdump prints on veth2 in the two-bridges lesson, as its textarea takes them (the right answer). */
export const VETH2_RIGHT = [
  'ARP, Request who-has 172.19.0.2 tell 172.17.0.1, length 28',
  'ARP, Reply 172.19.0.2 is-at 02:00:00:00:00:01, length 28',
  'IP 172.17.0.1 > 172.19.0.2: ICMP echo request, id 1, seq 1, length 64',
  'ARP, Request who-has 172.19.0.1 tell 172.19.0.2, length 28',
  'ARP, Reply 172.19.0.1 is-at 02:00:00:00:00:02, length 28',
  'IP 172.19.0.2 > 172.17.0.1: ICMP echo reply, id 1, seq 1, length 64',
  'IP 172.17.0.1 > 172.19.0.2: ICMP echo request, id 1, seq 2, length 64',
  'IP 172.19.0.2 > 172.17.0.1: ICMP echo reply, id 1, seq 2, length 64',
].join('\n');
