import { ValidationError } from "../errors/usage-errors.js";

/** A span of time: a {@link Duration} or an object of whole or fractional units. */
export type DurationLike = { days?: number; hours?: number; minutes?: number; seconds?: number } | Duration;

export const SECONDS_PER = { minute: 60, hour: 3_600, day: 86_400, week: 604_800 } as const;

/**
 * An immutable span of time, counted in seconds.
 * `months` are 30 days and `years` 365 days: calendar-free, so a wait of
 * `Duration.months(1)` is the same length whenever it starts.
 *
 * @example
 * ```ts
 * await ctx.wait("cool-off", Duration.days(3));
 * ```
 */
export class Duration {
  private constructor(private readonly totalSeconds: number) {}

  static seconds(n: number): Duration {
    return Duration.of(n, 1, "seconds");
  }
  static minutes(n: number): Duration {
    return Duration.of(n, SECONDS_PER.minute, "minutes");
  }
  static hours(n: number): Duration {
    return Duration.of(n, SECONDS_PER.hour, "hours");
  }
  static days(n: number): Duration {
    return Duration.of(n, SECONDS_PER.day, "days");
  }
  static weeks(n: number): Duration {
    return Duration.of(n, SECONDS_PER.week, "weeks");
  }
  /** `n` × 30 days. */
  static months(n: number): Duration {
    return Duration.of(n, 30 * SECONDS_PER.day, "months");
  }
  /** `n` × 365 days. */
  static years(n: number): Duration {
    return Duration.of(n, 365 * SECONDS_PER.day, "years");
  }

  /** Length in seconds; may be fractional (`Duration.minutes(0.01)`), which durations on the wire reject. */
  toSeconds(): number {
    return this.totalSeconds;
  }

  toString(): string {
    return `${this.totalSeconds} s`;
  }

  /** Fails at the call that builds the duration, not at the wait that later uses it. */
  private static of(n: number, unit: number, what: string): Duration {
    if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
      throw new ValidationError(`Duration.${what}: expected a finite, non-negative number; got ${show(n)}`);
    }
    return new Duration(n * unit);
  }
}

/** Seconds per key of a {@link DurationLike} object. */
const UNIT_SECONDS: Readonly<Record<string, number>> = {
  days: SECONDS_PER.day,
  hours: SECONDS_PER.hour,
  minutes: SECONDS_PER.minute,
  seconds: 1,
};

/**
 * The length of `d` in seconds (possibly fractional): `days·86400 + hours·3600 +
 * minutes·60 + seconds`. Throws {@link ValidationError} for anything that is not a
 * duration: a non-object, an unknown key, a negative, NaN or infinite field. `what`
 * prefixes the message (e.g. `wait("nap"): duration`).
 */
export function toSeconds(d: DurationLike, what = "duration"): number {
  try {
    return readSeconds(d, what);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    // A getter or proxy that throws while the fields are read: still a bad duration, still named.
    throw new ValidationError(`${what} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function readSeconds(d: DurationLike, what: string): number {
  if (d instanceof Duration) return d.toSeconds();
  if (typeof d !== "object" || d === null || Array.isArray(d)) {
    throw new ValidationError(`${what} must be an object like { seconds: 30 } or a Duration; got ${show(d)}`);
  }
  // A Duration from another copy of this package (ESM next to CJS) still counts.
  const foreign = (d as { toSeconds?: unknown }).toSeconds;
  if (typeof foreign === "function") return checkField(what, "", foreign.call(d));
  let total = 0;
  for (const [key, value] of Object.entries(d)) {
    const unit = UNIT_SECONDS[key];
    if (unit === undefined || !Object.prototype.hasOwnProperty.call(UNIT_SECONDS, key)) {
      throw new ValidationError(`${what} has an unknown field "${key}" (expected days, hours, minutes, seconds)`);
    }
    if (value === undefined) continue;
    total += checkField(what, `.${key}`, value) * unit;
  }
  return total;
}

function checkField(what: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(`${what}${field} must be a finite, non-negative number; got ${show(value)}`);
  }
  return value;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
