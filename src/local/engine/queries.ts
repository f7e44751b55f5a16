import type { ErrorObject } from "../../wire/types.js";
import { invalidParameter, validationError } from "./engine-error.js";
import { functionArn, type ArnConfig } from "./executions.js";
import type { ExecutionHeader, ExecutionRecord, ExecutionStatus, HistoryEvent } from "./records.js";
import { convertTimestamps } from "./wire.js";

/** Read-only views: GetDurableExecution, GetDurableExecutionHistory, ListDurableExecutionsByFunction. */

export interface ExecutionDescription {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  InputPayload?: string;
  Result?: string;
  Error?: ErrorObject;
  StartTimestamp: number;
  EndTimestamp?: number;
  Status: ExecutionStatus;
  Version?: string;
}

/** With `includeData` false only the header fields are read, so a listing can pass headers. */
export function describeExecution(
  record: ExecutionHeader & Partial<Pick<ExecutionRecord, "inputPayload" | "result" | "error">>,
  config: ArnConfig,
  includeData = true,
): ExecutionDescription {
  const description: ExecutionDescription = {
    DurableExecutionArn: record.arn,
    DurableExecutionName: record.name,
    FunctionArn: functionArn(config, record.functionName, record.qualifier),
    StartTimestamp: record.startMs,
    Status: record.status,
  };
  if (includeData) {
    description.InputPayload = record.inputPayload;
    if (record.result !== undefined) description.Result = record.result;
    if (record.error !== undefined) description.Error = { ...record.error };
  }
  if (record.endMs !== undefined) description.EndTimestamp = record.endMs;
  if (/^[0-9]+$/.test(record.qualifier)) description.Version = record.qualifier;
  return description;
}

export interface PageQuery {
  Marker?: string;
  MaxItems?: number;
  ReverseOrder?: boolean;
}

/** Offset markers for the lists that only grow (history) or are re-read whole (lists). */
const encodeOffset = (offset: number): string => Buffer.from(JSON.stringify({ h: offset }), "utf8").toString("base64");

function decodeOffset(marker: string | undefined): number {
  if (!marker) return 0;
  try {
    const { h } = JSON.parse(Buffer.from(marker, "base64").toString("utf8")) as { h?: unknown };
    if (typeof h === "number" && Number.isInteger(h) && h >= 0) return h;
  } catch {
    // Falls through to the error below.
  }
  throw invalidParameter("Invalid marker.");
}

function pageOf<T>(items: readonly T[], query: PageQuery): { items: T[]; NextMarker?: string } {
  const max = query.MaxItems === undefined || query.MaxItems === 0 ? 100 : query.MaxItems;
  if (!Number.isInteger(max) || max < 0 || max > 1000) {
    throw validationError("maxItems", String(max), "Member must have value less than or equal to 1000");
  }
  const offset = decodeOffset(query.Marker);
  const count = Math.max(0, Math.min(max, items.length - offset));
  // Read in place, newest first when reversed: a page costs its size, not the history's.
  const page = query.ReverseOrder
    ? Array.from({ length: count }, (_, i) => items[items.length - 1 - offset - i])
    : items.slice(offset, offset + count);
  const next = offset + count;
  return next < items.length ? { items: page, NextMarker: encodeOffset(next) } : { items: page };
}

/** History events (epoch-ms timestamps); `IncludeExecutionData: false` drops every Payload. */
export function getHistory(
  record: ExecutionRecord,
  query: PageQuery & { IncludeExecutionData?: boolean },
): { Events: HistoryEvent[]; NextMarker?: string } {
  const { items, NextMarker } = pageOf(record.events, query);
  const events = convertTimestamps(items, (ms) => ms);
  if (query.IncludeExecutionData === false) events.forEach(stripPayloads);
  return NextMarker === undefined ? { Events: events } : { Events: events, NextMarker };
}

function stripPayloads(value: unknown): void {
  if (typeof value !== "object" || value === null) return;
  for (const [key, member] of Object.entries(value)) {
    if (key === "Payload") delete (value as Record<string, unknown>)[key];
    else stripPayloads(member);
  }
}

export interface ListQuery extends PageQuery {
  FunctionName: string;
  Qualifier?: string;
  DurableExecutionName?: string;
  Statuses?: ExecutionStatus[];
  StartedAfter?: number;
  StartedBefore?: number;
}

export interface ExecutionSummary {
  DurableExecutionArn: string;
  DurableExecutionName: string;
  FunctionArn: string;
  Status: ExecutionStatus;
  StartTimestamp: number;
  EndTimestamp?: number;
}

/** Executions of one function, oldest first (newest first with ReverseOrder). */
export function listExecutions(
  records: Iterable<ExecutionHeader>,
  query: ListQuery,
  config: ArnConfig,
): { DurableExecutions: ExecutionSummary[]; NextMarker?: string } {
  const matching = [...records]
    .filter(
      (r) =>
        r.functionName === query.FunctionName &&
        (query.Qualifier === undefined || r.qualifier === query.Qualifier) &&
        (query.DurableExecutionName === undefined || r.name === query.DurableExecutionName) &&
        (query.Statuses === undefined || query.Statuses.length === 0 || query.Statuses.includes(r.status)) &&
        (query.StartedAfter === undefined || r.startMs > query.StartedAfter) &&
        (query.StartedBefore === undefined || r.startMs < query.StartedBefore),
    )
    .sort((a, b) => a.startMs - b.startMs);
  const { items, NextMarker } = pageOf(matching, query);
  const DurableExecutions = items.map((r) => {
    const {
      InputPayload: _input,
      Result: _result,
      Error: _error,
      Version: _version,
      ...summary
    } = describeExecution(r, config, false);
    return summary;
  });
  return NextMarker === undefined ? { DurableExecutions } : { DurableExecutions, NextMarker };
}
