import type { Operation } from "../wire/types.js";
import { operationsFromEvents } from "./operations-from-events.js";
import { isoTimestamps, type Timestamped } from "./timestamps.js";

/**
 * One history event as GetDurableExecutionHistory reports it (PROTOCOL.md §13):
 * `{ EventType, EventId, Id?, Name?, ParentId?, SubType?, EventTimestamp, <EventType>Details }`.
 * The timestamp may be an ISO string (a `*.history.json` file), a `Date` (the AWS SDK),
 * or a number (epoch milliseconds from the engine, epoch seconds over HTTP JSON).
 */
export interface HistoryEventRecord {
  EventType: string;
  EventId?: number;
  Id?: string;
  Name?: string;
  ParentId?: string;
  SubType?: string;
  EventTimestamp?: Timestamped;
  [details: string]: unknown;
}

/**
 * A recorded durable execution, normalized: its events when it was recorded as a
 * history (so each invocation's end can be checked on its own), and the operations
 * of its last recorded moment (ISO timestamps, as an invocation event carries them).
 */
export interface RecordedHistory {
  readonly executionArn?: string;
  readonly events?: readonly HistoryEventRecord[];
  readonly operations: readonly Operation[];
}

/**
 * Everything {@link readHistory} accepts: the output of GetDurableExecutionHistory
 * (`{ Events }`, from AWS, the local service or the engine) or of
 * GetDurableExecutionState (`{ Operations }`), either one bare as an array, the same
 * with a `DurableExecutionArn` beside it (what {@link saveHistory} writes), a
 * `historyOf(...)` list of builders, a RecordedHistory, or any of these as JSON text.
 */
export type HistoryInput =
  | RecordedHistory
  | readonly Operation[]
  | readonly HistoryEventRecord[]
  | { readonly DurableExecutionArn?: string; readonly Events: readonly HistoryEventRecord[] }
  | { readonly DurableExecutionArn?: string; readonly Operations: readonly Operation[] }
  | string;

/** Normalizes any {@link HistoryInput}; throws a TypeError that says what it found instead. */
export function readHistory(input: HistoryInput): RecordedHistory {
  const value: unknown = typeof input === "string" ? parseJson(input) : input;
  if (Array.isArray(value)) return fromList(value, undefined);
  if (typeof value === "object" && value !== null) {
    const record = value as Record<string, unknown>;
    const arn = typeof record.DurableExecutionArn === "string" ? record.DurableExecutionArn : (record.executionArn as string | undefined);
    if (Array.isArray(record.Events)) return fromEvents(record.Events as HistoryEventRecord[], arn);
    if (Array.isArray(record.events)) return fromEvents(record.events as HistoryEventRecord[], arn);
    if (Array.isArray(record.Operations)) return fromOperations(record.Operations as Operation[], arn);
    if (Array.isArray(record.operations)) return fromOperations(record.operations as Operation[], arn);
  }
  throw new TypeError(
    "readHistory: expected history events ({ Events: [...] } from GetDurableExecutionHistory), operations " +
      `({ Operations: [...] } from GetDurableExecutionState, or historyOf(...)), or either as JSON; got ${describe(value)}`,
  );
}

function fromList(list: unknown[], arn: string | undefined): RecordedHistory {
  if (list.length === 0) return { executionArn: arn, operations: [] };
  const first = list[0] as Record<string, unknown> | null;
  if (first && typeof first.EventType === "string") return fromEvents(list as HistoryEventRecord[], arn);
  if (first && typeof first.Type === "string" && typeof first.Status === "string") return fromOperations(list as Operation[], arn);
  throw new TypeError(`readHistory: a list must hold history events (EventType) or operations (Type, Status); its first item is ${describe(first)}`);
}

function fromEvents(events: HistoryEventRecord[], arn: string | undefined): RecordedHistory {
  events.forEach((event, i) => {
    if (typeof event?.EventType !== "string") throw new TypeError(`readHistory: event ${i} has no EventType: ${describe(event)}`);
  });
  // Ordered as the service numbered them, whatever order the file lists them in.
  const ordered = events.every((event) => typeof event.EventId === "number")
    ? [...events].sort((a, b) => (a.EventId as number) - (b.EventId as number))
    : [...events];
  return { executionArn: arn, events: ordered, operations: operationsFromEvents(ordered) };
}

function fromOperations(operations: Operation[], arn: string | undefined): RecordedHistory {
  operations.forEach((operation, i) => {
    if (typeof operation?.Id !== "string" || typeof operation.Type !== "string" || typeof operation.Status !== "string") {
      throw new TypeError(`readHistory: operation ${i} needs Id, Type and Status; got ${describe(operation)}`);
    }
  });
  return { executionArn: arn, operations: operations.map((operation) => isoTimestamps(operation)) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TypeError(`readHistory: the text is not JSON (${(error as Error).message})`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return `an object with keys ${Object.keys(value).slice(0, 6).join(", ") || "(none)"}`;
  return typeof value;
}
