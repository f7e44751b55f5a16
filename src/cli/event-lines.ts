import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import { formatDuration, oneLine, truncate } from "./format.js";

const KIND: Record<string, string> = {
  STEP: "step",
  WAIT: "wait",
  CALLBACK: "callback",
  CHAINED_INVOKE: "invoke",
  CONTEXT: "context",
  EXECUTION: "execution",
};

/** SubTypes that only repeat the kind are left out (`step "a"`, not `step[Step] "a"`). */
const PLAIN_SUBTYPES = new Set(["Step", "Wait", "Callback", "ChainedInvoke"]);

/** `step "charge"`, `context[RunInChildContext] "ship"`, `wait c4ca4238a0b92382` (unnamed). */
export function operationLabel(event: Pick<LocalServiceEvent, "operationType" | "subType" | "name" | "operationId">): string {
  const kind = KIND[event.operationType ?? ""] ?? "operation";
  const subType = event.subType && !PLAIN_SUBTYPES.has(event.subType) ? `[${event.subType}]` : "";
  const name = event.name !== undefined ? `"${event.name}"` : (event.operationId ?? "");
  return `${kind}${subType} ${name}`.trimEnd();
}

const errorText = (event: LocalServiceEvent): string =>
  event.error ? `${event.error.name}: ${truncate(oneLine(event.error.message), 200)}` : "";

/** One line of words for one service event; undefined for events not worth a line. */
export function describeServiceEvent(event: LocalServiceEvent): string | undefined {
  const invocation = event.detail.invocation;
  switch (event.type) {
    case "invocation.started":
      return `invocation ${invocation} started`;
    case "invocation.suspended":
      return `invocation ${invocation} suspended (PENDING) after ${formatDuration(event.durationMs ?? 0)}`;
    case "invocation.completed": {
      const outcome = event.detail.outcome ?? "ended";
      return `invocation ${invocation} ${outcome === "THREW" ? "threw" : `ended ${outcome}`} after ${formatDuration(event.durationMs ?? 0)}${event.error ? `: ${errorText(event)}` : ""}`;
    }
    default:
      break;
  }
  if (event.operationType === "EXECUTION") {
    const outcome = event.detail.eventType.replace(/^Execution/, "").toUpperCase().replace("TIMEDOUT", "TIMED_OUT");
    return `execution ${outcome}${event.error ? `: ${errorText(event)}` : ""}`;
  }
  const label = operationLabel(event);
  const attempt = event.attempt !== undefined && event.attempt > 1 ? ` (attempt ${event.attempt})` : "";
  const took = event.durationMs !== undefined ? ` in ${formatDuration(event.durationMs)}` : "";
  switch (event.type) {
    case "operation.started":
      // A callback's id is long (base64); the command that completes it prints it where it is useful.
      return `${label} started${attempt}${event.detail.functionName ? ` → ${event.detail.functionName}` : ""}`;
    case "operation.succeeded":
      return `${label} succeeded${took}`;
    case "operation.retrying":
      return `${label} attempt ${event.attempt ?? "?"} failed${event.error ? `: ${errorText(event)}` : ""}; will retry`;
    case "operation.failed":
      return `${label} ${event.detail.eventType.endsWith("TimedOut") ? "timed out" : event.detail.eventType.endsWith("Cancelled") ? "was cancelled" : event.detail.eventType.endsWith("Stopped") ? "was stopped" : "failed"}${took}${event.error ? `: ${errorText(event)}` : ""}`;
    default:
      return undefined;
  }
}
