// A lesson's labs in the one engine worker (src/ui/engine): each scenario the page embeds runs
// there once, from the same text, and its lab model comes back to the islands that grade and
// show it. The page starts with the small islands only; the engine starts when the page is idle
// after load, or when an exercise comes near the viewport, whichever comes first, and the labs
// of the page run then, so a learner's first Check answers without a download or an engine start.

import type { LabModel } from '../../lab/lab-model.ts';
import { callEngine, warmEngine } from '../engine/client.ts';
import { whenIdleAfterLoad } from '../engine/idle.ts';

const models = new Map<string, Promise<LabModel>>();

/** The scenario text a component embedded in the page (`<script type="text/plain" data-scenario-source="id">`). */
function scenarioSource(id: string): string {
  const el = document.querySelector<HTMLScriptElement>(`script[data-scenario-source="${CSS.escape(id)}"]`);
  if (!el) throw new Error(`scenario ${id} is not embedded in this page`);
  return el.textContent ?? '';
}

/** The lab model of scenario `id`, run once per page in the engine worker. */
export function labModel(id: string): Promise<LabModel> {
  let model = models.get(id);
  if (!model) {
    model = Promise.resolve(id).then((scenario) => callEngine<LabModel>('lab.model', scenarioSource(scenario)));
    models.set(id, model);
    // A run that failed (the worker could not load, say) is tried again at the next ask.
    model.catch(() => models.delete(id));
  }
  return model;
}

// ---- starting early ---------------------------------------------------------------------------

/** How far below the viewport an exercise starts its lab: about a screen ahead of the reader. */
const AHEAD = '100% 0px';
const scenarios = new Set<string>();
let started = false;
let observer: IntersectionObserver | undefined;

function runAhead(scenario: string): void {
  labModel(scenario).catch(() => {
    // Nothing to say yet: a Check asks again and shows the reason.
  });
}

/** Starts the engine and runs every lab of the page (once). */
function startLabs(): void {
  if (started) return;
  started = true;
  observer?.disconnect();
  observer = undefined;
  warmEngine();
  for (const scenario of scenarios) runAhead(scenario);
}

/**
 * An island that needs scenario `scenario`: its lab runs when the page is idle after load, or
 * as soon as `element` comes near the viewport.
 */
export function prepareLab(element: Element, scenario: string): void {
  if (!scenario) return;
  scenarios.add(scenario);
  if (started) {
    runAhead(scenario);
    return;
  }
  if (scenarios.size === 1) whenIdleAfterLoad(startLabs);
  if (typeof IntersectionObserver !== 'function') return;
  observer ??= new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) startLabs();
  }, { rootMargin: AHEAD });
  observer.observe(element);
}

export { announce } from '../announce.ts';
