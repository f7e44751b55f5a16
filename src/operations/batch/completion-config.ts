import { integer, max, min, number, object, optional } from "superstruct";

/**
 * When a map or parallel is complete (PROTOCOL.md §6.6). With no field set the batch
 * is fail-fast: the first failure completes it. Otherwise it continues while the
 * failures stay within every tolerance given, and completes when every item has
 * finished or `minSuccessful` items have succeeded.
 */
export interface CompletionConfig {
  /** Complete as soon as this many items have succeeded. */
  minSuccessful?: number;
  /** Complete (FAILURE_TOLERANCE_EXCEEDED) once more items than this have failed. */
  toleratedFailureCount?: number;
  /** Complete (FAILURE_TOLERANCE_EXCEEDED) once failures exceed this share of all items, 0–100. */
  toleratedFailurePercentage?: number;
}

/** The ready-made policies; any `CompletionConfig` object works as well. */
export const CompletionConfig = {
  /** Every item must succeed: the first failure completes the batch (the default). */
  allSuccessful: (): CompletionConfig => ({ toleratedFailureCount: 0 }),
  /** Run every item to its end, whatever fails. */
  allCompleted: (): CompletionConfig => ({ toleratedFailurePercentage: 100 }),
  /** Complete with the first success; failures before it are tolerated. */
  firstSuccessful: (): CompletionConfig => ({ minSuccessful: 1 }),
  /** Complete once `n` items have succeeded; failures are tolerated. */
  minSuccessful: (n: number): CompletionConfig => ({ minSuccessful: n }),
} as const;

export const CompletionConfigStruct = object({
  minSuccessful: optional(min(integer(), 1)),
  toleratedFailureCount: optional(min(integer(), 0)),
  toleratedFailurePercentage: optional(max(min(number(), 0), 100)),
});

export type CompletionReason = "ALL_COMPLETED" | "MIN_SUCCESSFUL_REACHED" | "FAILURE_TOLERANCE_EXCEEDED";

export interface BatchCounts {
  readonly succeeded: number;
  readonly failed: number;
  /** Every item of the batch, started or not. */
  readonly total: number;
}

/**
 * Whether a batch with these counts is complete, and why; undefined while it goes on.
 * The reasons are checked in the official SDK's order (PROTOCOL.md §6.6): a tolerance
 * exceeded wins over everything, then every item finished, then `minSuccessful`.
 */
export function completionReason(config: CompletionConfig, counts: BatchCounts): CompletionReason | undefined {
  const { succeeded, failed, total } = counts;
  if (toleranceExceeded(config, counts)) return "FAILURE_TOLERANCE_EXCEEDED";
  if (succeeded + failed >= total) return "ALL_COMPLETED";
  if (config.minSuccessful !== undefined && succeeded >= config.minSuccessful) return "MIN_SUCCESSFUL_REACHED";
  return undefined;
}

function toleranceExceeded(config: CompletionConfig, { failed, total }: BatchCounts): boolean {
  const { minSuccessful, toleratedFailureCount, toleratedFailurePercentage } = config;
  // No policy at all is fail-fast.
  if (minSuccessful === undefined && toleratedFailureCount === undefined && toleratedFailurePercentage === undefined) return failed > 0;
  if (toleratedFailureCount !== undefined && failed > toleratedFailureCount) return true;
  return toleratedFailurePercentage !== undefined && total > 0 && (failed / total) * 100 > toleratedFailurePercentage;
}
