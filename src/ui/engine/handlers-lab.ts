// The lessons' engine methods: a lab's model from its scenario text (the text the page embeds).

import { buildLabModel, type LabModel } from '../../lab/lab-model.ts';

export const labHandlers = {
  /** The lab model of a scenario; a scenario that fails is an error (a lesson's scenarios never fail). */
  'lab.model'(source: string): LabModel {
    const model = buildLabModel(source);
    if (model.error) throw new Error(`line ${model.error.line}: ${model.error.message}`);
    return model;
  },
};
