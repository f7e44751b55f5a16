import type { DurationLike } from "../duration/duration.js";

/** What a retry strategy decides after a failed attempt. */
export interface RetryDecision {
  shouldRetry: boolean;
  /** How long to wait before the next attempt; absent means 1 second (PROTOCOL.md §6.1). */
  delay?: DurationLike;
}

/**
 * Decides whether a failed step attempt is retried and after how long. `attempt`
 * is 1 on the first failure (the stored attempt count plus one). A strategy is a
 * pure function: it runs again on every failure, in whichever invocation it happens.
 */
export type RetryStrategy = (error: Error, attempt: number) => RetryDecision;

/** Spread of the delay around its base: none, all of `[0, base]`, or `[base/2, base]`. */
export type Jitter = "full" | "half" | "none";
