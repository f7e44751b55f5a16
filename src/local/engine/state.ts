import type { GetDurableExecutionStateInput, GetDurableExecutionStateOutput, Operation } from "../../wire/types.js";
import { invalidParameter, MESSAGES, validationError } from "./engine-error.js";
import { positionOf } from "./operation-index.js";
import type { ExecutionRecord, OperationEntry } from "./records.js";
import { toWireOperation } from "./wire.js";

/**
 * Operation listings and their markers. A marker is opaque base64 naming which listing
 * it continues, so one GetDurableExecutionState call can page any of the three:
 * - `s`: the state view, which leaves out children of completed CONTEXTs (§2.5);
 * - `a`: every operation, continuing an invocation event's first page;
 * - `c`: the operations a checkpoint's NewExecutionState listed (ADR 0003).
 */
type Marker = { k: "s" | "a"; o: number } | { k: "c"; o: number; q: number };

export const STATE_DEFAULT_MAX_ITEMS = 100;
export const STATE_MAX_ITEMS = 1000;

export function encodeMarker(marker: Marker): string {
  return Buffer.from(JSON.stringify(marker), "utf8").toString("base64");
}

function decodeMarker(text: string): Marker {
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64").toString("utf8")) as Partial<{ k: string; o: number; q: number }>;
    const { k, o, q } = parsed;
    if (Number.isInteger(o) && (o as number) >= 0) {
      if (k === "s" || k === "a") return { k, o: o as number };
      if (k === "c" && Number.isInteger(q)) return { k, o: o as number, q: q as number };
    }
  } catch {
    // Falls through to the error below.
  }
  throw invalidParameter("Invalid marker.");
}

/** True when some ancestor CONTEXT completed without ReplayChildren (PROTOCOL.md §2.5). */
function isHidden(record: ExecutionRecord, entry: OperationEntry, memo: Map<string, boolean>): boolean {
  const parentId = entry.op.ParentId;
  if (!parentId) return false;
  const cached = memo.get(entry.op.Id);
  if (cached !== undefined) return cached;
  const position = positionOf(record, parentId);
  const parent = position < 0 ? undefined : record.operations[position];
  let hidden = false;
  if (parent) {
    const completed = parent.op.Status === "SUCCEEDED" || parent.op.Status === "FAILED";
    // A hidden parent hides its whole subtree, even below an unfinished CONTEXT, so no
    // listed operation is ever an orphan (the emulator only checks completed parents).
    hidden = isHidden(record, parent, memo) || (completed && !parent.op.ContextDetails?.ReplayChildren);
  }
  memo.set(entry.op.Id, hidden);
  return hidden;
}

/** One page of `record.operations` from `offset`, skipping what `include` rejects. */
export function pageOperations(
  record: ExecutionRecord,
  offset: number,
  maxItems: number,
  kind: "s" | "a",
): { Operations: Operation[]; nextOffset?: number } {
  const memo = new Map<string, boolean>();
  const include = (entry: OperationEntry): boolean => kind === "a" || !isHidden(record, entry, memo);
  const operations: Operation[] = [];
  let i = offset;
  for (; i < record.operations.length && operations.length < maxItems; i++) {
    if (include(record.operations[i])) operations.push(toWireOperation(record.operations[i].op));
  }
  while (i < record.operations.length && !include(record.operations[i])) i++;
  return i < record.operations.length ? { Operations: operations, nextOffset: i } : { Operations: operations };
}

/**
 * The NewExecutionState for a list of changed ids: one page, and when more remain a
 * NextMarker that GetDurableExecutionState continues from the remembered listing.
 */
export function changePage(record: ExecutionRecord, ids: readonly string[], pageSize: number): GetDurableExecutionStateOutput {
  const ordered = [...ids].sort((a, b) => positionOf(record, a) - positionOf(record, b));
  if (ordered.length <= pageSize) return { Operations: ordered.map((id) => operationById(record, id)) };
  record.seq += 1;
  record.changeListing = { seq: record.seq, ids: ordered };
  return {
    Operations: ordered.slice(0, pageSize).map((id) => operationById(record, id)),
    NextMarker: encodeMarker({ k: "c", o: pageSize, q: record.seq }),
  };
}

function operationById(record: ExecutionRecord, id: string): Operation {
  return toWireOperation(record.operations[positionOf(record, id)].op);
}

function resolveMaxItems(maxItems: number | undefined): number {
  if (maxItems === undefined || maxItems === null || maxItems === 0) return STATE_DEFAULT_MAX_ITEMS;
  if (!Number.isInteger(maxItems) || maxItems < 0 || maxItems > STATE_MAX_ITEMS) {
    throw validationError("maxItems", String(maxItems), `Member must have value less than or equal to ${STATE_MAX_ITEMS}`);
  }
  return maxItems;
}

/**
 * GetDurableExecutionState: accepts any token issued to the running invocation (the SDK
 * pages its initial state with the event's token, §1.1), operations in start order.
 */
export function getExecutionState(record: ExecutionRecord, input: GetDurableExecutionStateInput): GetDurableExecutionStateOutput {
  if (!record.activeInvocation?.tokens.includes(input.CheckpointToken)) throw invalidParameter(MESSAGES.invalidToken);
  const maxItems = resolveMaxItems(input.MaxItems);
  const marker: Marker = input.Marker ? decodeMarker(input.Marker) : { k: "s", o: 0 };
  if (marker.k === "c") {
    const listing = record.changeListing;
    if (!listing || listing.seq !== marker.q) throw invalidParameter("Invalid marker.");
    const ids = listing.ids.slice(marker.o, marker.o + maxItems);
    const next = marker.o + ids.length;
    const page: GetDurableExecutionStateOutput = { Operations: ids.map((id) => operationById(record, id)) };
    if (next < listing.ids.length) page.NextMarker = encodeMarker({ k: "c", o: next, q: marker.q });
    return page;
  }
  const { Operations, nextOffset } = pageOperations(record, marker.o, maxItems, marker.k);
  return nextOffset === undefined ? { Operations } : { Operations, NextMarker: encodeMarker({ k: marker.k, o: nextOffset }) };
}
