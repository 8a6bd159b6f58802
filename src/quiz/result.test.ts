import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { assignmentId } from './assignment.ts';
import { revealAnswer } from './expected.ts';
import { classReport, csvCell, displayStudent, makeResultFile, parseResultFile, regradeResult, resultsToCsv } from './result.ts';
import { generateQuiz, studentSeed } from './variant.ts';
import { courseVersion } from './version.ts';
import type { Answer, Assignment, RegradeOutcome } from './types.ts';

const quiz = fixtureQuiz('nat.yaml');
const quizzes = [quiz];
const VERSION = courseVersion('0.1.0', quizzes);
const assignment: Assignment = { v: 1, title: 'Week 5', quizzes: [quiz.id], mode: 'graded', attempts: 2, timeLimitMinutes: 20, due: '2026-11-26' };

function answersFor(student: string, pick: (key: string) => boolean = () => true): Record<string, Answer> {
  const v = generateQuiz(quiz, studentSeed(assignmentId(assignment), student));
  return Object.fromEntries(v.questions.filter((q) => pick(q.key)).map((q) => [q.key, revealAnswer(q)]));
}

function file(student: string, overrides: Record<string, unknown> = {}, answers = answersFor(student)): string {
  const r = makeResultFile({
    courseVersion: VERSION,
    assignment,
    student,
    attempt: 1,
    startedAt: '2026-11-26T10:00:00.000Z',
    submittedAt: '2026-11-26T10:14:12.000Z',
    answers,
    quizzes,
  });
  return JSON.stringify({ ...r, ...overrides });
}

const ok = (o: RegradeOutcome) => {
  assert.ok(o.ok, o.ok ? '' : o.error);
  return o;
};

describe('regradeResult', () => {
  test('an honest file: full marks, no warnings; the seed is the student\'s own', () => {
    const text = file('Ada Lovelace');
    const parsed = parseResultFile(text);
    assert.ok(parsed.ok);
    assert.equal(parsed.result.seed, `${assignmentId(assignment)}:ada lovelace`);
    const o = ok(regradeResult('ada.json', text, quizzes, VERSION));
    assert.equal(o.earned, o.possible);
    assert.deepEqual(o.warnings, []);
    assert.equal(o.tampered, undefined);
    assert.equal(o.student, 'Ada Lovelace');
  });

  test('a tampered score is flagged and the regraded score counts', () => {
    const honest = JSON.parse(file('Bob', {}, answersFor('Bob', (k) => k.endsWith('snat-capture'))));
    const o = ok(regradeResult('bob.json', JSON.stringify({ ...honest, score: { earned: 99, possible: 99 } }), quizzes, VERSION));
    assert.equal(o.earned, 3);
    assert.deepEqual(o.tampered, { claimedEarned: 99, claimedPossible: 99 });
  });

  test('seed and answers copied from another student: graded on the student\'s own variant, seed warned', () => {
    const copied = JSON.parse(file('Ada Lovelace'));
    const o = ok(regradeResult('eve.json', JSON.stringify({ ...copied, student: 'Eve', score: undefined }), quizzes, VERSION));
    assert.ok(o.earned < o.possible, `copied answers should not all fit Eve's variant (${o.earned}/${o.possible})`);
    assert.ok(o.warnings.some((w) => /seed in the file does not match/.test(w)));
  });

  test('an edited assignment: another id (warned), and its own limits apply', () => {
    const text = file('Ada', { assignment: { ...assignment, attempts: 5 } });
    const o = ok(regradeResult('ada.json', text, quizzes, VERSION));
    assert.ok(o.warnings.some((w) => /assignment id .* does not match/.test(w)));
    assert.equal(o.assignmentId, assignmentId({ ...assignment, attempts: 5 }));
  });

  test('late, over the time limit, too many attempts: warnings', () => {
    const text = file('Ada', { submittedAt: '2026-11-27T00:00:01.000Z', startedAt: '2026-11-26T23:00:00.000Z', attempt: 3 });
    const w = ok(regradeResult('ada.json', text, quizzes, VERSION)).warnings.join('\n');
    assert.match(w, /late: submitted 2026-11-27T00:00:01\.000Z after the due date 2026-11-26/);
    assert.match(w, /over the time limit: 61 minutes for a limit of 20/);
    assert.match(w, /attempt 3 of 2 allowed/);
    // Submitted on the due day itself is on time.
    assert.doesNotMatch(ok(regradeResult('a', file('Ada', { submittedAt: '2026-11-26T23:59:00.000Z', startedAt: '2026-11-26T23:50:00.000Z' }), quizzes, VERSION)).warnings.join(), /late/);
  });

  test('refused files say why', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /not a JSON file/],
      ['[]', /not a Packet Path result file/],
      [JSON.stringify({ format: 'packet-path-result', formatVersion: 2 }), /format version 2/],
      [file('Ada', { courseVersion: '0.0.9+deadbeef' }), /made with course version 0\.0\.9\+deadbeef, this gradebook grades/],
      [file('Ada', { assignment: { ...assignment, quizzes: ['part-99'] } }), /quiz\(zes\) this course does not have: part-99/],
      [file('Ada', { assignment: { ...assignment, mode: 'exam' } }), /invalid assignment: mode/],
      [file('Ada', { student: '\u0000\u0001 ' }), /student name is empty/],
      [file('Ada', { student: 5 }), /no student name/],
      [file('Ada', { attempt: 0 }), /attempt/],
      [file('Ada', { answers: [] }), /no answers/],
      [file('Ada', { score: 'full' }), /score/],
      [`{"format":"packet-path-result","formatVersion":1,"pad":"${'x'.repeat(1_100_000)}"}`, /larger than 1 MB/],
    ];
    for (const [text, message] of cases) {
      const o = regradeResult('f.json', text, quizzes, VERSION);
      assert.ok(!o.ok, text.slice(0, 80));
      assert.equal(o.file, 'f.json');
      assert.match(o.error, message);
    }
  });

  test('hostile student names are kept as data, cleaned for display', () => {
    const html = '<script>alert(1)</script>';
    assert.equal(ok(regradeResult('x', file(html), quizzes, VERSION)).student, html);
    assert.equal(displayStudent(`Ada\u0007\u202e Love\nlace ${'x'.repeat(500)}`).length, 200);
    assert.match(displayStudent('Ada\u0007\u202e Love\nlace'), /^Ada Love lace$/);
  });

  test('malformed answers are unanswered questions, not a refused file', () => {
    const text = file('Ada', {}, { [`${quiz.id}/snat-capture`]: { lines: 'nope' }, [`${quiz.id}/masq-idea`]: { choices: [0] }, 'other/x': { text: '' } } as never);
    const o = ok(regradeResult('ada.json', text, quizzes, VERSION));
    assert.equal(o.earned, 1);
    assert.ok(o.warnings.some((w) => /not in the assignment were ignored: other\/x/.test(w)));
  });
});

