// The lessons' engine methods: a lab's model from its scenario text (the text the page embeds),
// and a flow's connection timeline (the connection view).

import { connectionTimeline, recordConnections, type ConnectionTimeline, type FlowSelector, type RecordedRun } from '../../lab/connection-timeline.ts';
import { buildLabModel, type LabModel } from '../../lab/lab-model.ts';

/** The last scenario's run: choosing another flow of it runs nothing again. */
let lastRun: { readonly source: string; readonly recorded: RecordedRun } | undefined;

export const labHandlers = {
  /** The lab model of a scenario; a scenario that fails is an error (a lesson's scenarios never fail). */
  'lab.model'(source: string): LabModel {
    const model = buildLabModel(source);
    if (model.error) throw new Error(`line ${model.error.line}: ${model.error.message}`);
    return model;
  },
  /**
   * One flow of a scenario, packet by packet, with both ends' socket states and conntrack
   * (src/lab/connection-timeline.ts); `flow` picks it (a flow id, or text of a packet's summary).
   * Undefined when the scenario has no such flow.
   */
  'lab.connection'(arg: { readonly source: string; readonly flow?: FlowSelector }): ConnectionTimeline | undefined {
    if (lastRun?.source !== arg.source) lastRun = { source: arg.source, recorded: recordConnections(arg.source) };
    return connectionTimeline(lastRun.recorded, arg.flow);
  },
};
