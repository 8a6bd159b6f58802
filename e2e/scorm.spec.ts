// The SCORM export (`npm run build:scorm`) in an LMS: the unzipped SCOs in dist-scorm/ run in
// an iframe of a harness page whose window.API (1.2) / window.API_1484_11 (2004) is
// scorm-again, with the learner set before launch. The test takes the quiz, submits, and checks
// what scorm-again holds against the score computed here, in Node, by regrading the same
// answers with the quiz core (gradeAssignment) for the learner's own seed.
// Served on a fake origin by page.route: no Astro site needed (see e2e/scorm/lms-harness.ts).

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { test, expect, expectNoA11yViolations, type Page } from './fixtures.ts';
import { openAlone, openInLms, packageDir, packageName, SCORM_DIST, type Learner, type ScormVersion } from './scorm/lms-harness.ts';
import { revealAnswer } from '../src/quiz/expected.ts';
import { loadQuizzes } from '../src/quiz/load.ts';
import { gradeAssignment } from '../src/quiz/result.ts';
import { generateQuiz, studentSeed } from '../src/quiz/variant.ts';
import type { Answer, QuestionVariant, ResultFile } from '../src/quiz/types.ts';
import { percentOf, scaledOf } from '../src/scorm/lms.ts';
import { PACKAGE_ELEMENT_ID, parsePackage, passMarkOf, type ScoPackage } from '../src/scorm/package.ts';
import { attemptKey, writeAttempts } from '../src/quiz/attempt-storage.ts';

// The package `npm test` builds (npm run build:scorm with no flags: every quiz, both versions).
const SET = 'all';

/** The package a SCO folder embeds, read in Node the way the SCO reads it. */
function readPackage(version: ScormVersion): { name: string; pkg: ScoPackage } {
  const name = packageName(SET, version);
  const html = readFileSync(join(packageDir(name), 'index.html'), 'utf8');
  const json = new RegExp(`<script type="application/json" id="${PACKAGE_ELEMENT_ID}">([^<]*)</script>`).exec(html)?.[1];
  const pkg = parsePackage(json);
  if (typeof pkg === 'string') throw new Error(`${name}/index.html: ${pkg}`);
  // The package seals its choice answers (src/quiz/seal.ts); the expected scores come from the
  // course's own quizzes, so the SCO's sealed grading is checked against the plain one.
  expect(json).not.toContain('"correct"');
  const plain = loadQuizzes();
  return { name, pkg: { ...pkg, quizzes: pkg.quizzes.map((quiz) => plain.find((q) => q.id === quiz.id)!) } };
}

/** Every question of the learner's variant, numbered as the quiz shows them (1, 2, ... across quizzes). */
function variantQuestions(pkg: ScoPackage, seed: string): QuestionVariant[] {
  return pkg.assignment.quizzes.flatMap((id) => generateQuiz(pkg.quizzes.find((quiz) => quiz.id === id)!, seed).questions);
}

function expectedScore(pkg: ScoPackage, seed: string, answers: Record<string, Answer>) {
  const { earned, possible } = gradeAssignment(pkg.assignment, seed, answers, pkg.quizzes);
  // Passed as the quiz decides it: against the package's pass mark (weighted by points).
  const score = { earned, possible, passed: earned / possible >= passMarkOf(pkg.quizzes) - 1e-9 };
  return { ...score, percent: percentOf(score, pkg.passMark), scaled: scaledOf(score, pkg.passMark) };
}

interface LmsState {
  initialized: boolean;
  terminated: boolean;
  cmi: Record<string, string>;
  events: string[];
  commits: { metadata: { isTerminateCommit?: boolean; trigger?: string } | null; commit: unknown }[];
  /** scorm-again's own log, WARN and up: "<level> <message>". */
  log: string[];
}

/** What scorm-again holds now: the cmi elements the SCO writes, its state, the events and commits. */
async function lmsState(page: Page, version: ScormVersion): Promise<LmsState> {
  return page.evaluate((v) => {
    type Api = { cmi: Record<string, unknown>; isInitialized(): boolean; isTerminated(): boolean };
    const w = window as unknown as { API?: Api; API_1484_11?: Api; lmsEvents: string[]; lmsCommits: LmsState['commits']; lmsLog: string[] };
    const api = (v === '1.2' ? w.API : w.API_1484_11)!;
    // As the LMS stores it (toJSON): write-only elements such as cmi.core.exit included.
    const cmi = JSON.parse(JSON.stringify(api.cmi)) as Record<string, unknown>;
    const at = (path: string): string => {
      let node: unknown = cmi;
      for (const part of path.split('.').slice(1)) node = (node as Record<string, unknown>)[part];
      return String(node ?? '');
    };
    const elements =
      v === '1.2'
        ? ['cmi.core.student_id', 'cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max', 'cmi.core.lesson_status', 'cmi.core.exit', 'cmi.core.session_time', 'cmi.suspend_data']
        : ['cmi.learner_id', 'cmi.score.raw', 'cmi.score.min', 'cmi.score.max', 'cmi.score.scaled', 'cmi.completion_status', 'cmi.success_status', 'cmi.exit', 'cmi.session_time', 'cmi.suspend_data'];
    return {
      initialized: api.isInitialized(),
      terminated: api.isTerminated(),
      cmi: Object.fromEntries(elements.map((e) => [e, at(e)])),
      events: [...w.lmsEvents],
      commits: JSON.parse(JSON.stringify(w.lmsCommits)) as LmsState['commits'],
      log: [...w.lmsLog],
    };
  }, version);
}

