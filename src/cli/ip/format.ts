// Printers for `ip addr`, `ip link` and `ip netns list`, byte for byte as iproute2 6.1
// (Debian 12) prints them on Linux 6.18 (ipaddress.c print_linkinfo / print_addrinfo,
// ipnetns.c); routes and rules are printed by format-route.ts, neighbours by format-neigh.ts.
// The engine fills the plain view types below; the printers apply iproute2's own output
// filters (show selectors) so the engine can pass everything it has, in kernel dump order.
//
// ===== Facts measured on the real kernel (Linux 6.18, iproute2 6.1, `unshare --net`) =====
//
// IFINDEX
//  - Each namespace allocates ifindexes itself. `lo` is always 1. New devices get the next
//    number after the last one allocated in that namespace (cyclic, never reused while
//    higher numbers are free): add x2 (7), del x2, add x3 -> 8.
//  - `ip link add A type veth peer name B`: the PEER is registered first. In one namespace:
//    B = n, A = n+1 (so `ip link` lists `2: B@A` before `3: A@B`). With `peer name B netns
//    NS`: A takes the next index of the current namespace, B the next index of NS (e.g. both
//    get 2 in two fresh namespaces, printed `veth1@if2` and `eth0@if3`).
//  - A failed add can still burn an index: `ip link add bar4 type veth peer name bar4`
//    registers the peer (index n) then fails with File exists; the next device gets n+1.
//    Failures detected before registration (name of the peer taken, bad attribute) burn none.
//  - `ip link set X netns NS` keeps X's ifindex if NS has no device with that index
//    (checked: default 5 -> ns2 stays 5 -> ns1 stays 5); otherwise X gets NS's next index.
//    Moving a device in does not advance NS's counter: the next device created in NS gets
//    the number after NS's last *allocated* index, skipping indexes in use.
//  - A veth created with no peer name gets `vethN` (lowest N free in the peer's namespace).
//
// LINK-NETNSID (printed `link-netnsid N` when the peer's namespace has no name, i.e. the
// scenario's `default` namespace; `link-netns NAME` when it is a named namespace)
//  - Each namespace keeps its own table of ids for other namespaces, allocated on first use,
//    lowest free id first, starting at 0.
//  - A namespace X allocates an id for Y when a veth in X gets its peer in Y (creation with
//    `peer ... netns Y`, or moving either end), and when a device is moved from X to Y
//    (`ip link set D netns Y` run in X allocates X's id for Y, even if D's peer is elsewhere).
//    Moving a device *into* X allocates nothing in X for the source namespace unless D's peer
//    lives there.
//  - Example: default creates veth->ns1 then veth->ns2: in default ns1=0, ns2=1; in ns1 and in
//    ns2 default=0. Then a device moved ns2 -> ns1 gives ns2 an id 1 for ns1.
//  - `ip netns list` prints `NAME (id: N)` for namespaces that have an id *in the namespace
//    where the command runs*, plain `NAME` otherwise, newest namespace first (readdir order
//    of the tmpfs /run/netns).
//
// LINK FLAGS AND STATE (ip link / ip addr first line)
//  - Flags print order: LOOPBACK,BROADCAST,POINTOPOINT,MULTICAST,NOARP,ALLMULTI,PROMISC,
//    MASTER,SLAVE,...,UP,LOWER_UP; `NO-CARRIER,` comes first when UP without carrier;
//    `,M-DOWN` comes last. lo: LOOPBACK only; veth and bridge: BROADCAST,MULTICAST.
//  - LOWER_UP / NO-CARRIER are shown only while the device is UP (admin).
//  - PROMISC only for `ip link set X promisc on`; bridge ports do NOT show PROMISC.
//  - M-DOWN: a veth whose peer is in the SAME namespace and administratively down. A veth
//    whose peer is in another namespace never shows M-DOWN.
//  - `qdisc noop` until the device is first brought up, `qdisc noqueue` from then on (also
//    after it is set down again). lo, veth and bridge all show `qlen 1000`; mtu lo 65536,
//    veth and bridge 1500.
//  - `master BR` between the qdisc and `state` for a bridge port.
//  - state (operstate):
//      admin down                                   -> DOWN
//      lo up                                        -> UNKNOWN (flags LOOPBACK,UP,LOWER_UP)
//      veth up, peer up                             -> UP (carrier)
//      veth up, peer down, peer in same namespace   -> LOWERLAYERDOWN (NO-CARRIER, M-DOWN)
//      veth up, peer down, peer in other namespace  -> DOWN (NO-CARRIER)
//      bridge up that never had a port             -> UNKNOWN with LOWER_UP (carrier on)
//      bridge up with a port that is up and has carrier (forwarding at once: STP off)
//                                                   -> UP
//      bridge up otherwise (its ports down, or all its ports removed) -> DOWN, NO-CARRIER
//    (once a bridge has had a port, its carrier follows "some port forwards", forever.)
//  - A bridge without an address set by hand takes the smallest MAC of its ports (also
//    when the new port's MAC is bigger than the bridge's own random one); with no ports left
//    its MAC becomes 00:00:00:00:00:00. `ip link set br0 address X` (or `address` at
//    creation) pins it. NOTE for the conformance: this depends on the order of random MACs.
//  - The MAC of a device changes nothing else in this output.
//
// ADDRESSES (ip addr)
//  - `ip addr add 10.0.0.1/24 dev X` sets NO broadcast on iproute2 6.1 (no `brd` printed);
//    `broadcast +` / `brd +` sets the subnet broadcast (none for /31 and /32), `brd -` the
//    network address, `brd A` the given address.
//  - `scope global` by default, `scope host` for 127.0.0.0/8 (iproute2 picks it). lo up gets
//    127.0.0.1/8 scope host automatically, listed before any global address on lo.
//  - List order: a new primary address goes after the last primary whose scope is >= its own
//    (so host-scope addresses come first); a secondary (same subnet as an existing primary)
//    goes to the end and is printed `scope global secondary`.
//  - The label (last word) is the device name unless `label` was given.
//  - Each address is followed by `       valid_lft forever preferred_lft forever`.
//  - IPv6 disabled (all/default disable_ipv6=1 right after the namespace is created): no
//    inet6 lines at all, not even on lo.
//  - `ip -4 addr` omits devices with no IPv4 address and omits the link/... line.
//  - `ip addr show scope S` (family unspec) still lists devices that have no address at all.
//  - `ip addr show label PATTERN` prints only the matching address lines, no link lines.

