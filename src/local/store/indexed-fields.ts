import type { RecordWrite } from "../engine/journal.js";
import type { ExecutionRecord } from "../engine/records.js";
import { deadlineOf } from "../engine/timers.js";

/**
 * What both stores derive from a write to keep their indexes: the timers it moves and
 * the flags the scheduler's questions filter on.
 */

/** Per operation, its new deadline (`undefined`: it has none any more). Empty once the execution ended. */
export function deadlineUpdates(write: RecordWrite): [string, number | undefined][] {
  const { record, changes } = write;
  if (record.status !== "RUNNING") return [];
  const updates: [string, number | undefined][] = [];
  for (const entry of changes.added) {
    const due = deadlineOf(record, entry);
    if (due !== undefined) updates.push([entry.op.Id, due]);
  }
  for (const { entry } of changes.changed) updates.push([entry.op.Id, deadlineOf(record, entry)]);
  return updates;
}

/** RUNNING with no invocation running and something none has seen yet. */
export const waitsForInvocation = (record: ExecutionRecord): boolean =>
  record.status === "RUNNING" && !record.activeInvocation && record.undelivered.length > 0;

/** RUNNING with an invocation running (after a restart: one that may have died with the old process). */
export const isInvoking = (record: ExecutionRecord): boolean =>
  record.status === "RUNNING" && record.activeInvocation !== undefined;
