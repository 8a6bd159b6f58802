// Helpers of the connection components (ConnectionView, PredictState).

/** A DOM id for a connection view, stable across builds and unique per scenario and flow. */
export function connectionViewId(scenario: string, flow: string): string {
  let h = 0;
  for (const c of `${scenario}\n${flow}`) h = (Math.imul(h, 31) + c.codePointAt(0)!) >>> 0;
  return `conn-${scenario.replace(/[^a-z0-9-]/gi, '')}-${h.toString(36)}`;
}
