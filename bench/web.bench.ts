// `npm run bench:web`: what the built site costs a reader.
//
// 1. Builds the site (`astro build`; skip with --no-build).
// 2. For every HTML page in dist/: the gzipped size of the JavaScript it loads up front (script
//    tags, inline scripts, module preloads, Astro island component/renderer URLs, and every chunk
//    those modules import statically), and, listed apart, the chunks that can be loaded later by
//    dynamic import(). Pages over their budget are flagged (BUDGETS below).
// 3. Lighthouse 13 (mobile, simulated throttling) on one lesson page served by `astro preview`:
//    the first page under dist/lessons/ (a lesson rather than the lessons index when there is
//    one), or the home page if there is none; --page /some/path/ picks another; --no-lighthouse
//    skips it. Prints the four category scores and the audits that cost points.
// --dist DIR measures the JavaScript of another build output (no build, no Lighthouse).
//
// Exits 1 when a page is over budget or Lighthouse fails. Stops its server and chrome on every
// path out, and never runs longer than WATCHDOG_MS.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init as initLexer, parse as parseModule } from 'es-module-lexer';
import type { LaunchedChrome } from 'chrome-launcher';

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
  { prefix: '/lessons/', kib: 40, label: 'lesson page' },
  // Quiz pages: the questions are in the HTML; the quiz UI, its card builder and xstate hydrate them
  // (39.6 KiB); the quiz core, zod and the engine run in the engine worker, started at idle after load.
  { prefix: '/quizzes/', exact: true, kib: 0, label: 'quiz list' },
  { prefix: '/quizzes/', kib: 40, label: 'quiz page' },
  // An assignment's intro: the quiz UI and xstate (28.8 KiB); the card builder at idle or at Start, the engine in the worker.
  { prefix: '/assignment/', kib: 32, label: 'assignment page' },
  // The teacher's pages: a form (the assignment codec by import()), the gradebook (the grader by import() at the first file).
  { prefix: '/teach/assign/', kib: 6, label: 'assignment maker' },
  { prefix: '/teach/gradebook/', kib: 8, label: 'gradebook' },
  // The playground: the editor (prism-code-editor, ~11 KiB), the page script, xstate, the walk and
  // the topology drawing up front; the engine runs in a Web Worker, listed under "later".
  { prefix: '/playground/', kib: 36, label: 'playground' },
  // The course map fills its progress badges and exports/imports progress: a few KiB.
  { prefix: '/', exact: true, kib: 4, label: 'course map' },
  { prefix: '/', kib: 0, label: 'page without labs' },
];

const BUILD_TIMEOUT_MS = 5 * 60_000;
const SERVER_START_TIMEOUT_MS = 30_000;
const LIGHTHOUSE_TIMEOUT_MS = 3 * 60_000;
const WATCHDOG_MS = 10 * 60_000;

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started here is stopped on every way out.

let server: ChildProcess | undefined;
let chrome: LaunchedChrome | undefined;

function stopAll(): void {
  if (chrome) {
    try {
      chrome.kill(); // SIGKILL to chrome's whole process group
    } catch {
      /* already gone */
    }
    chrome = undefined;
  }
  if (server?.pid !== undefined && server.exitCode === null && server.signalCode === null) {
    try {
      process.kill(-server.pid, 'SIGTERM'); // its own process group (detached)
    } catch {
      /* already gone */
    }
    const pid = server.pid;
    setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* exited on SIGTERM */
      }
    }, 2_000).unref();
  }
  server = undefined;
}

