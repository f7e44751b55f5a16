import test from "ava";
import { Duration, durationSeconds, DurationLikeStruct, MAX_DURATION_SECONDS, toSeconds, type DurationBounds, type DurationLike } from "../../src/duration/index.js";
import { is, validate } from "superstruct";

const seconds = test.macro({
  exec(t, d: DurationLike, expected: number) {
    t.is(toSeconds(d), expected);
  },
  title: (provided = "") => `toSeconds: ${provided}`,
});
test("Duration.seconds", seconds, Duration.seconds(45), 45);
test("Duration.minutes", seconds, Duration.minutes(2), 120);
test("Duration.hours", seconds, Duration.hours(1), 3_600);
test("Duration.days", seconds, Duration.days(1), 86_400);
test("Duration.weeks", seconds, Duration.weeks(1), 604_800);
test("Duration.months is 30 days", seconds, Duration.months(1), 2_592_000);
test("Duration.years is 365 days", seconds, Duration.years(1), 31_536_000);
test("fractional units", seconds, Duration.minutes(1.5), 90);
test("an object sums its units (PROTOCOL.md §6.2)", seconds, { days: 1, hours: 2, minutes: 3, seconds: 4 }, 93_784);
test("an empty object is zero", seconds, {}, 0);
test("undefined fields are skipped", seconds, { seconds: 5, minutes: undefined }, 5);
test("a Duration from another copy of the package (duck-typed)", seconds, { toSeconds: () => 9 } as unknown as DurationLike, 9);

test("Duration.toSeconds and toString", (t) => {
  t.is(Duration.hours(2).toSeconds(), 7_200);
  t.is(String(Duration.seconds(3)), "3 s");
});

const badFactory = test.macro({
  exec(t, make: () => unknown, message: string) {
    t.throws(make, { name: "ValidationError", message });
  },
  title: (provided = "") => `Duration factories reject ${provided}`,
});
test("NaN", badFactory, () => Duration.seconds(Number.NaN), "Duration.seconds: expected a finite, non-negative number; got NaN");
test("a negative", badFactory, () => Duration.days(-1), "Duration.days: expected a finite, non-negative number; got -1");
test("Infinity", badFactory, () => Duration.years(Infinity), "Duration.years: expected a finite, non-negative number; got Infinity");
test("a string", badFactory, () => Duration.minutes("5" as unknown as number), 'Duration.minutes: expected a finite, non-negative number; got "5"');

const WAIT = { min: 1, max: MAX_DURATION_SECONDS, what: 'wait("nap")' };

test("durationSeconds accepts whole seconds within bounds", (t) => {
  t.is(durationSeconds({ seconds: 1 }, WAIT), 1);
  t.is(durationSeconds(Duration.days(366), WAIT), MAX_DURATION_SECONDS);
  t.is(durationSeconds({ minutes: 0.5 }, WAIT), 30);
  // floating-point noise is not a fraction: 0.1 min is 6.000000000000001 s
  t.is(durationSeconds(Duration.minutes(0.1), WAIT), 6);
});

const bad = test.macro({
  exec(t, d: unknown, message: string, bounds: DurationBounds = WAIT) {
    t.throws(() => durationSeconds(d as DurationLike, bounds), { name: "ValidationError", message });
  },
  title: (provided = "") => `durationSeconds rejects ${provided}`,
});
test("zero", bad, { seconds: 0 }, 'wait("nap"): duration must be between 1 second and 1 year (31,622,400 s); got 0 s');
test("more than a year", bad, { days: 400 }, 'wait("nap"): duration must be between 1 second and 1 year (31,622,400 s); got 34,560,000 s');
test("a fraction of a second", bad, { seconds: 1.5 }, 'wait("nap"): duration must be a whole number of seconds (the service counts in seconds); got 1.5 s');
test("NaN", bad, { seconds: Number.NaN }, 'wait("nap"): duration.seconds must be a finite, non-negative number; got NaN');
test("a negative field", bad, { minutes: -1, seconds: 120 }, 'wait("nap"): duration.minutes must be a finite, non-negative number; got -1');
test("Infinity", bad, { hours: Infinity }, 'wait("nap"): duration.hours must be a finite, non-negative number; got Infinity');
test("a string field", bad, { seconds: "5" }, 'wait("nap"): duration.seconds must be a finite, non-negative number; got "5"');
test("an unknown key", bad, { secs: 5 }, 'wait("nap"): duration has an unknown field "secs" (expected days, hours, minutes, seconds)');
test("weeks, which only Duration has", bad, { weeks: 1 }, 'wait("nap"): duration has an unknown field "weeks" (expected days, hours, minutes, seconds)');
test("a bare number", bad, 5, 'wait("nap"): duration must be an object like { seconds: 30 } or a Duration; got 5');
test("a string", bad, "5s", 'wait("nap"): duration must be an object like { seconds: 30 } or a Duration; got "5s"');
test("null", bad, null, 'wait("nap"): duration must be an object like { seconds: 30 } or a Duration; got null');
test("undefined", bad, undefined, 'wait("nap"): duration must be an object like { seconds: 30 } or a Duration; got undefined');
test("an array", bad, [5], 'wait("nap"): duration must be an object like { seconds: 30 } or a Duration; got an array');
test("a foreign duration saying NaN", bad, { toSeconds: () => Number.NaN }, 'wait("nap"): duration must be a finite, non-negative number; got NaN');
test("below a custom minimum", bad, { minutes: 1 }, 'step("s") timeout: duration must be between 5 minutes and 1 day (86,400 s); got 60 s',
  { min: 300, max: 86_400, what: 'step("s") timeout' });

test("DurationLikeStruct checks the shape with the same wording", (t) => {
  t.true(is({ seconds: 3 }, DurationLikeStruct));
  t.true(is(Duration.hours(1), DurationLikeStruct));
  const [error] = validate({ secs: 3 }, DurationLikeStruct);
  t.is(error?.message, 'duration has an unknown field "secs" (expected days, hours, minutes, seconds)');
});
