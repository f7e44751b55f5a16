import { completeExecution } from "./complete-execution.js";
import { appendEvent, errorOf } from "./history.js";
import { beforeChange } from "./journal.js";
import { findEntry, markUndelivered, positionOf } from "./operation-index.js";
import type { ExecutionRecord, OperationEntry } from "./records.js";

/**
 * Timers are data: every deadline is a timestamp in the record, and time only moves when
 * a caller passes a later `now`. The HTTP service arms one real timer at `nextDueAt`; the
 * test runner jumps a virtual clock there. Either way `fireDue` applies what is due.
 *
 * The kinds: a WAIT's end, a STEP's next attempt (NextAttemptTimestamp), a CALLBACK's
 * timeout and heartbeat timeout, and the execution timeout (DurableConfig
 * ExecutionTimeout), which belongs to the EXECUTION operation. Stores index each
 * operation's `deadlineOf`, so the engine finds what is due without scanning the history.
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

/**
 * The next moment an operation needs the service, or `undefined` when none: what a store
 * indexes, one entry per operation. Only meaningful while the execution is RUNNING.
 */
export function deadlineOf(record: ExecutionRecord, entry: OperationEntry): number | undefined {
  if (entry.op.Type === "EXECUTION") return entry.op.Status === "STARTED" ? record.timeoutAt : undefined;
  let earliest: number | undefined;
  for (const at of deadlinesOf(entry)) if (earliest === undefined || at < earliest) earliest = at;
  return earliest;
}

/**
 * The earliest moment something in this execution becomes due, or `undefined`, by
 * scanning every operation: the reference the stores' indexes are tested against.
 */
export function nextDueAt(record: ExecutionRecord): number | undefined {
  if (record.status !== "RUNNING") return undefined;
  let earliest = record.timeoutAt;
  for (const entry of record.operations) {
    const at = deadlineOf(record, entry);
    if (at !== undefined && (earliest === undefined || at < earliest)) earliest = at;
  }
  return earliest;
}

/**
 * Applies every deadline at or before `now`: WAIT → SUCCEEDED, PENDING STEP → READY,
 * CALLBACK → TIMED_OUT (PROTOCOL.md §2.5, §6.3), execution → TIMED_OUT. `due` names the
 * operations a store's index found due (absent: every operation is checked). Returns
 * true when anything changed, i.e. the execution needs an invocation to see it.
 */
export function fireDue(record: ExecutionRecord, now: number, due?: Iterable<string>): boolean {
  if (record.status !== "RUNNING") return false;
  if (record.timeoutAt !== undefined && record.timeoutAt <= now) {
    return completeExecution(record, "TIMED_OUT", { error: { ErrorMessage: EXECUTION_TIMED_OUT } }, now);
  }
  const entries = due === undefined ? record.operations : dueEntries(record, due);
  let changed = false;
  for (const entry of entries) {
    if (fireEntry(record, entry, now)) {
      markUndelivered(record, entry.op.Id);
      changed = true;
    }
  }
  return changed;
}

/** The named operations in start order, so their events are logged in the order a scan would. */
function dueEntries(record: ExecutionRecord, ids: Iterable<string>): OperationEntry[] {
  const entries: OperationEntry[] = [];
  for (const id of ids) {
    const entry = findEntry(record, id);
    if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => positionOf(record, a.op.Id) - positionOf(record, b.op.Id));
}

function fireEntry(record: ExecutionRecord, entry: OperationEntry, now: number): boolean {
  const { op } = entry;
  if (op.Type === "EXECUTION") return false;
  const due = deadlinesOf(entry).filter((at) => at <= now);
  if (due.length === 0) return false;
  beforeChange(record, entry);
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
