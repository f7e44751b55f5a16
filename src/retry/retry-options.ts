import { array, define, enums, func, number, optional, refine } from "superstruct";
import { toSeconds, type DurationLike } from "../duration/duration.js";
import { count, MAX_DURATION_SECONDS } from "../duration/duration-seconds.js";
import { DurationLikeStruct } from "../duration/duration-struct.js";
import type { ErrorClass } from "../errors/error-codec.js";
import type { Jitter } from "./retry-strategy.js";

/** Options every built-in strategy takes. */
export interface CommonRetryOptions {
  /** Attempts in total, the first included; 1 means no retry. */
  maxAttempts?: number;
  jitter?: Jitter;
  /** Retry when the message contains a string or matches a RegExp (OR'ed with `retryableErrorTypes`). */
  retryableErrors?: (string | RegExp)[];
  /** Retry when the error is an instance of one of these. */
  retryableErrorTypes?: ErrorClass[];
  /** Source of jitter in [0, 1); tests inject a deterministic one. Default `Math.random`. */
  random?: () => number;
}

/** The struct fields of {@link CommonRetryOptions}. */
export const commonRetryFields = {
  maxAttempts: optional(
    define<number>("AttemptCount", (v) =>
      (typeof v === "number" && Number.isInteger(v) && v >= 1) || `expected a whole number >= 1, but received: ${String(v)}`,
    ),
  ),
  jitter: optional(enums(["full", "half", "none"] as const)),
  retryableErrors: optional(
    array(
      define<string | RegExp>("ErrorPattern", (v) =>
        typeof v === "string" || v instanceof RegExp || `expected a string or a RegExp, but received: ${String(v)}`,
      ),
    ),
  ),
  retryableErrorTypes: optional(array(func())),
  random: optional(func()),
};

/** A DurationLike no longer than the service accepts for a retry delay. */
export const RetryDelayStruct = refine(DurationLikeStruct, "RetryDelay", (value) => {
  const seconds = toSeconds(value);
  return seconds <= MAX_DURATION_SECONDS || `expected at most 1 year (31,622,400 s), but received ${count(seconds)} s`;
});

export const BackoffRateStruct = refine(number(), "BackoffRate", (value) =>
  (Number.isFinite(value) && value >= 1) || `expected a finite number >= 1, but received ${value}`,
);

/** Seconds of an optional delay option, or its default. */
export function seconds(value: DurationLike | undefined, fallback: number): number {
  return value === undefined ? fallback : toSeconds(value);
}
