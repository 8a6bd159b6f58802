// `npm run bench:web`: what the built site costs a reader, and what a learner waits for.
//
// 1. Builds the site (`astro build`; skip with --no-build), and a plain Astro page (one page, no
//    script, this repo's astro) in a temporary project: the baseline (bench/web/baseline.ts).
// 2. For every HTML page in dist/: the gzipped size of the JavaScript it loads up front (script
//    tags, inline scripts, module preloads, Astro island component/renderer URLs, and every chunk
//    those modules import statically), and, listed apart, the chunks that can be loaded later by
//    dynamic import() or a Web Worker (static analysis). Pages over their budget are flagged
//    (BUDGETS below).
// 3. Serves both builds as a production host would (bench/web/serve.ts: gzip, immutable /_astro/)
//    and, in Chromium with 4x CPU and Slow 4G (bench/web/browser.ts), for a lesson, a quiz, the
//    final exam, the playground and the baseline: the JavaScript from the network log before the
//    load event (a worker started by then counted up front), at idle and on each action; the
//    questions-visible, first-check, new-variant and run times; the long tasks of every phase.
// 4. Lighthouse 13 (mobile, simulated Slow 4G and 4x CPU) on the same pages and the baseline.
// 5. Prints each figure beside issue 13's targets (bench/web/report.ts) and a summary line.
//
// Options: --no-build, --no-browser, --no-lighthouse, --only lesson,quiz,exam,playground (the
// pages of 3 and 4), --lesson/--quiz/--exam/--playground PATH (other pages), --page PATH
// (Lighthouse on that page alone, beside the baseline), --runs N (each page N times in Chromium:
// the median of each time, the long tasks of the run with the median longest task), --lighthouse-runs N (the median of N
// runs per page, by performance score, with the range), --dist DIR (the JavaScript of another
// build output: step 2 only), --screenshots DIR (a 360 px screenshot after the load and after
// each step, to see what was measured), --strict (exit 1 when a target is not met).
//
// Exits 1 when a page is over its JavaScript budget or a measurement could not be made (a page,
// a selector or Lighthouse failing); targets not met only with --strict. Stops its servers and
// Chromium on every path out, and never runs longer than WATCHDOG_MS.

import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init as initLexer, parse as parseModule } from 'es-module-lexer';
import type { LaunchedChrome } from 'chrome-launcher';
import type { Browser, BrowserContext } from '@playwright/test';
import { astroBuild, buildBaseline } from './web/baseline.ts';
import { serveStatic, type StaticServer } from './web/serve.ts';
import { baselineScenario, medianOfRuns, runScenario, scenarios, type Scenario, type ScenarioResult } from './web/browser.ts';
import type { LighthouseResult } from './web/lighthouse.ts';
import { printDownloads, printLighthouse, printTargets, printTimes, targetRows } from './web/report.ts';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(name + '='))?.slice(name.length + 1);
};

const ROOT = join(import.meta.dirname, '..');
// --dist DIR measures another build output (and implies --no-build).
const DIST = resolve(option('--dist') ?? join(ROOT, 'dist'));
const ASTRO = join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const CHROME_PATH = process.env['CHROME_PATH'] || '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** Gzipped JS budget per page, first matching prefix wins. */
const BUDGETS: Array<{ prefix: string; kib: number; label: string; exact?: boolean }> = [
  // Lesson pages: the exercises' islands and the progress marks up front (39.8 KiB at most); the walks,
  // connection views and state exercises after the page's load (src/ui/islands/lazy.ts).
  { prefix: '/lessons/', kib: 40, label: 'lesson page' },
  // Quiz pages: the questions are in the HTML; the quiz UI, its card builder and xstate hydrate them,
  // and a missed question is written down for the review queue (one JSON line, not the progress
  // store): 37.9 KiB. The quiz core, zod and the engine run in the engine worker, started at idle
  // after load; the intro, countdown and result screens of a quiz taken for a teacher
  // (src/ui/quiz/graded.ts) only on the assignment page.
  { prefix: '/quizzes/', exact: true, kib: 0, label: 'quiz list' },
  { prefix: '/quizzes/', kib: 40, label: 'quiz page' },
  // An assignment's intro: the quiz UI, its intro, countdown and result screens and xstate (30.2 KiB);
  // the card builder at idle or at Start, the engine in the worker.
  { prefix: '/assignment/', kib: 32, label: 'assignment page' },
  // The teacher's pages: a form (the assignment codec by import()), the gradebook (its tables, the CSV
  // and the class report up front, 10.9 KiB; regrading and the answer view in the engine worker).
  // The assignment maker's DOM helpers come in the quiz pages' small-modules file (6.1 KiB).
  { prefix: '/teach/assign/', kib: 7, label: 'assignment maker' },
  { prefix: '/teach/gradebook/', kib: 11, label: 'gradebook' },
  // The playground: the editor (prism-code-editor, ~11 KiB), the page script, its paste guard and
  // line cache, xstate and the topology drawing up front (39.7 KiB): issue 13's 40 KiB for every
  // page; the walk and the connection view come after load, and the
  // engine runs in the engine worker, started at idle after load.
  { prefix: '/playground/', kib: 40, label: 'playground' },
  // The course map fills its progress badges, says how many missed exercises are due for review
  // and exports/imports progress (the store with its review queue): a few KiB (4.8).
  { prefix: '/', exact: true, kib: 5, label: 'course map' },
  // The review page: the progress store, the queue and the variant drawing up front (10.2 KiB);
  // the islands, the quiz UI and the engine client by one import() when something is due.
  { prefix: '/review/', kib: 12, label: 'review page' },
  { prefix: '/', kib: 0, label: 'page without labs' },
];

