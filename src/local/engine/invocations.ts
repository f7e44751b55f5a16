import type { DurableExecutionInvocationInput, ErrorObject } from "../../wire/types.js";
import { completeExecution } from "./complete-execution.js";
import { invalidParameter } from "./engine-error.js";
import { toErrorObject } from "./error-object.js";
import { appendEvent, errorOf } from "./history.js";
import { newCheckpointToken, type EngineIds } from "./ids.js";
import type { ExecutionRecord, ExecutionStatus, InvocationRecord } from "./records.js";
import { encodeMarker, pageOperations } from "./state.js";
import { LIMITS, exceedsBytes } from "./validate-model.js";
import { convertTimestamps, toIso } from "./wire.js";

export interface InvocationConfig {
  /** Operations in the event before NextMarker paging starts (small values exercise the SDK's paging). */
  eventPageSize: number;
  /** Thrown invocations in a row after which the execution FAILS (ADR 0004). */
  maxConsecutiveInvocationFailures: number;
}

export const DEFAULT_INVOCATION_CONFIG: InvocationConfig = { eventPageSize: 1000, maxConsecutiveInvocationFailures: 3 };

export interface InvocationStart {
  event: DurableExecutionInvocationInput;
  requestId: string;
  invocation: number;
}

/** The handler's answer, or what it threw (a Lambda function error). */
export type InvocationOutcome = { output: unknown } | { thrown: unknown };

export interface InvocationEnd {
  status: ExecutionStatus;
  /** True when the execution is RUNNING and something it has not seen is waiting for it. */
  reinvoke: boolean;
  invocation: InvocationRecord;
}

/**
 * Starts an invocation: a fresh checkpoint token (which fences off every earlier one) and
 * the event with every operation, timestamps as ISO strings (PROTOCOL.md §1.1).
 */
export function beginInvocation(
  record: ExecutionRecord,
  now: number,
  ids: EngineIds,
  config = DEFAULT_INVOCATION_CONFIG,
): InvocationStart {
  if (record.status !== "RUNNING") throw invalidParameter(`Durable execution is ${record.status}, not RUNNING.`);
  if (record.activeInvocation) throw invalidParameter("An invocation of this durable execution is already running.");
  const number = record.invocations.length + 1;
  const requestId = ids.uuid();
  record.seq += 1;
  const token = newCheckpointToken(record.executionId, number, record.seq, ids);
  record.activeInvocation = { number, tokens: [token], latestToken: token };
  record.invocations.push({ number, requestId, startMs: now });
  // The event carries everything, so nothing is left undelivered.
  record.undelivered = [];
  const { Operations, nextOffset } = pageOperations(record, 0, Math.max(1, config.eventPageSize), "a");
  const NextMarker = nextOffset === undefined ? "" : encodeMarker({ k: "a", o: nextOffset });
  return {
    event: {
      DurableExecutionArn: record.arn,
      CheckpointToken: token,
      InitialExecutionState: convertTimestamps({ Operations, NextMarker }, toIso),
    },
    requestId,
    invocation: number,
  };
}

/**
 * Ends the running invocation with the handler's output or its thrown error (§1.2).
 * SUCCEEDED/FAILED end the execution unless a checkpointed EXECUTION update already did
 * (then the checkpointed result stands: the `Result: ""` of §1.3). PENDING and thrown
 * leave it RUNNING; a thrown invocation is retried by the caller until the failure cap.
 */
export function completeInvocation(
  record: ExecutionRecord,
  outcome: InvocationOutcome,
  now: number,
  config = DEFAULT_INVOCATION_CONFIG,
): InvocationEnd {
  if (!record.activeInvocation) throw invalidParameter("No invocation of this durable execution is running.");
  record.activeInvocation = undefined;
  const invocation = record.invocations[record.invocations.length - 1];
  invocation.endMs = now;
  const output = "output" in outcome ? readOutput(outcome.output) : { thrown: outcome.thrown };

  if ("thrown" in output) {
    invocation.outcome = "THREW";
    invocation.error = toErrorObject(output.thrown);
    record.consecutiveFailures += 1;
    recordCompleted(record, invocation, now);
    if (record.consecutiveFailures >= config.maxConsecutiveInvocationFailures) {
      completeExecution(record, "FAILED", { error: invocation.error }, now);
    }
    return { status: record.status, reinvoke: record.status === "RUNNING", invocation };
  }

  record.consecutiveFailures = 0;
  invocation.outcome = output.Status;
  if (output.Status === "FAILED") invocation.error = output.Error;
  recordCompleted(record, invocation, now);
  if (output.Status === "SUCCEEDED") completeExecution(record, "SUCCEEDED", { result: output.Result }, now);
  if (output.Status === "FAILED") completeExecution(record, "FAILED", { error: output.Error }, now);
  const reinvoke = record.status === "RUNNING" && record.undelivered.length > 0;
  return { status: record.status, reinvoke, invocation };
}

function recordCompleted(record: ExecutionRecord, invocation: InvocationRecord, now: number): void {
  const details = {
    StartTimestamp: invocation.startMs,
    EndTimestamp: now,
    RequestId: invocation.requestId,
    Error: errorOf(invocation.outcome === "THREW" ? invocation.error : undefined),
  };
  appendEvent(record, "InvocationCompleted", undefined, details, now);
}

type ReadOutput =
  | { Status: "SUCCEEDED"; Result?: string }
  | { Status: "FAILED"; Error?: ErrorObject }
  | { Status: "PENDING" }
  | { thrown: unknown };

/** An output the service cannot read is a function error, as a malformed Lambda response would be. */
function readOutput(output: unknown): ReadOutput {
  const status = typeof output === "object" && output !== null ? (output as { Status?: unknown }).Status : undefined;
  const fields = output as { Result?: unknown; Error?: ErrorObject };
  if (status === "SUCCEEDED") {
    if (fields.Result !== undefined && typeof fields.Result !== "string") {
      return { thrown: new TypeError("Invalid durable execution output: Result must be a string") };
    }
    if (fields.Result !== undefined && exceedsBytes(fields.Result, LIMITS.payloadMaxBytes)) {
      return { thrown: new RangeError("Response payload size exceeded maximum allowed payload size (6291456 bytes).") };
    }
    return { Status: "SUCCEEDED", Result: fields.Result };
  }
  if (status === "FAILED") return { Status: "FAILED", Error: fields.Error };
  if (status === "PENDING") return { Status: "PENDING" };
  return { thrown: new TypeError(`Invalid durable execution output: Status must be SUCCEEDED, FAILED or PENDING`) };
}
