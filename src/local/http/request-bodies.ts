import { array, boolean, number, optional, string, type, validate, type Infer, type Struct } from "superstruct";
import { EngineError } from "../engine/engine-error.js";
import { invalidContent } from "./http-error.js";

/**
 * The JSON bodies the Lambda REST API takes, checked for JSON types at the boundary so
 * that no handler ever sees a number where a string belongs. `type()` lets members a
 * newer client adds pass through. Constraints of the model (lengths, patterns, ranges)
 * are the engine's to check, in the service's words.
 */

export const ErrorObjectStruct = type({
  ErrorType: optional(string()),
  ErrorMessage: optional(string()),
  ErrorData: optional(string()),
  StackTrace: optional(array(string())),
});

/** Id, Type and Action stay optional here: the engine words their absence (ADR 0004). */
const OperationUpdateStruct = type({
  Id: optional(string()),
  ParentId: optional(string()),
  Name: optional(string()),
  Type: optional(string()),
  SubType: optional(string()),
  Action: optional(string()),
  Payload: optional(string()),
  Error: optional(ErrorObjectStruct),
  ContextOptions: optional(type({ ReplayChildren: optional(boolean()) })),
  StepOptions: optional(type({ NextAttemptDelaySeconds: optional(number()) })),
  WaitOptions: optional(type({ WaitSeconds: optional(number()) })),
  CallbackOptions: optional(type({ TimeoutSeconds: optional(number()), HeartbeatTimeoutSeconds: optional(number()) })),
  ChainedInvokeOptions: optional(type({ FunctionName: optional(string()), TenantId: optional(string()) })),
});

export const CheckpointBodyStruct = type({
  CheckpointToken: optional(string()),
  Updates: optional(array(OperationUpdateStruct)),
  ClientToken: optional(string()),
});

export type CheckpointBody = Infer<typeof CheckpointBodyStruct>;

/**
 * Parses a JSON body and checks it against `struct`. An empty body is `{}` (the SDK
 * sends none for an absent payload member). Malformed JSON and wrong member types are
 * the model's InvalidRequestContentException, naming the member.
 */
export function parseJsonBody<T>(body: Buffer, struct: Struct<T, unknown>): T {
  let value: unknown = {};
  if (body.length > 0) {
    try {
      value = JSON.parse(body.toString("utf8"));
    } catch (error) {
      throw invalidContent(`Could not parse request body into json: ${(error as Error).message}`);
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidContent("Could not parse request body into json: expected a JSON object.");
  }
  const [failure, checked] = validate(value, struct);
  if (failure) {
    throw invalidContent(`Could not parse request body into json: ${failure.message}`);
  }
  return checked as T;
}

/** The service's message for a required member left out. */
export function requireMember<T>(value: T | undefined, member: string): T {
  if (value === undefined) {
    throw new EngineError(
      "ValidationException",
      `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}
