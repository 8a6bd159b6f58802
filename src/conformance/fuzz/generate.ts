// Seeded generator of valid random scenarios for the differential kernel fuzzer
// (src/bin/fuzz-kernel.ts). A scenario has three parts:
//   1. a topology (namespaces, veth pairs, optionally a bridge with ports, addresses, routes);
//   2. configuration: sysctls and iptables rules, drawn from a table of generators by feature;
//   3. traffic and printing: captures, ping, nc listeners and clients, then printed commands.
// Every generator only writes commands that succeed on Linux (a script the kernel refuses says
// nothing about the engine). Features are switched on and off by flags (FeatureFlags), so that
// what the engine cannot do yet stays out of the runs and can be switched on when it can.
// To grow the language: add a flag, and a row to RULES or TRAFFIC (or a topology shape).

import { Rng } from './rng.ts';

export interface FeatureFlags {
  readonly bridge: boolean;
  readonly nat: boolean;
  readonly filter: boolean;
  readonly raw: boolean;
  readonly userChains: boolean;
  readonly log: boolean;
  readonly policies: boolean;
  readonly ctstate: boolean;
  readonly rpFilter: boolean;
  readonly ping: boolean;
  readonly tcp: boolean;
  readonly udp: boolean;
  readonly captureFilters: boolean;
  /** -m comment, -m state --state, -m physdev (bridge ports), CT --zone, iptables -D and -F. */
  readonly moreMatches: boolean;
  /** DROP/REJECT in OUTPUT (ping/nc get EPERM) and pings without a route (ENETUNREACH). */
  readonly failingCommands: boolean;
  /** `CT --notrack` in the raw table. */
  readonly notrack: boolean;
  /** Secondary addresses on one device. */
  readonly secondaryAddresses: boolean;
  /** `ip route add blackhole|unreachable|prohibit`. */
  readonly routeTypes: boolean;
  /** `tcpdump -i any`. */
  readonly tcpdumpAny: boolean;
  /** Leave bridge-nf-call-iptables at its default in some runs. */
  readonly brNetfilterDefault: boolean;
  /** `ping -w DEADLINE`. */
  readonly pingDeadline: boolean;
  /**
   * `ip link add NAME type dummy` with an address. Off by default: this machine's kernel has
   * no dummy driver (both sides would only fail at that line).
   */
  readonly dummy: boolean;
  /** Printed `ss -tan` / `ss -uan`. */
  readonly ss: boolean;
  /** Printed `iptables-save`: "rules". */
  readonly iptablesSave: boolean;
  /**
   * `--tcp-flags` and `--syn` on TCP rules (a dropped FIN or ACK: retransmissions, a lost
   * close). Drawn from a stream of its own, so the scripts of seeds without it stay as they were.
   */
  readonly tcpFlags: boolean;
}

export const DEFAULT_FLAGS: FeatureFlags = {
  bridge: true,
  nat: true,
  filter: true,
  raw: true,
  userChains: true,
  log: true,
  policies: true,
  ctstate: true,
  rpFilter: true,
  ping: true,
  tcp: true,
  udp: true,
  captureFilters: true,
  moreMatches: true,
  failingCommands: true,
  notrack: true,
  secondaryAddresses: true,
  routeTypes: true,
  tcpdumpAny: true,
  brNetfilterDefault: true,
  pingDeadline: true,
  dummy: false,
  ss: true,
  iptablesSave: true,
  tcpFlags: true,
};

export const FLAG_NAMES = Object.keys(DEFAULT_FLAGS) as (keyof FeatureFlags)[];

interface Iface {
  readonly ns: string;
  readonly dev: string;
  /** Address and prefix length, when it has one. */
  readonly addr?: string;
  readonly len?: number;
}

interface Topology {
  readonly lines: string[];
  readonly namespaces: string[];
  readonly ifaces: Iface[];
  /** Namespaces with a default route (they reach every address). */
  readonly defaultRoute: Set<string>;
  /** Extra /32 routes or subnets a namespace reaches: [ns, subnet base, len]. */
  readonly extraRoutes: [string, string, number][];
  /** The namespace that routes between the others, if any. */
  readonly router?: string;
  /** Addresses on lo (the "internet" hosts). */
  readonly loAddrs: Iface[];
  readonly hasBridge: boolean;
}

