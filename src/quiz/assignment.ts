// Assignments in links: `/assignment/#a=<base64url of canonical JSON>`. Encoding and decoding
// run in Node and the browser alike (TextEncoder and btoa/atob, no Buffer); decoding is strict
// because a link is untrusted text. Validation is hand-written: no zod in the browser for it. An assignment's id is a short hash of its canonical JSON,
// so an edited link is a different assignment (and gives learners different variants).

import { canonicalJson, hash53 } from './hash.ts';
import type { Assignment } from './types.ts';

/** Longest encoded assignment accepted (characters of base64url). */
const MAX_ENCODED_ASSIGNMENT = 4096;

const QUIZ_ID = /^[a-z0-9][a-z0-9-]*$/;

function validDue(s: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
}

function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlToBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The canonical JSON of an assignment (sorted keys, no undefined members). */
function canonicalAssignment(a: Assignment): string {
  return canonicalJson(a);
}

export function encodeAssignment(a: Assignment): string {
  return bytesToBase64url(new TextEncoder().encode(canonicalAssignment(a)));
}

type DecodedAssignment = { readonly ok: true; readonly assignment: Assignment } | { readonly ok: false; readonly error: string };

const KEYS = new Set(['v', 'title', 'quizzes', 'mode', 'attempts', 'timeLimitMinutes', 'due', 'created']);

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks an assignment object (from a link or a result file): every field, and no others. */
export function validateAssignment(value: unknown): DecodedAssignment {
  const bad = (error: string): DecodedAssignment => ({ ok: false, error: `invalid assignment: ${error}` });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return bad('not an object');
  const a = value as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) return bad(`unknown field(s) ${unknown.slice(0, 3).map((k) => `"${k.slice(0, 40)}"`).join(', ')}`);
  if (a.v !== 1) return bad('v: the assignment format version is 1');
  if (typeof a.title !== 'string' || a.title.trim() === '') return bad('title: the title is empty');
  if (a.title.length > 200) return bad('title: the title is longer than 200 characters');
  if (!Array.isArray(a.quizzes) || a.quizzes.length === 0) return bad('quizzes: an assignment has at least one quiz');
  if (a.quizzes.length > 20) return bad('quizzes: at most 20 quizzes');
  for (const id of a.quizzes) {
    if (typeof id !== 'string' || id.length > 64 || !QUIZ_ID.test(id)) return bad('quizzes: a quiz id is lower-case letters, digits and dashes');
  }
  if (new Set(a.quizzes).size !== a.quizzes.length) return bad('quizzes: a quiz is listed twice');
  if (a.mode !== 'graded' && a.mode !== 'practice') return bad('mode: graded or practice');
  if (a.attempts !== undefined && !isInt(a.attempts, 1, 100)) return bad('attempts: a whole number from 1 to 100');
  if (a.timeLimitMinutes !== undefined && !isInt(a.timeLimitMinutes, 1, 1440)) return bad('timeLimitMinutes: a whole number of minutes from 1 to 1440');
  if (a.due !== undefined && (typeof a.due !== 'string' || a.due.length > 40 || !validDue(a.due))) return bad('due: a date (YYYY-MM-DD) or an ISO date-time');
  if (a.created !== undefined && (typeof a.created !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(a.created) || !validDue(a.created))) return bad('created: a date (YYYY-MM-DD)');
  const out: { -readonly [K in keyof Assignment]: Assignment[K] } = { v: 1, title: a.title, quizzes: [...(a.quizzes as string[])], mode: a.mode };
  if (a.attempts !== undefined) out.attempts = a.attempts;
  if (a.timeLimitMinutes !== undefined) out.timeLimitMinutes = a.timeLimitMinutes;
  if (a.due !== undefined) out.due = a.due;
  if (a.created !== undefined) out.created = a.created;
  return { ok: true, assignment: out };
}

export function decodeAssignment(s: string): DecodedAssignment {
  const text = s.trim().replace(/^#?a=/, '');
  if (text === '') return { ok: false, error: 'the link holds no assignment' };
  if (text.length > MAX_ENCODED_ASSIGNMENT) return { ok: false, error: `the assignment in the link is too long (${text.length} characters, at most ${MAX_ENCODED_ASSIGNMENT})` };
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return { ok: false, error: 'the assignment in the link is damaged (characters that base64url does not use)' };
  let json: string;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(base64urlToBytes(text));
  } catch {
    return { ok: false, error: 'the assignment in the link is damaged (not base64url of UTF-8 text)' };
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: 'the assignment in the link is damaged (not JSON)' };
  }
  return validateAssignment(value);
}

/** A short id: base36 of a 53-bit hash of the canonical JSON (about 10 characters). */
export function assignmentId(a: Assignment): string {
  return hash53(canonicalAssignment(a)).toString(36).padStart(11, '0');
}
