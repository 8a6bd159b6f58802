// The numbers an explanation names, checked against its variant: an explanation may only name
// a number the variant itself produces (a parameter, a number of its prompt, scenario, setup,
// probe or solution) or one of the few constants every quiz may use (ALWAYS_ALLOWED). That
// catches an explanation that talks about four pings when its variant sends three.

import { parseMarkdown, type Inline } from './text.ts';
import type { QuestionVariant } from './types.ts';

/** Numbers any explanation may name without its variant producing them. */
export const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['0', '1']);

const WORDS: Readonly<Record<string, string>> = {
  zero: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  once: '1', twice: '2',
};

/**
 * The number tokens of a text: addresses ("10.0.0.2", "10.0.0.0/24", "203.0.113") whole, other
 * numbers as integers ("4", "seq 3" -> "3"; "/24" -> "24"), number words as digits ("four" -> "4").
 */
export function numberTokens(text: string, words = true): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\w.])(\d+(?:\.\d+)+)(?:\/(\d+))?(?![\w])|(?<![\w.])(\d+)(?![\w.]\d)|\b([A-Za-z]+)\b/g)) {
    if (m[1]) {
      out.push(m[1].replace(/\.$/, ''));
      if (m[2]) out.push(m[2]);
    } else if (m[3]) out.push(String(Number(m[3])));
    else if (words && m[4]) {
      const w = WORDS[m[4].toLowerCase()];
      if (w !== undefined) out.push(w);
    }
  }
  return out;
}

function proseOf(text: string): string {
  const parts: string[] = [];
  const inl = (c: readonly Inline[]): void => {
    for (const x of c) if (x.kind !== 'break') parts.push(x.text);
  };
  for (const b of parseMarkdown(text)) {
    if (b.kind === 'paragraph') inl(b.content);
    else if (b.kind === 'code') parts.push(b.text);
    else b.items.forEach(inl);
  }
  return parts.join('\n');
}

/** Every number the variant produces: its parameter values and the numbers of its other texts. */
function producedNumbers(q: QuestionVariant): Set<string> {
  const produced = new Set<string>(ALWAYS_ALLOWED);
  const add = (text: string): void => {
    for (const t of numberTokens(text, false)) {
      produced.add(t);
      // An address's prefixes (10.0.0 of 10.0.0.2) count too, not its parts as counts.
      const parts = t.split('.');
      for (let i = 2; i < parts.length; i++) produced.add(parts.slice(0, i).join('.'));
    }
  };
  for (const v of Object.values(q.values)) add(v);
  const walk = (value: unknown, key: string): void => {
    if (key === 'explanation' || key === 'params' || key === 'values') return;
    if (typeof value === 'string') add(value);
    else if (Array.isArray(value)) value.forEach((v) => walk(v, ''));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
  };
  walk(q, '');
  return produced;
}

/** The explanation's numbers, and those of them the variant does not produce. */
export function explanationNumbers(q: QuestionVariant, allowed: Iterable<string> = []): { named: string[]; unexplained: string[] } {
  const produced = producedNumbers(q);
  for (const a of allowed) produced.add(a);
  const named = numberTokens(proseOf(q.explanation));
  // A network address (10.0.0.0 of 10.0.0.0/24) is produced when its prefix is.
  const ok = (n: string): boolean => produced.has(n) || (/^\d+(\.\d+){3}$/.test(n) && n.endsWith('.0') && produced.has(n.replace(/\.0$/, '')));
  return { named, unexplained: [...new Set(named.filter((n) => !ok(n)))] };
}
