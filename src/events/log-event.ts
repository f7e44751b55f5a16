import { safeJsonStringify } from "../errors/safe-json.js";
import type { DurableLogSink } from "../logging/log-sink.js";
import type { DurableEvent } from "./durable-event.js";

type Level = "debug" | "info" | "warn";

/**
 * Noisy events (one per replayed operation, one per request) are debug lines; failures
 * are warnings; the rest, what a person follows an execution by, are info.
 */
function levelOf(event: DurableEvent): Level {
  if (event.type === "operation.replayed" || event.type === "checkpoint.flushed") return "debug";
  if (event.type === "operation.failed" || event.type === "limit.approaching" || event.error !== undefined) return "warn";
  return "info";
}

/** `step "charge" succeeded`, `wait c4ca4238a0b92382 pending`, `invocation.started`. */
export function describeEvent(event: DurableEvent): string {
  if (!event.type.startsWith("operation.")) return event.type;
  const kind = (event.operationType ?? "operation").toLowerCase().replace("chained_invoke", "invoke");
  const who = event.name !== undefined ? JSON.stringify(event.name) : (event.operationId ?? "");
  return `${kind} ${who} ${event.type.slice("operation.".length)}`;
}

/**
 * One JSON line for one event, through the handler's log sink, in the shape of the
 * context logger's lines (`executionArn`, `operationId`, `parentId`, `isReplay`), with
 * the event itself under `event`. Replayed events are written too (the replay-aware
 * logger would drop them): the flag says which they are.
 */
export function logEvent(sink: DurableLogSink, event: DurableEvent, requestId: string | undefined): void {
  const level = levelOf(event);
  const { executionArn, operationId, parentId, replay, ...rest } = event;
  const line = {
    timestamp: new Date(event.at).toISOString(),
    level: level.toUpperCase(),
    message: describeEvent(event),
    executionArn,
    requestId,
    operationId,
    parentId,
    isReplay: replay,
    event: rest,
  };
  // A progress value is the workflow's own: it may hold a BigInt or a cycle.
  sink[level](safeJsonStringify(line) ?? JSON.stringify({ ...line, event: { type: event.type } }));
}