function ex(ns: string, cmd: string): string {
  return ns === 'default' ? cmd : `ip netns exec ${ns} ${cmd}`;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

function inSubnet(ip: string, base: string, len: number): boolean {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((ipToInt(ip) & mask) >>> 0) === ((ipToInt(base) & mask) >>> 0);
}

function subnetOf(ip: string, len: number): string {
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const v = (ipToInt(ip) & mask) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** Does `ns` have a route to `ip` (a connected subnet, a local address, or a default route)? */
function reaches(t: Topology, ns: string, ip: string): boolean {
  if (t.defaultRoute.has(ns)) return true;
  if (t.ifaces.some((i) => i.ns === ns && i.addr !== undefined && i.len !== undefined && inSubnet(ip, i.addr, i.len))) return true;
  if (t.loAddrs.some((i) => i.ns === ns && i.addr === ip)) return true;
  return t.extraRoutes.some(([n, base, len]) => n === ns && inSubnet(ip, base, len));
}

// ---------------------------------------------------------------------------------------------
// Topologies

type Shape = 'pair' | 'router' | 'bridge';

function veth(lines: string[], ns: string, dev: string, peerNs: string, peer: string): void {
  lines.push(peerNs === ns ? ex(ns, `ip link add ${dev} type veth peer name ${peer}`) : ex(ns, `ip link add ${dev} type veth peer name ${peer} netns ${peerNs}`));
}

function addr(lines: string[], ifaces: Iface[], ns: string, dev: string, ip: string, len: number): void {
  lines.push(ex(ns, `ip addr add ${ip}/${len} dev ${dev}`));
  ifaces.push({ ns, dev, addr: ip, len });
}

function up(lines: string[], ns: string, dev: string): void {
  lines.push(ex(ns, `ip link set ${dev} up`));
}

function topology(rng: Rng, flags: FeatureFlags): Topology {
  const shape: Shape = rng.weighted<Shape>([
    ['pair', 1],
    ['router', 3],
    ['bridge', flags.bridge ? 2 : 0],
  ]);
  const lines: string[] = [];
  const ifaces: Iface[] = [];
  const defaultRoute = new Set<string>();
  const extraRoutes: [string, string, number][] = [];
  const loAddrs: Iface[] = [];
  if (shape === 'pair') {
    const namespaces = ['a', 'b'];
    for (const n of namespaces) lines.push(`ip netns add ${n}`);
    veth(lines, 'a', 'eth0', 'b', 'eth0');
    const len = rng.pick([24, 24, 30]);
    addr(lines, ifaces, 'a', 'eth0', '10.0.0.1', len);
    addr(lines, ifaces, 'b', 'eth0', '10.0.0.2', len);
    up(lines, 'a', 'eth0');
    up(lines, 'b', 'eth0');
    return { lines, namespaces, ifaces, defaultRoute, extraRoutes, loAddrs, hasBridge: false };
  }
  // router / bridge: client(s) -- router -- server; the router is the script's default namespace
  // or a namespace of its own.
  const router = rng.chance(0.5) ? 'default' : 'r';
  const namespaces = router === 'default' ? ['default'] : ['r'];
  const clients = shape === 'bridge' ? rng.pick([['c1'], ['c1', 'c2']]) : ['c1'];
  const all = [...clients, 's'];
  for (const n of router === 'default' ? all : ['r', ...all]) lines.push(`ip netns add ${n}`);
  namespaces.push(...all);
  let lanDev = 'eth1';
  if (shape === 'bridge') {
    lanDev = 'br0';
    lines.push(ex(router, 'ip link add br0 type bridge'));
    clients.forEach((c, k) => {
      veth(lines, router, `veth${k + 1}`, c, 'eth0');
      lines.push(ex(router, `ip link set veth${k + 1} master br0`));
    });
  } else {
    veth(lines, router, 'eth1', 'c1', 'eth0');
  }
  veth(lines, router, 'eth2', 's', 'eth0');
  addr(lines, ifaces, router, lanDev, '10.0.1.1', 24);
  addr(lines, ifaces, router, 'eth2', '10.0.2.1', 24);
  up(lines, router, lanDev);
  if (shape === 'bridge') clients.forEach((_c, k) => up(lines, router, `veth${k + 1}`));
  up(lines, router, 'eth2');
  clients.forEach((c, k) => {
    addr(lines, ifaces, c, 'eth0', `10.0.1.${k + 2}`, 24);
    up(lines, c, 'eth0');
    if (rng.chance(0.9)) {
      lines.push(ex(c, 'ip route add default via 10.0.1.1'));
      defaultRoute.add(c);
    }
  });
  addr(lines, ifaces, 's', 'eth0', '10.0.2.2', 24);
  up(lines, 's', 'eth0');
  const serverRoute = rng.weighted<'default' | 'subnet' | 'none'>([
    ['default', 3],
    ['subnet', 1],
    ['none', 1],
  ]);
  if (serverRoute === 'default') {
    lines.push(ex('s', 'ip route add default via 10.0.2.1'));
    defaultRoute.add('s');
  } else if (serverRoute === 'subnet') {
    lines.push(ex('s', 'ip route add 10.0.1.0/24 via 10.0.2.1'));
    extraRoutes.push(['s', '10.0.1.0', 24]);
  }
  if (rng.chance(0.3)) {
    // an "internet" host on the server's lo, reached through a route on the router
    lines.push(ex('s', 'ip addr add 198.51.100.7/32 dev lo'));
    loAddrs.push({ ns: 's', dev: 'lo', addr: '198.51.100.7', len: 32 });
    lines.push(ex(router, 'ip route add 198.51.100.7/32 via 10.0.2.2'));
    extraRoutes.push([router, '198.51.100.7', 32]);
  }
  if (rng.chance(0.8)) lines.push(ex(router, 'sysctl -w net.ipv4.ip_forward=1'));
  if (shape === 'bridge') {
    if (!flags.brNetfilterDefault || rng.chance(0.5)) lines.push(ex(router, `sysctl -w net.bridge.bridge-nf-call-iptables=${rng.pick([0, 1])}`));
    // A bridge with an address sends IGMP reports for about 2 s: let them pass before rules
    // exist that could count them (the engine does not model IGMP).
    lines.push('sleep 2.5');
  }
  return { lines, namespaces, ifaces, defaultRoute, extraRoutes, loAddrs, router, hasBridge: shape === 'bridge' };
}

// ---------------------------------------------------------------------------------------------
// Configuration: sysctls and iptables rules

interface Ctx {
  readonly rng: Rng;
  /** Draws for features added after seeds were published (tcpFlags): `rng`'s sequence is untouched. */
  readonly later: Rng;
  readonly flags: FeatureFlags;
  readonly t: Topology;
  readonly lines: string[];
  /** User chains made so far: [ns, table, chain]. */
  readonly chains: [string, string, string][];
  /** Ports that listeners use (so rules name them now and then). */
  readonly ports: number[];
  /** Tables that got rules, per namespace (printed at the end). */
  readonly tables: Set<string>;
  /** Rules made so far: [ns, `-t TABLE ` or '', spec after -A]. */
  readonly rules: [string, string, string][];
}

const PORTS = [80, 443, 5000, 8080];

/** `--tcp-flags MASK COMP` (or `--syn`) matches: mostly the FIN, SYN, RST and ACK of a close. */
const TCP_FLAG_MATCHES: readonly (readonly string[])[] = [
  ['--syn'],
  ['!', '--syn'],
  ['--tcp-flags', 'FIN', 'FIN'],
  ['--tcp-flags', 'FIN,ACK', 'FIN,ACK'],
  ['--tcp-flags', 'SYN,ACK', 'SYN,ACK'],
  ['--tcp-flags', 'RST', 'RST'],
  ['--tcp-flags', 'ALL', 'ACK'],
  ['--tcp-flags', 'SYN,RST,ACK,FIN', 'ACK'],
  ['!', '--tcp-flags', 'FIN', 'FIN'],
];

function addresses(t: Topology): string[] {
  return [...t.ifaces, ...t.loAddrs].flatMap((i) => (i.addr === undefined ? [] : [i.addr]));
}

function ruleNs(c: Ctx): string {
  return c.t.router !== undefined && c.rng.chance(0.7) ? c.t.router : c.rng.pick(c.t.namespaces);
}

function devsOf(t: Topology, ns: string): string[] {
  return [...new Set(t.ifaces.filter((i) => i.ns === ns).map((i) => i.dev))];
}

type Table = 'filter' | 'nat' | 'raw';

const CHAINS: Record<Table, readonly string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'POSTROUTING', 'OUTPUT', 'INPUT'],
  raw: ['PREROUTING', 'OUTPUT'],
};

