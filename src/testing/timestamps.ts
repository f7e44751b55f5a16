/** A timestamp in any form a history arrives in. */
export type Timestamped = string | number | Date;

/** Below this a number is epoch seconds (HTTP JSON), above it epoch milliseconds (the engine). */
const SECONDS_LIMIT = 100_000_000_000;

const TIMESTAMP_KEYS = new Set([
  "StartTimestamp",
  "EndTimestamp",
  "NextAttemptTimestamp",
  "ScheduledEndTimestamp",
  "EventTimestamp",
  "StopTimestamp",
]);

/** The largest distance from the epoch a Date can hold (ECMAScript: 100,000,000 days). */
const MAX_DATE_MS = 8.64e15;

/** Epoch milliseconds of any timestamp form; `undefined` when absent, unreadable, or beyond any Date. */
export function epochMs(value: unknown): number | undefined {
  const ms = rawEpochMs(value);
  // A number no Date can hold would make toISOString() throw a RangeError: it is unreadable.
  return ms === undefined || Number.isNaN(ms) || Math.abs(ms) > MAX_DATE_MS ? undefined : ms;
}

function rawEpochMs(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "number") return Number.isFinite(value) ? (value < SECONDS_LIMIT ? value * 1000 : value) : undefined;
  if (typeof value === "string") return Date.parse(value);
  return undefined;
}

/**
 * A deep copy with every timestamp member as an ISO string, the form an invocation
 * event carries (PROTOCOL.md §1.1) and a `*.history.json` file stores.
 */
export function isoTimestamps<T>(value: T): T {
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(walk);
  if (value === null || typeof value !== "object" || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue;
    const ms = TIMESTAMP_KEYS.has(key) ? epochMs(member) : undefined;
    const copied = ms === undefined ? walk(member) : new Date(ms).toISOString();
    // defineProperty, so a parsed "__proto__" key stays data instead of replacing the prototype.
    Object.defineProperty(out, key, { value: copied, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
