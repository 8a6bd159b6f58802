// npm run grade -- FILES...
//
// Regrades result files against the course's quizzes (lessons/*/quiz.yaml) and this
// checkout's course version: prints the gradebook CSV on stdout (UTF-8 with a BOM; columns in
// docs/quiz-format.md) and every file's problems on stderr as `FILE: message` (the flags the
// gradebook shows: late, over time, impossible times, the same file twice, an attempt reused). One bad file never stops the others.
// Exit status: 0 when every file was graded, 1 when some were refused, 2 on a usage error.
// The grading itself is in grade-files.ts, loaded once the arguments are known to be files:
// the quiz schemas it builds cost a usage error or --help most of their start.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const USAGE = 'usage: npm run grade -- RESULT.json... (prints the CSV on stdout, problems on stderr)';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const files = argv.filter((a) => a !== '--');
  const unknownOption = files.find((f) => f.startsWith('-'));
  if (unknownOption !== undefined) {
    process.stderr.write(`grade: unknown option ${unknownOption}\n${USAGE}\n`);
    return 2;
  }
  if (files.length === 0) {
    process.stderr.write(`grade: no result files given\n${USAGE}\n`);
    return 2;
  }
  const [{ loadQuizzes }, { courseVersion }, { gradeFiles }] = await Promise.all([import('../quiz/load.ts'), import('../quiz/version.ts'), import('./grade-files.ts')]);
  const quizzes = loadQuizzes();
  const run = gradeFiles(files, quizzes, courseVersion(packageVersion(), quizzes));
  process.stdout.write(run.stdout);
  process.stderr.write(run.stderr);
  return run.exitCode;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`grade: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
