import { validationError } from "../engine/engine-error.js";
import { LIMITS } from "../engine/validate-model.js";
import { tooLarge } from "./http-error.js";

/**
 * How many bytes each kind of request body may have (ADR 0012). Reading stops as soon
 * as a request passes its limit, so no body larger than these is ever held in memory.
 */
export interface BodyLimits {
  /** Invoke's payload: Lambda's 6 MB synchronous quota (RequestTooLargeException, 413). */
  invoke: number;
  /**
   * A CheckpointDurableExecution request: one Payload may be 6 MiB (the model), and
   * JSON escaping can grow it, so the cap leaves room (RequestTooLargeException, 413).
   */
  checkpoint: number;
  /** SendDurableExecutionCallbackSuccess's Result: the model's 262,144 bytes (ValidationException, 400). */
  callbackResult: number;
  /** An ErrorObject body (StopDurableExecution, SendDurableExecutionCallbackFailure). */
  errorObject: number;
  /** Routes that take no body: anything sent is read up to this and ignored. */
  none: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  invoke: 6_291_456,
  checkpoint: 16 * 1024 * 1024,
  callbackResult: LIMITS.callbackResultMaxBytes,
  errorObject: 1024 * 1024,
  none: 64 * 1024,
};

export const limitedTo = (maxBodyBytes: number) => ({ maxBodyBytes, tooLarge });

/** The callback result is a model constraint, so it fails as the engine words it. */
export const callbackResultLimit = (maxBodyBytes: number) => ({
  maxBodyBytes,
  tooLarge: (limit: number) => validationError("result", undefined, `Member must have length less than or equal to ${limit}`),
});
