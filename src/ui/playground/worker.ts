// The playground's engine, in a module Web Worker: the page posts a script, the worker runs it
// with runPlayground (src/playground/run.ts) and posts the lab model back. A run that never
// ends is the page's problem: it terminates this worker after a wall-clock timeout and starts
// a new one, so nothing here needs to be interruptible.

import { runPlayground } from '../../playground/run.ts';
import { SYSCTL_KEYS } from '../../cli/sysctl/sysctl.ts';
import { MATCH_EXTENSIONS, TARGET_EXTENSIONS, findMatchDef, findTargetDef } from '../../cli/iptables/extensions.ts';
import { CT_STATE_ORDER } from '../../cli/iptables/extensions/conntrack.ts';
import { ICMP_NAMES } from '../../cli/iptables/extensions/icmp.ts';
import type { FromWorker, RunResult, ToWorker, Vocabulary } from './protocol.ts';

const scope = self as unknown as { postMessage(message: FromWorker): void; onmessage: ((event: MessageEvent<ToWorker>) => void) | null };

function vocabulary(): Vocabulary {
  const extensionOptions: Record<string, string[]> = {};
  const supported = (names: ReadonlySet<string>, find: typeof findMatchDef): string[] =>
    [...names].filter((name) => name !== 'standard' && find(name) !== undefined);
  const targets = supported(TARGET_EXTENSIONS, findTargetDef);
  const matches = supported(MATCH_EXTENSIONS, findMatchDef);
  for (const [names, find] of [[targets, findTargetDef], [matches, findMatchDef]] as const) {
    for (const name of names) {
      const options = (find(name)?.options ?? []).filter((o) => !o.unsupported).map((o) => `--${o.name}`);
      if (options.length) extensionOptions[name] = options;
    }
  }
  return {
    sysctlKeys: SYSCTL_KEYS.map((k) => k.key),
    targets,
    matches,
    extensionOptions,
    icmpTypes: ICMP_NAMES.map((n) => n.name),
    ctStates: [...CT_STATE_ORDER],
  };
}

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type !== 'run') return;
  const t0 = performance.now();
  const run = runPlayground(message.source);
  const result: RunResult = { ...run, captures: run.captures.map(({ ns, dev, id, lines }) => ({ ns, dev, id, lines })) };
  scope.postMessage({ type: 'result', id: message.id, result, ms: Math.round(performance.now() - t0) });
};

scope.postMessage({ type: 'ready', vocabulary: vocabulary() });
