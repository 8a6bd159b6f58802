// The fast start of the command line tools. src/bin/cli.mjs is the door (`node src/bin/cli.mjs
// netsim run FILE`, what `npm run netsim` runs): Node stripping the types of a tool's hundred-odd
// .ts modules cost 0.1-0.6 s of every start; this runs one bundle of the tool instead, built with
// esbuild into node_modules/.cache/packet-path-cli/CHECKOUT/ (PACKET_PATH_CLI_CACHE moves it) and
// rebuilt whenever a file it was built from changes. Node's compile cache (turned on by
// cli.mjs) keeps the compiled bundle. `node src/bin/netsim.ts` still runs the sources directly.
//
// Never stale: the bundle's first line is its stamp, every input's path, mtime, size and the
// SHA-1 of the very bytes esbuild bundled. A run reuses the bundle when every input still has its
// stamped mtime and size, and that mtime is older than the build by more than RACY_MS (a file
// written in the same clock tick as esbuild read it could keep its mtime); any other input is
// re-hashed and must hash the same. A missing input or another entry rebuilds.
// Safe when two runs start at once: each writes its build to a file of its own and renames it
// over the bundle, so a reader sees one whole bundle or the other, stamp and code together.
// Stack traces name the bundle's lines; under NODE_OPTIONS=--enable-source-maps, the sources'.

import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The stamp's format; a bundle stamped with another one is rebuilt. */
const STAMP_VERSION = 1;
const STAMP_PREFIX = '//packet-path-cli ';
/** An input whose mtime is this close to (or after) the build's start is checked by its hash. */
export const RACY_MS = 2000;

/** One file a bundle was built from: absolute path, mtime (ms), size, SHA-1 of its bytes. */
export type StampedInput = readonly [path: string, mtimeMs: number, size: number, sha1: string];

export interface Stamp {
  readonly version: number;
  /** The source file the bundle runs (absolute). */
  readonly entry: string;
  /** Date.now() just before esbuild started reading. */
  readonly builtAt: number;
  readonly inputs: readonly StampedInput[];
}

/** node:crypto is loaded only when a file is hashed: loading it costs about 10 ms of every start. */
const sha1 = (bytes: Uint8Array): string => process.getBuiltinModule('node:crypto').createHash('sha1').update(bytes).digest('hex');