const BUILD_TIMEOUT_MS = 5 * 60_000;
const LIGHTHOUSE_TIMEOUT_MS = 3 * 60_000;
const SCENARIO_TIMEOUT_MS = 3 * 60_000;
const WATCHDOG_MS = 15 * 60_000;

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started here is stopped on every way out.

const chromes = new Set<LaunchedChrome>();
const servers = new Set<StaticServer>();
const cleanups = new Set<() => void>();

function stopAll(): void {
  for (const chrome of chromes) {
    try {
      chrome.kill(); // SIGKILL to chrome's whole process group
    } catch {
      /* already gone */
    }
  }
  chromes.clear();
  for (const server of servers) void server.close();
  servers.clear();
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      /* best effort: a temporary directory */
    }
  }
  cleanups.clear();
}

function exitWith(code: number): never {
  stopAll();
  // Leave even if a library holds a handle open.
  setTimeout(() => process.exit(code), 100);
  return undefined as never;
}

const watchdog = setTimeout(() => {
  console.error(`bench:web: still running after ${WATCHDOG_MS / 1000} s, stopping`);
  stopAll();
  process.exit(2);
}, WATCHDOG_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAll();
    process.exit(130);
  });
}
process.on('exit', () => stopAll());

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------
// 1. Build

function build(): void {
  console.log('bench:web: astro build');
  const t0 = Date.now();
  astroBuild(ASTRO, ROOT, BUILD_TIMEOUT_MS);
  console.log(`bench:web: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

// ---------------------------------------------------------------------------------------------
// 2. JavaScript per page

type Page = { file: string; path: string };

function listPages(dir = DIST): Page[] {
  const pages: Page[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) pages.push(...listPages(full));
    else if (entry.isFile() && entry.name.endsWith('.html')) {
      const rel = relative(DIST, full).split(sep).join('/');
      const path = '/' + (rel === 'index.html' ? '' : rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      pages.push({ file: full, path });
    }
  }
  return pages.sort((a, b) => a.path.localeCompare(b.path));
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  const body = tag.replace(/^<[^\s>]+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    attrs.set(m[1]!.toLowerCase(), value.replaceAll('&amp;', '&').replaceAll('&#38;', '&'));
  }
  return attrs;
}

const JS_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/ecmascript']);

type Entry = ({ url: string } | { inline: string; module: boolean }) & { why: string; at: number };

/** The JavaScript a page names, in document order. */
function entriesOf(html: string): Entry[] {
  const entries: Entry[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = attributes(`<script ${m[1] ?? ''}>`);
    const type = (attrs.get('type') ?? '').trim().toLowerCase();
    if (!JS_TYPES.has(type)) continue; // JSON, JSON-LD, importmap, speculation rules...
    const src = attrs.get('src');
    const at = m.index;
    if (src) entries.push({ url: src, why: type === 'module' ? 'script module' : 'script', at });
    else if ((m[2] ?? '').trim()) entries.push({ inline: m[2]!, module: type === 'module', why: type === 'module' ? 'inline module' : 'inline script', at });
  }
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const attrs = attributes(m[0]);
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    const href = attrs.get('href');
    if (!href) continue;
    if (rel.includes('modulepreload')) entries.push({ url: href, why: 'modulepreload', at: m.index });
    else if (rel.includes('preload') && attrs.get('as') === 'script') entries.push({ url: href, why: 'preload', at: m.index });
  }
  for (const m of html.matchAll(/<astro-island\b[^>]*>/gi)) {
    const attrs = attributes(m[0]);
    const client = attrs.get('client');
    for (const name of ['component-url', 'renderer-url', 'before-hydration-url']) {
      const url = attrs.get(name);
      if (url) entries.push({ url, why: `astro-island ${name}${client ? ', client:' + client : ''}`, at: m.index });
    }
  }
  return entries.sort((a, b) => a.at - b.at);
}

const ORIGIN = 'http://site.invalid';

/** The dist/ file behind a same-origin URL, or undefined for another origin. */
function fileOf(url: URL): string | undefined {
  if (url.origin !== ORIGIN) return undefined;
  let path = decodeURIComponent(url.pathname);
  if (path.endsWith('/')) path += 'index.html';
  return join(DIST, ...path.split('/').filter(Boolean));
}

type Chunk = { url: string; file: string; bytes: number; gzip: number; staticImports: string[]; dynamicImports: string[]; notes: string[] };
const chunkCache = new Map<string, Chunk>();
/** Chunks started as Web Workers (labelled apart in the report). */
const WORKERS = new Set<string>();

function importsOf(source: string, base: string, notes: string[]): { staticImports: string[]; dynamicImports: string[] } {
  const staticImports: string[] = [];
  const dynamicImports: string[] = [];
  let imports;
  try {
    [imports] = parseModule(source);
  } catch (error) {
    notes.push(`could not parse as a module: ${(error as Error).message}`);
    return { staticImports, dynamicImports };
  }
  for (const im of imports) {
    if (im.d === -2) continue; // import.meta
    if (im.n === undefined) {
      notes.push(`dynamic import of a computed specifier: ${source.slice(im.ss, Math.min(im.se, im.ss + 80))}`);
      continue;
    }
    let resolved: string;
    try {
      resolved = new URL(im.n, base).href;
    } catch {
      notes.push(`bare specifier left unresolved: ${im.n}`);
      continue;
    }
    (im.d === -1 ? staticImports : dynamicImports).push(resolved);
  }
  // Web Workers: `new Worker(new URL('/_astro/worker-x.js', import.meta.url))` loads a module later,
  // outside the page's import graph; counted with the later loads.
  for (const m of source.matchAll(/new URL\((['"`])([^'"`]+\.js)\1\s*,\s*(?:(['"`])\3\s*\+\s*)?import\.meta\.url\)/g)) {
    const resolved = new URL(m[2]!, base).href;
    WORKERS.add(resolved);
    dynamicImports.push(resolved);
  }
  return { staticImports, dynamicImports };
}

