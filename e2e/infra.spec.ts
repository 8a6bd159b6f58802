// Checks on the test infrastructure itself (fixtures.ts), on a page made in the test, run in the
// desktop project only: a Playwright or axe upgrade that silently stopped catching console
// errors, page errors or dark-scheme violations fails here.

import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';

const PAGE = `<!doctype html><html lang="en"><head><title>infra check</title></head>
<body><main><h1>Infra check</h1><p>Some text.</p></main></body></html>`;

test.describe('test infrastructure', () => {
  test('console errors and page errors are caught', async ({ page, pageErrors }) => {
    await page.setContent(PAGE);
    await page.evaluate(() => console.error('infra check: console error'));
    await page.evaluate(() => void Promise.reject(new Error('infra check: unhandled rejection')));
    await page.evaluate(() => setTimeout(() => { throw new Error('infra check: uncaught'); }, 0));
    await expect.poll(() => pageErrors.length).toBe(3);
    expect(pageErrors.join('\n')).toContain('infra check: console error');
    expect(pageErrors.join('\n')).toContain('infra check: unhandled rejection');
    expect(pageErrors.join('\n')).toContain('infra check: uncaught');
    pageErrors.length = 0; // caught as they should be: let the test pass
  });

  test.describe(() => {
    test.use({ allowedConsoleErrors: [/infra check: tolerated/] });
    test('allowedConsoleErrors tolerates the errors it names', async ({ page, pageErrors }) => {
      await page.setContent(PAGE);
      await page.evaluate(() => console.error('infra check: tolerated'));
      await page.evaluate(() => console.error('infra check: not tolerated'));
      await expect.poll(() => pageErrors.length).toBe(1);
      expect(pageErrors[0]).toContain('infra check: not tolerated');
      pageErrors.length = 0;
    });
  });

  test('axe checks the dark color scheme too', async ({ page }) => {
    await page.setContent(PAGE);
    await page.addStyleTag({ content: '@media (prefers-color-scheme: dark) { p { color: #777; background: #666; } }' });
    await expectNoA11yViolations(page, { schemes: ['light'] });
    await expect(expectNoA11yViolations(page)).rejects.toThrow(/\[dark\] color-contrast/);
  });

  test('waitForIslands waits for custom elements to be defined', async ({ page }) => {
    await page.setContent(PAGE);
    await page.evaluate(() => {
      document.querySelector('main')!.append(document.createElement('infra-late-lab'));
      setTimeout(() => customElements.define('infra-late-lab', class extends HTMLElement {
        connectedCallback(): void { this.textContent = 'ready'; }
      }), 300);
    });
    await waitForIslands(page);
    await expect(page.locator('infra-late-lab')).toHaveText('ready', { timeout: 1 });
  });
});
