import { DurableError, type DurableErrorOptions } from "./durable-error.js";
import {
  CallbackError,
  CallbackTimeoutError,
  ChildContextError,
  InvokeError,
  StepError,
  StepInterruptedError,
  StepTimeoutError,
  WaitForConditionError,
} from "./operation-errors.js";
import { reviveAs, type ErrorParts } from "./revive.js";
import { CheckpointError, NonDeterministicError, type NonDeterminismDetails } from "./terminal-errors.js";
import { LimitExceededError, SerdesError, ValidationError } from "./usage-errors.js";

/** Rebuilds one of our errors from the parts of its ErrorObject. */
export type DurableErrorFactory = (parts: ErrorParts) => DurableError;

type StandardClass = new (message?: string, options?: DurableErrorOptions) => DurableError;

/**
 * Keyed by the literal `name` each class's prototype getter returns, so the keys
 * survive minification. A table, not a `switch`: adding an error kind is one line.
 */
const REGISTRY: ReadonlyMap<string, DurableErrorFactory> = new Map<string, DurableErrorFactory>([
  ...(
    [
      DurableError,
      StepError,
      StepInterruptedError,
      StepTimeoutError,
      CallbackError,
      CallbackTimeoutError,
      InvokeError,
      ChildContextError,
      WaitForConditionError,
      CheckpointError,
      ValidationError,
      SerdesError,
      LimitExceededError,
    ] satisfies StandardClass[]
  ).map(standard),
  [NonDeterministicError.prototype.name, reviveNonDeterministic],
]);

/** The factory for one of durable-rx's own error types, if `errorType` names one. */
export function durableErrorFactory(errorType: string): DurableErrorFactory | undefined {
  return REGISTRY.get(errorType);
}

function standard(Class: StandardClass): [string, DurableErrorFactory] {
  return [
    Class.prototype.name,
    (parts) => new Class(parts.message, parts.data === undefined ? undefined : { errorData: parts.data }),
  ];
}

/** Its constructor takes details, not a message: restore them from ErrorData, keep the stored message. */
function reviveNonDeterministic(parts: ErrorParts): DurableError {
  const error = reviveAs(NonDeterministicError, parts) as NonDeterministicError;
  const details = parseDetails(parts.data);
  Object.defineProperty(error, "failure", { value: "execution", writable: true, enumerable: true, configurable: true });
  if (details) {
    for (const key of ["operationId", "rawId", "field", "expected", "actual"] as const) {
      if (key in details) {
        Object.defineProperty(error, key, { value: details[key], writable: true, enumerable: true, configurable: true });
      }
    }
  }
  return error;
}

function parseDetails(data: string | undefined): Partial<NonDeterminismDetails> | undefined {
  if (data === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(data);
    return typeof parsed === "object" && parsed !== null ? (parsed as Partial<NonDeterminismDetails>) : undefined;
  } catch {
    return undefined;
  }
}
