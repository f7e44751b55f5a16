import { ValidationError } from "../errors/usage-errors.js";
import { toSeconds, type DurationLike } from "./duration.js";

/** The service's bounds for durations on the wire: 1 s to 366 days (PROTOCOL.md §2.2). */
export const MIN_DURATION_SECONDS = 1;
export const MAX_DURATION_SECONDS = 31_622_400;

export interface DurationBounds {
  /** Smallest accepted length, in seconds. */
  min: number;
  /** Largest accepted length, in seconds. */
  max: number;
  /** Where the duration was given, prefixing the message: `wait("nap")`, `step("charge") timeout`. */
  what: string;
}

/** Floating-point slack: `Duration.minutes(0.1)` is 6.000000000000001 s and means 6 s. */
const EPSILON = 1e-6;

/**
 * `d` in whole seconds, validated for the wire, where durations are integers:
 * a fraction of a second is rejected rather than silently rounded (a retry delay of
 * 0.5 s cannot be honoured), and the total must lie within `bounds`.
 *
 * @throws {@link ValidationError} e.g. `wait("nap"): duration must be between 1 second
 * and 1 year (31,622,400 s); got 0 s`.
 */
export function durationSeconds(d: DurationLike, bounds: DurationBounds): number {
  const raw = toSeconds(d, `${bounds.what}: duration`);
  const seconds = Math.round(raw);
  if (Math.abs(raw - seconds) > EPSILON) {
    throw new ValidationError(
      `${bounds.what}: duration must be a whole number of seconds (the service counts in seconds); got ${raw} s`,
    );
  }
  if (seconds < bounds.min || seconds > bounds.max) {
    throw new ValidationError(
      `${bounds.what}: duration must be between ${label(bounds.min)} and ${label(bounds.max)} ` +
        `(${count(bounds.max)} s); got ${count(seconds)} s`,
    );
  }
  return seconds;
}

/** Human wording of a bound: the largest unit that divides it exactly. */
function label(seconds: number): string {
  if (seconds === MAX_DURATION_SECONDS) return "1 year"; // the service's year: 366 days
  const units: Array<[number, string]> = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ];
  for (const [size, name] of units) {
    if (seconds >= size && seconds % size === 0) return plural(seconds / size, name);
  }
  return plural(seconds, "second");
}

function plural(n: number, unit: string): string {
  return `${count(n)} ${unit}${n === 1 ? "" : "s"}`;
}

/** `31,622,400`: thousands separators without relying on the runtime's ICU data. */
export function count(n: number): string {
  const [whole, fraction] = String(n).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
