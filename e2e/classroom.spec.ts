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
import { encodeAssignment } from '../src/quiz/assignment.ts';
import { answerAsText } from '../src/quiz/review.ts';
import { plainText } from '../src/quiz/text.ts';
import type { Answer, Assignment, ResultFile } from '../src/quiz/types.ts';

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

/** The scores table (one row per file), not the per-student one. */
const scores = (page: Page) => page.getByRole('table', { name: /^Scores for / });
/** A student's rows in the scores table. */
const scoreRows = (page: Page, student: string, exact = false) => scores(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: student, exact }) });

/** "7.5 / 30" of a student's row in the gradebook. */
async function gradebookTotal(page: Page, student: string): Promise<string> {
  const row = scoreRows(page, student, true);
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
    const timRow = scoreRows(page, 'Tampered Tim');
    await expect(timRow).toContainText(`Tampered: the file claims ${fmt(ada.result.score!.possible)} of ${fmt(ada.result.score!.possible)}`);
    const timTotal = await gradebookTotal(page, 'Tampered Tim');
    expect(timTotal).not.toBe(`${fmt(ada.result.score!.possible)} / ${fmt(ada.result.score!.possible)}`);

    // The malformed file: its own message; the hostile name: shown as text, cut, nothing run.
    await expect(page.getByRole('region', { name: /Not graded \(1\)/ })).toContainText('broken.json: not a JSON file');
    // In every place it shows (the scores, the students, the answers), as text; measured in the scores table.
    await expect(page.locator('.gb-name').filter({ hasText: '<img src=x onerror=' })).toHaveCount(3);
    const hostileCell = scores(page).locator('.gb-name').filter({ hasText: '<img src=x onerror=' });
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
    // Both CSVs are UTF-8 with a byte order mark (Excel reads accented names right).
    expect(gradebookCsv.startsWith('\uFEFFstudent,title,assignment,attempt,submitted,file,')).toBe(true);
    expect(cli.stdout.startsWith('\uFEFFstudent,title,')).toBe(true);
    const totals = (csv: string): Map<string, string> => {
      const [head, ...rows] = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
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
  // The regrading runs in the engine worker every page shares, not on the page.
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
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
  await expect(scores(page).getByRole('rowheader', { name: 'Linus' })).toBeVisible();
  await expect(page.getByRole('region', { name: /Not graded \(1\)/ })).toContainText('old.json: made with course version 0.0.1+deadbeef');
  expect(workers).toHaveLength(1);
  expect(workers[0]).toMatch(/^\/_astro\/worker-[\w-]+\.js$/);
  // The same file again is skipped, not counted twice.
  await page.locator('[data-drop-zone]').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByRole('status')).toContainText('already in the gradebook skipped');
  await page.getByRole('button', { name: 'Clear the gradebook' }).click();
  await page.getByRole('button', { name: 'Yes, clear it' }).click();
  await expect(page.getByRole('status')).toHaveText('The gradebook is empty.');
  await expect(page.getByRole('rowheader', { name: 'Linus' })).toHaveCount(0);
});