import type { Ipv4Addr, MacAddr } from '../../net/addr.ts';
import { formatIpv4, networkOf } from '../../net/addr.ts';
import type { AddrFilter } from './ipaddress.ts';
import type { IpOptions } from './ip-common.ts';
import { scopeName } from './rt-names.ts';
import type { IpPrefix } from './utils.ts';

// ---------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------

export type OperState = 'UP' | 'DOWN' | 'LOWERLAYERDOWN' | 'UNKNOWN';

export interface IpAddrView {
  /** The local address (host bits kept). */
  readonly addr: Ipv4Addr;
  readonly len: number;
  readonly broadcast?: Ipv4Addr;
  /** RT_SCOPE_* number: 0 global, 253 link, 254 host. */
  readonly scope: number;
  readonly secondary: boolean;
  /** The device name unless `label` was given. */
  readonly label: string;
}

export interface IpLinkPeerView {
  readonly ifindex: number;
  readonly name: string;
  /** Admin state of the peer (for M-DOWN). */
  readonly up: boolean;
  /** Undefined when the peer is in the same namespace. */
  readonly otherNetns?: {
    /** Name of the peer's namespace when it is a named one (`link-netns NAME`). */
    readonly name?: string;
    /** The id this namespace gave the peer's namespace (`link-netnsid N`). */
    readonly id: number;
  };
}

export interface IpLinkView {
  readonly ifindex: number;
  readonly name: string;
  readonly kind: 'loopback' | 'veth' | 'bridge' | 'dummy';
  /** veth only. */
  readonly peer?: IpLinkPeerView;
  readonly mtu: number;
  /** IFF_UP (administrative). */
  readonly up: boolean;
  /** Carrier; shown as LOWER_UP / NO-CARRIER only while up. */
  readonly carrier: boolean;
  readonly operState: OperState;
  /** `ip link set X promisc on` (not bridge membership). */
  readonly promisc: boolean;
  /** false until the device was first brought up. */
  readonly everUp: boolean;
  readonly master?: string;
  readonly mac: MacAddr;
  readonly qlen?: number;
  readonly addresses: readonly IpAddrView[];
}




export interface NetnsListEntry {
  readonly name: string;
  /** The id the namespace running the command gave this one, if any. */
  readonly id?: number;
}

// ---------------------------------------------------------------------------------------
// ip link / ip addr
// ---------------------------------------------------------------------------------------

/** The `<...>` flag list. */
function linkFlags(l: IpLinkView): string {
  const flags: string[] = [];
  if (l.up && !l.carrier) flags.push('NO-CARRIER');
  if (l.kind === 'loopback') flags.push('LOOPBACK');
  // dummy_setup: IFF_NOARP set, IFF_MULTICAST cleared.
  else if (l.kind === 'dummy') flags.push('BROADCAST', 'NOARP');
  else flags.push('BROADCAST', 'MULTICAST');
  if (l.promisc) flags.push('PROMISC');
  if (l.up) flags.push('UP');
  if (l.up && l.carrier) flags.push('LOWER_UP');
  if (l.peer && l.peer.otherNetns === undefined && !l.peer.up) flags.push('M-DOWN');
  return flags.join(',');
}

function nameWithPeer(l: IpLinkView): string {
  if (!l.peer) return l.name;
  return l.peer.otherNetns === undefined ? `${l.name}@${l.peer.name}` : `${l.name}@if${l.peer.ifindex}`;
}

function linkLine1(l: IpLinkView, withMode: boolean): string {
  const master = l.master !== undefined ? ` master ${l.master}` : '';
  const mode = withMode ? ' mode DEFAULT' : '';
  return `${l.ifindex}: ${nameWithPeer(l)}: <${linkFlags(l)}> mtu ${l.mtu} qdisc ${l.everUp ? 'noqueue' : 'noop'}${master} state ${l.operState}${mode} group default qlen ${l.qlen ?? 1000}`;
}

