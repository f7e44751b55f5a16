import { readFileSync, writeFileSync } from "node:fs";
import type { LambdaClientLike } from "../checkpoint/ambient-client.js";
import type { DurableEngine } from "../local/engine/engine.js";
import { readHistory, type HistoryEventRecord, type HistoryInput, type RecordedHistory } from "./recorded-history.js";
import { isoTimestamps } from "./timestamps.js";

const PAGE = 1000;

/**
 * The history of execution `arn` as the engine recorded it (the engine behind
 * `runToCompletion`, the in-process client or the local service), every page of it.
 *
 * @example
 * ```ts
 * const run = await runToCompletion(handler, { input });
 * saveHistory("test/fixtures/order.history.json", historyFromEngine(run.engine, run.arn));
 * ```
 */
export function historyFromEngine(engine: DurableEngine, arn: string): RecordedHistory {
  const events: HistoryEventRecord[] = [];
  let marker: string | undefined;
  do {
    const page = engine.getHistory(arn, { IncludeExecutionData: true, MaxItems: PAGE, Marker: marker });
    events.push(...(page.Events as HistoryEventRecord[]));
    marker = page.NextMarker;
  } while (marker);
  return readHistory({ DurableExecutionArn: arn, Events: events });
}

/**
 * The history of execution `arn` read with GetDurableExecutionHistory through `client`:
 * a `LambdaClient` for an execution in AWS (the deployed version), one pointed at the
 * local service's endpoint, or an InProcessLambdaClient. Payloads are included (the
 * replay needs the recorded results), every page is read.
 */
export async function fetchHistory(client: LambdaClientLike, arn: string): Promise<RecordedHistory> {
  const { GetDurableExecutionHistoryCommand } = (await import("@aws-sdk/client-lambda")) as unknown as {
    GetDurableExecutionHistoryCommand?: new (input: object) => object;
  };
  if (!GetDurableExecutionHistoryCommand) {
    throw new Error("fetchHistory: the installed @aws-sdk/client-lambda has no GetDurableExecutionHistoryCommand (3.1164.0 or later has it)");
  }
  const events: HistoryEventRecord[] = [];
  let marker: string | undefined;
  do {
    const input = { DurableExecutionArn: arn, IncludeExecutionData: true, MaxItems: PAGE, ...(marker ? { Marker: marker } : {}) };
    const page = (await client.send(new GetDurableExecutionHistoryCommand(input))) as { Events?: HistoryEventRecord[]; NextMarker?: string };
    events.push(...(page.Events ?? []));
    marker = page.NextMarker || undefined;
  } while (marker);
  return readHistory({ DurableExecutionArn: arn, Events: events });
}

/**
 * Writes `history` as JSON in the shape GetDurableExecutionHistory answers, with the
 * execution's ARN beside it and ISO timestamps: `{ DurableExecutionArn, Events }`, or
 * `{ DurableExecutionArn, Operations }` for a history recorded as operations.
 */
export function saveHistory(path: string, history: HistoryInput): void {
  const recorded = readHistory(history);
  const body = recorded.events
    ? { DurableExecutionArn: recorded.executionArn, Events: isoTimestamps(recorded.events) }
    : { DurableExecutionArn: recorded.executionArn, Operations: recorded.operations };
  writeFileSync(path, `${JSON.stringify(body, null, 2)}\n`);
}

/** Reads a history file written by {@link saveHistory}, the AWS CLI or the local service (any {@link HistoryInput} as JSON). */
export function loadHistory(path: string): RecordedHistory {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`loadHistory: cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return readHistory(text);
  } catch (error) {
    throw new TypeError(`loadHistory(${path}): ${(error as Error).message.replace(/^readHistory: /, "")}`);
  }
}
