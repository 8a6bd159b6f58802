// Strict ISO 8601 date-times, shared by the regrader (result.ts) and the gradebook (gradebook.ts),
// which must not import the regrader: the gradebook page runs in the browser without the engine.

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * An ISO 8601 date-time with its offset (what a browser's toISOString writes), in ms since the
 * epoch; undefined for anything else. Strict: Date.parse would read "5" as the year 2001 and
 * "2026-02-31" as March 3rd, and a check made on such a date would be silently wrong.
 */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0, oh = 0, om = 0] = m.slice(1).map((v) => (v === undefined ? undefined : Number(v))) as number[];
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (month! < 1 || month! > 12 || day! < 1 || day! > days || hour! > 23 || minute! > 59 || second > 59 || oh > 23 || om > 59) return undefined;
  const t = Date.parse(text);
  return Number.isNaN(t) ? undefined : t;
}

