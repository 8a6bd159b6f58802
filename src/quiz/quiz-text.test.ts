// The course's quiz texts as a learner reads them, over many variants of every question:
// no placeholder left, every command and rule in code, and every number an explanation names
// produced by its own variant (or one the author allowed below, with the reason).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadQuizzes, quizFiles } from './load.ts';
import { explanationNumbers, numberTokens } from './numbers.ts';
import { unfilledPlaceholders } from './template.ts';
import { commandsOutsideCode, labelForPeople } from './text.ts';
import { revealAnswer } from './expected.ts';
import { gradeQuestion } from './grade.ts';
import { generateQuestion } from './variant.ts';
import type { Answer, QuestionVariant } from './types.ts';

const VARIANTS = 100;

/**
 * Numbers an explanation may name although its variant does not produce them: facts that hold
 * in every variant. Each entry says why; an entry no variant needs is an error (so it goes
 * when the text changes).
 */
const ALLOWED_NUMBERS: Readonly<Record<string, { readonly numbers: readonly string[]; readonly why: string }>> = {
  'part-1/what-tcp-adds': { numbers: ['2'], why: '"the two ends" of a connection' },
  'part-2/three-namespaces': { numbers: ['5', '7', '3'], why: 'five hooks per namespace; seven hooks in three namespaces, in every variant' },
  'part-3/no-pings-to-the-router': { numbers: ['2'], why: '"Two traps"' },
  'part-5/masquerade-record': { numbers: ['3'], why: 'the prompt runs three ping commands' },
  'part-7/publish-a-port': { numbers: ['2'], why: '"Two things that do not work"' },
  'part-7/not-o-docker0': { numbers: ['2'], why: '"two containers" on one bridge' },
  'final-exam/udp-record': { numbers: ['2'], why: 'two probes: two flows, two entries' },
  'final-exam/home-router': { numbers: ['3'], why: '"Three rules"' },
  'final-exam/bridged-frame-walk': { numbers: ['2'], why: '"two containers" on one bridge' },
  'final-exam/where-the-reply-is-translated': { numbers: ['2'], why: '"its two capture points"' },
};

function* texts(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, path];
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* texts(v, `${path}[${i}]`);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (k !== 'params') yield* texts(v, path ? `${path}.${k}` : k);
}

const quizzes = quizFiles().length > 0 ? loadQuizzes() : [];

describe('the course quizzes as learners read them', () => {
  const usedAllowances = new Set<string>();
  for (const quiz of quizzes) {
    for (const def of quiz.questions) {
      const key = `${quiz.id}/${def.id}`;
      test(`${key}: ${VARIANTS} variants: no placeholder left, commands in code, the explanation's numbers are the variant's`, () => {
        for (const field of ['prompt', 'explanation'] as const) {
          assert.deepEqual(commandsOutsideCode(def[field]), [], `${key} ${field}: write commands and rules as \`code\``);
        }
        const allowed = ALLOWED_NUMBERS[key]?.numbers ?? [];
        for (let i = 0; i < VARIANTS; i++) {
          const q = generateQuestion(quiz.id, def, `text:${i}`);
          for (const [text, path] of texts(q, '')) assert.deepEqual(unfilledPlaceholders(text), [], `${key} seed ${q.seed} ${path}`);
          const { unexplained } = explanationNumbers(q, allowed);
          assert.deepEqual(unexplained, [], `${key} seed ${q.seed}: the explanation names ${unexplained.join(', ')}, which this variant does not produce (values ${JSON.stringify(q.values)})`);
          const bare = explanationNumbers(q);
          for (const n of allowed) if (bare.unexplained.includes(n)) usedAllowances.add(`${key}:${n}`);
        }
      });
    }
  }
  test('every allowance is still needed', () => {
    if (quizzes.length === 0) return;
    for (const [key, { numbers }] of Object.entries(ALLOWED_NUMBERS)) {
      for (const n of numbers) assert.ok(usedAllowances.has(`${key}:${n}`), `ALLOWED_NUMBERS["${key}"] allows ${n}, which no variant's explanation needs any more`);
    }
  });
});

/** Wrong answers that make the grader write misconception labels: the right one bent. */
function wrongAnswers(right: Answer): Answer[] {
  if ('lines' in right) return [{ lines: right.lines.map((l) => ({ ...l, src: l.dst, dst: l.src })) }, { lines: [] }];
  if ('steps' in right) return [{ steps: [...right.steps].reverse() }, { steps: right.steps.slice(1) }];
  if ('selected' in right) return [{ selected: [] }];
  if ('choices' in right) return [{ choices: [0, 1, 2, 3, 4, 5] }, { choices: [0] }, { choices: [1] }];
  return [];
}

describe('misconception labels as the gradebook shows them', () => {
  for (const quiz of quizzes) {
    test(`${quiz.id}: no raw {{name}} in any label`, () => {
      let labels = 0;
      for (const def of quiz.questions) {
        for (let i = 0; i < 3; i++) {
          const q = generateQuestion(quiz.id, def, `labels:${i}`);
          for (const answer of wrongAnswers(revealAnswer(q))) {
            for (const label of gradeQuestion(q, answer).misconceptions) {
              labels++;
              assert.deepEqual(unfilledPlaceholders(labelForPeople(label)), [], `${quiz.id}/${def.id}: ${label}`);
            }
          }
        }
      }
      assert.ok(labels > 0);
    });
  }
});

describe('explanation numbers', () => {
  const variant = (n: string, explanation: string): QuestionVariant =>
    ({
      id: 'q',
      type: 'capture',
      params: {},
      quizId: 'x',
      key: 'x/q',
      seed: 's',
      values: { n, net: '10.0.0' },
      prompt: `a (10.0.0.2) runs \`ping -c ${n} 10.0.0.3\``,
      scenario: `ip netns add a\nip netns exec a ping -c ${n} 10.0.0.3`,
      explanation,
      points: 1,
    }) as unknown as QuestionVariant;

  test('numberTokens: addresses whole, prefixes, integers and number words', () => {
    assert.deepEqual(numberTokens('10.0.0.0/24 and 203.0.113 send four pings, seq 3, id 0.'), ['10.0.0.0', '24', '203.0.113', '4', '3', '0']);
    assert.deepEqual(numberTokens('eth2 and veth1 and ip_forward=1'), ['1']);
  });

  test('an explanation about four pings is wrong for a variant that sends three', () => {
    assert.deepEqual(explanationNumbers(variant('3', 'The four requests get no reply.')).unexplained, ['4']);
    assert.deepEqual(explanationNumbers(variant('4', 'The four requests get no reply.')).unexplained, []);
    assert.deepEqual(explanationNumbers(variant('3', 'The 3 requests to 10.0.0.3 on the 10.0.0.0 network.')).unexplained, []);
    assert.deepEqual(explanationNumbers(variant('3', 'seq 1, 2, 3, 4 and 10.0.0.9')).unexplained, ['2', '4', '10.0.0.9']);
    assert.deepEqual(explanationNumbers(variant('3', 'Two traps.'), ['2']).unexplained, []);
    // Numbers in code count too: a rule in the explanation that names another host is caught.
    assert.deepEqual(explanationNumbers(variant('3', '`ping -c 5 10.0.0.3`')).unexplained, ['5']);
  });
});
