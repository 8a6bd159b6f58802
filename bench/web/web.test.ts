// bench:web's own pieces: the static server serves as a host would, and the target verdicts read
// the figures right. Run: node --test bench/web/web.test.ts

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { serveStatic } from './serve.ts';
import { targetRows } from './report.ts';
import { medianRun, type LighthouseResult } from './lighthouse.ts';
import { medianOfRuns, type Scenario, type ScenarioResult } from './browser.ts';

test('the static server gzips text with its length, caches hashed files, redirects folders and stays inside its root', async () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-web-test-'));
  const js = 'export const answer = 42;\n'.repeat(200);
  mkdirSync(join(root, '_astro'));
  mkdirSync(join(root, 'quiz'));
  writeFileSync(join(root, '_astro', 'a.B1.js'), js);
  writeFileSync(join(root, 'quiz', 'index.html'), '<!doctype html><p>quiz</p>');
  writeFileSync(join(root, '404.html'), '<!doctype html><p>missing</p>');
  const server = await serveStatic(root);
  try {
    // node:http, not fetch: fetch would gunzip the body.
    const chunk = await new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      get(`${server.url}/_astro/a.B1.js`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (part: Buffer) => parts.push(part));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(parts) }));
      }).on('error', reject);
    });
    assert.equal(chunk.status, 200);
    assert.equal(chunk.headers['content-encoding'], 'gzip');
    assert.match(chunk.headers['cache-control'] ?? '', /immutable/);
    const body = chunk.body;
    assert.equal(Number(chunk.headers['content-length']), body.length);
    assert.ok(body.length < js.length / 10, `gzipped ${body.length} bytes of ${js.length}`);
    assert.equal(gunzipSync(body).toString(), js);

    const page = await fetch(`${server.url}/quiz/`);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(await page.text(), /quiz/);
    const folder = await fetch(`${server.url}/quiz`, { redirect: 'manual' });
    assert.equal(folder.status, 301);
    assert.equal(folder.headers.get('location'), '/quiz/');
    const missing = await fetch(`${server.url}/nothing-here`);
    assert.equal(missing.status, 404);
    assert.match(await missing.text(), /missing/);
    const outside = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`);
    assert.equal(outside.status, 404);
  } finally {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
});

const scenario = (key: string, targetMs?: number): Scenario => ({
  key,
  label: key,
  path: '/',
  idleMs: 3_000,
  firstVisible: { name: 'questions visible', until: { kind: 'visible', selectors: ['p'] }, targetMs: 1_000 },
  steps: [{ name: 'new variant', ...(targetMs !== undefined ? { targetMs } : {}), prepare: async () => ({ click: undefined as never, until: { kind: 'visible', selectors: [] } }) }],
});

const run = (key: string, upFront: number, variantMs: number | undefined, longTasks: number[]): ScenarioResult => ({
  scenario: scenario(key, 300),
  url: '/',
  files: [],
  upFront,
  inline: 0,
  workerAtLoad: 0,
  idle: 0,
  onAction: {},
  firstVisibleMs: 900,
  phases: [
    { name: 'load', longTasks },
    { name: 'new variant', ...(variantMs !== undefined ? { ms: variantMs } : {}), targetMs: 300, longTasks: [], ...(variantMs === undefined ? { error: 'not shown' } : {}) },
  ],
  longTaskSupported: true,
  errors: [],
});

test('targets: each figure against its limit, a missing figure is not met, the baseline\'s figures get no verdict', () => {
  const rows = targetRows([run('quiz', 41 * 1024, 250, [30, 51]), run('baseline', 0, undefined, [70])], []);
  const verdict = (page: string, measure: string) => rows.find((r) => r.page === page && r.measure === measure)?.met;
  assert.equal(verdict('quiz', 'JS up front (KiB gz)'), false);
  assert.equal(verdict('quiz', 'questions visible'), true);
  assert.equal(verdict('quiz', 'new variant'), true);
  assert.equal(verdict('quiz', 'long tasks > 50 ms: load'), false); // 51 ms counts, 30 does not
  assert.equal(rows.find((r) => r.page === 'quiz' && r.measure === 'long tasks > 50 ms: load')?.value, '1 (max 51 ms)');
  assert.equal(verdict('quiz', 'long tasks > 50 ms: new variant'), true);
  assert.equal(verdict('baseline', 'JS up front (KiB gz)'), undefined);
  assert.equal(verdict('baseline', 'new variant'), undefined);
  assert.equal(verdict('baseline', 'long tasks > 50 ms: load'), undefined);
});

test('Lighthouse: the median run by performance, with the range', () => {
  const lh = (perf: number, tbt: number): LighthouseResult => ({ url: '/', scores: { performance: perf }, tbtMs: tbt, metrics: '', warnings: [], losing: [] });
  const median = medianRun([lh(90, 200), lh(99, 10), lh(95, 60)]);
  assert.equal(median.scores.performance, 95);
  assert.deepEqual(median.range, { perf: [90, 99], tbtMs: [10, 200] });
  const rows = targetRows([], [{ key: 'quiz', label: 'quiz', result: median }]);
  assert.equal(rows[0]!.met, false); // 95 < 98 and 60 ms > 50 ms
  assert.equal(rows[0]!.value, '95 / 60 ms');
});

test('several runs: the median time, the long tasks of the median run, a failure only when no run got the figure', () => {
  const merged = medianOfRuns([run('quiz', 1000, 400, [300]), run('quiz', 1000, undefined, [60, 80]), run('quiz', 1000, 200, [])]);
  const variant = merged.phases.find((p) => p.name === 'new variant')!;
  assert.equal(variant.ms, 200); // the lower middle of 200 and 400: one run never showed it
  assert.equal(variant.error, undefined);
  assert.deepEqual(merged.phases.find((p) => p.name === 'load')!.longTasks, [60, 80]); // longest tasks 300, 80, 0: the median is 80
  assert.equal(merged.runs, 3);
  const failed = medianOfRuns([run('quiz', 1000, undefined, []), run('quiz', 1000, undefined, [])]);
  assert.equal(failed.phases.find((p) => p.name === 'new variant')!.error, 'not shown');
});
