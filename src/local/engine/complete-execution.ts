import type { ErrorObject } from "../../wire/types.js";
import { appendEvent, errorOf, payloadOf } from "./history.js";
import { beforeChange } from "./journal.js";
import { findEntry, markUndelivered } from "./operation-index.js";
import type { ExecutionRecord, ExecutionStatus } from "./records.js";

type TerminalStatus = Exclude<ExecutionStatus, "RUNNING">;

const EVENT: Record<TerminalStatus, string> = {
  SUCCEEDED: "ExecutionSucceeded",
  FAILED: "ExecutionFailed",
  TIMED_OUT: "ExecutionTimedOut",
  STOPPED: "ExecutionStopped",
};

/**
 * Ends the execution: the record, its EXECUTION operation and one terminal history event.
 * The single path for every way an execution ends (an EXECUTION update, the handler's
 * output, a stop, the execution timeout, too many failed invocations), so each ending is
 * recorded the same way and only once. No-op when the execution already ended.
 */
export function completeExecution(
  record: ExecutionRecord,
  status: TerminalStatus,
  outcome: { result?: string; error?: ErrorObject },
  now: number,
): boolean {
  if (record.status !== "RUNNING") return false;
  record.status = status;
  record.endMs = now;
  if (status === "SUCCEEDED") {
    if (outcome.result !== undefined) record.result = outcome.result;
  } else if (outcome.error !== undefined) {
    record.error = outcome.error;
  }
  const entry = findEntry(record, record.executionOperationId);
  if (entry) {
    beforeChange(record, entry);
    entry.op.Status = status;
    entry.op.EndTimestamp = now;
    markUndelivered(record, entry.op.Id);
  }
  const details = status === "SUCCEEDED" ? { Result: payloadOf(outcome.result) } : { Error: errorOf(outcome.error) };
  appendEvent(record, EVENT[status], entry?.op, details, now);
  return true;
}
