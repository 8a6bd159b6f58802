// `ip link add|set ... type bridge OPTIONS` (iproute2 iplink_bridge.c).

import { unsupported } from './errors.ts';
import { USAGE_BRIDGE } from './usage.ts';
import { getU16, getU32, getU8, invarg, matches, usage, type Words } from './utils.ts';

export interface BridgeOptions {
  /** centiseconds, as `ip` takes them (forward_delay 1500 = 15 s). */
  readonly forwardDelay?: number;
  readonly helloTime?: number;
  readonly maxAge?: number;
  readonly ageingTime?: number;
  readonly stpState?: number;
  readonly priority?: number;
  readonly vlanFiltering?: number;
  readonly mcastSnooping?: number;
  readonly nfCallIptables?: number;
  readonly nfCallIp6tables?: number;
  readonly nfCallArptables?: number;
}

const BRIDGE_OPTIONS: readonly { name: string; field?: keyof BridgeOptions; parse: (v: string) => number | undefined; bad: string }[] = [
  { name: 'forward_delay', field: 'forwardDelay', parse: getU32, bad: 'invalid forward_delay' },
  { name: 'hello_time', field: 'helloTime', parse: getU32, bad: 'invalid hello_time' },
  { name: 'max_age', field: 'maxAge', parse: getU32, bad: 'invalid max_age' },
  { name: 'ageing_time', field: 'ageingTime', parse: getU32, bad: 'invalid ageing_time' },
  { name: 'stp_state', field: 'stpState', parse: getU32, bad: 'invalid stp_state' },
  { name: 'priority', field: 'priority', parse: getU16, bad: 'invalid priority' },
  { name: 'vlan_filtering', field: 'vlanFiltering', parse: getU8, bad: 'invalid vlan_filtering' },
  { name: 'vlan_protocol', parse: () => undefined, bad: 'invalid vlan_protocol' },
  { name: 'group_fwd_mask', parse: () => undefined, bad: 'invalid group_fwd_mask' },
  { name: 'group_address', parse: () => undefined, bad: 'invalid group_address' },
  { name: 'fdb_flush', parse: () => undefined, bad: '' },
  { name: 'vlan_default_pvid', parse: () => undefined, bad: 'invalid vlan_default_pvid' },
  { name: 'vlan_stats_enabled', parse: () => undefined, bad: 'invalid vlan_stats_enabled' },
  { name: 'vlan_stats_per_port', parse: () => undefined, bad: 'invalid vlan_stats_per_port' },
  { name: 'mcast_router', parse: () => undefined, bad: 'invalid mcast_router' },
  { name: 'mcast_snooping', field: 'mcastSnooping', parse: getU8, bad: 'invalid mcast_snooping' },
  { name: 'mcast_vlan_snooping', parse: () => undefined, bad: 'invalid mcast_vlan_snooping' },
  { name: 'mcast_query_use_ifaddr', parse: () => undefined, bad: 'invalid mcast_query_use_ifaddr' },
  { name: 'mcast_querier', parse: () => undefined, bad: 'invalid mcast_querier' },
  { name: 'mcast_hash_elasticity', parse: () => undefined, bad: 'invalid mcast_hash_elasticity' },
  { name: 'mcast_hash_max', parse: () => undefined, bad: 'invalid mcast_hash_max' },
  { name: 'mcast_last_member_count', parse: () => undefined, bad: 'invalid mcast_last_member_count' },
  { name: 'mcast_startup_query_count', parse: () => undefined, bad: 'invalid mcast_startup_query_count' },
  { name: 'mcast_last_member_interval', parse: () => undefined, bad: 'invalid mcast_last_member_interval' },
  { name: 'mcast_membership_interval', parse: () => undefined, bad: 'invalid mcast_membership_interval' },
  { name: 'mcast_querier_interval', parse: () => undefined, bad: 'invalid mcast_querier_interval' },
  { name: 'mcast_query_interval', parse: () => undefined, bad: 'invalid mcast_query_interval' },
  { name: 'mcast_query_response_interval', parse: () => undefined, bad: 'invalid mcast_query_response_interval' },
  { name: 'mcast_startup_query_interval', parse: () => undefined, bad: 'invalid mcast_startup_query_interval' },
  { name: 'mcast_stats_enabled', parse: () => undefined, bad: 'invalid mcast_stats_enabled' },
  { name: 'mcast_igmp_version', parse: () => undefined, bad: 'invalid mcast_igmp_version' },
  { name: 'mcast_mld_version', parse: () => undefined, bad: 'invalid mcast_mld_version' },
  { name: 'nf_call_iptables', field: 'nfCallIptables', parse: getU8, bad: 'invalid nf_call_iptables' },
  { name: 'nf_call_ip6tables', field: 'nfCallIp6tables', parse: getU8, bad: 'invalid nf_call_ip6tables' },
  { name: 'nf_call_arptables', field: 'nfCallArptables', parse: getU8, bad: 'invalid nf_call_arptables' },
];

/** iplink_bridge.c bridge_parse_opt */
export function bridgeParse(w: Words): BridgeOptions {
  const out: { -readonly [K in keyof BridgeOptions]: BridgeOptions[K] } = {};
  while (w.more) {
    const a = w.cur;
    const opt = BRIDGE_OPTIONS.find((o) => matches(a, o.name));
    if (opt === undefined) {
      if (matches(a, 'help')) throw usage(USAGE_BRIDGE, 1);
      throw usage(`bridge: unknown command "${a}"?\n${USAGE_BRIDGE}`, 1);
    }
    if (opt.name === 'fdb_flush') throw unsupported('bridge fdb_flush');
    const v = w.next();
    if (opt.field === undefined) throw unsupported(`bridge option ${opt.name}`);
    const n = opt.parse(v);
    if (n === undefined) throw invarg(opt.bad, v);
    out[opt.field] = n;
    w.advance();
  }
  return out;
}
