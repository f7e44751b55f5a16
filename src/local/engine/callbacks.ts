import type { ErrorObject } from "../../wire/types.js";
import { EngineError, invalidParameter, MESSAGES, validationError } from "./engine-error.js";
import { appendEvent, errorOf, eventTypeFor, payloadOf } from "./history.js";
import { decodeCallbackId, isBase64Token } from "./ids.js";
import { beforeChange } from "./journal.js";
import { findEntry, markUndelivered } from "./operation-index.js";
import type { ExecutionRecord, OperationEntry } from "./records.js";
import { LIMITS, exceedsBytes } from "./validate-model.js";

/**
 * The callback APIs (SendDurableExecutionCallbackSuccess/Failure/Heartbeat) and the
 * completion of chained invokes: changes the service makes to an operation from outside
 * any invocation, so each marks the operation undelivered (the next invocation, or the
 * next checkpoint response, carries it).
 *
 * Errors (ADR 0004): an id this execution never issued is 404 ResourceNotFoundException;
 * a callback that is no longer open (completed, timed out, cancelled, or its execution
 * ended) is 400 CallbackTimeoutException, the model's error for exactly that case.
 */

export type CallbackOutcome = { kind: "succeed"; result?: string } | { kind: "fail"; error?: ErrorObject };

/** The execution a callback id belongs to (ids are base64 JSON naming it, see ids.ts). */
export function callbackArn(callbackId: string): string {
  if (!isBase64Token(callbackId, 1024)) {
    throw validationError("callbackId", undefined, "Member must satisfy regular expression pattern: [A-Za-z0-9+/]+={0,2}");
  }
  const arn = decodeCallbackId(callbackId)?.arn;
  if (arn === undefined) throw new EngineError("ResourceNotFoundException", `Callback ${callbackId} not found.`);
  return arn;
}

function openCallback(record: ExecutionRecord, callbackId: string): OperationEntry {
  const operationId = record.callbacks.get(callbackId);
  const entry = operationId === undefined ? undefined : findEntry(record, operationId);
  if (!entry) throw new EngineError("ResourceNotFoundException", `Callback ${callbackId} not found.`);
  if (record.status !== "RUNNING" || entry.op.Status !== "STARTED") {
    throw new EngineError("CallbackTimeoutException", MESSAGES.callbackClosed);
  }
  return entry;
}

export function completeCallback(record: ExecutionRecord, callbackId: string, outcome: CallbackOutcome, now: number): void {
  if (outcome.kind === "succeed" && outcome.result !== undefined && exceedsBytes(outcome.result, LIMITS.callbackResultMaxBytes)) {
    throw validationError("result", undefined, `Member must have length less than or equal to ${LIMITS.callbackResultMaxBytes}`);
  }
  const entry = openCallback(record, callbackId);
  beforeChange(record, entry);
  const { op } = entry;
  op.EndTimestamp = now;
  if (outcome.kind === "succeed") {
    op.Status = "SUCCEEDED";
    op.CallbackDetails = { CallbackId: callbackId };
    if (outcome.result !== undefined) op.CallbackDetails.Result = outcome.result;
    appendEvent(record, "CallbackSucceeded", op, { Result: payloadOf(outcome.result) }, now);
  } else {
    op.Status = "FAILED";
    op.CallbackDetails = { CallbackId: callbackId };
    if (outcome.error !== undefined) op.CallbackDetails.Error = outcome.error;
    appendEvent(record, "CallbackFailed", op, { Error: errorOf(outcome.error) }, now);
  }
  markUndelivered(record, op.Id);
}

/** Pushes the heartbeat deadline out; a callback without a heartbeat timeout accepts it as a no-op. */
export function heartbeatCallback(record: ExecutionRecord, callbackId: string, now: number): void {
  const entry = openCallback(record, callbackId);
  const seconds = entry.callback?.heartbeatTimeoutSeconds;
  if (!entry.callback || !seconds) return;
  beforeChange(record, entry);
  entry.callback.heartbeatDeadline = now + seconds * 1000;
}

export interface ChainedInvokeOutcome {
  status: "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";
  result?: string;
  error?: ErrorObject;
}

/** Records the end of the execution a CHAINED_INVOKE started (whoever ran it). */
export function completeChainedInvoke(
  record: ExecutionRecord,
  operationId: string,
  outcome: ChainedInvokeOutcome,
  now: number,
): void {
  const entry = findEntry(record, operationId);
  if (!entry || entry.op.Type !== "CHAINED_INVOKE") {
    throw new EngineError("ResourceNotFoundException", `Chained invoke ${operationId} not found.`);
  }
  if (record.status !== "RUNNING" || entry.op.Status !== "STARTED") {
    throw invalidParameter(`Chained invoke ${operationId} is not running.`);
  }
  beforeChange(record, entry);
  const { op } = entry;
  op.Status = outcome.status;
  op.EndTimestamp = now;
  op.ChainedInvokeDetails = {};
  if (outcome.status === "SUCCEEDED") {
    if (outcome.result !== undefined) op.ChainedInvokeDetails.Result = outcome.result;
    appendEvent(record, eventTypeFor(op.Type, op.Status), op, { Result: payloadOf(outcome.result) }, now);
  } else {
    if (outcome.error !== undefined) op.ChainedInvokeDetails.Error = outcome.error;
    appendEvent(record, eventTypeFor(op.Type, op.Status), op, { Error: errorOf(outcome.error) }, now);
  }
  markUndelivered(record, op.Id);
}
