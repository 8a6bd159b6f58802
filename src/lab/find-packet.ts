// Which packet of a lab an exercise or a walk is about. Kept apart from lab-model.ts so that
// islands can use it without pulling the engine into the page's first load.

import type { LabModel, PacketWalk } from './lab-model.ts';

/** The first packet whose birth summary contains `match` (case-insensitive). */
export function findPacket(model: LabModel, match: string): PacketWalk | undefined {
  const wanted = match.trim().toLowerCase();
  return model.packets.find((p) => p.summary.toLowerCase().includes(wanted));
}
