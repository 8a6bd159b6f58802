// Student names as the classroom compares them. A name is typed by a person, so the same person
// can arrive as "Bob Smith", "Bob  Smith", "ＢＯＢ Smith" (full-width letters), "Bob\u200bSmith"
// (a zero-width space pasted from a chat) or "Bob Smith" with a right-to-left mark: one student,
// one variant, one row of the gradebook. Pure, the same in Node and the browser.

/**
 * Invisible characters: every Unicode default-ignorable code point (zero-width space, joiners,
 * soft hyphen, bidi marks and embeddings, variation selectors, word joiner, BOM...), the other
 * format characters (Cf) and control characters (Cc). Whitespace is dealt with before.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/gu;
/** Whitespace of any kind, line and paragraph separators included. */
const SPACE = /[\s\u2028\u2029\u0085]+/gu;

/**
 * The name as shown and stored: Unicode NFKC (full-width and compatibility forms folded, accents
 * composed), every whitespace run one space, invisible characters removed, trimmed. Case kept.
 */
export function canonicalStudent(name: string): string {
  return name.normalize('NFKC').replace(SPACE, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
}

/** A learner's id as seeds and the gradebook compare it: the canonical name, lower-cased. */
export function normalizeStudent(name: string): string {
  return canonicalStudent(name).toLowerCase();
}
