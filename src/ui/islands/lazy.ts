// Islands a learner steps through or answers with native controls alone (a packet walk, a
// connection view, a state exercise's radio buttons) are not part of the page's JavaScript before
// its load event: their element is in the HTML, drawn at
// build time, and its code is fetched when the page is idle after load, when the element comes
// near the viewport after load, or at once if the learner reaches for it (a pointer, a key, the
// focus on it) before either. The element upgrades then (customElements.define in the imported
// module), and a button clicked before it had its listener is clicked again.

import { whenIdleAfterLoad } from '../engine/idle.ts';

/** How far below the viewport a view starts loading: about a screen ahead of the reader. */
const AHEAD = '100% 0px';

/**
 * Imports `load` (the module that defines custom element `tag`) once, when the page needs it;
 * nothing happens on a page without a `tag` element.
 */
export function loadIslandWhenNeeded(tag: string, load: () => Promise<unknown>): void {
  const elements = [...document.querySelectorAll(tag)];
  if (elements.length === 0) return;
  let started = false;
  let observer: IntersectionObserver | undefined;
  let clickedEarly: HTMLButtonElement | undefined;
  const replayClick = (): void => {
    const button = clickedEarly;
    clickedEarly = undefined;
    if (button?.isConnected && !button.disabled) button.click();
  };
  const onEarlyClick = (event: Event): void => {
    if (customElements.get(tag)) return;
    clickedEarly = (event.target as Element).closest<HTMLButtonElement>('button') ?? undefined;
    start();
  };
  const start = (): void => {
    if (started) return;
    started = true;
    observer?.disconnect();
    for (const element of elements) for (const type of EARLY_EVENTS) element.removeEventListener(type, start);
    load()
      .then(() => customElements.whenDefined(tag))
      .then(replayClick)
      .catch((error: unknown) => {
        // A failed download (offline) is tried again at the next click on the view.
        started = false;
        console.warn(`${tag} could not be loaded: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
  for (const element of elements) {
    for (const type of EARLY_EVENTS) element.addEventListener(type, start);
    element.addEventListener('click', onEarlyClick);
  }
  whenIdleAfterLoad(start);
  const observeAfterLoad = (): void => {
    if (started || typeof IntersectionObserver !== 'function') return;
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) start();
    }, { rootMargin: AHEAD });
    for (const element of elements) observer.observe(element);
  };
  if (document.readyState === 'complete') observeAfterLoad();
  else addEventListener('load', observeAfterLoad, { once: true });
}

const EARLY_EVENTS = ['pointerdown', 'focusin', 'keydown'] as const;

/**
 * A lesson page's views and state exercises (<PacketWalk>, <ConnectionView>, <PredictState>): one
 * registration in the lesson page's script rather than a script per component, which would be a
 * file of its own in the page's first JavaScript. Nothing is fetched for a view the page has not.
 */
export function loadLessonViewsWhenNeeded(): void {
  loadIslandWhenNeeded('pp-packet-walk', () => import('./packet-walk.ts'));
  loadIslandWhenNeeded('pp-connection-view', () => import('./connection-view.ts'));
  loadIslandWhenNeeded('pp-predict-state', () => import('./predict-state.ts'));
}
