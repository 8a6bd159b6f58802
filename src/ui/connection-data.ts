// The connection view's data: the engine's timeline of one flow (src/lab/connection-timeline.ts,
// computed in the worker: `lab.connection`) turned into what the view shows (connection-view.ts).
// Pure apart from loadConnection, which asks the worker.

import type { ConnectionTimeline, CtSide, FlowInfo, SocketSide, TimelineStep } from '../lab/connection-timeline.ts';
import { callEngine } from './engine/client.ts';
import type { ViewConntrack, ViewEnd, ViewFlow, ViewStep } from './connection-view.ts';

/** A flow as the flow selector lists it. */
export interface FlowChoice {
  readonly id: string;
  readonly label: string;
}

export function flowLabel(f: FlowInfo): string {
  const end = (e: FlowInfo['client']): string => (e.port === undefined ? e.addr : `${e.addr}:${e.port}`);
  const id = f.proto === 'icmp' && f.icmpId !== undefined ? `, id ${f.icmpId}` : '';
  return `${f.proto.toUpperCase()} ${end(f.client)} → ${end(f.server)}${id} (${f.packets} packet${f.packets === 1 ? '' : 's'})`;
}

function endView(info: FlowInfo['client'], side: SocketSide, after: boolean): ViewEnd {
  const state = after ? side.after : side.before;
  return {
    ns: info.ns ?? side.ns ?? '(outside the scenario)',
    address: info.port === undefined ? info.addr : `${info.addr}:${info.port}`,
    state,
    path: after && side.before !== side.after ? (side.path.length > 1 ? side.path : [side.before, side.after]) : [],
    why: after ? side.why : undefined,
  };
}

function ctView(c: CtSide, after: boolean): ViewConntrack {
  const entry = after ? (c.after ?? (c.change === 'destroyed' ? c.before : undefined)) : c.before;
  const change: ViewConntrack['change'] = !after ? (c.before ? 'unchanged' : 'none') : c.change === 'absent' ? 'none' : c.change;
  const changes: string[] = [];
  if (after && c.before && c.after) {
    if (c.before.tcpState !== c.after.tcpState) changes.push('state');
    if (c.before.unreplied !== c.after.unreplied) changes.push('unreplied');
    if (c.before.assured !== c.after.assured) changes.push('assured');
    if (c.before.expiresAt !== c.after.expiresAt) changes.push('timeout');
  } else if (after && c.change === 'created') {
    changes.push('state', 'unreplied', 'timeout');
  }
  return {
    ns: c.ns,
    change,
    ctstate: after ? c.ctstate : undefined,
    state: entry?.tcpState,
    unreplied: entry?.unreplied ?? false,
    assured: entry?.assured ?? false,
    timeout: change === 'destroyed' ? undefined : entry?.timeout,
    line: change === 'destroyed' ? undefined : entry?.line,
    changed: changes,
  };
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

function fateText(step: TimelineStep, proto: string): { fate?: string; dropped?: boolean } {
  const fate = step.fate;
  if (!fate) return {};
  // For TCP the socket panels say what the segment did there, in ss's words.
  if (fate.kind === 'delivered') return { fate: proto === 'tcp' ? `Reaches ${fate.ns}.` : `Reaches ${fate.ns}: ${fate.note}` };
  if (fate.kind === 'dropped') {
    const answer = fate.answer ? ` The kernel answers with ${fate.answer.kind === 'rst' ? 'a reset' : 'an ICMP error'}: ${fate.answer.summary}` : '';
    return { fate: `Dropped in ${fate.ns}: ${fate.reason}.${answer}`, dropped: true };
  }
  return { fate: fate.note };
}

function stepView(timeline: ConnectionTimeline, step: TimelineStep): ViewStep {
  const { flow } = timeline;
  const line = step.lines[0];
  return {
    title: step.kind === 'packet' ? step.note : `No packet: ${step.note}`,
    time: seconds(step.t),
    wire:
      step.kind === 'packet'
        ? { line: line?.line ?? step.summary, toServer: step.direction !== 'to-client', seenAt: line?.capture }
        : undefined,
    ...fateText(step, flow.proto),
    client: endView(flow.client, step.client, true),
    server: endView(flow.server, step.server, true),
    conntrack: step.conntrack.map((c) => ctView(c, true)),
  };
}

/** The view of a timeline: step 0 is the moment before its first step, then one step per packet or event. */
export function timelineView(timeline: ConnectionTimeline): ViewFlow {
  const { flow } = timeline;
  const first = timeline.steps[0];
  const before: ViewStep | undefined = first && {
    title: 'Before the first packet',
    client: endView(flow.client, first.client, false),
    server: endView(flow.server, first.server, false),
    conntrack: first.conntrack.map((c) => ctView(c, false)),
  };
  return {
    id: flow.id,
    label: flowLabel(flow),
    proto: flow.proto,
    steps: before ? [before, ...timeline.steps.map((s) => stepView(timeline, s))] : [],
    notes: timeline.notes,
  };
}

export interface LoadedConnection {
  readonly flows: readonly FlowChoice[];
  readonly view: ViewFlow;
}

/** The scenario text a component embedded in the page. */
function scenarioSource(id: string): string {
  const el = document.querySelector<HTMLScriptElement>(`script[data-scenario-source="${CSS.escape(id)}"]`);
  if (!el) throw new Error(`scenario ${id} is not embedded in this page`);
  return el.textContent ?? '';
}

const cache = new Map<string, Promise<ConnectionTimeline | undefined>>();

/** The engine's timeline of flow `flow` of a script, undefined when it has no such flow (cached per page: a lesson's views and exercises share it). */
export function findTimeline(source: string, flow: string): Promise<ConnectionTimeline | undefined> {
  const key = `${source}\n\u0000${flow}`;
  let answer = cache.get(key);
  if (!answer) {
    // A page keeps a few: a lesson's views and exercises, the playground's last run.
    if (cache.size > 16) cache.clear();
    answer = callEngine<ConnectionTimeline | undefined>('lab.connection', { source, flow });
    cache.set(key, answer);
    answer.catch(() => cache.delete(key));
  }
  return answer;
}

/** The same, when the flow must exist (a lesson's: its component checked it at build time). */
export async function timelineOf(source: string, flow: string): Promise<ConnectionTimeline> {
  const timeline = await findTimeline(source, flow);
  if (!timeline) throw new Error(`the script has no flow "${flow}"`);
  return timeline;
}

/** The same, for the scenario a component embedded in the page. */
export function scenarioTimeline(scenario: string, flow: string): Promise<ConnectionTimeline> {
  return Promise.resolve().then(() => timelineOf(scenarioSource(scenario), flow));
}

/** The flow `flow` of the scenario a component embedded (a flow id, or text its first packet's summary contains), from the engine worker. */
export async function loadConnection(scenario: string, flow: string): Promise<LoadedConnection> {
  const timeline = await timelineOf(scenarioSource(scenario), flow);
  return { flows: timeline.flows.map((f) => ({ id: f.id, label: flowLabel(f) })), view: timelineView(timeline) };
}

/** The same, for a script's text (the playground's run); undefined when the script has no TCP, UDP or ICMP flow. */
export async function loadConnectionOf(source: string, flow: string): Promise<LoadedConnection | undefined> {
  const timeline = await findTimeline(source, flow);
  if (!timeline) return undefined;
  return { flows: timeline.flows.map((f) => ({ id: f.id, label: flowLabel(f) })), view: timelineView(timeline) };
}
