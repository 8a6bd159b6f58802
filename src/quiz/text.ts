// Quiz text for people, with no DOM: an author's text (the Markdown subset below) as meant,
// untrusted text as one visible line, safe file names for result files.

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

// --- Markdown, the small subset quiz texts use ----------------------------------------------
//
// Prompts, explanations and option texts are Markdown, as much of it as a quiz needs:
//   `code spans`                 (any number of backticks, CommonMark style)
//   ```                          fenced code blocks (``` or ~~~, an optional language word)
//   paragraphs                   separated by blank lines; a single newline is a space
//   hard line breaks             a line ending in a backslash or two spaces
//   lists                        "- item", "* item", "1. item" (continuation lines indented)
//   \` \* \\ ...                 backslash escapes of ASCII punctuation
// Everything else is text: no raw HTML, no links, no emphasis. The result is data (blocks of
// inlines) that the UI turns into elements with textContent, so nothing an author writes can
// become markup.

export type Inline = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'code'; readonly text: string } | { readonly kind: 'break' };

export type Block =
  | { readonly kind: 'paragraph'; readonly content: readonly Inline[] }
  | { readonly kind: 'code'; readonly text: string; readonly lang?: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: readonly (readonly Inline[])[] };

const ESCAPABLE = /\\([!-/:-@[-`{-~])/g;

function pushText(out: Inline[], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + text };
  else out.push({ kind: 'text', text });
}

/** The inlines of one paragraph's or list item's text (its lines already joined with '\n'). */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let i = 0;
  let text = '';
  const flush = (): void => {
    pushText(out, text);
    text = '';
  };
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\' && source[i + 1] === '\n') {
      flush();
      out.push({ kind: 'break' });
      i += 2;
      continue;
    }
    if (c === '\\' && i + 1 < source.length && /[!-/:-@[-`{-~]/.test(source[i + 1]!)) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      let n = 0;
      while (source[i + n] === '`') n++;
      const fence = '`'.repeat(n);
      // The closing run: exactly n backticks.
      let j = i + n;
      let close = -1;
      while (j < source.length) {
        const k = source.indexOf(fence, j);
        if (k < 0) break;
        let m = 0;
        while (source[k + m] === '`') m++;
        if (m === n) {
          close = k;
          break;
        }
        j = k + m;
      }
      if (close < 0) {
        text += fence; // no closing run: literal backticks
        i += n;
        continue;
      }
      let code = source.slice(i + n, close).replace(/\n/g, ' ');
      if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
      flush();
      out.push({ kind: 'code', text: code });
      i = close + n;
      continue;
    }
    if (c === '\n') {
      // Two trailing spaces make a hard break; any other newline is a space.
      if (/ {2,}$/.test(text)) {
        text = text.replace(/ +$/, '');
        flush();
        out.push({ kind: 'break' });
      } else {
        text = text.replace(/ +$/, '');
        text += ' ';
      }
      i++;
      while (source[i] === ' ' || source[i] === '\t') i++;
      continue;
    }
    text += c;
    i++;
  }
  flush();
  // No space at the ends of the whole text.
  const first = out[0];
  if (first?.kind === 'text') out[0] = { kind: 'text', text: first.text.replace(/^\s+/, '') };
  const last = out[out.length - 1];
  if (last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text.replace(/\s+$/, '') };
  return out.filter((x) => x.kind !== 'text' || x.text !== '');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)\s*$/;
const BULLET = /^ {0,3}([-*+])\s+(.*)$/;
const ORDERED = /^ {0,3}(\d{1,9})[.)]\s+(.*)$/;

