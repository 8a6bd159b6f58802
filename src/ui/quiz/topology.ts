// A question's topology as inline SVG, built in the browser from the same layout the lessons
// draw at build time (src/lab/topology-layout.ts, TopologySvg.astro): the narrow
// drawing, with the same classes, so src/styles/global.css styles it in both themes.

import type { TopologyLayout } from '../../lab/topology-layout.ts';
import { h, svg } from './dom.ts';

const MIN_FONT = 13;

export function topologyFigure(layout: TopologyLayout, description: string): HTMLElement {
  const minWidth = Math.ceil((layout.width * 12) / MIN_FONT);
  const maxWidth = Math.ceil(layout.width * 1.2);
  const pts = (points: readonly (readonly [number, number])[]): string => points.map(([x, y]) => `${x},${y}`).join(' ');
  const text = (l: TopologyLayout['devices'][number]['lines'][number]): SVGTextElement =>
    svg('text', { class: `topo-${l.cls}`, x: l.x, y: l.y, 'font-size': l.size }, l.text);
  const drawing = svg(
    'svg',
    {
      class: 'topo',
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      width: layout.width,
      height: layout.height,
      role: 'img',
      'aria-label': `Network topology: ${description}.`,
      style: `min-width:${minWidth}px;max-width:${maxWidth}px`,
    },
    ...layout.namespaces.map((n) => svg('g', { class: 'topo-ns', 'data-ns': n.ns }, svg('rect', { x: n.x, y: n.y, width: n.w, height: n.h, rx: 8 }), ...n.lines.map(text))),
    ...layout.devices
      .filter((d) => d.kind === 'bridge')
      .map((d) => svg('g', { class: `topo-dev topo-bridge${d.up ? '' : ' is-down'}` }, svg('rect', { x: d.x, y: d.y, width: d.w, height: d.h, rx: 6 }), ...d.lines.map(text))),
    ...layout.links.map((l) => svg('polyline', { class: 'topo-link', points: pts(l.points) })),
    ...layout.devices
      .filter((d) => d.kind !== 'bridge')
      .map((d) =>
        svg('g', { class: `topo-dev topo-${d.kind}${d.up ? '' : ' is-down'}${d.master ? ' topo-port' : ''}` }, svg('rect', { x: d.x, y: d.y, width: d.w, height: d.h, rx: 4 }), ...d.lines.map(text)),
      ),
  );
  const wrap = h('div', { class: 'lab-drawing' }, drawing);
  watchOverflow(wrap);
  return h('figure', { class: 'quiz-topology' }, wrap, h('figcaption', {}, `${description[0]?.toUpperCase() ?? ''}${description.slice(1)}.`));
}

/** A figure topologyFigure made (the page's HTML, hydrated): watched as topologyFigure watches its own. */
export function watchFigure(figure: HTMLElement): void {
  const wrap = figure.querySelector<HTMLElement>(':scope > .lab-drawing');
  if (wrap) watchOverflow(wrap);
}

/** A drawing wider than the screen scrolls sideways: then it takes the keyboard focus too (arrow keys scroll it). */
function watchOverflow(wrap: HTMLElement): void {
  if (typeof ResizeObserver === 'undefined') return;
  const update = (): void => {
    if (!wrap.isConnected) return;
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.tabIndex = 0;
      wrap.setAttribute('role', 'group');
      wrap.setAttribute('aria-label', 'Topology drawing (scrolls sideways)');
    } else {
      wrap.removeAttribute('tabindex');
      wrap.removeAttribute('role');
      wrap.removeAttribute('aria-label');
    }
  };
  new ResizeObserver(update).observe(wrap);
}
