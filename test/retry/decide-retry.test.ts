import test from "ava";
import { ValidationError } from "../../src/errors/index.js";
import { Duration } from "../../src/duration/index.js";
import { decideRetry, Retry, type RetryStrategy } from "../../src/retry/index.js";

const boom = new Error("boom");

test("§18 fact 14: the strategy receives attempt = StepDetails.Attempt + 1 (1 on the first failure)", (t) => {
  const seen: number[] = [];
  const spy: RetryStrategy = (_e, attempt) => {
    seen.push(attempt);
    return { shouldRetry: true };
  };
  t.is(decideRetry(spy, boom, undefined, "s").attempt, 1);
  t.is(decideRetry(spy, boom, 0, "s").attempt, 1);
  t.is(decideRetry(spy, boom, 2, "s").attempt, 3);
  t.deepEqual(seen, [1, 1, 3]);
});

test("§18 fact 13: a retry decision without delay means NextAttemptDelaySeconds 1", (t) => {
  t.deepEqual(decideRetry(() => ({ shouldRetry: true }), boom, undefined, "s"), { attempt: 1, shouldRetry: true, delaySeconds: 1 });
});

test("§18 fact 15 through decideRetry: the default preset fails the 6th attempt", (t) => {
  t.deepEqual(decideRetry(Retry.presets.default, boom, 5, "s"), { attempt: 6, shouldRetry: false });
  t.true(decideRetry(Retry.presets.default, boom, 4, "s").shouldRetry);
});

const plan = test.macro({
  exec(t, decision: ReturnType<RetryStrategy>, delaySeconds: number) {
    t.deepEqual(decideRetry(() => decision, boom, 1, "s"), { attempt: 2, shouldRetry: true, delaySeconds });
  },
  title: (provided = "") => `a decision's delay on the wire: ${provided}`,
});
test("whole seconds as given", plan, { shouldRetry: true, delay: { minutes: 2 } }, 120);
test("a Duration", plan, { shouldRetry: true, delay: Duration.seconds(9) }, 9);
test("zero becomes the service's minimum of 1 s (the official SDK sends an invalid 0)", plan, { shouldRetry: true, delay: { seconds: 0 } }, 1);
test("a fraction rounds up, never retrying early", plan, { shouldRetry: true, delay: { seconds: 2.2 } }, 3);

const bad = test.macro({
  exec(t, decision: unknown, message: string) {
    t.throws(() => decideRetry(() => decision as never, boom, 0, 'step("charge")'), { instanceOf: ValidationError, message });
  },
  title: (provided = "") => `a broken strategy is a programmer error: ${provided}`,
});
test("returns undefined", bad, undefined, 'step("charge"): the retry strategy must return { shouldRetry: boolean, delay? }; got undefined');
test("returns a boolean", bad, true, 'step("charge"): the retry strategy must return { shouldRetry: boolean, delay? }; got boolean true');
test("returns shouldRetry as a string", bad, { shouldRetry: "yes" }, 'step("charge"): the retry strategy must return { shouldRetry: boolean, delay? }; got {"shouldRetry":"yes"}');
test("returns a bad delay", bad, { shouldRetry: true, delay: { secs: 1 } }, 'step("charge"): retry delay has an unknown field "secs" (expected days, hours, minutes, seconds)');
test("returns a delay over a year", bad, { shouldRetry: true, delay: { days: 367 } }, 'step("charge"): retry delay must be at most 1 year (31,622,400 s); got 31,708,800 s');
