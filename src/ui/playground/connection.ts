// The playground's connection view: after each run, the <pp-connection-view> on the page lists
// the run's TCP, UDP and ICMP flows and steps through the first TCP one (else the first), from
// the engine worker (`lab.connection` runs the same script once more, with the socket and
// conntrack observer the lessons' views use).

import { loadConnectionOf } from '../connection-data.ts';
import type { ConnectionViewElement } from '../islands/connection-view.ts';
import '../islands/connection-view.ts';

/** Shows the connections of the script `source` that just ran. */
export function showConnections(root: ParentNode, source: string): void {
  const view = root.querySelector<ConnectionViewElement>('pp-connection-view');
  if (!view || typeof view.use !== 'function') return;
  void view.use((flow) => loadConnectionOf(source, flow));
}
