// The classroom, end to end (issue 5's "done when"): a teacher makes an assignment link, two
// students in their own browsers get different variants, answer (some right, some wrong) and
// download result files; the teacher drops them into the gradebook, which regrades them, and
// `npm run grade` gives the same scores. A tampered file is flagged and counted at its true
// score; a malformed file and a file with a hostile name get their message while the others grade.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page, TestInfo } from '@playwright/test';
import { test, expect, expectNoA11yViolations } from './fixtures.ts';
import { answer, assignmentOf, courseVersion, expectNoSidewaysScroll, QUIZZES, questionRegion, revealAnswer, studentQuestions, wrongAnswer } from './quiz-helpers.ts';
import { gradeQuestion } from '../src/quiz/grade.ts';
import { makeResultFile } from '../src/quiz/result.ts';
import type { ResultFile } from '../src/quiz/types.ts';

const run = promisify(execFile);
/** Scores as the gradebook and the CSV print them: at most two decimals. */
const fmt = (n: number): string => String(Math.round(n * 100) / 100);

/** The teacher's form: part 2 and part 5 cover every question type. */
async function makeLink(page: Page, title: string): Promise<string> {
  await page.goto('/teach/assign/');
  await page.getByRole('textbox', { name: 'Title' }).fill(title);
  await page.getByRole('checkbox', { name: /^Part 2 quiz/ }).check();
  await page.getByRole('checkbox', { name: /^Part 5 quiz/ }).check();
  await page.getByRole('spinbutton', { name: 'Attempts allowed' }).fill('2');
  await page.getByRole('button', { name: 'Make the link' }).click();
  const output = page.getByRole('region', { name: 'The link' });
  await expect(output).toBeVisible();
  await expect(output).toContainText('Graded: answers shown only after submitting');
  await expect(output).toContainText('Part 2 quiz');
  const link = await page.getByRole('textbox', { name: /^Assignment link/ }).inputValue();
  expect(link).toMatch(/\/assignment\/#a=[A-Za-z0-9_-]+$/);
  await page.getByRole('button', { name: 'Copy' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Link copied|the link is selected/ })).toBeVisible();
  return link;
}

interface Taken {
  readonly file: string;
  readonly result: ResultFile;
  readonly shownScore: string;
  readonly prompts: string[];
}

/** One student in a browser of their own: answers the questions in `right` rightly, the others wrongly. */
async function takeAssignment(browser: Browser, link: string, student: string, right: (index: number) => boolean, dir: string, use: TestInfo['project']['use'], a11y = false): Promise<Taken> {
  // The student's own browser, with the project's screen (a phone or a desktop).
  const context = await browser.newContext({ baseURL: use.baseURL, viewport: use.viewport, isMobile: use.isMobile, hasTouch: use.hasTouch, deviceScaleFactor: use.deviceScaleFactor });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => void errors.push(String(e)));
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Week 5 <quiz>');
  await page.getByRole('textbox', { name: 'Your name or student id' }).fill(student);
  await expect(page.getByText('Attempts: 2 allowed; 2 left.')).toBeVisible();
  if (a11y) await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Start quiz' }).click();
  await expect(page.getByRole('button', { name: 'Submit answers' })).toBeVisible({ timeout: 30_000 });

  const questions = studentQuestions(assignmentOf(link), student);
  await expect(page.getByRole('region', { name: /^Question \d+ of/ })).toHaveCount(questions.length);
  // Nothing of an answer is in the page before submission.
  await expect(page.getByText("The engine's answer")).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reveal answer' })).toHaveCount(0);
  const prompts: string[] = [];
  for (const [i, q] of questions.entries()) {
    const region = questionRegion(page, i + 1);
    prompts.push((await region.locator('.quiz-prompt').innerText()).trim());
    const a = right(i) ? revealAnswer(q) : wrongAnswer(q);
    if (a) await answer(page, region, q, a);
  }
  await expectNoSidewaysScroll(page);
  if (a11y) await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Submit answers' }).click();
  await expect(page.getByRole('heading', { name: 'Your result' })).toBeVisible({ timeout: 30_000 });
  const shownScore = await page.locator('.quiz-score').innerText();
  // A second attempt is allowed (the same variant): hints of what is wrong, no answers, no explanations.
  await expect(page.getByText('You have 1 attempt left: the answers and explanations appear after your last attempt.')).toBeVisible();
  await expect(page.getByRole('region', { name: /^Explanation of question/ })).toHaveCount(0);
  if (a11y) await expectNoA11yViolations(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download result file' }).click()]);
  expect(download.suggestedFilename()).toBe(`Week-5-quiz-${student.replace(/ /g, '-')}-attempt-1.json`);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  // Every question shows exactly its grade's hints (none when full marks), never the feedback's right values.
  const submitted = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
  for (const [i, q] of questions.entries()) {
    const g = gradeQuestion(q, submitted.answers[q.key]);
    const hints = g.earned >= g.points - 1e-9 ? [] : g.hints.filter((h) => h.trim() !== '' && !(!g.answered && h.trim() === 'not answered'));
    await expect(questionRegion(page, i + 1).locator('.quiz-feedback-lines li'), `question ${i + 1} (${q.type})`).toHaveText(hints);
  }
  expect(errors, `errors in ${student}'s browser`).toEqual([]);
  await context.close();
  return { file, result: JSON.parse(readFileSync(file, 'utf8')) as ResultFile, shownScore, prompts };
}

