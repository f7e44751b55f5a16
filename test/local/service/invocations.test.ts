import test from "ava";
import { MemoryExecutionStore } from "../../../src/local/store/memory-store.js";
import { ExecutionStuckError } from "../../../src/local/service/end-waiters.js";
import { INVOCATION_RETRY_BASE_MS } from "../../../src/local/service/invocation-retry.js";
import type { DurableExecutionInvocationInput } from "../../../src/wire/types.js";
import { callbackIdOf, handler, T0, virtualService } from "./helpers.js";

const succeed = handler(async () => "ok");

test("a handler that throws is invoked again after a back-off, and each attempt is recorded", async (t) => {
  let calls = 0;
  const service = virtualService().register("flaky", (event: DurableExecutionInvocationInput, context) => {
    calls += 1;
    if (calls <= 2) throw new TypeError(`cold start ${calls}`);
    return succeed(event, context);
  });
  const done = await service.run("flaky");
  t.is(done.status, "SUCCEEDED");
  t.deepEqual(
    done.invocations.map((i) => [i.startMs - T0, i.outcome, i.error?.ErrorMessage]),
    [
      [0, "THREW", "cold start 1"],
      [INVOCATION_RETRY_BASE_MS, "THREW", "cold start 2"],
      [3 * INVOCATION_RETRY_BASE_MS, "SUCCEEDED", undefined],
    ],
  );
  const completed = service.history(done.arn).filter((e) => e.EventType === "InvocationCompleted");
  t.like(completed[0].InvocationCompletedDetails, { Error: { Payload: { ErrorType: "TypeError", ErrorMessage: "cold start 1" } } });
  t.deepEqual(completed[2].InvocationCompletedDetails, {
    StartTimestamp: T0 + 3 * INVOCATION_RETRY_BASE_MS,
    EndTimestamp: T0 + 3 * INVOCATION_RETRY_BASE_MS,
    RequestId: done.invocations[2].requestId,
    Error: {},
  });
  await service.close();
});

test("a handler that always throws fails its execution at the engine's cap, with the last error", async (t) => {
  const service = virtualService().register("broken", () => {
    throw new RangeError("no such table");
  });
  const done = await service.run("broken");
  t.is(done.status, "FAILED");
  t.is(done.invocations.length, 3);
  t.true(done.invocations.every((i) => i.outcome === "THREW"));
  t.like(done.error, { ErrorType: "RangeError", ErrorMessage: "no such table" });
  await service.close();
});

test("a handler that outlives its timeout is recorded as Sandbox.Timedout and retried", async (t) => {
  let calls = 0;
  const service = virtualService().register(
    "slow",
    (event: DurableExecutionInvocationInput, context) => {
      calls += 1;
      return calls === 1 ? new Promise(() => undefined) : succeed(event, context);
    },
    { timeoutMs: 20 },
  );
  const done = await service.run("slow");
  t.is(done.status, "SUCCEEDED");
  t.like(done.invocations[0], { outcome: "THREW", error: { ErrorType: "Sandbox.Timedout", ErrorMessage: "Task timed out after 0.02 seconds" } });
  await service.close();
});

