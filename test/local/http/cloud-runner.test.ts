import { InvocationType } from "@aws-sdk/client-lambda";
import { CloudDurableTestRunner, WaitingOperationStatus } from "@aws/durable-execution-sdk-js-testing";
import test from "ava";
import { Retry } from "../../../src/index.js";
import { handler, serve } from "./service-over-http.js";

/**
 * Tools written against the Lambda API work unchanged against the local service: the
 * official testing library's cloud runner, given a LambdaClient pointed at the local
 * endpoint, invokes, polls the history and completes callbacks through our HTTP API.
 * (The library declares Node >= 22 in its engines field; everything used here runs on
 * Node 20 as well.)
 */

const order = handler(async (event: { id: string }, ctx) => {
  const total = await ctx.step("price", () => 42);
  const receipt = await ctx.step(
    "charge",
    ({ attempt }) => {
      if (attempt === 1) throw new Error("card network busy");
      return `receipt-${event.id}`;
    },
    { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 2 } }) },
  );
  await ctx.wait("cool-off", { hours: 1 });
  return { id: event.id, total, receipt };
});

const approval = handler(async (_event, ctx) => {
  const callback = await ctx.createCallback<{ approved: boolean }>("approval");
  const answer = await callback.result;
  return await ctx.step("record", () => ({ decision: answer.approved ? "approved" : "rejected" }));
});

test("CloudDurableTestRunner runs a workflow on the local service: result, status, operations", async (t) => {
  const { client } = await serve(t, (s) => s.register("order", order));
  const runner = new CloudDurableTestRunner({ functionName: "order", client, config: { pollInterval: 20 } });
  const result = await runner.run({ payload: { id: "o-1" } });
  t.is(result.getStatus(), "SUCCEEDED");
  t.deepEqual(result.getResult(), { id: "o-1", total: 42, receipt: "receipt-o-1" });
  t.deepEqual(
    result.getOperations().map((op) => op.getName()),
    ["price", "charge", "cool-off"],
  );
  const charge = runner.getOperation("charge");
  t.is(charge.getStepDetails()?.result, "receipt-o-1");
  // The library reads the attempt from StepFailed events only: the failed first attempt.
  t.is(charge.getStepDetails()?.attempt, 1);
  const failed = result.getHistoryEvents().find((event) => event.EventType === "StepFailed");
  t.like(failed?.StepFailedDetails, { RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 } });
});

test("CloudDurableTestRunner completes a callback through the local API", async (t) => {
  const { client } = await serve(t, (s) => s.register("approval", approval));
  const runner = new CloudDurableTestRunner({
    functionName: "approval",
    client,
    config: { pollInterval: 20, invocationType: InvocationType.Event },
  });
  const callback = runner.getOperation("approval");
  const running = runner.run();
  // For createCallback, SUBMITTED means completed in this library; STARTED is when the id exists.
  const started = await callback.waitForData(WaitingOperationStatus.STARTED);
  await started.sendCallbackSuccess(JSON.stringify({ approved: true }));
  const result = await running;
  t.is(result.getStatus(), "SUCCEEDED");
  t.deepEqual(result.getResult(), { decision: "approved" });
  t.deepEqual(runner.getOperation("approval").getCallbackDetails()?.result, { approved: true });
});
