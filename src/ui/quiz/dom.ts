// Small DOM helpers for the quiz UI (no framework). Text always goes in through textContent,
// never innerHTML: quiz texts, student names and file names are shown inert.

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

/** Creates an element: `h('button', { type: 'button', class: 'x', 'aria-label': '...' }, 'text')`. Boolean true sets an empty attribute; false, null and undefined leave it out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

let counter = 0;
/** A document-unique id with a readable prefix. */
export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter.toString(36)}`;
}

/** One line of visible text from untrusted input: control characters shown as U+FFFD, cut at `max` characters. */
export function displayText(text: string, max = 200): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Saves text as a file through a temporary link (the browser's download). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
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

/** Announces a message through a polite live region of `root` (created on first use). */
export function announcer(root: HTMLElement): (text: string) => void {
  let region = root.querySelector<HTMLElement>(':scope > .quiz-announcer');
  if (!region) {
    region = h('div', { class: 'visually-hidden quiz-announcer', 'aria-live': 'polite' });
    root.append(region);
  }
  const r = region;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (text: string) => {
    r.textContent = '';
    clearTimeout(timer);
    // A new text node in a later task makes screen readers announce a repeated message too.
    timer = setTimeout(() => {
      r.textContent = text;
    }, 30);
  };
}
