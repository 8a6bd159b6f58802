import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixtureQuiz } from './fixtures/fixtures.ts';
import { expectedAnswer, questionChoices, revealAnswer } from './expected.ts';
import { gradeQuestion, gradeQuiz } from './grade.ts';
import { generateQuestion, generateQuiz } from './variant.ts';
import type { Answer, QuestionVariant } from './types.ts';

const quiz = fixtureQuiz('nat.yaml');
const variant = generateQuiz(quiz, 'grade-test');
const question = (id: string): QuestionVariant => variant.questions.find((q) => q.id === id)!;

describe('every type: the revealed answer scores 1, a partly right one less, a wrong one 0', () => {
  for (const q of variant.questions) {
    test(`${q.id} (${q.type}): reveal scores 1`, () => {
      const g = gradeQuestion(q, revealAnswer(q));
      assert.equal(g.score, 1, g.feedback.join('\n'));
      assert.equal(g.earned, q.points);
      assert.deepEqual(g.misconceptions, []);
      assert.ok(g.answered);
    });
  }

  test('capture: a line not yet NATed misses the key point (the source after SNAT): 0, with a misconception that names roles', () => {
    const q = question('snat-capture');
    const right = revealAnswer(q) as { lines: { kind: string; src: string; dst: string }[] };
    const lan = `${q.values.lan}.${q.values.host}`;
    const g = gradeQuestion(q, { lines: [{ ...right.lines[0]!, src: lan } as never, right.lines[1]!] as never });
    assert.equal(g.score, 0);
    assert.match(g.feedback[0]!, /^the key point is wrong \(the source of the echo request on the WAN side\)/);
    assert.deepEqual(g.misconceptions, ["capture: source of echo-request: a's address instead of default's address"]);
    assert.match(g.feedback.join('\n'), new RegExp(`line 1: the source is 192\\.0\\.2\\.1, not ${lan.replace(/\./g, '\\.')}`));
    const extra = gradeQuestion(q, { lines: [...right.lines, right.lines[1]!] as never });
    assert.equal(extra.score, 6 / 9);
    assert.deepEqual(extra.misconceptions, ['capture: an extra echo-reply line']);
    assert.equal(gradeQuestion(q, { lines: [] }).score, 0);
  });

  test('hooks: INPUT for FORWARD misses the key point: 0', () => {
    const q = question('forward-hooks');
    const steps = (revealAnswer(q) as { steps: { ns: string; hook: string }[] }).steps.map((s) => ({ ...s }));
    const i = steps.findIndex((s) => s.hook === 'FORWARD');
    steps[i] = { ns: 'default', hook: 'INPUT' };
    const g = gradeQuestion(q, { steps } as Answer);
    assert.equal(g.score, 0);
    // A step other than the key hook wrong: partial credit.
    const other = (revealAnswer(q) as { steps: { ns: string; hook: string }[] }).steps.map((s) => ({ ...s }));
    other[0] = { ...other[0]!, hook: other[0]!.hook === 'OUTPUT' ? 'INPUT' : 'OUTPUT' };
    assert.equal(gradeQuestion(q, { steps: other } as Answer).score, (other.length * 2 - 1) / (other.length * 2));
    // Named as the catalogue (lessons/misconceptions.yaml) names it, as lessons do.
    assert.deepEqual(g.misconceptions, ['INPUT for a forwarded packet']);
    // Typed hooks in any case, without a namespace: the question's ns.
    const lower = (revealAnswer(q) as { steps: { ns: string; hook: string }[] }).steps.map((s) => ({ ns: s.ns === 'default' ? undefined : s.ns, hook: s.hook.toLowerCase() }));
    assert.equal(gradeQuestion(q, { steps: lower } as never).score, 1);
  });

  test('order-hooks: the given hooks are the expected ones and distractors, shuffled; as given scores 0; a kept distractor 0; a swap per position', () => {
    const q = question('forward-order');
    const shuffled = questionChoices(q).shuffledHooks!;
    const right = (revealAnswer(q) as { steps: { ns: string; hook: string }[] }).steps;
    const key = (s: { ns: string; hook: string }): string => `${s.ns} ${s.hook}`;
    const distractors = shuffled.filter((s) => !right.some((r) => key(r) === key(s)));
    assert.equal(distractors.length, 2);
    assert.ok(distractors.some((d) => key(d) === 'default INPUT'), 'INPUT beside the FORWARD the packet meets');
    assert.deepEqual(shuffled.filter((s) => !distractors.includes(s)).map(key).sort(), right.map(key).sort());
    assert.deepEqual(questionChoices(q).shuffledHooks, shuffled, 'deterministic');
    assert.equal(gradeQuestion(q, { steps: shuffled } as Answer).score, 0);
    assert.equal(gradeQuestion(q, { steps: [...right, distractors[0]!] } as Answer).score, 0);
    const swapped = [right[1]!, right[0]!, ...right.slice(2)];
    const g = gradeQuestion(q, { steps: swapped } as Answer);
    assert.equal(g.score, (right.length - 2) / right.length);
    assert.deepEqual(g.misconceptions, ['order: OUTPUT (a) placed too late', 'order: POSTROUTING (a) placed too early']);
  });

  test('counters: options are the chain\'s rules and policy; ticking every box or a wrong one on the key chain earns 0', () => {
    const q = question('forward-counters');
    const options = [...questionChoices(q).counterOptions!].sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(options.map((o) => o.id), ['default filter FORWARD 1', 'default filter FORWARD policy']);
    assert.match(options[0]!.label, /^-A FORWARD -i \S+ -p icmp -m icmp --icmp-type 8 -j DROP$/);
    assert.equal(options[1]!.label, '-P FORWARD ACCEPT');
    const g = gradeQuestion(q, { selected: ['default filter FORWARD 1', 'default filter FORWARD policy'] });
    assert.equal(g.score, 0);
    assert.match(g.feedback[0]!, /^every rule or policy ticked: no credit/);
    assert.equal(gradeQuestion(q, { selected: ['default filter FORWARD 1'] }).score, 0);
    assert.deepEqual(g.misconceptions, ['a counter expected to move that stays at 0']);
    const nat = question('nat-counters');
    assert.deepEqual(revealAnswer(nat), { selected: ['default nat POSTROUTING 1'] });
    assert.deepEqual(gradeQuestion(nat, { selected: [] }).misconceptions, ['counters: missed nat POSTROUTING rule 1']);
  });

  test('conntrack: a reply tuple without NAT is partly right', () => {
    const q = question('masq-conntrack');
    const text = (revealAnswer(q) as { text: string }).text;
    assert.match(text, /^icmp src=\S+ dst=\S+ type=8 code=0 src=\S+ dst=192\.0\.2\.1 type=0 code=0$/);
    const lan = `${q.values.lan}.${q.values.host}`;
    const g = gradeQuestion(q, { text: text.replace(/dst=192\.0\.2\.1/, `dst=${lan}`) });
    assert.equal(g.score, 0, 'the reply destination is the key point');
    const unreplied = gradeQuestion(q, { text: text.replace(/ src=(\S+) dst=192/, ' [UNREPLIED] src=$1 dst=192') });
    assert.ok(unreplied.score > 0.7 && unreplied.score < 1, String(unreplied.score));
    assert.deepEqual(g.misconceptions, ["conntrack: reply destination: a's address instead of default's address"]);
    // Typed as conntrack prints it, with timeout, ids, mark and use: still right.
    const printed = `icmp     1 29 src=${lan} dst=${q.values.far}.2 type=8 code=0 src=${q.values.far}.2 dst=192.0.2.1 type=0 code=0 mark=0 use=1`;
    assert.equal(gradeQuestion(q, { text: printed }).score, 1);
    const junk = gradeQuestion(q, { text: `${text}\nnot an entry` });
    assert.ok(junk.score < 1);
    assert.match(junk.feedback[0]!, /^line 2: /);
  });

  test('capture-point: the misconception names the capture point generically', () => {
    const q = question('where-natted');
    assert.deepEqual(questionChoices(q).capturePoints, ['default eth1', `default ${q.values.wan}`]);
    const g = gradeQuestion(q, { selected: ['default eth1'] });
    assert.equal(g.score, 0);
    assert.deepEqual(g.misconceptions, ['capture point: chose default eth1', 'capture point: missed default {{wan}}']);
  });

  test('choice: single is 1 or 0; multiple: (right - wrong ticks - right options left out) / right options, every box ticked 0', () => {
    const single = question('masq-idea');
    assert.equal(gradeQuestion(single, { choices: [1] }).score, 0);
    assert.deepEqual(gradeQuestion(single, { choices: [1] }).misconceptions, ['choice: picked "Once, when the rule is added"']);
    assert.equal(gradeQuestion(single, { choices: [0, 1] }).score, 0);
    const multiple = question('masq-several');
    assert.equal(gradeQuestion(multiple, { choices: [0] }).score, 0);
    assert.equal(gradeQuestion(multiple, { choices: [0, 1] }).score, 1);
    assert.equal(gradeQuestion(multiple, { choices: [0, 2] }).score, 0);
    assert.equal(gradeQuestion(multiple, { choices: [0, 1, 2] }).score, 0);
    assert.equal(gradeQuestion(multiple, { choices: [2] }).score, 0);
    assert.equal(gradeQuestion(multiple, { choices: [] }).score, 0);
  });
});

