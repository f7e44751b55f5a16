import { completeExecution } from "./complete-execution.js";
import { appendEvent, errorOf } from "./history.js";
import { markUndelivered } from "./operation-index.js";
import type { ExecutionRecord, OperationEntry } from "./records.js";

/**
 * Timers are data: every deadline is a timestamp in the record, and time only moves when
 * a caller passes a later `now`. The HTTP service arms one real timer at `nextDueAt`; the
 * test runner jumps a virtual clock there. Either way `fireDue` applies what is due.
 */

export const CALLBACK_TIMED_OUT = "Callback timed out";
export const CALLBACK_HEARTBEAT_TIMED_OUT = "Callback timed out on heartbeat";
export const EXECUTION_TIMED_OUT = "Durable execution timed out";

/** The deadlines an operation is waiting on; empty when nothing can fire. */
function deadlinesOf(entry: OperationEntry): number[] {
  const { op } = entry;
  if (op.Type === "WAIT" && op.Status === "STARTED" && op.WaitDetails?.ScheduledEndTimestamp !== undefined) {
    return [op.WaitDetails.ScheduledEndTimestamp];
  }
  if (op.Type === "STEP" && op.Status === "PENDING" && op.StepDetails?.NextAttemptTimestamp !== undefined) {
    return [op.StepDetails.NextAttemptTimestamp];
  }
  if (op.Type === "CALLBACK" && op.Status === "STARTED" && entry.callback) {
    const { timeoutAt, heartbeatDeadline } = entry.callback;
    return [timeoutAt, heartbeatDeadline].filter((at): at is number => at !== undefined);
  }
  return [];
}

/** The earliest moment something in this execution becomes due, or `undefined`. */
export function nextDueAt(record: ExecutionRecord): number | undefined {
  if (record.status !== "RUNNING") return undefined;
  let earliest = record.timeoutAt;
  for (const entry of record.operations) {
    for (const at of deadlinesOf(entry)) {
      if (earliest === undefined || at < earliest) earliest = at;
    }
  }
  return earliest;
}

/** The earliest deadline across executions. */
export function earliestDue(records: Iterable<ExecutionRecord>): number | undefined {
  let earliest: number | undefined;
  for (const record of records) {
    const due = nextDueAt(record);
    if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due;
  }
  return earliest;
}

/**
 * Applies every deadline at or before `now`: WAIT → SUCCEEDED, PENDING STEP → READY,
 * CALLBACK → TIMED_OUT (PROTOCOL.md §2.5, §6.3), execution → TIMED_OUT. Returns true
 * when anything changed, i.e. the execution needs an invocation to see it.
 */
export function fireDue(record: ExecutionRecord, now: number): boolean {
  if (record.status !== "RUNNING") return false;
  if (record.timeoutAt !== undefined && record.timeoutAt <= now) {
    return completeExecution(record, "TIMED_OUT", { error: { ErrorMessage: EXECUTION_TIMED_OUT } }, now);
  }
  let changed = false;
  for (const entry of record.operations) {
    if (fireEntry(record, entry, now)) {
      markUndelivered(record, entry.op.Id);
      changed = true;
    }
  }
  return changed;
}

function fireEntry(record: ExecutionRecord, entry: OperationEntry, now: number): boolean {
  const { op } = entry;
  const due = deadlinesOf(entry).filter((at) => at <= now);
  if (due.length === 0) return false;
  switch (op.Type) {
    case "WAIT":
      op.Status = "SUCCEEDED";
      op.EndTimestamp = now;
      appendEvent(record, "WaitSucceeded", op, { Duration: entry.waitSeconds }, now);
      return true;
    case "STEP":
      // READY has no history event: the next attempt's StepStarted records the retry.
      op.Status = "READY";
      if (op.StepDetails) delete op.StepDetails.NextAttemptTimestamp;
      return true;
    default: {
      const { timeoutAt, heartbeatDeadline } = entry.callback ?? {};
      // When both have passed, the one that expired first is the reason.
      const overall =
        timeoutAt !== undefined && timeoutAt <= now && (heartbeatDeadline === undefined || timeoutAt <= heartbeatDeadline);
      timeOutCallback(
        record,
        entry,
        overall || heartbeatDeadline === undefined ? CALLBACK_TIMED_OUT : CALLBACK_HEARTBEAT_TIMED_OUT,
        now,
      );
      return true;
    }
  }
}

function timeOutCallback(record: ExecutionRecord, entry: OperationEntry, message: string, now: number): void {
  const { op } = entry;
  const error = { ErrorMessage: message };
  op.Status = "TIMED_OUT";
  op.EndTimestamp = now;
  op.CallbackDetails = { ...op.CallbackDetails, Error: error };
  appendEvent(record, "CallbackTimedOut", op, { Error: errorOf(error) }, now);
}
