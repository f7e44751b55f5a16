import type { ErrorObject } from "../../wire/types.js";
import type { ExecutionRecord, HistoryEvent, StoredOperation } from "./records.js";

/**
 * History events (PROTOCOL.md §13). Each state change appends exactly one event, from the
 * one place that made the change, so no event is ever derived twice.
 */
export function appendEvent(
  record: ExecutionRecord,
  eventType: string,
  op: Pick<StoredOperation, "Id" | "Name" | "ParentId" | "SubType"> | undefined,
  details: Record<string, unknown>,
  now: number,
): HistoryEvent {
  const event: HistoryEvent = {
    EventType: eventType,
    EventId: record.events.length + 1,
    EventTimestamp: now,
  };
  if (op?.SubType !== undefined) event.SubType = op.SubType;
  if (op?.Id !== undefined) event.Id = op.Id;
  if (op?.Name !== undefined) event.Name = op.Name;
  if (op?.ParentId !== undefined) event.ParentId = op.ParentId;
  event[`${eventType}Details`] = dropUndefined(details);
  record.events.push(event);
  return event;
}

/** `{Payload}` wrapper used by every Result/Input detail. */
export const payloadOf = (payload: string | undefined): Record<string, unknown> =>
  payload === undefined ? {} : { Payload: payload };

/** `{Payload: ErrorObject}` wrapper used by every Error detail. */
export const errorOf = (error: ErrorObject | undefined): Record<string, unknown> =>
  error === undefined ? {} : { Payload: error };

function dropUndefined(details: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** The event type a terminal or started operation status maps to, per operation type. */
const EVENT_PREFIX: Record<StoredOperation["Type"], string> = {
  EXECUTION: "Execution",
  CONTEXT: "Context",
  STEP: "Step",
  WAIT: "Wait",
  CALLBACK: "Callback",
  CHAINED_INVOKE: "ChainedInvoke",
};

const STATUS_SUFFIX: Partial<Record<StoredOperation["Status"], string>> = {
  STARTED: "Started",
  SUCCEEDED: "Succeeded",
  FAILED: "Failed",
  TIMED_OUT: "TimedOut",
  STOPPED: "Stopped",
  CANCELLED: "Cancelled",
};

/**
 * `WaitCancelled`, `CallbackTimedOut`, ... The model has no `CallbackCancelled` nor
 * `ChainedInvokeCancelled`: those cancellations are logged as `CallbackFailed` and
 * `ChainedInvokeStopped` (ADR 0004).
 */
export function eventTypeFor(type: StoredOperation["Type"], status: StoredOperation["Status"]): string {
  if (status === "CANCELLED" && type === "CALLBACK") return "CallbackFailed";
  if (status === "CANCELLED" && type === "CHAINED_INVOKE") return "ChainedInvokeStopped";
  return `${EVENT_PREFIX[type]}${STATUS_SUFFIX[status] ?? status}`;
}
