import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QuizDefinition } from '../quiz/types.ts';
import { PACKAGE_ELEMENT_ID, parsePackage, passMarkOf, scoPage, type ScoPackage } from './package.ts';

const quiz = (id: string, passScore: number, points: number[]): QuizDefinition => ({
  id,
  title: `Quiz ${id} </script><!-- & "x"`,
  passScore,
  questions: points.map((p, i) => ({ id: `q${i}`, type: 'choice', points: p, params: {}, prompt: 'Why?\u2028', explanation: '', options: [] })),
});

const pkg: ScoPackage = {
  format: 'packet-path-sco',
  formatVersion: 1,
  scorm: '1.2',
  title: 'Part 1 & 2 <quizzes>',
  courseVersion: '0.1.0+12345678',
  assignment: { v: 1, title: 'Part 1 & 2 <quizzes>', quizzes: ['a', 'b'], mode: 'graded' },
  assignmentId: '0abc',
  passMark: 0.7,
  quizzes: [quiz('a', 0.7, [1, 2]), quiz('b', 0.7, [3])],
};

test('the pass mark of a package: pass scores weighted by points', () => {
  assert.equal(passMarkOf([quiz('a', 0.7, [1, 2]), quiz('b', 0.7, [3])]), 0.7);
  assert.equal(passMarkOf([quiz('a', 0.5, [1, 1]), quiz('b', 0.8, [3, 3])]), 0.725);
  assert.equal(passMarkOf([]), 0);
});

test('the launch page embeds the package safely and reads back the same', () => {
  const html = scoPage(pkg);
  assert.match(html, /<title>Part 1 &amp; 2 &lt;quizzes&gt;<\/title>/);
  assert.match(html, /<link rel="stylesheet" href="sco.css" \/>/);
  assert.match(html, /<script src="sco.js"><\/script>/);
  assert.doesNotMatch(html, /(src|href)="\//, 'relative links only');
  const json = new RegExp(`<script type="application/json" id="${PACKAGE_ELEMENT_ID}">([^<]*)</script>`).exec(html)?.[1];
  assert.ok(json, 'no < inside the JSON: the script element ends where it should');
  assert.deepEqual(parsePackage(json), pkg);
});

test('a damaged package is a message, not an exception', () => {
  assert.match(String(parsePackage(undefined)), /missing/);
  assert.match(String(parsePackage('{')), /not valid JSON/);
  assert.match(String(parsePackage('{"format":"x"}')), /not a Packet Path/);
  assert.match(String(parsePackage(JSON.stringify({ ...pkg, quizzes: [] }))), /no quiz/);
  assert.match(String(parsePackage(JSON.stringify({ ...pkg, scorm: '1.3' }))), /unknown SCORM version/);
});