describe('write-rule', () => {
  const q = question('write-snat');
  const wan = q.values.wan!;
  const lan = q.values.lan!;

  test('several different correct spellings pass', () => {
    for (const text of [
      `iptables -t nat -A POSTROUTING -o ${wan} -j MASQUERADE`,
      `iptables -t nat -A POSTROUTING -o ${wan} -j SNAT --to-source 192.0.2.1`,
      `iptables -t nat -I POSTROUTING -s ${lan}.0/24 -j SNAT --to 192.0.2.1`,
      `# the home-router rule\n\n  iptables --table nat --append POSTROUTING --out-interface ${wan} --jump MASQUERADE  \n`,
      `iptables -t nat -N OUT\niptables -t nat -A OUT -j MASQUERADE\niptables -t nat -A POSTROUTING -o ${wan} -j OUT`,
    ]) {
      const g = gradeQuestion(q, { text });
      assert.equal(g.score, 1, `${text}\n${g.feedback.join('\n')}`);
    }
  });

  test('wrong rule sets meet only some goals', () => {
    const none = gradeQuestion(q, { text: '' });
    assert.equal(none.score, 0);
    assert.ok(none.answered);
    const wrongDevice = gradeQuestion(q, { text: 'iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE' });
    assert.equal(wrongDevice.score, 0);
    const wrongAddress = gradeQuestion(q, { text: `iptables -t nat -A POSTROUTING -o ${wan} -j SNAT --to-source 192.0.2.9` });
    assert.equal(wrongAddress.score, 0, 'goal 2, the source on the WAN side, is the key point');
    assert.deepEqual(wrongAddress.misconceptions, [
      'write-rule: goal failed: the 1st ping of the probe gets at least one reply',
      'write-rule: goal failed: at least one IP line captured on default {{wan}} is echo-request from 192.0.2.1',
    ]);
    const dropped = gradeQuestion(q, { text: `iptables -t nat -A POSTROUTING -o ${wan} -j MASQUERADE\niptables -P FORWARD DROP` });
    assert.equal(dropped.score, 0);
    for (const text of ['# nothing', '\n\n', '# iptables -t nat -A POSTROUTING -j MASQUERADE']) {
      const g = gradeQuestion(q, { text });
      assert.equal(g.score, 0, text);
      assert.match(g.feedback[0]!, /^no rule written/);
    }
  });

  test('errors carry the learner\'s line number and iptables\' own message', () => {
    const g = gradeQuestion(q, { text: '# comment\n\niptables -t nat -A POSTROUTING -o eth9 -j MASQ' });
    assert.equal(g.score, 0);
    assert.match(g.feedback[0]!, /^line 3: iptables v1\.8\.9 \(nf_tables\): Chain 'MASQ' does not exist/);
    assert.deepEqual(g.misconceptions, ['write-rule: a line iptables refuses']);
    const notIptables = gradeQuestion(q, { text: 'iptables -L\nip netns exec a iptables -L' });
    assert.match(notIptables.feedback[0]!, /^line 2: each line is an iptables command; "ip" is not \(write the iptables command alone/);
  });

  test('hostile input ends quickly with a message', () => {
    const cases = [
      Array.from({ length: 10_000 }, () => 'iptables -A FORWARD -j ACCEPT').join('\n'),
      Array.from({ length: 600 }, () => 'iptables -L').join('\n'),
      'iptables -N A\niptables -N B\niptables -A A -j B\niptables -A B -j A\niptables -A FORWARD -j A',
      'iptables -N A\niptables -A FORWARD -j A\niptables -A A -j A',
      'iptables -A FORWARD -p tcp --dport 1:99999999999999999999999999999 -j ACCEPT',
      `iptables -t nat -A POSTROUTING -j SNAT --to-source 192.0.2.1:${'9'.repeat(400)}`,
      'iptables -A FORWARD -c 99999999999999999999999 99999999999999999999 -j ACCEPT',
      'iptables -L | sh',
      'iptables -L $(reboot)',
      'iptables -A FORWARD \\\n-j ACCEPT',
      'iptables -A FORWARD -j ACCEPT\u0000',
      `iptables ${'x'.repeat(5000)}`,
      'x'.repeat(2_000_000),
    ];
    for (const text of cases) {
      const t0 = performance.now();
      const g = gradeQuestion(q, { text });
      const ms = performance.now() - t0;
      assert.ok(ms < 1000, `${text.slice(0, 60)}: ${ms} ms`);
      assert.ok(g.score < 1);
      assert.ok(g.feedback.length > 0 && g.feedback[0]!.length > 0);
    }
  });

  test('the solution meets every goal in many variants; the empty rule set does not', () => {
    for (let i = 0; i < 20; i++) {
      const v = generateQuestion(quiz.id, quiz.questions.find((x) => x.id === 'write-snat')!, `wr${i}`);
      const e = expectedAnswer(v);
      assert.ok(e.type === 'write-rule' && e.goals.every((g) => g.met));
      assert.ok(gradeQuestion(v, { text: '' }).score < 1);
    }
  });
});

describe('hints: what is wrong, never the right value (practice checks, graded attempts left)', () => {
  const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;
  const HOOKS = /\b(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)\b/;

  test('the revealed answer: hints say it is right, like the feedback', () => {
    for (const q of variant.questions) {
      const g = gradeQuestion(q, revealAnswer(q));
      assert.ok(g.hints.length > 0, q.id);
      assert.deepEqual(g.hints.filter((h) => /wrong|missing|not right|no such/.test(h)), [], q.id);
    }
  });

  test('capture: a wrong source, a missing line, an extra line: where, not what', () => {
    const q = question('snat-capture');
    const right = (revealAnswer(q) as { lines: { kind: string; src: string; dst: string }[] }).lines;
    const lan = `${q.values.lan}.${q.values.host}`;
    const wrongSource = gradeQuestion(q, { lines: [{ ...right[0]!, src: lan }, right[1]!] } as Answer);
    assert.match(wrongSource.feedback.join('\n'), /192\.0\.2\.1/, 'the feedback names the right source');
    assert.deepEqual(wrongSource.hints, ['line 1: the source is wrong']);
    const missing = gradeQuestion(q, { lines: [right[0]!] } as Answer);
    assert.match(missing.feedback.join('\n'), /missing: /);
    assert.deepEqual(missing.hints, ['a line is missing after line 1']);
    assert.deepEqual(gradeQuestion(q, { lines: [right[1]!] } as Answer).hints, ['a line is missing before line 1']);
    assert.deepEqual(gradeQuestion(q, { lines: [] }).hints, ['2 lines are missing']);
    const extra = gradeQuestion(q, { lines: [...right, right[1]!] } as Answer);
    assert.deepEqual(extra.hints, ['line 3: tcpdump prints no such line here']);
    for (const g of [wrongSource, missing, extra]) assert.doesNotMatch(g.hints.join('\n'), IPV4);
  });

  test('hooks and order-hooks: the step or position, not the hook it should be', () => {
    const q = question('forward-hooks');
    const steps = (revealAnswer(q) as { steps: { ns: string; hook: string }[] }).steps.map((s) => ({ ...s }));
    const i = steps.findIndex((s) => s.hook === 'FORWARD');
    steps[i] = { ns: 'default', hook: 'INPUT' };
    const g = gradeQuestion(q, { steps } as Answer);
    assert.match(g.feedback.join('\n'), /FORWARD/);
    assert.deepEqual(g.hints, [`step ${i + 1}: the hook is wrong`]);
    const short = gradeQuestion(q, { steps: steps.slice(0, 1) } as Answer);
    assert.deepEqual(short.hints, [`${steps.length - 1} steps are missing after step 1`]);

    const o = question('forward-order');
    const right = (revealAnswer(o) as { steps: { ns: string; hook: string }[] }).steps;
    const swapped = gradeQuestion(o, { steps: [right[1]!, right[0]!, ...right.slice(2)] } as Answer);
    assert.match(swapped.feedback.join('\n'), /position 1: \S+ \(\S+\), not/);
    assert.deepEqual(swapped.hints, ['position 1 is wrong', 'position 2 is wrong']);
    for (const x of [g, short, swapped]) assert.doesNotMatch(x.hints.join('\n'), HOOKS);
  });

  test('counters: the option as the learner sees it, marked wrong, without its packet count', () => {
    const q = question('forward-counters');
    const options = questionChoices(q).counterOptions!;
    const g = gradeQuestion(q, { selected: options.map((o) => o.id) });
    assert.match(g.feedback.join('\n'), /counts no packet/);
    const rule1 = options.find((o) => o.rule === 1)!;
    assert.deepEqual(g.hints, [`FORWARD rule 1 (${rule1.label}): wrong`, 'every rule or policy ticked: no credit']);
    const nat = gradeQuestion(question('nat-counters'), { selected: [] });
    assert.match(nat.feedback.join('\n'), /counts \d+ packet\(s\)/);
    assert.deepEqual(nat.hints.map((h) => h.replace(/ \(.*\)/, '')), ['nat POSTROUTING rule 1: wrong']);
    assert.doesNotMatch(nat.hints.join('\n'), /packet/);
  });

  test('conntrack: which entry and field (with its line), not the value; parse errors as they are', () => {
    const q = question('masq-conntrack');
    const text = (revealAnswer(q) as { text: string }).text;
    const lan = `${q.values.lan}.${q.values.host}`;
    const g = gradeQuestion(q, { text: `# my table\n${text.replace(/dst=192\.0\.2\.1/, `dst=${lan}`)}` });
    assert.match(g.feedback.join('\n'), /reply destination is 192\.0\.2\.1, not/);
    assert.deepEqual(g.hints, ['entry 1 (line 2): the reply destination is wrong']);
    assert.doesNotMatch(g.hints.join('\n'), IPV4);
    const none = gradeQuestion(q, { text: '' });
    assert.match(none.feedback.join('\n'), /missing: an icmp entry \S+ -> \S+/);
    assert.deepEqual(none.hints, ['an entry is missing']);
    const junk = gradeQuestion(q, { text: `${text}\nnot an entry` });
    assert.equal(junk.hints[0], junk.feedback[0]);
    assert.match(junk.hints[0]!, /^line 2: /);
    const extra = gradeQuestion(q, { text: `${text}\nicmp src=192.0.2.99 dst=192.0.2.98 type=8 code=0 src=192.0.2.98 dst=192.0.2.99 type=0 code=0` });
    assert.deepEqual(extra.hints, ['entry 2 (line 2): conntrack holds no such entry']);
  });

  test('capture-point and choice: the learner\'s own picks marked, the right options left unnamed', () => {
    const cp = question('where-natted');
    const g = gradeQuestion(cp, { selected: ['default eth1'] });
    assert.match(g.feedback.join('\n'), /shows such a line/);
    assert.deepEqual(g.hints, ['default eth1: wrong', `default ${cp.values.wan}: wrong`]);

    const single = question('masq-idea');
    const wrong = gradeQuestion(single, { choices: [1] });
    const wrongText = single.options![1]!.text;
    assert.ok(wrong.feedback[0]!.includes(single.options![1]!.explanation.trim().slice(0, 20)), 'the feedback explains');
    assert.deepEqual(wrong.hints, [`"${wrongText}": not right`]);

    const multiple = question('masq-several');
    const missed = gradeQuestion(multiple, { choices: [0] });
    const missedText = multiple.options!.find((o, i) => o.correct && i !== 0)!.text;
    assert.match(missed.feedback.join('\n'), /^also right: /m);
    assert.ok(missed.feedback.join('\n').includes(missedText.slice(0, 30)));
    assert.deepEqual(missed.hints, ['another option is right too']);
  });

  test('write-rule: goals and refusals are the learner\'s own behaviour: the hints are the feedback', () => {
    const q = question('write-snat');
    const wrongAddress = gradeQuestion(q, { text: `iptables -t nat -A POSTROUTING -o ${q.values.wan} -j SNAT --to-source 192.0.2.9` });
    // The feedback also says why the rest earns nothing (goal 2 is the key point).
    assert.deepEqual(wrongAddress.hints, wrongAddress.feedback.filter((f) => !f.startsWith('the key point is wrong')));
    assert.match(wrongAddress.hints.join('\n'), /^goal 1 not met: /m);
    const refused = gradeQuestion(q, { text: '# comment\n\niptables -t nat -A POSTROUTING -o eth9 -j MASQ' });
    assert.match(refused.hints[0]!, /^line 3: iptables v1\.8\.9/);
  });

  test('unanswered and wrong shapes: the same message', () => {
    for (const q of variant.questions) {
      assert.deepEqual(gradeQuestion(q, undefined).hints, ['not answered']);
      const g = gradeQuestion(q, { nope: 1 } as unknown as Answer);
      assert.deepEqual(g.hints, g.feedback);
    }
  });
});

describe('untrusted answers: a wrong shape is unanswered, never a throw', () => {
  const shapes: unknown[] = [
    null,
    42,
    'text',
    [],
    {},
    { lines: 'x' },
    { lines: [{ kind: 'nope', src: '1.2.3.4', dst: '1.2.3.4' }] },
    { lines: [{ kind: 'echo-request', src: 5, dst: '1.2.3.4' }] },
    { lines: new Array(1000).fill({ kind: 'echo-request', src: '1.1.1.1', dst: '2.2.2.2' }) },
    { steps: [{ ns: 'a', hook: 'NOPE' }] },
    { steps: [{ ns: { x: 1 }, hook: 'INPUT' }] },
    { selected: [1, 2] },
    { selected: ['x'.repeat(10_000)] },
    { text: 42 },
    { choices: [99] },
    { choices: [-1] },
    { choices: [0.5] },
    { choices: ['0'] },
    { __proto__: { lines: [] } },
    JSON.parse('{"__proto__": {"lines": []}}'),
  ];
  for (const q of variant.questions) {
    test(q.id, () => {
      for (const a of shapes) {
        const g = gradeQuestion(q, a as Answer);
        assert.ok(g.score >= 0 && g.score <= 1);
        if (!g.answered) assert.equal(g.score, 0);
        assert.ok(g.feedback.length > 0);
      }
      assert.deepEqual(gradeQuestion(q, undefined).feedback, ['not answered']);
    });
  }
});

test('misconception labels are the same across variants (parameter values become {{name}})', () => {
  const def = quiz.questions.find((q) => q.id === 'where-natted')!;
  const labels = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const q = generateQuestion(quiz.id, def, `labels${i}`);
    for (const m of gradeQuestion(q, { selected: [] }).misconceptions) labels.add(m);
  }
  assert.deepEqual([...labels], ['capture point: missed default {{wan}}']);
});

