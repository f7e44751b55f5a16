export { DurableError } from "./durable-error.js";
export type { DurableErrorOptions, FailureKind } from "./durable-error.js";
export {
  CallbackError,
  CallbackTimeoutError,
  ChildContextError,
  InvokeError,
  StepError,
  StepInterruptedError,
  StepTimeoutError,
  WaitForConditionError,
} from "./operation-errors.js";
export { CheckpointError, NonDeterministicError } from "./terminal-errors.js";
export type { CheckpointErrorOptions, NonDeterminismDetails } from "./terminal-errors.js";
export { LimitExceededError, SerdesError, ValidationError } from "./usage-errors.js";
export { fromErrorObject, toErrorObject } from "./error-codec.js";
export type { ErrorClass, FromErrorObjectOptions, ToErrorObjectOptions } from "./error-codec.js";
export { DEFAULT_MAX_ERROR_OBJECT_BYTES, TRUNCATION_SUFFIX } from "./truncate-error-object.js";
export { ensureError } from "./ensure-error.js";