const IN_OK = new Set(['PREROUTING', 'INPUT', 'FORWARD']);
const OUT_OK = new Set(['POSTROUTING', 'OUTPUT', 'FORWARD']);

/** The matches of a rule; returns them and the protocol (targets with ports need tcp/udp). */
function matches(c: Ctx, ns: string, table: Table, chain: string): { words: string[]; proto?: string } {
  const { rng, t } = c;
  const words: string[] = [];
  const devs = devsOf(t, ns);
  const builtin = CHAINS[table].includes(chain);
  if (devs.length > 0 && rng.chance(0.3)) {
    const canIn = !builtin || IN_OK.has(chain);
    const canOut = !builtin || OUT_OK.has(chain);
    // A user chain may be jumped to from any chain; -i/-o in it is only valid from some of
    // them, so user chains use neither.
    if (builtin && canIn && (!canOut || rng.chance(0.5))) words.push('-i', rng.pick(devs));
    else if (builtin && canOut) words.push('-o', rng.pick(devs));
  }
  const addrs = addresses(t);
  const cidr = (): string => {
    const ip = rng.pick(addrs);
    return rng.chance(0.6) ? ip : `${subnetOf(ip, 24)}/24`;
  };
  if (rng.chance(0.35)) words.push(...(rng.chance(0.15) ? ['!'] : []), '-s', cidr());
  if (rng.chance(0.35)) words.push(...(rng.chance(0.15) ? ['!'] : []), '-d', cidr());
  let proto: string | undefined;
  const protos: [string, number][] = [
    ['icmp', c.flags.ping ? 3 : 0],
    ['tcp', c.flags.tcp ? 2 : 0],
    ['udp', c.flags.udp ? 1 : 0],
    ['', 3],
  ];
  const p = rng.weighted(protos);
  if (p !== '') {
    proto = p;
    words.push('-p', p);
    if (p === 'icmp' && rng.chance(0.4)) words.push('--icmp-type', rng.pick(['echo-request', 'echo-reply', 'destination-unreachable', '8']));
    if ((p === 'tcp' || p === 'udp') && rng.chance(0.6)) words.push('--dport', String(rng.pick([...c.ports, ...PORTS])));
    if (p === 'tcp' && c.flags.tcpFlags && c.later.chance(0.35)) words.push(...c.later.pick(TCP_FLAG_MATCHES));
  }
  if (c.flags.ctstate && table !== 'raw' && rng.chance(0.25)) {
    const states = ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID'].filter(() => rng.chance(0.45));
    const m = c.flags.moreMatches && rng.chance(0.3) ? ['-m', 'state', '--state'] : ['-m', 'conntrack', '--ctstate'];
    words.push(...m, states.length > 0 ? states.join(',') : 'NEW');
  }
  if (c.flags.moreMatches && builtin) {
    const ports = bridgePorts(t).filter(([n]) => n === ns).map(([, d]) => d);
    if (ports.length > 0 && rng.chance(0.3)) {
      const canIn = IN_OK.has(chain);
      const canOut = chain === 'FORWARD' || chain === 'POSTROUTING';
      const opts: string[][] = [['--physdev-is-bridged']];
      if (canIn) opts.push(['--physdev-in', rng.pick(ports)]);
      if (canOut) opts.push(['--physdev-out', rng.pick(ports)]);
      words.push('-m', 'physdev', ...rng.pick(opts));
    }
    if (rng.chance(0.1)) words.push('-m', 'comment', '--comment', rng.pick(['fuzz', '"two words"']));
  }
  return { words, proto };
}

