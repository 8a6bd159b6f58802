// What a learner waits for, measured in Chromium (driven by Playwright over CDP) with a phone's
// screen, 4x CPU slowdown (Emulation.setCPUThrottlingRate) and Slow 4G (150 ms, 1.6 Mbps down,
// Network.emulateNetworkConditions), each page in a fresh browser context (empty cache):
//
// - JavaScript from the network log, counted once per URL in the phase of its first request:
//   before the load event; a Web Worker whose script was requested before the load event, with
//   every module it imports (counted up front even when they arrive after the load event); after
//   load with the page left alone (idle prefetch); and on each action. Inline scripts are added
//   to the up-front figure from the HTML (they are not requests).
// - Times read in the page: `performance.now()` in the first animation frame where the thing is
//   on screen (the frame it is painted in), from navigation (questions visible, editor ready) or
//   from the click event's timeStamp (first check, reveal, walk, new variant, run).
// - Main-thread long tasks (PerformanceObserver 'longtask', registered before any page script),
//   per phase: load (navigation to the first action) and each action (its start to the next).
//   Chromium does not report a page's first rendering (the frame before its first paint) as a
//   long task, and Lighthouse's TBT starts after it too: a Long Animation Frame observer shows
//   it, 110-170 ms of blocking on the lesson at 4x CPU, 20-60 ms on a quiz (December 2026).
//   Playwright's own work in the page (role queries, actionability checks) runs on the main
//   thread too and lands in the phase it belongs to.
//
// Selectors follow the e2e specs (roles, accessible names, data- attributes), with fallbacks, so
// the measurement survives pages that render on the server or in the browser.

import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';

export const THROTTLE = {
  cpuRate: 4,
  latencyMs: 150,
  downloadKbps: 1.6 * 1024, // Lighthouse's Slow 4G: 1.6 Mbps down, 750 Kbps up, 150 ms RTT
  uploadKbps: 750,
};

const STEP_TIMEOUT_MS = 30_000;
const LOAD_TIMEOUT_MS = 60_000;
const SETTLE_MS = 1_000;

// ---------------------------------------------------------------------------------------------
// In the page

/** What a watch waits for, evaluated in the page at every animation frame. */
export type Until =
  /** An element matching one of `selectors` (inside `scope`, a CSS selector of one element) is visible, with text matching `text`. */
  | { kind: 'visible'; scope?: string; selectors: string[]; text?: string }
  /** A text node inside `scope` whose text matches `text`, in a visible element (like getByText). */
  | { kind: 'text'; scope?: string; text: string }
  /** The text of the visible elements matching `selectors` differs from what it was when the watch began. */
  | { kind: 'changed'; selectors: string[] };

type Bench = {
  longTasks: Array<{ start: number; duration: number }>;
  seen: Record<string, number>;
  watch?: Promise<{ clickAt?: number; shownAt?: number; shown?: string; error?: string }>;
};

/** Registered before any page script: the long-task observer and, if asked, a "first visible" watch from navigation. */
function initScript(firstVisible: { name: string; until: Until } | null): void {
  const bench: Bench = { longTasks: [], seen: {} };
  (window as unknown as { __bench: Bench }).__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    /* no longtask support: reported as missing */
  }
  if (!firstVisible) return;
  // Watched without reading the layout: a rect read in an animation frame while the HTML is still
  // being parsed makes the browser lay out the page there and then, in a frame where it would not
  // have (it was a 100-250 ms task of its own on the quiz pages, which no learner's page runs).
  // An IntersectionObserver is told where each element is once the browser has laid it out for a
  // frame; entry.time is that frame's time. A MutationObserver hands it each matching element as
  // the parser or a script adds it (or sets the attribute the selector asks for).
  const until = firstVisible.until;
  if (until.kind !== 'visible') return;
  const pattern = until.text ? new RegExp(until.text) : /\S/;
  const watched = new WeakSet<Element>();
  const io = new IntersectionObserver((entries) => {
    if (bench.seen[firstVisible.name] !== undefined) return;
    for (const entry of entries) {
      const box = entry.boundingClientRect;
      const el = entry.target;
      const shown = entry.isIntersecting && box.width > 0 && box.height > 0 && (el.checkVisibility?.({ opacityProperty: true, visibilityProperty: true }) ?? true) && pattern.test(el.textContent ?? '');
      if (!shown) {
        // Looked at afresh at the next change to the page (the observer reports only changes).
        io.unobserve(el);
        watched.delete(el);
        continue;
      }
      bench.seen[firstVisible.name] = entry.time;
      io.disconnect();
      mo.disconnect();
      return;
    }
  });
  const observeNew = (): void => {
    const root = until.scope ? document.querySelector(until.scope) : document;
    if (!root) return;
    for (const s of until.selectors)
      for (const el of root.querySelectorAll(s)) {
        if (watched.has(el)) continue;
        watched.add(el);
        io.observe(el);
      }
  };
  const mo = new MutationObserver(observeNew);
  mo.observe(document, { childList: true, subtree: true, attributes: true });
  observeNew();
}

