// Placeholders and rule lines: the small text helpers the schema, variants and write-rule
// grading share. Kept apart from schema.ts so that browser code does not pull in zod.
//
// A placeholder is `{{name}}` (the parameter's value) or a choice between two texts by
// comparing a parameter with another parameter or a literal:
//   {{ t == h ? "eth3" : "eth2" }}      {{ fwd != "1" ? "no" : "every" }}
// That is the only conditional form; anything else between {{ and }} is an error at load time.
// The texts cannot hold a placeholder (or a double quote): no nesting.

import { Lru } from '../net/lru.ts';

/** `{{ ... }}` anywhere in a templated field. */
export const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONDITIONAL = /^([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=)\s*([A-Za-z_][A-Za-z0-9_]*|"[^"]*")\s*\?\s*"([^"]*)"\s*:\s*"([^"]*)"$/;

type Placeholder =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'if'; readonly name: string; readonly op: '==' | '!='; readonly other: { readonly name: string } | { readonly literal: string }; readonly then: string; readonly else: string };

/** What is between {{ and }}, or undefined when it is neither a name nor the conditional form. */
export function parsePlaceholder(inner: string): Placeholder | undefined {
  const text = inner.trim();
  if (NAME.test(text)) return { kind: 'name', name: text };
  const m = CONDITIONAL.exec(text);
  if (!m) return undefined;
  const right = m[3]!;
  return {
    kind: 'if',
    name: m[1]!,
    op: m[2] as '==' | '!=',
    other: right.startsWith('"') ? { literal: right.slice(1, -1) } : { name: right },
    then: m[4]!,
    else: m[5]!,
  };
}

/** The parameter names a placeholder reads. */
export function placeholderNames(p: Placeholder): string[] {
  return p.kind === 'name' ? [p.name] : 'name' in p.other ? [p.name, p.other.name] : [p.name];
}

/** A placeholder's text for these values; throws on a name without a value or a malformed placeholder. */
export function evaluatePlaceholder(inner: string, values: Readonly<Record<string, string>>): string {
  return evaluateParsed(inner, parsePlaceholder(inner), values);
}

function evaluateParsed(inner: string, p: Placeholder | undefined, values: Readonly<Record<string, string>>): string {
  if (!p) throw new Error(`"{{${inner}}}" is neither {{name}} nor {{name == other ? "text" : "text"}}`);
  const value = (name: string): string => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    if (v === undefined) throw new Error(`unknown parameter {{${name}}}`);
    return v;
  };
  if (p.kind === 'name') return value(p.name);
  const right = 'name' in p.other ? value(p.other.name) : p.other.literal;
  const same = value(p.name) === right;
  return (p.op === '==') === same ? p.then : p.else;
}

/** A templated text cut at its placeholders: literal texts between parsed placeholders. */
type CompiledTemplate = readonly (string | { readonly inner: string; readonly placeholder: Placeholder | undefined })[];

/**
 * Compiled templates by text. Templates are the quiz bank's own fields (a bounded set), and a
 * class's regrade substitutes each of them once per student.
 */
const COMPILED = new Lru<string, CompiledTemplate>(4096);

function compileTemplate(text: string): CompiledTemplate {
  return COMPILED.getOrCompute(text, () => compileUncached(text));
}

function compileUncached(text: string): CompiledTemplate {
  const parts: CompiledTemplate[number][] = [];
  let last = 0;
  for (const m of text.matchAll(TEMPLATE)) {
    parts.push(text.slice(last, m.index));
    parts.push({ inner: m[1]!, placeholder: parsePlaceholder(m[1]!) });
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/**
 * Replaces every {{name}} and {{a == b ? "x" : "y"}}; an unknown name is an error (the schema
 * refuses them at load time).
 */
export function substitute(text: string, values: Readonly<Record<string, string>>): string {
  // join() makes a flat string at once (a chain of += makes a rope that the first Map lookup
  // or split must flatten).
  return compileTemplate(text)
    .map((part) => (typeof part === 'string' ? part : evaluateParsed(part.inner, part.placeholder, values)))
    .join('');
}

/**
 * Where a text still holds "{{" or "}}" (after substitution: a placeholder that was not
 * filled, or stray braces a learner would see). Empty when the text is clean.
 */
export function unfilledPlaceholders(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\{\{[^]{0,40}?(\}\}|$)|\}\}/g)) found.push(m[0].length > 44 ? `${m[0].slice(0, 44)}…` : m[0]);
  return found;
}

/** The non-blank, non-comment lines of a rule text, with their 1-based line numbers. */
export function ruleLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}
