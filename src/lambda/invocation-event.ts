import { array, boolean, create, date, enums, nonempty, number, optional, string, StructError, type, union, type Infer } from "superstruct";
import { ValidationError } from "../errors/index.js";
import type { DurableExecutionInvocationInput } from "../wire/types.js";

const Timestamp = optional(union([string(), number(), date()]));
const ErrorObjectStruct = optional(
  type({ ErrorType: optional(string()), ErrorMessage: optional(string()), ErrorData: optional(string()), StackTrace: optional(array(string())) }),
);

/** Every member the SDK reads is checked; members it does not read may be anything (`type()`). */
const OperationStruct = type({
  Id: nonempty(string()),
  Type: enums(["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"]),
  Status: enums(["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]),
  ParentId: optional(string()),
  Name: optional(string()),
  SubType: optional(string()),
  StartTimestamp: Timestamp,
  EndTimestamp: Timestamp,
  ExecutionDetails: optional(type({ InputPayload: optional(string()) })),
  StepDetails: optional(type({ Attempt: optional(number()), NextAttemptTimestamp: Timestamp, Result: optional(string()), Error: ErrorObjectStruct })),
  WaitDetails: optional(type({ ScheduledEndTimestamp: Timestamp })),
  ContextDetails: optional(type({ ReplayChildren: optional(boolean()), Result: optional(string()), Error: ErrorObjectStruct })),
  CallbackDetails: optional(type({ CallbackId: optional(string()), Result: optional(string()), Error: ErrorObjectStruct })),
  ChainedInvokeDetails: optional(type({ Result: optional(string()), Error: ErrorObjectStruct })),
});

/** The invocation event of a durable function (PROTOCOL.md §1.1), checked with `type()`: unknown keys pass. */
export const InvocationEventStruct = type({
  DurableExecutionArn: nonempty(string()),
  CheckpointToken: nonempty(string()),
  InitialExecutionState: type({ Operations: optional(array(OperationStruct)), NextMarker: optional(string()) }),
});

export type InvocationEvent = Infer<typeof InvocationEventStruct>;

const NOT_DURABLE =
  "Unexpected payload provided to start the durable execution. Check your resource configurations to confirm the durability is set.";

/**
 * Validates the event at the boundary. A non-durable event (no ARN or token: the
 * function was invoked directly, not through durable execution) gets the official
 * SDK's message; anything else malformed names the path and what was wrong.
 */
export function parseInvocationEvent(event: unknown): DurableExecutionInvocationInput {
  const candidate = event as Partial<DurableExecutionInvocationInput> | null;
  if (!candidate || typeof candidate !== "object" || !candidate.DurableExecutionArn || !candidate.CheckpointToken) {
    const missing = !candidate || typeof candidate !== "object" ? "the event is not an object" : !candidate.DurableExecutionArn ? "DurableExecutionArn is missing" : "CheckpointToken is missing";
    throw new ValidationError(`${NOT_DURABLE} (${missing})`);
  }
  // Superstruct over 25,000 operations costs ~80 µs each (measured in bench W2): check
  // the common, valid case by hand, and let superstruct name the path only on failure.
  if (looksValid(event as DurableExecutionInvocationInput)) return event as DurableExecutionInvocationInput;
  try {
    create(event, InvocationEventStruct);
  } catch (error) {
    if (error instanceof StructError) {
      const path = error.path.join(".") || "(root)";
      // superstruct's message repeats the path ("At path: a.b -- Expected ..."): say it once.
      const problem = error.message.replace(/^At path: \S* -- /, "");
      throw new ValidationError(`Invalid durable invocation event at ${path}: ${problem}`, { cause: error });
    }
    throw error;
  }
  return event as DurableExecutionInvocationInput;
}

const TYPES = new Set(["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"]);
const STATUSES = new Set(["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

type Loose = Record<string, unknown>;

/** As superstruct's `type()` has it: any non-null object (an array too: it has none of the members). */
const isObject = (value: unknown): value is Loose => typeof value === "object" && value !== null;
const optionalOf = (value: unknown, kind: "string" | "number" | "boolean") => value === undefined || typeof value === kind;
const isTimestamp = (value: unknown) => value === undefined || typeof value === "string" || typeof value === "number" || value instanceof Date;
const isErrorObject = (value: unknown) =>
  value === undefined ||
  (isObject(value) &&
    optionalOf(value.ErrorType, "string") &&
    optionalOf(value.ErrorMessage, "string") &&
    optionalOf(value.ErrorData, "string") &&
    (value.StackTrace === undefined || (Array.isArray(value.StackTrace) && value.StackTrace.every((frame) => typeof frame === "string"))));

const str = (value: unknown) => value === undefined || typeof value === "string";

// One plain function per kind of details: this runs for every operation of every event.
const stepDetailsPass = (d: unknown) =>
  d === undefined ||
  (isObject(d) && optionalOf(d.Attempt, "number") && isTimestamp(d.NextAttemptTimestamp) && str(d.Result) && isErrorObject(d.Error));
const contextDetailsPass = (d: unknown) =>
  d === undefined || (isObject(d) && optionalOf(d.ReplayChildren, "boolean") && str(d.Result) && isErrorObject(d.Error));
const callbackDetailsPass = (d: unknown) => d === undefined || (isObject(d) && str(d.CallbackId) && str(d.Result) && isErrorObject(d.Error));
const invokeDetailsPass = (d: unknown) => d === undefined || (isObject(d) && str(d.Result) && isErrorObject(d.Error));
const waitDetailsPass = (d: unknown) => d === undefined || (isObject(d) && isTimestamp(d.ScheduledEndTimestamp));
const executionDetailsPass = (d: unknown) => d === undefined || (isObject(d) && str(d.InputPayload));

/** The fast path of the same checks as InvocationEventStruct. */
function looksValid(event: DurableExecutionInvocationInput): boolean {
  // Truthy is not enough: an ARN or token that is not a string would be sent as it is.
  if (typeof event.DurableExecutionArn !== "string" || typeof event.CheckpointToken !== "string") return false;
  const state = event.InitialExecutionState as unknown;
  if (!isObject(state)) return false;
  const { Operations, NextMarker } = state;
  if (NextMarker !== undefined && typeof NextMarker !== "string") return false;
  if (Operations === undefined) return true;
  if (!Array.isArray(Operations)) return false;
  // Indexed, not for…of (see ExecutionState): once per operation, usually before the JIT.
  for (let i = 0; i < Operations.length; i++) {
    const operation: unknown = Operations[i];
    if (!isObject(operation)) return false;
    if (typeof operation.Id !== "string" || operation.Id === "" || !TYPES.has(operation.Type as string) || !STATUSES.has(operation.Status as string)) return false;
    if (!str(operation.ParentId) || !str(operation.Name) || !str(operation.SubType)) return false;
    if (!isTimestamp(operation.StartTimestamp) || !isTimestamp(operation.EndTimestamp)) return false;
    if (!executionDetailsPass(operation.ExecutionDetails) || !stepDetailsPass(operation.StepDetails) || !contextDetailsPass(operation.ContextDetails)) return false;
    if (!waitDetailsPass(operation.WaitDetails) || !callbackDetailsPass(operation.CallbackDetails) || !invokeDetailsPass(operation.ChainedInvokeDetails)) return false;
  }
  return true;
}
