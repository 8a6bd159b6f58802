// The words the playground's editor completes, taken from the engine's own tables (sysctl keys,
// iptables extensions and their options, ICMP types, conntrack states): the worker sends them once,
// so they are never retyped in the page and never weigh on its first load.

import { SYSCTL_KEYS } from '../net/sysctl.ts';
import { MATCH_EXTENSIONS, TARGET_EXTENSIONS, findMatchDef, findTargetDef } from '../cli/iptables/extensions.ts';
import { CT_STATE_ORDER } from '../cli/iptables/extensions/conntrack.ts';
import { ICMP_NAMES } from '../cli/iptables/extensions/icmp.ts';
import type { Vocabulary } from './protocol.ts';

export function engineVocabulary(): Vocabulary {
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
