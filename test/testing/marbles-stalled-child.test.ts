import test from "ava";
import { of } from "rxjs";
import type { DurableContext } from "../../src/index.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import { MarbleUsageError } from "../../src/testing/marbles/marble-errors.js";

/*
 * Regression: a child context whose function is async awaits a Promise that no
 * operation counts as running work, so nothing ran and nothing was blocked while the
 * invocation stayed open. The run used to let Lambda's deadline expire invocation after
 * invocation (THREW, silently); it now fails at the first deadline with a MarbleUsageError
 * that says why.
 */
const ignore = () => {};

test("an async child context function fails with an explanation, not a string of timed-out invocations", (t) => {
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ execute }) => {
        execute((_input: unknown, ctx: DurableContext) => ctx.runInChildContext("child", async (child) => child.step("s", () => of(1))));
      }),
    { instanceOf: MarbleUsageError },
  );
  t.regex(error!.message, /^execute\(workflow\) #1, invocation 1: Lambda's deadline came while nothing ran/);
  t.regex(error!.message, /an async function given to runInChildContext/);
});

test("ctx.waitForCallback (whose child awaits internally) is named in the same failure", (t) => {
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ execute }) => {
        execute((_input: unknown, ctx: DurableContext) => ctx.waitForCallback("approval", () => of("sent")));
      }),
    { instanceOf: MarbleUsageError },
  );
  t.regex(error!.message, /ctx\.waitForCallback/);
});

test("an Observable child context function still runs in virtual time", (t) => {
  durableMarbles((actual, expected) => t.deepEqual(actual, expected), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => ctx.runInChildContext("child", (child) => child.step("s", () => cold("1s (v|)")));
    expectExecution(execute(workflow)).toBe("1s (v|)");
  });
});
