// Placeholders and rule lines: the small text helpers the schema, variants and write-rule
// grading share. Kept apart from schema.ts so that browser code does not pull in zod.

/** `{{ name }}` anywhere in a templated field. */
export const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The non-blank, non-comment lines of a rule text, with their 1-based line numbers. */
export function ruleLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}
