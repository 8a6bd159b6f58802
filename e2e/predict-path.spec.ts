// Predicting the hooks a packet meets, and what conntrack holds.
import { test, expect } from './fixtures.ts';
import { openLesson } from './lesson-helpers.ts';

test('hooks of the reply in the host: a wrong order is graded, the right one is right', async ({ page }) => {
  await openLesson(page);
  const ex = page.locator('pp-predict-path[data-ask="hooks"]');
  for (const hook of ['PREROUTING', 'INPUT']) await ex.getByRole('button', { name: `Add ${hook}` }).click();
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.locator('tr.is-wrong, tr.is-missing')).not.toHaveCount(0);
  await ex.getByRole('button', { name: /Remove step 2/ }).click();
  for (const hook of ['FORWARD', 'POSTROUTING']) await ex.getByRole('button', { name: `Add ${hook}` }).click();
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.getByText('Right: the packet meets exactly these hooks, in this order.')).toBeVisible();
  await expect(ex.getByRole('region', { name: /Engine's answer/ })).toContainText('PREROUTING -> FORWARD -> POSTROUTING');
});

test('conntrack: the reply direction holds the SNAT address', async ({ page }) => {
  await openLesson(page);
  const ex = page.locator('pp-predict-path[data-ask="conntrack"]');
  await ex.getByRole('combobox', { name: 'Entry 1: original source' }).fill('172.17.0.4');
  await ex.getByRole('combobox', { name: 'Entry 1: original destination' }).fill('172.19.0.2');
  await ex.getByRole('combobox', { name: 'Entry 1: reply source' }).fill('172.19.0.2');
  await ex.getByRole('combobox', { name: 'Entry 1: reply destination' }).fill('172.17.0.4');
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.locator('tr.is-wrong')).toContainText('wrong reply dst');
  await ex.getByRole('combobox', { name: 'Entry 1: reply destination' }).fill('172.17.0.1');
  await ex.getByRole('button', { name: 'Check prediction' }).click();
  await expect(ex.getByText(/Right: these are the entries conntrack holds/)).toBeVisible();
});
