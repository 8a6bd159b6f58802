// Browser tests (`npm run e2e`) run against the BUILT site: the web server below runs
// `npm run build` and then `astro preview`, so what is tested is what ships. Debian's chromium
// drives them (Playwright cannot download its own browsers here). See e2e/README.md.

import { defineConfig } from '@playwright/test';

const CI = !!process.env['CI'];
// E2E_PORT moves the preview server off 4322 when another checkout already uses that port.
const PORT = Number(process.env['E2E_PORT'] ?? 4322);
const BASE_URL = `http://127.0.0.1:${PORT}`;

const CHROMIUM_PATH = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  outputDir: './test-results',
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  workers: CI ? 1 : undefined,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  // A guard against a hung run, not a time goal: the whole suite takes about 25 minutes with one
  // worker on a 2-CPU machine (every lesson in both colour schemes, both projects).
  globalTimeout: 45 * 60_000,
  // The custom reporter prints each test and the plain closing line CI reads:
  // `e2e: N passed, N failed, N skipped`.
  reporter: [['./e2e/reporter.ts']],
  use: {
    baseURL: BASE_URL,
    headless: true,
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'phone',
      testIgnore: 'infra.spec.ts', // the checks of the fixtures themselves run once, on desktop
      use: {
        browserName: 'chromium',
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
    {
      name: 'desktop',
      use: {
        browserName: 'chromium',
        viewport: { width: 1280, height: 800 },
      },
    },
  ],
  webServer: {
    // `npx` puts node_modules/.bin (and with it Node 24 from the `node` package) first on PATH.
    // --ignore-lock: Astro 7 refuses to start a second preview server of the same project
    // (someone's `npm start`, bench:web) unless told to run alongside it, untracked.
    command: `npm run build && npx astro preview --ignore-lock --host 127.0.0.1 --port ${PORT}`,
    // Must answer 2xx/3xx, or Playwright waits out the whole timeout: the home page does.
    url: `${BASE_URL}/`,
    reuseExistingServer: !CI,
    timeout: 180_000,
    // The reporter keeps the build's output and shows it only if the server does not start;
    // stderr is always shown.
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