/** Installs a watch that notes the next click's timeStamp and the first frame after it where `until` holds. */
function installWatch({ until, timeoutMs }: { until: Until; timeoutMs: number }): string | undefined {
  const bench = (window as unknown as { __bench: Bench }).__bench;
  const visible = (el: Element): boolean => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && (el.checkVisibility?.({ opacityProperty: true, visibilityProperty: true }) ?? true);
  };
  const root = (scope?: string): ParentNode | null => (scope ? document.querySelector(scope) : document);
  const textOf = (selectors: string[]): string =>
    selectors
      .flatMap((s) => [...document.querySelectorAll(s)])
      .filter(visible)
      .map((el) => el.textContent?.trim() ?? '')
      .join('\n');
  const before = until.kind === 'changed' ? textOf(until.selectors) : '';
  /** The text of what is shown once `until` holds (for the report), else undefined. */
  const shown = (): string | undefined => {
    if (until.kind === 'changed') {
      const now = textOf(until.selectors);
      return now !== '' && now !== before ? now : undefined;
    }
    const r = root(until.scope);
    if (!r) return undefined;
    if (until.kind === 'visible') {
      const pattern = until.text ? new RegExp(until.text) : /\S/;
      for (const s of until.selectors) for (const el of r.querySelectorAll(s)) if (visible(el) && pattern.test(el.textContent ?? '')) return el.textContent ?? '';
      return undefined;
    }
    const pattern = new RegExp(until.text);
    const walker = document.createTreeWalker(r as Node, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (pattern.test(node.textContent?.trim() ?? '') && node.parentElement && visible(node.parentElement)) return node.textContent ?? '';
    }
    return undefined;
  };
  if (until.kind !== 'changed' && shown() !== undefined) return 'already shown before the click';
  let clickAt: number | undefined;
  const onClick = (event: Event): void => {
    clickAt ??= event.timeStamp;
  };
  document.addEventListener('click', onClick, { capture: true });
  const started = performance.now();
  bench.watch = new Promise((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const text = clickAt === undefined ? undefined : shown();
      if (clickAt !== undefined && text !== undefined) {
        document.removeEventListener('click', onClick, { capture: true });
        resolve({ clickAt, shownAt: now, shown: text.replace(/\s+/g, ' ').trim().slice(0, 60) });
      } else if (now - started > timeoutMs) {
        document.removeEventListener('click', onClick, { capture: true });
        resolve({ clickAt, error: clickAt === undefined ? 'no click reached the page' : `not shown within ${timeoutMs / 1000} s of the click` });
      } else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

type StepContext = { page: Page; scope: (locator: Locator, name: string) => Promise<string> };

export type Step = {
  name: string;
  /** When `prepare` types or clicks before the timed click, its long tasks are a phase of this name. */
  prepareName?: string;
  /** Does what comes before the click (fill a prediction...), returns the element to click and what the click should show. */
  prepare: (ctx: StepContext) => Promise<{ click: Locator; until: Until }>;
  /** The target for this step's time, if it has one. */
  targetMs?: number;
};

export type Scenario = {
  key: string;
  label: string;
  path: string;
  /** Time with the page left alone after the load event, before the first step. */
  idleMs: number;
  /** Timed from navigation: the first frame where this is on screen. */
  firstVisible?: { name: string; until: Until; targetMs?: number };
  steps: Step[];
};

const QUIZ_PROMPT = ['[data-testid="question-prompt"]', '.quiz-question .quiz-prompt', '.quiz-prompt'];

/** The first question of a quiz page, by its heading "Question 1 ..." (the e2e's region), else the first question card. */
async function firstQuestion(page: Page): Promise<Locator> {
  const region = page.getByRole('region', { name: /^Question 1\b/ });
  if (await region.count()) return region.first();
  return page.locator('.quiz-question').first();
}

function quizScenario(key: string, label: string, path: string): Scenario {
  return {
    key,
    label,
    path,
    idleMs: 5_000,
    firstVisible: { name: 'questions visible', until: { kind: 'visible', selectors: QUIZ_PROMPT }, targetMs: 1_000 },
    steps: [
      {
        name: 'check',
        prepareName: 'answer question 1',
        prepare: async ({ page, scope }) => {
          const q = await firstQuestion(page);
          // Answer as a learner would when the control is a choice; other kinds are checked blank.
          const choice = q.getByRole('radio').or(q.getByRole('checkbox')).first();
          if (await choice.count()) await choice.check({ timeout: STEP_TIMEOUT_MS });
          const where = await scope(q, 'question');
          return {
            click: q.getByRole('button', { name: /^Check/ }),
            until: { kind: 'visible', scope: where, selectors: ['.quiz-feedback .grade-summary', '.quiz-feedback [role="alert"]', '[role="status"]', '.grade-summary'] },
          };
        },
      },
      {
        name: 'reveal',
        prepare: async ({ page, scope }) => {
          const q = await firstQuestion(page);
          const where = await scope(q, 'question');
          return {
            click: q.getByRole('button', { name: /^Reveal/ }),
            until: { kind: 'visible', scope: where, selectors: ['[aria-label^="Answer to question"]', '.exercise-answer'] },
          };
        },
      },
      {
        name: 'new variant',
        targetMs: 300,
        prepare: async ({ page }) => ({ click: page.getByRole('button', { name: 'New variant' }), until: { kind: 'changed', selectors: QUIZ_PROMPT } }),
      },
    ],
  };
}

const FLOOD = `ip netns add ns1
ip netns add ns2
ip link add veth1 netns ns1 type veth peer name veth2 netns ns2
ip netns exec ns1 ip addr add 10.0.0.1/24 dev veth1
ip netns exec ns1 ip link set veth1 up
ip netns exec ns2 ip addr add 10.0.0.2/24 dev veth2
ip netns exec ns2 ip link set veth2 up
ip netns exec ns2 tcpdump -n -i veth2 icmp &
ip netns exec ns1 ping -c 1000000 -i 0 10.0.0.2
`;

export function scenarios(paths: { lesson: string; quiz: string; exam: string; playground: string }): Scenario[] {
  return [
    {
      key: 'lesson',
      label: 'lesson',
      path: paths.lesson,
      idleMs: 3_000,
      steps: [
        {
          // The first exercise with a Check button; a prediction typed in tcpdump's format when
          // it has that box (any readable line is graded), else its form as it is.
          name: 'first check',
          prepareName: 'type a prediction',
          targetMs: 150,
          prepare: async ({ page, scope }) => {
            const exercise = page.locator('pp-predict-capture, pp-predict-path, [data-exercise-id]').filter({ has: page.getByRole('button', { name: /^Check/ }) }).first();
            const typed = exercise.getByText("Or type the lines in tcpdump's own format");
            if (await typed.count()) {
              await typed.first().click();
              await exercise.getByRole('textbox', { name: /Predicted tcpdump lines/ }).fill('IP 10.9.9.1 > 10.9.9.2: ICMP echo request, id 1, seq 1, length 64');
            }
            const where = await scope(exercise, 'exercise');
            return {
              click: exercise.getByRole('button', { name: /^Check/ }).first(),
              until: { kind: 'visible', scope: where, selectors: ['[data-grade] [role="status"]', '[data-grade] [role="alert"]', '.grade-summary'] },
            };
          },
        },
        {
          name: 'reveal',
          prepare: async ({ page }) => ({
            click: page.locator('[data-bench-scope="exercise"]').getByRole('button', { name: /^Reveal/ }).first(),
            until: { kind: 'visible', scope: '[data-bench-scope="exercise"]', selectors: ['[data-answer]', '[role="region"][aria-label*="answer" i]'] },
          }),
        },
        {
          name: 'walk',
          prepare: async ({ page, scope }) => {
            const walk = page.locator('pp-packet-walk').first();
            const where = await scope(walk, 'walk');
            return { click: walk.getByRole('button', { name: 'Next step' }), until: { kind: 'text', scope: where, text: '^Step 1 of \\d+$' } };
          },
        },
      ],
    },
    quizScenario('quiz', 'quiz', paths.quiz),
    quizScenario('exam', 'final exam', paths.exam),
    {
      key: 'playground',
      label: 'playground',
      path: paths.playground,
      idleMs: 5_000,
      firstVisible: { name: 'editor ready', until: { kind: 'visible', selectors: ['[data-playground][data-ready]'] } },
      steps: [
        {
          name: 'run',
          prepare: async ({ page }) => ({ click: page.getByRole('button', { name: 'Run', exact: true }), until: { kind: 'visible', selectors: ['[data-status]'], text: 'Ran in' } }),
        },
        {
          name: 'walk',
          prepare: async ({ page }) => ({
            click: page.locator('[data-walk]').getByRole('button', { name: 'Next step' }),
            until: { kind: 'text', scope: '[data-walk]', text: '^Step 2 of \\d+$' },
          }),
        },
        {
          name: 'hostile run (ping flood)',
          prepareName: 'type the flood script',
          prepare: async ({ page }) => {
            await page.getByRole('textbox', { name: 'Scenario script' }).fill(FLOOD, { timeout: STEP_TIMEOUT_MS });
            return { click: page.getByRole('button', { name: 'Run', exact: true }), until: { kind: 'visible', selectors: ['[role="alert"]'], text: 'stopped|too long' } };
          },
        },
      ],
    },
  ];
}

export function baselineScenario(path: string): Scenario {
  return { key: 'baseline', label: 'plain Astro page', path, idleMs: 5_000, steps: [] };
}

// ---------------------------------------------------------------------------------------------
// Running one scenario

export type JsFile = { url: string; gzip: number; phase: string; worker: boolean };

export type PhaseResult = {
  name: string;
  /** ms: from navigation (load phase: the load event) or from the click. */
  ms?: number;
  targetMs?: number;
  longTasks: number[];
  /** The start of the text that was shown. */
  shown?: string;
  error?: string;
  /** With --runs: how many runs got this time (its median is `ms`). */
  runs?: number;
};

export type ScenarioResult = {
  scenario: Scenario;
  url: string;
  files: JsFile[];
  /** Gzipped bytes per column. */
  upFront: number;
  inline: number;
  workerAtLoad: number;
  idle: number;
  onAction: Record<string, number>;
  firstVisibleMs?: number;
  loadMs?: number;
  phases: PhaseResult[];
  longTaskSupported: boolean;
  errors: string[];
  /** With --runs: how many runs these figures are the median of. */
  runs?: number;
};

const isJs = (url: string, contentType: string | undefined): boolean =>
  /\.m?js(\?|$)/.test(new URL(url).pathname) || /javascript|ecmascript/.test(contentType ?? '');

export async function runScenario(
  browser: Browser,
  origin: string,
  scenario: Scenario,
  helpers: { inlineGzip: (path: string) => number; workerClosure: (url: string) => string[] },
  options: { screenshots?: string; onContext?: (context: BrowserContext) => void } = {},
): Promise<ScenarioResult> {
  const url = new URL(scenario.path, origin).href;
  const result: ScenarioResult = {
    scenario,
    url,
    files: [],
    upFront: 0,
    inline: helpers.inlineGzip(scenario.path),
    workerAtLoad: 0,
    idle: 0,
    onAction: {},
    phases: [],
    longTaskSupported: true,
    errors: [],
  };
  // A phone, as the e2e's "phone" project: 360 x 740, 2x pixels, touch.
  const context: BrowserContext = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  options.onContext?.(context);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: THROTTLE.latencyMs,
      downloadThroughput: (THROTTLE.downloadKbps * 1024) / 8,
      uploadThroughput: (THROTTLE.uploadKbps * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE.cpuRate });
    await page.addInitScript(initScript, scenario.firstVisible ? { name: scenario.firstVisible.name, until: scenario.firstVisible.until } : null);

    // The phase each request starts in: the network log's order (one CDP connection) decides.
    let phase = 'before load';
    const firstPhase = new Map<string, string>();
    const workerScripts = new Set<string>();
    const pending: Array<Promise<void>> = [];
    page.on('request', (request) => {
      if (!firstPhase.has(request.url())) firstPhase.set(request.url(), phase);
    });
    page.on('worker', (worker) => workerScripts.add(worker.url()));
    page.on('requestfinished', (request) => {
      pending.push(
        (async () => {
          const response = await request.response();
          if (!response || !isJs(request.url(), response.headers()['content-type'])) return;
          if (result.files.some((f) => f.url === request.url())) return; // counted at its first request
          const length = Number(response.headers()['content-length']);
          const gzip = Number.isFinite(length) ? length : (await request.sizes()).responseBodySize;
          result.files.push({ url: request.url(), gzip, phase: firstPhase.get(request.url()) ?? phase, worker: false });
        })().catch((error: unknown) => {
          result.errors.push(`network log: ${(error as Error).message}`);
        }),
      );
    });
    page.on('load', () => {
      if (phase === 'before load') phase = 'idle';
    });

    await page.goto(url, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    phase = 'idle';
    await page.waitForTimeout(scenario.idleMs);
    const nav = await page.evaluate(() => {
      const entry = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const bench = (window as unknown as { __bench: Bench }).__bench;
      return { load: entry?.loadEventStart, seen: bench.seen, supported: PerformanceObserver.supportedEntryTypes.includes('longtask') };
    });
    result.loadMs = nav.load;
    result.longTaskSupported = nav.supported;
    if (scenario.firstVisible) {
      result.firstVisibleMs = nav.seen[scenario.firstVisible.name];
      if (result.firstVisibleMs === undefined) result.errors.push(`${scenario.firstVisible.name}: never on screen`);
    }
    if (options.screenshots) await page.screenshot({ path: join(options.screenshots, `${scenario.key}-load.png`) });
    const marks: Array<{ name: string; at: number }> = [{ name: 'load', at: 0 }];
    result.phases.push({ name: 'load', ms: nav.load, longTasks: [] });

    const scope = async (locator: Locator, name: string): Promise<string> => {
      await locator.evaluate((el, n) => {
        document.querySelectorAll(`[data-bench-scope="${n}"]`).forEach((other) => other.removeAttribute('data-bench-scope'));
        el.setAttribute('data-bench-scope', n);
      }, name);
      return `[data-bench-scope="${name}"]`;
    };
    for (const step of scenario.steps) {
      const stepResult: PhaseResult = { name: step.name, ...(step.targetMs !== undefined ? { targetMs: step.targetMs } : {}), longTasks: [] };
      const now = (): Promise<number> => page.evaluate(() => performance.now());
      try {
        if (step.prepareName) {
          result.phases.push({ name: step.prepareName, longTasks: [] });
          marks.push({ name: step.prepareName, at: await now() });
          phase = step.name; // what typing fetches is fetched for this step
        }
        const { click, until } = await step.prepare({ page, scope });
        result.phases.push(stepResult);
        marks.push({ name: step.name, at: await now() });
        phase = step.name;
        const refused = await page.evaluate(installWatch, { until, timeoutMs: STEP_TIMEOUT_MS });
        if (refused) throw new Error(refused);
        await click.click({ timeout: STEP_TIMEOUT_MS });
        const watched = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.watch!);
        if (watched.error || watched.shownAt === undefined || watched.clickAt === undefined) throw new Error(watched.error ?? 'not shown');
        stepResult.ms = watched.shownAt - watched.clickAt;
        if (watched.shown) stepResult.shown = watched.shown;
        if (options.screenshots) await page.screenshot({ path: join(options.screenshots, `${scenario.key}-${step.name.replace(/\W+/g, '-')}.png`) });
        await page.waitForTimeout(SETTLE_MS);
      } catch (error) {
        stepResult.error = (error as Error).message.split('\n')[0];
        result.errors.push(`${step.name}: ${stepResult.error}`);
        if (!result.phases.includes(stepResult)) {
          result.phases.push(stepResult);
          marks.push({ name: step.name, at: await now() });
        }
      }
    }
    const end = await page.evaluate(() => performance.now());
    const longTasks = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.longTasks);
    for (const [i, mark] of marks.entries()) {
      const until = marks[i + 1]?.at ?? end;
      result.phases[i]!.longTasks = longTasks.filter((t) => t.start >= mark.at && t.start < until).map((t) => t.duration);
    }
    await Promise.all(pending);

    // A worker started before the load event counts up front, with every module it imports
    // before the first action (what it imports for an action stays with that action).
    for (const script of workerScripts) {
      const file = result.files.find((f) => f.url === script);
      if (!file) continue;
      file.worker = true;
      if (file.phase !== 'before load') continue;
      const closure = new Set(helpers.workerClosure(script));
      for (const f of result.files) if (f.url === script || (closure.has(f.url) && f.phase === 'idle')) f.phase = 'worker at load';
    }
    for (const f of result.files) {
      if (f.phase === 'before load') result.upFront += f.gzip;
      else if (f.phase === 'worker at load') result.workerAtLoad += f.gzip;
      else if (f.phase === 'idle') result.idle += f.gzip;
      else result.onAction[f.phase] = (result.onAction[f.phase] ?? 0) + f.gzip;
    }
    result.upFront += result.inline + result.workerAtLoad;
  } finally {
    await context.close().catch(() => undefined);
  }
  return result;
}

