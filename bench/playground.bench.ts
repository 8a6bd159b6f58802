// `node bench/playground.bench.ts`: does the playground stay responsive whatever is pasted or run?
// Chromium with the CPU throttled 4x (CDP Emulation.setCPUThrottlingRate), on the BUILT site
// (`npm run build` first; this serves dist/ with `astro preview`, or measures --url URL).
//
// 1. Paste: N lines (--paste-lines, 100,000 by default) pasted with Ctrl+V after the starter:
//    how long until the "at most 2,000 lines" message shows, the longest main-thread task from
//    the paste on, and whether the starter is still in the editor.
// 2. Typing: 30 keys typed in the middle of a 2,000-line script: key-to-paint latency (keydown
//    to the next frame's paint, rAF then a message-channel task), median, p95 and worst.
// 3. Floods: hostile runs (ping -f, a large -c, a captured flood): click-to-result time and
//    every main-thread long task (> 50 ms, PerformanceObserver 'longtask') from the click until
//    the page has been quiet for a second.
//
// Timings are reported, never asserted: the behaviour is tested by e2e/playground*.spec.ts.
// Flags: --url URL (skip the server), --paste-lines N, --only paste|typing|flood, --rate R.

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { HOSTILE } from '../src/playground/hostile.ts';
import { MAX_SOURCE_LINES } from '../src/playground/run.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROOT = join(import.meta.dirname, '..');
const PASTE_LINES = Number(option('--paste-lines') ?? 100_000);
const RATE = Number(option('--rate') ?? 4);
const ONLY = option('--only');
const WATCHDOG_MS = 15 * 60_000;

