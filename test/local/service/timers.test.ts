import test from "ava";
import { CallbackTimeoutError, Retry } from "../../../src/index.js";
import { handler, nextEvent, T0, virtualService } from "./helpers.js";

/**
 * Every kind of timer on the virtual clock: the service jumps to each deadline as soon
 * as nothing runs, so these take no real time, and every timestamp is exact.
 */

const SECOND = 1000;
const DAY = 86_400 * SECOND;

test("a wait: PENDING, then re-invoked at its end", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) => {
      await ctx.wait("cool-off", { days: 30 });
      return "done";
    }),
  );
  const done = await service.run("fn");
  t.is(done.result, '"done"');
  t.deepEqual(
    done.invocations.map((i) => [i.startMs - T0, i.outcome]),
    [
      [0, "PENDING"],
      [30 * DAY, "SUCCEEDED"],
    ],
  );
  const waited = service.history(done.arn).find((e) => e.EventType === "WaitSucceeded");
  t.like(waited, { Name: "cool-off", EventTimestamp: T0 + 30 * DAY, WaitSucceededDetails: { Duration: 30 * 86_400 } });
  await service.close();
});

test("a step retry: each attempt in a new invocation at NextAttemptTimestamp", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) =>
      ctx.step(
        "flaky",
        ({ attempt }) => {
          if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
          return attempt;
        },
        { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 10 } }) },
      ),
    ),
  );
  const done = await service.run("fn");
  t.is(done.result, "3");
  t.deepEqual(
    done.invocations.map((i) => i.startMs - T0),
    [0, 10 * SECOND, 20 * SECOND],
  );
  const failures = service.history(done.arn).filter((e) => e.EventType === "StepFailed");
  t.is(failures.length, 2);
  failures.forEach((event, index) =>
    t.like(event.StepFailedDetails, {
      Error: { Payload: { ErrorType: "Error", ErrorMessage: `attempt ${index + 1} failed` } },
      RetryDetails: { CurrentAttempt: index + 1, NextAttemptDelaySeconds: 10 },
    }),
  );
  await service.close();
});

test("a callback timeout: TIMED_OUT at its deadline, and the handler sees CallbackTimeoutError", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) => {
      const callback = await ctx.createCallback("approval", { timeout: { minutes: 5 } });
      try {
        await callback.result;
        return "approved";
      } catch (error) {
        return error instanceof CallbackTimeoutError ? `timed out: ${error.message}` : `other: ${String(error)}`;
      }
    }),
  );
  const done = await service.run("fn");
  t.is(done.result, '"timed out: Callback timed out"');
  const timedOut = service.history(done.arn).find((e) => e.EventType === "CallbackTimedOut");
  t.like(timedOut, { Name: "approval", EventTimestamp: T0 + 5 * 60 * SECOND });
  t.is(done.invocations[1].startMs, T0 + 5 * 60 * SECOND);
  await service.close();
});

test("a heartbeat timeout: each heartbeat pushes the deadline out; silence times the callback out", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) => {
      const callback = await ctx.createCallback("job", { timeout: { hours: 1 }, heartbeatTimeout: { seconds: 60 } });
      // A wait alongside, so the test has a moment (T0 + 30 s) to send a heartbeat.
      const [, outcome] = await Promise.allSettled([ctx.wait("tick", { seconds: 30 }), callback.result]);
      return outcome.status === "rejected" ? (outcome.reason as Error).message : "completed";
    }),
  );
  const arn = service.start("fn");
  const tick = await nextEvent(service, (e) => e.detail.eventType === "WaitSucceeded");
  t.is(tick.at, T0 + 30 * SECOND);
  const started = await nextEvent(service, (e) => e.detail.eventType === "CallbackStarted");
  await service.sendDurableExecutionCallbackHeartbeat({ CallbackId: started.detail.callbackId as string });
  const done = await service.waitForEnd(arn);
  t.is(done.result, '"Callback timed out on heartbeat"');
  const timedOut = service.history(arn).find((e) => e.EventType === "CallbackTimedOut");
  // The heartbeat at T0 + 30 s moved the deadline from T0 + 60 s to T0 + 90 s.
  t.is(timedOut?.EventTimestamp, T0 + 90 * SECOND);
  await service.close();
});

test("an execution timeout: TIMED_OUT however long its waits, and a RequestResponse invoke says so", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) => {
      await ctx.wait("too long", { hours: 2 });
      return "never";
    }),
    { executionTimeoutSeconds: 3600 },
  );
  const out = await service.invoke({ FunctionName: "fn" });
  t.is(out.FunctionError, "Unhandled");
  t.deepEqual(JSON.parse(out.Payload ?? ""), { errorType: "ExecutionTimedOut", errorMessage: "Durable execution timed out" });
  const done = service.execution(out.DurableExecutionArn);
  t.is(done.status, "TIMED_OUT");
  t.is(done.endedAt, T0 + 3600 * SECOND);
  t.like(service.history(done.arn).at(-1), { EventType: "ExecutionTimedOut", EventTimestamp: T0 + 3600 * SECOND });
  await service.close();
});

test("many executions, each with its own timers, interleave on one clock", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (event: { minutes: number }, ctx) => {
      await ctx.wait("w", { minutes: event.minutes });
      return event.minutes;
    }),
  );
  const arns = [30, 10, 20].map((minutes) => service.start("fn", { minutes }));
  const done = await Promise.all(arns.map((arn) => service.waitForEnd(arn)));
  t.deepEqual(
    done.map((d) => (d.endedAt ?? 0) - T0),
    [30, 10, 20].map((m) => m * 60 * SECOND),
  );
  await service.close();
});
