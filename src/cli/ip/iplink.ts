// `ip link ...` (iproute2 iplink.c: iplink_parse, iplink_modify; link_veth.c for the peer).

import type { MacAddr } from '../../net/addr.ts';
import { atoi } from '../lib/cnum.ts';
import { ToolError } from '../errors.ts';
import { ipErrors, toIpError, unsupported } from './errors.ts';
import type { IpCommand, IpOptions, IpParseContext } from './ip-common.ts';
import { addrListFilter } from './ipaddress.ts';
import { bridgeParse, type BridgeOptions } from './iplink-bridge.ts';
import { USAGE_BRIDGE, USAGE_LINK, USAGE_VETH } from './usage.ts';
import {
  bytesToMac, checkIfname, deviceExists, duparg, duparg2, getInteger, incomplete, invarg, llAddrA2n, matches, netnsExists, usage, utf8Length,
  type Words,
} from './utils.ts';

export type LinkKind = 'veth' | 'bridge' | 'dummy';

/** The link attributes `ip link add|set` can carry (those the simulator models). */
export interface LinkAttrs {
  /** `up` (true) / `down` (false); absent = unchanged. */
  readonly up?: boolean;
  /** New name (`name X` on set; the device name on add). */
  readonly name?: string;
  readonly address?: MacAddr;
  readonly mtu?: number;
  /** Target namespace (`netns NS`). */
  readonly netns?: string;
  readonly promisc?: boolean;
  /** `master BR` = 'BR', `nomaster` = null. */
  readonly master?: string | null;
}

export interface VethPeer extends LinkAttrs {
  /** Absent: the kernel names it vethN (lowest free N). */
  readonly name?: string;
}

const KNOWN_LINK_KINDS = new Set([
  'vlan', 'vcan', 'vxcan', 'dummy', 'ifb', 'macvlan', 'macvtap', 'bond', 'bond_slave', 'team', 'team_slave', 'ipoib', 'ip6tnl',
  'ipip', 'sit', 'vxlan', 'gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan', 'vti', 'vti6', 'nlmon', 'can',
  'bridge_slave', 'ipvlan', 'ipvtap', 'geneve', 'bareudp', 'vrf', 'macsec', 'netdevsim', 'rmnet', 'xfrm', 'gtp', 'virt_wifi',
  'hsr', 'amt', 'batadv', 'wwan', 'netkit', 'dsa', 'lowpan', 'wireguard', 'tun', 'ifb', 'bond', 'openvswitch',
]);

interface LinkParse {
  attrs: { -readonly [K in keyof LinkAttrs]: LinkAttrs[K] };
  name?: string;
  dev?: string;
  type?: string;
  /** Words consumed, including `type KIND` (iproute2's return value). */
  consumed: number;
  addrLen: number;
}

function onOff(key: string, value: string): ToolError {
  return new ToolError(`Error: argument of "${key}" must be "on" or "off", not "${value}"\n`, 1);
}

/**
 * iproute2 iplink_parse. `create` is NLM_F_CREATE (add). Stops after `type KIND`.
 * Checks done at the end of the real function for set/del (dev required, dev exists)
 * are left to the callers, which know the mode.
 */