const median = (values: number[]): number | undefined => {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

/**
 * Several runs of one scenario as one: the downloads of the first run (the same files each time),
 * the median of each time, and per phase the long tasks of the run whose longest task is the
 * median one. Times a run did not get are left out; a phase is an error only if no run got it.
 */
export function medianOfRuns(runs: ScenarioResult[]): ScenarioResult {
  const [first] = runs;
  if (!first || runs.length === 1) return first!;
  const visible = median(runs.flatMap((r) => (r.firstVisibleMs === undefined ? [] : [r.firstVisibleMs])));
  const load = median(runs.flatMap((r) => (r.loadMs === undefined ? [] : [r.loadMs])));
  const phases = first.phases.map((phase): PhaseResult => {
    const same = runs.flatMap((r) => r.phases.filter((p) => p.name === phase.name));
    const times = same.flatMap((p) => (p.ms === undefined ? [] : [p.ms]));
    const longest = (p: PhaseResult): number => Math.max(0, ...p.longTasks);
    const middle = median(same.map(longest));
    const typical = same.find((p) => longest(p) === middle) ?? phase;
    const ms = median(times);
    const shown = same.find((p) => p.shown)?.shown;
    const error = times.length ? undefined : same.find((p) => p.error)?.error;
    return { name: phase.name, ...(ms !== undefined ? { ms } : {}), ...(phase.targetMs !== undefined ? { targetMs: phase.targetMs } : {}), longTasks: typical.longTasks, ...(shown ? { shown } : {}), ...(error ? { error } : {}), runs: times.length };
  });
  return {
    ...first,
    ...(visible !== undefined ? { firstVisibleMs: visible } : {}),
    ...(load !== undefined ? { loadMs: load } : {}),
    phases,
    longTaskSupported: runs.every((r) => r.longTaskSupported),
    errors: runs.flatMap((r) => r.errors),
    runs: runs.length,
  };
}
