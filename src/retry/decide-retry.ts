import { toSeconds, type DurationLike } from "../duration/duration.js";
import { count, MAX_DURATION_SECONDS } from "../duration/duration-seconds.js";
import { ValidationError } from "../errors/usage-errors.js";
import type { RetryStrategy } from "./retry-strategy.js";

/** A retry decision ready for the wire: what a step's RETRY or FAIL update needs. */
export type RetryPlan =
  | { readonly attempt: number; readonly shouldRetry: false }
  | { readonly attempt: number; readonly shouldRetry: true; readonly delaySeconds: number };

/**
 * Consults `strategy` after a failed attempt and turns its answer into
 * `NextAttemptDelaySeconds` (PROTOCOL.md §6.1, §18 facts 13–14):
 * - `attempt` is `StepDetails.Attempt + 1`: 1 on the first failure;
 * - no `delay` means 1 second;
 * - a delay is rounded up to whole seconds and is at least 1, the service's minimum
 *   (a user strategy saying `{ seconds: 0 }` means "as soon as possible").
 *
 * A strategy that returns something other than a decision, or a delay the service
 * cannot take, is a programmer error: {@link ValidationError} prefixed with `where`.
 */
export function decideRetry(
  strategy: RetryStrategy,
  error: Error,
  storedAttempt: number | undefined,
  where: string,
): RetryPlan {
  const attempt = (storedAttempt ?? 0) + 1;
  const decision: unknown = strategy(error, attempt);
  if (typeof decision !== "object" || decision === null || typeof (decision as { shouldRetry?: unknown }).shouldRetry !== "boolean") {
    throw new ValidationError(
      `${where}: the retry strategy must return { shouldRetry: boolean, delay? }; got ${describe(decision)}`,
    );
  }
  const { shouldRetry, delay } = decision as { shouldRetry: boolean; delay?: unknown };
  if (!shouldRetry) return { attempt, shouldRetry: false };
  if (delay === undefined) return { attempt, shouldRetry: true, delaySeconds: 1 };
  const seconds = Math.max(1, Math.ceil(toSeconds(delay as DurationLike, `${where}: retry delay`) - 1e-6));
  if (seconds > MAX_DURATION_SECONDS) {
    throw new ValidationError(
      `${where}: retry delay must be at most 1 year (31,622,400 s); got ${count(seconds)} s`,
    );
  }
  return { attempt, shouldRetry: true, delaySeconds: seconds };
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") {
    try {
      return JSON.stringify(value);
    } catch {
      return "an object";
    }
  }
  return `${typeof value} ${String(value)}`;
}