/** A quiz text as blocks. Never throws: anything it does not know is text. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  let para: string[] = [];
  const endParagraph = (): void => {
    if (para.length) {
      const content = parseInline(para.join('\n'));
      if (content.length) blocks.push({ kind: 'paragraph', content });
    }
    para = [];
  };
  while (i < lines.length) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      endParagraph();
      const marker = fence[1]!;
      const indent = line.length - line.trimStart().length;
      const body: string[] = [];
      i++;
      while (i < lines.length && !new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`).test(lines[i]!)) {
        const l = lines[i]!;
        const strip = Math.min(indent, l.length - l.trimStart().length);
        body.push(l.slice(strip));
        i++;
      }
      i++; // the closing fence (or the end of the text)
      blocks.push({ kind: 'code', text: body.join('\n'), ...(fence[2] ? { lang: fence[2] } : {}) });
      continue;
    }
    if (line.trim() === '') {
      endParagraph();
      i++;
      continue;
    }
    const bullet = BULLET.exec(line);
    // As in CommonMark, only "1." starts a numbered list inside a paragraph: a wrapped line that
    // happens to begin with "2. " stays text.
    const numbered = bullet ? null : ORDERED.exec(line);
    const ordered = numbered && (para.length === 0 || numbered[1] === '1') ? numbered : null;
    if (bullet || ordered) {
      endParagraph();
      const isOrdered = ordered !== null;
      const items: string[][] = [];
      const start = ordered ? Number(ordered[1]) : 1;
      while (i < lines.length) {
        const l = lines[i]!;
        const b = isOrdered ? ORDERED.exec(l) : BULLET.exec(l);
        if (b) {
          items.push([b[2]!]);
          i++;
        } else if (l.trim() !== '' && /^\s+/.test(l) && !FENCE.test(l) && items.length) {
          items[items.length - 1]!.push(l.trim());
          i++;
        } else break;
      }
      blocks.push({ kind: 'list', ordered: isOrdered, start, items: items.map((it) => parseInline(it.join('\n'))) });
      continue;
    }
    para.push(line);
    i++;
  }
  endParagraph();
  return blocks;
}

/** The text of inlines, code spans as their text. */
export function inlineText(content: readonly Inline[]): string {
  return content.map((x) => (x.kind === 'break' ? '\n' : x.text)).join('');
}

/**
 * A quiz text as plain text (for a feedback line, a CSV cell, an aria-label): code spans lose
 * their backticks, paragraphs and list items are lines, code blocks keep their lines.
 */
export function plainText(source: string): string {
  return parseMarkdown(source)
    .map((b) => {
      if (b.kind === 'paragraph') return inlineText(b.content);
      if (b.kind === 'code') return b.text;
      return b.items.map((it, n) => `${b.ordered ? `${b.start + n}.` : '-'} ${inlineText(it)}`).join('\n');
    })
    .join('\n');
}

/** Command-like text outside code: what an author should have put in `code` (see commandsOutsideCode). */
const BARE_COMMAND =
  /(?:^|[\s(“"'])((?:iptables|ip6tables|tcpdump|ping|conntrack|sysctl|nc)\s+-{1,2}[A-Za-z]|ip\s+(?:netns|link|addr|address|route|neigh|rule)\s|-[AIDPN]\s+(?:INPUT|OUTPUT|FORWARD|PREROUTING|POSTROUTING)\b|-j\s+(?:SNAT|DNAT|MASQUERADE|ACCEPT|DROP|REJECT)\b|--(?:to-source|to-destination|icmp-type|ctstate|state)\b)/;

/**
 * The command-like pieces of a Markdown text that are not in a code span or block: a rule or a
 * command written as prose ("a runs ping -c 1 b"), which readers cannot tell from the sentence.
 */
export function commandsOutsideCode(source: string): string[] {
  const found: string[] = [];
  const scan = (content: readonly Inline[]): void => {
    for (const x of content) {
      if (x.kind !== 'text') continue;
      const m = BARE_COMMAND.exec(x.text);
      if (m) found.push(m[1]!.trim());
    }
  };
  for (const b of parseMarkdown(source)) {
    if (b.kind === 'paragraph') scan(b.content);
    else if (b.kind === 'list') b.items.forEach(scan);
  }
  return found;
}

/**
 * A misconception label for people. The grader writes labels with the variant's values replaced
 * by {{name}} so the same mistake counts once across variants ("hook: missed OUTPUT ({{cl}})");
 * shown as is, that reads as a broken template. Here each placeholder becomes ‹name›, a mark the
 * gradebook explains ("a value that differs between variants").
 */
export function labelForPeople(label: string): string {
  return label.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, '‹$1›');
}