let server: ChildProcess | undefined;
const stop = (): void => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
};
process.on('exit', stop);
process.on('SIGINT', () => process.exit(130));
setTimeout(() => {
  console.error('playground bench: watchdog fired');
  process.exit(1);
}, WATCHDOG_MS).unref();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startServer(): Promise<string> {
  const port = await freePort();
  server = spawn(process.execPath, [join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)], { cwd: ROOT, detached: true, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/playground/`)).ok) return url;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('astro preview did not start');
}

/** Installed before the page's scripts: every long task, with its start and duration. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration }); })
    .observe({ type: 'longtask', buffered: true });
`;

const round = (n: number): number => Math.round(n);
const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN;

async function openPlayground(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/playground/`);
  await page.locator('[data-playground][data-ready]').waitFor({ state: 'attached' });
  // The worker's first answer (the vocabulary) and the starter are in: let the page settle.
  await page.waitForTimeout(1_000);
}

/** Replaces the editor's text by pasting it (one input event: fill() inserts line by line, one editor update per line). */
async function replaceScript(page: Page, text: string): Promise<void> {
  const textarea = page.getByRole('textbox', { name: 'Scenario script' });
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await textarea.focus();
  await textarea.press('ControlOrMeta+a');
  await textarea.press('ControlOrMeta+v', { timeout: 120_000 });
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  await page.waitForFunction((n) => document.querySelectorAll('.pce-line').length >= n, lines, { timeout: 120_000 });
}

/** Waits until no long task has ended for a second (a pasted script is drawn). */
async function quiet(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const tasks = (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks;
    const last = tasks.at(-1);
    return !last || performance.now() - (last.start + last.ms) > 1_000;
  }, undefined, { timeout: 120_000, polling: 200 });
}

async function longTasksSince(page: Page, since: number): Promise<number[]> {
  return page.evaluate((t) => (window as unknown as { __longTasks: { start: number; ms: number }[] }).__longTasks.filter((e) => e.start + e.ms >= t).map((e) => e.ms), since);
}

async function benchPaste(page: Page, base: string): Promise<void> {
  await openPlayground(page, base);
  const textarea = page.getByRole('textbox', { name: 'Scenario script' });
  const before = await textarea.inputValue();
  const text = HOSTILE.manyLines.split('\n').slice(0, PASTE_LINES).join('\n');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await textarea.focus();
  await textarea.press('ControlOrMeta+End');
  await page.evaluate(() => {
    const w = window as unknown as { __paste?: number; __message?: number; __frames: number };
    w.__frames = 0;
    window.addEventListener('paste', () => {
      w.__paste = performance.now();
      const frame = (): void => {
        w.__frames++;
        if (w.__message === undefined) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }, { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (/at most 2,?000/.test(document.querySelector('[data-problem]')?.textContent ?? '') || /at most 2,?000/.test(document.querySelector('[data-status]')?.textContent ?? '')) {
        w.__message = performance.now();
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  const wall = Date.now();
  await textarea.press('ControlOrMeta+v');
  // Before the guard, no message came before Run: wait for the page to come back, then give up.
  await page.waitForFunction(() => (window as unknown as { __message?: number }).__message !== undefined, undefined, { timeout: 240_000, polling: 100 }).catch(() => undefined);
  const result = await page.evaluate(() => {
    const w = window as unknown as { __paste?: number; __message?: number; __frames: number };
    return { paste: w.__paste, message: w.__message, frames: w.__frames };
  });
  const responsiveAfter = Date.now() - wall;
  await page.waitForTimeout(500);
  const tasks = await longTasksSince(page, result.paste ?? 0);
  const after = await textarea.inputValue();
  const lines = after.split('\n').length;
  console.log(`paste of ${PASTE_LINES.toLocaleString('en')} lines:`);
  console.log(`  message after ${result.message !== undefined && result.paste !== undefined ? `${round(result.message - result.paste)} ms (${result.frames} frame${result.frames === 1 ? '' : 's'})` : 'never (before Run)'}; Ctrl+V returned after ${responsiveAfter} ms of wall clock`);
  console.log(`  long tasks: ${tasks.length}, longest ${round(Math.max(0, ...tasks))} ms, total ${round(tasks.reduce((a, b) => a + b, 0))} ms`);
  console.log(`  editor: ${lines.toLocaleString('en')} lines, the starter ${after.startsWith(before) ? 'kept' : 'LOST'}`);
}

async function benchTyping(page: Page, base: string): Promise<void> {
  await openPlayground(page, base);
  const textarea = page.getByRole('textbox', { name: 'Scenario script' });
  const script = Array.from({ length: MAX_SOURCE_LINES }, (_, i) => (i % 4 === 3 ? `ip netns exec n${i % 90} iptables -A INPUT -p tcp --dport ${i} -j ACCEPT` : `ip netns add n${i}`)).join('\n') + '\n';
  const t0 = Date.now();
  await replaceScript(page, script);
  console.log(`pasting a ${MAX_SOURCE_LINES}-line script: ${Date.now() - t0} ms until its lines are drawn`);
  await page.waitForTimeout(1_000);
  await textarea.evaluate((t: HTMLTextAreaElement) => {
    const middle = t.value.indexOf('\n', t.value.length / 2);
    t.focus();
    t.setSelectionRange(middle, middle);
    const w = window as unknown as { __latencies: number[] };
    w.__latencies = [];
    const channel = new MessageChannel();
    let pending: number[] = [];
    channel.port1.onmessage = () => {
      const now = performance.now();
      for (const t0 of pending) w.__latencies.push(now - t0);
      pending = [];
    };
    t.addEventListener('keydown', (event) => {
      const t0 = event.timeStamp;
      requestAnimationFrame(() => {
        pending.push(t0);
        channel.port2.postMessage(null);
      });
    }, { capture: true });
  });
  const keys = [...' # typing here', 'Enter', 'Backspace', ...'ping'];
  for (const key of keys) {
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(500);
  const latencies = await page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies);
  console.log(`typing in a ${MAX_SOURCE_LINES}-line script (${latencies.length} keys): key-to-paint median ${round(quantile(latencies, 0.5))} ms, p95 ${round(quantile(latencies, 0.95))} ms, worst ${round(Math.max(...latencies))} ms`);
}

async function benchFlood(page: Page, base: string, name: keyof typeof HOSTILE): Promise<void> {
  await openPlayground(page, base);
  const textarea = page.getByRole('textbox', { name: 'Scenario script' });
  await replaceScript(page, HOSTILE[name] as string);
  await quiet(page);
  const start = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('[data-playground]')?.hasAttribute('aria-busy') && document.querySelector('[data-status]')?.textContent !== 'Running…', undefined, { timeout: 60_000, polling: 50 });
  const done = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1_500);
  const tasks = await longTasksSince(page, start);
  const status = (await page.locator('[data-status]').textContent()) ?? '';
  console.log(`flood ${name}: result after ${round(done - start)} ms; long tasks: ${tasks.length}, longest ${round(Math.max(0, ...tasks))} ms, total ${round(tasks.reduce((a, b) => a + b, 0))} ms`);
  console.log(`  status: ${status.slice(0, 160)}`);
}

const base = option('--url') ?? (await startServer());
const browser = await chromium.launch({ executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  await context.addInitScript(OBSERVE_LONG_TASKS);
  let previous: Page | undefined;
  const fresh = async (): Promise<Page> => {
    await previous?.close();
    const page = (previous = await context.newPage());
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: RATE });
    return page;
  };
  console.log(`playground bench: ${base}, CPU throttled ${RATE}x`);
  if (!ONLY || ONLY === 'paste') await benchPaste(await fresh(), base);
  if (!ONLY || ONLY === 'typing') await benchTyping(await fresh(), base);
  if (!ONLY || ONLY === 'flood') for (const name of ['pingFlood', 'pingFast', 'capturedFlood', 'manyRules'] as const) await benchFlood(await fresh(), base, name);
} finally {
  await browser.close();
  stop();
}
