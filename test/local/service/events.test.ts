import test from "ava";
import { firstValueFrom, takeWhile, toArray } from "rxjs";
import { Retry } from "../../../src/index.js";
import type { LocalServiceEvent } from "../../../src/local/service/history-to-event.js";
import { MemoryExecutionStore } from "../../../src/local/store/memory-store.js";
import { callbackIdOf, handler, nextEvent, T0, virtualService } from "./helpers.js";

/** A workflow touching every kind of change: steps, a retry, a wait, a callback, the end. */
const workflow = handler(async (_event, ctx) => {
  await ctx.step("validate", () => "valid");
  await ctx.step(
    "charge",
    ({ attempt }) => {
      if (attempt === 1) throw new Error("gateway busy");
      return "charged";
    },
    { retry: Retry.fixed({ maxAttempts: 2, delay: { seconds: 5 } }) },
  );
  await ctx.wait("settle", { minutes: 1 });
  const approval = await ctx.createCallback<string>("approval");
  return approval.result;
});

async function runWorkflow(service = virtualService().register("wf", workflow)) {
  const live: LocalServiceEvent[] = [];
  service.events$.subscribe((event) => live.push(event));
  const arn = service.start("wf");
  const callbackId = await callbackIdOf(service, "approval", arn);
  // Answered once the invocation that created it suspended, so the order below is fixed.
  await nextEvent(service, (e) => e.type === "invocation.suspended" && e.at - T0 === 65_000);
  await service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: '"yes"' });
  const done = await service.waitForEnd(arn);
  // Events are published a microtask after the change that made them.
  await new Promise((resolve) => setImmediate(resolve));
  return { service, arn, done, live };
}

test("every history event becomes one DurableEvent, exactly once, in order, numbered 1, 2, 3...", async (t) => {
  const { service, arn, done, live } = await runWorkflow();
  t.deepEqual(
    live.map((e) => e.seq),
    live.map((_, i) => i + 1),
  );
  t.deepEqual(service.eventsSince(0), live);
  const history = service.history(arn);
  t.deepEqual(
    live.filter((e) => e.detail.eventId !== undefined).map((e) => e.detail.eventId),
    history.map((e) => e.EventId),
  );
  t.deepEqual(
    live.filter((e) => e.type === "invocation.started").map((e) => e.detail.requestId),
    done.invocations.map((i) => i.requestId),
  );
  t.true(live.every((e) => e.executionArn === arn && e.replay === false));
  await service.close();
});

test("what each change looks like as an event", async (t) => {
  const { service, live } = await runWorkflow();
  const rows = live.map((e) => [e.type, e.detail.eventType, e.name, e.attempt, e.error?.message, e.at - T0]);
  t.deepEqual(rows, [
    ["operation.started", "ExecutionStarted", undefined, undefined, undefined, 0],
    ["invocation.started", "InvocationStarted", undefined, undefined, undefined, 0],
    ["operation.started", "StepStarted", "validate", 1, undefined, 0],
    ["operation.succeeded", "StepSucceeded", "validate", 1, undefined, 0],
    ["operation.started", "StepStarted", "charge", 1, undefined, 0],
    ["operation.retrying", "StepFailed", "charge", 1, "gateway busy", 0],
    ["invocation.suspended", "InvocationCompleted", undefined, undefined, undefined, 0],
    ["invocation.started", "InvocationStarted", undefined, undefined, undefined, 5000],
    ["operation.started", "StepStarted", "charge", 2, undefined, 5000],
    ["operation.succeeded", "StepSucceeded", "charge", 2, undefined, 5000],
    ["operation.started", "WaitStarted", "settle", undefined, undefined, 5000],
    ["invocation.suspended", "InvocationCompleted", undefined, undefined, undefined, 5000],
    ["operation.succeeded", "WaitSucceeded", "settle", undefined, undefined, 65000],
    ["invocation.started", "InvocationStarted", undefined, undefined, undefined, 65000],
    ["operation.started", "CallbackStarted", "approval", undefined, undefined, 65000],
    ["invocation.suspended", "InvocationCompleted", undefined, undefined, undefined, 65000],
    ["operation.succeeded", "CallbackSucceeded", "approval", undefined, undefined, 65000],
    ["invocation.started", "InvocationStarted", undefined, undefined, undefined, 65000],
    ["invocation.completed", "InvocationCompleted", undefined, undefined, undefined, 65000],
    ["operation.succeeded", "ExecutionSucceeded", undefined, undefined, undefined, 65000],
  ]);
  const callback = live.find((e) => e.detail.eventType === "CallbackStarted");
  t.regex(callback?.detail.callbackId ?? "", /^[A-Za-z0-9+/]+={0,2}$/);
  t.like(live.find((e) => e.detail.eventType === "WaitSucceeded"), { operationType: "WAIT", durationMs: 60_000 });
  t.like(live.find((e) => e.detail.eventType === "StepFailed"), {
    operationType: "STEP",
    subType: "Step",
    error: { name: "Error", message: "gateway busy" },
  });
  t.like(live.at(-1), { operationType: "EXECUTION", durationMs: 65_000 });
  await service.close();
});

