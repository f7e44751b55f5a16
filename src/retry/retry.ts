import { exponential } from "./exponential.js";
import { fixed } from "./fixed.js";
import { linear } from "./linear.js";
import { retryPresets } from "./presets.js";

/**
 * Retry strategies for steps (not `retry`: that name is RxJS's operator). Any
 * `(error, attempt) => ({ shouldRetry, delay? })` works too.
 *
 * @example
 * ```ts
 * ctx.step("charge", charge, { retry: Retry.exponential({ maxAttempts: 5, retryableErrors: [/timeout/i] }) });
 * ctx.step("audit", audit, { retry: Retry.presets.noRetry });
 * ```
 */
export const Retry = {
  exponential,
  fixed,
  linear,
  presets: retryPresets,
} as const;
