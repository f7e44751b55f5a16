/**
 * When the service retries an invocation that threw (a Lambda function error: the
 * handler threw, timed out, crashed or answered something unreadable). The engine
 * counts the failures in a row and FAILS the execution at its cap (ADR 0004, default 3);
 * between attempts the service backs off, doubling from one second (ADR 0019).
 * Derived from the record alone, so a restarted service keeps the same schedule.
 */
export const INVOCATION_RETRY_BASE_MS = 1_000;
export const INVOCATION_RETRY_MAX_MS = 60_000;

/** The back-off before retry number `failures` (1 after the first thrown invocation). */
export function invocationRetryDelayMs(failures: number): number {
  return Math.min(INVOCATION_RETRY_MAX_MS, INVOCATION_RETRY_BASE_MS * 2 ** Math.max(0, failures - 1));
}

export function invocationRetryAt(endedAt: number, failures: number): number {
  return endedAt + invocationRetryDelayMs(failures);
}