function target(c: Ctx, ns: string, table: Table, chain: string, proto: string | undefined): string[] | undefined {
  const { rng, flags } = c;
  // Jumps only from built-in chains (no loops); not from filter OUTPUT while a DROP there would
  // make ping fail (EPERM) and failing commands are off.
  const builtin = CHAINS[table].includes(chain);
  const userChains = builtin && !(table === 'filter' && chain === 'OUTPUT' && !flags.failingCommands) ? c.chains.filter(([n, tb]) => n === ns && tb === table) : [];
  const canFailLocally = chain === 'OUTPUT' && table === 'filter' && !flags.failingCommands;
  const opts: [() => string[] | undefined, number][] = [
    [() => ['ACCEPT'], 2],
    [() => (table === 'filter' && !canFailLocally ? ['DROP'] : undefined), 3],
    [
      () => {
        if (table !== 'filter' || canFailLocally) return undefined;
        const withs = ['icmp-port-unreachable', 'icmp-host-unreachable', 'icmp-net-unreachable', 'icmp-admin-prohibited', ...(proto === 'tcp' ? ['tcp-reset'] : [])];
        return rng.chance(0.5) ? ['REJECT'] : ['REJECT', '--reject-with', rng.pick(withs)];
      },
      2,
    ],
    [() => ['RETURN'], 1],
    [() => (flags.log ? ['LOG'] : undefined), 1],
    [() => (userChains.length > 0 ? [rng.pick(userChains)[2]] : undefined), 2],
    [
      () => {
        if (table !== 'nat' || !(chain === 'POSTROUTING' || chain === 'INPUT')) return undefined;
        const port = (proto === 'tcp' || proto === 'udp') && rng.chance(0.3) ? `:${rng.int(40000, 40009)}` : '';
        const to = rng.pick(addresses(c.t).filter((a) => c.t.ifaces.some((i) => i.ns === ns && i.addr === a)).concat(['203.0.113.9']));
        return ['SNAT', '--to-source', `${to}${port}`];
      },
      3,
    ],
    [
      () => {
        if (table !== 'nat' || chain !== 'POSTROUTING') return undefined;
        if ((proto === 'tcp' || proto === 'udp') && rng.chance(0.3)) return ['MASQUERADE', '--to-ports', `${rng.int(40000, 40004)}-${rng.int(40005, 40009)}`];
        return ['MASQUERADE'];
      },
      2,
    ],
    [
      () => {
        if (table !== 'nat' || !(chain === 'PREROUTING' || chain === 'OUTPUT')) return undefined;
        const port = (proto === 'tcp' || proto === 'udp') && rng.chance(0.4) ? `:${rng.pick([...c.ports, ...PORTS])}` : '';
        return ['DNAT', '--to-destination', `${rng.pick(addresses(c.t))}${port}`];
      },
      3,
    ],
    [() => (table === 'raw' && flags.notrack ? ['CT', '--notrack'] : undefined), 2],
    [() => (table === 'raw' && flags.moreMatches && builtin ? ['CT', '--zone', String(rng.int(1, 3))] : undefined), 1],
  ];
  for (let tries = 0; tries < 20; tries++) {
    const got = rng.weighted(opts)();
    if (got !== undefined) return got;
  }
  return ['ACCEPT'];
}