function iplinkParse(w: Words, create: boolean, ctx: IpParseContext | undefined): LinkParse {
  const start = w.index;
  const attrs: LinkParse['attrs'] = {};
  let name: string | undefined;
  let dev: string | undefined;
  let type: string | undefined;
  let addrLen = 0;
  let mtuSeen = false;
  let netnsSeen = false;
  let indexSeen = false;
  while (w.more) {
    const a = w.cur;
    if (a === 'up') attrs.up = true;
    else if (a === 'down') attrs.up = false;
    else if (a === 'name') {
      const v = w.next();
      if (name !== undefined) throw duparg('name', v);
      if (!checkIfname(v)) throw invarg('"name" not a valid ifname', v);
      name = v;
      if (dev === undefined) dev = name;
    } else if (a === 'index') {
      const v = w.next();
      if (indexSeen) throw duparg('index', v);
      indexSeen = true;
      if (atoi(v) <= 0) throw invarg('Invalid "index" value', v);
      throw unsupported('ip link ... index');
    } else if (matches(a, 'link')) {
      w.next();
      throw unsupported('ip link ... link DEV');
    } else if (matches(a, 'address')) {
      const v = w.next();
      const r = llAddrA2n(v, 32);
      if ('bad' in r) throw new ToolError(`"${r.bad}" is invalid lladdr.\n`, 1);
      addrLen = r.bytes.length;
      attrs.address = bytesToMac(r.bytes);
    } else if (matches(a, 'broadcast') || a === 'brd') {
      const v = w.next();
      const r = llAddrA2n(v, 32);
      if ('bad' in r) throw new ToolError(`"${r.bad}" is invalid lladdr.\n`, 1);
      throw unsupported('ip link ... broadcast LLADDR');
    } else if (matches(a, 'txqueuelen') || a === 'qlen' || matches(a, 'txqlen')) {
      const v = w.next();
      if (getInteger(v) === undefined) throw invarg('Invalid "txqueuelen" value\n', v);
      throw unsupported('ip link ... txqueuelen');
    } else if (a === 'mtu') {
      const v = w.next();
      if (mtuSeen) throw duparg('mtu', v);
      mtuSeen = true;
      const n = getInteger(v);
      if (n === undefined) throw invarg('Invalid "mtu" value\n', v);
      attrs.mtu = n;
    } else if (a === 'xdpgeneric' || a === 'xdpdrv' || a === 'xdpoffload' || a === 'xdp') {
      throw unsupported('ip link ... xdp');
    } else if (a === 'netns') {
      const v = w.next();
      if (netnsSeen) throw duparg('netns', v);
      netnsSeen = true;
      attrs.netns = netnsArg(ctx, v);
    } else if (a === 'multicast' || a === 'allmulticast' || a === 'trailers' || a === 'arp' || a === 'carrier') {
      const v = w.next();
      if (v !== 'on' && v !== 'off') throw onOff(a, v);
      throw unsupported(`ip link ... ${a}`);
    } else if (a === 'promisc') {
      const v = w.next();
      if (v === 'on') attrs.promisc = true;
      else if (v === 'off') attrs.promisc = false;
      else throw onOff('promisc', v);
    } else if (a === 'vf') {
      throw unsupported('ip link ... vf');
    } else if (matches(a, 'master')) {
      const v = w.next();
      if (!deviceExists(ctx, v)) throw toIpError(ipErrors.masterDoesNotExist(v));
      attrs.master = v;
    } else if (a === 'vrf') {
      throw unsupported('ip link ... vrf');
    } else if (matches(a, 'nomaster')) {
      attrs.master = null;
    } else if (matches(a, 'dynamic')) {
      const v = w.next();
      if (v !== 'on' && v !== 'off') throw onOff('dynamic', v);
      throw unsupported('ip link ... dynamic');
    } else if (matches(a, 'type')) {
      type = w.next();
      w.advance();
      break;
    } else if (matches(a, 'alias') || a === 'group' || a === 'mode' || a === 'state' || a === 'numtxqueues' || a === 'numrxqueues' ||
      matches(a, 'addrgenmode') || matches(a, 'link-netns') || matches(a, 'link-netnsid') || a === 'protodown' || a === 'protodown_reason' ||
      a === 'gso_max_size' || a === 'gso_max_segs' || a === 'gro_max_size' || a === 'parentdev') {
      w.next();
      throw unsupported(`ip link ... ${a}`);
    } else {
      if (matches(a, 'help')) throw usage(USAGE_LINK);
      let v = a;
      if (a === 'dev') v = w.next();
      if (dev !== name) throw duparg2('dev', v);
      if (!checkIfname(v, 128)) throw invarg('"dev" not a valid ifname', v);
      dev = v;
    }
    w.advance();
  }
  const consumed = w.index - start;
  // Allow "ip link add dev X" and "ip link add name X".
  if (name === undefined) name = dev;
  else if (dev === undefined) dev = name;
  return { attrs, ...(name !== undefined ? { name } : {}), ...(dev !== undefined ? { dev } : {}), ...(type !== undefined ? { type } : {}), consumed, addrLen };
}

export function doLink(w: Words, opts: IpOptions, ctx: IpParseContext | undefined): IpCommand {
  if (!w.more) return { kind: 'link.show', opts, filter: { up: false } };
  const sub = w.cur;
  w.advance();
  if (matches(sub, 'add')) return linkModify(w, opts, 'add', ctx);
  if (matches(sub, 'set') || matches(sub, 'change')) return linkModify(w, opts, 'set', ctx);
  if (matches(sub, 'replace')) throw unsupported('ip link replace');
  if (matches(sub, 'delete')) return linkModify(w, opts, 'del', ctx);
  if (matches(sub, 'show') || matches(sub, 'lst') || matches(sub, 'list')) {
    return { kind: 'link.show', opts, filter: addrListFilter(w, ctx, 'link') };
  }
  if (matches(sub, 'xstats') || matches(sub, 'afstats') || matches(sub, 'property')) throw unsupported(`ip link ${sub}`);
  if (matches(sub, 'help')) {
    if (w.more) {
      if (w.cur === 'veth') return { kind: 'print', opts, stdout: USAGE_VETH };
      if (w.cur === 'bridge') return { kind: 'print', opts, stdout: USAGE_BRIDGE };
      throw unsupported(`ip link help ${w.cur}`);
    }
    throw usage(USAGE_LINK);
  }
  throw new ToolError(`Command "${sub}" is unknown, try "ip link help".\n`, 255);
}

