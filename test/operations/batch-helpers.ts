import type { BatchResult } from "../../src/index.js";

/** An error as far as a user can tell: class, name, message, data, own properties, cause chain. */
export function describeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return {
    class: Object.getPrototypeOf(error)?.constructor?.name,
    name: error.name,
    message: error.message,
    errorData: (error as { errorData?: unknown }).errorData,
    own: { ...error },
    cause: describeError((error as { cause?: unknown }).cause),
  };
}

/** Everything a user reads from a BatchResult, errors included, in a deep-equality-friendly shape. */
export function describeBatch(batch: BatchResult<unknown, unknown>): unknown {
  return {
    class: Object.getPrototypeOf(batch)?.constructor?.name,
    all: batch.all.map((item) => ({ ...item, error: describeError(item.error) })),
    completionReason: batch.completionReason,
    totalCount: batch.totalCount,
    counts: [batch.successCount, batch.failureCount, batch.startedCount],
    status: batch.status,
  };
}