function tablesAllowed(flags: FeatureFlags): Table[] {
  return [...(flags.filter ? (['filter', 'filter', 'filter'] as Table[]) : []), ...(flags.nat ? (['nat', 'nat'] as Table[]) : []), ...(flags.raw ? (['raw'] as Table[]) : [])];
}

function addRule(c: Ctx): void {
  const tables = tablesAllowed(c.flags);
  if (tables.length === 0) return;
  const ns = ruleNs(c);
  const table = c.rng.pick(tables);
  const own = c.chains.filter(([n, tb]) => n === ns && tb === table).map(([, , ch]) => ch);
  const chain = own.length > 0 && c.rng.chance(0.4) ? c.rng.pick(own) : c.rng.pick(CHAINS[table]);
  const { words, proto } = matches(c, ns, table, chain);
  const tgt = target(c, ns, table, chain, proto);
  if (tgt === undefined) return;
  const t = table === 'filter' ? '' : `-t ${table} `;
  const verb = c.rng.chance(0.2) ? '-I' : '-A';
  const spec = `${chain} ${[...words, '-j', ...tgt].join(' ')}`;
  c.lines.push(ex(ns, `iptables ${t}${verb} ${spec}`));
  c.rules.push([ns, t, spec]);
  c.tables.add(`${ns} ${table}`);
}

/** Deletes a rule made before (by its spec), or flushes a chain. */
function deleteRule(c: Ctx): void {
  if (c.rules.length === 0) return;
  const k = c.rng.int(0, c.rules.length - 1);
  const [ns, t, spec] = c.rules[k] ?? ['', '', ''];
  if (c.rng.chance(0.7)) {
    c.lines.push(ex(ns, `iptables ${t}-D ${spec}`));
    c.rules.splice(k, 1);
  } else {
    const chain = spec.split(' ')[0] ?? '';
    c.lines.push(ex(ns, `iptables ${t}-F ${chain}`));
    for (let i = c.rules.length - 1; i >= 0; i--) {
      const r = c.rules[i];
      if (r && r[0] === ns && r[1] === t && r[2].split(' ')[0] === chain) c.rules.splice(i, 1);
    }
  }
}

function addUserChain(c: Ctx): void {
  const ns = ruleNs(c);
  const table = c.rng.pick(tablesAllowed(c.flags));
  const name = `CHK${c.chains.length + 1}`;
  c.lines.push(ex(ns, `iptables ${table === 'filter' ? '' : `-t ${table} `}-N ${name}`));
  c.chains.push([ns, table, name]);
}

function addPolicy(c: Ctx): void {
  const ns = ruleNs(c);
  const chains = c.flags.failingCommands ? ['INPUT', 'FORWARD', 'OUTPUT'] : ['INPUT', 'FORWARD'];
  c.lines.push(ex(ns, `iptables -P ${c.rng.pick(chains)} ${c.rng.pick(['DROP', 'DROP', 'ACCEPT'])}`));
  c.tables.add(`${ns} filter`);
}

