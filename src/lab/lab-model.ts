// What a lab shows, computed by running a scenario in the engine: the topology, the commands,
// every capture (lines and the frames behind them), printed command blocks, the packets'
// walks (trace), conntrack and counters. Pure: runs at build time (topology drawing) and in
// the browser (answers), from the same scenario text.

import { formatIpv4 } from '../net/addr.ts';
import { groupByPacket, type TraceEvent } from '../net/trace.ts';
import type { EthernetFrame } from '../net/wire/packet.ts';
import type { Device } from '../net/world.ts';
import type { RuleSpec } from '../net/netfilter/rule.ts';
import { bridgeNfCallIptables } from '../net/bridge/br_netfilter.ts';
import { executeScript, formatScenarioOutput } from '../cli/shell.ts';
import { formatSaveRule } from '../cli/iptables/format.ts';

export interface TopologyDevice {
  readonly name: string;
  readonly kind: 'loopback' | 'veth' | 'bridge' | 'dummy';
  /** "A.B.C.D/LEN" as `ip addr` shows them. */
  readonly addresses: readonly string[];
  readonly up: boolean;
  /** The bridge this device is a port of. */
  readonly master?: string;
  /** A veth's other end. */
  readonly peer?: { readonly ns: string; readonly dev: string };
}

export interface TopologyNamespace {
  readonly name: string;
  readonly devices: readonly TopologyDevice[];
  readonly forwarding: boolean;
  /** br_netfilter calls the IPv4 hooks for bridged packets here (bridge-nf-call-iptables is 1, as the engine reads it). */
  readonly bridgeNetfilter?: boolean;
}

export interface Topology {
  readonly namespaces: readonly TopologyNamespace[];
  /** Each veth pair once: [ns, dev] of both ends. */
  readonly links: readonly { readonly a: { ns: string; dev: string }; readonly b: { ns: string; dev: string } }[];
}

export interface CaptureResult {
  readonly ns: string;
  readonly dev: string;
  /** "NETNS DEV" as the scenario output heads it (and as exercises name a capture point). */
  readonly id: string;
  readonly lines: readonly string[];
  readonly frames: readonly EthernetFrame[];
}

/**
 * A trace step as a walk shows it: a step that names a rule (a rule that matched, the rule
 * that decided a NAT, a rule that dropped the packet) has that rule's text as `iptables -S`
 * prints it, the rule as it stood when the packet met it.
 */
export type WalkStep = TraceEvent & { readonly ruleText?: string };

export interface PacketWalk {
  readonly packet: number;
  /** How the packet looked when it was born (tcpdump's words). */
  readonly summary: string;
  readonly steps: readonly WalkStep[];
}

/** One iptables rule at the end of the scenario, with its counters. */
export interface RuleCounter {
  readonly ns: string;
  readonly table: string;
  readonly chain: string;
  /** 1-based position in its chain. */
  readonly index: number;
  /** The rule as `iptables -S` prints it, with `-t TABLE` first unless it is filter. */
  readonly text: string;
  readonly packets: number;
  readonly bytes: number;
}

export interface LabModel {
  readonly topology: Topology;
  /** The scenario's command lines, as written (comments dropped). */
  readonly commands: readonly string[];
  readonly printed: readonly { readonly header: string; readonly ns: string; readonly command: string; readonly output: string }[];
  readonly captures: readonly CaptureResult[];
  readonly packets: readonly PacketWalk[];
  /** Every iptables rule of every namespace, in listing order, with its counters. */
  readonly rules: readonly RuleCounter[];
  /** The scenario output of the contract (what `netsim run` prints). */
  readonly output: string;
  readonly error?: { readonly line: number; readonly message: string };
}

/** Devices by ifindex (the namespace's map is almost always in that order already). */
function byIfindex(devices: Iterable<Device>): Device[] {
  const list = [...devices];
  for (let i = 1; i < list.length; i++) if (list[i - 1]!.ifindex > list[i]!.ifindex) return list.sort((a, b) => a.ifindex - b.ifindex);
  return list;
}

