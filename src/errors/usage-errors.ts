import { DurableError, type DurableErrorOptions } from "./durable-error.js";

/*
 * Errors that point at the program or its data rather than at an operation's
 * outcome. They are thrown synchronously where the user can act (a method call, an
 * option, a payload) and are never retried.
 */

/**
 * Bad input at a boundary: an option, a name, a duration, an id. The message starts
 * with where it happened, e.g. `step("charge"): At path: retry -- Expected a function,
 * but received: 3`; for option structs, `cause` is superstruct's `StructError`.
 */
export class ValidationError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Invalid input", options);
  }
  override get name(): string {
    return "ValidationError";
  }
  override get code(): string {
    return "VALIDATION_FAILED";
  }
}

/** A serdes threw, rejected or returned something other than a string; the message names the operation. */
export class SerdesError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Serialization failed", options);
  }
  override get name(): string {
    return "SerdesError";
  }
  override get code(): string {
    return "SERDES_FAILED";
  }
}

/**
 * A service limit would be exceeded (payload size, history length, ...). Raised where
 * the user can act: an oversized step result fails the step with a catchable error.
 */
export class LimitExceededError extends DurableError {
  constructor(message?: string, options?: DurableErrorOptions) {
    super(message ?? "Limit exceeded", options);
  }
  override get name(): string {
    return "LimitExceededError";
  }
  override get code(): string {
    return "LIMIT_EXCEEDED";
  }
}