function addRpFilter(c: Ctx): void {
  const ns = ruleNs(c);
  const devs = devsOf(c.t, ns);
  const which = c.rng.pick(['all', 'default', ...devs]);
  c.lines.push(ex(ns, `sysctl -w net.ipv4.conf.${which}.rp_filter=${c.rng.pick([0, 1, 2])}`));
}

/** The configuration generators: [flag that enables it, weight, generator]. */
/** A second address on a device that has one (same subnet, or another). */
function addSecondary(c: Ctx): void {
  const dev = c.rng.pick(c.t.ifaces.filter((i) => i.addr !== undefined && i.dev !== 'lo'));
  const [a, b, cc] = (dev.addr ?? '10.0.0.1').split('.');
  const ip = c.rng.chance(0.6) ? `${a}.${b}.${cc}.${c.rng.int(200, 250)}` : `172.16.${c.rng.int(0, 9)}.1`;
  if (c.t.ifaces.some((i) => i.addr === ip)) return;
  const len = ip.startsWith('172.16.') ? 24 : (dev.len ?? 24);
  addr(c.lines, c.t.ifaces, dev.ns, dev.dev, ip, len);
}

/** blackhole / unreachable / prohibit routes on the router, to an "internet" prefix. */
function addRouteType(c: Ctx): void {
  const ns = ruleNs(c);
  const type = c.rng.pick(['blackhole', 'unreachable', 'prohibit']);
  const prefix = c.rng.pick(['203.0.113.0/24', '198.51.100.0/24', '192.0.2.128/25']);
  if (c.lines.some((l) => l.endsWith(`ip route add ${type} ${prefix}`) || l.includes(` ${prefix}`))) return;
  c.lines.push(ex(ns, `ip route add ${type} ${prefix}`));
  c.t.extraRoutes.push([ns, prefix.split('/')[0] ?? '', Number(prefix.split('/')[1])]);
}

/** A dummy device with an address (a local address on a device that is no wire). */
function addDummy(c: Ctx): void {
  const ns = ruleNs(c);
  if (c.t.ifaces.some((i) => i.ns === ns && i.dev === 'dummy0')) return;
  c.lines.push(ex(ns, 'ip link add dummy0 type dummy'));
  addr(c.lines, c.t.ifaces, ns, 'dummy0', `192.0.2.${c.rng.int(1, 100)}`, 24);
  if (c.rng.chance(0.8)) up(c.lines, ns, 'dummy0');
}

const CONFIG: readonly [keyof FeatureFlags | undefined, number, (c: Ctx) => void][] = [
  [undefined, 6, addRule],
  ['userChains', 1, addUserChain],
  ['policies', 1, addPolicy],
  ['rpFilter', 1, addRpFilter],
  ['moreMatches', 1, deleteRule],
  ['secondaryAddresses', 1, addSecondary],
  ['routeTypes', 1, addRouteType],
  ['dummy', 1, addDummy],
];

// ---------------------------------------------------------------------------------------------
// Traffic and printed commands

function captureFilter(c: Ctx): string {
  const { rng } = c;
  if (!c.flags.captureFilters || rng.chance(0.5)) return '';
  const ip = rng.pick(addresses(c.t));
  return rng.pick(['icmp', 'arp', 'tcp', 'udp', `host ${ip}`, `src ${ip}`, `dst ${ip}`, `port ${rng.pick(PORTS)}`, 'icmp or arp', 'not arp', `tcp and dst port ${rng.pick(PORTS)}`, `(icmp or udp) and not host ${ip}`]);
}

/** Bridge ports: [ns, dev]. */
function bridgePorts(t: Topology): [string, string][] {
  const out: [string, string][] = [];
  for (const l of t.lines) {
    const m = /^(?:ip netns exec (\S+) )?ip link set (veth\d) master br0$/.exec(l);
    if (m) out.push([m[1] ?? 'default', m[2] ?? '']);
  }
  return out;
}

