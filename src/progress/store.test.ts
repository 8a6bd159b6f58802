import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  describeLesson,
  emptyProgress,
  exerciseState,
  getExercise,
  getReviewItem,
  impliedReview,
  applyReviewOutbox,
  recordReviewOutcome,
  lessonOf,
  parseProgress,
  recordCheck,
  recordReveal,
  serializeProgress,
  summarizeLesson,
  UNKNOWN_TIME,
  type ExerciseProgress,
  type Progress,
} from './store.ts';
import { exportProgress, importProgress, preferEntry } from './transfer.ts';

const T1 = '2025-01-01T10:00:00.000Z';
const T2 = '2025-01-02T10:00:00.000Z';
const T3 = '2025-01-03T10:00:00.000Z';
const A = '02-netfilter/01-veth#capture-br1';
const B = '02-netfilter/01-veth#capture-veth2';
const C = '03-nat/01-snat#conntrack';

function sample(): Progress {
  let p = emptyProgress();
  p = recordCheck(p, A, true, T1);
  p = recordCheck(p, B, false, T1);
  p = recordCheck(p, B, true, T2);
  p = recordReveal(p, C, T2);
  return p;
}

describe('recording', () => {
  test('emptyProgress', () => assert.deepEqual(emptyProgress(), { version: 2, exercises: {}, review: {} }));

  test('recordCheck: first check right', () => {
    const p = recordCheck(emptyProgress(), A, true, T1);
    assert.deepEqual(getExercise(p, A), { attempts: 1, firstTryCorrect: true, correct: true, revealed: false, updatedAt: T1 });
  });

  test('recordCheck: wrong then right; firstTryCorrect stays false, correct becomes true and stays', () => {
    let p = recordCheck(emptyProgress(), A, false, T1);
    assert.deepEqual(getExercise(p, A), { attempts: 1, firstTryCorrect: false, correct: false, revealed: false, updatedAt: T1 });
    p = recordCheck(p, A, true, T2);
    assert.deepEqual(getExercise(p, A), { attempts: 2, firstTryCorrect: false, correct: true, revealed: false, updatedAt: T2 });
    p = recordCheck(p, A, false, T3);
    assert.equal(getExercise(p, A)!.correct, true);
  });

  test('recordReveal keeps the counts; a check after a reveal counts but neither solves nor is a right first try', () => {
    let p = recordReveal(emptyProgress(), A, T1);
    assert.deepEqual(getExercise(p, A), { attempts: 0, correct: false, revealed: true, updatedAt: T1 });
    p = recordCheck(p, A, true, T2);
    assert.deepEqual(getExercise(p, A), { attempts: 1, firstTryCorrect: false, correct: false, revealed: true, updatedAt: T2 });
    p = recordCheck(p, A, false, T3);
    assert.equal(getExercise(p, A)!.attempts, 2, 'checks keep counting after a reveal');
    assert.equal(exerciseState(getExercise(p, A)), 'revealed');
    const q = recordReveal(recordCheck(emptyProgress(), B, true, T1), B, T2);
    assert.deepEqual(getExercise(q, B), { attempts: 1, firstTryCorrect: true, correct: true, revealed: true, updatedAt: T2 });
  });

  test('pure: the input progress is not changed', () => {
    const p = sample();
    const before = JSON.stringify(p);
    recordCheck(p, A, false, T3);
    recordReveal(p, A, T3);
    assert.equal(JSON.stringify(p), before);
  });

  test('a time that is not a time is stored as UNKNOWN_TIME (so the entry stays readable)', () => {
    const p = recordCheck(emptyProgress(), A, true, 'yesterday');
    assert.equal(getExercise(p, A)!.updatedAt, UNKNOWN_TIME);
    assert.deepEqual(parseProgress(serializeProgress(p)).progress, p);
  });

  test('ids like __proto__ are just ids', () => {
    const p = recordCheck(recordCheck(emptyProgress(), '__proto__', true, T1), 'constructor', false, T1);
    assert.equal(Object.getPrototypeOf(p.exercises), Object.prototype);
    assert.deepEqual(Object.keys(p.exercises), ['__proto__', 'constructor']);
    assert.equal(getExercise(p, '__proto__')!.attempts, 1);
    assert.equal(getExercise(emptyProgress(), 'constructor'), undefined);
    assert.equal(getExercise(emptyProgress(), 'toString'), undefined);
    const back = parseProgress(serializeProgress(p));
    assert.deepEqual(back.problems, []);
    assert.deepEqual(Object.keys(back.progress.exercises), ['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(back.progress.exercises), Object.prototype);
  });

  test('summarizeLesson', () => {
    const p = sample();
    assert.equal(lessonOf(A), '02-netfilter/01-veth');
    assert.deepEqual(summarizeLesson(p, '02-netfilter/01-veth', ['capture-br1', 'capture-veth2', B, 'walk-1']), {
      lessonId: '02-netfilter/01-veth',
      total: 3,
      solved: 2,
      revealed: 0,
      tried: 0,
      notStarted: 1,
      firstTry: 1,
      state: 'in-progress',
    });
    assert.deepEqual(summarizeLesson(p, '03-nat/01-snat', ['conntrack']), {
      lessonId: '03-nat/01-snat',
      total: 1,
      solved: 0,
      revealed: 1,
      tried: 0,
      notStarted: 0,
      firstTry: 0,
      state: 'in-progress',
    });
    assert.deepEqual(summarizeLesson(emptyProgress(), 'x', []), { lessonId: 'x', total: 0, solved: 0, revealed: 0, tried: 0, notStarted: 0, firstTry: 0, state: 'not-started' });
  });
});

describe('exercise and lesson states', () => {
  const L = 'bridges/two-bridges';
  const ids = ['br1', 'veth2', 'veth3'];
  const full = (id: string): string => `${L}#${id}`;

  test('the four exercise states', () => {
    assert.equal(exerciseState(undefined), 'not-started');
    assert.equal(exerciseState(getExercise(recordCheck(emptyProgress(), A, true, T1), A)), 'solved');
    assert.equal(exerciseState(getExercise(recordCheck(emptyProgress(), A, false, T1), A)), 'tried');
    assert.equal(exerciseState(getExercise(recordReveal(emptyProgress(), A, T1), A)), 'revealed');
    assert.equal(exerciseState(getExercise(recordReveal(recordCheck(emptyProgress(), A, false, T1), A, T2), A)), 'revealed');
    // Solved, then revealed to compare: still solved.
    assert.equal(exerciseState(getExercise(recordReveal(recordCheck(emptyProgress(), A, true, T1), A, T2), A)), 'solved');
    // A record with nothing in it (an import can carry one) is not started.
    assert.equal(exerciseState({ attempts: 0, correct: false, revealed: false, updatedAt: T1 }), 'not-started');
  });

  test('revealing everything is not "done": the lesson is in progress with 0 solved', () => {
    let p = emptyProgress();
    for (const id of ids) p = recordReveal(p, full(id), T1);
    const s = summarizeLesson(p, L, ids);
    assert.equal(s.state, 'in-progress');
    assert.equal(s.solved, 0);
    assert.equal(describeLesson(s), 'in progress: 0 of 3 solved, 3 revealed');
  });

  test('one failed check makes the lesson in progress, not "not started"', () => {
    const s = summarizeLesson(recordCheck(emptyProgress(), full('br1'), false, T1), L, ids);
    assert.equal(s.state, 'in-progress');
    assert.deepEqual([s.solved, s.revealed, s.tried, s.notStarted], [0, 0, 1, 2]);
    assert.equal(describeLesson(s), 'in progress: 0 of 3 solved, 1 tried');
  });

  test('done only when every exercise is solved; all four states counted', () => {
    let p = emptyProgress();
    p = recordCheck(p, full('br1'), true, T1);
    p = recordReveal(p, full('veth2'), T1);
    p = recordCheck(p, full('veth3'), false, T1);
    const mixed = summarizeLesson(p, L, [...ids, 'walk']);
    assert.deepEqual([mixed.solved, mixed.revealed, mixed.tried, mixed.notStarted, mixed.state], [1, 1, 1, 1, 'in-progress']);
    assert.equal(describeLesson(mixed), 'in progress: 1 of 4 solved, 1 revealed, 1 tried');
    p = recordCheck(p, full('veth2'), true, T2); // right after the reveal: still revealed
    p = recordCheck(p, full('veth3'), true, T2);
    assert.equal(summarizeLesson(p, L, ids).state, 'in-progress');
    let q = emptyProgress();
    for (const id of ids) q = recordCheck(q, full(id), true, T1);
    q = recordCheck(recordCheck(q, full('veth3'), false, T1), full('veth3'), true, T2);
    const done = summarizeLesson(q, L, ids);
    assert.equal(done.state, 'done');
    assert.equal(describeLesson(done), 'done: 3 of 3 solved, 3 on the first try');
    assert.equal(describeLesson(summarizeLesson(emptyProgress(), L, ids)), 'not started');
  });

  test('property: the four counts add up to the total; done iff all solved; not started iff nothing touched', () => {
    const event = fc.record({ id: fc.constantFrom(...ids), kind: fc.constantFrom('right', 'wrong', 'reveal') });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        let p = emptyProgress();
        for (const e of events) p = e.kind === 'reveal' ? recordReveal(p, full(e.id), T1) : recordCheck(p, full(e.id), e.kind === 'right', T1);
        const s = summarizeLesson(p, L, ids);
        assert.equal(s.solved + s.revealed + s.tried + s.notStarted, s.total);
        assert.equal(s.state === 'done', s.solved === s.total);
        assert.equal(s.state === 'not-started', events.length === 0);
        for (const id of ids) {
          const mine = events.filter((e) => e.id === id);
          const firstReveal = mine.findIndex((e) => e.kind === 'reveal');
          const before = firstReveal < 0 ? mine : mine.slice(0, firstReveal);
          const expected = before.some((e) => e.kind === 'right') ? 'solved' : firstReveal >= 0 ? 'revealed' : mine.length ? 'tried' : 'not-started';
          assert.equal(exerciseState(getExercise(p, full(id))), expected);
          assert.equal(getExercise(p, full(id))?.attempts ?? 0, mine.filter((e) => e.kind !== 'reveal').length);
        }
      }),
    );
  });

  test('states survive serialize/parse and an export/import into an empty browser', () => {
    let p = emptyProgress();
    p = recordCheck(p, full('br1'), true, T1);
    p = recordReveal(p, full('veth2'), T1);
    p = recordCheck(p, full('veth3'), false, T1);
    const reloaded = parseProgress(serializeProgress(p)).progress;
    const imported = importProgress(emptyProgress(), exportProgress(p)).progress;
    for (const q of [reloaded, imported]) {
      assert.deepEqual(ids.map((id) => exerciseState(getExercise(q, full(id)))), ['solved', 'revealed', 'tried']);
    }
  });

  test('an old (version 0) exported file still imports with the same states', () => {
    const old = JSON.stringify({
      course: 'packet-path',
      [full('br1')]: { tries: 1, ok: true, shown: false },
      [full('veth2')]: { tries: 2, ok: false, shown: true },
      [full('veth3')]: { tries: 3, ok: false, shown: false },
    });
    const r = importProgress(emptyProgress(), old);
    assert.equal(r.rejected, false);
    assert.equal(r.added, 3);
    assert.deepEqual(ids.map((id) => exerciseState(getExercise(r.progress, full(id)))), ['solved', 'revealed', 'tried']);
  });
});