/** "7.5 / 30" of a student's row in the gradebook. */
async function gradebookTotal(page: Page, student: string): Promise<string> {
  const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: student, exact: true }) });
  await expect(row).toHaveCount(1);
  return (await row.locator('.gb-total').innerText()).trim();
}

test('a teacher assigns, two students answer and hand in result files, the gradebook and npm run grade agree', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const dir = mkdtempSync(join(tmpdir(), 'pp-classroom-'));
  try {
    const link = await makeLink(page, 'Week 5 <quiz>');
    await expectNoA11yViolations(page);

    // Ada gets the even questions right, Grace the first four: different variants, different scores.
    const checkA11y = testInfo.project.name === 'desktop';
    const use = testInfo.project.use;
    const ada = await takeAssignment(browser, link, 'Ada Lovelace', (i) => i % 2 === 0, dir, use, checkA11y);
    const grace = await takeAssignment(browser, link, 'Grace Hopper', (i) => i < 4, dir, use);
    expect(ada.prompts).not.toEqual(grace.prompts);
    expect(ada.result.seed).not.toBe(grace.result.seed);
    for (const who of [ada, grace]) {
      expect(who.result.score!.earned).toBeGreaterThan(0);
      expect(who.result.score!.earned).toBeLessThan(who.result.score!.possible);
      expect(who.shownScore).toContain(`of ${who.result.score!.possible} points`);
    }

    // A tampered file (the score edited up), a malformed one, a hostile name.
    const tampered = { ...ada.result, student: 'Tampered Tim', seed: 'made-up', score: { earned: ada.result.score!.possible, possible: ada.result.score!.possible } };
    const tamperedFile = join(dir, 'tim.json');
    writeFileSync(tamperedFile, JSON.stringify(tampered));
    const brokenFile = join(dir, 'broken.json');
    writeFileSync(brokenFile, '{"format": "packet-path-result", "answers": {');
    const hostileName = `<img src=x onerror="window.__pwned=1">${'W'.repeat(300)}\u0007\u202e`;
    const hostileFile = join(dir, 'hostile.json');
    writeFileSync(hostileFile, JSON.stringify({ ...grace.result, student: hostileName }));

    await page.goto('/teach/gradebook/');
    await page.getByLabel('Add result files').setInputFiles([ada.file, grace.file, tamperedFile, brokenFile, hostileFile]);
    await expect(page.getByRole('status').filter({ hasText: '5 files added' })).toContainText('4 graded, 1 not graded');

    // Scores: the students' own, regraded.
    const adaTotal = await gradebookTotal(page, 'Ada Lovelace');
    const graceTotal = await gradebookTotal(page, 'Grace Hopper');
    expect(adaTotal).toBe(`${fmt(ada.result.score!.earned)} / ${fmt(ada.result.score!.possible)}`);
    expect(graceTotal).toBe(`${fmt(grace.result.score!.earned)} / ${fmt(grace.result.score!.possible)}`);

    // The tampered file: flagged, and counted at its regraded score (the seed is recomputed from the name).
    const timRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Tampered Tim' }) });
    await expect(timRow).toContainText(`Tampered: the file claims ${fmt(ada.result.score!.possible)} of ${fmt(ada.result.score!.possible)}`);
    const timTotal = await gradebookTotal(page, 'Tampered Tim');
    expect(timTotal).not.toBe(`${fmt(ada.result.score!.possible)} / ${fmt(ada.result.score!.possible)}`);

    // The malformed file: its own message; the hostile name: shown as text, cut, nothing run.
    await expect(page.getByRole('region', { name: /Not graded \(1\)/ })).toContainText('broken.json: not a JSON file');
    const hostileCell = page.locator('.gb-name').filter({ hasText: '<img src=x onerror=' });
    await expect(hostileCell).toHaveCount(1);
    const shown = await hostileCell.innerText();
    expect(shown.length).toBeLessThanOrEqual(200);
    expect(shown).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await expect(page.locator('[data-gb-results] img')).toHaveCount(0);
    const box = await hostileCell.boundingBox();
    expect(box!.width).toBeLessThan(250);

    // The class view.
    await expect(page.getByRole('heading', { name: 'What caught the class' })).toBeVisible();
    await expect(page.locator('.gb-misconceptions li').first()).toContainText(/\d+ of 4 Q\d+:/);
    await expectNoSidewaysScroll(page);
    await expectNoA11yViolations(page);

    // Export CSV, and the same files through npm run grade.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csvFile = join(dir, 'gradebook.csv');
    await csvDownload.saveAs(csvFile);
    const gradebookCsv = readFileSync(csvFile, 'utf8');
    // npm puts node_modules/.bin (Node 24) first on PATH. Exit 0: every file was graded (the tampered one with a warning).
    const cli = await run('npm', ['run', '--silent', 'grade', '--', ada.file, grace.file, tamperedFile], { cwd: process.cwd(), encoding: 'utf8', timeout: 120_000 });
    expect(cli.stderr).toContain('tim.json: warning: the file claims');
    const stdout = cli.stdout;
    const totals = (csv: string): Map<string, string> => {
      const [head, ...rows] = csv.trim().split(/\r?\n/).map((l) => l.split(','));
      const s = head!.indexOf('student');
      const t = head!.indexOf('total');
      const p = head!.indexOf('possible');
      return new Map(rows.map((r) => [r[s]!, `${r[t]} / ${r[p]}`]));
    };
    const fromCli = totals(stdout);
    const fromGradebook = totals(gradebookCsv);
    expect(fromCli.get('Ada Lovelace')).toBe(adaTotal);
    expect(fromCli.get('Grace Hopper')).toBe(graceTotal);
    expect(fromCli.get('Tampered Tim')).toBe(timTotal);
    for (const name of ['Ada Lovelace', 'Grace Hopper', 'Tampered Tim']) expect(fromGradebook.get(name)).toBe(fromCli.get(name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the gradebook takes files dropped on it; a file of another course version is refused with its reason', async ({ page }) => {
  const version = courseVersion(JSON.parse(readFileSync('package.json', 'utf8')).version, QUIZZES);
  const assignment = { v: 1, title: 'Dropped', quizzes: ['part-1'], mode: 'graded' } as const;
  const make = (student: string, v = version) =>
    JSON.stringify(makeResultFile({ courseVersion: v, assignment, student, attempt: 1, startedAt: '2026-03-01T10:00:00.000Z', submittedAt: '2026-03-01T10:05:00.000Z', answers: {}, quizzes: QUIZZES }));
  await page.goto('/teach/gradebook/');
  const files = [
    { name: 'linus.json', text: make('Linus') },
    { name: 'old.json', text: make('Old Timer', '0.0.1+deadbeef') },
  ];
  const dataTransfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/json' }));
    return dt;
  }, files);
  await page.locator('[data-drop-zone]').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('status').filter({ hasText: '2 files added' })).toContainText('1 graded, 1 not graded');
  await expect(page.getByRole('rowheader', { name: 'Linus' })).toBeVisible();
  await expect(page.getByRole('region', { name: /Not graded \(1\)/ })).toContainText('old.json: made with course version 0.0.1+deadbeef');
  // The same file again is skipped, not counted twice.
  await page.locator('[data-drop-zone]').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('status')).toContainText('already in the gradebook skipped');
  await page.getByRole('button', { name: 'Clear the gradebook' }).click();
  await expect(page.getByRole('status')).toHaveText('The gradebook is empty.');
  await expect(page.getByRole('rowheader', { name: 'Linus' })).toHaveCount(0);
});
