// What a packet walk says about one step, from the engine's facts: a headline and labelled
// rows (conntrack's lookup, the NAT decision or its reuse, the rule's own text, the drop
// reason). Pure and light: the lessons' walk and the playground's import it on the page's
// main thread (only types from the engine).

import { describeDropReason, deviceOf, type DropReason } from '../net/trace.ts';
import type { Topology, WalkStep } from './lab-model.ts';

export interface StepDescription {
  /** One sentence: what happened at this step (also what a screen reader hears). */
  readonly headline: string;
  readonly rows: readonly (readonly [term: string, value: string])[];
}

/** Why a packet died, in words, for the reasons that are not a rule or a policy. */
const DROP_REASONS: Record<Exclude<DropReason['kind'], 'rule' | 'policy'>, string> = {
  'conntrack-clash': 'conntrack could not insert its entry: another entry took the same tuples first',
  'no-route': 'no route to the destination',
  'ttl-exceeded': 'the TTL ran out',
  'rp-filter': 'reverse path filter (rp_filter): the route back to the source does not fit',
  'martian-source': 'martian source: that source address cannot arrive here',
  multicast: 'multicast (not modelled)',
  'link-down': 'the device cannot transmit (down, or no carrier)',
  'not-for-us': "the frame is addressed to another host's MAC",
  'forwarding-off': 'not for this namespace, and ip_forward is 0',
  'neighbour-failed': 'ARP got no answer',
  'neighbour-queue-full': 'too many packets wait for ARP: the oldest is dropped',
  'no-socket': 'no socket for it',
  'bridge-same-port': 'the destination is behind the port the frame came in by',
  'bridge-port-state': 'the bridge port is not forwarding',
  'icmp-echo-ignored': 'echo requests are ignored (icmp_echo_ignore_*)',
};

/** The drop reason for people: the rule's own text for a rule, else what the reason means. */
export function dropReasonText(reason: DropReason, ruleText?: string): string {
  if (reason.kind === 'rule') return `${ruleText ?? describeDropReason(reason)} (${reason.table} ${reason.chain}, rule ${reason.rule}) -> ${reason.verdict}`;
  if (reason.kind === 'policy') return `the ${reason.table} ${reason.chain} chain's policy DROP: no rule decided`;
  return `${DROP_REASONS[reason.kind]} (${reason.kind})`;
}

const LOOKUP: Record<Extract<WalkStep, { step: 'conntrack' }>['lookup'], string> = {
  new: 'no entry matches: a new entry is made',
  found: 'an entry matches',
  related: 'an ICMP error: the entry of the connection it is about',
  carried: 'no lookup: the packet still carries its entry',
  untracked: 'no lookup: the packet is untracked',
  invalid: 'no entry matches, and none is made',
};

/** The step's headline and rows. */
export function describeWalkStep(step: WalkStep): StepDescription {
  const dev = deviceOf(step);
  const rows: [string, string][] = [['Where', `namespace ${step.ns}${dev ? `, device ${dev}` : ''}`]];
  let headline = step.note;
  if ('hook' in step && step.hook !== 'INGRESS' && step.hook !== 'EGRESS' && step.hook !== 'BRIDGE') rows.push(['Hook', step.hook]);
  switch (step.step) {
    case 'rule': {
      const rule = step.ruleText ?? `rule ${step.rule}`;
      headline = `${step.table} ${step.chain}: ${rule} matched${step.verdict === '(no target)' ? ' (no target: it only counts)' : ` -> ${step.verdict}`}`;
      rows.push(['Rule', rule], ['Table and chain', `${step.table} ${step.chain}, rule ${step.rule}`], ['Verdict', step.verdict]);
      break;
    }
    case 'policy':
      rows.push(['Table and chain', `${step.table} ${step.chain}`], ['Policy', step.verdict]);
      break;
    case 'conntrack': {
      const lookup = step.lookup === 'found' && step.dir ? `${LOOKUP.found}, as its ${step.dir} tuple${step.dir === 'reply' ? ' (a reply)' : ''}` : LOOKUP[step.lookup];
      rows.push(['Conntrack lookup', lookup], ['State', step.ctState]);
      if (step.entry) rows.push([`Entry ${step.entry.id}: original`, step.entry.original], [`Entry ${step.entry.id}: reply`, step.entry.reply]);
      break;
    }
    case 'nat': {
      const kind = step.manip;
      const mapping = step.mapping ? (step.mapping.from === step.mapping.to ? `${kind} ${step.mapping.from} kept` : `${kind} ${step.mapping.from} -> ${step.mapping.to}`) : undefined;
      const rewritten = step.rewritten ? `${kind} ${step.rewritten.from} -> ${step.rewritten.to}` : undefined;
      const back = step.direction !== 'original';
      switch (step.action) {
        case 'decided':
          headline = `NAT decided at ${step.hook} by ${step.ruleText ?? step.rule?.target ?? 'a rule'}: ${mapping ?? kind} for this connection`;
          rows.push(['NAT', `decided now: the nat table is consulted (this connection's first packet) and a rule decides`], ['Rule', step.ruleText ?? `${step.rule?.chain} rule ${step.rule?.rule}`]);
          if (mapping) rows.push(['Mapping', mapping]);
          break;
        case 'null-binding':
          headline = `NAT decided at ${step.hook}: no nat rule matched, a null binding (${mapping ?? `${kind} kept`})`;
          rows.push(['NAT', 'decided now: the nat table is consulted (this connection\'s first packet), no rule matches: a null binding'], ...(mapping ? [['Mapping', mapping] as [string, string]] : []));
          break;
        case 'refused':
          rows.push(['NAT', `${step.rule ? `${step.ruleText ?? step.rule.target} matched` : 'no rule matched'}, but the entry is already confirmed: its NAT cannot be set up any more, nothing changes`]);
          break;
        case 'rewrite':
          rows.push(['NAT', 'the packet is rewritten as just decided']);
          if (rewritten) rows.push(['Rewritten', rewritten]);
          break;
        case 'reused':
        case 'skipped': {
          // The engine's sentence says why the table was not consulted and what was rewritten.
          rows.push(['NAT', step.action === 'reused' ? 'not consulted: this connection\'s NAT is already decided' : 'not consulted: only a new connection\'s first packet consults it']);
          if (rewritten) rows.push([back ? `De-NAT (${step.direction === 'related' ? 'an ICMP error' : 'a reply'})` : 'Rewritten from the entry', rewritten]);
          else rows.push(['Rewritten', 'nothing in this packet']);
          break;
        }
      }
      if (step.before) rows.push(['Before NAT', step.before]);
      break;
    }
    case 'drop':
      if (step.reason.kind === 'rule' || step.reason.kind === 'policy') headline = `${step.note}: ${dropReasonText(step.reason, step.ruleText)}`;
      rows.push(['Dropped', dropReasonText(step.reason, step.ruleText)]);
      break;
  }
  rows.push([step.step === 'nat' && step.before ? 'After NAT' : 'Packet', step.summary]);
  return { headline, rows };
}

/** Which layers a packet-flow diagram draws for a lab: a bridge layer only where a bridge exists, br_netfilter's hooks only where it calls them. */
export type FlowLayers = 'ip' | 'bridge' | 'br_netfilter';

export function flowLayersOf(topology: Topology): FlowLayers {
  const bridged = topology.namespaces.filter((ns) => ns.devices.some((d) => d.kind === 'bridge'));
  if (bridged.length === 0) return 'ip';
  return bridged.some((ns) => ns.bridgeNetfilter) ? 'br_netfilter' : 'bridge';
}
