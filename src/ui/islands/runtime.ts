// Loads the engine on demand and runs a lab's scenario in the browser, once per scenario.
// The engine is a separate chunk (dynamic import): a lesson page starts with the small
// islands only, and fetches the engine when a learner first asks for an answer.

import type { LabModel } from '../../lab/lab-model.ts';

const models = new Map<string, Promise<LabModel>>();

/** The scenario text a component embedded in the page (`<script type="text/plain" data-scenario-source="id">`). */
function scenarioSource(id: string): string {
  const el = document.querySelector<HTMLScriptElement>(`script[data-scenario-source="${CSS.escape(id)}"]`);
  if (!el) throw new Error(`scenario ${id} is not embedded in this page`);
  return el.textContent ?? '';
}

export function labModel(id: string): Promise<LabModel> {
  let model = models.get(id);
  if (!model) {
    model = import('../../lab/lab-model.ts').then(({ buildLabModel }) => {
      const built = buildLabModel(scenarioSource(id));
      if (built.error) throw new Error(`line ${built.error.line}: ${built.error.message}`);
      return built;
    });
    models.set(id, model);
  }
  return model;
}

export { announce } from '../announce.ts';