describe('parseProgress recovery', () => {
  test('nothing stored: empty, no problems', () => {
    assert.deepEqual(parseProgress(null), { progress: emptyProgress(), problems: [] });
    assert.deepEqual(parseProgress('  '), { progress: emptyProgress(), problems: [] });
  });

  test('round trip through serializeProgress and exportProgress', () => {
    const p = sample();
    assert.deepEqual(parseProgress(serializeProgress(p)), { progress: p, problems: [] });
    assert.deepEqual(parseProgress(exportProgress(p)), { progress: p, problems: [] });
    assert.deepEqual(parseProgress(JSON.stringify(p)), { progress: p, problems: [] });
  });

  test('bad JSON: empty progress and a problem', () => {
    const r = parseProgress('{"version":1,"exercises":{');
    assert.deepEqual(r.progress, emptyProgress());
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!, /not readable/);
  });

  test('not an object, or someone else\'s data', () => {
    for (const text of ['[]', '42', '"hello"', 'null', 'true']) {
      const r = parseProgress(text);
      assert.deepEqual(r.progress, emptyProgress(), text);
      assert.match(r.problems[0]!, /not progress data/, text);
    }
    const other = parseProgress('{"course":"another-course","version":1,"exercises":{}}');
    assert.match(other.problems[0]!, /not to Packet Path/);
    const unknown = parseProgress('{"theme":"dark"}');
    assert.match(unknown.problems[0]!, /neither a version nor exercises/);
    assert.deepEqual(parseProgress('{}'), { progress: emptyProgress(), problems: [] });
  });

  test('a bad entry is skipped and named; the others are kept; unknown fields dropped', () => {
    const text = JSON.stringify({
      version: 1,
      exercises: {
        [A]: { attempts: 2, firstTryCorrect: false, correct: true, revealed: false, updatedAt: T1, colour: 'green' },
        [B]: { attempts: -1, correct: true, revealed: false, updatedAt: T1 },
        [C]: 'done',
        'x#y': { attempts: 1, correct: 'yes', revealed: false, updatedAt: T1 },
        'x#z': { attempts: 1, correct: true, revealed: false, updatedAt: 'soon' },
        'x#w': { attempts: 1, correct: true, revealed: false, updatedAt: T1, firstTryCorrect: 'maybe' },
        '': { attempts: 1, correct: true, revealed: false, updatedAt: T1 },
      },
      extra: 'dropped',
    });
    const r = parseProgress(text);
    assert.deepEqual(r.progress.exercises, { [A]: { attempts: 2, firstTryCorrect: false, correct: true, revealed: false, updatedAt: T1 } });
    assert.equal(r.problems.length, 6);
    assert.ok(r.problems.some((m) => m.includes(JSON.stringify(B)) && /attempts is number -1/.test(m)));
    assert.ok(r.problems.some((m) => m.includes(JSON.stringify(C)) && /the text "done", not an object/.test(m)));
    assert.ok(r.problems.some((m) => m.includes('"x#y"') && /correct/.test(m)));
    assert.ok(r.problems.some((m) => m.includes('"x#z"') && /updatedAt/.test(m)));
    assert.ok(r.problems.some((m) => m.includes('"x#w"') && /firstTryCorrect/.test(m)));
    assert.ok(r.problems.some((m) => /unusable exercise id/.test(m)));
  });

  test('firstTryCorrect without a check is dropped; times are normalized', () => {
    const r = parseProgress(JSON.stringify({ version: 1, exercises: { [A]: { attempts: 0, firstTryCorrect: true, correct: false, revealed: true, updatedAt: '2025-01-01T11:00:00+01:00' } } }));
    assert.deepEqual(r.progress.exercises[A], { attempts: 0, correct: false, revealed: true, updatedAt: T1 });
  });

  test('exercises that are not a map: empty progress and a problem', () => {
    const r = parseProgress('{"version":1,"exercises":[1,2]}');
    assert.deepEqual(r.progress, emptyProgress());
    assert.match(r.problems[0]!, /a list, not a map/);
  });

  test('a newer version is read as far as it goes, with a problem', () => {
    const r = parseProgress(JSON.stringify({ version: 3, exercises: { [A]: { attempts: 1, correct: true, revealed: false, updatedAt: T1, streak: 3 } }, review: { [B]: { step: 1, due: T2, updatedAt: T1, ease: 2 } } }));
    assert.deepEqual(r.progress.exercises[A], { attempts: 1, correct: true, revealed: false, updatedAt: T1 });
    assert.deepEqual(r.progress.review[B], { step: 1, due: T2, updatedAt: T1 });
    assert.match(r.problems[0]!, /version 3, newer/);
    const odd = parseProgress(JSON.stringify({ version: 'one', exercises: {} }));
    assert.match(odd.problems[0]!, /version the text "one"/);
  });

  test('version 0 (a flat map of { tries, ok, shown }) is migrated', () => {
    const v0 = {
      [A]: { tries: 1, ok: true, shown: false, at: T1 },
      [B]: { tries: 3, ok: true, shown: false },
      [C]: { tries: 0, ok: false, shown: true },
      'x#never': { tries: 2, ok: false },
      'x#shown-then-ok': { tries: 1, ok: true, shown: true },
      'x#bad': { tries: 'many', ok: true, shown: false },
    };
    const r = parseProgress(JSON.stringify(v0));
    assert.deepEqual(r.progress.exercises, {
      [A]: { attempts: 1, firstTryCorrect: true, correct: true, revealed: false, updatedAt: T1 },
      [B]: { attempts: 3, firstTryCorrect: false, correct: true, revealed: false, updatedAt: UNKNOWN_TIME },
      [C]: { attempts: 0, correct: false, revealed: true, updatedAt: UNKNOWN_TIME },
      'x#never': { attempts: 2, firstTryCorrect: false, correct: false, revealed: false, updatedAt: UNKNOWN_TIME },
      'x#shown-then-ok': { attempts: 1, correct: true, revealed: true, updatedAt: UNKNOWN_TIME },
    });
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!, /"x#bad": tries is the text "many"/);
    // The same, wrapped with version: 0.
    const wrapped = parseProgress(JSON.stringify({ version: 0, exercises: v0 }));
    assert.deepEqual(wrapped.progress, r.progress);
  });
});

