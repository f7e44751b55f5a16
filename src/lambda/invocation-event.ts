import { array, create, date, enums, nonempty, number, optional, record, string, StructError, type, union, unknown, type Infer } from "superstruct";
import { ValidationError } from "../errors/index.js";
import type { DurableExecutionInvocationInput } from "../wire/types.js";

const Timestamp = optional(union([string(), number(), date()]));

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
  StepDetails: optional(type({ Attempt: optional(number()), NextAttemptTimestamp: Timestamp, Result: optional(string()) })),
  WaitDetails: optional(type({ ScheduledEndTimestamp: Timestamp })),
  ContextDetails: optional(record(string(), unknown())),
  CallbackDetails: optional(record(string(), unknown())),
  ChainedInvokeDetails: optional(record(string(), unknown())),
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
      throw new ValidationError(`Invalid durable invocation event at ${path}: ${error.message}`, { cause: error });
    }
    throw error;
  }
  return event as DurableExecutionInvocationInput;
}


const TYPES = new Set(["EXECUTION", "CONTEXT", "STEP", "WAIT", "CALLBACK", "CHAINED_INVOKE"]);
const STATUSES = new Set(["STARTED", "PENDING", "READY", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

/** The fast path of the same checks as InvocationEventStruct's required fields. */
function looksValid(event: DurableExecutionInvocationInput): boolean {
  const state = event.InitialExecutionState as unknown;
  if (typeof state !== "object" || state === null) return false;
  const { Operations, NextMarker } = state as { Operations?: unknown; NextMarker?: unknown };
  if (NextMarker !== undefined && typeof NextMarker !== "string") return false;
  if (Operations === undefined) return true;
  if (!Array.isArray(Operations)) return false;
  for (const operation of Operations as Array<Record<string, unknown>>) {
    if (typeof operation !== "object" || operation === null) return false;
    if (typeof operation.Id !== "string" || operation.Id === "" || !TYPES.has(operation.Type as string) || !STATUSES.has(operation.Status as string)) return false;
    for (const key of ["ParentId", "Name", "SubType"]) if (operation[key] !== undefined && typeof operation[key] !== "string") return false;
  }
  return true;
}