function chunk(url: string): Chunk {
  const cached = chunkCache.get(url);
  if (cached) return cached;
  const parsed = new URL(url);
  const file = fileOf(parsed);
  const notes: string[] = [];
  let result: Chunk;
  if (!file) {
    result = { url, file: '', bytes: 0, gzip: 0, staticImports: [], dynamicImports: [], notes: ['another origin: not counted'] };
  } else if (!existsSync(file)) {
    result = { url, file, bytes: 0, gzip: 0, staticImports: [], dynamicImports: [], notes: ['MISSING from dist/'] };
  } else {
    const source = readFileSync(file);
    const { staticImports, dynamicImports } = importsOf(source.toString('utf8'), url, notes);
    result = { url, file, bytes: source.length, gzip: gzipSync(source, { level: 9 }).length, staticImports, dynamicImports, notes };
  }
  chunkCache.set(url, result);
  return result;
}

type PageJs = {
  page: Page;
  initial: Array<{ label: string; gzip: number; bytes: number; why: string; notes: string[] }>;
  lazy: Array<{ label: string; gzip: number; bytes: number; worker: boolean }>;
  initialGzip: number;
  lazyGzip: number;
  budget: (typeof BUDGETS)[number];
};

function measurePage(page: Page): PageJs {
  const html = readFileSync(page.file, 'utf8');
  const pageUrl = new URL(page.path, ORIGIN).href;
  const initial: PageJs['initial'] = [];
  const queue: Array<{ url: string; why: string }> = [];
  const lazyRoots: string[] = [];
  const importedInline: Array<{ url: string; why: string }> = [];
  let inlineCount = 0;
  for (const entry of entriesOf(html)) {
    if ('inline' in entry) {
      inlineCount++;
      const bytes = Buffer.byteLength(entry.inline);
      const notes: string[] = [];
      if (entry.module) {
        const { staticImports, dynamicImports } = importsOf(entry.inline, pageUrl, notes);
        for (const url of staticImports) importedInline.push({ url, why: `imported by inline #${inlineCount}` });
        lazyRoots.push(...dynamicImports);
      }
      initial.push({ label: `(inline #${inlineCount})`, gzip: gzipSync(entry.inline, { level: 9 }).length, bytes, why: entry.why, notes });
    } else {
      queue.push({ url: new URL(entry.url, pageUrl).href, why: entry.why });
    }
  }
  queue.push(...importedInline);
  // Static closure: what the browser fetches before the page's modules run.
  const seen = new Set<string>();
  while (queue.length) {
    const { url, why } = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const c = chunk(url);
    initial.push({ label: labelOf(url), gzip: c.gzip, bytes: c.bytes, why, notes: c.notes });
    for (const next of c.staticImports) queue.push({ url: next, why: `imported by ${labelOf(url)}` });
    lazyRoots.push(...c.dynamicImports);
  }
  // Lazy closure: reachable through import(), minus what is already loaded.
  const lazy: PageJs['lazy'] = [];
  const lazySeen = new Set<string>();
  const lazyQueue = [...lazyRoots];
  while (lazyQueue.length) {
    const url = lazyQueue.shift()!;
    if (seen.has(url) || lazySeen.has(url)) continue;
    lazySeen.add(url);
    const c = chunk(url);
    lazy.push({ label: labelOf(url), gzip: c.gzip, bytes: c.bytes, worker: WORKERS.has(url) });
    lazyQueue.push(...c.staticImports, ...c.dynamicImports);
  }
  const budget = BUDGETS.find((b) => (b.exact ? page.path === b.prefix : page.path.startsWith(b.prefix))) ?? BUDGETS[BUDGETS.length - 1]!;
  return {
    page,
    initial,
    lazy,
    initialGzip: initial.reduce((sum, item) => sum + item.gzip, 0),
    lazyGzip: lazy.reduce((sum, item) => sum + item.gzip, 0),
    budget,
  };
}

