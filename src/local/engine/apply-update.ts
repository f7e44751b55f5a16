import type { OperationUpdate } from "../../wire/types.js";
import { completeExecution } from "./complete-execution.js";
import { appendEvent, errorOf, eventTypeFor, payloadOf } from "./history.js";
import { newCallbackId, type EngineIds } from "./ids.js";
import { beforeChange } from "./journal.js";
import { appendEntry, findEntry, markUndelivered } from "./operation-index.js";
import type { ExecutionRecord, OperationEntry, StoredOperation } from "./records.js";

/**
 * How one validated update changes the stored state (PROTOCOL.md §2.5). Mutates `record`
 * in place; callers validate the whole request first, so nothing here throws midway.
 * An existing operation is announced to the journal (`beforeChange`) before it changes.
 */
export function applyUpdate(record: ExecutionRecord, update: OperationUpdate, now: number, ids: EngineIds): void {
  if (update.Type === "EXECUTION") {
    // Whatever its Id (the SDK's oversized-result path invents one), an EXECUTION update
    // completes the execution itself (PROTOCOL.md §1.3, ADR 0004).
    const status = update.Action === "SUCCEED" ? "SUCCEEDED" : "FAILED";
    completeExecution(record, status, { result: update.Payload, error: update.Error }, now);
    return;
  }
  const existing = findEntry(record, update.Id);
  switch (update.Action) {
    case "START":
      if (existing) restartStep(record, existing, now);
      else start(record, update, now, ids);
      break;
    case "SUCCEED":
    case "FAIL":
      complete(record, existing ?? create(record, update, now), update, now);
      break;
    case "RETRY":
      retry(record, existing ?? create(record, update, now), update, now);
      break;
    case "CANCEL":
      if (existing) cancel(record, existing, update, now);
      break;
  }
  markUndelivered(record, update.Id);
}

/** A new operation record, before any action-specific detail and without an event. */
function create(record: ExecutionRecord, update: OperationUpdate, now: number): OperationEntry {
  const op: StoredOperation = { Id: update.Id, Type: update.Type, Status: "STARTED", StartTimestamp: now };
  if (update.ParentId !== undefined) op.ParentId = update.ParentId;
  if (update.Name !== undefined) op.Name = update.Name;
  if (update.SubType !== undefined) op.SubType = update.SubType;
  const entry: OperationEntry = { op };
  appendEntry(record, entry);
  return entry;
}

function start(record: ExecutionRecord, update: OperationUpdate, now: number, ids: EngineIds): void {
  const entry = create(record, update, now);
  const { op } = entry;
  switch (update.Type) {
    case "WAIT": {
      const seconds = update.WaitOptions?.WaitSeconds ?? 0;
      entry.waitSeconds = seconds;
      op.WaitDetails = { ScheduledEndTimestamp: now + seconds * 1000 };
      appendEvent(record, "WaitStarted", op, { Duration: seconds, ScheduledEndTimestamp: now + seconds * 1000 }, now);
      return;
    }
    case "CALLBACK": {
      const callbackId = newCallbackId(record.arn, op.Id, ids);
      op.CallbackDetails = { CallbackId: callbackId };
      record.callbacks.set(callbackId, op.Id);
      // 0 or absent means no timeout (PROTOCOL.md §2.2).
      const timeout = update.CallbackOptions?.TimeoutSeconds || undefined;
      const heartbeat = update.CallbackOptions?.HeartbeatTimeoutSeconds || undefined;
      entry.callback = {};
      if (timeout) entry.callback.timeoutAt = now + timeout * 1000;
      if (heartbeat) {
        entry.callback.heartbeatTimeoutSeconds = heartbeat;
        entry.callback.heartbeatDeadline = now + heartbeat * 1000;
      }
      appendEvent(record, "CallbackStarted", op, { CallbackId: callbackId, Timeout: timeout, HeartbeatTimeout: heartbeat }, now);
      return;
    }
    case "CONTEXT":
      if (update.ContextOptions?.ReplayChildren !== undefined) {
        op.ContextDetails = { ReplayChildren: update.ContextOptions.ReplayChildren };
      }
      appendEvent(record, "ContextStarted", op, {}, now);
      return;
    case "CHAINED_INVOKE": {
      const options = update.ChainedInvokeOptions;
      entry.invoke = { functionName: options?.FunctionName ?? "" };
      if (update.Payload !== undefined) entry.invoke.payload = update.Payload;
      if (options?.TenantId !== undefined) entry.invoke.tenantId = options.TenantId;
      const details = { FunctionName: entry.invoke.functionName, Input: payloadOf(update.Payload), TenantId: options?.TenantId };
      appendEvent(record, "ChainedInvokeStarted", op, details, now);
      return;
    }
    default:
      appendEvent(record, "StepStarted", op, {}, now);
  }
}

