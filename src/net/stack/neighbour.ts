// The neighbour (ARP) cache of one device. States as `ip neigh` prints them.
// Mirrors net/core/neighbour.c's NUD machine and net/ipv4/arp.c:
//   INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE --used--> DELAY --5 s--> PROBE
//   (unicast requests) --reply--> REACHABLE; 3 unanswered tries -> FAILED.
// A host that answers a request learns the requester as STALE (neigh_event_ns).

import type { Ipv4Addr, MacAddr } from '../addr.ts';
import type { Skb } from '../world.ts';

export type NudState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

export interface NeighbourEntry {
  readonly ip: Ipv4Addr;
  mac?: MacAddr;
  state: NudState;
  /** Packets waiting for the address to resolve (arp_queue). */
  queue: Skb[];
  /** Time (ms) of the last confirmation of reachability. */
  confirmedAt: number;
  /** Randomised reachable time (ms), between 15 and 45 s as base_reachable_time 30 s gives. */
  reachableMs: number;
  /** Requests sent in the current INCOMPLETE or PROBE round. */
  probes: number;
  /** Bumped at every state change so that stale timers can tell they are stale. */
  generation: number;
}

export const RETRANS_MS = 1000;
export const DELAY_FIRST_PROBE_MS = 5000;
export const MCAST_PROBES = 3;
export const UCAST_PROBES = 3;
export const UNRES_QLEN = 100;

export function isValid(state: NudState): boolean {
  return state === 'REACHABLE' || state === 'STALE' || state === 'DELAY' || state === 'PROBE' || state === 'PERMANENT';
}
