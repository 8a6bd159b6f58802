// Running a compiled filter on a frame (libpcap bpf_filter.c): the tests read the frame's
// bytes as the kernel would hand them to tcpdump (pcap.ts); a load past the end of the
// packet makes the whole program return 0.

import type { EthernetFrame } from '../../../net/wire/packet.ts';
import { encodeFrame } from '../../../net/wire/pcap.ts';
import type { Expr, Test } from './gencode.ts';

export type FramePredicate = (frame: EthernetFrame) => boolean;

/** A BPF load past the end of the packet: the whole filter program returns 0. */
class OutOfBounds {}
const OUT_OF_BOUNDS = new OutOfBounds();

function load(bytes: Uint8Array, t: Test): number {
  let off = t.off;
  if (t.ind) {
    const b = bytes[14];
    if (b === undefined) throw OUT_OF_BOUNDS;
    off += 4 * (b & 0xf);
  }
  if (off + t.size > bytes.length) throw OUT_OF_BOUNDS;
  let v = 0;
  for (let i = 0; i < t.size; i++) v = v * 256 + (bytes[off + i] ?? 0);
  return v;
}

function evaluate(e: Expr, bytes: Uint8Array): boolean {
  switch (e.t) {
    case 'test': {
      const t = e.test;
      let v = load(bytes, t);
      if (t.mask !== undefined) v = (v & t.mask) >>> 0;
      return t.op === 'jeq' ? v === t.k : (v & t.k) !== 0;
    }
    case 'and':
      return evaluate(e.a, bytes) && evaluate(e.b, bytes);
    case 'or':
      return evaluate(e.a, bytes) || evaluate(e.b, bytes);
    case 'not':
      return !evaluate(e.a, bytes);
  }
}

/** Frames are immutable: their bytes are computed once, whatever captures look at them. */
const BYTES = new WeakMap<EthernetFrame, Uint8Array>();

/** The program as a predicate on frames; it never throws. */
export function framePredicate(program: Expr): FramePredicate {
  return (frame) => {
    let bytes = BYTES.get(frame);
    if (!bytes) {
      bytes = encodeFrame(frame);
      BYTES.set(frame, bytes);
    }
    try {
      return evaluate(program, bytes);
    } catch (e) {
      if (e === OUT_OF_BOUNDS) return false;
      throw e;
    }
  };
}