function labelOf(url: string): string {
  const parsed = new URL(url);
  return parsed.origin === ORIGIN ? parsed.pathname : url;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

function reportJs(pages: Page[]): number {
  const measured = pages.map(measurePage);
  const width = Math.max(24, ...measured.map((m) => m.page.path.length));
  console.log(`\nJavaScript per page, gzipped (level 9, each file alone). Budgets: ${BUDGETS.map((b) => `${b.prefix} ${b.kib} KiB (${b.label})`).join(', ')}`);
  console.log(`  ${'page'.padEnd(width)} ${'up front'.padStart(10)} ${'budget'.padStart(8)} ${'files'.padStart(5)} ${'later (import())'.padStart(18)}`);
  let over = 0;
  for (const m of measured) {
    const isOver = m.initialGzip > m.budget.kib * 1024;
    if (isOver) over++;
    console.log(
      `  ${m.page.path.padEnd(width)} ${kib(m.initialGzip).padStart(10)} ${`${m.budget.kib} KiB`.padStart(8)} ${String(m.initial.length).padStart(5)} ${(m.lazy.length ? `${kib(m.lazyGzip)} in ${m.lazy.length}` : '-').padStart(18)}${isOver ? '  OVER BUDGET' : ''}`,
    );
  }
  const withJs = measured.filter((m) => m.initial.length || m.lazy.length);
  if (withJs.length) console.log('\nFiles per page (gzipped / raw):');
  for (const m of withJs) {
    console.log(`  ${m.page.path}`);
    for (const item of m.initial) {
      console.log(`    ${kib(item.gzip).padStart(10)} ${kib(item.bytes).padStart(10)}  ${item.label}  [${item.why}]${item.notes.length ? '  ' + item.notes.join('; ') : ''}`);
    }
    for (const item of m.lazy) console.log(`    ${kib(item.gzip).padStart(10)} ${kib(item.bytes).padStart(10)}  ${item.label}  [later: ${item.worker ? 'Web Worker' : 'dynamic import'}]`);
  }
  console.log(`\n${measured.length} page(s), ${withJs.length} with JavaScript, ${over} over budget`);
  return over;
}

// ---------------------------------------------------------------------------------------------
// 3. What a learner waits for, in Chromium (bench/web/browser.ts)

/** The gzipped inline JavaScript of a page's HTML (what the network log cannot show). */
function inlineGzip(path: string): number {
  const page = listPages().find((p) => p.path === path);
  if (!page) return 0;
  return entriesOf(readFileSync(page.file, 'utf8')).reduce((sum, e) => sum + ('inline' in e ? gzipSync(e.inline, { level: 9 }).length : 0), 0);
}

/** Every module a worker script can import (statically or by import()), as URLs of `origin`. */
function workerClosure(url: string): string[] {
  const parsed = new URL(url);
  const seen = new Set<string>();
  const queue = [new URL(parsed.pathname, ORIGIN).href];
  while (queue.length) {
    const next = queue.shift()!;
    if (seen.has(next)) continue;
    seen.add(next);
    const c = chunk(next);
    queue.push(...c.staticImports, ...c.dynamicImports);
  }
  return [...seen].map((u) => new URL(new URL(u).pathname, parsed.origin).href);
}

async function launchChrome(): Promise<LaunchedChrome> {
  process.env['CHROME_PATH'] = CHROME_PATH;
  const { launch } = await import('chrome-launcher');
  const chrome = await withTimeout(
    launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: 'silent', handleSIGINT: false, connectionPollInterval: 250, maxConnectionRetries: 120 }),
    60_000,
    'starting chrome',
  );
  chromes.add(chrome);
  return chrome;
}