describe('export and import', () => {
  test('exportProgress: pretty JSON with the course marker and version, ids sorted', () => {
    const text = exportProgress(sample());
    const data = JSON.parse(text) as { course: string; version: number; exercises: Record<string, ExerciseProgress> };
    assert.equal(data.course, 'packet-path');
    assert.equal(data.version, 2);
    assert.deepEqual(Object.keys(data.exercises), [A, B, C].sort());
    assert.match(text, /\n {2}"version": 2,\n/);
  });

  test('import into empty progress gives the exported progress', () => {
    const p = sample();
    const r = importProgress(emptyProgress(), exportProgress(p));
    assert.deepEqual(r.progress, p);
    assert.deepEqual(r.problems, []);
    assert.equal(r.rejected, false);
    assert.equal(r.added, 3);
    assert.equal(r.updated, 0);
  });

  test('import merges: other exercises are never erased; same exercise: more attempts, then later time', () => {
    let current = emptyProgress();
    current = recordCheck(current, 'only#current', true, T1);
    current = recordCheck(current, A, false, T1); // 1 attempt
    current = recordCheck(current, B, false, T3); // 1 attempt, later
    current = recordCheck(current, C, false, T1);
    current = recordCheck(current, C, false, T1); // 2 attempts
    let other = emptyProgress();
    other = recordCheck(other, 'only#imported', true, T2);
    other = recordCheck(other, A, false, T2);
    other = recordCheck(other, A, true, T2); // 2 attempts: wins
    other = recordCheck(other, B, true, T2); // 1 attempt, earlier: loses
    other = recordCheck(other, C, true, T3); // 1 attempt: loses to 2 although later
    const r = importProgress(current, exportProgress(other));
    assert.equal(r.rejected, false);
    assert.deepEqual(Object.keys(r.progress.exercises).sort(), ['only#current', 'only#imported', A, B, C].sort());
    assert.deepEqual(r.progress.exercises[A], other.exercises[A]);
    assert.deepEqual(r.progress.exercises[B], current.exercises[B]);
    assert.deepEqual(r.progress.exercises[C], current.exercises[C]);
    assert.equal(r.added, 1);
    assert.equal(r.updated, 1);
    // Equal attempts and times: the current record stays.
    const same: ExerciseProgress = { attempts: 1, correct: false, revealed: false, updatedAt: T1 };
    const theirs: ExerciseProgress = { attempts: 1, correct: true, revealed: false, updatedAt: T1 };
    assert.equal(preferEntry(same, theirs), same);
  });

  test('files that are not Packet Path progress are rejected with a clear message, nothing changes', () => {
    const current = sample();
    const cases: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[1,2,3]', /it is a list/],
      [JSON.stringify({ version: 1, exercises: {} }), /no "course": "packet-path" marker/],
      [JSON.stringify({ course: 'other-course', version: 1, exercises: {} }), /marked as the text "other-course"/],
      [JSON.stringify({ a: { tries: 1, ok: true } }), /no "course"/],
    ];
    for (const [text, message] of cases) {
      const r = importProgress(current, text);
      assert.equal(r.rejected, true, text);
      assert.equal(r.progress, current, text);
      assert.equal(r.problems.length, 1, text);
      assert.match(r.problems[0]!, /^This file is not Packet Path progress: /, text);
      assert.match(r.problems[0]!, message, text);
      assert.match(r.problems[0]!, /Nothing was imported\.$/, text);
    }
  });

  test('a Packet Path file with some bad entries imports the good ones and names the bad', () => {
    const text = JSON.stringify({
      course: 'packet-path',
      version: 1,
      exercises: { [A]: { attempts: 1, correct: true, revealed: false, updatedAt: T1 }, [B]: { attempts: 'x' } },
    });
    const r = importProgress(emptyProgress(), text);
    assert.equal(r.rejected, false);
    assert.deepEqual(Object.keys(r.progress.exercises), [A]);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!, new RegExp(B));
  });
});

