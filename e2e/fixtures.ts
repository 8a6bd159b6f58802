// What every spec imports instead of '@playwright/test':
//
//   import { test, expect, expectNoA11yViolations, waitForIslands } from './fixtures.ts';
//
// - `test` fails any test during which a page of its browser context logs a console error
//   (console.error, a failed resource load, a CSP violation...) or throws an uncaught error /
//   unhandled rejection. A spec that provokes an error on purpose lists it in
//   `test.use({ allowedConsoleErrors: [/pattern/] })`.
// - `expectNoA11yViolations(page)` runs axe in the light and the dark color scheme and fails on
//   any violation, listing each rule, its impact and the offending elements.
// - `waitForIslands(page)` waits until every custom element on the page is defined (and every
//   Astro island hydrated): call it before clicking in a lab.

import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };
export type { Page };

type Fixtures = {
  /** Console errors matching one of these are tolerated (page errors never are). */
  allowedConsoleErrors: RegExp[];
  /** Every console error and page error seen so far in this test, as text. */
  pageErrors: string[];
};

export const test = base.extend<Fixtures>({
  allowedConsoleErrors: [[], { option: true }],

  pageErrors: async ({ context, allowedConsoleErrors }, use, testInfo) => {
    const problems: string[] = [];
    context.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const where = message.location();
      // Chromium asks for /favicon.ico on its own when a page declares no icon; its 404 is the
      // browser's request, not the page's. (An icon the page declares and fails to load is
      // still an error.) Today's site has no favicon: remove this once it does.
      if (text.startsWith('Failed to load resource') && new URL(where.url || 'about:blank').pathname === '/favicon.ico') return;
      if (allowedConsoleErrors.some((pattern) => pattern.test(text))) return;
      const at = where.url ? ` (${where.url}:${where.lineNumber + 1}:${where.columnNumber + 1})` : '';
      problems.push(`console error on ${message.page()?.url() ?? 'a page'}: ${text}${at}`);
    });
    context.on('weberror', (webError) => {
      const error = webError.error();
      problems.push(`page error on ${webError.page()?.url() ?? 'a page'}: ${error.stack ?? error.message}`);
    });
    await use(problems);
    if (problems.length) {
      await testInfo.attach('page-errors.txt', { body: problems.join('\n\n'), contentType: 'text/plain' });
    }
    expect(problems.length, `the page logged ${problems.length} error(s):\n${problems.join('\n')}\nerrors logged`).toBe(0);
  },

  // Every test that uses `page` gets the error watch, whether or not it names `pageErrors`.
  page: async ({ page, pageErrors }, use) => {
    void pageErrors;
    await use(page);
  },
});

/**
 * Wait until no element on the page is an undefined custom element and no Astro island still
 * waits for hydration. Labs are custom elements: clicking before they are upgraded clicks dead
 * server-rendered markup.
 */
export async function waitForIslands(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelectorAll(':not(:defined):not(astro-slot):not(astro-static-slot)').length === 0 &&
      document.querySelectorAll('astro-island[ssr]').length === 0,
    undefined,
    { timeout },
  );
}

export type A11yOptions = {
  /** Color schemes to check, in order. Default: both. */
  schemes?: Array<'light' | 'dark'>;
  /** CSS selectors to limit the check to. */
  include?: string[];
  /** CSS selectors to leave out (say why in the spec). */
  exclude?: string[];
  /** axe rule ids to turn off (say why in the spec). */
  disableRules?: string[];
};

/** Wait for CSS transitions and finite animations (a color-scheme switch may start some). */
async function settleAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((animation) => {
      const end = animation.effect?.getComputedTiming().endTime;
      return typeof end === 'number' && Number.isFinite(end);
    });
    const timeout = new Promise((resolve) => setTimeout(resolve, 2_000));
    await Promise.race([Promise.all(finite.map((animation) => animation.finished.catch(() => undefined))), timeout]);
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/**
 * Run axe on the page as it is now, once per color scheme (prefers-color-scheme emulated), and
 * fail on any violation. Leaves the page in the light scheme (Playwright's default).
 */
export async function expectNoA11yViolations(page: Page, options: A11yOptions = {}): Promise<void> {
  const testInfo: TestInfo = base.info();
  const schemes = options.schemes ?? ['light', 'dark'];
  const report: string[] = [];
  for (const scheme of schemes) {
    await page.emulateMedia({ colorScheme: scheme });
    await settleAnimations(page);
    let builder = new AxeBuilder({ page });
    if (options.include?.length) for (const selector of options.include) builder = builder.include(selector);
    if (options.exclude?.length) for (const selector of options.exclude) builder = builder.exclude(selector);
    if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
    const results = await builder.analyze();
    for (const violation of results.violations) {
      const nodes = violation.nodes
        .slice(0, 10)
        .map((node) => `      ${node.target.join(' ')}\n        ${node.failureSummary?.replaceAll('\n', '\n        ') ?? ''}`)
        .join('\n');
      const more = violation.nodes.length > 10 ? `\n      ... and ${violation.nodes.length - 10} more` : '';
      report.push(`  [${scheme}] ${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n    ${violation.helpUrl}\n${nodes}${more}`);
    }
    if (results.violations.length) {
      await testInfo.attach(`axe-${scheme}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
    }
  }
  if (schemes.length && schemes.at(-1) !== 'light') await page.emulateMedia({ colorScheme: 'light' });
  expect(report.length, `axe found ${report.length} violation(s) on ${page.url()}:\n${report.join('\n')}\naxe violations`).toBe(0);
}
