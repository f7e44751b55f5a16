import test from "ava";
import { ValidationError, WaitForConditionError, WaitStrategy, type WaitDecision } from "../../src/index.js";

const polling = { shouldContinuePolling: (done: boolean) => !done };
const delays = (strategy: (state: boolean, attempt: number) => WaitDecision, attempts: number) =>
  Array.from({ length: attempts }, (_, i) => {
    const decision = strategy(false, i + 1);
    return decision.shouldContinue ? (decision.delay as { seconds: number }).seconds : "stop";
  });

test("exponential defaults are the official SDK's (PROTOCOL.md §6.7): 5 s growing by 1.5 up to 300 s, full jitter, 60 checks", (t) => {
  t.deepEqual(WaitStrategy.defaults, { maxAttempts: 60, initialDelay: { seconds: 5 }, maxDelay: { seconds: 300 }, backoffRate: 1.5, jitter: "full" });
  // At the top of full jitter the delay is the base: 5, 7.5, 11.25, … rounded, capped at 300.
  const top = WaitStrategy.exponential({ ...polling, random: () => 0.999999 });
  t.deepEqual(delays(top, 12), [5, 7, 11, 17, 25, 38, 57, 85, 128, 192, 288, 300]);
  // At its bottom, never below 1 s.
  t.deepEqual(delays(WaitStrategy.exponential({ ...polling, random: () => 0 }), 3), [1, 1, 1]);
});

test("exponential gives up at maxAttempts while still polling, with the official message", (t) => {
  const strategy = WaitStrategy.exponential({ ...polling, jitter: "none" });
  t.notThrows(() => strategy(false, 59));
  const error = t.throws(() => strategy(false, 60), { instanceOf: WaitForConditionError });
  t.is(error?.message, "waitForCondition exceeded maximum attempts (60)");
  t.deepEqual(strategy(true, 60), { shouldContinue: false }, "a met condition stops, whatever the count");
});

test("exponential with its options; fixed keeps one delay", (t) => {
  const custom = WaitStrategy.exponential({ ...polling, initialDelay: { seconds: 2 }, maxDelay: { seconds: 10 }, backoffRate: 2, jitter: "none", maxAttempts: 6 });
  t.deepEqual(delays(custom, 5), [2, 4, 8, 10, 10]);
  const half = WaitStrategy.exponential({ ...polling, initialDelay: { seconds: 10 }, jitter: "half", random: () => 0 });
  t.deepEqual(delays(half, 1), [5]);
  t.deepEqual(delays(WaitStrategy.fixed({ ...polling, delay: { minutes: 1 }, maxAttempts: 3 }), 2), [60, 60]);
  t.deepEqual(delays(WaitStrategy.fixed(polling), 1), [5]);
});

test("bad options are a ValidationError naming them", (t) => {
  t.throws(() => WaitStrategy.exponential({} as never), { instanceOf: ValidationError, message: /WaitStrategy\.exponential: .*shouldContinuePolling/ });
  t.throws(() => WaitStrategy.exponential({ ...polling, backoffRate: 0.5 }), { instanceOf: ValidationError, message: /backoffRate/ });
  t.throws(() => WaitStrategy.exponential({ ...polling, maxAttempts: 0 }), { instanceOf: ValidationError, message: /maxAttempts/ });
  t.throws(() => WaitStrategy.fixed({ ...polling, delay: { days: 400 } }), { instanceOf: ValidationError, message: /WaitStrategy\.fixed: .*delay/ });
  t.throws(() => WaitStrategy.fixed({ ...polling, typo: 1 } as never), { instanceOf: ValidationError, message: /typo/ });
});