function killChrome(chrome: LaunchedChrome): void {
  try {
    chrome.kill();
  } catch {
    /* already gone */
  }
  chromes.delete(chrome);
}

async function measureInBrowser(site: StaticServer, baseline: StaticServer | undefined, chosen: Scenario[], baselinePath: string): Promise<{ runs: ScenarioResult[]; errors: string[] }> {
  const chrome = await launchChrome();
  const runs: ScenarioResult[] = [];
  const errors: string[] = [];
  let browser: Browser | undefined;
  try {
    const { chromium } = await import('@playwright/test');
    browser = await withTimeout(chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`), 30_000, 'connecting to chrome');
    const screenshots = option('--screenshots');
    const repeat = Number(option('--runs') ?? 1);
    if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--runs N: a whole number, at least 1');
    if (screenshots) mkdirSync(screenshots, { recursive: true });
    const jobs: Array<[Scenario, StaticServer]> = chosen.map((s) => [s, site]);
    if (baseline) jobs.push([baselineScenario(baselinePath), baseline]);
    for (const [scenario, server] of jobs) {
      console.log(`bench:web: in Chromium (4x CPU, Slow 4G): ${scenario.label} ${scenario.path}${repeat > 1 ? ` (${repeat} runs)` : ''}`);
      const repeats: ScenarioResult[] = [];
      for (let i = 0; i < repeat; i++) {
        let context: BrowserContext | undefined;
        try {
          const run = await withTimeout(
            runScenario(browser, server.url, scenario, { inlineGzip: server === site ? inlineGzip : () => 0, workerClosure }, { ...(screenshots && i === 0 ? { screenshots } : {}), onContext: (c) => (context = c) }),
            SCENARIO_TIMEOUT_MS,
            scenario.label,
          );
          repeats.push(run);
          errors.push(...run.errors.map((e) => `${scenario.label}${repeat > 1 ? ` (run ${i + 1})` : ''}: ${e}`));
        } catch (error) {
          errors.push(`${scenario.label}: ${(error as Error).message.split('\n')[0]}`);
          await context?.close().catch(() => undefined); // a scenario past its time must not run beside the next
        }
      }
      if (repeats.length) runs.push(medianOfRuns(repeats));
    }
  } finally {
    await browser?.close().catch(() => undefined);
    killChrome(chrome);
  }
  return { runs, errors };
}

// ---------------------------------------------------------------------------------------------
// 4. Lighthouse (bench/web/lighthouse.ts)

type LighthouseRow = { key: string; label: string; result?: LighthouseResult; error?: string };

async function lighthouseAll(targets: Array<{ key: string; label: string; url: string }>, runs: number): Promise<LighthouseRow[]> {
  const { runLighthouse, medianRun } = await import('./web/lighthouse.ts');
  const chrome = await launchChrome();
  const rows: LighthouseRow[] = [];
  try {
    for (const target of targets) {
      console.log(`bench:web: Lighthouse on ${target.label} ${new URL(target.url).pathname}${runs > 1 ? ` (${runs} runs)` : ''}`);
      try {
        const results: LighthouseResult[] = [];
        for (let i = 0; i < runs; i++) results.push(await withTimeout(runLighthouse(target.url, chrome.port), LIGHTHOUSE_TIMEOUT_MS, `lighthouse on ${target.label}`));
        rows.push({ ...target, result: medianRun(results) });
      } catch (error) {
        rows.push({ ...target, error: (error as Error).message.split('\n')[0]! });
      }
    }
  } finally {
    killChrome(chrome);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = Date.now();
  const onlyDist = option('--dist') !== undefined;
  if (!flag('--no-build') && !onlyDist) build();
  if (!existsSync(DIST)) throw new Error('no dist/: run without --no-build');
  await initLexer;
  const pages = listPages();
  if (!pages.length) throw new Error('dist/ holds no HTML page');
  const over = reportJs(pages);
  const browserOn = !flag('--no-browser') && !onlyDist;
  const lighthouseOn = !flag('--no-lighthouse') && !onlyDist;
  const problems: string[] = [];
  let runs: ScenarioResult[] = [];
  let lighthouseRows: LighthouseRow[] = [];

  if (browserOn || lighthouseOn) {
    const paths = {
      lesson: option('--lesson') ?? '/lessons/bridges/two-bridges/',
      quiz: option('--quiz') ?? '/quizzes/part-5/',
      exam: option('--exam') ?? '/quizzes/final-exam/',
      playground: option('--playground') ?? '/playground/',
    };
    const only = option('--only')?.split(',').map((s) => s.trim());
    const chosen = scenarios(paths).filter((s) => !only || only.includes(s.key));
    for (const s of chosen) if (!pages.some((p) => p.path === s.path)) throw new Error(`${s.label}: no page ${s.path} in dist/`);

    console.log('\nbench:web: building the baseline (a plain Astro page)');
    const baseline = buildBaseline(ROOT, ASTRO, BUILD_TIMEOUT_MS);
    cleanups.add(baseline.cleanup);
    const site = await serveStatic(DIST);
    servers.add(site);
    const base = await serveStatic(baseline.dist);
    servers.add(base);
    console.log(`bench:web: serving dist/ on ${site.url} and the baseline on ${base.url} (gzip, /_astro/ immutable)`);

    if (browserOn) {
      const measured = await measureInBrowser(site, base, chosen, baseline.path);
      runs = measured.runs;
      problems.push(...measured.errors);
    }
    if (lighthouseOn) {
      const wanted = option('--page');
      const targets = wanted
        ? [{ key: 'page', label: wanted, url: new URL(pickPage(pages, wanted).path, site.url).href }]
        : chosen.map((s) => ({ key: s.key, label: s.label, url: new URL(s.path, site.url).href }));
      targets.push({ key: 'baseline', label: 'plain Astro page', url: new URL(baseline.path, base.url).href });
      const runs = Number(option('--lighthouse-runs') ?? 1);
      if (!Number.isInteger(runs) || runs < 1) throw new Error('--lighthouse-runs N: a whole number, at least 1');
      lighthouseRows = await lighthouseAll(targets, runs);
      problems.push(...lighthouseRows.filter((r) => !r.result).map((r) => `Lighthouse on ${r.label}: ${r.error}`));
    }
    stopAll();
  }

  if (runs.length) {
    printDownloads(runs);
    printTimes(runs);
  }
  if (lighthouseRows.length) printLighthouse(lighthouseRows);
  let summary = '';
  let missed = 0;
  if (runs.length || lighthouseRows.length) {
    const rows = targetRows(runs, lighthouseRows);
    const { met, total } = printTargets(rows);
    missed = total - met;
    summary = `, issue 13's targets: ${met} of ${total} met`;
  }
  for (const problem of problems) console.log(`bench:web: could not measure: ${problem}`);
  console.log(
    `\nbench:web: ${pages.length} pages, ${over} over their JavaScript budget${summary}, ${problems.length} measurement(s) failed; ${((Date.now() - started) / 1000).toFixed(0)} s` +
      (flag('--strict') ? ' (--strict: targets enforced)' : ''),
  );
  exitWith(over || problems.length || (flag('--strict') && missed) ? 1 : 0);
}

function pickPage(pages: Page[], wanted: string): Page {
  const page = pages.find((p) => p.path === wanted || p.path === wanted + '/');
  if (!page) throw new Error(`--page ${wanted}: no such page in dist/`);
  return page;
}

main().catch((error: unknown) => {
  console.error(`bench:web: ${(error as Error).stack ?? String(error)}`);
  exitWith(1);
});
