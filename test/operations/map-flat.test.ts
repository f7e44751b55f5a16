import test from "ava";
import { ChildContextError, CompletionConfig, Retry, StepError, type BatchResult } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { runLive } from "../helpers/live.js";
import { describeBatch } from "./batch-helpers.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("flat: items have no CONTEXT of their own; their operations keep the item's id prefix and hang under the Map", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", [1, 2, 3], (child, item) => child.step("x2", () => item * 2), { nesting: "flat" });
    return batch.all.map((entry) => [entry.name, entry.result]);
  });
  t.deepEqual(live.result, [["map-item-0", 2], ["map-item-1", 4], ["map-item-2", 6]]);
  t.deepEqual(live.client.actions, ["START CONTEXT m", ...Array(3).fill("START STEP x2"), ...Array(3).fill("SUCCEED STEP x2"), "SUCCEED CONTEXT m"]);
  const steps = live.client.checkpoints.flat().filter((u) => u.Type === "STEP" && u.Action === "START");
  steps.forEach((u, i) => t.like(u, { Id: hashOperationId(`1-${i + 1}-1`), ParentId: hashOperationId("1") }));
  t.false(live.client.checkpoints.flat().some((u) => u.SubType === "MapIteration"));
});

test("flat: a suspended map resumes by running its items' functions again over their replayed operations", async (t) => {
  const fnRuns: number[] = [];
  const stepRuns: number[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map(
      "m",
      [0, 1],
      async (child, item) => {
        fnRuns.push(item);
        const value = await child.step("work", () => {
          stepRuns.push(item);
          return item + 100;
        });
        if (item === 1) await child.wait("pause", { minutes: 1 });
        return value;
      },
      { nesting: "flat" },
    );
    return batch.results();
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, [100, 101]);
  t.deepEqual(stepRuns, [0, 1], "steps never run twice");
  t.deepEqual(fnRuns, [0, 1, 0, 1], "item functions run again to rebuild their results");
});

test("flat: a failed item is the same ChildContextError as a nested one, live and after replay", async (t) => {
  const seen: BatchResult<number>[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map(
      "m",
      [0, 1],
      (child, item) => child.step(() => (item === 1 ? Promise.reject(new RangeError("too far")) : item), { retry: Retry.presets.noRetry }),
      { nesting: "flat", completion: CompletionConfig.allCompleted() },
    );
    seen.push(batch);
    await ctx.wait("later", { seconds: 1 });
    return batch.failureCount;
  });
  t.is(live.result, 1);
  const error = seen[0].errors()[0];
  t.true(error instanceof ChildContextError);
  t.true(error.cause instanceof StepError);
  t.is(error.message, "too far");
  t.deepEqual(describeBatch(seen[1]), describeBatch(seen[0]));
});

test("flat: an item still running when the batch completes has its later updates dropped", async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", ["slow", "fast"], (child, name) => child.step(name, () => (name === "slow" ? gate.then(() => name) : name)), {
      nesting: "flat",
      completion: CompletionConfig.firstSuccessful(),
    });
    await ctx.step("meanwhile", async () => {
      release();
      await tick(20);
    });
    return batch.startedCount;
  });
  t.is(live.result, 1);
  t.true(live.client.actions.includes("START STEP slow"));
  t.false(live.client.actions.includes("SUCCEED STEP slow"));
});
