// The site as a whole, starting from the home page. Every test also fails on any console error
// or page error (the fixture in fixtures.ts).

import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';

test.describe('home page', () => {
  test('loads and has one h1', async ({ page }) => {
    const response = await page.goto('/');
    expect(response?.status(), 'status of /').toBe(200);
    await expect(page).toHaveTitle(/\S/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('main')).toBeVisible();
  });

  test('passes axe in the light and the dark color scheme', async ({ page }) => {
    await page.goto('/');
    await waitForIslands(page);
    await expectNoA11yViolations(page);
  });

  test('logs no errors once loaded and idle', async ({ page }) => {
    await page.goto('/', { waitUntil: 'networkidle' });
    await waitForIslands(page);
    // Errors raised by scripts after load are caught by the fixture when the test ends.
  });

  test('every internal link answers 200', async ({ page, baseURL }) => {
    await page.goto('/');
    const origin = new URL(baseURL ?? page.url()).origin;
    // Hidden links count too: a phone layout may fold the navigation into a closed menu.
    const links = page.getByRole('link', { includeHidden: true });
    const hrefs = await links.evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    const targets = new Set<string>();
    for (const href of hrefs) {
      if (!href) continue;
      const url = new URL(href, page.url());
      if (url.origin !== origin) continue; // external, mailto:, javascript: ...
      url.hash = '';
      targets.add(url.href);
    }
    test.info().annotations.push({ type: 'links', description: `${targets.size} internal link target(s) on /` });
    const broken: string[] = [];
    for (const target of [...targets].sort()) {
      const response = await page.request.get(target, { failOnStatusCode: false, maxRedirects: 5 });
      if (response.status() !== 200) broken.push(`${response.status()} ${target}`);
    }
    expect(broken, `broken internal links on /:\n${broken.join('\n')}`).toEqual([]);
  });
});