function addCapture(c: Ctx): void {
  // bridge ports have no address: capture there too
  const ifs: (readonly [string, string])[] = [...c.t.ifaces.map((i) => [i.ns, i.dev] as const), ...bridgePorts(c.t)];
  const [ns, dev] = c.rng.pick(ifs);
  // Not where a bridge has two ports: it copies the lower of two random port MACs, so whether a
  // port's copy is `In` or `P` is chance on the kernel (seed 8156).
  const anyNamespaces = c.t.namespaces.filter((n) => bridgePorts(c.t).filter(([pns]) => pns === n).length < 2);
  if (c.flags.tcpdumpAny && anyNamespaces.length > 0 && c.rng.chance(0.15)) {
    c.lines.push(ex(c.rng.pick(anyNamespaces), `tcpdump -n -i any${c.rng.chance(0.5) ? ' icmp' : ''} &`));
    return;
  }
  const f = captureFilter(c);
  const e = c.rng.chance(0.2) ? ' -e' : '';
  c.lines.push(ex(ns, `tcpdump -n${e} -i ${dev}${f === '' ? '' : ` ${f}`} &`));
}

/** A source namespace and a destination address it has a route to (another namespace's). */
function flow(c: Ctx): [string, string] | undefined {
  const pairs: [string, string][] = [];
  for (const ns of c.t.namespaces) {
    for (const i of [...c.t.ifaces, ...c.t.loAddrs]) {
      if (i.addr === undefined) continue;
      const local = i.ns === ns;
      if (local && !c.rng.chance(0.1)) continue;
      // flows through the router are what the lessons are about: count them twice
      if (c.t.router !== undefined && ns !== c.t.router && i.ns !== c.t.router && !local && reaches(c.t, ns, i.addr)) pairs.push([ns, i.addr]);
      if (c.flags.failingCommands || reaches(c.t, ns, i.addr)) pairs.push([ns, i.addr]);
    }
  }
  return pairs.length === 0 ? undefined : c.rng.pick(pairs);
}

function addPing(c: Ctx): void {
  const f = flow(c);
  if (f === undefined) return;
  const [ns, dst] = f;
  const n = c.rng.pick([1, 1, 2, 3]);
  const ttl = c.rng.chance(0.1) ? ` -t ${c.rng.int(1, 3)}` : '';
  const size = c.rng.chance(0.1) ? ` -s ${c.rng.pick([0, 8, 100, 1472])}` : '';
  if (c.flags.pingDeadline && c.rng.chance(0.2)) {
    c.lines.push(ex(ns, `ping -c ${n} -i 0.2 -w ${c.rng.int(1, 2)}${ttl}${size} ${dst}`));
    return;
  }
  c.lines.push(ex(ns, `ping -c ${n} -i 0.2 -W 1${ttl}${size} ${dst}`));
}

function addListener(c: Ctx, udp: boolean): void {
  const ns = c.rng.pick(c.t.namespaces.filter((n) => n !== c.t.router || c.rng.chance(0.2)));
  const port = c.rng.pick(PORTS);
  if (c.lines.some((l) => l.endsWith(` ${port} &`) && l.includes(ns === 'default' ? 'nc -' : `exec ${ns} nc -`) && l.includes(' -u') === udp)) return;
  c.ports.push(port);
  c.lines.push(ex(ns, udp ? `nc -u -l ${port} &` : `nc -l${c.rng.chance(0.5) ? 'k' : ''} ${port} &`));
}

/**
 * An `ss` listing whose order Linux fixes: ss lists a table's sockets in hash order, and the
 * hashes mix in a random per-namespace value (net_hash_mix), so two TCP sockets (two listeners,
 * or two connections) or two UDP sockets in one namespace come out in either order, run by run.
 * With at most one nc of a protocol in the whole script, a namespace holds at most one socket of
 * it; otherwise that protocol is not listed (and with both busy, `ip route` is printed instead).
 */
function ssListing(c: Ctx): string {
  const ncLines = c.lines.filter((l) => /(^|\s)nc\s/.test(l));
  const udpCount = ncLines.filter((l) => /\s-u\b/.test(l)).length;
  const tcpCount = ncLines.length - udpCount;
  const listings = [...(tcpCount <= 1 ? ['ss -tan'] : []), ...(udpCount <= 1 ? ['ss -uan'] : []), ...(tcpCount <= 1 && udpCount <= 1 ? ['ss -tuan'] : [])];
  const ns = c.rng.pick(c.t.namespaces);
  return ex(ns, listings.length > 0 ? c.rng.pick(listings) : 'ip route');
}

