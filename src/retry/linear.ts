import { object, optional } from "superstruct";
import type { DurationLike } from "../duration/duration.js";
import { MAX_DURATION_SECONDS } from "../duration/duration-seconds.js";
import { parseOptions } from "../validation/parse-options.js";
import { backoffStrategy } from "./backoff-strategy.js";
import { commonRetryFields, RetryDelayStruct, seconds, type CommonRetryOptions } from "./retry-options.js";
import type { RetryStrategy } from "./retry-strategy.js";

export interface LinearRetryOptions extends CommonRetryOptions {
  /** Base delay after the first failure; default 1 s. */
  initialDelay?: DurationLike;
  /** Added per further failure; default 1 s. */
  increment?: DurationLike;
  /** Cap of the base delay; default the service's maximum (1 year). */
  maxDelay?: DurationLike;
}

const LinearRetryOptionsStruct = optional(
  object({
    ...commonRetryFields,
    initialDelay: optional(RetryDelayStruct),
    increment: optional(RetryDelayStruct),
    maxDelay: optional(RetryDelayStruct),
  }),
);

/**
 * A delay that grows by `increment` per failure: `min(initialDelay + increment ×
 * (n−1), maxDelay)`. Defaults: 3 attempts, 1 s + 1 s, no jitter.
 *
 * @throws {@link ValidationError} naming the bad option.
 */
export function linear(options?: LinearRetryOptions): RetryStrategy {
  const opts = (parseOptions(LinearRetryOptionsStruct, options, "Retry.linear") ?? {}) as LinearRetryOptions;
  const initial = seconds(opts.initialDelay, 1);
  const increment = seconds(opts.increment, 1);
  const max = seconds(opts.maxDelay, MAX_DURATION_SECONDS);
  return backoffStrategy(opts, { maxAttempts: 3, jitter: "none" }, (attempt) =>
    Math.min(initial + increment * (attempt - 1), max),
  );
}
