// What every `ip` object's parser shares (iproute2's ip_common.h): the global options, the
// parsed command each object returns, and what the parser may ask about the machine.

import type { Ipv4Addr, MacAddr } from '../../net/addr.ts';
import type { AddrFilter } from './ipaddress.ts';
import type { BridgeOptions } from './iplink-bridge.ts';
import type { LinkAttrs, LinkKind, VethPeer } from './iplink.ts';
import type { NeighFilter, NudState } from './ipneigh.ts';
import type { RouteDelSpec, RouteFilter, RouteSpec } from './iproute.ts';
import type { IpRuleSpec } from './iprule.ts';
import type { IpPrefix } from './utils.ts';

export type IpFamily = 'inet' | 'inet6' | 'link' | 'mpls' | 'bridge';

export interface IpOptions {
  /** -4 / -6 / -0 / -f FAMILY */
  readonly family?: IpFamily;
  /** -o */
  readonly oneline: boolean;
  /** -br */
  readonly brief: boolean;
  /** -n NS: run in that namespace (like `ip netns exec NS ip ...`). */
  readonly netns?: string;
}

type Cmd<K extends string, T> = { readonly kind: K; readonly opts: IpOptions } & T;

export type IpCommand =
  /** Prints fixed text and exits 0 (`ip -V`, `ip link help veth|bridge`). */
  | Cmd<'print', { readonly stdout: string }>
  | Cmd<'netns.add', { readonly name: string }>
  | Cmd<'netns.del', { readonly name: string }>
  | Cmd<'netns.list', object>
  | Cmd<'netns.exec', { readonly name: string; readonly argv: readonly string[] }>
  | Cmd<'link.add', { readonly name?: string; readonly type: LinkKind; readonly attrs: LinkAttrs; readonly peer?: VethPeer; readonly bridge?: BridgeOptions }>
  | Cmd<'link.set', { readonly dev: string; readonly attrs: LinkAttrs; readonly bridge?: BridgeOptions }>
  | Cmd<'link.del', { readonly dev: string }>
  | Cmd<'link.show', { readonly filter: AddrFilter }>
  | Cmd<'addr.add', { readonly mode: 'add' | 'replace' | 'change'; readonly dev: string; readonly local: IpPrefix; readonly broadcast?: Ipv4Addr; readonly label?: string; readonly scope: number }>
  | Cmd<'addr.del', { readonly dev: string; readonly local?: IpPrefix; readonly broadcast?: Ipv4Addr; readonly label?: string; readonly scope?: number; readonly wildcard: boolean; readonly warning?: string }>
  | Cmd<'addr.show', { readonly filter: AddrFilter }>
  | Cmd<'addr.flush', { readonly filter: AddrFilter }>
  | Cmd<'route.add', { readonly mode: 'add' | 'replace' | 'change' | 'append' | 'prepend'; readonly route: RouteSpec }>
  | Cmd<'route.del', { readonly route: RouteDelSpec }>
  | Cmd<'route.show', { readonly filter: RouteFilter }>
  | Cmd<'route.flush', { readonly filter: RouteFilter }>
  | Cmd<'route.get', { readonly dst: Ipv4Addr; readonly from?: Ipv4Addr; readonly iif?: string; readonly oif?: string; readonly mark?: number }>
  | Cmd<'rule.add', { readonly rule: IpRuleSpec }>
  | Cmd<'rule.del', { readonly rule: IpRuleSpec }>
  | Cmd<'rule.show', object>
  | Cmd<'rule.flush', object>
  | Cmd<'neigh.add', { readonly mode: 'add' | 'replace' | 'change'; readonly dst: Ipv4Addr; readonly dev: string; readonly lladdr?: MacAddr; readonly state: NudState }>
  | Cmd<'neigh.del', { readonly dst: Ipv4Addr; readonly dev: string }>
  | Cmd<'neigh.show', { readonly filter: NeighFilter }>
  | Cmd<'neigh.flush', { readonly filter: NeighFilter }>;

/** What `parseIp` may ask about the machine, at the moment the real `ip` asks the kernel. */
export interface IpParseContext {
  deviceExists?(name: string): boolean;
  netnsExists?(name: string): boolean;
}
