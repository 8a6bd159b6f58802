// Playwright reporter: one line per test, the errors of those that failed, and the plain closing
// line CI reads: `e2e: N passed, N failed, N skipped` (Playwright's own summary is not read).
//
// Counting is per test (project x test), on its final outcome: a test that passed on a retry
// counts as passed and is also named in an `e2e: flaky` line above the summary. A test that never
// ran because the run was interrupted counts as skipped. Errors outside any test (the web server
// did not start, a spec file did not load) count as failed, so the line never reads `0 failed` on
// a broken run.

import type { FullConfig, FullResult, Reporter, Suite, TestCase, TestError, TestResult } from '@playwright/test/reporter';

const useColor = !!process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: number, text: string): string => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

function indent(text: string, by = '      '): string {
  return text.split('\n').map((line) => by + line).join('\n');
}

// Playwright colors its error messages; keep them only on a terminal.
const stripAnsi = (text: string): string => (useColor ? text : text.replace(/\u001b\[[0-9;]*m/g, ''));

function describeError(error: TestError): string {
  const parts: string[] = [];
  parts.push(error.stack ?? error.message ?? error.value ?? 'unknown error');
  if (error.snippet) parts.push(error.snippet);
  return stripAnsi(parts.join('\n'));
}

function titleOf(test: TestCase): string {
  // titlePath: ['', project, file, ...describes, title]
  const [, project, ...rest] = test.titlePath();
  return `[${project}] ${rest.join(' › ')}`;
}

export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private readonly flaky: string[] = [];
  private readonly globalErrors: TestError[] = [];
  private started = Date.now();
  private suite: Suite | undefined;
  private readonly ended = new Set<TestCase>();
  /** Output from outside any test (the web server's build and preview): shown if the run breaks. */
  private readonly outsideOutput: string[] = [];

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.started = Date.now();
    this.suite = suite;
    const tests = suite.allTests().length;
    console.log(`e2e: running ${tests} test${tests === 1 ? '' : 's'} with ${config.workers} worker${config.workers === 1 ? '' : 's'}`);
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    // With retries, wait for the last attempt before deciding.
    const willRetry =
      result.status !== test.expectedStatus && result.status !== 'skipped' && result.status !== 'interrupted' && result.retry < test.retries;
    if (willRetry) {
      console.log(`  ${paint(33, '↻')} ${titleOf(test)} (${result.status}, retrying)`);
      return;
    }
    this.ended.add(test);
    const outcome = test.outcome();
    const ms = `${result.duration} ms`;
    if (outcome === 'expected' || outcome === 'flaky') {
      this.passed++;
      if (outcome === 'flaky') this.flaky.push(titleOf(test));
      console.log(`  ${paint(32, '✓')} ${titleOf(test)} ${paint(2, `(${ms})`)}${outcome === 'flaky' ? ' (flaky)' : ''}`);
      // Notes a test leaves with test.info().annotations.push({ type, description }).
      for (const note of test.annotations) {
        if (!['skip', 'fixme', 'fail', 'slow'].includes(note.type) && note.description) console.log(`      ${note.type}: ${note.description}`);
      }
    } else if (outcome === 'skipped') {
      this.skipped++;
      const why = test.annotations.find((a) => a.type === 'skip' || a.type === 'fixme')?.description;
      console.log(`  ${paint(36, '-')} ${titleOf(test)} (skipped${why ? ': ' + why : ''})`);
    } else {
      this.failed++;
      console.log(`  ${paint(31, '✘')} ${titleOf(test)} (${result.status}, ${ms})`);
      console.log(`      ${test.location.file}:${test.location.line}`);
      for (const error of result.errors) console.log(indent(describeError(error)));
      for (const attachment of result.attachments) {
        if (attachment.path) console.log(`      attachment ${attachment.name}: ${attachment.path}`);
      }
      const logs = [...result.stdout, ...result.stderr].map((chunk) => chunk.toString()).join('').trim();
      if (logs) console.log(indent(`output:\n${logs}`));
    }
  }

  onStdOut(chunk: string | Buffer, test?: TestCase): void {
    if (!test) this.outsideOutput.push(chunk.toString());
  }

  onStdErr(chunk: string | Buffer, test?: TestCase): void {
    if (!test) process.stderr.write(chunk); // the web server's warnings and errors: always shown
  }

  onError(error: TestError): void {
    this.globalErrors.push(error);
    console.log(`  ${paint(31, '✘')} error outside any test`);
    console.log(indent(describeError(error)));
  }

  onEnd(result: FullResult): void {
    // Tests that never ran (the run was interrupted or timed out first) count as skipped.
    const notRun = (this.suite?.allTests() ?? []).filter((test) => !this.ended.has(test));
    for (const test of notRun) console.log(`  ${paint(36, '-')} ${titleOf(test)} (did not run)`);
    this.skipped += notRun.length;
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.flaky.length) console.log(`e2e: flaky (passed on retry): ${this.flaky.join('; ')}`);
    if (result.status !== 'passed' && this.failed === 0 && this.globalErrors.length === 0) {
      // Timed out or interrupted with no test failing on its own: still a failed run.
      console.log(`e2e: run ${result.status} after ${seconds} s`);
      this.failed++;
    }
    if (this.globalErrors.length) {
      const output = this.outsideOutput.join('').trim();
      if (output) console.log(`e2e: output from outside the tests (web server):\n${indent(stripAnsi(output), '  ')}`);
      console.log(`e2e: ${this.globalErrors.length} error(s) outside tests, counted as failed`);
    }
    console.log(`e2e: finished in ${seconds} s (${result.status})`);
    console.log(`e2e: ${this.passed} passed, ${this.failed + this.globalErrors.length} failed, ${this.skipped} skipped`);
  }
}
