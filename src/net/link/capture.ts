// Capture taps: where tcpdump gets its copy of a frame.
// Ingress: __netif_receive_skb_core hands packet sockets a copy before any protocol handler
// (so before PREROUTING, before the bridge). Egress: dev_hard_start_xmit -> dev_queue_xmit_nit,
// after POSTROUTING. A capture without -p makes its device promiscuous, which changes what a
// bridge device receives (see bridgeFrameFinish in ../bridge/bridge.ts).

import type { EthernetFrame } from '../wire/packet.ts';
import type { Device, World } from '../world.ts';

export interface Capture {
  readonly ns: string;
  readonly dev: Device;
  /** The pcap filter, compiled. */
  readonly accepts: (frame: EthernetFrame) => boolean;
  /** One tcpdump line for the frame (keeps tcpdump's per-connection state where it has one). */
  readonly format: (frame: EthernetFrame) => string;
  readonly lines: string[];
  /** The frames behind `lines`, one for one (exercises grade fields, not text). */
  readonly frames: EthernetFrame[];
  /** Stopped captures (none yet: captures last to the end of a script) keep their lines. */
  active: boolean;
}

export function tap(world: World, dev: Device, frame: EthernetFrame): void {
  for (const capture of world.captures) {
    if (capture.active && capture.dev === dev && capture.accepts(frame)) {
      world.countCapturedLine();
      capture.lines.push(capture.format(frame));
      capture.frames.push(frame);
    }
  }
}
