// Medians, spreads and the ratio official / durable-rx, shared by the report and the
// target checks.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const spread = (values) => ({ median: median(values), min: Math.min(...values), max: Math.max(...values) });

/** The official SDK's result for the same workload and parameters, when it ran. */
export function reference(results, config) {
  return results.find((r) => r.config.sdk === "official" && r.config.pair === config.pair && r.summary);
}

/**
 * official / this, of the headline figure (`primary`, lower is better) or of what `pick`
 * reads: above 1, durable-rx is faster (or smaller).
 */
export function ratio(results, result, pick = (s) => s.primary?.median) {
  const official = reference(results, result.config);
  if (!official || !result.summary || result.config.sdk === "official") return undefined;
  const mine = pick(result.summary);
  const theirs = pick(official.summary);
  return mine > 0 && theirs !== undefined ? theirs / mine : undefined;
}

export const times = (x) => (x === undefined ? "—" : `${x.toFixed(x >= 10 ? 0 : x >= 1 ? 1 : 2)}×`);