function linkModify(w: Words, opts: IpOptions, mode: 'add' | 'set' | 'del', ctx: IpParseContext | undefined): IpCommand {
  const create = mode === 'add';
  const p = iplinkParse(w, create, ctx);
  // Set: an lladdr must have the device's length (6 for every device the simulator has).
  if (p.dev !== undefined && p.addrLen !== 0 && !create && deviceExists(ctx, p.dev) && p.addrLen !== 6) {
    throw new ToolError(`Invalid address length ${p.addrLen} - must be 6 bytes\n`, 1);
  }
  let dev: string | undefined;
  if (!create) {
    if (p.dev === undefined) throw new ToolError('Not enough information: "dev" argument is required.\n', 255);
    if (!deviceExists(ctx, p.dev)) throw toIpError(ipErrors.cannotFindDevice(p.dev));
    dev = p.dev;
  } else if (p.name !== p.dev) {
    throw new ToolError('both "name" and "dev" cannot be used when creating devices.\n', 255);
  }
  // Rename on set: name given and different from dev.
  const attrs: LinkAttrs = { ...p.attrs, ...(mode === 'set' && p.name !== undefined && p.name !== p.dev ? { name: p.name } : {}) };

  let peer: VethPeer | undefined;
  let bridge: BridgeOptions | undefined;
  let kind: LinkKind | undefined;
  if (p.type !== undefined) {
    const type = p.type;
    if (type === 'veth') {
      kind = 'veth';
      if (w.more) {
        if (w.cur !== 'peer') throw new ToolError('', 1, { stdout: USAGE_VETH });
        if (mode !== 'add') throw unsupported('ip link set ... type veth peer');
        const peerStart = w.index;
        w.advance();
        const pp = iplinkParse(w, true, ctx);
        if (pp.type !== undefined) throw duparg('type', w.at(peerStart + pp.consumed));
        if (pp.name !== pp.dev) throw new ToolError('both "name" and "dev" cannot be used when creating devices.\n', 255);
        if (pp.addrLen !== 0 && pp.addrLen !== 6) throw toIpError(ipErrors.invalidArgument());
        peer = { ...pp.attrs, ...(pp.name !== undefined ? { name: pp.name } : {}) };
        if (peer.master !== undefined) throw unsupported('a veth peer with master');
      } else if (mode === 'add') {
        peer = {};
      }
    } else if (type === 'bridge') {
      kind = 'bridge';
      bridge = bridgeParse(w);
    } else if (type === 'dummy' && mode === 'add' && !w.more) {
      // dummy has no options of its own; words after it are refused below (unsupported).
      kind = 'dummy';
    } else if (type === 'bridge_slave' || KNOWN_LINK_KINDS.has(type)) {
      throw unsupported(`link type "${type}"`);
    } else if (w.more) {
      if (matches(w.cur, 'help')) throw usage(USAGE_LINK);
      throw new ToolError(`Garbage instead of arguments "${w.cur} ...". Try "ip link help".\n`, 1);
    } else if (mode === 'add') {
      if (p.name !== undefined && deviceExists(ctx, p.name) && ctx?.deviceExists) throw toIpError(ipErrors.fileExists());
      throw toIpError(ipErrors.unknownDeviceType());
    } else {
      throw unsupported(`ip link ${mode} ... type ${type}`);
    }
  } else if (create) {
    throw new ToolError('Not enough information: "type" argument is required\n', 1);
  }

  if (mode === 'add') {
    if (kind === undefined) throw unsupported('ip link add without a type');
    if (p.name !== undefined && utf8Length(p.name) >= 16) throw toIpError(ipErrors.attributeFailedPolicy());
    if (peer?.name !== undefined && utf8Length(peer.name) >= 16) throw toIpError(ipErrors.attributeFailedPolicy());
    if (p.addrLen !== 0 && p.addrLen !== 6) throw toIpError(ipErrors.invalidArgument());
    if (attrs.master === null) throw unsupported('ip link add ... nomaster');
    return {
      kind: 'link.add', opts, ...(p.name !== undefined ? { name: p.name } : {}), type: kind, attrs,
      ...(peer ? { peer } : {}), ...(bridge ? { bridge } : {}),
    };
  }
  if (dev === undefined) throw incomplete();
  if (mode === 'del') return { kind: 'link.del', opts, dev };
  if (kind === 'veth') throw unsupported('ip link set ... type veth');
  return { kind: 'link.set', opts, dev, attrs, ...(bridge ? { bridge } : {}) };
}

/** The `netns NS` argument of `ip link`: a named namespace, else a PID, else an error. */
function netnsArg(ctx: IpParseContext | undefined, name: string): string {
  if (netnsExists(ctx, name)) {
    if (name === '' || name === '.' || name === '..') throw toIpError(ipErrors.invalidNetns(name));
    return name;
  }
  if (getInteger(name) !== undefined) throw unsupported('"netns PID"');
  throw toIpError(ipErrors.invalidNetns(name));
}
