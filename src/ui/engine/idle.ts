// Work a page does ahead of need (starting the engine worker) waits for the page to be idle
// after its load event, so it never competes with the page's own loading.

/** How long to wait for an idle moment after load, and the delay where requestIdleCallback is missing (Safari). */
export interface IdleTiming {
  readonly timeoutMs: number;
  readonly fallbackMs: number;
}

/** A lesson's or the playground's engine start: within 3 s of load, 1 s after it without requestIdleCallback. */
const ENGINE_IDLE: IdleTiming = { timeoutMs: 3_000, fallbackMs: 1_000 };

/** Runs `run` once the page is idle after its load event (never before it). */
export function whenIdleAfterLoad(run: () => void, timing: IdleTiming = ENGINE_IDLE): void {
  const idle = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: timing.timeoutMs });
    else setTimeout(run, timing.fallbackMs);
  };
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle, { once: true });
}

/**
 * Gives the main thread back to the browser (input, rendering) before the caller goes on, in a
 * new task: a page's start-up split into tasks that each stay under the 50 ms of a long task on a
 * slow phone.
 */
export const yieldToMain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
