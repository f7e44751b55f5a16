import type { ExecutionRecord, OperationEntry } from "./records.js";

/**
 * Id → position lookups over `record.operations`. The index lives beside the record in
 * a WeakMap, never inside it, so the record stays a plain serializable document.
 * Operations are append-only, so the index only ever has to catch up with the tail;
 * a record loaded afresh from a store is a new object and gets a new index.
 */
const indexes = new WeakMap<ExecutionRecord, { ops: OperationEntry[]; byId: Map<string, number> }>();

function indexOf(record: ExecutionRecord): Map<string, number> {
  let index = indexes.get(record);
  if (!index || index.ops !== record.operations || index.byId.size > record.operations.length) {
    index = { ops: record.operations, byId: new Map() };
    indexes.set(record, index);
  }
  for (let i = index.byId.size; i < record.operations.length; i++) {
    index.byId.set(record.operations[i].op.Id, i);
  }
  return index.byId;
}

export function findEntry(record: ExecutionRecord, id: string): OperationEntry | undefined {
  const position = indexOf(record).get(id);
  return position === undefined ? undefined : record.operations[position];
}

/** Start-order position of an operation, or -1. */
export function positionOf(record: ExecutionRecord, id: string): number {
  return indexOf(record).get(id) ?? -1;
}

export function appendEntry(record: ExecutionRecord, entry: OperationEntry): void {
  record.operations.push(entry);
}

/** Drops the operations from `length` on (a rolled-back call's), and their index entries. */
export function truncateOperations(record: ExecutionRecord, length: number): void {
  const byId = indexes.get(record)?.byId;
  for (let i = length; i < record.operations.length; i++) byId?.delete(record.operations[i].op.Id);
  record.operations.length = length;
}

/** Records that `id` changed and the current invocation has not seen it yet. */
export function markUndelivered(record: ExecutionRecord, id: string): void {
  if (!record.undelivered.includes(id)) record.undelivered.push(id);
}
