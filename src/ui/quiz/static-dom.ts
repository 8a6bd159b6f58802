// A document for the build: just enough of the DOM for the quiz cards (card.ts, questions/,
// topology.ts) to be built in Node and written out as HTML, so that a practice page carries its
// questions in its HTML (src/pages/quizzes/[id].astro) and the browser builds the very same
// markup when it hydrates them (mount.ts). Only what building a card touches is here: elements
// and text, attributes, the properties that reflect to attributes, a select's value, a
// textarea's text. Events are never fired at build time, so listeners are dropped.
//
// `renderStatic(build)` runs `build` with dom.ts's `h`/`svg` making these nodes (and ids from
// their own sequence, "q-s1", so that they never meet the browser's) and returns what `build`
// returned; `outerHtml` serializes a node. An unknown property set on a node is an error here
// (not a silent difference from the browser): add it below if a card starts to use one.

import { useDocument, useUidSpace, type DocumentLike } from './dom.ts';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const SVG_NS = 'http://www.w3.org/2000/svg';

const escapeText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\u00a0/g, '&nbsp;');

class StaticText {
  parentNode: StaticElement | null = null;
  data: string;
  constructor(data: string) {
    this.data = data;
  }
  get textContent(): string {
    return this.data;
  }
  html(): string {
    return escapeText(this.data);
  }
}

type StaticNode = StaticElement | StaticText;

class StaticClassList {
  private readonly el: StaticElement;
  constructor(el: StaticElement) {
    this.el = el;
  }
  private get list(): string[] {
    return (this.el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean);
  }
  contains(name: string): boolean {
    return this.list.includes(name);
  }
  add(...names: string[]): void {
    const l = this.list;
    for (const n of names) if (!l.includes(n)) l.push(n);
    this.el.setAttribute('class', l.join(' '));
  }
  remove(...names: string[]): void {
    this.el.setAttribute('class', this.list.filter((n) => !names.includes(n)).join(' '));
  }
  toggle(name: string, force?: boolean): boolean {
    const on = force ?? !this.contains(name);
    if (on) this.add(name);
    else this.remove(name);
    return on;
  }
}

class StaticElement {
  readonly tagName: string;
  readonly namespaceURI: string | null;
  parentNode: StaticElement | null = null;
  childNodes: StaticNode[] = [];
  private readonly attrs = new Map<string, string>();
  readonly classList = new StaticClassList(this);

  constructor(tag: string, ns: string | null) {
    this.tagName = ns === SVG_NS ? tag : tag.toUpperCase();
    this.namespaceURI = ns;
  }

  private get tag(): string {
    return this.namespaceURI === SVG_NS ? this.tagName : this.tagName.toLowerCase();
  }

  // ---- attributes
  setAttribute(name: string, value: string): void {
    this.attrs.set(name.toLowerCase() === name || this.namespaceURI === SVG_NS ? name : name.toLowerCase(), String(value));
  }
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
  hasAttribute(name: string): boolean {
    return this.attrs.has(name);
  }
  removeAttribute(name: string): void {
    this.attrs.delete(name);
  }
  toggleAttribute(name: string, force?: boolean): boolean {
    const on = force ?? !this.attrs.has(name);
    if (on) this.attrs.set(name, this.attrs.get(name) ?? '');
    else this.attrs.delete(name);
    return on;
  }

  // ---- reflected properties (the ones building a card sets or reads)
  private bool(name: string, on: boolean): void {
    if (on) this.attrs.set(name, '');
    else this.attrs.delete(name);
  }
  get hidden(): boolean {
    return this.attrs.has('hidden');
  }
  set hidden(on: boolean) {
    this.bool('hidden', on);
  }
  get disabled(): boolean {
    return this.attrs.has('disabled');
  }
  set disabled(on: boolean) {
    this.bool('disabled', on);
  }
  get placeholder(): string {
    return this.attrs.get('placeholder') ?? '';
  }
  set placeholder(text: string) {
    this.attrs.set('placeholder', text);
  }
  get title(): string {
    return this.attrs.get('title') ?? '';
  }
  set title(text: string) {
    this.attrs.set('title', text);
  }
  get id(): string {
    return this.attrs.get('id') ?? '';
  }
  set id(text: string) {
    this.attrs.set('id', text);
  }
  set tabIndex(n: number) {
    this.attrs.set('tabindex', String(n));
  }
  get rows(): number {
    return Number(this.attrs.get('rows') ?? 2);
  }
  get scrollTop(): number {
    return 0;
  }
  set scrollTop(_n: number) {
    /* nothing scrolls at build time */
  }
  get checked(): boolean {
    return this.attrs.has('checked');
  }
  get selected(): boolean {
    return this.attrs.has('selected');
  }
  /** An input's value attribute, a textarea's text, a select's chosen option. */
  get value(): string {
    if (this.tag === 'textarea') return this.textContent;
    if (this.tag === 'select') {
      const options = this.options();
      const chosen = options.find((o) => o.selected) ?? options[0];
      return chosen ? (chosen.getAttribute('value') ?? chosen.textContent) : '';
    }
    return this.attrs.get('value') ?? '';
  }
  set value(v: string) {
    if (this.tag === 'textarea') this.textContent = v;
    else if (this.tag === 'select') {
      for (const o of this.options()) o.bool('selected', (o.getAttribute('value') ?? o.textContent) === v);
    } else this.attrs.set('value', v);
  }
  private options(): StaticElement[] {
    return this.children.filter((c) => c.tag === 'option');
  }

