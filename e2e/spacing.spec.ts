// Words glued to a code or link element ("playgroundto change", "counters andconntrack",
// "runs;Ctrl", "iproute2,iptables"): Astro and MDX drop the whitespace between an inline element
// and a line break, and the page reads the two words as one. This scans every built page as the
// browser lays it out: two neighbouring runs of text in the same line box (only display:inline
// elements between them) where a word or a "," / ";" meets the next word with no space.

import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test, expect } from './fixtures.ts';

/** Every page of the built site, as a URL path ("/lessons/bridges/two-bridges/"). */
function builtPages(): string[] {
  const root = 'dist';
  const pages: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== '_astro') walk(path);
      } else if (name === 'index.html') {
        pages.push(`/${relative(root, dir).split(sep).join('/')}/`.replace(/^\/\/$/, '/'));
      }
    }
  };
  walk(root);
  return pages.sort();
}

const pages = builtPages();

test('the built site has pages to scan', () => {
  expect(pages.length).toBeGreaterThan(20);
  expect(pages).toContain('/');
});

// One browser per project is enough: the gluing is in the markup, not in the viewport.
test.describe('no word is glued to an inline element', () => {
  test.skip(({ isMobile }) => isMobile, 'the markup is the same at every width; the desktop run scans it');
  for (const path of pages) {
    test(path, async ({ page }) => {
      await page.goto(path);
      const glued = await page.evaluate(() => {
        const SKIP = new Set(['PRE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'TEMPLATE', 'svg', 'NOSCRIPT']);
        // The nearest ancestor that is not display:inline: two text runs glue only inside the same one.
        const lineBox = (node: Node): Element | null => {
          for (let el = node.parentElement; el; el = el.parentElement) {
            if (SKIP.has(el.tagName) || el.closest('pre, svg')) return null;
            const display = getComputedStyle(el).display;
            if (display === 'none') return null;
            if (display !== 'inline' && display !== 'contents') return el;
          }
          return null;
        };
        const found: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        let box: Element | null = null;
        let before = '';
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          const here = lineBox(node);
          if (here === null) {
            box = null;
            before = '';
            continue;
          }
          if (here !== box) before = '';
          box = here;
          if (text === '') continue;
          if (/[\p{L}\p{N};,]$/u.test(before) && /^[\p{L}\p{N}]/u.test(text)) {
            found.push(`"${before.slice(-25).trimStart()}|${text.slice(0, 25).trimEnd()}"`);
          }
          before = text;
        }
        return found;
      });
      expect(glued, `words glued across an inline element on ${path} (the | marks the join)`).toEqual([]);
    });
  }
});
