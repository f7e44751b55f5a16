import test from "ava";
import { durable, ValidationError } from "../../src/index.js";
import { historyOf, invocationEvent, startedWait, succeededStep } from "../../src/testing/history-builders.js";
import { runLive, quiet } from "../helpers/live.js";

test("cold: a wait never subscribed sends nothing and blocks nothing", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    ctx.wait("unused", { hours: 1 });
    return "done";
  });
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.deepEqual(live.client.checkpoints, []);
});

test("a wait sends START with WaitSeconds, suspends (PENDING), and replays as over with no update", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    await ctx.wait("nap", { minutes: 1, seconds: 30 });
    return "awake";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.client.checkpoints, [[{ Id: "c4ca4238a0b92382", Type: "WAIT", SubType: "Wait", Name: "nap", Action: "START", WaitOptions: { WaitSeconds: 90 } }]]);
  t.is(live.result, "awake");
});

test("a wait still STARTED on replay suspends again without a second START", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.wait("w", { seconds: 5 }), { client: { send: async () => ({}) }, logger: quiet });
  const output = await handler(invocationEvent(historyOf(startedWait("1", "2099-01-01T00:00:00.000Z", { name: "w" }))));
  t.deepEqual(output, { Status: "PENDING" });
});

test("an unawaited wait does not stop a finished handler from SUCCEEDING", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    ctx.wait("background", { seconds: 10 }).subscribe();
    return ctx.step("work", () => "done");
  });
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.is(live.result, "done");
});

test("durations outside 1 s to 1 year are rejected at call time", (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.wait({ seconds: 0 }), { instanceOf: ValidationError });
    t.throws(() => ctx.wait({ days: 400 }), { instanceOf: ValidationError });
    t.throws(() => ctx.wait({ seconds: 1.5 }), { instanceOf: ValidationError });
    t.throws(() => ctx.wait("w", "soon" as never), { instanceOf: ValidationError });
    return "checked";
  }, { client: { send: async () => ({}) }, logger: quiet });
  return handler(invocationEvent(historyOf())).then((output) => t.deepEqual(output, { Status: "SUCCEEDED", Result: '"checked"' }));
});

test("non-determinism: a step where the history has a wait FAILS the execution", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.wait("x", { seconds: 1 }), { client: { send: async () => ({}) }, logger: quiet });
  const output = (await handler(invocationEvent(historyOf(succeededStep("1", 1, { name: "x" }))))) as any;
  t.is(output.Status, "FAILED");
  t.regex(output.Error.ErrorMessage, /type/);
});

test("a 1 s wait in one branch while another runs a 2.5 s step completes in one invocation (refresh checkpoint)", async (t) => {
  const live = await runLive(
    async (_event, ctx) => {
      const slow = ctx.step("slow", () => new Promise((resolve) => setTimeout(() => resolve("slow done"), 2500)));
      const nap = ctx.wait("nap", { seconds: 1 });
      const [a] = await Promise.all([slow, nap]);
      return a;
    },
    { realTime: true },
  );
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.is(live.result, "slow done");
  t.true(live.client.checkpoints.some((updates) => updates.length === 0), "an empty refresh checkpoint asked the service about the wait");
});

test("checkpoint failure of a wait's START FAILS the execution, not the user's catch", async (t) => {
  const handler = durable(async (_event, ctx) => {
    try {
      await ctx.wait("w", { seconds: 1 });
    } catch {
      return "swallowed";
    }
    return "after";
  }, {
    client: { send: async () => { throw Object.assign(new Error("bad"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } }); } },
    logger: quiet,
  });
  const output = (await handler(invocationEvent(historyOf()))) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "CheckpointError");
});
