// Lighthouse 13 with its default settings: mobile, simulated throttling (Slow 4G: 150 ms RTT,
// 1.6 Mbps; 4x CPU slowdown). One run per page on a Chrome the caller launched.

import lighthouse from 'lighthouse';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];

export type LighthouseResult = {
  url: string;
  /** 0-100 per category; undefined when Lighthouse gave none. */
  scores: Partial<Record<(typeof CATEGORIES)[number], number>>;
  tbtMs?: number;
  metrics: string;
  /** Lighthouse's measure of this machine's speed at the time (higher is faster; a loaded machine scores low). */
  benchmarkIndex?: number;
  warnings: string[];
  /** With several runs: the lowest and highest performance score and TBT. */
  range?: { perf: [number, number]; tbtMs: [number, number] };
  /** The audits that cost points, with up to three details each. */
  losing: string[];
};

/** Up to three items of an audit's details table, as text (URL, source, description...). */
function detailLines(details: unknown): string[] {
  const items = (details as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  const lines = items.slice(0, 3).map((item) => {
    const record = item as Record<string, unknown>;
    const node = record['node'] as { snippet?: string } | undefined;
    const location = record['sourceLocation'] as { url?: string } | undefined;
    return [record['url'], location?.url, record['source'], record['description'], node?.snippet]
      .filter((value): value is string => typeof value === 'string' && value.length > 0)
      .join(' | ')
      .slice(0, 240);
  });
  if (items.length > 3) lines.push(`... and ${items.length - 3} more`);
  return lines.filter(Boolean);
}

export async function runLighthouse(url: string, chromePort: number): Promise<LighthouseResult> {
  const result = await lighthouse(url, { port: chromePort, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES], maxWaitForLoad: 45_000 });
  if (!result) throw new Error('lighthouse returned no result');
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores: LighthouseResult['scores'] = {};
  for (const id of CATEGORIES) {
    const score = lhr.categories[id]?.score;
    if (score !== null && score !== undefined) scores[id] = Math.round(score * 100);
  }
  const tbt = lhr.audits['total-blocking-time']?.numericValue;
  const losing: string[] = [];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    if (!category) continue;
    const audits = category.auditRefs
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter((audit) => audit && audit.score !== null && audit.score < 1 && !['informative', 'notApplicable', 'manual'].includes(audit.scoreDisplayMode));
    for (const audit of audits) {
      losing.push(`${id}: ${audit!.id} scored ${Math.round((audit!.score ?? 0) * 100)}: ${audit!.title}${audit!.displayValue ? ' (' + audit!.displayValue + ')' : ''}`);
      for (const line of detailLines(audit!.details)) losing.push(`    ${line}`);
    }
  }
  return {
    url,
    scores,
    ...(tbt !== undefined ? { tbtMs: tbt } : {}),
    metrics: METRICS.map((id) => `${lhr.audits[id]?.title ?? id} ${lhr.audits[id]?.displayValue ?? 'n/a'}`).join(', '),
    ...(lhr.environment?.benchmarkIndex !== undefined ? { benchmarkIndex: lhr.environment.benchmarkIndex } : {}),
    warnings: lhr.runWarnings,
    losing,
  };
}

/** The run with the median performance score (the lower middle one of an even count), with the range of all runs. */
export function medianRun(results: LighthouseResult[]): LighthouseResult {
  if (results.length === 1) return results[0]!;
  const sorted = [...results].sort((a, b) => (a.scores.performance ?? 0) - (b.scores.performance ?? 0));
  const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const perf = results.map((r) => r.scores.performance ?? 0);
  const tbt = results.map((r) => r.tbtMs ?? 0);
  return { ...median, range: { perf: [Math.min(...perf), Math.max(...perf)], tbtMs: [Math.min(...tbt), Math.max(...tbt)] } };
}
