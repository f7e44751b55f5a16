import { object, optional } from "superstruct";
import type { DurationLike } from "../duration/duration.js";
import { parseOptions } from "../validation/parse-options.js";
import { backoffStrategy } from "./backoff-strategy.js";
import { BackoffRateStruct, commonRetryFields, RetryDelayStruct, seconds, type CommonRetryOptions } from "./retry-options.js";
import type { RetryStrategy } from "./retry-strategy.js";

export interface ExponentialRetryOptions extends CommonRetryOptions {
  /** Base delay after the first failure; default 5 s. */
  initialDelay?: DurationLike;
  /** Cap of the base delay; default 5 minutes. */
  maxDelay?: DurationLike;
  /** Growth per attempt, at least 1; default 2. */
  backoffRate?: number;
}

const ExponentialRetryOptionsStruct = optional(
  object({
    ...commonRetryFields,
    initialDelay: optional(RetryDelayStruct),
    maxDelay: optional(RetryDelayStruct),
    backoffRate: optional(BackoffRateStruct),
  }),
);

/**
 * Exponential backoff: the base delay after failure `n` is
 * `min(initialDelay × backoffRate^(n−1), maxDelay)`, then jittered (default full).
 * Defaults as the official `createRetryStrategy`: 3 attempts, 5 s, max 5 min, rate 2.
 *
 * @example
 * ```ts
 * ctx.step("charge", charge, { retry: Retry.exponential({ maxAttempts: 5, initialDelay: { seconds: 1 } }) });
 * ```
 * @throws {@link ValidationError} naming the bad option.
 */
export function exponential(options?: ExponentialRetryOptions): RetryStrategy {
  const opts = (parseOptions(ExponentialRetryOptionsStruct, options, "Retry.exponential") ?? {}) as ExponentialRetryOptions;
  const initial = seconds(opts.initialDelay, 5);
  const max = seconds(opts.maxDelay, 300);
  const rate = opts.backoffRate ?? 2;
  return backoffStrategy(opts, { maxAttempts: 3, jitter: "full" }, (attempt) => {
    if (initial === 0) return 0;
    const grown = initial * rate ** (attempt - 1);
    return Number.isFinite(grown) ? Math.min(grown, max) : max;
  });
}
