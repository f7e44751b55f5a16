import type { Operation } from "../wire/types.js";
import { classifyEvent, operationsFromEvents } from "./operations-from-events.js";
import type { RecordedHistory } from "./recorded-history.js";

export type RecordedStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "STOPPED";

/** The state of a recorded execution at one moment: what an invocation would have been given then. */
export interface HistorySnapshot {
  /** "after invocation 2 of 3", or "as recorded" for a history without invocation ends. */
  readonly label: string;
  readonly operations: readonly Operation[];
  /** RUNNING while the execution was waiting for its next invocation, else how it ended. */
  readonly status: RecordedStatus;
  /** The execution's result (JSON) when it had SUCCEEDED with one. */
  readonly result?: string;
}

/**
 * The moments worth replaying: the end of each invocation (every execution that will
 * ever meet the new code is parked at one of them), then the last recorded state. A
 * history without events, or without InvocationCompleted events, has only the last.
 */
export function historySnapshots(history: RecordedHistory, which: "each-invocation" | "final" = "each-invocation"): HistorySnapshot[] {
  const events = history.events;
  const last = (): HistorySnapshot => ({ label: "as recorded", ...stateOf(history.operations, events) });
  if (!events || which === "final") return [last()];
  const ends: number[] = [];
  events.forEach((event, i) => {
    if (event.EventType !== "InvocationCompleted") return;
    let end = i + 1;
    // An execution that ended with this invocation ended at the same moment.
    while (end < events.length && classifyEvent(events[end]!.EventType)?.type === "EXECUTION") end++;
    ends.push(end);
  });
  if (ends.length === 0) return [last()];
  const snapshots = ends.map((end, i) => {
    const operations = operationsFromEvents(events, end);
    return { label: `after invocation ${i + 1} of ${ends.length}`, ...stateOf(operations, events.slice(0, end)) };
  });
  // Events after the last invocation's end (a stop, a timer that fired) make one more moment.
  if (ends[ends.length - 1]! < events.length) snapshots.push(last());
  return snapshots;
}

function stateOf(operations: readonly Operation[], events: RecordedHistory["events"]): Omit<HistorySnapshot, "label"> {
  const execution = operations.find((operation) => operation.Type === "EXECUTION");
  const status: RecordedStatus = !execution || execution.Status === "STARTED" ? "RUNNING" : (execution.Status as RecordedStatus);
  const succeeded = [...(events ?? [])].reverse().find((event) => event.EventType === "ExecutionSucceeded");
  const result = (succeeded?.ExecutionSucceededDetails as { Result?: { Payload?: string } } | undefined)?.Result?.Payload;
  return result === undefined || status !== "SUCCEEDED" ? { operations, status } : { operations, status, result };
}
