import test from "ava";
import { StepError, StepTimeoutError, ValidationError } from "../../src/errors/index.js";
import { Retry, RETRY_PRESET_OPTIONS, type RetryDecision, type RetryStrategy } from "../../src/retry/index.js";

const boom = new Error("boom");

/** A random source that replays the given values in order. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length];
};

const delays = (strategy: RetryStrategy, attempts: number, error: Error = boom): Array<number | false> =>
  Array.from({ length: attempts }, (_, i) => {
    const d: RetryDecision = strategy(error, i + 1);
    return d.shouldRetry ? ((d.delay as { seconds: number }).seconds) : false;
  });

const schedule = test.macro({
  exec(t, strategy: () => RetryStrategy, expected: Array<number | false>) {
    t.deepEqual(delays(strategy(), expected.length), expected);
  },
  title: (provided = "") => `schedule: ${provided}`,
});

test("§18 fact 15: the default preset gives up after the 6th attempt; base delays 5, 10, 20, 40, 60 s",
  schedule, () => Retry.exponential({ ...RETRY_PRESET_OPTIONS.default, random: () => 0.999999 }), [5, 10, 20, 40, 60, false]);
test("exponential without jitter", schedule,
  () => Retry.exponential({ maxAttempts: 6, initialDelay: { seconds: 2 }, maxDelay: { seconds: 20 }, jitter: "none" }),
  [2, 4, 8, 16, 20, false]);
test("exponential defaults: 3 attempts, 5 s, rate 2 (full jitter at its top)", schedule,
  () => Retry.exponential({ random: () => 0.999999 }), [5, 10, false]);
test("exponential defaults cap at 5 minutes", schedule,
  () => Retry.exponential({ maxAttempts: 10, jitter: "none" }), [5, 10, 20, 40, 80, 160, 300, 300, 300, false]);
test("full jitter spans [0, base], never below 1 s", schedule,
  () => Retry.exponential({ maxAttempts: 4, initialDelay: { seconds: 10 }, random: sequence(0, 0.5, 0.26) }), [1, 10, 10, false]);
test("half jitter spans [base/2, base]", schedule,
  () => Retry.exponential({ maxAttempts: 4, initialDelay: { seconds: 10 }, jitter: "half", random: sequence(0, 0.5, 1) }), [5, 15, 40, false]);
test("delays are rounded to whole seconds", schedule,
  () => Retry.exponential({ maxAttempts: 3, initialDelay: { seconds: 1.4 }, backoffRate: 1.5, jitter: "none" }), [1, 2, false]);
test("a zero initial delay still waits the service's minimum of 1 s", schedule,
  () => Retry.exponential({ maxAttempts: 3, initialDelay: { seconds: 0 }, backoffRate: 1e308, jitter: "none" }), [1, 1, false]);
test("a huge backoff rate is capped, not Infinity", schedule,
  () => Retry.exponential({ maxAttempts: 4, backoffRate: 1e308, jitter: "none" }), [5, 300, 300, false]);
test("fixed", schedule, () => Retry.fixed({ maxAttempts: 4, delay: { seconds: 7 } }), [7, 7, 7, false]);
test("fixed defaults: 3 attempts of 5 s", schedule, () => Retry.fixed(), [5, 5, false]);
test("fixed with jitter", schedule, () => Retry.fixed({ delay: { seconds: 10 }, jitter: "full", random: sequence(0.5) }), [5, 5, false]);
test("linear", schedule, () => Retry.linear({ maxAttempts: 5, initialDelay: { seconds: 2 }, increment: { seconds: 3 } }), [2, 5, 8, 11, false]);
test("linear with a cap", schedule,
  () => Retry.linear({ maxAttempts: 5, initialDelay: { seconds: 2 }, increment: { seconds: 3 }, maxDelay: { seconds: 6 } }), [2, 5, 6, 6, false]);
test("preset linear: 6 attempts, 1 s + 1 s, no jitter", schedule, () => Retry.presets.linear, [1, 2, 3, 4, 5, false]);
test("preset noRetry: one attempt", schedule, () => Retry.presets.noRetry, [false, false]);

test("the real default preset stays within [1, base] on every attempt and stops at 6", (t) => {
  const bases = [5, 10, 20, 40, 60];
  for (let run = 0; run < 200; run += 1) {
    const got = delays(Retry.presets.default, 6);
    t.is(got[5], false);
    got.slice(0, 5).forEach((d, i) => t.true(typeof d === "number" && d >= 1 && d <= bases[i]));
  }
});

test("presets are shared, stateless instances", (t) => {
  t.is(Retry.presets.default, Retry.presets.default);
  t.is(typeof Retry.presets.noRetry, "function");
});

class Throttled extends Error {}
class Fatal extends Error {}

const filter = test.macro({
  exec(t, strategy: () => RetryStrategy, error: Error, shouldRetry: boolean) {
    t.is(strategy()(error, 1).shouldRetry, shouldRetry);
  },
  title: (provided = "") => `retryable errors: ${provided}`,
});
test("with neither list, everything is retried", filter, () => Retry.exponential(), new Fatal("x"), true);
test("a string matches by inclusion", filter, () => Retry.exponential({ retryableErrors: ["timed out"] }), new Error("socket timed out!"), true);
test("a string that is not included", filter, () => Retry.exponential({ retryableErrors: ["timed out"] }), new Error("denied"), false);
test("a RegExp", filter, () => Retry.exponential({ retryableErrors: [/^5\d\d/] }), new Error("503 unavailable"), true);
test("a type", filter, () => Retry.exponential({ retryableErrorTypes: [Throttled] }), new Throttled("slow"), true);
test("only types given: other errors are not retried", filter, () => Retry.exponential({ retryableErrorTypes: [Throttled] }), new Fatal("x"), false);
test("patterns and types are OR'ed", filter,
  () => Retry.exponential({ retryableErrors: ["nope"], retryableErrorTypes: [Fatal] }), new Fatal("x"), true);
test("empty lists retry nothing", filter, () => Retry.fixed({ retryableErrors: [] }), new Error("x"), false);
test("a subclass matches its parent type", filter, () => Retry.linear({ retryableErrorTypes: [StepError] }), new StepTimeoutError(), true);
test("a sibling type does not match", filter, () => Retry.linear({ retryableErrorTypes: [StepError] }), new ValidationError(), false);

test("a global RegExp gives the same answer every time (lastIndex is not carried over)", (t) => {
  const strategy = Retry.exponential({ maxAttempts: 10, retryableErrors: [/busy/g] });
  const error = new Error("busy");
  t.deepEqual([1, 2, 3, 4].map((a) => strategy(error, a).shouldRetry), [true, true, true, true]);
});

const bad = test.macro({
  exec(t, build: () => unknown, message: string) {
    const error = t.throws(build, { instanceOf: ValidationError, message });
    t.truthy(error?.cause, "the StructError is the cause");
  },
  title: (provided = "") => `rejects at construction: ${provided}`,
});
test("maxAttempts 0", bad, () => Retry.exponential({ maxAttempts: 0 }), "Retry.exponential: At path: maxAttempts -- expected a whole number >= 1, but received: 0");
test("fractional maxAttempts", bad, () => Retry.fixed({ maxAttempts: 2.5 }), "Retry.fixed: At path: maxAttempts -- expected a whole number >= 1, but received: 2.5");
test("a jitter in the official SDK's spelling", bad, () => Retry.exponential({ jitter: "FULL" as "full" }),
  'Retry.exponential: At path: jitter -- Expected one of `"full","half","none"`, but received: "FULL"');
test("a misspelt duration key", bad, () => Retry.exponential({ initialDelay: { secs: 3 } as never }),
  'Retry.exponential: At path: initialDelay -- duration has an unknown field "secs" (expected days, hours, minutes, seconds)');
test("a negative delay", bad, () => Retry.fixed({ delay: { seconds: -1 } }),
  "Retry.fixed: At path: delay -- duration.seconds must be a finite, non-negative number; got -1");
test("a delay over a year", bad, () => Retry.exponential({ maxDelay: { days: 400 } }),
  "Retry.exponential: At path: maxDelay -- expected at most 1 year (31,622,400 s), but received 34,560,000 s");
test("a backoff rate below 1", bad, () => Retry.exponential({ backoffRate: 0.5 }),
  "Retry.exponential: At path: backoffRate -- expected a finite number >= 1, but received 0.5");
test("a NaN backoff rate", bad, () => Retry.exponential({ backoffRate: Number.NaN }),
  "Retry.exponential: At path: backoffRate -- Expected a number, but received: NaN");
test("a pattern that is neither string nor RegExp", bad, () => Retry.exponential({ retryableErrors: [42 as unknown as string] }),
  "Retry.exponential: At path: retryableErrors.0 -- expected a string or a RegExp, but received: 42");
test("a type that is not a class", bad, () => Retry.linear({ retryableErrorTypes: ["TypeError" as never] }),
  'Retry.linear: At path: retryableErrorTypes.0 -- Expected a function, but received: "TypeError"');
test("a random that is not a function", bad, () => Retry.fixed({ random: 0.5 as never }),
  "Retry.fixed: At path: random -- Expected a function, but received: 0.5");
test("an unknown option", bad, () => Retry.exponential({ maxAttempt: 3 } as never), 'Retry.exponential: At path: maxAttempt -- Unknown option "maxAttempt"');
test("an option of another strategy", bad, () => Retry.fixed({ initialDelay: { seconds: 1 } } as never), 'Retry.fixed: At path: initialDelay -- Unknown option "initialDelay"');
test("options that are not an object", bad, () => Retry.linear(3 as never), "Retry.linear: Expected an object, but received: 3");
