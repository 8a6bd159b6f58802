// extensions/libipt_REJECT.c: --reject-with TYPE (a full name or its alias, by case-blind prefix).

import type { RejectWith } from '../../../net/netfilter/rule.ts';
import { isCasePrefix } from '../cstring.ts';
import { parameterProblem } from '../errors.ts';
import type { ExtensionDef } from './xtoptions.ts';

export interface RejectData {
  readonly ext: 'REJECT';
  with: RejectWith;
}

/** reject_table_xlate order: the name and its alias. */
const REJECT_TABLE: readonly (readonly [RejectWith, string])[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

export const REJECT: ExtensionDef<RejectData> = {
  name: 'REJECT',
  x6: true,
  options: [{ name: 'reject-with', id: 0, hasArg: 1 }],
  create: () => ({ ext: 'REJECT', with: 'icmp-port-unreachable' }),
  parse(data, _option, arg) {
    const hit = REJECT_TABLE.find(([name, alias]) => isCasePrefix(name, arg) || isCasePrefix(alias, arg));
    if (!hit) {
      const before = isCasePrefix('echo-reply', arg) || isCasePrefix('echoreply', arg) ? '--reject-with echo-reply no longer supported\n' : '';
      throw parameterProblem(`unknown reject type "${arg}"`, before);
    }
    data.with = hit[0];
  },
};
