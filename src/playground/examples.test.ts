import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BLANK_TEMPLATE, groupExamples, scenariosInBody, TEMPLATE_ID, type ExampleLesson } from './examples.ts';
import { runPlayground } from './run.ts';

const part1 = { number: 1, title: 'Connectionless' };
const part4 = { number: 4, title: 'Routing' };
const lessons: ExampleLesson[] = [
  { number: '1.2', title: 'Ping', part: part1, scenarios: ['ttl', 'lost', 'ttl'] },
  { number: '4.1', title: 'Routes', part: part4, scenarios: ['route', 'ttl', 'missing'] },
];

test('every scenario is listed once: in the part of the first lesson that runs it, the rest under More', () => {
  const groups = groupExamples(['lost', 'route', 'ttl', 'fuzz-b', 'fuzz-a'], lessons);
  assert.deepEqual(
    groups.map((g) => [g.label, g.examples.map((e) => e.id)]),
    [
      ['Start', [TEMPLATE_ID]],
      ['Part 1: Connectionless', ['ttl', 'lost']],
      ['Part 4: Routing', ['route']],
      ['More (used by no lesson)', ['fuzz-a', 'fuzz-b']],
    ],
  );
  // The label names every lesson that runs it; a scenario no file backs is not offered.
  assert.equal(groups[1]!.examples[0]!.label, 'ttl (lessons 1.2, 4.1)');
  assert.equal(groups[2]!.examples[0]!.label, 'route (lesson 4.1)');
  assert.ok(!groups.flatMap((g) => g.examples).some((e) => e.id === 'missing'));
});

test("a lesson's body names its scenarios in scenario=\"...\" attributes", () => {
  assert.deepEqual(scenariosInBody('<Lab scenario="s7-ping" />\n<PredictCapture scenario="ttl-time-exceeded" fields="seq" />'), ['s7-ping', 'ttl-time-exceeded']);
});

test('the blank template runs: a capture, a ping that is answered, a printed rule listing', () => {
  const run = runPlayground(BLANK_TEMPLATE);
  assert.equal(run.error, undefined);
  assert.equal(run.captures.length, 1);
  assert.ok(run.captures[0]!.lines.some((l) => l.includes('ICMP echo reply')));
  assert.ok(run.printed.some((b) => b.tool && b.output.includes('1 packets transmitted, 1 received')));
  assert.ok(run.printed.some((b) => !b.tool && b.output.startsWith('Chain INPUT (policy ACCEPT')));
});
