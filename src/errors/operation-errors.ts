import { DurableError, type DurableErrorOptions } from "./durable-error.js";

/*
 * Recorded failures of durable operations: they travel on the error channel, are
 * encoded to an ErrorObject and decoded the same way live and on replay, and a
 * user's `catchError` / `try` may handle them. Default messages are the official
 * SDK's (PROTOCOL.md §9) so histories read the same whichever SDK wrote them.
 */

/** A step failed for good (its retries are exhausted); `cause` carries the original name and message. */
export class StepError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Step failed", options);
  }
  override get name(): string {
    return "StepError";
  }
  override get code(): string {
    return "STEP_FAILED";
  }
}

/**
 * An at-most-once step was found started on replay: its previous attempt may or may
 * not have had its effect, so it is not run again before the retry strategy decides.
 */
export class StepInterruptedError extends StepError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(
      message ?? "The step execution process was initiated but failed to reach completion due to an interruption.",
      options,
    );
  }
  override get name(): string {
    return "StepInterruptedError";
  }
  override get code(): string {
    return "STEP_INTERRUPTED";
  }
}

/** A step attempt ran past its `timeout`; it counts as a failed attempt for `retry`. */
export class StepTimeoutError extends StepError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Step timed out", options);
  }
  override get name(): string {
    return "StepTimeoutError";
  }
  override get code(): string {
    return "STEP_TIMED_OUT";
  }
}

/** A callback was completed with a failure by its external party. */
export class CallbackError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Callback failed", options);
  }
  override get name(): string {
    return "CallbackError";
  }
  override get code(): string {
    return "CALLBACK_FAILED";
  }
}

/** A callback's `timeout` or `heartbeatTimeout` elapsed before it was completed. */
export class CallbackTimeoutError extends CallbackError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Callback timed out", options);
  }
  override get name(): string {
    return "CallbackTimeoutError";
  }
  override get code(): string {
    return "CALLBACK_TIMED_OUT";
  }
}

/** A chained invoke of another durable function failed, timed out or was stopped. */
export class InvokeError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Invoke failed", options);
  }
  override get name(): string {
    return "InvokeError";
  }
  override get code(): string {
    return "INVOKE_FAILED";
  }
}

/** A child context (also waitForCallback, a map item, a parallel branch) failed; `cause` is why. */
export class ChildContextError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Child context failed", options);
  }
  override get name(): string {
    return "ChildContextError";
  }
  override get code(): string {
    return "CHILD_CONTEXT_FAILED";
  }
}

/** A waitForCondition check failed for good, or gave up polling. */
export class WaitForConditionError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Wait for condition failed", options);
  }
  override get name(): string {
    return "WaitForConditionError";
  }
  override get code(): string {
    return "WAIT_FOR_CONDITION_FAILED";
  }
}
