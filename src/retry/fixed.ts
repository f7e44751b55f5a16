import { object, optional } from "superstruct";
import type { DurationLike } from "../duration/duration.js";
import { parseOptions } from "../validation/parse-options.js";
import { backoffStrategy } from "./backoff-strategy.js";
import { commonRetryFields, RetryDelayStruct, seconds, type CommonRetryOptions } from "./retry-options.js";
import type { RetryStrategy } from "./retry-strategy.js";

export interface FixedRetryOptions extends CommonRetryOptions {
  /** The delay between attempts; default 5 s. */
  delay?: DurationLike;
}

const FixedRetryOptionsStruct = optional(object({ ...commonRetryFields, delay: optional(RetryDelayStruct) }));

/**
 * The same delay after every failure (no jitter unless asked for).
 * Defaults: 3 attempts, 5 s.
 *
 * @throws {@link ValidationError} naming the bad option.
 */
export function fixed(options?: FixedRetryOptions): RetryStrategy {
  const opts = (parseOptions(FixedRetryOptionsStruct, options, "Retry.fixed") ?? {}) as FixedRetryOptions;
  const delay = seconds(opts.delay, 5);
  return backoffStrategy(opts, { maxAttempts: 3, jitter: "none" }, () => delay);
}
