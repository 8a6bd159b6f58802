// Quiz text for people, with no DOM: an author's wrapped YAML text as meant, untrusted text as one
// visible line, safe file names for result files.

/** A line that starts a command (`ip link ...`, `iptables -A ...`): shown as code, never joined to the next. */
export const COMMAND = /^\s*(ip\s+((netns|link|addr|address|route|neigh|rule)\b|-\S)|(iptables|tcpdump|ping|nc|conntrack|sysctl)\s+-\S)/;

/**
 * A quiz text (prompt, explanation) as its author meant it: the YAML keeps the author's line
 * wraps, which are not line breaks. A newline stays after a sentence (. ? ! :) or before a
 * list item or an indented line; blank lines separate paragraphs; other newlines are spaces.
 */
export function unwrap(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  let out = '';
  lines.forEach((line, i) => {
    out += line.trimEnd();
    const next = lines[i + 1];
    if (next === undefined) return;
    const keep =
      line.trim() === '' ||
      next.trim() === '' ||
      /[.?!:]["')\]]?$/.test(line.trimEnd()) ||
      /^(\s|[-*•]\s|\d+[.)]\s)/.test(next) ||
      // A command written on a line of its own ends there.
      COMMAND.test(line);
    out += keep ? '\n' : ' ';
  });
  return out.replace(/\n{3,}/g, '\n\n');
}

/** One line of visible text from untrusted input: control characters shown as U+FFFD, cut at `max` characters. */
export function displayText(text: string, max = 200): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * A file name part from any text: letters, digits, dot, dash and underscore kept (accented
 * letters too), every other run of characters one dash, at most `max` characters.
 */
export function safeFilePart(text: string, max = 60): string {
  const part = text
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/[-.]+$/g, '');
  return part || 'unnamed';
}

/** "<assignment title>-<student>-attempt-N.json", safe on every file system. */
export function resultFileName(title: string, student: string, attempt: number): string {
  return `${safeFilePart(title)}-${safeFilePart(student)}-attempt-${attempt}.json`;
}
