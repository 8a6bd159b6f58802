// Work a page does ahead of need (starting the engine worker) waits for the page to be idle
// after its load event, so it never competes with the page's own loading.

/** Where requestIdleCallback is missing (Safari): start this long after load. */
const IDLE_FALLBACK_MS = 1_000;
/** Longest wait for an idle moment after load. */
const IDLE_TIMEOUT_MS = 3_000;

/** Runs `run` once the page is idle after its load event (what a page does with the engine ahead of need). */
export function whenIdleAfterLoad(run: () => void): void {
  const idle = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(run, IDLE_FALLBACK_MS);
  };
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}
