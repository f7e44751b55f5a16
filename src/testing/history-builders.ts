import { hashOperationId } from "../ids/index.js";
import type { DurableExecutionInvocationInput, ErrorObject, Operation, OperationType } from "../wire/types.js";

/**
 * Small builders for histories, so a test reads as "this history in, these updates
 * out" (STYLE.md §7.6). Ids are given raw (`"1"`, `"3-1"`) and hashed here.
 */
export interface OperationOptions {
  readonly name?: string;
  /** Raw id of the enclosing CONTEXT. */
  readonly parent?: string;
  readonly subType?: string;
}

const START = "2026-01-01T00:00:00.000Z";
export const TEST_EXECUTION_ARN =
  "arn:aws:lambda:us-east-1:123456789012:function:test-fn:$LATEST/durable-execution/test-execution/00000000-0000-0000-0000-000000000001";

function base(rawId: string, type: OperationType, subType: string, status: Operation["Status"], options: OperationOptions): Operation {
  const operation: Operation = { Id: hashOperationId(rawId), Type: type, SubType: options.subType ?? subType, Status: status, StartTimestamp: START };
  if (options.name !== undefined) operation.Name = options.name;
  if (options.parent !== undefined) operation.ParentId = hashOperationId(options.parent);
  return operation;
}

export function executionStarted(input: unknown = {}, id = "execution"): Operation {
  return { Id: id, Type: "EXECUTION", Status: "STARTED", StartTimestamp: START, ExecutionDetails: { InputPayload: JSON.stringify(input) } };
}

export function succeededStep(rawId: string, result: unknown, options: OperationOptions = {}): Operation {
  const payload = result === undefined ? undefined : JSON.stringify(result);
  return { ...base(rawId, "STEP", "Step", "SUCCEEDED", options), StepDetails: { Attempt: 1, Result: payload } };
}

export function failedStep(rawId: string, error: ErrorObject, options: OperationOptions = {}): Operation {
  return { ...base(rawId, "STEP", "Step", "FAILED", options), StepDetails: { Attempt: 1, Error: error } };
}

export function startedStep(rawId: string, options: OperationOptions & { attempt?: number } = {}): Operation {
  return { ...base(rawId, "STEP", "Step", "STARTED", options), StepDetails: { Attempt: options.attempt ?? 0 } };
}

export function pendingStep(rawId: string, nextAttemptAt: string, options: OperationOptions & { attempt?: number } = {}): Operation {
  return { ...base(rawId, "STEP", "Step", "PENDING", options), StepDetails: { Attempt: options.attempt ?? 1, NextAttemptTimestamp: nextAttemptAt } };
}

export function startedWait(rawId: string, endsAt: string, options: OperationOptions = {}): Operation {
  return { ...base(rawId, "WAIT", "Wait", "STARTED", options), WaitDetails: { ScheduledEndTimestamp: endsAt } };
}

export function succeededWait(rawId: string, options: OperationOptions = {}): Operation {
  return { ...base(rawId, "WAIT", "Wait", "SUCCEEDED", options), WaitDetails: { ScheduledEndTimestamp: START } };
}

export function startedContext(rawId: string, options: OperationOptions = {}): Operation {
  return base(rawId, "CONTEXT", "RunInChildContext", "STARTED", options);
}

export function succeededContext(rawId: string, result: unknown, options: OperationOptions & { replayChildren?: boolean } = {}): Operation {
  const Result = options.replayChildren ? "" : result === undefined ? undefined : JSON.stringify(result);
  return { ...base(rawId, "CONTEXT", "RunInChildContext", "SUCCEEDED", options), ContextDetails: { Result, ReplayChildren: options.replayChildren } };
}

export function failedContext(rawId: string, error: ErrorObject, options: OperationOptions = {}): Operation {
  return { ...base(rawId, "CONTEXT", "RunInChildContext", "FAILED", options), ContextDetails: { Error: error } };
}

/** The operations of a history, the EXECUTION first, as the service lists them. */
export function historyOf(...operations: Operation[]): Operation[] {
  return operations[0]?.Type === "EXECUTION" ? operations : [executionStarted(), ...operations];
}

/** A durable invocation event over `operations` (one page unless `nextMarker` is given). */
export function invocationEvent(
  operations: Operation[],
  options: { arn?: string; token?: string; nextMarker?: string } = {},
): DurableExecutionInvocationInput {
  return {
    DurableExecutionArn: options.arn ?? TEST_EXECUTION_ARN,
    CheckpointToken: options.token ?? "dG9rZW4tMQ==",
    InitialExecutionState: { Operations: operations, NextMarker: options.nextMarker ?? "" },
  };
}

