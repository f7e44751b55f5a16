import { func, object, optional } from "superstruct";
import type { DurationLike } from "../duration/index.js";
import { WaitForConditionError } from "../errors/index.js";
import { BackoffRateStruct, commonRetryFields, RetryDelayStruct, seconds } from "../retry/retry-options.js";
import type { Jitter } from "../retry/index.js";
import { parseOptions } from "../validation/parse-options.js";

/** What a wait strategy decides after a check: stop, or check again after `delay`. */
export type WaitDecision = { shouldContinue: false } | { shouldContinue: true; delay?: DurationLike };

/**
 * Decides after each check of `waitForCondition` whether to check again and when.
 * `attempt` is the number of checks made so far (1 after the first). A strategy is a
 * pure function of its arguments: it runs again in whichever invocation the next check
 * happens. Throwing gives up: the waitForCondition fails with that error.
 */
export type WaitStrategy<S> = (state: S, attempt: number) => WaitDecision;

interface PollingOptions<S> {
  /** True while the state says "not yet": the strategy then asks for another check. */
  shouldContinuePolling: (state: S) => boolean;
  /** Checks in total, the first included; default 60. Reaching it while still polling fails the wait. */
  maxAttempts?: number;
  /** Source of jitter in [0, 1); tests inject a deterministic one. Default `Math.random`. */
  random?: () => number;
}

export interface ExponentialWaitOptions<S> extends PollingOptions<S> {
  /** Delay after the first check; default 5 s. */
  initialDelay?: DurationLike;
  /** Cap of the delay before jitter; default 300 s. */
  maxDelay?: DurationLike;
  /** Growth per check, at least 1; default 1.5. */
  backoffRate?: number;
  /** Default `"full"`: anywhere in [0, delay], at least 1 s. */
  jitter?: Jitter;
}

export interface FixedWaitOptions<S> extends PollingOptions<S> {
  /** Delay between checks; default 5 s. */
  delay?: DurationLike;
}

/** The defaults of the official `createWaitStrategy` (PROTOCOL.md §6.7). */
export const WAIT_STRATEGY_DEFAULTS = { maxAttempts: 60, initialDelay: { seconds: 5 }, maxDelay: { seconds: 300 }, backoffRate: 1.5, jitter: "full" } as const;

const polling = {
  shouldContinuePolling: func(),
  maxAttempts: commonRetryFields.maxAttempts,
  random: commonRetryFields.random,
};
const ExponentialWaitOptionsStruct = object({
  ...polling,
  initialDelay: optional(RetryDelayStruct),
  maxDelay: optional(RetryDelayStruct),
  backoffRate: optional(BackoffRateStruct),
  jitter: commonRetryFields.jitter,
});
const FixedWaitOptionsStruct = object({ ...polling, delay: optional(RetryDelayStruct) });

/**
 * Polls with growing delays: after check `n` the delay is
 * `min(initialDelay × backoffRate^(n−1), maxDelay)`, jittered, at least 1 s.
 * Defaults as the official SDK's: 60 checks, 5 s, at most 300 s, rate 1.5, full jitter.
 *
 * @example
 * ```ts
 * waitStrategy: WaitStrategy.exponential({ shouldContinuePolling: (job) => job.status === "RUNNING" })
 * ```
 * @throws {@link ValidationError} naming the bad option.
 */
function exponential<S>(options: ExponentialWaitOptions<S>): WaitStrategy<S> {
  const opts = parseOptions(ExponentialWaitOptionsStruct, options, "WaitStrategy.exponential") as ExponentialWaitOptions<S>;
  const initial = seconds(opts.initialDelay, WAIT_STRATEGY_DEFAULTS.initialDelay.seconds);
  const max = seconds(opts.maxDelay, WAIT_STRATEGY_DEFAULTS.maxDelay.seconds);
  const rate = opts.backoffRate ?? WAIT_STRATEGY_DEFAULTS.backoffRate;
  const jitter = opts.jitter ?? WAIT_STRATEGY_DEFAULTS.jitter;
  const random = opts.random ?? Math.random;
  return pollUntilDone(opts, (attempt) => {
    const grown = initial * rate ** (attempt - 1);
    const base = Number.isFinite(grown) ? Math.min(grown, max) : max;
    return jitter === "full" ? random() * base : jitter === "half" ? base / 2 + (random() * base) / 2 : base;
  });
}

/**
 * Polls at a fixed interval (default 5 s, no jitter), at most `maxAttempts` checks (default 60).
 *
 * @throws {@link ValidationError} naming the bad option.
 */
function fixed<S>(options: FixedWaitOptions<S>): WaitStrategy<S> {
  const opts = parseOptions(FixedWaitOptionsStruct, options, "WaitStrategy.fixed") as FixedWaitOptions<S>;
  const delay = seconds(opts.delay, 5);
  return pollUntilDone(opts, () => delay);
}

function pollUntilDone<S>(options: PollingOptions<S>, delaySeconds: (attempt: number) => number): WaitStrategy<S> {
  const maxAttempts = options.maxAttempts ?? WAIT_STRATEGY_DEFAULTS.maxAttempts;
  return (state, attempt) => {
    if (!options.shouldContinuePolling(state)) return { shouldContinue: false };
    if (attempt >= maxAttempts) throw new WaitForConditionError(`waitForCondition exceeded maximum attempts (${maxAttempts})`);
    return { shouldContinue: true, delay: { seconds: Math.max(1, Math.round(delaySeconds(attempt))) } };
  };
}

/**
 * Ready-made wait strategies for `waitForCondition` (any `(state, attempt) =>
 * { shouldContinue, delay? }` works too).
 */
export const WaitStrategy = { exponential, fixed, defaults: WAIT_STRATEGY_DEFAULTS } as const;
