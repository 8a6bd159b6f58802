// An entry's reference count (struct nf_conn's ct_general.use), which `conntrack -L` prints as
// use=N: one reference is the table's, and every packet that points to the entry
// (skb->_nfct) holds one more for as long as it lives. Packets live for no time in the engine,
// except those waiting for ARP in a neighbour's queue (arp_queue): a ping to an address
// nobody answers shows use=2 while its request waits, until ARP gives up (checked on Linux 6.18,
// content/scenarios/conntrack-use-queued-arp.sh).

import type { Namespace } from '../world.ts';
import type { ConntrackEntry } from './core.ts';

export function conntrackUse(ns: Namespace, entry: ConntrackEntry): number {
  let use = 1;
  for (const table of ns.neighbours.values()) {
    for (const neighbour of table.values()) {
      for (const skb of neighbour.queue) if (skb.ct?.entry === entry) use++;
    }
  }
  return use;
}
