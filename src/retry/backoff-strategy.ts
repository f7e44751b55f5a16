import type { ErrorClass } from "../errors/error-codec.js";
import type { CommonRetryOptions } from "./retry-options.js";
import type { Jitter, RetryStrategy } from "./retry-strategy.js";

/**
 * The decision rule of PROTOCOL.md §6.1, shared by every built-in strategy, which
 * only supplies the base delay of an attempt: give up after `maxAttempts` or when the
 * error is not retryable; else wait `max(1, round(jitter(base)))` seconds.
 */
export function backoffStrategy(
  options: CommonRetryOptions,
  defaults: { maxAttempts: number; jitter: Jitter },
  baseSeconds: (attempt: number) => number,
): RetryStrategy {
  const maxAttempts = options.maxAttempts ?? defaults.maxAttempts;
  const jitter = options.jitter ?? defaults.jitter;
  const random = options.random ?? Math.random;
  const isRetryable = errorFilter(options.retryableErrors, options.retryableErrorTypes);
  return (error, attempt) => {
    if (attempt >= maxAttempts || !isRetryable(error)) return { shouldRetry: false };
    const base = baseSeconds(attempt);
    const jittered = jitter === "full" ? random() * base : jitter === "half" ? base / 2 + (random() * base) / 2 : base;
    return { shouldRetry: true, delay: { seconds: Math.max(1, Math.round(jittered)) } };
  };
}

/**
 * Patterns and types are OR'ed; with neither given, every error is retryable, but
 * giving only types means "only these" (the official SDK's rule).
 */
function errorFilter(
  patterns: readonly (string | RegExp)[] | undefined,
  types: readonly ErrorClass[] | undefined,
): (error: Error) => boolean {
  if (patterns === undefined && types === undefined) return () => true;
  // A global or sticky RegExp keeps `lastIndex` between `test` calls and would alternate results.
  const ps = (patterns ?? []).map((p) => (typeof p === "string" ? p : new RegExp(p.source, p.flags.replace(/[gy]/g, ""))));
  const ts = types ?? [];
  return (error) => {
    const message = typeof error?.message === "string" ? error.message : String(error);
    return (
      ps.some((p) => (typeof p === "string" ? message.includes(p) : p.test(message))) ||
      ts.some((T) => error instanceof T)
    );
  };
}
