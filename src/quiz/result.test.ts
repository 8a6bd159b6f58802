import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { assignmentId } from './assignment.ts';
import { revealAnswer } from './expected.ts';
import { buildGradebook, classReport, csvCell, displayStudent, GRACE_MS, makeResultFile, parseIsoTime, parseResultFile, regradeResult, resultsToCsv, roundToTotal } from './result.ts';
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
    // The score removed (and right answers pasted in): regraded, and flagged as edited.
    const removed = ok(regradeResult('bob.json', JSON.stringify({ ...JSON.parse(file('Bob')), score: undefined }), quizzes, VERSION));
    assert.equal(removed.earned, removed.possible);
    assert.match(removed.warnings.join(), /no score in the file/);
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
    assert.match(w, /over the time limit: 60 min 1 s for a limit of 20 min/);
    assert.match(w, /attempt 3 of 2 allowed/);
    // Submitted on the due day itself is on time.
    assert.doesNotMatch(ok(regradeResult('a', file('Ada', { submittedAt: '2026-11-26T23:59:00.000Z', startedAt: '2026-11-26T23:50:00.000Z' }), quizzes, VERSION)).warnings.join(), /late/);
  });

  test('times: an auto-submit at the limit is on time (grace), past it is over; impossible and unreadable times are flagged', () => {
    const at = (startedAt: string, submittedAt: string, now?: number): readonly string[] =>
      ok(regradeResult('t.json', file('Ada', { startedAt, submittedAt }), quizzes, VERSION, now === undefined ? {} : { now })).warnings;
    // The 20-minute limit, auto-submitted a second after it: on time (the old "21 minutes for a limit of 20").
    assert.deepEqual(at('2026-11-26T10:00:00.000Z', '2026-11-26T10:20:01.200Z'), []);
    assert.deepEqual(at('2026-11-26T10:00:00.000Z', new Date(Date.parse('2026-11-26T10:20:00.000Z') + GRACE_MS).toISOString()), []);
    assert.match(at('2026-11-26T10:00:00.000Z', '2026-11-26T10:20:31.000Z').join(), /over the time limit: 20 min 31 s for a limit of 20 min/);
    assert.match(at('2026-11-26T10:00:00.000Z', '2026-11-26T09:59:00.000Z').join(), /submitted before it was started/);
    const now = Date.parse('2026-11-26T12:00:00.000Z');
    assert.deepEqual(at('2026-11-26T10:00:00.000Z', '2026-11-26T10:05:00.000Z', now), []);
    assert.match(at('2026-11-26T10:00:00.000Z', '2027-01-01T10:05:00.000Z', now).join(), /submittedAt 2027-01-01T10:05:00\.000Z is in the future/);
    // Unreadable: said, with what could not be checked, never a silent pass.
    assert.match(at('2026-11-26T10:00:00.000Z', 'yesterday').join(), /submittedAt "yesterday" is not an ISO date-time \(file edited\?\): the due date and the time limit could not be checked/);
    assert.match(at('5', '2026-11-26T10:05:00.000Z').join(), /startedAt "5" is not an ISO date-time/);
    assert.match(at('2026-11-26T10:00:00.000Z', '2026-02-31T10:05:00.000Z').join(), /not an ISO date-time/);
    // Started before the day the assignment link was made.
    const made = { ...assignment, created: '2026-11-26' };
    assert.deepEqual(ok(regradeResult('m.json', file('Ada', { assignment: made, assignmentId: assignmentId(made) }), quizzes, VERSION)).warnings.filter((w) => !/seed/.test(w)), []);
    const early = ok(regradeResult('m.json', file('Ada', { assignment: made, startedAt: '2026-11-25T10:00:00.000Z', submittedAt: '2026-11-25T10:05:00.000Z' }), quizzes, VERSION));
    assert.match(early.warnings.join(), /started 2026-11-25T10:00:00\.000Z before the assignment was made \(2026-11-26\)/);
    assert.equal(parseIsoTime('2026-11-26T10:00:00+01:00'), Date.parse('2026-11-26T09:00:00Z'));
    assert.equal(parseIsoTime('2026-11-26'), undefined);
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

  test('names: NFKC, invisible characters removed, whitespace collapsed: the same student, the same variant', () => {
    const plain = ok(regradeResult('a.json', file('Bob Smith'), quizzes, VERSION));
    assert.equal(plain.earned, plain.possible);
    for (const name of ['Bob\u200b Smith', 'Bob Smith\u200b', '\u202eBob  Smith\u202c', 'Bob\u00a0Smi\u00adth', 'Ｂｏｂ Smith', ' bob smith\ufeff']) {
      assert.equal(studentSeed(assignmentId(assignment), name), studentSeed(assignmentId(assignment), 'Bob Smith'), JSON.stringify(name));
      // Answers made for "Bob Smith" fit the variant of every spelling of it.
      const o = ok(regradeResult('b.json', file(name, {}, answersFor('Bob Smith')), quizzes, VERSION));
      assert.equal(o.earned, o.possible, JSON.stringify(name));
      assert.equal(o.studentKey, 'bob smith');
    }
    assert.equal(displayStudent('Bob\u200b Smith\u00ad'), 'Bob Smith');
    assert.equal(displayStudent('Ｂｏｂ'), 'Bob');
    assert.equal(displayStudent('Jose\u0301'), 'José');
    assert.notEqual(studentSeed('x', 'Bob Smith'), studentSeed('x', 'Rob Smith'));
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

  test('BOM, header, one row per graded file, RFC 4180 quoting, CRLF, injection neutralized', () => {
    const csv = resultsToCsv(outcomes);
    assert.ok(csv.startsWith('\uFEFFstudent,title,'), 'a UTF-8 byte order mark, then the header');
    const rows = csv.slice(1).split('\r\n');
    assert.equal(rows.length, 4); // header, 2 rows, final empty
    assert.equal(rows[3], '');
    const keys = quiz.questions.map((q) => `${quiz.id}/${q.id}`);
    assert.equal(rows[0], ['student', 'title', 'assignment', 'attempt', 'submitted', 'file', 'best', 'last', ...keys, 'total', 'possible', 'percent', 'flags'].join(','));
    assert.ok(rows[1]!.startsWith(`"'=HYPERLINK(""x"")",Week 5,${assignmentId(assignment)},1,2026-11-26T10:14:12.000Z,a.json,yes,yes,3,`), rows[1]);
    assert.ok(rows[2]!.startsWith('"Bob, ""the builder""",'));
    // 12 of 13 is 92.31 %: the CSV's percent is the whole one the result screen shows.
    assert.match(rows[2]!, /,0,1,2,12,13,92,$/);
  });

  test('per-question cells add up to the total (largest remainder)', () => {
    assert.deepEqual(roundToTotal([1 / 3, 1 / 3, 1 / 3], 1), [0.34, 0.33, 0.33]);
    assert.deepEqual(roundToTotal([0.005, 0.005, 0.99], 1), [0.01, 0, 0.99]);
    assert.deepEqual(roundToTotal([1.5, 2, 0], 3.5), [1.5, 2, 0]);
    const graded = outcomes[0]!;
    assert.ok(graded.ok);
    const thirds = { ...graded, grades: graded.grades.slice(0, 3).map((g) => ({ ...g, earned: 1 / 3 })), earned: 1, possible: 3 };
    const csv = resultsToCsv([thirds]);
    const [head, row] = csv.slice(1).split('\r\n').map((l) => l.split(','));
    const cells = graded.grades.slice(0, 3).map((g) => Number(row![head!.indexOf(g.key)]));
    assert.deepEqual(cells, [0.34, 0.33, 0.33]);
    assert.equal(Math.round(cells.reduce((a, b) => a + b, 0) * 100) / 100, Number(row![head!.indexOf('total')]));
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

  test('the gradebook: the same file twice graded once, attempt reuse and too many files flagged, best and last marked', () => {
    const ada1 = file('Ada', { attempt: 1 }, answersFor('Ada', (k) => k.endsWith('snat-capture')));
    const ada2 = file('Ada', { attempt: 2, submittedAt: '2026-11-26T11:00:00.000Z' }, answersFor('Ada', (k) => !k.endsWith('masq-idea')));
    // The same content, pretty-printed, under another name: one file.
    const again = JSON.stringify(JSON.parse(ada1), null, 2);
    const bobs = Array.from({ length: 13 }, (_, i) => regradeResult(`bob-${i}.json`, file('Bob Smith', { startedAt: `2026-11-26T10:${String(i).padStart(2, '0')}:00.000Z` }), quizzes, VERSION));
    const book = buildGradebook([
      regradeResult('ada-1.json', ada1, quizzes, VERSION),
      regradeResult('ada-2.json', ada2, quizzes, VERSION),
      regradeResult('copy.json', again, quizzes, VERSION),
      ...bobs,
    ]);
    assert.deepEqual(book.duplicates, [{ file: 'copy.json', sameAs: 'ada-1.json' }]);
    assert.equal(book.rows.length, 15);
    const row = (f: string) => book.rows.find((r) => r.outcome.file === f)!;
    assert.match(row('ada-1.json').flags.join(), /same file as copy\.json \(graded once\)/);
    assert.deepEqual(row('ada-2.json').flags, []);
    assert.equal(row('ada-2.json').best, true);
    assert.equal(row('ada-2.json').last, true);
    assert.equal(row('ada-1.json').best, false);
    const bobFlags = row('bob-0.json').flags.join('\n');
    assert.match(bobFlags, /attempt 1 reused: 13 different files claim attempt 1 of this student \(also bob-1\.json, bob-2\.json, bob-3\.json and 9 more\)/);
    assert.match(bobFlags, /13 different files from this student, 2 attempts allowed/);
    assert.equal(book.students.length, 2);
    // The CSV: one row per file content, the duplicate's name in the original's flags.
    const csv = resultsToCsv([regradeResult('ada-1.json', ada1, quizzes, VERSION), regradeResult('copy.json', again, quizzes, VERSION)]);
    assert.equal(csv.split('\r\n').length, 3);
    assert.match(csv, /same file as copy\.json/);
    // The class view counts one file per student: the best by default, or the last.
    const three = [regradeResult('ada-1.json', ada1, quizzes, VERSION), regradeResult('ada-2.json', ada2, quizzes, VERSION)];
    const snat = (r: ReturnType<typeof classReport>) => r.questions.find((q) => q.key.endsWith('masq-idea'))!;
    assert.equal(snat(classReport(three)).students, 2);
    assert.equal(snat(classReport(three, 'best')).students, 1);
    assert.equal(classReport(three, 'best').files, 1);
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

describe('reviewResult: the answer view', () => {
  test('each question: its text, the student\'s answer beside the right one, feedback', async () => {
    const { reviewResult } = await import('./review.ts');
    const answers = answersFor('Ada', (k) => k.endsWith('snat-capture'));
    answers[`${quiz.id}/masq-idea`] = { choices: [2] };
    answers[`${quiz.id}/write-snat`] = { text: '<b>hi</b>' };
    const parsed = parseResultFile(file('Ada', {}, answers));
    assert.ok(parsed.ok);
    const review = reviewResult(parsed.result, quizzes);
    assert.equal(review.length, quiz.questions.length);
    const capture = review.find((r) => r.key.endsWith('snat-capture'))!;
    assert.equal(capture.number, 1);
    assert.equal(capture.studentAnswer, capture.rightAnswer);
    assert.equal(capture.earned, capture.points);
    assert.match(capture.rightAnswer, /^# tcpdump -n -i /);
    const idea = review.find((r) => r.key.endsWith('masq-idea'))!;
    assert.equal(idea.studentAnswer, '[x] For every packet');
    assert.notEqual(idea.rightAnswer, idea.studentAnswer);
    assert.equal(idea.earned, 0);
    assert.ok(idea.prompt.length > 10 && !idea.prompt.includes('{{'));
    assert.equal(review.find((r) => r.key.endsWith('write-snat'))!.studentAnswer, '<b>hi</b>');
    const blank = review.find((r) => r.key.endsWith('forward-hooks'))!;
    assert.equal(blank.studentAnswer, '(no answer)');
    assert.equal(blank.answered, false);
  });
});
