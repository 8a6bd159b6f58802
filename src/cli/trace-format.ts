// `netsim trace`: the walk of every packet, step by step, for people.
// Steps of one packet are grouped under a header; packets appear in the order they were born.

import { describeDropReason, deviceOf, groupByPacket, type TraceEvent } from '../net/trace.ts';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(3)}s`;
}

function place(e: TraceEvent): string {
  const dev = deviceOf(e);
  return `${e.ns}${dev ? ` ${dev}` : ''}`;
}

function label(e: TraceEvent): string {
  switch (e.step) {
    case 'hook':
      return e.hook;
    case 'rule':
    case 'policy':
      return `${e.table} ${e.chain}`;
    case 'drop':
      return `DROP (${describeDropReason(e.reason)})`;
    default:
      return e.step;
  }
}

export function formatTrace(events: readonly TraceEvent[]): string {
  const out: string[] = [];
  for (const [id, steps] of groupByPacket(events)) {
    const first = steps[0]!;
    out.push(`Packet ${id}: ${first.summary}`);
    const placeWidth = Math.max(...steps.map((s) => place(s).length));
    const labelWidth = Math.max(...steps.map((s) => label(s).length));
    for (const s of steps) {
      out.push(`  ${seconds(s.t)}  ${place(s).padEnd(placeWidth)}  ${label(s).padEnd(labelWidth)}  ${s.note}`);
    }
    out.push('');
  }
  return out.join('\n');
}
