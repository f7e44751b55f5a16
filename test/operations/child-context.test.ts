import test from "ava";
import { forkJoin } from "rxjs";
import { ChildContextError, durable, Retry, StepError } from "../../src/index.js";
import { historyOf, invocationEvent, succeededContext } from "../../src/testing/history-builders.js";
import { runLive, quiet } from "../helpers/live.js";

test("cold: a child context never subscribed does not run its function", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.runInChildContext("kid", async () => ++ran);
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("START, the children (with ParentId), then SUCCEED; the value is emitted after SUCCEED is acknowledged", async (t) => {
  const live = await runLive(async (_event, ctx) =>
    ctx.runInChildContext("kid", async (child) => {
      const a = await child.step("a", () => 1);
      return a + 1;
    }),
  );
  t.is(live.result, 2);
  t.deepEqual(live.client.actions, ["START CONTEXT kid", "START STEP a", "SUCCEED STEP a", "SUCCEED CONTEXT kid"]);
  const updates = live.client.checkpoints.flat();
  t.is(updates[1]!.ParentId, "c4ca4238a0b92382");
  t.is(updates[1]!.Id, "ea66c06c1e1c05fa");
  t.is(updates[3]!.Payload, "2");
});

test("a SUCCEEDED child replays its result without running the function", async (t) => {
  let ran = 0;
  const handler = durable(async (_event, ctx) => ctx.runInChildContext("kid", async () => ++ran), { client: { send: async () => ({}) }, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf(succeededContext("1", 7, { name: "kid" })))), { Status: "SUCCEEDED", Result: "7" });
  t.is(ran, 0);
});

test("a failing child FAILs its CONTEXT and rejects with ChildContextError wrapping the cause, the same on replay", async (t) => {
  const seen: unknown[] = [];
  await runLive(async (_event, ctx) => {
    await ctx.runInChildContext("kid", async (child) => {
      await child.step("inner", () => {
        throw new TypeError("bad input");
      }, { retry: Retry.presets.noRetry });
    }).then(undefined, (error: ChildContextError) => seen.push([error.name, error.message, (error.cause as Error).name, error.cause instanceof StepError]));
    await ctx.wait({ seconds: 1 });
  });
  t.deepEqual(seen, [["ChildContextError", "bad input", "StepError", true], ["ChildContextError", "bad input", "StepError", true]]);
});

test("a result over 256 KiB is stored as ReplayChildren and rebuilt on replay by running the function over its children", async (t) => {
  let runs = 0;
  const live = await runLive(async (_event, ctx) => {
    const big = await ctx.runInChildContext("big", async (child) => {
      runs++;
      return child.step("part", () => "x".repeat(300 * 1024));
    });
    await ctx.wait({ seconds: 1 });
    return big.length;
  });
  t.is(live.result, 300 * 1024);
  t.is(runs, 2);
  const succeed = live.client.checkpoints.flat().find((u) => u.Type === "CONTEXT" && u.Action === "SUCCEED")!;
  t.deepEqual(succeed.ContextOptions, { ReplayChildren: true });
  t.is(succeed.Payload, "");
});

test("using the parent context inside a child's function is context misuse: the execution FAILS", async (t) => {
  const live = await runLive(async (_event, ctx) =>
    ctx.runInChildContext("kid", async () => {
      try {
        return await ctx.step("wrong", () => 1);
      } catch {
        return "swallowed";
      }
    }),
  );
  t.is(live.run.status, "FAILED");
  t.regex(live.run.error?.ErrorMessage ?? "", /Context usage error/);
});

test("a branch doing two steps while another waits: the invocation suspends only after both steps are checkpointed", async (t) => {
  const live = await runLive((_event, ctx) =>
    forkJoin([
      ctx.runInChildContext("worker", async (child) => {
        const a = await child.step("one", () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 20)));
        return a + (await child.step("two", () => new Promise<number>((resolve) => setTimeout(() => resolve(2), 20))));
      }),
      ctx.wait("nap", { seconds: 30 }),
    ]),
  );
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  const first = live.client.actions.slice(0, live.client.actions.indexOf("SUCCEED STEP two") + 1);
  t.true(first.includes("SUCCEED STEP one"));
  t.true(live.client.actions.indexOf("SUCCEED STEP two") < live.client.actions.indexOf("SUCCEED CONTEXT worker"));
});
