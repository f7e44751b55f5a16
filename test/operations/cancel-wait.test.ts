import test from "ava";
import { durable, ValidationError } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { cancelledWait, historyOf, invocationEvent, startedWait, succeededStep, succeededWait } from "../../src/testing/history-builders.js";
import { runLive, quiet } from "../helpers/live.js";
import { noRequestsClient, RecordingClient } from "../helpers/recording-client.js";

test("cancelWait ends a running wait: CANCEL goes out, the waiting branch carries on in the same invocation", async (t) => {
  const order: string[] = [];
  const live = await runLive(async (_event, ctx) => {
    const nap = ctx.wait("nap", { hours: 6 });
    const napper = nap.then(() => order.push("woke"));
    await ctx.step("work", () => order.push("worked"));
    await ctx.cancelWait(nap.id);
    order.push("cancelled");
    await napper;
    return order;
  });
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.deepEqual(live.result, ["worked", "woke", "cancelled"], "the wait is over as soon as the service says CANCELLED");
  const cancel = live.client.checkpoints.flat().find((u) => u.Action === "CANCEL");
  t.deepEqual(cancel, { Id: hashOperationId("1"), Type: "WAIT", SubType: "Wait", Name: "nap", Action: "CANCEL" });
  t.is(live.byName("nap").Status, "CANCELLED");
});

test("cold: a cancelWait never awaited sends nothing", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const nap = ctx.wait("nap", { hours: 1 });
    nap.subscribe();
    await ctx.step("s", () => 1);
    ctx.cancelWait(nap.id);
    return "done";
  });
  t.false(live.client.actions.some((a) => a.startsWith("CANCEL")));
});

test("a wait started in an earlier invocation is cancelled in a later one; the cancelled wait then replays as over", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const reminder = ctx.wait("reminder", { days: 3 });
    reminder.subscribe();
    await ctx.wait("short", { seconds: 10 });
    await ctx.cancelWait(reminder); // the operation itself works as well as its id
    await reminder;
    await ctx.wait("after", { seconds: 10 }); // one more invocation, replaying the cancelled wait
    return "reminder cancelled";
  });
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(live.client.actions, ["START WAIT reminder", "START WAIT short", "CANCEL WAIT reminder", "START WAIT after"]);
  t.is(live.result, "reminder cancelled");
});

test("a wait already over, cancelled, or never started needs no CANCEL: no request", async (t) => {
  const history = historyOf(succeededWait("1", { name: "done" }), cancelledWait("2", { name: "gone" }));
  const handler = durable(async (_event, ctx) => {
    const done = ctx.wait("done", { seconds: 5 });
    const gone = ctx.wait("gone", { seconds: 5 });
    const never = ctx.wait("never", { seconds: 5 });
    await ctx.cancelWait(done.id);
    await ctx.cancelWait(gone.id);
    await ctx.cancelWait(never.id);
    await gone;
    return "ok";
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '"ok"' });
});

test("cancelling twice sends one CANCEL", async (t) => {
  const client = new RecordingClient({ send: async () => ({}) });
  const handler = durable(async (_event, ctx) => {
    const w = ctx.wait("w", { hours: 1 });
    await Promise.all([ctx.cancelWait(w.id), ctx.cancelWait(w)]);
    await ctx.cancelWait(w.id);
    return "ok";
  }, { client, logger: quiet });
  await handler(invocationEvent(historyOf(startedWait("1", "2099-01-01T00:00:00.000Z", { name: "w" }))));
  t.deepEqual(client.actions, ["CANCEL WAIT w"]);
});

test("a wait due within the margin is left to end by itself", async (t) => {
  const soon = new Date(Date.now() + 500).toISOString();
  const handler = durable(async (_event, ctx) => {
    await ctx.cancelWait(ctx.wait("w", { seconds: 1 }).id);
    return "ok";
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf(startedWait("1", soon, { name: "w" })))), { Status: "SUCCEEDED", Result: '"ok"' });
});

test("cancelling an operation that is not a wait rejects with a ValidationError; a malformed id throws at call time", async (t) => {
  const handler = durable(async (_event, ctx) => {
    const s = ctx.step("s", () => 1);
    await s;
    t.throws(() => ctx.cancelWait("not an id!"), { instanceOf: ValidationError, message: /cancelWait: expected an operation id/ });
    t.throws(() => ctx.cancelWait(42 as never), { instanceOf: ValidationError });
    return ctx.cancelWait(s.id).then(() => "resolved", (e: Error) => [e.name, e.message]);
  }, { client: noRequestsClient, logger: quiet });
  const output = await handler(invocationEvent(historyOf(succeededStep("1", 1, { name: "s" }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: JSON.stringify(["ValidationError", `cancelWait: operation ${hashOperationId("1")} is a STEP, not a WAIT`]) });
});

test("a wait inside a child context can be cancelled from its parent", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    let inner: { id: string } | undefined;
    const child = ctx.runInChildContext("kid", async (kid) => {
      const w = kid.wait("inner", { hours: 2 });
      inner = w;
      await w;
      return "child resumed";
    });
    child.subscribe();
    await ctx.step("s", () => 1);
    await ctx.cancelWait(inner!);
    return child;
  });
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.is(live.result, "child resumed");
  const cancel = live.client.checkpoints.flat().find((u) => u.Action === "CANCEL")!;
  t.is(cancel.ParentId, hashOperationId("1"));
});

test("a rejected CANCEL FAILS the execution and never reaches the user's catch", async (t) => {
  let caught = 0;
  const handler = durable(async (_event, ctx) => {
    try {
      await ctx.cancelWait(ctx.wait("w", { hours: 1 }).id);
    } catch {
      caught++;
    }
    return "after";
  }, {
    client: { send: async () => { throw Object.assign(new Error("Cannot cancel a WAIT that does not exist or has already completed."), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } }); } },
    logger: quiet,
  });
  const output = (await handler(invocationEvent(historyOf(startedWait("1", "2099-01-01T00:00:00.000Z", { name: "w" }))))) as any;
  t.is(caught, 0);
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "CheckpointError");
});
