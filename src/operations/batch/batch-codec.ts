import { SerdesError } from "../../errors/index.js";
import { deserializeWith, serializeWith, type Serdes, type SerdesContext } from "../../serdes/index.js";
import type { BatchItem, BatchItemStatus, BatchResult } from "./batch-result.js";
import type { CompletionReason } from "./completion-config.js";
import { decodeItemError, encodeItemError, type ItemErrorObject } from "./item-error.js";

/** `MapResult` / `ParallelResult`, as the official SDK tags its batch payloads. */
export type BatchResultType = "MapResult" | "ParallelResult";

/** Builds the right BatchResult class, live and when read back. */
export type BuildBatch<T, B> = (all: BatchItem<T>[], reason: CompletionReason, totalCount: number) => B;

/** One item in the stored payload; `result` is the item serdes' string, `error` the whole error chain. */
interface StoredItem {
  index: number;
  name: string;
  status: BatchItemStatus;
  result?: string;
  error?: ItemErrorObject;
}

interface StoredBatch {
  type: BatchResultType;
  completionReason: CompletionReason;
  totalCount: number;
  all: StoredItem[];
}

/** The serdes context of item `index` of the batch whose context is `batch`: its raw id is `<batch>-<index+1>`. */
export function itemSerdesContext(batch: SerdesContext, index: number): SerdesContext {
  return { entityId: `${batch.entityId}-${index + 1}`, durableExecutionArn: batch.durableExecutionArn };
}

/**
 * The serdes of a batch's CONTEXT payload: JSON `{type, completionReason, totalCount,
 * all}` where each succeeded item's result goes through the item serdes (which may be
 * asynchronous) and each failed item's error through the error codec, cause by cause.
 * Reading it back builds the same class as the live run.
 */
export function batchSerdes<T, B extends BatchResult<T, unknown>>(type: BatchResultType, itemSerdes: Serdes<T>, build: BuildBatch<T, B>): Serdes<B> {
  return {
    serialize(batch, ctx) {
      const payloads = batch.all.map((item) =>
        item.status === "SUCCEEDED" ? serializeWith(itemSerdes, item.result, itemSerdesContext(ctx, item.index)) : undefined,
      );
      const assemble = (results: (string | undefined)[]) => {
        const stored: StoredBatch = {
          type,
          completionReason: batch.completionReason,
          totalCount: batch.totalCount,
          all: batch.all.map((item, i) => storedItem(item, results[i])),
        };
        return JSON.stringify(stored);
      };
      return payloads.some(isPromise) ? Promise.all(payloads).then(assemble) : assemble(payloads as (string | undefined)[]);
    },
    deserialize(data, ctx) {
      const stored = parseStored(data, ctx);
      const values = stored.all.map((item) =>
        item.status === "SUCCEEDED" ? deserializeWith(itemSerdes, item.result, itemSerdesContext(ctx, item.index)) : undefined,
      );
      const assemble = (results: (T | undefined)[]) =>
        build(
          stored.all.map((item, i) => liveItem<T>(item, results[i])),
          stored.completionReason,
          stored.totalCount,
        );
      return values.some(isPromise) ? Promise.all(values).then(assemble) : assemble(values as (T | undefined)[]);
    },
  };
}

function storedItem<T>(item: BatchItem<T>, result: string | undefined): StoredItem {
  const stored: StoredItem = { index: item.index, name: item.name, status: item.status };
  if (item.status === "SUCCEEDED" && result !== undefined) stored.result = result;
  if (item.status === "FAILED") stored.error = encodeItemError(item.error);
  return stored;
}

function liveItem<T>(item: StoredItem, result: T | undefined): BatchItem<T> {
  const { index, name } = item;
  if (item.status === "SUCCEEDED") return { index, name, status: "SUCCEEDED", result: result as T };
  if (item.status === "FAILED") return { index, name, status: "FAILED", error: decodeItemError(item.error) };
  return { index, name, status: "STARTED" };
}

function parseStored(data: string | undefined, ctx: SerdesContext): StoredBatch {
  let parsed: Partial<StoredBatch> | undefined;
  try {
    parsed = data === undefined ? undefined : (JSON.parse(data) as Partial<StoredBatch>);
  } catch {
    // Reported below.
  }
  if (!parsed || !Array.isArray(parsed.all) || typeof parsed.completionReason !== "string") {
    throw new SerdesError(`Deserialization failed for operation "${ctx.entityId}": not a batch result: ${String(data).slice(0, 80)}`);
  }
  return { type: parsed.type ?? "MapResult", completionReason: parsed.completionReason, totalCount: parsed.totalCount ?? parsed.all.length, all: parsed.all };
}

function isPromise(value: unknown): value is Promise<unknown> {
  return value instanceof Promise;
}
