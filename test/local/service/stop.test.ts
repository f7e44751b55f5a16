import test from "ava";
import { handler, nextEvent, T0, virtualService } from "./helpers.js";

test("stopping an execution that waits: STOPPED with the caller's error, waiters and RequestResponse told", async (t) => {
  // Nothing due, so the virtual clock stays put; a generous stuck limit keeps the invoke waiting.
  const service = virtualService({ stuckAfterMs: 60_000 }).register(
    "fn",
    handler(async (_event, ctx) => {
      const approval = await ctx.createCallback("approval");
      return approval.result;
    }),
  );
  const invoked = service.invoke({ FunctionName: "fn", DurableExecutionName: "to-stop" });
  const suspended = await nextEvent(service, (e) => e.type === "invocation.suspended");
  const execution = service.execution(suspended.executionArn);
  const out = await service.stopDurableExecution({
    DurableExecutionArn: execution.arn,
    Error: { ErrorType: "Cancelled", ErrorMessage: "customer walked away" },
  });
  t.is(out.StopTimestamp, T0);
  const answer = await invoked;
  t.is(answer.FunctionError, "Unhandled");
  t.deepEqual(JSON.parse(answer.Payload ?? ""), { errorType: "Cancelled", errorMessage: "customer walked away" });
  const stopped = service.execution(execution.arn);
  t.like(stopped, { status: "STOPPED", error: { ErrorMessage: "customer walked away" } });
  t.is(service.history(execution.arn).at(-1)?.EventType, "ExecutionStopped");
  t.is(stopped.invocations.length, 1);
  // Its callback closed with it.
  const [callbackId] = service.history(execution.arn).flatMap((e) => (e.EventType === "CallbackStarted" ? [e.CallbackStartedDetails as { CallbackId: string }] : [])).map((d) => d.CallbackId);
  await t.throwsAsync(service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId }), { name: "CallbackTimeoutException" });
  await t.throwsAsync(service.stopDurableExecution({ DurableExecutionArn: execution.arn }), {
    name: "InvalidParameterValueException",
    message: "Durable execution is already STOPPED.",
  });
  await service.close();
});

test("stopping while an invocation runs: its later checkpoints are refused and the outcome stands", async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let inStep!: () => void;
  const stepping = new Promise<void>((resolve) => (inStep = resolve));
  const service = virtualService().register(
    "fn",
    handler(async (_event, ctx) => {
      await ctx.step("slow", async () => {
        inStep();
        await gate;
        return 1;
      });
      return "finished";
    }),
  );
  const arn = service.start("fn");
  await stepping;
  await service.stopDurableExecution({ DurableExecutionArn: arn });
  release();
  const done = await service.waitForEnd(arn);
  t.is(done.status, "STOPPED");
  t.is(done.operations.find((op) => op.Name === "slow"), undefined);
  // The invocation still ends, and is recorded; nothing invokes the execution again.
  const ended = await nextEvent(service, (e) => e.executionArn === arn && e.detail.eventType === "InvocationCompleted");
  const after = service.execution(arn);
  t.is(after.invocations.length, 1);
  t.is(after.invocations[0].outcome, ended.detail.outcome as never);
  t.is(after.status, "STOPPED");
  await service.close();
});

test("stopping an unknown execution is ResourceNotFoundException", async (t) => {
  const service = virtualService();
  await t.throwsAsync(
    service.stopDurableExecution({
      DurableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn:$LATEST/durable-execution/x/y",
    }),
    { name: "ResourceNotFoundException" },
  );
  await service.close();
});