function exitWith(code: number): never {
  stopAll();
  // Give the SIGKILL fallback a moment, then leave even if a library holds a handle open.
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
  const result = spawnSync(process.execPath, [ASTRO, 'build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    throw new Error(`astro build failed (${result.error?.message ?? 'exit ' + (result.status ?? result.signal)})`);
  }
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
// 3. Lighthouse on one page served by astro preview

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function startPreview(port: number, path: string): Promise<string> {
  const output: string[] = [];
  // --ignore-lock: run alongside any other preview server of this project (Astro 7 refuses to
  // start a second one otherwise), and leave its lock file alone.
  const child = spawn(process.execPath, [ASTRO, 'preview', '--ignore-lock', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    detached: true, // its own process group, so stopAll() can end it and anything it spawned
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  server = child;
  child.stdout?.on('data', (data: Buffer) => output.push(data.toString()));
  child.stderr?.on('data', (data: Buffer) => output.push(data.toString()));
  const url = `http://127.0.0.1:${port}${path}`;
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`astro preview exited (${child.exitCode ?? child.signalCode}):\n${output.join('')}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status === 200) return url;
      throw new Error(`astro preview answered ${response.status} for ${url}`);
    } catch (error) {
      if ((error as Error).message.startsWith('astro preview answered')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`astro preview did not answer on ${url} within ${SERVER_START_TIMEOUT_MS / 1000} s:\n${output.join('')}`);
}

function pickPage(pages: Page[]): Page {
  const wanted = option('--page');
  if (wanted) {
    const page = pages.find((p) => p.path === wanted || p.path === wanted + '/');
    if (!page) throw new Error(`--page ${wanted}: no such page in dist/ (have ${pages.map((p) => p.path).join(', ')})`);
    return page;
  }
  const lessons = pages.filter((p) => p.path.startsWith('/lessons/'));
  return lessons.find((p) => p.path !== '/lessons/') ?? lessons[0] ?? pages.find((p) => p.path === '/') ?? pages[0]!;
}

/** Up to three items of an audit's details table, as text (URL, source, description...). */
function detailLines(details: unknown): string[] {
  const items = (details as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  const lines = items.slice(0, 3).map((item) => {
    const record = item as Record<string, unknown>;
    const node = record['node'] as { snippet?: string } | undefined;
    const location = record['sourceLocation'] as { url?: string } | undefined;
    return [record['url'], location?.url, record['source'], record['description'], node?.snippet]
      .filter((value): value is string => typeof value === 'string' && value.length > 0)
      .join(' | ')
      .slice(0, 240);
  });
  if (items.length > 3) lines.push(`... and ${items.length - 3} more`);
  return lines.filter(Boolean);
}

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

async function runLighthouse(page: Page): Promise<boolean> {
  const port = await freePort();
  console.log(`\nLighthouse 13 (mobile, simulated throttling) on ${page.path} (astro preview on 127.0.0.1:${port}, ${CHROME_PATH})`);
  const url = await startPreview(port, page.path);
  process.env['CHROME_PATH'] = CHROME_PATH;
  const { launch } = await import('chrome-launcher');
  const { default: lighthouse } = await import('lighthouse');
  chrome = await withTimeout(
    launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_FLAGS, logLevel: 'silent', handleSIGINT: false, connectionPollInterval: 250, maxConnectionRetries: 120 }),
    60_000,
    'starting chrome',
  );
  const result = await withTimeout(
    lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES], maxWaitForLoad: 45_000 }),
    LIGHTHOUSE_TIMEOUT_MS,
    'lighthouse',
  );
  if (!result) throw new Error('lighthouse returned no result');
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  for (const warning of lhr.runWarnings) console.log(`  warning: ${warning}`);
  let ok = true;
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    const score = category?.score;
    if (score === null || score === undefined) ok = false;
    console.log(`  ${(category?.title ?? id).padEnd(16)} ${score === null || score === undefined ? 'n/a' : String(Math.round(score * 100)).padStart(3)}`);
  }
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  console.log(`  metrics: ${metrics.map((id) => `${lhr.audits[id]?.title ?? id} ${lhr.audits[id]?.displayValue ?? 'n/a'}`).join(', ')}`);
  // The audits that cost points, per category.
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    if (!category) continue;
    const losing = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit && audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'notApplicable' && audit.scoreDisplayMode !== 'manual');
    for (const audit of losing) {
      console.log(`  ${id}: ${audit!.id} scored ${Math.round((audit!.score ?? 0) * 100)}: ${audit!.title}${audit!.displayValue ? ' (' + audit!.displayValue + ')' : ''}`);
      for (const line of detailLines(audit!.details)) console.log(`      ${line}`);
    }
  }
  return ok;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (!flag('--no-build') && !option('--dist')) build();
  if (!existsSync(DIST)) throw new Error('no dist/: run without --no-build');
  await initLexer;
  const pages = listPages();
  if (!pages.length) throw new Error('dist/ holds no HTML page');
  const over = reportJs(pages);
  let lighthouseOk = true;
  if (!flag('--no-lighthouse') && !option('--dist')) {
    try {
      lighthouseOk = await runLighthouse(pickPage(pages));
    } catch (error) {
      console.error(`bench:web: lighthouse failed: ${(error as Error).message}`);
      lighthouseOk = false;
    } finally {
      stopAll();
    }
  }
  if (over) console.log(`bench:web: ${over} page(s) over their JavaScript budget`);
  exitWith(over || !lighthouseOk ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`bench:web: ${(error as Error).stack ?? String(error)}`);
  exitWith(1);
});
