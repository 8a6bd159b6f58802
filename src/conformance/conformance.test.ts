import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparableOutput, compare, isScenarioFailure, listScenarios, pool } from './conformance.ts';

const kernel = '== default: conntrack -L\nicmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=31 src=10.0.0.2 dst=10.0.0.1 type=0 code=0 id=31 mark=0 use=1\n== default eth0\nIP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 31, seq 1, length 64\n';

test('compare: equal after normalization', () => {
  const engine = kernel.replace(' 29 ', ' 30 ').replaceAll('31', '1000');
  assert.equal(compare({ stdout: engine, stderr: '', exitCode: 0 }, kernel), undefined);
});

test('compare: a differing line is shown as a diff, kernel -, engine +', () => {
  const report = compare({ stdout: kernel.replace('seq 1', 'seq 2'), stderr: '', exitCode: 0 }, kernel);
  assert.match(report ?? '', /- IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id ID#1, seq 1, length 64\n +\+ IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, id ID#1, seq 2/);
});

test('compare: an engine error that is no command failure fails with its message', () => {
  assert.match(compare({ stdout: '', stderr: 'netsim: internal error: boom\n', exitCode: 70 }, kernel) ?? '', /status 70:\n {4}netsim: internal error: boom/);
});

test('compare: a command that fails in the engine but not on the kernel is a difference', () => {
  const report = compare({ stdout: '', stderr: 'line 3: boom\n', exitCode: 1 }, kernel) ?? '';
  assert.match(report, /\+ == exit status 1\n {4}\+ line 3: boom/);
});

test('compare: the same failure (message and status) on both sides is equal', () => {
  const failed = { stdout: '== default: ip route\n', stderr: 'line 4: ping: connect: Network is unreachable\n', exitCode: 2 };
  assert.equal(compare(failed, comparableOutput(failed)), undefined);
  assert.notEqual(compare({ ...failed, exitCode: 1 }, comparableOutput(failed)), undefined);
  assert.equal(isScenarioFailure({ stdout: '', stderr: 'line 2: kernel runner: command not allowed: rm\n', exitCode: 2 }), false);
});

test('pool keeps the input order and bounds concurrency', async () => {
  let running = 0;
  let most = 0;
  const work = async (x: number) => {
    running++;
    most = Math.max(most, running);
    await new Promise((r) => setTimeout(r, x));
    running--;
    return x * 10;
  };
  const streamed: number[] = [];
  const out = await pool([5, 1, 4, 2, 3], 2, work, (r) => streamed.push(r));
  assert.deepEqual(out, [50, 10, 40, 20, 30]);
  assert.deepEqual(streamed, [50, 10, 40, 20, 30]);
  assert.equal(most, 2);
  assert.deepEqual(await pool([3, 1], 4, work), [30, 10]);
  assert.deepEqual(await pool([], 4, work), []);
});

test('every scenario has a recording and the comment block the course needs', async () => {
  const { readFileSync, existsSync } = await import('node:fs');
  const { SCENARIO_DIR, KERNEL_DIR } = await import('./conformance.ts');
  for (const id of listScenarios()) {
    const text = readFileSync(`${SCENARIO_DIR}/${id}.sh`, 'utf8');
    assert.match(text, /^# \S.*\n/, `${id}: a title line`);
    assert.match(text, /^# claims: (none|S\d(, S\d)*)$/m, `${id}: a claims line`);
    assert.ok(existsSync(`${KERNEL_DIR}/${id}.out`), `${id}: content/kernel/${id}.out`);
  }
});
