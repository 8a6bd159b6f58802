// The playground's connection view: after each run, the <pp-connection-view> on the page lists
// the run's TCP, UDP and ICMP flows and steps through the first TCP one (else the first), from
// the engine worker (`lab.connection` runs the same script once more, with the socket and
// conntrack observer the lessons' views use). That second run waits until the view comes near
// the viewport, so it never delays the next run of a learner who does not look at it; a run
// that a limit stopped (a flood) is not run again at all.

import { loadConnectionOf } from '../connection-data.ts';
import type { ConnectionViewElement } from '../islands/connection-view.ts';

let observer: IntersectionObserver | undefined;

/** Shows the connections of the script `source` that just ran (`ran`: it ended normally). */
export async function showConnections(root: ParentNode, source: string, ran: boolean): Promise<void> {
  const view = root.querySelector<ConnectionViewElement>('pp-connection-view');
  if (!view) return;
  // The view's code comes after the page's load (src/ui/islands/lazy.ts); a run may end first.
  await import('../islands/connection-view.ts');
  if (typeof view.use !== 'function') return;
  observer?.disconnect();
  view.dataset.emptyText = ran ? 'No TCP, UDP or ICMP flow in this run' : 'The run did not end normally: no connection to show';
  const show = (): void => {
    observer?.disconnect();
    observer = undefined;
    void view.use((flow) => (ran ? loadConnectionOf(source, flow) : Promise.resolve(undefined)));
  };
  if (!ran || typeof IntersectionObserver !== 'function') {
    show();
    return;
  }
  observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) show();
  }, { rootMargin: '50% 0px' });
  observer.observe(view);
}
