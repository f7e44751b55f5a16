import { exponential, type ExponentialRetryOptions } from "./exponential.js";
import { linear, type LinearRetryOptions } from "./linear.js";
import type { RetryStrategy } from "./retry-strategy.js";

/** The options behind each preset, for building a variant (or a deterministic one in tests). */
export const RETRY_PRESET_OPTIONS = {
  /** The step default (PROTOCOL.md §6.1): 6 attempts, 5 s doubling to at most 60 s, full jitter. */
  default: { maxAttempts: 6, initialDelay: { seconds: 5 }, maxDelay: { seconds: 60 }, backoffRate: 2, jitter: "full" },
  /** One attempt: a failure is final. */
  noRetry: { maxAttempts: 1 },
  /** 6 attempts, 1 s then 1 s more per failure, no jitter (the official SDK 2.4.0's `linear`). */
  linear: { maxAttempts: 6, initialDelay: { seconds: 1 }, increment: { seconds: 1 }, jitter: "none" },
} as const satisfies {
  default: ExponentialRetryOptions;
  noRetry: ExponentialRetryOptions;
  linear: LinearRetryOptions;
};

export interface RetryPresets {
  readonly default: RetryStrategy;
  readonly noRetry: RetryStrategy;
  readonly linear: RetryStrategy;
}

let built: RetryPresets | undefined;

/** Built on first use, not at import: a Lambda cold start should pay only for what it uses. */
function presets(): RetryPresets {
  built ??= {
    default: exponential(RETRY_PRESET_OPTIONS.default),
    noRetry: exponential(RETRY_PRESET_OPTIONS.noRetry),
    linear: linear(RETRY_PRESET_OPTIONS.linear),
  };
  return built;
}

/** Ready-made strategies. Stateless, so one shared instance of each is safe. */
export const retryPresets: RetryPresets = {
  get default() {
    return presets().default;
  },
  get noRetry() {
    return presets().noRetry;
  },
  get linear() {
    return presets().linear;
  },
};
