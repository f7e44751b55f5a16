import { any, array, enums, func, object, optional, type } from "superstruct";
import type { ErrorClass } from "../errors/index.js";
import type { DurationLike } from "../duration/index.js";
import type { DurableLogger } from "../logging/context-logger.js";
import type { RetryStrategy } from "../retry/index.js";
import type { Serdes } from "../serdes/index.js";
import type { Observable } from "rxjs";

export type StepSemantics = "at-least-once-per-retry" | "at-most-once-per-retry";

/** What a step body receives. */
export interface StepContext {
  /** Aborted when the attempt times out and when the invocation ends. */
  readonly signal: AbortSignal;
  /** 1 on the first attempt. */
  readonly attempt: number;
  /** Logs every time (a body only runs when it is not being replayed). */
  readonly logger: DurableLogger;
}

/** A step body: returns a value, a Promise, or an Observable whose last value is the result. */
export type StepFn<T> = (context: StepContext) => T | PromiseLike<T> | Observable<T>;

export interface StepConfig<T> {
  /**
   * `at-least-once-per-retry` (default): the body may run again after a crash.
   * `at-most-once-per-retry`: START is acknowledged before the body runs; an attempt
   * interrupted by a crash is not run again but counts as failed
   * (`StepInterruptedError`) and goes through `retry`.
   */
  semantics?: StepSemantics;
  /** Default `Retry.presets.default`: 6 attempts, 5 s doubling to 60 s, full jitter. */
  retry?: RetryStrategy;
  /** A timed-out attempt fails with `StepTimeoutError` (and may be retried). */
  timeout?: DurationLike;
  serdes?: Serdes<T>;
  /** Error classes rebuilt as themselves, live and on replay. */
  errors?: readonly ErrorClass[];
}

export const StepConfigStruct = object({
  semantics: optional(enums(["at-least-once-per-retry", "at-most-once-per-retry"])),
  retry: optional(func()),
  timeout: optional(any()),
  // type(): a serdes may be a class instance or carry fields of its own.
  serdes: optional(type({ serialize: func(), deserialize: func() })),
  errors: optional(array(func())),
});
