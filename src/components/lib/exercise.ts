// Build-time helpers shared by the exercise components: the exercise's stable id (lesson id
// from the page URL plus the id the lesson gives it), DOM ids, and the addresses a scenario's
// topology offers as choices. Answers are never computed here: the browser's engine does that.

import type { LabModel } from '../../lab/lab-model.ts';

/** "bridges/two-bridges" from "/lessons/bridges/two-bridges/". */
function lessonIdOf(url: URL): string {
  const m = /\/lessons\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  return m ? `${m[1]}/${m[2]}` : url.pathname.replace(/^\/|\/$/g, '');
}

export function exerciseIdOf(url: URL, id: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`exercise id "${id}" must be lowercase words joined by dashes`);
  return `${lessonIdOf(url)}#${id}`;
}

export function domId(exerciseId: string): string {
  return `ex-${exerciseId.replace(/[^a-z0-9]+/gi, '-')}`;
}

/** Every address of the topology (hosts, not prefixes), sorted numerically. */
export function topologyAddresses(model: LabModel): string[] {
  const all = new Set<string>();
  for (const ns of model.topology.namespaces) for (const dev of ns.devices) for (const a of dev.addresses) all.add(a.split('/')[0]!);
  const key = (a: string) => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
  return [...all].sort((a, b) => key(a) - key(b));
}

export { optionGroups } from '../../lab/option-groups.ts';

/** The tcpdump command of the scenario that captures at "NETNS DEV", as the learner would type it. */
export function captureCommand(model: LabModel, capture: string): string {
  const [ns, dev] = capture.split(' ');
  const prefix = ns === 'default' ? '' : `ip netns exec ${ns} `;
  const line = model.commands.find((c) => c.startsWith(`${prefix}tcpdump `) && new RegExp(`(^|\\s)-i\\s+${dev}(\\s|$)`).test(c.slice(prefix.length)));
  return (line ?? `${prefix}tcpdump -n -i ${dev}`).replace(/\s*&$/, '');
}