  // ---- tree
  get children(): StaticElement[] {
    return this.childNodes.filter((c): c is StaticElement => c instanceof StaticElement);
  }
  get parentElement(): StaticElement | null {
    return this.parentNode;
  }
  private sibling(step: 1 | -1): StaticElement | null {
    const siblings = this.parentNode?.children ?? [];
    return siblings[siblings.indexOf(this) + step] ?? null;
  }
  get previousElementSibling(): StaticElement | null {
    return this.sibling(-1);
  }
  get nextElementSibling(): StaticElement | null {
    return this.sibling(1);
  }
  append(...nodes: (StaticNode | string)[]): void {
    for (const n of nodes) {
      const node = typeof n === 'string' ? new StaticText(n) : n;
      node.parentNode?.removeChild(node);
      node.parentNode = this;
      this.childNodes.push(node);
    }
  }
  replaceChildren(...nodes: (StaticNode | string)[]): void {
    for (const c of this.childNodes) c.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
  }
  insertBefore(node: StaticNode, before: StaticNode | null): void {
    node.parentNode?.removeChild(node);
    const at = before ? this.childNodes.indexOf(before) : -1;
    node.parentNode = this;
    if (at < 0) this.childNodes.push(node);
    else this.childNodes.splice(at, 0, node);
  }
  removeChild(node: StaticNode): void {
    const at = this.childNodes.indexOf(node);
    if (at >= 0) this.childNodes.splice(at, 1);
    node.parentNode = null;
  }
  remove(): void {
    this.parentNode?.removeChild(this);
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
  set textContent(text: string) {
    this.replaceChildren(...(text === '' ? [] : [text]));
  }

  // ---- events and focus do nothing at build time
  addEventListener(): void {}
  removeEventListener(): void {}
  focus(): void {}

  html(): string {
    const tag = this.tag;
    const attrs = [...this.attrs].map(([k, v]) => (v === '' && this.namespaceURI !== SVG_NS ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`)).join('');
    if (VOID.has(tag) && this.namespaceURI !== SVG_NS) return `<${tag}${attrs}>`;
    let inner = this.childNodes.map((c) => c.html()).join('');
    // The HTML parser drops a newline right after <pre> or <textarea>: keep a leading one.
    if ((tag === 'pre' || tag === 'textarea') && inner.startsWith('\n')) inner = `\n${inner}`;
    return `<${tag}${attrs}>${inner}</${tag}>`;
  }
}

/** Properties the cards may set; anything else set on a build-time node is a mistake caught at once. */
function guarded(el: StaticElement): StaticElement {
  return new Proxy(el, {
    set(target, key, value, receiver) {
      if (typeof key === 'string' && !(key in target)) {
        // An expando (a card keeping a handle on a node) is harmless; a DOM property we do not model is not.
        if (/^(on[a-z]+|innerHTML|outerHTML|className|style|dataset|checked|selected|indeterminate|open)$/.test(key)) {
          throw new Error(`static-dom: setting .${key} at build time is not supported`);
        }
      }
      return Reflect.set(target, key, value, receiver);
    },
  });
}

const staticDocument: DocumentLike = {
  createElement: (tag: string) => guarded(new StaticElement(tag, null)) as unknown as HTMLElement,
  createElementNS: (ns: string, tag: string) => guarded(new StaticElement(tag, ns)) as unknown as Element,
  createTextNode: (text: string) => new StaticText(text) as unknown as Text,
} as DocumentLike;

/** Runs `build` with dom.ts making build-time nodes (and "-s" ids), and gives back its value. */
export function renderStatic<T>(build: () => T): T {
  const restoreDocument = useDocument(staticDocument);
  const restoreUid = useUidSpace('s');
  try {
    return build();
  } finally {
    restoreUid();
    restoreDocument();
  }
}

/** The HTML of a node built inside renderStatic. */
export function outerHtml(node: Element | HTMLElement): string {
  if (!(node instanceof StaticElement)) throw new Error('outerHtml: not a node built by renderStatic');
  return node.html();
}
