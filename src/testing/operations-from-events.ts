import type { ErrorObject, Operation, OperationStatus, OperationType } from "../wire/types.js";
import type { HistoryEventRecord } from "./recorded-history.js";
import { epochMs } from "./timestamps.js";

const TYPE_OF_PREFIX: ReadonlyArray<readonly [string, OperationType]> = [
  ["ChainedInvoke", "CHAINED_INVOKE"],
  ["Execution", "EXECUTION"],
  ["Callback", "CALLBACK"],
  ["Context", "CONTEXT"],
  ["Step", "STEP"],
  ["Wait", "WAIT"],
];

const STATUS_OF_SUFFIX: Readonly<Record<string, OperationStatus>> = {
  Started: "STARTED",
  Succeeded: "SUCCEEDED",
  Failed: "FAILED",
  TimedOut: "TIMED_OUT",
  Stopped: "STOPPED",
  Cancelled: "CANCELLED",
};

/** The event type's operation type and status: `StepSucceeded` → STEP, SUCCEEDED. */
export function classifyEvent(eventType: string): { type: OperationType; status: OperationStatus } | undefined {
  for (const [prefix, type] of TYPE_OF_PREFIX) {
    if (!eventType.startsWith(prefix)) continue;
    const status = STATUS_OF_SUFFIX[eventType.slice(prefix.length)];
    return status === undefined ? undefined : { type, status };
  }
  return undefined;
}

const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const payloadOf = (details: Record<string, unknown>, key: "Result" | "Input"): string | undefined =>
  (details[key] as { Payload?: string } | undefined)?.Payload;
const errorOf = (details: Record<string, unknown>): ErrorObject | undefined =>
  (details.Error as { Payload?: ErrorObject } | undefined)?.Payload;

/**
 * Rebuilds the operations as the service held them after the first `count` events (all
 * by default), the way the service derives state from its own changes (PROTOCOL.md
 * §2.5, §13): a `StepFailed` or `StepSucceeded` with a next-attempt delay is a RETRY
 * (PENDING until then), a second `StepStarted` is the next attempt. Operations come out
 * in start order with ISO timestamps. Two facts are not in any event and are inferred:
 * a CONTEXT whose stored result is empty replays its children (the large-result path
 * writes `""`), and a retry that came due but had not started yet still reads PENDING.
 */
export function operationsFromEvents(events: readonly HistoryEventRecord[], count = events.length): Operation[] {
  const byId = new Map<string, Operation>();
  for (const event of events.slice(0, count)) {
    const kind = classifyEvent(event.EventType);
    if (!kind) continue; // InvocationCompleted, and types this version does not know
    const at = epochMs(event.EventTimestamp);
    const details = (event[`${event.EventType}Details`] ?? {}) as Record<string, unknown>;
    const id = event.Id ?? (kind.type === "EXECUTION" ? "execution" : undefined);
    if (id === undefined) continue;
    let operation = byId.get(id);
    if (!operation) {
      operation = { Id: id, Type: kind.type, Status: "STARTED" };
      if (event.ParentId !== undefined) operation.ParentId = event.ParentId;
      if (event.Name !== undefined && kind.type !== "EXECUTION") operation.Name = event.Name;
      if (event.SubType !== undefined) operation.SubType = event.SubType;
      if (at !== undefined) operation.StartTimestamp = iso(at);
      byId.set(id, operation);
    }
    apply(operation, kind.status, details, at);
  }
  return [...byId.values()];
}

function apply(operation: Operation, status: OperationStatus, details: Record<string, unknown>, at: number | undefined): void {
  operation.Status = status;
  if (status !== "STARTED" && at !== undefined) operation.EndTimestamp = iso(at);
  switch (operation.Type) {
    case "EXECUTION":
      if (status === "STARTED") operation.ExecutionDetails = { InputPayload: payloadOf(details, "Input") };
      return;
    case "STEP":
      return applyStep(operation, status, details, at);
    case "WAIT": {
      if (status !== "STARTED") return;
      const duration = typeof details.Duration === "number" ? details.Duration : undefined;
      const end = epochMs(details.ScheduledEndTimestamp) ?? (at !== undefined && duration !== undefined ? at + duration * 1000 : undefined);
      operation.WaitDetails = { ScheduledEndTimestamp: iso(end) };
      return;
    }
    case "CALLBACK":
      if (status === "STARTED") operation.CallbackDetails = { CallbackId: details.CallbackId as string | undefined };
      else operation.CallbackDetails = { ...operation.CallbackDetails, ...outcome(status, details) };
      return;
    case "CHAINED_INVOKE":
      if (status !== "STARTED") operation.ChainedInvokeDetails = outcome(status, details);
      return;
    case "CONTEXT": {
      if (status === "STARTED") return;
      const result = outcome(status, details);
      operation.ContextDetails = result.Result === "" ? { ...result, ReplayChildren: true } : result;
      return;
    }
  }
}

function applyStep(operation: Operation, status: OperationStatus, details: Record<string, unknown>, at: number | undefined): void {
  const previous = operation.StepDetails?.Attempt ?? 0;
  if (status === "STARTED") {
    // The next attempt of a retried step keeps its count; a first START has none yet.
    operation.StepDetails = { Attempt: previous };
    delete operation.EndTimestamp;
    return;
  }
  const retry = (details.RetryDetails ?? {}) as { CurrentAttempt?: number; NextAttemptDelaySeconds?: number };
  const attempt = typeof retry.CurrentAttempt === "number" ? retry.CurrentAttempt : previous + 1;
  const stepDetails: NonNullable<Operation["StepDetails"]> = { Attempt: attempt, ...outcome(status, details) };
  if (typeof retry.NextAttemptDelaySeconds === "number") {
    operation.Status = "PENDING";
    delete operation.EndTimestamp;
    if (at !== undefined) stepDetails.NextAttemptTimestamp = iso(at + retry.NextAttemptDelaySeconds * 1000);
  }
  operation.StepDetails = stepDetails;
}

function outcome(status: OperationStatus, details: Record<string, unknown>): { Result?: string; Error?: ErrorObject } {
  const out: { Result?: string; Error?: ErrorObject } = {};
  const result = payloadOf(details, "Result");
  const error = errorOf(details);
  if (status === "SUCCEEDED" && result !== undefined) out.Result = result;
  if (error !== undefined) out.Error = error;
  return out;
}
