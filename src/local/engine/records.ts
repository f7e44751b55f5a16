import type { CheckpointDurableExecutionOutput, ErrorObject, OperationStatus, OperationType } from "../../wire/types.js";

/**
 * The engine's data model: plain data (no Date, no class instances; two Maps for the
 * look-up tables), which a store keeps as rows: one per execution, operation, event,
 * invocation, callback and ClientToken (ADR 0011). Every timestamp is epoch milliseconds;
 * adapters convert at the edge (ISO strings in the invocation event, `Date` through the
 * AWS SDK, epoch seconds on the HTTP wire).
 */

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";

/** An operation as the service stores it: the wire `Operation` with epoch-ms timestamps. */
export interface StoredOperation {
  Id: string;
  ParentId?: string;
  Name?: string;
  Type: OperationType;
  SubType?: string;
  Status: OperationStatus;
  StartTimestamp: number;
  EndTimestamp?: number;
  ExecutionDetails?: { InputPayload?: string };
  ContextDetails?: { ReplayChildren?: boolean; Result?: string; Error?: ErrorObject };
  StepDetails?: { Attempt?: number; NextAttemptTimestamp?: number; Result?: string; Error?: ErrorObject };
  WaitDetails?: { ScheduledEndTimestamp?: number };
  CallbackDetails?: { CallbackId?: string; Result?: string; Error?: ErrorObject };
  ChainedInvokeDetails?: { Result?: string; Error?: ErrorObject };
}

/**
 * One stored operation plus the service-private bookkeeping that never goes on the wire
 * (timers, the wait's duration for its events, what a chained invoke should call).
 */
export interface OperationEntry {
  op: StoredOperation;
  waitSeconds?: number;
  callback?: {
    /** Absolute deadline from `TimeoutSeconds`; absent when 0 or not given. */
    timeoutAt?: number;
    heartbeatTimeoutSeconds?: number;
    /** Reset by every heartbeat; absent when there is no heartbeat timeout. */
    heartbeatDeadline?: number;
  };
  invoke?: { functionName: string; payload?: string; tenantId?: string };
}

/** A history event (PROTOCOL.md §13) with an epoch-ms `EventTimestamp`. */
export interface HistoryEvent {
  EventType: string;
  SubType?: string;
  EventId: number;
  Id?: string;
  Name?: string;
  ParentId?: string;
  EventTimestamp: number;
  /** Exactly one `<EventType>Details` key; nested timestamps are epoch ms too. */
  [details: string]: unknown;
}

export type InvocationOutcomeKind = "SUCCEEDED" | "FAILED" | "PENDING" | "THREW";

export interface InvocationRecord {
  /** 1-based. */
  number: number;
  requestId: string;
  startMs: number;
  endMs?: number;
  /** Absent while the invocation is running. */
  outcome?: InvocationOutcomeKind;
  /** The output's `Error` for FAILED, or the thrown error, as an ErrorObject. */
  error?: ErrorObject;
}

/** A cached checkpoint response, kept for the ClientToken window (ADR 0002). */
export interface ClientTokenEntry {
  at: number;
  response: CheckpointDurableExecutionOutput;
}

export interface ExecutionRecord {
  /** Bumped when the shape changes, so a store can migrate old documents. */
  schemaVersion: 1;
  arn: string;
  executionId: string;
  name: string;
  functionName: string;
  qualifier: string;
  status: ExecutionStatus;
  inputPayload: string;
  result?: string;
  error?: ErrorObject;
  startMs: number;
  endMs?: number;
  /** Absolute deadline from the execution timeout, if one was configured. */
  timeoutAt?: number;
  executionTimeoutSeconds?: number;
  /** Id of the EXECUTION operation (the service assigns it). */
  executionOperationId: string;
  /** Operations in start order; look them up through `operation-index.ts`. */
  operations: OperationEntry[];
  /** The invocation currently running, if any, and the tokens it was issued. */
  activeInvocation?: {
    number: number;
    /** Every token issued to this invocation; GetDurableExecutionState accepts any of them. */
    tokens: string[];
    /** The only token a checkpoint may use. */
    latestToken: string;
  };
  invocations: InvocationRecord[];
  consecutiveFailures: number;
  /** ClientToken de-dup table in insertion (= time) order, so pruning stops at the first fresh entry. */
  clientTokens: Map<string, ClientTokenEntry>;
  /** CallbackId to operation Id. */
  callbacks: Map<string, string>;
  events: HistoryEvent[];
  /**
   * Ids of operations that changed since the invocation last saw them: filled by
   * checkpoints, timers and callbacks, emptied by a checkpoint response (which carries
   * them) or by a new invocation (whose event carries everything).
   */
  undelivered: string[];
  /** The ids the last NewExecutionState listed, so its NextMarker can be paged (ADR 0003). */
  changeListing?: { seq: number; ids: string[] };
  /** Counter behind tokens and change listings, so each is unique within the record. */
  seq: number;
}

/** The fields of an execution that listings need, without its operations and history. */
export type ExecutionHeader = Pick<
  ExecutionRecord,
  "arn" | "name" | "functionName" | "qualifier" | "status" | "startMs" | "endMs"
>;
