// npm run conformance [-- [--record] [--recorded] [--jobs N] [ID...]]
// npm run conformance -- --hooks [--record | --recorded] [--jobs N] [FILTER...]: the engine's
// hook walks against the kernel's nftrace (src/conformance/hooks-check.ts).
// Compares every scenario's engine output with the kernel's (src/conformance/conformance.ts
// says how: live, recorded, --record). Exit status 1 when any differs, 2 on a usage error.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { check, listQuizScenarios, listScenarios, record, SCENARIO_DIR, type ConformanceItem, type ConformanceOptions } from '../conformance/conformance.ts';

const DEFAULT_JOBS = 4;
/** parseArgs' answer for --hooks: the hooks mode parses the rest of the arguments the same way. */
const HOOKS = '--hooks';

function parseArgs(argv: readonly string[]): ConformanceOptions | string {
  let record = false;
  let recordedOnly = false;
  let jobs = DEFAULT_JOBS;
  const ids: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--hooks') return HOOKS;
    if (a === '--record') record = true;
    else if (a === '--recorded') recordedOnly = true;
    else if (a === '--jobs' || a === '-j') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1) return `${a} needs a positive number`;
      jobs = v;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else ids.push(basename(a).replace(/\.(sh|out)$/, ''));
  }
  if (record && recordedOnly) return '--record and --recorded exclude each other';
  return { record, recordedOnly, jobs, ids };
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    if (options === HOOKS) {
      const rest = argv.filter((a) => a !== '--hooks');
      const parsed = parseArgs(rest);
      if (typeof parsed === 'string') {
        process.stderr.write(`conformance: ${parsed}\nusage: npm run conformance -- --hooks [--record | --recorded] [--jobs N] [FILTER...]\n`);
        return 2;
      }
      const { checkHooks } = await import('../conformance/hooks-check.ts');
      return checkHooks({ record: parsed.record, recordedOnly: parsed.recordedOnly, jobs: parsed.jobs, filter: parsed.ids });
    }
    process.stderr.write(`conformance: ${options}\nusage: npm run conformance -- [--record | --recorded] [--jobs N] [ID... | PREFIX*]\n`);
    return 2;
  }
  let quizItems: ConformanceItem[] = [];
  let quizError = false;
  try {
    quizItems = await listQuizScenarios();
  } catch (err) {
    // A quiz file that does not load fails the run, but the scenarios are still compared.
    process.stderr.write(`conformance: the quizzes could not be loaded: ${err instanceof Error ? err.message : String(err)}\n`);
    quizError = true;
  }
  const all: ConformanceItem[] = [
    ...listScenarios().map((id) => ({ id, source: readFileSync(join(SCENARIO_DIR, `${id}.sh`), 'utf8') })),
    ...quizItems,
  ];
  // An id ending in * names every id it starts: `--record 'quiz-*'` re-records the quizzes.
  const matches = (pattern: string, id: string): boolean => (pattern.endsWith('*') ? id.startsWith(pattern.slice(0, -1)) : id === pattern);
  const unknown = options.ids.filter((pattern) => !all.some((item) => matches(pattern, item.id)));
  if (unknown.length > 0) {
    process.stderr.write(`conformance: no such scenario: ${unknown.join(', ')} (in content/scenarios, or quiz-<quiz>-<question>)\n`);
    return 2;
  }
  const items = options.ids.length > 0 ? all.filter((item) => options.ids.some((pattern) => matches(pattern, item.id))) : all;
  const code = await (options.record ? record(items, options.jobs) : check(items, options));
  return quizError ? 1 : code;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`conformance: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
