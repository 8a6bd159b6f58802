// The baseline: a plain Astro page (no integration, no client script), built with this repo's
// astro package in a temporary project, in the same run as the site. It shows what the machine,
// the server and Lighthouse give a page that costs nothing, so the site's figures can be read
// beside it.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PARAGRAPH =
  'A packet that arrives on an interface meets the bridge first, then the routing decision, then the hooks of its path. ' +
  'Each step can change where it goes next, and each one leaves a trace that tcpdump, conntrack or a rule counter can show.';

const PAGE = `---
---
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="description" content="A plain Astro page: the baseline of bench:web." />
    <title>A plain Astro page</title>
    <link rel="icon" href="data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20viewBox%3D%220%200%2032%2032%22%3E%3Crect%20width%3D%2232%22%20height%3D%2232%22%20rx%3D%227%22%20fill%3D%22%230a55c2%22%2F%3E%3C%2Fsvg%3E" type="image/svg+xml" />
    <style>
      body { font: 1rem/1.6 system-ui, sans-serif; max-width: 42rem; margin: 0 auto; padding: 1rem; color: #1a1a1a; background: #fff; }
      h1 { font-size: 1.8rem; line-height: 1.2; }
    </style>
  </head>
  <body>
    <main>
      <h1>A plain Astro page</h1>
      ${Array.from({ length: 8 }, (_, i) => `<h2>Section ${i + 1}</h2>\n      <p>${PARAGRAPH}</p>\n      <p>${PARAGRAPH}</p>`).join('\n      ')}
    </main>
  </body>
</html>
`;

/** `astro build` in `cwd`, killed after `timeoutMs`; throws with the build's output when it fails. */
export function astroBuild(astroBin: string, cwd: string, timeoutMs: number, what = 'astro build'): void {
  const result = spawnSync(process.execPath, [astroBin, 'build'], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.error?.message ?? 'exit ' + (result.status ?? result.signal)}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
}

/** Builds the baseline into a temporary directory; returns its dist/ and a cleanup. */
export function buildBaseline(root: string, astroBin: string, timeoutMs: number): { dist: string; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-web-baseline-'));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(join(dir, 'src', 'pages'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench-web-baseline', private: true, type: 'module' }));
    writeFileSync(join(dir, 'astro.config.mjs'), "import { defineConfig } from 'astro/config';\nexport default defineConfig({});\n");
    writeFileSync(join(dir, 'src', 'pages', 'index.astro'), PAGE);
    // This repo's packages (astro and what it needs), without installing anything.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    astroBuild(astroBin, dir, timeoutMs, 'baseline astro build');
    return { dist: join(dir, 'dist'), path: '/', cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
