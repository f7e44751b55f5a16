import type { Operation, OperationUpdate } from "../wire/types.js";
import type { DurableEvent, DurableEventType } from "./durable-event.js";

/**
 * An event about operation `id` from what the history holds of it (`record` may be
 * missing when the service has not acknowledged its START yet). Used where an
 * operation's state changes outside the replay state machine: a RETRY acknowledged, a
 * wait, retry delay, callback or invoke that blocks on the service.
 */
export function recordEvent(
  type: Extract<DurableEventType, "operation.retrying" | "operation.pending">,
  executionArn: string,
  id: string,
  record: Operation | undefined,
  extra: Pick<DurableEvent, "error" | "detail"> = {},
): DurableEvent {
  const event: { -readonly [K in keyof DurableEvent]: DurableEvent[K] } = { type, executionArn, operationId: id, replay: false, at: Date.now() };
  if (record?.ParentId !== undefined) event.parentId = record.ParentId;
  if (record?.Name !== undefined) event.name = record.Name;
  if (record?.Type !== undefined) event.operationType = record.Type;
  if (record?.SubType !== undefined) event.subType = record.SubType;
  if (record?.StepDetails?.Attempt !== undefined) event.attempt = record.StepDetails.Attempt;
  if (extra.error !== undefined) event.error = extra.error;
  if (extra.detail !== undefined) event.detail = extra.detail;
  return event;
}

/** `operation.retrying` for an acknowledged RETRY: the error of the attempt that ended, the delay before the next. */
export function retryEvent(executionArn: string, update: OperationUpdate, record: Operation | undefined): DurableEvent {
  const known: Operation = record ?? { Id: update.Id, Type: update.Type, SubType: update.SubType, Name: update.Name, ParentId: update.ParentId, Status: "PENDING" };
  const error = update.Error ? { name: update.Error.ErrorType ?? "Error", message: update.Error.ErrorMessage ?? "" } : undefined;
  return recordEvent("operation.retrying", executionArn, update.Id, known, { error, detail: { delaySeconds: update.StepOptions?.NextAttemptDelaySeconds ?? 1 } });
}
