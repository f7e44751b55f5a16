/**
 * The service's error names and the HTTP status each one carries (PROTOCOL.md §15).
 * `ValidationException` is what the service answers when a request breaks a constraint
 * of the Smithy model (length, pattern, range) before any rule runs (ADR 0004).
 */
export const ENGINE_ERROR_STATUS = {
  InvalidParameterValueException: 400,
  ValidationException: 400,
  CallbackTimeoutException: 400,
  ResourceNotFoundException: 404,
  DurableExecutionAlreadyStartedException: 409,
  TooManyRequestsException: 429,
  ServiceException: 500,
} as const;

export type EngineErrorName = keyof typeof ENGINE_ERROR_STATUS;

/**
 * An error the service answers with. Adapters translate it: the HTTP service into a
 * status, `x-amzn-errortype` and `{message}`, the in-process client into the shape the
 * AWS SDK would have thrown.
 */
export class EngineError extends Error {
  override readonly name: EngineErrorName;
  readonly statusCode: number;

  constructor(name: EngineErrorName, message: string) {
    super(message);
    this.name = name;
    this.statusCode = ENGINE_ERROR_STATUS[name];
  }

  static is(value: unknown): value is EngineError {
    return value instanceof EngineError;
  }
}

export const invalidParameter = (message: string): EngineError => new EngineError("InvalidParameterValueException", message);

/** One broken model constraint, worded as the service words it; sensitive values (`undefined`) are not echoed. */
export function validationError(member: string, value: string | undefined, constraint: string): EngineError {
  const shown = value === undefined ? "Value" : `Value '${value}'`;
  return new EngineError(
    "ValidationException",
    `1 validation error detected: ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** Messages the SDK (and tests) match on; kept in one place so the wording cannot drift. */
export const MESSAGES = {
  /** A stale or unknown token: the SDK treats this prefix as invocation-level (§8). */
  invalidToken: "Invalid Checkpoint Token",
  /** Any checkpoint after the execution completed, worded as the real service does. */
  completedExecution: "Invalid checkpoint token",
  callbackClosed: "The callback ID token has either expired or the callback associated with the token has already been closed.",
} as const;