// --- Properties ---------------------------------------------------------------------------

const arbTime = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) }).map((t) => new Date(t).toISOString());
const arbId = fc.oneof(
  fc.constantFrom(A, B, C, '__proto__', 'constructor', 'toString', 'x#y'),
  fc.tuple(fc.stringMatching(/^[a-z0-9-]{1,8}\/[a-z0-9-]{1,8}$/), fc.stringMatching(/^[a-z0-9-]{1,8}$/)).map(([l, e]) => `${l}#${e}`),
);
const arbAction = fc.record({ id: arbId, kind: fc.constantFrom('right', 'wrong', 'reveal'), at: arbTime });
const arbProgress = fc.array(arbAction, { maxLength: 25 }).map((actions) =>
  actions.reduce<Progress>(
    (p, a) => (a.kind === 'reveal' ? recordReveal(p, a.id, a.at) : recordCheck(p, a.id, a.kind === 'right', a.at)),
    emptyProgress(),
  ),
);

/** A random change to a JSON value: replace, delete or add somewhere inside it. */
function mutate(value: unknown, path: readonly number[], replacement: unknown, op: number): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return op === 0 ? replacement : value;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    if (value.length === 0) return op === 2 ? [replacement] : value;
    const i = head! % value.length;
    const copy = [...value];
    if (rest.length === 0 && op === 1) copy.splice(i, 1);
    else copy[i] = mutate(copy[i], rest, replacement, op);
    return copy;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return op === 2 ? { k: replacement } : value;
  const i = head! % entries.length;
  if (rest.length === 0 && op === 1) return Object.fromEntries(entries.filter((_, j) => j !== i));
  if (rest.length === 0 && op === 2) return Object.fromEntries([...entries, [`k${i}`, replacement]]);
  return Object.fromEntries(entries.map(([k, v], j) => [k, j === i ? mutate(v, rest, replacement, op) : v]));
}

