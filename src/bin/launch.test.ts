import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildBundle, ensureBundle, entryFor, RACY_MS, readStamp, staleReason, type Stamp } from './launch.ts';

const work = mkdtempSync(join(tmpdir(), 'packet-path-launch-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A small project: src/bin/tool.ts imports ../lib/msg.ts and reads a file beside itself. */
function project(name: string): { root: string; entry: string; msg: string; bundle: string } {
  const root = join(work, name);
  mkdirSync(join(root, 'src', 'bin'), { recursive: true });
  mkdirSync(join(root, 'src', 'lib'));
  const msg = join(root, 'src', 'lib', 'msg.ts');
  writeFileSync(msg, "export const MESSAGE: string = 'first';\n");
  writeFileSync(join(root, 'src', 'bin', 'beside.txt'), 'read beside the source\n');
  const entry = join(root, 'src', 'bin', 'tool.ts');
  writeFileSync(
    entry,
    [
      "import { readFileSync } from 'node:fs';",
      "import { MESSAGE } from '../lib/msg.ts';",
      "const beside: string = readFileSync(new URL('./beside.txt', import.meta.url), 'utf8').trim();",
      "process.stdout.write(`${MESSAGE} | ${beside} | ${import.meta.url} | ${process.argv.slice(2).join(' ')}\\n`);",
      '',
    ].join('\n'),
  );
  return { root, entry, msg, bundle: join(root, 'cache', 'tool.mjs') };
}

function run(file: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** Sets a file's mtime `ms` before now, as an edit made before the build would have it. */
function age(path: string, ms: number): void {
  const t = (Date.now() - ms) / 1000;
  utimesSync(path, t, t);
}

describe('the start-up bundle', () => {
  test('is built once and reused while no source changes; it prints what the sources print', async () => {
    const p = project('reuse');
    age(p.entry, 10_000);
    age(p.msg, 10_000);
    assert.deepEqual(await ensureBundle(p.entry, p.bundle, p.root), { bundle: p.bundle, built: true });
    const first = statSync(p.bundle);
    assert.deepEqual(await ensureBundle(p.entry, p.bundle, p.root), { bundle: p.bundle, built: false });
    assert.equal(statSync(p.bundle).mtimeMs, first.mtimeMs, 'the reused bundle was not rewritten');
    // Each module keeps its own import.meta.url: the file beside the source is found.
    assert.equal(run(p.bundle, 'a', 'b'), `first | read beside the source | ${pathToFileURL(p.entry).href} | a b\n`);
    assert.equal(run(p.bundle, 'a', 'b'), run(p.entry, 'a', 'b'));
    const stamp = readStamp(p.bundle);
    assert.ok(stamp);
    assert.equal(stamp.entry, p.entry);
    assert.ok(stamp.inputs.some(([path]) => path === p.msg), 'the imported module is an input');
    assert.ok(stamp.inputs.some(([path]) => path === fileURLToPath(new URL('./launch.ts', import.meta.url))), 'the build options are an input');
  });

  test('is rebuilt when an imported source changes, and runs the new code', async () => {
    const p = project('changed');
    age(p.msg, 10_000);
    await ensureBundle(p.entry, p.bundle, p.root);
    writeFileSync(p.msg, "export const MESSAGE: string = 'second, longer';\n");
    assert.equal(staleReason(readStamp(p.bundle), p.entry), `${p.msg} changed`);
    assert.deepEqual(await ensureBundle(p.entry, p.bundle, p.root), { bundle: p.bundle, built: true });
    assert.match(run(p.bundle), /^second, longer \|/);
    assert.equal(staleReason(readStamp(p.bundle), p.entry), undefined);
  });

  test('catches an edit in the same clock tick as the build (same size, same mtime): the hash decides', async () => {
    const p = project('racy');
    // A whole second (utimes keeps it exactly), less than RACY_MS before the build.
    const tick = Math.floor(Date.now() / 1000);
    utimesSync(p.msg, tick, tick);
    await ensureBundle(p.entry, p.bundle, p.root);
    const before = statSync(p.msg);
    writeFileSync(p.msg, "export const MESSAGE: string = 'FIRST';\n");
    utimesSync(p.msg, tick, tick);
    assert.equal(statSync(p.msg).size, before.size);
    assert.equal(statSync(p.msg).mtimeMs, before.mtimeMs);
    assert.equal(staleReason(readStamp(p.bundle), p.entry), `${p.msg} changed`);
    await ensureBundle(p.entry, p.bundle, p.root);
    assert.match(run(p.bundle), /^FIRST \|/);
  });

  test('is reused when a file is saved again with the same bytes (a new mtime, the same hash)', async () => {
    const p = project('touched');
    await ensureBundle(p.entry, p.bundle, p.root);
    writeFileSync(p.msg, readFileSync(p.msg));
    age(p.msg, -5000);
    assert.equal(staleReason(readStamp(p.bundle), p.entry), undefined);
    assert.equal((await ensureBundle(p.entry, p.bundle, p.root)).bundle, p.bundle);
  });

  test('trusts an input whose mtime and size are as stamped and older than the build (it is not re-read)', () => {
    const p = project('trusted');
    const st = statSync(p.msg);
    const stamp: Stamp = { version: 1, entry: p.entry, builtAt: st.mtimeMs + RACY_MS + 1, inputs: [[p.msg, st.mtimeMs, st.size, 'not the hash']] };
    assert.equal(staleReason(stamp, p.entry), undefined);
    // The same stamp from a build that started within RACY_MS of the mtime: the hash is checked.
    assert.equal(staleReason({ ...stamp, builtAt: st.mtimeMs + RACY_MS }, p.entry), `${p.msg} changed`);
  });

  test('is rebuilt when an input is gone, for another entry, or when it is damaged; a failing build runs nothing stale', async () => {
    const p = project('gone');
    await ensureBundle(p.entry, p.bundle, p.root);
    assert.equal(staleReason(readStamp(p.bundle), join(p.root, 'src', 'bin', 'other.ts')), `built for ${p.entry}`);
    writeFileSync(p.bundle, readFileSync(p.bundle, 'utf8').slice(0, 40));
    assert.equal(readStamp(p.bundle), undefined, 'a truncated stamp is no stamp');
    assert.equal(staleReason(undefined, p.entry), 'no bundle');
    await ensureBundle(p.entry, p.bundle, p.root);
    rmSync(p.msg);
    assert.equal(staleReason(readStamp(p.bundle), p.entry), `${p.msg} is gone`);
    const failed = await ensureBundle(p.entry, p.bundle, p.root);
    assert.equal(failed.bundle, undefined, 'the sources do not build: the caller runs them (and Node says why)');
    assert.ok(readdirSync(join(p.root, 'cache')).every((f) => !f.endsWith('.tmp')), 'no temp file left');
  });

  test('two builds at once leave one whole, stamped bundle and no temp files', async () => {
    const p = project('concurrent');
    const stamps = await Promise.all([buildBundle(p.entry, p.bundle, p.root), buildBundle(p.entry, p.bundle, p.root), buildBundle(p.entry, p.bundle, p.root)]);
    assert.equal(stamps.length, 3);
    assert.deepEqual(readdirSync(join(p.root, 'cache')).sort(), ['tool.mjs', 'tool.mjs.map']);
    assert.equal(staleReason(readStamp(p.bundle), p.entry), undefined);
    assert.match(run(p.bundle), /^first \|/);
  });

  test('has a source map: under --enable-source-maps a stack trace names the TypeScript line', async () => {
    const p = project('stack');
    writeFileSync(p.msg, "export function fail(): never {\n  throw new Error('from msg.ts');\n}\nexport const MESSAGE: string = 'x';\n");
    writeFileSync(p.entry, "import { fail } from '../lib/msg.ts';\nfail();\n");
    await ensureBundle(p.entry, p.bundle, p.root);
    const mapped = spawnSync(process.execPath, ['--enable-source-maps', p.bundle], { encoding: 'utf8' });
    assert.match(mapped.stderr, new RegExp(`at fail \\(${p.msg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:9\\)`));
    const plain = spawnSync(process.execPath, [p.bundle], { encoding: 'utf8' });
    assert.match(plain.stderr, /at fail \(file:\/\/.*tool\.mjs:\d+:\d+\)/);
  });
});

describe('src/bin/cli.mjs', () => {
  const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));
  const cache = join(work, 'cli-cache');
  const env = { ...process.env, PACKET_PATH_CLI_CACHE: cache };
  const start = (args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [cli, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });

  test('two tools starting at once with no cache both run, and leave a bundle the next start reuses', async () => {
    const [a, b] = await Promise.all([start(['grade', '--help']), start(['grade', '--help'])]);
    for (const r of [a, b]) assert.deepEqual(r, { status: 0, stdout: 'usage: npm run grade -- RESULT.json... (prints the CSV on stdout, problems on stderr)\n', stderr: '' });
    assert.deepEqual(readdirSync(cache).sort(), ['grade.mjs', 'grade.mjs.map']);
    const entry = fileURLToPath(new URL('./grade.ts', import.meta.url));
    assert.equal(staleReason(readStamp(join(cache, 'grade.mjs')), entry), undefined);
    // grade runs main() only when it is the program (process.argv[1]): the launcher says it is.
    const usage = await start(['grade']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^grade: no result files given\n/);
  });

  test('passes the arguments and the exit status as `node src/bin/TOOL.ts` would', async () => {
    const viaCli = await start(['netsim', 'frobnicate', 'x.sh']);
    const direct = spawnSync(process.execPath, [fileURLToPath(new URL('./netsim.ts', import.meta.url)), 'frobnicate', 'x.sh'], { encoding: 'utf8' });
    assert.deepEqual(viaCli, { status: direct.status, stdout: direct.stdout, stderr: direct.stderr });
    assert.equal(viaCli.status, 2);
  });

  test('refuses a name that is not a tool', async () => {
    for (const name of ['nosuch', 'launch', 'grade-files', '../bin/netsim', undefined]) {
      const r = await start(name === undefined ? [] : [name]);
      assert.equal(r.status, 2, String(name));
      assert.match(r.stderr, /^cli: no tool/);
    }
    assert.equal(entryFor('launch'), undefined);
    assert.equal(entryFor('grade.test'), undefined);
    assert.equal(entryFor('netsim'), fileURLToPath(new URL('./netsim.ts', import.meta.url)));
  });
});
