import type { BatchItemStatus, BatchResult } from "./batch-result.js";
import type { BatchResultType } from "./batch-codec.js";
import type { CompletionReason } from "./completion-config.js";

/** Sorted item indices, runs of consecutive ones written `[first, last]`: a 10,000-item batch that all succeeded is `[[0, 9999]]`. */
type IndexRuns = (number | [number, number])[];

/**
 * What a batch stores instead of its result when that is over 256 KiB (with
 * ReplayChildren): which items finished with which status, not only how many, so a
 * replay rebuilds exactly that set from the items' own records, and an item that had
 * not finished (or never started) is never run again. The counts are there for a
 * person reading the history, as in the official SDK's summary.
 */
export interface BatchSummary {
  readonly type: BatchResultType;
  readonly summary: true;
  readonly completionReason: CompletionReason;
  readonly totalCount: number;
  readonly successCount: number;
  readonly failureCount: number;
  readonly startedCount: number;
  readonly succeeded: IndexRuns;
  readonly failed: IndexRuns;
  readonly started: IndexRuns;
}

export function encodeSummary(type: BatchResultType, batch: BatchResult<unknown, unknown>): string {
  const indices = (status: BatchItemStatus) => batch.all.filter((item) => item.status === status).map((item) => item.index);
  const summary: BatchSummary = {
    type,
    summary: true,
    completionReason: batch.completionReason,
    totalCount: batch.totalCount,
    successCount: batch.successCount,
    failureCount: batch.failureCount,
    startedCount: batch.startedCount,
    succeeded: toRuns(indices("SUCCEEDED")),
    failed: toRuns(indices("FAILED")),
    started: toRuns(indices("STARTED")),
  };
  return JSON.stringify(summary);
}

/** The decoded summary, with its runs expanded; undefined when `text` is none of ours (another SDK's, or empty). */
export function parseSummary(
  text: string | undefined,
): { completionReason: CompletionReason; totalCount: number; succeeded: number[]; failed: number[]; started: number[] } | undefined {
  let parsed: Partial<BatchSummary>;
  try {
    parsed = JSON.parse(text ?? "") as Partial<BatchSummary>;
  } catch {
    return undefined;
  }
  if (parsed?.summary !== true || typeof parsed.completionReason !== "string" || typeof parsed.totalCount !== "number") return undefined;
  const runs = [parsed.succeeded, parsed.failed, parsed.started];
  if (!runs.every(Array.isArray)) return undefined;
  return {
    completionReason: parsed.completionReason,
    totalCount: parsed.totalCount,
    succeeded: fromRuns(parsed.succeeded!),
    failed: fromRuns(parsed.failed!),
    started: fromRuns(parsed.started!),
  };
}

function toRuns(sorted: readonly number[]): IndexRuns {
  const runs: IndexRuns = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j === i ? sorted[i] : [sorted[i], sorted[j]]);
    i = j + 1;
  }
  return runs;
}

function fromRuns(runs: IndexRuns): number[] {
  const out: number[] = [];
  for (const run of runs) {
    if (typeof run === "number") out.push(run);
    else for (let k = run[0]; k <= run[1]; k++) out.push(k);
  }
  return out;
}
