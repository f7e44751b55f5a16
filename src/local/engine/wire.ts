import type { Operation } from "../../wire/types.js";
import type { StoredOperation } from "./records.js";

/**
 * The engine answers with epoch-ms numbers in every timestamp member; each adapter picks
 * the wire form: `Date` for the in-process AWS-SDK double, epoch seconds for HTTP JSON,
 * ISO strings for the invocation event (PROTOCOL.md §1.1, §15.3).
 */
export const TIMESTAMP_MEMBERS: ReadonlySet<string> = new Set([
  "StartTimestamp",
  "EndTimestamp",
  "NextAttemptTimestamp",
  "ScheduledEndTimestamp",
  "EventTimestamp",
  "StopTimestamp",
]);

export const toIso = (ms: number): string => new Date(ms).toISOString();
export const toDate = (ms: number): Date => new Date(ms);
export const toEpochSeconds = (ms: number): number => ms / 1000;

/**
 * A deep copy of plain data in which every numeric timestamp member is converted by
 * `convert`. Doubles as the copy that keeps callers from sharing objects with the store.
 */
export function convertTimestamps<T>(value: T, convert: (ms: number) => unknown): T {
  return walk(value, convert) as T;
}

function walk(value: unknown, convert: (ms: number) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, convert));
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    const copied = typeof member === "number" && TIMESTAMP_MEMBERS.has(key) ? convert(member) : walk(member, convert);
    // A parsed "__proto__" key must stay data: assigning it would replace the prototype.
    if (key === "__proto__") Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[key] = copied;
  }
  return out;
}

/** A detached copy of a stored operation, timestamps still epoch ms. */
export function toWireOperation(op: StoredOperation): Operation {
  return convertTimestamps(op, (ms) => ms) as Operation;
}
