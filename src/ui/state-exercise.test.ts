// Every <PredictState> the lessons hold, answered as a learner would: the misconception the
// exercise targets fails with its nudge; a guesser (blank, the first choice, every flag ticked)
// earns nothing; the engine's own answer passes. The answers come from the engine's timeline.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildConnectionTimeline } from '../lab/connection-timeline.ts';
import { entriesFor, parseCatalogue } from '../grading/misconceptions.ts';
import { expectedState, stateChoices } from '../grading/states.ts';
import { answerOf, answerWords, gradeStateExercise, questionOf, type FormValues, type QuestionProps } from './state-exercise.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const CATALOGUE = parseCatalogue(readFileSync(join(ROOT, 'lessons/misconceptions.yaml'), 'utf8'));

interface Found {
  readonly file: string;
  readonly attrs: Record<string, string>;
}

function predictStates(): Found[] {
  const out: Found[] = [];
  for (const part of readdirSync(join(ROOT, 'lessons'), { withFileTypes: true })) {
    if (!part.isDirectory()) continue;
    for (const f of readdirSync(join(ROOT, 'lessons', part.name))) {
      if (!f.endsWith('.mdx')) continue;
      const text = readFileSync(join(ROOT, 'lessons', part.name, f), 'utf8');
      for (const m of text.matchAll(/<PredictState\s([^>]*)>/g)) {
        const attrs: Record<string, string> = {};
        for (const a of m[1]!.matchAll(/(\w+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
        out.push({ file: `${part.name}/${f}`, attrs });
      }
    }
  }
  return out;
}

/**
 * What a learner holding the exercise's target misconception answers, and the catalogue entry
 * that must name it. Every exercise in the lessons must be listed here.
 */
const MISTAKES: Record<string, { readonly values: FormValues; readonly nudge: string }> = {
  'server-after-syn': { values: { choice: 'ESTAB' }, nudge: 'server-established-on-syn' },
  'who-time-wait': { values: { choice: 'server' }, nudge: 'server-sits-in-time-wait' },
  'udp-server-socket': { values: { choice: 'ESTAB' }, nudge: 'udp-connection-state' },
  // A simultaneous close: taking the peer's FIN as the answer to ours.
  'closing-after-crossed-fin': { values: { choice: 'TIME-WAIT' }, nudge: 'peer-fin-acks-ours' },
  'simultaneous-time-wait': { values: { choice: 'client' }, nudge: 'peer-fin-acks-ours' },
  // An ICMP error RELATED to the flow is not a reply: thinking the SYN's entry went with the refusal.
  'related-conntrack': { values: { choice: 'none' }, nudge: 'dropped-syn-no-entry' },
  'dropped-syn-fw': { values: { choice: 'none' }, nudge: 'dropped-syn-no-entry' },
  'dropped-syn-web': { values: { choice: 'SYN_SENT', unreplied: true }, nudge: 'dropped-packet-confirmed' },
  // Asymmetric routing: thinking the SYN-ACK is a reply r2 files under the connection, though r2 never saw the SYN.
  'invalid-synack-r2': { values: { choice: 'ESTABLISHED' }, nudge: 'reply-always-established' },
};

const found = predictStates();

describe('<PredictState> in the lessons: the misconception fails with its nudge, guessers earn nothing', () => {
  test('the lessons hold predict-a-state exercises, each with its misconception listed here', () => {
    assert.ok(found.length >= 3, `found ${found.length}`);
    for (const f of found) assert.ok(MISTAKES[f.attrs['id']!], `${f.file}: <PredictState id="${f.attrs['id']}"> has no entry in MISTAKES`);
  });
  for (const { file, attrs } of found) {
    const id = attrs['id']!;
    test(`${file} #${id}`, () => {
      const scenario = attrs['scenario']!;
      const timeline = buildConnectionTimeline(readFileSync(join(ROOT, 'content/scenarios', `${scenario}.sh`), 'utf8'), attrs['flow']);
      assert.ok(timeline, `no flow ${attrs['flow']}`);
      const question = questionOf(attrs as unknown as QuestionProps, id);
      const entries = entriesFor(CATALOGUE, 'states', scenario);
      const grade = (values: FormValues) => gradeStateExercise(timeline, question, answerOf(question, values), entries, scenario);
      // The engine's answer, through the same form values a learner would choose.
      const { answer } = expectedState(timeline, question);
      const right: FormValues =
        answer.kind === 'conntrack'
          ? { choice: answer.conntrack!.entry, unreplied: answer.conntrack!.unreplied, assured: answer.conntrack!.assured }
          : { choice: answer.kind === 'socket' ? answer.state : answer.side };
      assert.equal(grade(right).correct, true, `the engine's answer ${answerWords(answer)}`);
      // Guessers.
      assert.equal(grade({ choice: '' }).correct, false, 'blank');
      const choices = stateChoices(timeline, question);
      assert.equal(grade({ choice: choices[0]! }).correct, false, `the first choice (${choices[0]})`);
      if (question.kind === 'conntrack') {
        for (const c of choices) assert.equal(grade({ choice: c, unreplied: true, assured: true }).correct, false, `${c} with every flag ticked`);
      }
      // The misconception.
      const mistake = MISTAKES[id]!;
      const wrong = grade(mistake.values);
      assert.equal(wrong.correct, false, 'the misconception answer');
      assert.ok(wrong.nudges?.some((n) => n.id === mistake.nudge), `nudges: ${wrong.nudges?.map((n) => n.id).join(', ') || 'none'}`);
      assert.doesNotMatch(wrong.summary, new RegExp(`\\b${right.choice}\\b`), 'the feedback does not give the answer away');
    });
  }
});