test("never two invocations of one execution at once, whatever wakes it", async (t) => {
  const active = new Map<string, number>();
  let mostAtOnce = 0;
  let mostAcrossExecutions = 0;
  const inner = handler(async (_event, ctx) => {
    const callbacks = await Promise.all(["a", "b", "c"].map((name) => ctx.createCallback<string>(name)));
    // Real time passes inside every invocation, so wakes pile up while one runs.
    await ctx.step("slow", () => new Promise((resolve) => setTimeout(resolve, 15)));
    return (await Promise.all(callbacks.map((callback) => callback.result))).join("");
  });
  const service = virtualService().register("fn", async (event: DurableExecutionInvocationInput, context) => {
    const arn = event.DurableExecutionArn;
    active.set(arn, (active.get(arn) ?? 0) + 1);
    mostAtOnce = Math.max(mostAtOnce, active.get(arn) ?? 0);
    mostAcrossExecutions = Math.max(mostAcrossExecutions, [...active.values()].reduce((a, b) => a + b, 0));
    try {
      return await inner(event, context);
    } finally {
      active.set(arn, (active.get(arn) ?? 1) - 1);
    }
  });
  const arns = [1, 2, 3].map((n) => service.start("fn", { n }, { name: `run-${n}` }));
  for (const name of ["a", "b", "c"]) {
    // Each callback arrives while the invocation that created it may still be running.
    const ids = await Promise.all(arns.map(async (arn) => callbackIdOf(service, name, arn)));
    await Promise.all(ids.map((CallbackId) => service.sendDurableExecutionCallbackSuccess({ CallbackId, Result: JSON.stringify(name) })));
  }
  const done = await Promise.all(arns.map((arn) => service.waitForEnd(arn)));
  t.deepEqual(
    done.map((d) => d.result),
    ['"abc"', '"abc"', '"abc"'],
  );
  t.is(mostAtOnce, 1);
  // Different executions do run side by side.
  t.true(mostAcrossExecutions > 1);
  await service.close();
});

test("an execution that can never finish reports what it waits for instead of hanging", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) => {
      const callback = await ctx.createCallback("approval");
      return callback.result;
    }),
  );
  const arn = service.start("fn");
  const error = await t.throwsAsync(service.waitForEnd(arn), { instanceOf: ExecutionStuckError });
  t.is(error?.executionArn, arn);
  t.regex(error?.waitingFor[0] ?? "", /^CALLBACK "approval" \(\w+\) with CallbackId [\w+/=]+ that nobody completed$/);
  t.deepEqual(service.execution(arn).waitingFor, error?.waitingFor);
  // RequestResponse too: it answers with the reason rather than hang, as from a function that did not return.
  const answer = await service.invoke({ FunctionName: "fn", DurableExecutionName: "second" });
  t.like(answer, { StatusCode: 200, FunctionError: "Unhandled" });
  const payload = JSON.parse(answer.Payload ?? "") as { errorType: string; waitingFor: string[] };
  t.is(payload.errorType, "ExecutionStuckError");
  t.regex(payload.waitingFor[0], /^CALLBACK "approval" .* that nobody completed$/);
  t.is(service.execution(answer.DurableExecutionArn).status, "RUNNING");
  // The execution itself is untouched: a late callback still finishes it.
  await service.sendDurableExecutionCallbackSuccess({ CallbackId: await callbackIdOf(service, "approval", arn), Result: '"late"' });
  t.is((await service.waitForEnd(arn)).result, '"late"');
  await service.close();
});

test("an execution of a function nobody registered says so", async (t) => {
  const store = new MemoryExecutionStore();
  const first = virtualService({ store }).register("fn", succeed);
  const arn = first.start("fn");
  await first.close();
  // The same store opened by a service that does not know the function.
  const second = virtualService({ store });
  await t.throwsAsync(second.waitForEnd(arn), { message: /waiting for: function fn to be registered with this service/ });
  await second.close();
});

test("close() lets a running invocation finish, rejects waiters, and stops the scheduler", async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  const service = virtualService({ closeGraceMs: 5_000 }).register(
    "fn",
    handler(async (_event, ctx) => {
      await ctx.step("gate", async () => {
        started();
        await gate;
      });
      await ctx.wait("after", { days: 1 });
      return "never here";
    }),
  );
  const arn = service.start("fn");
  const waiting = service.waitForEnd(arn);
  await running;
  const closing = service.close();
  await t.throwsAsync(waiting, { message: /closed/ });
  release();
  await closing;
  const execution = service.execution(arn);
  t.is(execution.status, "RUNNING");
  t.deepEqual(
    execution.invocations.map((i) => i.outcome),
    ["PENDING"],
  );
  t.throws(() => service.start("fn"), { message: /closed/ });
});