test("eventsFrom$(seq) resumes after seq with no gap and no duplicate, live events included", async (t) => {
  const service = virtualService().register("wf", workflow);
  const arn = service.start("wf");
  // Resume from wherever the log is once the callback started, while the execution is still running.
  const callbackId = await callbackIdOf(service, "approval", arn);
  const resumeAfter = service.eventsSince(0).length - 3;
  const resumed = firstValueFrom(
    service.eventsFrom$(resumeAfter).pipe(
      takeWhile((e) => e.detail.eventType !== "ExecutionSucceeded", true),
      toArray(),
    ),
  );
  await service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: '"yes"' });
  const tail = await resumed;
  const all = service.eventsSince(0);
  t.deepEqual(tail, all.slice(resumeAfter));
  t.deepEqual(
    tail.map((e) => e.seq),
    all.slice(resumeAfter).map((_, i) => resumeAfter + i + 1),
  );
  await service.close();
});

test("filters: one execution's events, or some types", async (t) => {
  const service = virtualService().register(
    "fn",
    handler(async (event: { n: number }, ctx) => ctx.step("s", () => event.n)),
  );
  const [a, b] = await Promise.all([service.run("fn", { n: 1 }), service.run("fn", { n: 2 })]);
  const ofA = service.eventsSince(0, { executionArn: a.arn });
  const ofB = service.eventsSince(0, { executionArn: b.arn });
  t.true(ofA.length > 0 && ofA.every((e) => e.executionArn === a.arn));
  t.is(ofA.length + ofB.length, service.eventsSince(0).length);
  const ends = service.eventsSince(0, { types: ["operation.succeeded"] }).filter((e) => e.operationType === "EXECUTION");
  t.deepEqual(ends.map((e) => e.executionArn).sort(), [a.arn, b.arn].sort());
  await service.close();
});

test("an id the log never issued (from before a restart that lost events) reads from the start", async (t) => {
  const service = virtualService().register("fn", handler(async () => 1));
  await service.run("fn");
  const all = service.eventsSince(0);
  t.deepEqual(service.eventsSince(10_000), all);
  t.deepEqual(await firstValueFrom(service.eventsFrom$(10_000).pipe(takeWhile((e) => e.seq < all.length, true), toArray())), all);
  await service.close();
});

test("a service reopened on the same store numbers the old history the same way, then carries on", async (t) => {
  const store = new MemoryExecutionStore();
  const first = virtualService({ store }).register("wf", workflow);
  const arn = first.start("wf");
  await callbackIdOf(first, "approval", arn);
  await nextEvent(first, (e) => e.type === "invocation.suspended" && e.at - T0 === 65_000);
  const before = first.eventsSince(0);
  await first.close();

  const second = virtualService({ store }).register("wf", workflow);
  t.deepEqual(second.eventsSince(0), before);
  const live: LocalServiceEvent[] = [];
  second.events$.subscribe((e) => live.push(e));
  const callbackId = await callbackIdOf(second, "approval", arn);
  await second.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: '"yes"' });
  await second.waitForEnd(arn);
  await new Promise((resolve) => setImmediate(resolve));
  t.deepEqual(
    live.map((e) => e.seq),
    live.map((_, i) => before.length + i + 1),
  );
  t.is(live.at(-1)?.detail.eventType, "ExecutionSucceeded");
  await second.close();
});