/** The SCO leaves (the LMS closes it): its iframe navigates away, which fires pagehide in the SCO. */
async function closeSco(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.querySelector('iframe')!.src = 'about:blank';
  });
}

const sco = (page: Page) => page.locator('iframe[title="Packet Path quiz"]').contentFrame();

/** The result file the quiz offers after submitting, as the learner would download it. */
async function downloadResult(page: Page): Promise<ResultFile> {
  const download = page.waitForEvent('download');
  await sco(page).getByRole('button', { name: 'Download result file' }).click();
  return JSON.parse(readFileSync(await (await download).path(), 'utf8')) as ResultFile;
}

/** Every file under `dir`, relative, with `/`. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

test('the packages: each zip holds its folder, and its manifest lists every file and launches index.html', () => {
  test.skip(test.info().project.name !== 'desktop', 'files only: once is enough');
  for (const version of ['1.2', '2004'] as const) {
    const name = packageName(SET, version);
    const dir = packageDir(name);
    const files = filesIn(dir);
    const zipped = unzipSync(readFileSync(join(SCORM_DIST, `${name}.zip`)));
    expect(Object.keys(zipped).sort(), `${name}.zip holds the folder's files`).toEqual(files);
    for (const file of files) expect(Buffer.from(zipped[file]!).equals(readFileSync(join(dir, file))), `${name}.zip: ${file}`).toBe(true);
    const manifest = readFileSync(join(dir, 'imsmanifest.xml'), 'utf8');
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]).sort();
    expect(listed, 'the manifest lists every file but itself').toEqual(files.filter((file) => file !== 'imsmanifest.xml'));
    expect(files).toEqual(expect.arrayContaining(['index.html', 'sco.js', 'sco.css', 'imsmanifest.xml']));
    if (version === '1.2') {
      expect(manifest).toContain('<schemaversion>1.2</schemaversion>');
      expect(manifest).toMatch(/<resource identifier="[^"]+" type="webcontent" adlcp:scormtype="sco" href="index.html">/);
    } else {
      expect(manifest).toContain('<schemaversion>2004 4th Edition</schemaversion>');
      expect(manifest).toMatch(/<resource identifier="[^"]+" type="webcontent" adlcp:scormType="sco" href="index.html">/);
    }
    // Relative links only: the LMS serves the package from a folder of its own choosing.
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).not.toMatch(/(src|href)="(\/|https?:)/);
    expect(readPackage(version).pkg.scorm).toBe(version);
  }
});

test.describe('SCORM export in an LMS (scorm-again)', () => {
  // Every quiz's variant is computed by the engine in the browser: allow for a slow phone run.
  test.setTimeout(120_000);

  test('SCORM 1.2: the learner is read, the attempt started, the regraded score and failed status committed, LMSFinish on leaving', async ({ page }) => {
    const { name, pkg } = readPackage('1.2');
    const learner: Learner = { id: 'ada-42', name: 'Lovelace, Ada' };
    const seed = studentSeed(pkg.assignmentId, learner.id);
    const questions = variantQuestions(pkg, seed);
    const choices = questions.map((q, i) => ({ q, number: i + 1 })).filter(({ q }) => q.type === 'choice');
    expect(choices.length, 'the package has choice questions to answer').toBeGreaterThanOrEqual(2);

    // Every choice question right but the first, which gets one wrong option: a partial score.
    const picks: Record<string, number[]> = {};
    for (const [i, { q }] of choices.entries()) {
      const right = (q.options ?? []).flatMap((o, index) => (o.correct ? [index] : []));
      const wrong = (q.options ?? []).findIndex((o) => !o.correct);
      picks[q.key] = i === 0 ? [wrong] : right;
    }

    const served = await openInLms(page, { name, version: '1.2', learner });
    const frame = sco(page);
    await expect(frame.getByRole('status').filter({ hasText: 'Signed in as Ada Lovelace' })).toBeVisible();
    await expect(frame.getByText('You are: ada-42')).toBeVisible();
    let state = await lmsState(page, '1.2');
    expect(state.initialized).toBe(true);
    expect(state.cmi['cmi.core.lesson_status']).toBe('incomplete');
    expect(state.events.slice(0, 3)).toEqual(['LMSInitialize', 'LMSSetValue cmi.core.lesson_status=incomplete', 'LMSCommit']);
    await expectNoA11yViolations(page);

    await frame.getByRole('button', { name: 'Start quiz' }).click();
    for (const { q, number } of choices) {
      const question = frame.getByRole('region', { name: new RegExp(`^Question ${number} of`) });
      for (const index of picks[q.key]!) {
        await question.getByRole(q.multiple ? 'checkbox' : 'radio', { name: q.options![index]!.text, exact: true }).check();
      }
    }
    await frame.getByRole('button', { name: 'Submit answers' }).click();
    await expect(frame.getByRole('heading', { name: 'Your result' })).toBeVisible({ timeout: 60_000 });
    // The package sets no attempt limit: hints only, the answers and explanations stay hidden.
    await expect(frame.getByText('You may try again, so the answers and explanations stay hidden')).toBeVisible();
    await expect(frame.getByRole('region', { name: /^Explanation of question/ })).toHaveCount(0);
    // The percent on the result screen is the one the LMS gets (checked against cmi below).
    const shownPercent = Number(/\((\d+)\s%\)/.exec(await frame.locator('.quiz-score').innerText())?.[1]);

    // The answers exactly as submitted (some widgets, such as an order to fix, always hold one):
    // the result file, regraded here the way the gradebook does.
    const result = await downloadResult(page);
    expect(result.student).toBe(learner.id);
    expect(result.seed).toBe(seed);
    expect(result.courseVersion).toBe(pkg.courseVersion);
    for (const { q } of choices) expect(result.answers[q.key], q.key).toEqual({ choices: picks[q.key] });
    const expected = expectedScore(pkg, seed, result.answers as Record<string, Answer>);
    expect(expected.earned, 'some points, not all').toBeGreaterThan(0);
    expect(expected.passed, 'these answers do not pass the package').toBe(false);
    await expect(frame.getByRole('status').filter({ hasText: `Your score was sent to your course: ${expected.percent} out of 100, not passed.` })).toBeVisible();
    expect(shownPercent).toBe(expected.percent);

    state = await lmsState(page, '1.2');
    expect(state.cmi).toMatchObject({
      'cmi.core.student_id': learner.id,
      'cmi.core.score.raw': String(expected.percent),
      'cmi.core.score.min': '0',
      'cmi.core.score.max': '100',
      'cmi.core.lesson_status': 'failed',
      'cmi.core.exit': '',
    });
    expect(state.cmi['cmi.core.session_time']).toMatch(/^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
    expect(JSON.parse(state.cmi['cmi.suspend_data']!)).toEqual({ v: 1, percent: expected.percent, passed: false });
    expect(state.cmi['cmi.suspend_data']!.length).toBeLessThan(100);
    expect(state.events.at(-1)).toBe('LMSCommit');
    expect(state.terminated).toBe(false);
    // What the LMS server received with that commit.
    const submitted = state.commits.at(-1)!.commit as { cmi: { core: { score: { raw: string }; lesson_status: string } } };
    expect(submitted.cmi.core.score.raw).toBe(String(expected.percent));
    expect(submitted.cmi.core.lesson_status).toBe('failed');

    await closeSco(page);
    await expect.poll(async () => (await lmsState(page, '1.2')).terminated, { message: 'LMSFinish when the SCO is closed' }).toBe(true);
    state = await lmsState(page, '1.2');
    expect(state.events.at(-1)).toBe('LMSFinish');
    expect(state.commits.at(-1)?.metadata?.isTerminateCommit).toBe(true);
    expect(state.cmi['cmi.core.lesson_status']).toBe('failed');
    expect(state.cmi['cmi.core.score.raw']).toBe(String(expected.percent));
    // And the LMS server got all three commits (the last one by sendBeacon): start, submit, finish.
    await expect.poll(() => served.received.length, { message: 'commits the LMS server received' }).toBe(3);
    const core = (commit: unknown) => (commit as { cmi: { core: { lesson_status: string; score: { raw: string } } } }).cmi.core;
    expect(served.received.map((commit) => core(commit).lesson_status)).toEqual(['incomplete', 'failed', 'failed']);
    expect(core(served.received.at(-1)).score.raw).toBe(String(expected.percent));
    expect(state.log.filter((line) => line.startsWith('4 ')), 'scorm-again logged no error').toEqual([]);
  });

  test('SCORM 2004: a resumed attempt with every answer right is passed and completed, Terminate on leaving', async ({ page }) => {
    const { name, pkg } = readPackage('2004');
    const learner: Learner = { id: 'grace.hopper', name: 'Hopper, Grace' };
    const seed = studentSeed(pkg.assignmentId, learner.id);
    // Most question types are answered with rich widgets; to reach a passing score the test
    // gives the quiz a draft attempt holding the engine's own answers (revealAnswer), stored the
    // way the quiz UI stores a draft it resumes after a reload (src/quiz/attempt-storage.ts).
    const answers: Record<string, Answer> = {};
    for (const q of variantQuestions(pkg, seed)) answers[q.key] = revealAnswer(q);
    expect(expectedScore(pkg, seed, answers).passed, "the engine's own answers pass").toBe(true);
    const stored = new Map<string, string>();
    const storage = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) } as Storage;
    writeAttempts(attemptKey(pkg.assignmentId, learner.id), { used: 1, open: { attempt: 1, startedAt: Date.now() }, draft: answers }, storage);
    await page.addInitScript((entries) => {
      if (location.pathname.startsWith('/sco/')) for (const [k, v] of entries) localStorage.setItem(k, v);
    }, [...stored]);

    await openInLms(page, { name, version: '2004', learner });
    const frame = sco(page);
    await expect(frame.getByRole('status').filter({ hasText: 'Signed in as Grace Hopper' })).toBeVisible();
    let state = await lmsState(page, '2004');
    expect(state.cmi['cmi.completion_status']).toBe('incomplete');
    expect(state.events.slice(0, 3)).toEqual(['Initialize', 'SetValue cmi.completion_status=incomplete', 'Commit']);

    await frame.getByRole('button', { name: 'Start quiz' }).click();
    await frame.getByRole('button', { name: 'Submit answers' }).click();
    await expect(frame.getByRole('heading', { name: 'Your result' })).toBeVisible({ timeout: 60_000 });
    const result = await downloadResult(page);
    expect(result.seed).toBe(seed);
    expect(Object.keys(result.answers).sort()).toEqual(Object.keys(answers).sort());
    const expected = expectedScore(pkg, seed, result.answers as Record<string, Answer>);
    expect(expected.passed).toBe(true);
    await expect(frame.getByRole('status').filter({ hasText: `Your score was sent to your course: ${expected.percent} out of 100, passed.` })).toBeVisible();

    state = await lmsState(page, '2004');
    expect(state.cmi).toMatchObject({
      'cmi.learner_id': learner.id,
      'cmi.score.raw': String(expected.percent),
      'cmi.score.min': '0',
      'cmi.score.max': '100',
      'cmi.score.scaled': String(expected.scaled),
      'cmi.completion_status': 'completed',
      'cmi.success_status': 'passed',
      'cmi.exit': 'normal',
    });
    expect(state.cmi['cmi.session_time']).toMatch(/^PT/);
    expect(state.events.at(-1)).toBe('Commit');

    await closeSco(page);
    await expect.poll(async () => (await lmsState(page, '2004')).terminated, { message: 'Terminate when the SCO is closed' }).toBe(true);
    state = await lmsState(page, '2004');
    expect(state.events.at(-1)).toBe('Terminate');
    expect(state.cmi['cmi.success_status']).toBe('passed');
    expect(state.log.filter((line) => line.startsWith('4 ')), 'scorm-again logged no error').toEqual([]);
  });

  test('SCORM 1.2: a relaunch shows the result the LMS already holds and keeps its status', async ({ page }) => {
    const { name } = readPackage('1.2');
    await openInLms(page, {
      name,
      version: '1.2',
      learner: { id: 'ada-42', name: 'Lovelace, Ada' },
      initial: { core: { lesson_status: 'passed', entry: 'resume' }, suspend_data: '{"v":1,"percent":80,"passed":true}' },
    });
    const frame = sco(page);
    await expect(frame.getByRole('status').filter({ hasText: 'Your course has a result of yours already: 80 out of 100, passed. Submitting again replaces it.' })).toBeVisible();
    const state = await lmsState(page, '1.2');
    expect(state.cmi['cmi.core.lesson_status']).toBe('passed');
  });

  test('opened without an LMS: a clear notice, and the quiz runs as practice', async ({ page }) => {
    const { name } = readPackage('1.2');
    await openAlone(page, name);
    await expect(page.getByRole('status').filter({ hasText: 'Practice: no learning platform (LMS) was found, so your score will not be recorded.' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Packet Path quizzes');
    await expect(page.getByRole('button', { name: 'Check answer' }).first()).toBeVisible({ timeout: 60_000 });
    await expectNoA11yViolations(page);
  });
});
