// `netsim trace`: the walk of every packet, step by step, for people.
// Steps of one packet are grouped under a header; packets appear in the order they were born.

import { describeDropReason, deviceOf, groupByPacket, type TraceEvent } from '../net/trace.ts';
import { formatSaveRule } from './iptables/format.ts';

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

/** The step's sentence; a rule that matched is named by its own text, as `iptables -S` prints it. */
function note(e: TraceEvent): string {
  if (e.step !== 'rule') return e.note;
  const rule = formatSaveRule(e.chain, { spec: e.spec, counters: { packets: 0, bytes: 0 } }, false).trim();
  return `${e.table === 'filter' ? '' : `-t ${e.table} `}${rule} matched${e.verdict === '(no target)' ? ' (it only counts)' : ` -> ${e.verdict}`}`;
}

export function formatTrace(events: readonly TraceEvent[]): string {
  const out: string[] = [];
  for (const [id, steps] of groupByPacket(events)) {
    const first = steps[0]!;
    out.push(`Packet ${id}: ${first.summary}`);
    const placeWidth = Math.max(...steps.map((s) => place(s).length));
    const labelWidth = Math.max(...steps.map((s) => label(s).length));
    for (const s of steps) {
      out.push(`  ${seconds(s.t)}  ${place(s).padEnd(placeWidth)}  ${label(s).padEnd(labelWidth)}  ${note(s)}`);
    }
    out.push('');
  }
  return out.join('\n');
}