describe('CSV and the class report', () => {
  const outcomes = [
    regradeResult('a.json', file('=HYPERLINK("x")'), quizzes, VERSION),
    regradeResult('b.json', file('Bob, "the builder"', {}, answersFor('Bob, "the builder"', (k) => !k.endsWith('masq-idea'))), quizzes, VERSION),
    regradeResult('c.json', '{', quizzes, VERSION),
  ];

  test('header, one row per graded file, RFC 4180 quoting, CRLF, injection neutralized', () => {
    const csv = resultsToCsv(outcomes);
    const rows = csv.split('\r\n');
    assert.equal(rows.length, 4); // header, 2 rows, final empty
    assert.equal(rows[3], '');
    const keys = quiz.questions.map((q) => `${quiz.id}/${q.id}`);
    assert.equal(rows[0], ['student', 'assignment', 'attempt', ...keys, 'total', 'possible', 'percent', 'flags'].join(','));
    assert.ok(rows[1]!.startsWith(`"'=HYPERLINK(""x"")",${assignmentId(assignment)},1,3,`));
    assert.ok(rows[2]!.startsWith('"Bob, ""the builder""",'));
    // 12 of 13 is 92.31 %: the CSV's percent is the whole one the result screen shows.
    assert.match(rows[2]!, /,0,1,2,12,13,92,$/);
  });

  test('percent: as the result screen and an LMS show it, never rounded across the pass mark', () => {
    const graded = outcomes[1]!;
    assert.ok(graded.ok);
    assert.equal(graded.passMark, quiz.passScore);
    assert.equal(graded.passed, true);
    // 69.6 % against a 70 % mark fails: 69, as percentOf reports it to an LMS, not Math.round's 70.
    const near = { ...graded, student: 'Near', earned: 6.96, possible: 10, passMark: 0.7, passed: false };
    const row = resultsToCsv([near]).split('\r\n')[1]!;
    assert.match(row, /,6\.96,10,69,/);
    assert.match(resultsToCsv([{ ...near, earned: 7, passed: true }]).split('\r\n')[1]!, /,7,10,70,/);
  });

  test('csvCell', () => {
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('a\nb'), '"a\nb"');
    assert.equal(csvCell(2 / 3), '0.67');
    assert.equal(csvCell(-1), '-1');
  });

  test('classReport: average per question, misconceptions counted and sorted', () => {
    const extra = regradeResult('d.json', file('Dan', {}, { [`${quiz.id}/masq-idea`]: { choices: [1] } }), quizzes, VERSION);
    const extra2 = regradeResult('e.json', file('Eve', {}, { [`${quiz.id}/masq-idea`]: { choices: [2] } }), quizzes, VERSION);
    const extra3 = regradeResult('f.json', file('Fay', {}, { [`${quiz.id}/masq-idea`]: { choices: [2] } }), quizzes, VERSION);
    const report = classReport([...outcomes, extra, extra2, extra3]);
    assert.equal(report.files, 6);
    assert.equal(report.refused, 1);
    const idea = report.questions.find((q) => q.key.endsWith('masq-idea'))!;
    assert.equal(idea.students, 5);
    assert.equal(idea.answered, 4);
    assert.equal(idea.averageScore, 0.2);
    assert.deepEqual(idea.misconceptions, [
      { label: 'choice: picked "For every packet"', count: 2 },
      { label: 'choice: picked "Once, when the rule is added"', count: 1 },
    ]);
  });
});
