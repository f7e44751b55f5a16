import test from "ava";
import { of } from "rxjs";
import { BatchResult, CompletionConfig, DurableError, durable, RecordBatchResult, Retry, ValidationError } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { historyOf, invocationEvent, succeededWait } from "../../src/testing/history-builders.js";
import { quiet, runLive } from "../helpers/live.js";
import { describeBatch } from "./batch-helpers.js";

test("cold: a parallel never subscribed runs no branch", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.parallel("unused", [() => ++ran]);
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("a CONTEXT Parallel with one CONTEXT ParallelBranch per branch: default names, given names, ids by position", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.parallel("fan", [
      (c) => c.step("a", () => 1),
      { name: "named", run: async (c) => (await c.step("b", () => 2)) * 10 },
      () => of("three"),
    ]);
    return batch.all.map((item) => [item.index, item.name, item.result]);
  });
  t.deepEqual(live.result, [[0, "parallel-branch-0", 1], [1, "named", 20], [2, "parallel-branch-2", "three"]]);
  const starts = live.client.checkpoints.flat().filter((u) => u.Type === "CONTEXT" && u.Action === "START");
  t.like(starts[0], { Id: hashOperationId("1"), SubType: "Parallel", Name: "fan" });
  ["parallel-branch-0", "named", "parallel-branch-2"].forEach((name, i) =>
    t.like(starts[i + 1], { Id: hashOperationId(`1-${i + 1}`), ParentId: hashOperationId("1"), SubType: "ParallelBranch", Name: name }),
  );
  const payload = JSON.parse(live.client.checkpoints.flat().find((u) => u.Name === "fan" && u.Action === "SUCCEED")!.Payload!);
  t.is(payload.type, "ParallelResult");
});

test("a record of branches: a RecordBatchResult whose items are found by key and whose throwIfError() is the record, also after replay", async (t) => {
  const seen: RecordBatchResult<{ count: number; label: string }>[] = [];
  let runs = 0;
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.parallel("record", {
      count: (c) => c.step(() => ++runs),
      label: async (c) => `#${await c.step(() => "x")}`,
    });
    seen.push(batch);
    await ctx.wait("later", { seconds: 1 });
    return batch.throwIfError();
  });
  t.deepEqual(live.result, { count: 1, label: "#x" });
  t.is(runs, 1);
  t.true(seen[1] instanceof RecordBatchResult);
  t.deepEqual(describeBatch(seen[1]), describeBatch(seen[0]));
  t.is(seen[1].get("label")?.result, "#x");
  t.deepEqual(seen[1].all.map((item) => item.name), ["count", "label"]);
  t.true(live.client.actions.includes("START CONTEXT label"));
});

test("parallel branches with a completion policy: the first success completes, a failed branch is in the result, an unfinished one is STARTED", async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.parallel(
      "race-ish",
      {
        broken: (c) => c.step(() => Promise.reject(new Error("down")), { retry: Retry.presets.noRetry }),
        slow: (c) => c.step(() => gate.then(() => "slow")),
        // Starts once `broken` has failed and freed its slot.
        quick: (c) => c.step(() => "quick"),
      },
      { completion: CompletionConfig.firstSuccessful(), maxConcurrency: 2 },
    );
    release();
    const statuses = Object.fromEntries(batch.all.map((item) => [item.name, item.status]));
    let thrown: unknown;
    try {
      batch.throwIfError();
    } catch (error) {
      thrown = (error as Error).message;
    }
    return { statuses, reason: batch.completionReason, thrown };
  });
  t.deepEqual(live.result, {
    statuses: { broken: "FAILED", slow: "STARTED", quick: "SUCCEEDED" },
    reason: "MIN_SUCCESSFUL_REACHED",
    thrown: "down",
  });
});

test("a record's throwIfError() throws when a branch never finished, since it has no result to give", (t) => {
  const batch = new RecordBatchResult<{ a: number; b: number }>(
    [{ index: 0, name: "a", status: "SUCCEEDED", result: 1 }, { index: 1, name: "b", status: "STARTED" }],
    "MIN_SUCCESSFUL_REACHED",
    ["a", "b"],
  );
  t.throws(() => batch.throwIfError(), { instanceOf: DurableError, message: /branch "b" was still running/ });
  t.deepEqual(batch.results(), [1]);
});

test("suspension while some branches are done and others wait: done branches replay, waiting ones resume", async (t) => {
  const ran: string[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.parallel("mixed", [
      (c) => c.step("done-now", () => ran.push("done-now")),
      (c) => c.wait("long", { hours: 1 }).then(() => "waited"),
      async (c) => {
        await c.step("before", () => ran.push("before"));
        await c.wait("short", { minutes: 1 });
        return c.step("after", () => ran.push("after"));
      },
    ]);
    return batch.successCount;
  });
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.is(live.result, 3);
  t.deepEqual(ran, ["done-now", "before", "after"], "no step ran twice");
});

test("a map nested in a parallel branch: ids nest by position (n-i-k), and it all replays", async (t) => {
  const seen: BatchResult<unknown>[] = [];
  const live = await runLive(async (_event, ctx) => {
    const outer = await ctx.parallel("outer", [
      async (c) => (await c.map("inner", [1, 2], (item, n) => item.step("sq", () => n * n))).results(),
      (c) => c.step("solo", () => "solo"),
    ]);
    seen.push(outer);
    await ctx.wait("later", { seconds: 1 });
    return outer.results();
  });
  t.deepEqual(live.result, [[1, 4], "solo"]);
  const updates = live.client.checkpoints.flat();
  t.like(updates.find((u) => u.Name === "inner" && u.Action === "START"), { Id: hashOperationId("1-1-1"), ParentId: hashOperationId("1-1"), SubType: "Map" });
  t.like(updates.find((u) => u.Name === "map-item-1" && u.Action === "START"), { Id: hashOperationId("1-1-1-2"), ParentId: hashOperationId("1-1-1") });
  t.deepEqual(describeBatch(seen[1]), describeBatch(seen[0]));
});

test("non-determinism: a wait where the history has the parallel FAILS the execution", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.parallel("p", [() => 1]), { client: { send: async () => ({}) }, logger: quiet });
  const output = (await handler(invocationEvent(historyOf(succeededWait("1", { name: "p" }))))) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "NonDeterministicError");
});

test("bad branches are ValidationErrors at call time", async (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.parallel("p", null as never), { instanceOf: ValidationError });
    t.throws(() => ctx.parallel("p", [42 as never]), { instanceOf: ValidationError, message: /branch 0/ });
    t.throws(() => ctx.parallel("p", [{ name: "x\ty", run: () => 1 }]), { instanceOf: ValidationError });
    t.throws(() => ctx.parallel("p", [() => 1], { maxConcurrency: 1.5 }), { instanceOf: ValidationError });
    return "checked";
  }, { client: { send: async () => ({}) }, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf())), { Status: "SUCCEEDED", Result: '"checked"' });
});
