import type { DurableEvent, DurableEventType } from "../../events/durable-event.js";
import type { ExecutionRecord, HistoryEvent, InvocationRecord } from "../engine/records.js";
import type { ErrorObject, OperationType } from "../../wire/types.js";

/**
 * A change of an execution as the local service publishes it: a DurableEvent derived
 * from one history event (or from the start of an invocation, which the history only
 * records when it ends), numbered by the service.
 */
export interface LocalServiceEvent extends DurableEvent {
  /** Service-wide, strictly increasing: the id `GET /events` sends and `Last-Event-ID` resumes from. */
  readonly seq: number;
  readonly detail: LocalServiceEventDetail;
}

/** What a service event carries beyond the DurableEvent fields. */
export interface LocalServiceEventDetail {
  /** The history event type (`StepFailed`, `WaitCancelled`...), or `InvocationStarted`. */
  readonly eventType: string;
  /** The history event's `EventId` within its execution (absent for `InvocationStarted`). */
  readonly eventId?: number;
  /** `CallbackStarted`: the id to complete the callback with. */
  readonly callbackId?: string;
  /** `ChainedInvokeStarted`: the function the operation invokes. */
  readonly functionName?: string;
  /** Invocation events: 1-based number, request id and outcome (`SUCCEEDED`, `FAILED`, `PENDING`, `THREW`). */
  readonly invocation?: number;
  readonly requestId?: string;
  readonly outcome?: string;
}

/** A service event before the log numbers it. */
export type UnnumberedEvent = Omit<LocalServiceEvent, "seq">;

const OPERATION_TYPES: ReadonlyArray<[prefix: string, type: OperationType]> = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Execution", "EXECUTION"],
  ["Context", "CONTEXT"],
  ["Callback", "CALLBACK"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
];

/** Per execution, kept as events go by: when each operation last started, and its StepStarted count. */
export interface OperationTrack {
  startedAt: Map<string, number>;
  starts: Map<string, number>;
}

export const newTrack = (): OperationTrack => ({ startedAt: new Map(), starts: new Map() });

/**
 * The DurableEvent for one history event. `record` supplies what the event itself does
 * not say (an invocation's outcome); `track` must have seen every earlier event of the
 * execution, in order.
 */
export function historyToEvent(record: ExecutionRecord, event: HistoryEvent, track: OperationTrack): UnnumberedEvent {
  const base = { executionArn: record.arn, replay: false as const, at: event.EventTimestamp };
  if (event.EventType === "InvocationCompleted") return invocationCompleted(record, event, base);

  const [prefix, operationType] = OPERATION_TYPES.find(([p]) => event.EventType.startsWith(p)) ?? ["", undefined];
  const outcome = event.EventType.slice(prefix.length);
  const details = (event[`${event.EventType}Details`] ?? {}) as Record<string, unknown>;
  const retry = details.RetryDetails as { CurrentAttempt?: number; NextAttemptDelaySeconds?: number } | undefined;
  const key = event.Id ?? "";
  const startedAt = track.startedAt.get(key);
  if (outcome === "Started") {
    track.startedAt.set(key, event.EventTimestamp);
    track.starts.set(key, (track.starts.get(key) ?? 0) + 1);
  }

  const detail: LocalServiceEventDetail = {
    eventType: event.EventType,
    eventId: event.EventId,
    ...(typeof details.CallbackId === "string" ? { callbackId: details.CallbackId } : {}),
    ...(typeof details.FunctionName === "string" ? { functionName: details.FunctionName } : {}),
  };
  const error = errorOf(details.Error, outcome);
  return dropUndefined({
    ...base,
    type: eventTypeOf(outcome, retry?.NextAttemptDelaySeconds !== undefined),
    operationId: event.Id,
    parentId: event.ParentId,
    name: event.Name,
    operationType,
    subType: event.SubType,
    attempt: operationType === "STEP" ? (retry?.CurrentAttempt ?? track.starts.get(key)) : undefined,
    durationMs: outcome !== "Started" && startedAt !== undefined ? event.EventTimestamp - startedAt : undefined,
    error,
    detail,
  });
}

/** The start of an invocation (the history has no event for it). */
export function invocationStarted(record: ExecutionRecord, invocation: InvocationRecord): UnnumberedEvent {
  return {
    type: "invocation.started",
    executionArn: record.arn,
    replay: false,
    at: invocation.startMs,
    detail: { eventType: "InvocationStarted", invocation: invocation.number, requestId: invocation.requestId },
  };
}

function invocationCompleted(
  record: ExecutionRecord,
  event: HistoryEvent,
  base: Pick<DurableEvent, "executionArn" | "replay" | "at">,
): UnnumberedEvent {
  const details = event.InvocationCompletedDetails as { StartTimestamp: number; EndTimestamp: number; RequestId: string };
  const invocation = record.invocations.find((i) => i.requestId === details.RequestId);
  const outcome = invocation?.outcome;
  return dropUndefined({
    ...base,
    type: outcome === "PENDING" ? "invocation.suspended" : "invocation.completed",
    durationMs: details.EndTimestamp - details.StartTimestamp,
    error: invocation?.error === undefined ? undefined : toEventError(invocation.error, "Error"),
    detail: {
      eventType: event.EventType,
      eventId: event.EventId,
      invocation: invocation?.number,
      requestId: details.RequestId,
      outcome,
    },
  });
}

function eventTypeOf(outcome: string, retrying: boolean): DurableEventType {
  if (outcome === "Started") return "operation.started";
  // A RETRY is logged as StepFailed (with an error) or StepSucceeded (waitForCondition polling).
  if (retrying) return "operation.retrying";
  return outcome === "Succeeded" ? "operation.succeeded" : "operation.failed";
}

/** Failed, timed-out, stopped and cancelled operations carry an error; a cancellation without one gets a name. */
function errorOf(error: unknown, outcome: string): DurableEvent["error"] {
  const payload = (error as { Payload?: ErrorObject } | undefined)?.Payload;
  if (payload !== undefined) return toEventError(payload, outcome);
  if (outcome === "Cancelled" || outcome === "TimedOut" || outcome === "Stopped") {
    return { name: outcome, message: `The operation was ${outcome === "TimedOut" ? "timed out" : outcome.toLowerCase()}.` };
  }
  return undefined;
}

function toEventError(error: ErrorObject, fallbackName: string): { name: string; message: string } {
  return { name: error.ErrorType ?? fallbackName, message: error.ErrorMessage ?? "" };
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