// ── callbacks and invoke ──

/** A base64 callback id derived from the raw id, when a test does not care which. */
export function testCallbackId(rawId: string): string {
  return Buffer.from(`test-callback:${rawId}`).toString("base64");
}

type CallbackOptions = OperationOptions & { readonly callbackId?: string };

function callback(rawId: string, status: Operation["Status"], options: CallbackOptions, details: Operation["CallbackDetails"] = {}): Operation {
  return { ...base(rawId, "CALLBACK", "Callback", status, options), CallbackDetails: { CallbackId: options.callbackId ?? testCallbackId(rawId), ...details } };
}

/** A callback whose id was issued and that nobody has answered yet. */
export function startedCallback(rawId: string, options: CallbackOptions = {}): Operation {
  return callback(rawId, "STARTED", options);
}

/** A callback answered with `result`: the raw string the party sent (callbacks carry text, not JSON values). */
export function succeededCallback(rawId: string, result: string | undefined, options: CallbackOptions = {}): Operation {
  return callback(rawId, "SUCCEEDED", options, result === undefined ? {} : { Result: result });
}

/** A callback the party answered with a failure. */
export function failedCallback(rawId: string, error: ErrorObject, options: CallbackOptions = {}): Operation {
  return callback(rawId, "FAILED", options, { Error: error });
}

/** A callback whose timeout (or heartbeat timeout) elapsed, with the service's message. */
export function timedOutCallback(rawId: string, options: CallbackOptions & { message?: string } = {}): Operation {
  return callback(rawId, "TIMED_OUT", options, { Error: { ErrorMessage: options.message ?? "Callback timed out" } });
}

/** A chained invoke whose execution is still running. */
export function startedInvoke(rawId: string, options: OperationOptions = {}): Operation {
  return base(rawId, "CHAINED_INVOKE", "ChainedInvoke", "STARTED", options);
}

/** A chained invoke whose execution succeeded with `result` (stored as JSON). */
export function succeededInvoke(rawId: string, result: unknown, options: OperationOptions = {}): Operation {
  const Result = result === undefined ? undefined : JSON.stringify(result);
  return { ...base(rawId, "CHAINED_INVOKE", "ChainedInvoke", "SUCCEEDED", options), ChainedInvokeDetails: Result === undefined ? {} : { Result } };
}

/** A chained invoke whose execution FAILED (or TIMED_OUT, or was STOPPED) with `error`. */
export function failedInvoke(
  rawId: string,
  error: ErrorObject,
  options: OperationOptions & { status?: "FAILED" | "TIMED_OUT" | "STOPPED" } = {},
): Operation {
  return { ...base(rawId, "CHAINED_INVOKE", "ChainedInvoke", options.status ?? "FAILED", options), ChainedInvokeDetails: { Error: error } };
}

// ── combinators, waitForCondition, cancelWait ──

/** A race (or `any`) decision: a STEP `Race` / `Any` whose result is the winner's index. */
export function decidedRace(rawId: string, winner: number, options: OperationOptions & { kind?: "Race" | "Any" } = {}): Operation {
  return { ...base(rawId, "STEP", options.kind ?? "Race", "SUCCEEDED", options), StepDetails: { Attempt: 1, Result: JSON.stringify(winner) } };
}

/**
 * A waitForCondition STEP in `status` holding `state` (stored as JSON) as its last
 * checkpointed state; `startedAt` is its first START (an ISO timestamp).
 */
export function conditionStep(
  rawId: string,
  status: Operation["Status"],
  state?: unknown,
  options: OperationOptions & { attempt?: number; startedAt?: string; nextAttemptAt?: string; error?: ErrorObject } = {},
): Operation {
  const operation = base(rawId, "STEP", "WaitForCondition", status, options);
  if (options.startedAt !== undefined) operation.StartTimestamp = options.startedAt;
  const details: NonNullable<Operation["StepDetails"]> = { Attempt: options.attempt ?? 1 };
  if (state !== undefined) details.Result = JSON.stringify(state);
  if (options.nextAttemptAt !== undefined) details.NextAttemptTimestamp = options.nextAttemptAt;
  if (options.error !== undefined) details.Error = options.error;
  return { ...operation, StepDetails: details };
}

/** A wait the SDK cancelled before it was due. */
export function cancelledWait(rawId: string, options: OperationOptions = {}): Operation {
  return { ...base(rawId, "WAIT", "Wait", "CANCELLED", options), WaitDetails: { ScheduledEndTimestamp: START } };
}
