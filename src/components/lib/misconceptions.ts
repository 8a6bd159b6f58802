/// <reference types="astro/client" />
// Build time: the misconception catalogue (lessons/misconceptions.yaml), bundled as text by
// Vite, read and checked once; a bad file fails the build. Each exercise embeds only the
// entries that can apply to it.

import { entriesFor, parseCatalogue, type MisconceptionEntry, type Recognise } from '../../grading/misconceptions.ts';

const files = import.meta.glob<string>('/lessons/misconceptions.yaml', { query: '?raw', import: 'default', eager: true });

let cached: MisconceptionEntry[] | undefined;

export function catalogue(): MisconceptionEntry[] {
  const text = files['/lessons/misconceptions.yaml'];
  if (text === undefined) throw new Error('lessons/misconceptions.yaml is missing');
  cached ??= parseCatalogue(text);
  return cached;
}

/** The JSON an exercise embeds for its kind and scenario (safe inside a <script>). */
export function misconceptionsJson(on: Recognise['on'], scenario: string): string {
  return JSON.stringify(entriesFor(catalogue(), on, scenario)).replace(/</g, '\\u003c');
}
