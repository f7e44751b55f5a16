/**
 * The service's wire shapes (PROTOCOL.md §2–3, shared/model/lambda.json), written out
 * here so the SDK core never needs `@aws-sdk/client-lambda` at type level and the
 * local engine, the SDK and the tests agree on one spelling.
 *
 * Timestamps: the invocation event carries ISO strings, API responses parsed by the
 * AWS SDK carry `Date`, and our own engine may hand out epoch milliseconds. Readers
 * go through {@link toEpochMs}, never `new Date(x)` on a guess.
 */

export type OperationType = "EXECUTION" | "CONTEXT" | "STEP" | "WAIT" | "CALLBACK" | "CHAINED_INVOKE";
export type OperationAction = "START" | "SUCCEED" | "FAIL" | "RETRY" | "CANCEL";
export type OperationStatus =
  | "STARTED"
  | "PENDING"
  | "READY"
  | "SUCCEEDED"
  | "FAILED"
  | "CANCELLED"
  | "TIMED_OUT"
  | "STOPPED";
export type InvocationStatus = "SUCCEEDED" | "FAILED" | "PENDING";

export type WireTimestamp = Date | string | number;

export interface ErrorObject {
  ErrorType?: string;
  ErrorMessage?: string;
  ErrorData?: string;
  StackTrace?: string[];
}

export interface Operation {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  StartTimestamp?: WireTimestamp;
  EndTimestamp?: WireTimestamp;
  Status: OperationStatus;
  ExecutionDetails?: { InputPayload?: string };
  ContextDetails?: { ReplayChildren?: boolean; Result?: string; Error?: ErrorObject };
  StepDetails?: { Attempt?: number; NextAttemptTimestamp?: WireTimestamp; Result?: string; Error?: ErrorObject };
  WaitDetails?: { ScheduledEndTimestamp?: WireTimestamp };
  CallbackDetails?: { CallbackId?: string; Result?: string; Error?: ErrorObject };
  ChainedInvokeDetails?: { Result?: string; Error?: ErrorObject };
}

export interface OperationUpdate {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Action: OperationAction;
  Payload?: string;
  Error?: ErrorObject;
  ContextOptions?: { ReplayChildren?: boolean };
  StepOptions?: { NextAttemptDelaySeconds?: number };
  WaitOptions?: { WaitSeconds?: number };
  CallbackOptions?: { TimeoutSeconds?: number; HeartbeatTimeoutSeconds?: number };
  ChainedInvokeOptions?: { FunctionName: string; TenantId?: string };
}

export interface CheckpointDurableExecutionInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  Updates?: OperationUpdate[];
  ClientToken?: string;
}

export interface CheckpointDurableExecutionOutput {
  CheckpointToken?: string;
  NewExecutionState?: { Operations?: Operation[]; NextMarker?: string };
}

export interface GetDurableExecutionStateInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  Marker?: string;
  MaxItems?: number;
}

export interface GetDurableExecutionStateOutput {
  Operations?: Operation[];
  NextMarker?: string;
}

/** The event Lambda hands a durable function (PROTOCOL.md §1.1). */
export interface DurableExecutionInvocationInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: { Operations?: Operation[]; NextMarker?: string };
}

/** What a durable function answers (PROTOCOL.md §1.2). */
export type DurableExecutionInvocationOutput =
  | { Status: "SUCCEEDED"; Result?: string }
  | { Status: "FAILED"; Error: ErrorObject }
  | { Status: "PENDING" };

/** Reads any wire timestamp as epoch milliseconds; `undefined` when absent or unreadable. */
export function toEpochMs(value: WireTimestamp | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Statuses after which an operation never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<OperationStatus> = new Set([
  "SUCCEEDED",
  "FAILED",
  "CANCELLED",
  "TIMED_OUT",
  "STOPPED",
]);
