import type { ErrorObject } from "../../wire/types.js";
import type {
  ClientTokenEntry,
  ExecutionHeader,
  ExecutionRecord,
  ExecutionStatus,
  HistoryEvent,
  InvocationRecord,
  OperationEntry,
} from "../engine/records.js";

/**
 * How an ExecutionRecord maps to the SQLite store's rows and back (schema in
 * sqlite-schema.ts). The execution row splits into what never changes (input), what is
 * written once (outcome), and `head`: the small fields that change with every call.
 */

/** The execution-level fields kept as JSON in `executions.head`. */
interface Head {
  schemaVersion: 1;
  executionId: string;
  executionOperationId: string;
  timeoutAt?: number;
  executionTimeoutSeconds?: number;
  /** The running invocation without its tokens (those are rows of checkpoint_tokens). */
  activeInvocation?: { number: number; latestToken: string };
  consecutiveFailures: number;
  undelivered: string[];
  seq: number;
}

export interface ExecutionRow {
  arn: string;
  function_name: string;
  qualifier: string;
  name: string;
  status: ExecutionStatus;
  start_ms: number;
  end_ms: number | null;
  input: string;
  outcome: string | null;
  head: string;
  change_listing: string | null;
}

export type HeaderRow = Pick<ExecutionRow, "arn" | "function_name" | "qualifier" | "name" | "status" | "start_ms" | "end_ms">;

/** Everything else a record is made of, each list in its stored order. */
export interface RecordRows {
  operations: { entry: string }[];
  events: { event: string }[];
  invocations: { invocation: string }[];
  callbacks: { callback_id: string; operation_id: string }[];
  clientTokens: { token: string; at_ms: number; response: string }[];
  checkpointTokens: { token: string }[];
}

export function headOf(record: ExecutionRecord): string {
  const head: Head = {
    schemaVersion: record.schemaVersion,
    executionId: record.executionId,
    executionOperationId: record.executionOperationId,
    consecutiveFailures: record.consecutiveFailures,
    undelivered: record.undelivered,
    seq: record.seq,
  };
  if (record.timeoutAt !== undefined) head.timeoutAt = record.timeoutAt;
  if (record.executionTimeoutSeconds !== undefined) head.executionTimeoutSeconds = record.executionTimeoutSeconds;
  const active = record.activeInvocation;
  if (active) head.activeInvocation = { number: active.number, latestToken: active.latestToken };
  return JSON.stringify(head);
}

export function outcomeOf(record: ExecutionRecord): string {
  return JSON.stringify({ result: record.result, error: record.error });
}

export function changeListingOf(record: ExecutionRecord): string | null {
  return record.changeListing === undefined ? null : JSON.stringify(record.changeListing);
}

export function headerOf(row: HeaderRow): ExecutionHeader {
  const header: ExecutionHeader = {
    arn: row.arn,
    name: row.name,
    functionName: row.function_name,
    qualifier: row.qualifier,
    status: row.status,
    startMs: row.start_ms,
  };
  if (row.end_ms !== null) header.endMs = row.end_ms;
  return header;
}

export function recordOf(row: ExecutionRow, rows: RecordRows): ExecutionRecord {
  const head = JSON.parse(row.head) as Head;
  const record: ExecutionRecord = {
    schemaVersion: head.schemaVersion,
    arn: row.arn,
    executionId: head.executionId,
    name: row.name,
    functionName: row.function_name,
    qualifier: row.qualifier,
    status: row.status,
    inputPayload: row.input,
    startMs: row.start_ms,
    executionOperationId: head.executionOperationId,
    operations: rows.operations.map(({ entry }) => JSON.parse(entry) as OperationEntry),
    invocations: rows.invocations.map(({ invocation }) => JSON.parse(invocation) as InvocationRecord),
    consecutiveFailures: head.consecutiveFailures,
    clientTokens: new Map(
      rows.clientTokens.map(({ token, at_ms, response }): [string, ClientTokenEntry] => [
        token,
        { at: at_ms, response: JSON.parse(response) as ClientTokenEntry["response"] },
      ]),
    ),
    callbacks: new Map(rows.callbacks.map(({ callback_id, operation_id }) => [callback_id, operation_id])),
    events: rows.events.map(({ event }) => JSON.parse(event) as HistoryEvent),
    undelivered: head.undelivered,
    seq: head.seq,
  };
  if (row.end_ms !== null) record.endMs = row.end_ms;
  if (row.outcome !== null) {
    const { result, error } = JSON.parse(row.outcome) as { result?: string; error?: ErrorObject };
    if (result !== undefined) record.result = result;
    if (error !== undefined) record.error = error;
  }
  if (head.timeoutAt !== undefined) record.timeoutAt = head.timeoutAt;
  if (head.executionTimeoutSeconds !== undefined) record.executionTimeoutSeconds = head.executionTimeoutSeconds;
  if (head.activeInvocation) {
    record.activeInvocation = { ...head.activeInvocation, tokens: rows.checkpointTokens.map(({ token }) => token) };
  }
  if (row.change_listing !== null) record.changeListing = JSON.parse(row.change_listing) as ExecutionRecord["changeListing"];
  return record;
}