/** A STEP found READY starts its next attempt; its Attempt count is kept. */
function restartStep(record: ExecutionRecord, entry: OperationEntry, now: number): void {
  beforeChange(record, entry);
  entry.op.Status = "STARTED";
  appendEvent(record, "StepStarted", entry.op, {}, now);
}

function complete(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, now: number): void {
  beforeChange(record, entry);
  const { op } = entry;
  const succeeded = update.Action === "SUCCEED";
  op.Status = succeeded ? "SUCCEEDED" : "FAILED";
  op.EndTimestamp = now;
  if (op.Type === "STEP") {
    const attempt = (op.StepDetails?.Attempt ?? 0) + 1;
    op.StepDetails = details({ Attempt: attempt, Result: update.Payload, Error: update.Error });
    // CurrentAttempt is the 1-based attempt that just ended (ADR 0004).
    const retryDetails = { CurrentAttempt: attempt };
    if (succeeded)
      appendEvent(record, "StepSucceeded", op, { Result: payloadOf(update.Payload), RetryDetails: retryDetails }, now);
    else appendEvent(record, "StepFailed", op, { Error: errorOf(update.Error), RetryDetails: retryDetails }, now);
    return;
  }
  // CONTEXT: ReplayChildren comes with the completion (large child results, §5.4).
  const replayChildren = update.ContextOptions?.ReplayChildren ?? op.ContextDetails?.ReplayChildren;
  op.ContextDetails = details({ ReplayChildren: replayChildren, Result: update.Payload, Error: update.Error });
  if (succeeded) appendEvent(record, "ContextSucceeded", op, { Result: payloadOf(update.Payload) }, now);
  else appendEvent(record, "ContextFailed", op, { Error: errorOf(update.Error) }, now);
}

function retry(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, now: number): void {
  beforeChange(record, entry);
  const { op } = entry;
  const delay = update.StepOptions?.NextAttemptDelaySeconds ?? 1;
  const attempt = (op.StepDetails?.Attempt ?? 0) + 1;
  op.Status = "PENDING";
  // waitForCondition keeps its polling state in Result, so RETRY stores Payload too.
  op.StepDetails = details({
    Attempt: attempt,
    NextAttemptTimestamp: now + delay * 1000,
    Result: update.Payload,
    Error: update.Error,
  });
  const retryDetails = { CurrentAttempt: attempt, NextAttemptDelaySeconds: delay };
  // As the emulator logs it (§13): a RETRY with an Error is a failure, without one a success.
  if (update.Error !== undefined)
    appendEvent(record, "StepFailed", op, { Error: errorOf(update.Error), RetryDetails: retryDetails }, now);
  else appendEvent(record, "StepSucceeded", op, { Result: payloadOf(update.Payload), RetryDetails: retryDetails }, now);
}

function cancel(record: ExecutionRecord, entry: OperationEntry, update: OperationUpdate, now: number): void {
  beforeChange(record, entry);
  entry.op.Status = "CANCELLED";
  entry.op.EndTimestamp = now;
  appendEvent(record, eventTypeFor(entry.op.Type, "CANCELLED"), entry.op, { Error: errorOf(update.Error) }, now);
}

/** Details object without `undefined` members, so absent fields stay absent on the wire. */
function details<T extends object>(fields: T): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(fields) as (keyof T)[]) {
    if (fields[key] !== undefined) out[key] = fields[key];
  }
  return out as T;
}
