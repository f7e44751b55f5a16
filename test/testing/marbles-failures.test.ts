import test from "ava";
import { expand, ignoreElements, of, switchMap } from "rxjs";
import type { DurableContext } from "../../src/index.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import { MarbleUsageError } from "../../src/testing/marbles/marble-errors.js";
import type { MarbleExecution } from "../../src/testing/marbles/marble-execution.js";

/*
 * TestScheduler.run is synchronous: a Promise settles after it returns. Each misuse
 * below fails at once with a MarbleUsageError that says why, and none of them hangs.
 */
const ignore = () => {};

test("an async workflow fails with an explanation, not a silent diagram", (t) => {
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ invocation, expectObservable }) => {
        const workflow = async (_input: unknown, ctx: DurableContext) => ctx.step("a", () => of(1));
        expectObservable(invocation(workflow as never)).toBe("(a|)");
      }),
    { instanceOf: MarbleUsageError },
  );
  t.regex(error!.message, /^invocation\(workflow\) #1: the workflow returned a Promise \(an async function\?\)\. TestScheduler\.run is synchronous/);
  t.regex(error!.message, /return an Observable from the workflow/);
});

test("a step body that returns a Promise is named as the reason when virtual time runs out", (t) => {
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ execute }) => {
        execute((_input: unknown, ctx: DurableContext) => ctx.step("fetch", async () => "late"));
      }),
    { instanceOf: MarbleUsageError },
  );
  t.regex(error!.message, /^execute\(workflow\) #1, invocation 1: when virtual time ran out/);
  t.regex(error!.message, /1 piece\(s\) of work were still running .* a step body, a child context's function or a serdes returned a Promise/);
  t.regex(error!.message, /give steps Observable bodies \(cold\('--a\|'\), or of\(value\) rather than a bare value\)/);
});

test("a step body that returns a bare value counts as a Promise (the SDK settles it through one)", (t) => {
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ invocation, expectObservable }) => {
        expectObservable(invocation((_input: unknown, ctx: DurableContext) => ctx.step("plain", () => 42))).toBe("(a|)");
      }),
    { instanceOf: MarbleUsageError },
  );
  t.regex(error!.message, /a step body that returns a plain value counts too/);
});

test("the failure comes before the diagram is compared, so the diagram's mismatch does not hide it", (t) => {
  let compared = 0;
  t.throws(
    () =>
      durableMarbles(
        () => void compared++,
        ({ invocation, expectObservable }) => {
          expectObservable(invocation((_input: unknown, ctx: DurableContext) => ctx.step("x", async () => 1))).toBe("(x|)");
        },
      ),
    { instanceOf: MarbleUsageError },
  );
  t.is(compared, 0);
});

test("an async test body is refused", (t) => {
  t.throws(() => durableMarbles(ignore, (async () => {}) as never), { instanceOf: MarbleUsageError, message: /the test body returned a Promise/ });
});

test("an execution that never ends gives up after maxInvocations, saying what it waits for", (t) => {
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ execute }) => {
        // Waits a second, forever: each wait is a new invocation.
        const forever = (_input: unknown, ctx: DurableContext) => of(0).pipe(expand(() => ctx.wait({ seconds: 1 })), ignoreElements());
        execute(forever, { maxInvocations: 5 });
      }),
    { instanceOf: MarbleUsageError },
  );
  t.regex(error!.message, /^execute\(forever\) #1: gave up after 5 invocations; the execution waits for: an invocation to see the change of [0-9a-f]{16}$/);
});

test("an execution parked on a callback nobody answers is not an error: it goes silent, waitingFor says why", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(
    (actual, expected) => t.deepEqual(actual, expected),
    ({ execute, expectExecution }) => {
      execution = execute((_input: unknown, ctx: DurableContext) => ctx.createCallback("approval").pipe(switchMap((callback) => callback.result)));
      expectExecution(execution.values$.pipe(ignoreElements())).toBe("");
    },
  );
  t.is(execution.status, "RUNNING");
  t.regex(execution.waitingFor().join("\n"), /^CALLBACK "approval" \(c4ca4238a0b92382\) with CallbackId \S+ that nobody completed$/);
});

test("Lambda's 15-minute deadline applies to a cold() body that runs longer: the invocation times out", (t) => {
  let execution!: MarbleExecution<unknown>;
  const error = t.throws(
    () =>
      durableMarbles(ignore, ({ execute, cold }) => {
        execution = execute((_input: unknown, ctx: DurableContext) => ctx.step("slow", () => cold("20m (x|)")), { maxInvocations: 2 });
      }),
    { instanceOf: MarbleUsageError },
  );
  t.deepEqual(
    execution.invocations.map((i) => [i.outcome, i.endFrame]),
    [
      ["THREW", 900_000],
      ["THREW", 1_800_000],
    ],
  );
  t.regex(error!.message, /gave up after 2 invocations; the execution waits for: .*STEP "slow" .* left STARTED by the last invocation/);
});