/** The checkout this file is in. */
export const PROJECT_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * Files that shape every bundle beside the ones it imports: this file (the build options),
 * tsconfig.json (esbuild's TypeScript settings), package.json, esbuild's version.
 */
function trackedFiles(root: string): string[] {
  return [fileURLToPath(import.meta.url), join(root, 'tsconfig.json'), join(root, 'package.json'), join(root, 'node_modules', 'esbuild', 'package.json')];
}

/**
 * Where a checkout keeps its bundles. Worktrees may share one node_modules (a symlink), so each
 * checkout has a folder of its own, named after its path.
 */
export function cacheDirFor(root: string): string {
  return join(root, 'node_modules', '.cache', 'packet-path-cli', root.replace(/[^\w.-]+/g, '_'));
}

/** The stamp on a bundle's first line, or undefined when there is no readable stamped bundle. */
export function readStamp(bundlePath: string): Stamp | undefined {
  let head: string;
  try {
    const bytes = readFileSync(bundlePath);
    const end = bytes.indexOf(0x0a);
    head = bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
  } catch {
    return undefined;
  }
  if (!head.startsWith(STAMP_PREFIX)) return undefined;
  try {
    const stamp = JSON.parse(head.slice(STAMP_PREFIX.length)) as Stamp;
    return stamp.version === STAMP_VERSION && Array.isArray(stamp.inputs) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

/** Why the bundle stamped `stamp` cannot run `entry`, or undefined when it is up to date. */
export function staleReason(stamp: Stamp | undefined, entry: string): string | undefined {
  if (stamp === undefined) return 'no bundle';
  if (stamp.entry !== entry) return `built for ${stamp.entry}`;
  for (const [path, mtimeMs, size, hash] of stamp.inputs) {
    let st;
    try {
      st = statSync(path);
    } catch {
      return `${path} is gone`;
    }
    if (st.mtimeMs === mtimeMs && st.size === size && mtimeMs < stamp.builtAt - RACY_MS) continue;
    try {
      if (sha1(readFileSync(path)) === hash) continue;
    } catch {
      return `${path} cannot be read`;
    }
    return `${path} changed`;
  }
  return undefined;
}

const SCRIPT = /\.[cm]?[jt]s$/;
/** import.meta.url and friends of a bundled module, as the module itself would see them. */
const IMPORT_META = /\bimport\.meta\.(url|filename|dirname)\b/g;

/**
 * Bundles `entry` into `bundlePath` (built in a file of its own, then renamed over it). Every
 * module keeps its own import.meta.url, so files it reads beside itself (new URL('./x',
 * import.meta.url)) are still found. Throws esbuild's error when the sources do not build.
 */
export async function buildBundle(entry: string, bundlePath: string, root: string): Promise<Stamp> {
  const esbuild = await import('esbuild');
  const inputs = new Map<string, StampedInput>();
  const record = (path: string, bytes: Uint8Array, mtimeMs: number): void => {
    inputs.set(path, [path, mtimeMs, bytes.length, sha1(bytes)]);
  };
  const builtAt = Date.now();
  // Stat before reading: a write in between leaves a newer mtime, and the hash then decides.
  for (const path of trackedFiles(root)) {
    try {
      const { mtimeMs } = statSync(path);
      record(path, readFileSync(path), mtimeMs);
    } catch {
      // absent (no tsconfig.json): nothing to track
    }
  }
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0] ?? '24'}`,
    // Written beside the entry as far as esbuild knows (it writes nothing itself): the source
    // map's paths are then relative to src/bin, and sourceRoot makes them absolute, whichever
    // path (node_modules may be a symlink) Node loads the bundle by. The map is a file of its
    // own (NAME.mjs.map), read only under --enable-source-maps: inline, it slowed every start.
    outfile: join(dirname(entry), basename(bundlePath)),
    write: false,
    sourcemap: 'linked',
    sourcesContent: false,
    sourceRoot: `${pathToFileURL(dirname(entry)).href}/`,
    logLevel: 'silent',
    // Line 1 becomes the stamp. `require` for CommonJS packages that require Node's modules.
    banner: { js: `${STAMP_PREFIX}\nimport { createRequire as __packetPathCreateRequire } from 'node:module';\nconst require = __packetPathCreateRequire(import.meta.url);` },
    plugins: [
      {
        name: 'packet-path-inputs',
        setup(build) {
          build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
            const { mtimeMs } = statSync(args.path);
            const bytes = readFileSync(args.path);
            record(args.path, bytes, mtimeMs);
            if (!SCRIPT.test(args.path)) return { contents: bytes, loader: 'default' };
            const text = bytes.toString('utf8');
            const url = pathToFileURL(args.path).href;
            const values: Record<string, string> = { url, filename: args.path, dirname: dirname(args.path) };
            return { contents: text.replace(IMPORT_META, (_m, key: string) => JSON.stringify(values[key])), loader: /\.[cm]?ts$/.test(args.path) ? 'ts' : 'js' };
          });
        },
      },
    ],
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.mjs'))?.text;
  const map = result.outputFiles.find((f) => f.path.endsWith('.mjs.map'))?.contents;
  if (code === undefined || map === undefined || !code.startsWith(`${STAMP_PREFIX}\n`)) throw new Error(`esbuild gave no bundle of ${relative(root, entry)}`);
  const stamp: Stamp = { version: STAMP_VERSION, entry, builtAt, inputs: [...inputs.values()] };
  mkdirSync(dirname(bundlePath), { recursive: true });
  // The map first: a bundle is never there before its map. (Two builds from different sources
  // at once could pair a bundle with the other's map: only stack traces would be off.)
  writeAtomically(`${bundlePath}.map`, map);
  writeAtomically(bundlePath, `${STAMP_PREFIX}${JSON.stringify(stamp)}${code.slice(STAMP_PREFIX.length)}`);
  return stamp;
}

/** Writes a file of its own, then renames it over `path`: a reader sees the old file or the new one. */
function writeAtomically(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      // never written
    }
    throw err;
  }
}

/** What ensureBundle did: the bundle to import, or why the sources must run instead. */
export type Prepared = { readonly bundle: string; readonly built: boolean } | { readonly bundle: undefined; readonly error: unknown };

/** An up-to-date bundle of `entry`: the cached one, or a new build. */
export async function ensureBundle(entry: string, bundlePath: string, root: string): Promise<Prepared> {
  if (staleReason(readStamp(bundlePath), entry) === undefined) return { bundle: bundlePath, built: false };
  try {
    await buildBundle(entry, bundlePath, root);
    return { bundle: bundlePath, built: true };
  } catch (err) {
    return { bundle: undefined, error: err };
  }
}

/** The tools src/bin/cli.mjs starts: src/bin/NAME.ts. */
export const TOOLS = ['netsim', 'conformance', 'fuzz-kernel', 'grade', 'misconceptions'] as const;

export function entryFor(name: string | undefined, root: string = PROJECT_ROOT): string | undefined {
  return TOOLS.some((tool) => tool === name) ? join(root, 'src', 'bin', `${name}.ts`) : undefined;
}

/**
 * Runs the tool `name` with `args` as if started as `node src/bin/NAME.ts ARGS...`: from its
 * bundle, or from the sources when the bundle cannot be built (then Node reports what is wrong
 * with them, as it would have) or written (a note says so; the tool still runs).
 */
export async function launch(name: string | undefined, args: readonly string[]): Promise<void> {
  const entry = entryFor(name);
  if (entry === undefined) {
    process.stderr.write(`cli: ${name === undefined ? 'no tool named' : `no tool '${name}'`}\nusage: node src/bin/cli.mjs ${TOOLS.join('|')} ARGS...\n`);
    process.exitCode = 2;
    return;
  }
  // The tool reads process.argv as `node src/bin/NAME.ts ARGS...` gives it.
  process.argv = [process.argv[0] ?? process.execPath, entry, ...args];
  const cacheDir = process.env['PACKET_PATH_CLI_CACHE'] || cacheDirFor(PROJECT_ROOT);
  const prepared = await ensureBundle(entry, join(cacheDir, `${name}.mjs`), PROJECT_ROOT);
  if (prepared.bundle === undefined) {
    const code = (prepared.error as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      process.stderr.write(`${name}: note: cannot write the start-up bundle (${code}); running from the sources\n`);
    }
    await import(pathToFileURL(entry).href);
    return;
  }
  await import(pathToFileURL(prepared.bundle).href);
}