function linkLine2(l: IpLinkView): string {
  if (l.kind === 'loopback') return `    link/loopback ${l.mac} brd 00:00:00:00:00:00`;
  let netns = '';
  if (l.peer?.otherNetns) {
    netns = l.peer.otherNetns.name !== undefined ? ` link-netns ${l.peer.otherNetns.name}` : ` link-netnsid ${l.peer.otherNetns.id}`;
  }
  return `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff${netns}`;
}

function formatAddrPrefix(addr: Ipv4Addr, len: number): string {
  return `${formatIpv4(addr)}/${len}`;
}

function addrLine(a: IpAddrView): string {
  const brd = a.broadcast !== undefined ? ` brd ${formatIpv4(a.broadcast)}` : '';
  const sec = a.secondary ? ' secondary' : '';
  return `    inet ${formatAddrPrefix(a.addr, a.len)}${brd} scope ${scopeName(a.scope)}${sec} ${a.label}`;
}

const LFT = '       valid_lft forever preferred_lft forever';

/** fnmatch(3) without flags: `*`, `?` and `[...]`. */
function fnmatch(pattern: string, text: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`${re}$`, 's').test(text);
  } catch {
    return pattern === text;
  }
}

export function prefixMatches(filter: IpPrefix, addr: Ipv4Addr): boolean {
  return networkOf(addr, filter.len) === networkOf(filter.addr, filter.len);
}

function addrPasses(a: IpAddrView, f: AddrFilter): boolean {
  if (f.scope !== undefined && a.scope !== f.scope) return false;
  if (f.primary && a.secondary) return false;
  if (f.secondary && !a.secondary) return false;
  if (f.label !== undefined && !fnmatch(f.label, a.label)) return false;
  if (f.to !== undefined && !prefixMatches(f.to, a.addr)) return false;
  return true;
}

function linkPasses(l: IpLinkView, f: AddrFilter): boolean {
  if (f.dev !== undefined && l.name !== f.dev) return false;
  if (f.up && !l.up) return false;
  if (f.master !== undefined && l.master !== f.master) return false;
  if (f.linkType !== undefined && f.linkType !== (l.kind === 'loopback' ? '' : l.kind)) return false;
  return true;
}

/** Lines joined, each ending with a newline (nothing for none). */
export function lines(out: readonly string[]): string {
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/**
 * `ip [-4] [-o] [-br] addr [show ...]`. `links` in ifindex order, each with its addresses in
 * kernel order. Only inet is modelled: with -6 (or -0 for link-only) the output follows.
 */
export function formatIpAddr(links: readonly IpLinkView[], filter: AddrFilter = { up: false }, opts: Partial<IpOptions> = {}): string {
  const family = opts.family;
  if (family === 'link') return formatIpLink(links, filter, opts);
  const out: string[] = [];
  for (const l of links) {
    if (!linkPasses(l, filter)) continue;
    const addrs = family === 'inet6' ? [] : l.addresses.filter((a) => addrPasses(a, filter));
    const hasAny = family === 'inet6' ? false : l.addresses.length > 0;
    // iproute2 ipaddr_filter: keep a link with a passing address, or with no address at all
    // when no family was asked for.
    if (addrs.length === 0 && !(family === undefined && !hasAny && filter.to === undefined)) continue;
    if (opts.brief) {
      out.push(`${nameWithPeer(l).padEnd(16)} ${l.operState.padEnd(14)} ${addrs.map((a) => `${formatAddrPrefix(a.addr, a.len)} `).join('')}`);
      continue;
    }
    if (opts.oneline) {
      for (const a of addrs) out.push(`${l.ifindex}: ${l.name}${addrLine(a).replace(/^ {4}/, '    ')}\\${LFT}`);
      continue;
    }
    if (filter.label === undefined) {
      out.push(linkLine1(l, false));
      if (family === undefined) out.push(linkLine2(l));
    }
    for (const a of addrs) out.push(addrLine(a), LFT);
  }
  return lines(out);
}

/** `ip [-o] [-br] link [show ...]`. */
export function formatIpLink(links: readonly IpLinkView[], filter: AddrFilter = { up: false }, opts: Partial<IpOptions> = {}): string {
  const out: string[] = [];
  for (const l of links) {
    if (!linkPasses(l, filter)) continue;
    if (opts.brief) out.push(`${nameWithPeer(l).padEnd(16)} ${l.operState.padEnd(14)} ${l.mac} <${linkFlags(l)}> `);
    else if (opts.oneline) out.push(`${linkLine1(l, true)}\\${linkLine2(l)}`);
    else out.push(linkLine1(l, true), linkLine2(l));
  }
  return lines(out);
}

// ---------------------------------------------------------------------------------------
// ip netns list
// ---------------------------------------------------------------------------------------

/** `ip netns [list]`: entries newest first. */
export function formatNetnsList(entries: readonly NetnsListEntry[]): string {
  return lines(entries.map((e) => (e.id !== undefined ? `${e.name} (id: ${e.id})` : e.name)));
}