function addClient(c: Ctx, udp: boolean): void {
  const f = flow(c);
  if (f === undefined) return;
  const [ns, dst] = f;
  const port = c.ports.length > 0 && c.rng.chance(0.7) ? c.rng.pick(c.ports) : c.rng.pick(PORTS);
  const sport = c.rng.chance(0.2) ? ` -p ${c.rng.int(40000, 40009)}` : '';
  if (udp) {
    c.lines.push(ex(ns, `nc -u -v -z -w 1${sport} ${dst} ${port}`));
    return;
  }
  // TCP: -w 2 lets one SYN retransmission (after 1 s) show and times out well before the next.
  // -z connects and closes; -N closes its side once stdin (empty) ends; in the background a
  // connection stays open (idle) to the end of the script.
  const mode = c.rng.weighted<'z' | 'N' | 'bg'>([
    ['z', 3],
    ['N', 1],
    ['bg', 1],
  ]);
  if (mode === 'z') c.lines.push(ex(ns, `nc -z -w 2${sport} ${dst} ${port}`));
  else if (mode === 'N') c.lines.push(ex(ns, `nc -N -w 2${sport} ${dst} ${port}`));
  else c.lines.push(ex(ns, `nc -w 3${sport} ${dst} ${port} &`));
}

const TRAFFIC: readonly [keyof FeatureFlags | undefined, number, (c: Ctx) => void][] = [
  ['ping', 4, addPing],
  ['tcp', 1, (c) => addListener(c, false)],
  ['tcp', 2, (c) => addClient(c, false)],
  ['udp', 1, (c) => addListener(c, true)],
  ['udp', 1, (c) => addClient(c, true)],
];

function addPrinted(c: Ctx): void {
  const { rng } = c;
  const choices: [() => string, number][] = [
    [
      () => {
        const used = [...c.tables].map((s) => s.split(' ') as [string, string]);
        const [ns, table] = used.length > 0 && rng.chance(0.8) ? rng.pick(used) : [ruleNs(c), 'filter'];
        return ex(ns, `iptables ${table === 'filter' ? '' : `-t ${table} `}-L -v -n -x`);
      },
      4,
    ],
    [
      () => {
        const used = [...c.tables].map((s) => s.split(' ') as [string, string]);
        const [ns, table] = used.length > 0 ? rng.pick(used) : [ruleNs(c), 'filter'];
        return ex(ns, `iptables ${table === 'filter' ? '' : `-t ${table} `}-S`);
      },
      1,
    ],
    [() => ex(ruleNs(c), 'conntrack -L'), 3],
    [() => ssListing(c), c.flags.ss ? 1 : 0],
    [() => ex(ruleNs(c), 'iptables-save'), c.flags.iptablesSave ? 1 : 0],
    [() => ex(rng.pick(c.t.namespaces), 'ip route'), 1],
    [
      () => {
        // A veth whose ifindex equals its peer's (each in its own namespace) has its link
        // events batched by linkwatch (not "urgent"): its operstate turns UP up to 1 s after
        // the carrier. Wait that out once before `ip addr` shows it.
        if (!c.lines.includes('sleep 1.1')) c.lines.push('sleep 1.1');
        // A bridge takes the lowest MAC of its ports: with two ports with random MACs, which
        // one it copies is chance (in the kernel and in the engine), so `ip addr` there would
        // differ from run to run.
        const twoPorts = c.t.lines.some((l) => / veth2 master br0$/.test(l));
        return ex(rng.pick(c.t.namespaces.filter((n) => !twoPorts || n !== c.t.router)), 'ip addr');
      },
      1,
    ],
  ];
  c.lines.push(rng.weighted(choices)());
}

function enabled<T>(flags: FeatureFlags, rows: readonly [keyof FeatureFlags | undefined, number, T][]): [T, number][] {
  return rows.filter(([flag]) => flag === undefined || flags[flag]).map(([, w, g]) => [g, w]);
}

/** The scenario of one seed (a valid script: every line succeeds on Linux). */
export function generateScenario(seed: number, flags: FeatureFlags = DEFAULT_FLAGS): string {
  const rng = new Rng(seed);
  const t = topology(rng, flags);
  const c: Ctx = { rng, later: new Rng(seed ^ 0x5f3759df), flags, t, lines: [...t.lines], chains: [], ports: [], tables: new Set(), rules: [] };
  const config = enabled(flags, CONFIG);
  const nConfig = rng.int(1, 8);
  for (let k = 0; k < nConfig; k++) rng.weighted(config)(c);
  const nCaptures = rng.int(1, 3);
  for (let k = 0; k < nCaptures; k++) addCapture(c);
  const traffic = enabled(flags, TRAFFIC);
  const nTraffic = traffic.length === 0 ? 0 : rng.int(2, 5);
  for (let k = 0; k < nTraffic; k++) rng.weighted(traffic)(c);
  const nPrinted = rng.int(1, 3);
  for (let k = 0; k < nPrinted; k++) addPrinted(c);
  return `# fuzz seed ${seed}\n${c.lines.join('\n')}\n`;
}
