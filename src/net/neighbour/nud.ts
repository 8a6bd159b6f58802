// The neighbour unreachability detection (NUD) state machine of one neighbour entry, pure:
// (state, event) -> next state + actions, no world access. neighbour.ts runs the actions.
// Mirrors net/core/neighbour.c (__neigh_event_send, neigh_timer_handler, neigh_update):
//
//   NONE/FAILED --send--> INCOMPLETE (queue, broadcast request every RETRANS_MS)
//   INCOMPLETE --reply--> REACHABLE --reachable_time--> STALE --send--> DELAY
//   DELAY --5 s, not confirmed--> PROBE (unicast requests) --reply--> REACHABLE
//   INCOMPLETE / PROBE: 3 unanswered requests -> FAILED (queued packets dropped)
//
// A host that answers a request learns the requester as STALE (neigh_event_ns): an 'update'.

/** States as `ip neigh` prints them. */
export type NudState = 'INCOMPLETE' | 'REACHABLE' | 'STALE' | 'DELAY' | 'PROBE' | 'FAILED' | 'PERMANENT';

/** The machine's states: NONE is "no entry yet" (NUD_NONE). */
export type NudMachineState = NudState | 'NONE';

export const RETRANS_MS = 1000;
export const DELAY_FIRST_PROBE_MS = 5000;
export const MCAST_PROBES = 3;
export const UCAST_PROBES = 3;
export const UNRES_QLEN = 100;

/** NUD_VALID: the entry has a usable MAC. */
export function isValid(state: NudMachineState): boolean {
  return state === 'REACHABLE' || state === 'STALE' || state === 'DELAY' || state === 'PROBE' || state === 'PERMANENT';
}

export type NudEvent =
  /**
   * A packet to send to this neighbour (neigh_resolve_output). `hasMac`: the entry holds a MAC;
   * `reachableExpired`: reachable_time has passed since the last confirmation.
   */
  | { readonly kind: 'send'; readonly hasMac: boolean; readonly reachableExpired: boolean }
  /** DELAY_FIRST_PROBE_MS after entering DELAY. `confirmedRecently`: within reachable_time. */
  | { readonly kind: 'delay-timer'; readonly confirmedRecently: boolean }
  /** RETRANS_MS after a request went unanswered. */
  | { readonly kind: 'retrans-timer' }
  /** neigh_update: an ARP packet tells the neighbour's MAC (`sameMac`: the one already held). */
  | { readonly kind: 'update'; readonly state: 'REACHABLE' | 'STALE'; readonly sameMac: boolean };

export type NudAction =
  /** Put the packet in arp_queue (the oldest goes when it is full); `first`: resolution starts now. */
  | { readonly kind: 'queue'; readonly first: boolean }
  /** Send the packet to the entry's MAC. */
  | { readonly kind: 'transmit' }
  /** arp_solicit: a broadcast request, or a unicast one to the MAC held (PROBE). */
  | { readonly kind: 'solicit'; readonly unicast: boolean }
  | { readonly kind: 'arm-timer'; readonly timer: 'retrans' | 'delay' }
  /** Store the MAC the update carries (and, for REACHABLE, the confirmation time). */
  | { readonly kind: 'learn'; readonly confirmed: boolean }
  /** The queued packets leave for the MAC now known. */
  | { readonly kind: 'flush-queue' }
  /** The queued packets are dropped, their senders told "host unreachable" (arp_error_report). */
  | { readonly kind: 'fail-queue' };

export interface NudSnapshot {
  readonly state: NudMachineState;
  /** Requests sent in the current INCOMPLETE or PROBE round. */
  readonly probes: number;
}

export interface NudStep extends NudSnapshot {
  /** Pending timers are void (the entry changed: neigh_update / a state change). */
  readonly restart: boolean;
  /** In order. */
  readonly actions: readonly NudAction[];
}

const stay = (s: NudSnapshot, actions: readonly NudAction[] = []): NudStep => ({ ...s, restart: false, actions });

/** One event on one entry. */
export function nudStep(s: NudSnapshot, event: NudEvent): NudStep {
  switch (event.kind) {
    case 'send': {
      // neigh_event_send: a REACHABLE entry past reachable_time is STALE first.
      const state = s.state === 'REACHABLE' && event.reachableExpired ? 'STALE' : s.state;
      const aged = state !== s.state;
      if (isValid(state) && event.hasMac) {
        // The first use of a STALE entry starts the DELAY timer; the packet goes now anyway.
        if (state === 'STALE') return { state: 'DELAY', probes: s.probes, restart: true, actions: [{ kind: 'arm-timer', timer: 'delay' }, { kind: 'transmit' }] };
        return { state, probes: s.probes, restart: aged, actions: [{ kind: 'transmit' }] };
      }
      if (state === 'NONE' || state === 'FAILED') {
        return { state: 'INCOMPLETE', probes: 1, restart: true, actions: [{ kind: 'queue', first: true }, { kind: 'solicit', unicast: false }, { kind: 'arm-timer', timer: 'retrans' }] };
      }
      // INCOMPLETE (or an entry added without a MAC): wait in the queue.
      return { state, probes: s.probes, restart: aged, actions: [{ kind: 'queue', first: false }] };
    }
    case 'delay-timer':
      if (s.state !== 'DELAY') return stay(s);
      if (event.confirmedRecently) return { state: 'REACHABLE', probes: s.probes, restart: true, actions: [] };
      return { state: 'PROBE', probes: 1, restart: true, actions: [{ kind: 'solicit', unicast: true }, { kind: 'arm-timer', timer: 'retrans' }] };
    case 'retrans-timer': {
      if (s.state !== 'INCOMPLETE' && s.state !== 'PROBE') return stay(s);
      const unicast = s.state === 'PROBE';
      if (s.probes >= (unicast ? UCAST_PROBES : MCAST_PROBES)) return { state: 'FAILED', probes: s.probes, restart: true, actions: [{ kind: 'fail-queue' }] };
      return { state: s.state, probes: s.probes + 1, restart: false, actions: [{ kind: 'solicit', unicast }, { kind: 'arm-timer', timer: 'retrans' }] };
    }
    case 'update':
      if (s.state === 'PERMANENT') return stay(s);
      // No downgrade of a known neighbour to STALE by the same MAC.
      if (event.state === 'STALE' && event.sameMac && isValid(s.state)) return stay(s);
      return { state: event.state, probes: 0, restart: true, actions: [{ kind: 'learn', confirmed: event.state === 'REACHABLE' }, { kind: 'flush-queue' }] };
  }
}
