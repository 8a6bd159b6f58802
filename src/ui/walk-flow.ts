// Which element of the packet-flow diagram (<PacketFlow />) a trace step stands for: shared by
// the lessons' <PacketWalk> island and the playground's walk, so both light up the same hook.

import type { TraceEvent } from '../net/trace.ts';

/** The packet-flow element a step stands for, as a CSS selector (undefined: none). */
export function flowSelector(step: TraceEvent, inBridgeLayer: boolean, isPort: boolean, isBridge: boolean): string | undefined {
  switch (step.step) {
    case 'receive':
      // The first tap (before any hook) is any device's own receive; the second one is a
      // bridge device receiving what its port passed up (after br_netfilter's PREROUTING).
      return `[data-hook="INGRESS"][data-tap="${isBridge ? 'device' : 'port'}"]`;
    case 'transmit':
      return '[data-hook="EGRESS"]';
    case 'bridge':
      return isBridge || isPort ? '[data-hook="BRIDGE"]' : undefined;
    case 'route':
      return `[data-step="route"][data-route="${step.note.startsWith('namespace ') ? 'output' : 'input'}"]`;
    case 'deliver':
      return '[data-step="local"]';
    case 'hook':
    case 'rule':
    case 'policy':
    case 'conntrack':
    case 'nat':
      if (step.hook === 'PREROUTING') return `[data-hook="PREROUTING"][data-layer="${inBridgeLayer ? 'bridge' : 'ip'}"]`;
      return step.hook ? `[data-hook="${step.hook}"]` : undefined;
    default:
      return undefined;
  }
}
