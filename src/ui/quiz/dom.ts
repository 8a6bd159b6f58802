// Small DOM helpers for the quiz UI (no framework). Text always goes in through textContent,
// never innerHTML: quiz texts, student names and file names are shown inert.

import { parseInline, parseMarkdown, type Inline } from '../../quiz/text.ts';

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

/** What `h`, `svg` and `append` need of a document: the page's, or the build's (static-dom.ts). */
export type DocumentLike = Pick<Document, 'createElement' | 'createElementNS' | 'createTextNode'>;

let builder: DocumentLike | undefined;
const doc = (): DocumentLike => builder ?? document;

/** Makes `h`, `svg` and `append` build with `d` until the returned function is called. */
export function useDocument(d: DocumentLike): () => void {
  const was = builder;
  builder = d;
  return () => {
    builder = was;
  };
}

/** Creates an element: `h('button', { type: 'button', class: 'x', 'aria-label': '...' }, 'text')`. Boolean true sets an empty attribute; false, null and undefined leave it out. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = doc().createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = doc().createElementNS(SVG_NS, tag);
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
    parent.append(typeof child === 'string' ? doc().createTextNode(child) : child);
  }
}

const counters: Record<string, number> = { '': 0 };
let space = '';
/** A document-unique id with a readable prefix ("q-7"; built at build time, "q-s7": the two never meet). */
export function uid(prefix: string): string {
  counters[space] = (counters[space] ?? 0) + 1;
  return `${prefix}-${space}${counters[space]!.toString(36)}`;
}

/** Makes `uid` count in its own sequence, named `name`, until the returned function is called. */
export function useUidSpace(name: string): () => void {
  const was = space;
  space = name;
  return () => {
    space = was;
  };
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

function inlineNodes(content: readonly Inline[]): (Node | string)[] {
  return content.map((x) => (x.kind === 'text' ? x.text : x.kind === 'code' ? h('code', {}, x.text) : h('br')));
}

/**
 * A quiz text (prompt, explanation) written in the quiz Markdown subset (src/quiz/text.ts) as
 * elements: paragraphs, code blocks (<pre tabindex=0><code>), lists; code spans as <code>.
 * Built with textContent only: an author's "<b>" is shown as those characters.
 */
export function markdownNodes(text: string): HTMLElement[] {
  return parseMarkdown(text).map((b) => {
    if (b.kind === 'paragraph') return h('p', {}, ...inlineNodes(b.content));
    if (b.kind === 'code') return h('pre', { class: 'quiz-code-block', tabindex: 0 }, h('code', {}, b.text));
    const items = b.items.map((it) => h('li', {}, ...inlineNodes(it)));
    return b.ordered ? h('ol', { start: b.start === 1 ? undefined : b.start }, ...items) : h('ul', {}, ...items);
  });
}

/** A one-line quiz text (an option, a label) with its code spans as <code>, as inline nodes. */
export function inlineMarkdown(text: string): (Node | string)[] {
  return inlineNodes(parseInline(text));
}