test('gradeQuiz adds the points; passScore decides passed', () => {
  const answers = Object.fromEntries(variant.questions.map((q) => [q.key, revealAnswer(q)]));
  const all = gradeQuiz(variant, answers);
  assert.equal(all.earned, all.possible);
  assert.equal(all.possible, quiz.questions.reduce((s, q) => s + q.points, 0));
  assert.ok(all.passed);
  const none = gradeQuiz(variant, {});
  assert.equal(none.earned, 0);
  assert.ok(!none.passed);
  assert.ok(none.grades.every((g) => !g.answered));
});

test('a broken variant throws an error naming quiz, question, seed and line', () => {
  const q = { ...question('snat-capture'), scenario: 'ip netns add a\nip link set nothing up\n' };
  assert.throws(() => expectedAnswer(q), /quiz fixture-nat, question snat-capture, seed "grade-test": scenario line 2: /);
  const missing = { ...question('snat-capture'), capture: 'default nope0' };
  assert.throws(() => expectedAnswer(missing), /seed "grade-test": the scenario has no capture "default nope0"/);
});

describe('misconception labels name the catalogue entries (lessons/misconceptions.yaml)', () => {
  test('capture: TCP flags all [S] is "TCP without a handshake"; a stated repeated seq is "ping resends seq 1"', async () => {
    const { loadQuizzes } = await import('./load.ts');
    let tcp = 0;
    let pings = 0;
    for (const quiz of loadQuizzes()) {
      for (const def of quiz.questions.filter((d) => d.type === 'capture')) {
        const q = generateQuestion(quiz.id, def, 'seed-1');
        const e = expectedAnswer(q);
        if (e.type !== 'capture') continue;
        const lines = e.lines.map(({ initial: _, ...l }) => l);
        if (lines.some((l) => l.kind === 'tcp')) {
          const g = gradeQuestion(q, { lines: lines.map((l) => (l.kind === 'tcp' ? { ...l, flags: 'S' } : l)) });
          assert.ok(g.score < 1);
          tcp++;
          if (lines.filter((l) => l.kind === 'tcp').some((l) => l.flags !== 'S')) assert.ok(g.misconceptions.includes('TCP without a handshake'), `${q.key}: ${g.misconceptions.join(' | ')}`);
        }
        const requests = lines.filter((l) => l.kind === 'echo-request');
        if (requests.length > 1 && new Set(requests.map((l) => l.seq)).size > 1) {
          const g = gradeQuestion(q, { lines: lines.map((l) => (l.kind === 'echo-request' ? { ...l, seq: 1 } : l)) });
          assert.ok(g.misconceptions.includes('ping resends seq 1'), `${q.key}: ${g.misconceptions.join(' | ')}`);
          assert.ok(g.score < 1);
          pings++;
        }
      }
    }
    assert.ok(tcp >= 1 && pings >= 3, `checked ${tcp} TCP and ${pings} ping questions`);
  });
});

test('conntrack: an entry typed twice is "already listed above", never "no such entry"', () => {
  const q = question('masq-conntrack');
  const right = (revealAnswer(q) as { text: string }).text.trim().split('\n')[0]!;
  const g = gradeQuestion(q, { text: `${right}\n${right}` });
  assert.ok(g.hints.some((h) => /entry 2 \(line 2\): this entry is already listed above/.test(h)), g.hints.join(' | '));
  assert.ok(!g.hints.some((h) => /no such entry/.test(h)));
  assert.ok(g.misconceptions.includes('one connection listed twice'));
});