test('the gradebook\'s flags a teacher can trust, the answers question by question, the CSV with its BOM, kept across a reload', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const version = courseVersion(JSON.parse(readFileSync('package.json', 'utf8')).version, QUIZZES);
  const assignment: Assignment = { v: 1, title: 'Flags', quizzes: ['part-2'], mode: 'graded', attempts: 2, timeLimitMinutes: 1 };
  const link = `/assignment/#a=${encodeAssignment(assignment)}`;
  const zeroWidth = 'Bob\u200b Smith';

  // A zero-width space in the name: the student is told the name they are graded as, and gets Bob Smith's questions.
  const promptsOf = async (student: string): Promise<string[]> => {
    const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
    const p = await context.newPage();
    await p.goto(link);
    const name = p.getByRole('textbox', { name: 'Your name or student id' });
    await name.fill(student);
    if (student !== 'Bob Smith') await expect(p.getByText('You will be graded as “Bob Smith”')).toBeVisible();
    else await expect(p.locator('[data-canonical-name]')).toBeHidden();
    await p.getByRole('button', { name: 'Start quiz' }).click();
    await expect(p.getByRole('button', { name: 'Submit answers' })).toBeVisible({ timeout: 30_000 });
    const prompts = await p.locator('.quiz-prompt').allInnerTexts();
    await context.close();
    return prompts;
  };
  const plain = await promptsOf('Bob Smith');
  expect(plain.length).toBe(studentQuestions(assignment, 'Bob Smith').length);
  expect(await promptsOf(zeroWidth)).toEqual(plain);

  const right = (student: string): Record<string, Answer> => Object.fromEntries(studentQuestions(assignment, student).map((q) => [q.key, revealAnswer(q)]));
  const make = (student: string, attempt: number, startedAt: string, submittedAt: string, answers: Record<string, Answer>): string =>
    JSON.stringify(makeResultFile({ courseVersion: version, assignment, student, attempt, startedAt, submittedAt, answers, quizzes: QUIZZES }));
  const bob = make('Bob Smith', 1, '2026-03-01T10:00:00.000Z', '2026-03-01T10:01:00.900Z', {}); // submitted automatically at the 1-minute limit
  const carolAnswers = right('Carol');
  const firstKey = Object.keys(carolAnswers)[0]!;
  delete carolAnswers[firstKey];
  const files = [
    { name: 'bob.json', text: bob },
    { name: 'bob-zero-width.json', text: make(zeroWidth, 2, '2026-03-01T11:00:00.000Z', '2026-03-01T11:00:40.000Z', right('Bob Smith')) },
    { name: 'bob (copy).json', text: bob },
    { name: 'carol.json', text: make('Carol', 1, '2026-03-01T10:00:00.000Z', 'yesterday', carolAnswers) },
    { name: 'dan.json', text: make('Dan', 1, '2099-03-01T10:00:00.000Z', '2099-03-01T10:00:30.000Z', {}) },
    { name: 'eve-1.json', text: make('Eve', 1, '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:30.000Z', {}) },
    { name: 'eve-1b.json', text: make('Eve', 1, '2026-03-01T10:00:00.000Z', '2026-03-01T10:00:30.000Z', right('Eve')) },
  ];
  await page.goto('/teach/gradebook/');
  await expect(page.getByText('What a result file can and cannot prove')).toBeVisible();
  await page.getByLabel('Add result files').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/json', buffer: Buffer.from(f.text) })));
  await expect(page.getByRole('status').filter({ hasText: '7 files added' })).toContainText('7 graded');

  // The auto-submit at the limit is on time; the zero-width name is Bob Smith, on his variant (full marks).
  const bobRows = scoreRows(page, 'Bob Smith', true);
  await expect(bobRows).toHaveCount(2);
  await expect(bobRows.nth(0)).not.toContainText('over the time limit');
  await expect(bobRows.nth(0)).toContainText('same file as bob (copy).json (graded once)');
  const possible = JSON.parse(bob).score.possible as number;
  await expect(bobRows.nth(1).locator('.gb-total')).toHaveText(`${fmt(possible)} / ${fmt(possible)}`);
  await expect(bobRows.nth(1)).toContainText('best, last');
  const studentsTable = page.getByRole('table', { name: /^Each student: best and last attempt/ });
  await expect(studentsTable.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Bob Smith', exact: true }) })).toContainText(`2${fmt(possible)} / ${fmt(possible)} (attempt 2)`);
  await expect(page.getByText('Graded once: bob (copy).json is the same file as bob.json.')).toBeVisible();
  // The class view counts each student once: the best attempt by default, the last one on request.
  await expect(page.getByText('counted once per student on their best attempt (4 students)')).toBeVisible();
  await expect(page.locator('.gb-questions tbody tr').first()).toContainText('2 of 4'); // Q1: Bob's best (attempt 2) and Eve's best answered it
  await page.getByRole('radio', { name: 'last attempt' }).check();
  await expect(page.getByText('counted once per student on their last attempt (4 students)')).toBeVisible();
  await page.getByRole('radio', { name: 'best attempt' }).check();
  // A forged or impossible time is flagged, never silently ignored; an attempt number used twice is flagged.
  await expect(scoreRows(page, 'Carol')).toContainText('submittedAt "yesterday" is not an ISO date-time (file edited?): the time limit could not be checked');
  await expect(scoreRows(page, 'Dan')).toContainText('startedAt 2099-03-01T10:00:00.000Z is in the future');
  await expect(scoreRows(page, 'Eve')).toHaveCount(2);
  for (const i of [0, 1]) await expect(scoreRows(page, 'Eve').nth(i)).toContainText('attempt 1 reused: 2 different files claim attempt 1 of this student');

  // Carol's answers, question by question, from the keyboard: the question's text, her answer beside the right one.
  const view = scoreRows(page, 'Carol').getByRole('link', { name: 'view of Carol, attempt 1' });
  await view.focus();
  await page.keyboard.press('Enter');
  const details = page.locator('details.gb-answers').filter({ has: page.locator('summary', { hasText: 'Carol, attempt 1' }) });
  await expect(details).toHaveAttribute('open', '');
  await expect(details.locator('summary')).toBeFocused();
  const carolQuestions = studentQuestions(assignment, 'Carol');
  const q1 = details.getByRole('region', { name: 'Question 1', exact: true });
  await expect(q1.locator('.gb-prompt')).toHaveText(plainText(carolQuestions[0]!.prompt));
  await expect(q1.locator('h4')).toContainText('(not answered)');
  const [given, rightAnswer] = await q1.locator('pre.gb-answer').allInnerTexts();
  expect(given).toBe('(no answer)');
  expect(rightAnswer).toBe(answerAsText(carolQuestions[0]!, revealAnswer(carolQuestions[0]!)));
  const q2 = details.getByRole('region', { name: 'Question 2', exact: true });
  const [given2, right2] = await q2.locator('pre.gb-answer').allInnerTexts();
  expect(given2).toBe(right2);
  await expect(q2.locator('h4')).toContainText('(right)');
  await expectNoSidewaysScroll(page);
  await expectNoA11yViolations(page);

  // The CSV, read as text: the BOM first, the file name and the submitted time, Bob's duplicate graded once.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const dir = mkdtempSync(join(tmpdir(), 'pp-flags-'));
  try {
    const csvFile = join(dir, 'grades.csv');
    await download.saveAs(csvFile);
    const bytes = readFileSync(csvFile);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    expect(csv.startsWith('\uFEFFstudent,title,assignment,attempt,submitted,file,best,last,')).toBe(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(7); // header + 6 files: the copy is graded once
    expect(lines.find((l) => l.startsWith('Carol,'))).toMatch(/^Carol,Flags,\w+,1,yesterday,carol\.json,yes,yes,/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Screenshots: 1280 px light, 360 px dark.
  await page.screenshot({ path: '/tmp/shots/gradebook-1280-light.png', fullPage: true });
  await page.setViewportSize({ width: 360, height: 800 });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectNoSidewaysScroll(page);
  await page.screenshot({ path: '/tmp/shots/gradebook-360-dark.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Kept in the browser: a reload shows the same gradebook; clearing asks first.
  await page.reload();
  await expect(page.getByRole('status')).toContainText('The gradebook holds 7 files: 7 graded. These files were kept in this browser');
  await expect(scoreRows(page, 'Bob Smith', true)).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear the gradebook' }).click();
  await expect(page.getByText('Remove all 7 files from this gradebook and from this browser?')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keep the files' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(scoreRows(page, 'Carol')).toHaveCount(1);
  await page.getByRole('button', { name: 'Clear the gradebook' }).click();
  await page.getByRole('button', { name: 'Yes, clear it' }).click();
  await expect(page.getByRole('status')).toHaveText('The gradebook is empty.');
  await page.reload();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeHidden();
});
