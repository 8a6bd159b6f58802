// Capture taps: where tcpdump gets its copy of a frame.
// Ingress: __netif_receive_skb_core hands packet sockets a copy before any protocol handler
// (so before PREROUTING, before the bridge). Egress: dev_hard_start_xmit -> dev_queue_xmit_nit,
// after POSTROUTING. A capture without -p makes its device promiscuous, which changes what a
// bridge device receives (see bridgeFrameFinish in ../bridge/bridge.ts).
//
// `tcpdump -i any` is one packet socket bound to no device: it gets the copy of every device of
// its namespace, in and out, each with the device and the packet type (Linux cooked v2). libpcap
// drops the outgoing copy on lo (it comes back in), so lo shows each packet once, as `In`. It
// makes no device promiscuous.

import type { EthernetFrame } from '../wire/packet.ts';
import type { Device, Namespace, Skb, World } from '../world.ts';

/** The pseudo-device `any`: every device of one namespace. */
export interface AnyDevice {
  readonly kind: 'any';
  readonly name: 'any';
  readonly ns: Namespace;
}

/** Which copy a tap sees: the transmitted one, or a received one with its packet type. */
export type TapDirection = 'out' | Skb['pktType'];

export interface Capture {
  readonly ns: string;
  readonly dev: Device | AnyDevice;
  /** The pcap filter, compiled. */
  readonly accepts: (frame: EthernetFrame) => boolean;
  /** One tcpdump line for the frame (keeps tcpdump's per-connection state where it has one). */
  readonly format: (frame: EthernetFrame) => string;
  /** `-e -i any`: the line after the device and direction, from the cooked header (ifindex, source MAC). */
  readonly formatCooked?: (frame: EthernetFrame, dev: Device) => string;
  readonly lines: string[];
  /** The frames behind `lines`, one for one (exercises grade fields, not text). */
  readonly frames: EthernetFrame[];
  /** Stopped captures (none yet: captures last to the end of a script) keep their lines. */
  active: boolean;
}

/** print-sll.c (LINUX_SLL2): the packet type column, "%-3s " of In, B, M, P, Out. */
const SLL_DIRECTION: Readonly<Record<TapDirection, string>> = { host: 'In ', broadcast: 'B  ', multicast: 'M  ', otherhost: 'P  ', out: 'Out' };

export function tap(world: World, dev: Device, frame: EthernetFrame, direction: TapDirection): void {
  for (const capture of world.captures) {
    if (!capture.active) continue;
    const target = capture.dev;
    if (target.kind === 'any') {
      if (target.ns !== dev.ns || !capture.accepts(frame)) continue;
      // pcap-linux.c linux_check_direction: an outgoing packet on lo is skipped, it comes back in.
      const dir: TapDirection = dev.kind === 'loopback' ? 'host' : direction;
      world.countCapturedLine();
      const rest = capture.formatCooked ? capture.formatCooked(frame, dev) : capture.format(frame);
      capture.lines.push(`${dev.name.padEnd(5)} ${SLL_DIRECTION[dir]} ${rest}`);
      capture.frames.push(frame);
      continue;
    }
    if (target === dev && capture.accepts(frame)) {
      world.countCapturedLine();
      capture.lines.push(capture.format(frame));
      capture.frames.push(frame);
    }
  }
}