function keepsCurrent(current: Progress, result: Progress): void {
  for (const id of Object.keys(current.exercises)) {
    assert.ok(Object.hasOwn(result.exercises, id), `lost ${id}`);
    const before = current.exercises[id]!;
    const after = result.exercises[id]!;
    // The kept record has at least the attempts of the current one.
    assert.ok(after.attempts >= before.attempts, id);
  }
}

describe('properties (fast-check)', () => {
  test('random JSON never makes parseProgress or importProgress throw, and import never loses current entries', () => {
    fc.assert(
      fc.property(fc.jsonValue(), arbProgress, (json, current) => {
        const text = JSON.stringify(json) ?? 'null';
        const parsed = parseProgress(text);
        assert.equal(parsed.progress.version, 2);
        const withMarker = JSON.stringify(typeof json === 'object' && json !== null && !Array.isArray(json) ? { ...json, course: 'packet-path' } : json) ?? 'null';
        for (const t of [text, withMarker]) {
          const r = importProgress(current, t);
          keepsCurrent(current, r.progress);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('random strings never make parseProgress or importProgress throw', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        parseProgress(text);
        importProgress(emptyProgress(), text);
      }),
      { numRuns: 300 },
    );
  });

  test('mutations of a valid exported file: no throw, current entries kept, every entry read is valid', () => {
    fc.assert(
      fc.property(
        arbProgress,
        arbProgress,
        fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 0, maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), fc.nat(2)), { minLength: 1, maxLength: 4 }),
        (current, other, mutations) => {
          let data: unknown = JSON.parse(exportProgress(other));
          for (const [path, replacement, op] of mutations) data = mutate(data, path, replacement, op);
          const text = JSON.stringify(data) ?? 'null';
          for (const r of [parseProgress(text), importProgress(current, text)]) {
            for (const [id, e] of Object.entries(r.progress.exercises)) {
              assert.ok(Number.isSafeInteger(e.attempts) && e.attempts >= 0, id);
              assert.equal(typeof e.correct, 'boolean');
              assert.equal(typeof e.revealed, 'boolean');
              assert.ok(!Number.isNaN(Date.parse(e.updatedAt)));
              assert.ok(e.firstTryCorrect === undefined || typeof e.firstTryCorrect === 'boolean');
            }
          }
          keepsCurrent(current, importProgress(current, text).progress);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('truncated files: no throw, current kept', () => {
    fc.assert(
      fc.property(arbProgress, arbProgress, fc.nat(), (current, other, cut) => {
        const text = exportProgress(other);
        const r = importProgress(current, text.slice(0, cut % (text.length + 1)));
        keepsCurrent(current, r.progress);
      }),
      { numRuns: 200 },
    );
  });

  test('export then import is the identity on an empty progress, and merging a file into itself changes nothing', () => {
    fc.assert(
      fc.property(arbProgress, (p) => {
        assert.deepEqual(importProgress(emptyProgress(), exportProgress(p)).progress.exercises, p.exercises);
        const self = importProgress(p, exportProgress(p));
        assert.deepEqual(self.progress.exercises, p.exercises);
        assert.equal(self.updated, 0);
        assert.deepEqual(parseProgress(serializeProgress(p)), { progress: p, problems: [] });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the review queue in the progress', () => {
  const Q = 'quiz:part-1/arp';
  const day = (iso: string, days: number): string => new Date(Date.parse(iso) + days * 86_400_000).toISOString();

  test('outcomes schedule items (review.ts) and leave the exercises alone', () => {
    let p = recordReviewOutcome(emptyProgress(), A, 'missed', T1);
    p = recordReviewOutcome(p, Q, 'missed', T1, 'practice:1');
    assert.deepEqual(getReviewItem(p, A), { step: 0, due: day(T1, 1), updatedAt: T1 });
    assert.deepEqual(getReviewItem(p, Q), { step: 0, due: day(T1, 1), updatedAt: T1, missedSeed: 'practice:1' });
    assert.deepEqual(p.exercises, {});
    const solved = recordReviewOutcome(p, A, 'solved', T2);
    assert.equal(getReviewItem(solved, A)!.step, 1);
    // A first solve, an unusable id or time: unchanged.
    assert.equal(recordReviewOutcome(p, B, 'solved', T2), p);
    assert.equal(recordReviewOutcome(p, 'no-hash', 'missed', T2), p);
    assert.equal(recordReviewOutcome(p, A, 'missed', 'yesterday'), p);
  });

  test('export and import carry the queue; a later outcome wins, items only in the file are added', () => {
    const mine = recordReviewOutcome(recordReviewOutcome(sample(), A, 'missed', T1), C, 'missed', T1);
    const file = exportProgress(mine);
    assert.deepEqual(JSON.parse(file).review[A], { step: 0, due: day(T1, 1), updatedAt: T1 });
    const fresh = importProgress(emptyProgress(), file);
    assert.deepEqual(fresh.progress.review, mine.review);
    // Here A was solved when due (later than the file's miss) and the file has C only as missed.
    const here = recordReviewOutcome(recordReviewOutcome(emptyProgress(), A, 'missed', T1), A, 'solved', T2);
    const merged = importProgress(here, file).progress;
    assert.equal(getReviewItem(merged, A)!.step, 1);
    assert.deepEqual(getReviewItem(merged, C), getReviewItem(mine, C));
    // Stored text reads back the same.
    assert.deepEqual(parseProgress(serializeProgress(mine)).progress, mine);
  });

  test('an older (version 1) export without a queue still imports: what was missed then is queued', () => {
    const v1 = JSON.stringify({
      course: 'packet-path',
      version: 1,
      exercises: {
        [A]: { attempts: 1, firstTryCorrect: true, correct: true, revealed: false, updatedAt: T1 },
        [B]: { attempts: 2, firstTryCorrect: false, correct: true, revealed: false, updatedAt: T2 },
        [C]: { attempts: 0, correct: false, revealed: true, updatedAt: T3 },
      },
    });
    const r = importProgress(emptyProgress(), v1);
    assert.equal(r.rejected, false);
    assert.deepEqual(r.problems, []);
    assert.equal(r.added, 3);
    assert.deepEqual(r.progress.review, { [B]: { step: 0, due: day(T2, 1), updatedAt: T2 }, [C]: { step: 0, due: day(T3, 1), updatedAt: T3 } });
    assert.deepEqual(parseProgress(v1).progress.review, r.progress.review);
    assert.deepEqual(impliedReview({ [A]: r.progress.exercises[A]! }), {});
  });

  test("a quiz page's outbox is applied in order; what cannot be read is left out", () => {
    const Q2 = 'quiz:part-2/counters';
    const outbox = [
      ['part-1/arp', false, T1, 'practice:1'],
      ['part-1/arp', true, T1], // not due yet: no change
      ['part-2/counters', false, T1, 'practice:3'],
      ['part-2/counters', true, T2, 'ignored'], // due: step 1
      ['no-slash', false, T1],
      ['part-1/x', 'yes', T1],
      ['part-1/y', false, 'now'],
      'junk',
      { id: Q, outcome: 'missed', at: T1 },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n')
      .concat('\n{"id": "cut off');
    const p = applyReviewOutbox(emptyProgress(), outbox);
    assert.deepEqual(Object.keys(p.review).sort(), [Q2, Q].sort());
    assert.deepEqual(getReviewItem(p, Q), { step: 0, due: day(T1, 1), updatedAt: T1, missedSeed: 'practice:1' });
    assert.deepEqual(getReviewItem(p, Q2), { step: 1, due: day(T2, 3), updatedAt: T2, missedSeed: 'practice:3' });
    // Applying it twice is applying it once; no outbox or a damaged one changes nothing.
    assert.deepEqual(applyReviewOutbox(p, outbox), p);
    const base = sample();
    assert.equal(applyReviewOutbox(base, null), base);
    assert.equal(applyReviewOutbox(base, '{"not":"an outcome"}\n[1]\n'), base);
    assert.equal(applyReviewOutbox(base, '[{'), base);
  });

  test('bad queue entries are skipped and named; a queue that is not a map is left out', () => {
    const text = JSON.stringify({
      course: 'packet-path',
      version: 2,
      exercises: {},
      review: { [A]: { step: 9, due: T1, updatedAt: T1 }, [B]: { step: 0, due: 'soon', updatedAt: T1 }, 'not an id': { step: 0, due: T1, updatedAt: T1 }, [C]: { step: 2, due: T2, updatedAt: T1 } },
    });
    const r = parseProgress(text);
    assert.deepEqual(Object.keys(r.progress.review), [C]);
    assert.equal(r.problems.length, 3);
    assert.match(r.problems.join(' '), /step is number 9/);
    assert.match(r.problems.join(' '), /due is the text "soon"/);
    const list = parseProgress(JSON.stringify({ version: 2, exercises: {}, review: [1] }));
    assert.deepEqual(list.progress.review, {});
    assert.match(list.problems[0]!, /review queue is a list/);
  });
});