function topologyOf(run: ReturnType<typeof executeScript>): Topology {
  const namespaces: TopologyNamespace[] = [];
  const links: { a: { ns: string; dev: string }; b: { ns: string; dev: string } }[] = [];
  const seen = new Set<string>();
  for (const ns of run.world.namespaces.values()) {
    const devices: TopologyDevice[] = [];
    for (const dev of byIfindex(ns.devices.values())) {
      if (dev.kind === 'loopback' && dev.addresses.every((a) => a.addr >>> 24 === 127)) continue;
      devices.push({
        name: dev.name,
        kind: dev.kind,
        addresses: dev.addresses.map((a) => `${formatIpv4(a.addr)}/${a.len}`),
        up: dev.adminUp,
        master: dev.master?.name,
        peer: dev.peer ? { ns: dev.peer.ns.name, dev: dev.peer.name } : undefined,
      });
      if (dev.peer) {
        const key = [`${ns.name}/${dev.name}`, `${dev.peer.ns.name}/${dev.peer.name}`].sort().join('|');
        if (!seen.has(key)) {
          seen.add(key);
          links.push({ a: { ns: ns.name, dev: dev.name }, b: { ns: dev.peer.ns.name, dev: dev.peer.name } });
        }
      }
    }
    namespaces.push({ name: ns.name, devices, forwarding: ns.sysctls.get('net.ipv4.ip_forward') === '1', bridgeNetfilter: bridgeNfCallIptables(ns) });
  }
  return { namespaces, links };
}

function rulesOf(run: ReturnType<typeof executeScript>): RuleCounter[] {
  const rules: RuleCounter[] = [];
  for (const ns of run.world.namespaces.values()) {
    for (const table of ['raw', 'mangle', 'nat', 'filter'] as const) {
      for (const chain of ns.tables.get(table)?.chains.values() ?? []) {
        chain.rules.forEach((rule, i) => {
          const text = formatSaveRule(chain.name, rule, false).trim();
          rules.push({ ns: ns.name, table, chain: chain.name, index: i + 1, text: table === 'filter' ? text : `-t ${table} ${text}`, packets: rule.counters.packets, bytes: rule.counters.bytes });
        });
      }
    }
  }
  return rules;
}

/** A rule as `iptables -S` prints it, with `-t TABLE` first unless it is filter. */
function ruleText(table: string, chain: string, spec: RuleSpec): string {
  const text = formatSaveRule(chain, { spec, counters: { packets: 0, bytes: 0 } }, false).trim();
  return table === 'filter' ? text : `-t ${table} ${text}`;
}

/** Each step that names a rule gets its text; a drop by a rule takes it from the rule step that matched. */
function withRuleText(steps: readonly TraceEvent[]): WalkStep[] {
  let lastRule: { readonly key: string; readonly text: string } | undefined;
  return steps.map((e): WalkStep => {
    if (e.step === 'rule') {
      const text = ruleText(e.table, e.chain, e.spec);
      lastRule = { key: `${e.ns} ${e.table} ${e.chain} ${e.rule}`, text };
      return { ...e, ruleText: text };
    }
    if (e.step === 'nat' && e.rule) return { ...e, ruleText: ruleText('nat', e.rule.chain, e.rule.spec) };
    if (e.step === 'drop' && e.reason.kind === 'rule' && lastRule?.key === `${e.ns} ${e.reason.table} ${e.reason.chain} ${e.reason.rule}`) return { ...e, ruleText: lastRule.text };
    return e;
  });
}

function packetsOf(trace: readonly TraceEvent[]): PacketWalk[] {
  return [...groupByPacket(trace)].map(([packet, steps]) => ({ packet, summary: steps[0]!.summary, steps: withRuleText(steps) }));
}

export function buildLabModel(source: string): LabModel {
  return labModelFromRun(executeScript(source, { trace: true }));
}

/** The model of a run already made (the quiz core also reads the run's world: policies, pings). */
export function labModelFromRun(run: ReturnType<typeof executeScript>): LabModel {
  const printed = run.blocks.map((b) => {
    const m = /^== ([^:]+): (.*)$/.exec(b.header);
    return { header: b.header, ns: m?.[1] ?? 'default', command: m?.[2] ?? b.header, output: b.output };
  });
  const captures = run.world.captures.map((c) => ({
    ns: c.ns,
    dev: c.dev.name,
    id: `${c.ns} ${c.dev.name}`,
    lines: [...c.lines],
    frames: [...c.frames],
  }));
  return {
    topology: topologyOf(run),
    commands: run.commands.map((c) => (c.ns === 'default' ? c.text : `ip netns exec ${c.ns} ${c.text}`) + (c.background ? ' &' : '')),
    printed,
    captures,
    packets: packetsOf(run.world.trace),
    rules: rulesOf(run),
    output: formatScenarioOutput(run),
    error: run.error ? { line: run.error.line, message: run.error.message } : undefined,
  };
}

export { findPacket } from './find-packet.ts';
