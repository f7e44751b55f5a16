import test from "ava";
import { CompletionConfig, Retry, type CompletionReason, type DurableContext } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { runLive } from "../helpers/live.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An item that succeeds ("ok") or fails ("fail") in a step, recording that it ran. */
const item = (ran: number[]) => (child: DurableContext, outcome: string, index: number) =>
  child.step(
    () => {
      ran.push(index);
      if (outcome === "fail") throw new Error(`item ${index} failed`);
      return index;
    },
    { retry: Retry.presets.noRetry },
  );

test("maxConcurrency bounds how many items run at once; items start in index order", async (t) => {
  let running = 0;
  let most = 0;
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", [0, 1, 2, 3, 4, 5], (child, i) =>
      child.step(async () => {
        most = Math.max(most, ++running);
        await tick(5 + (i % 3) * 5);
        running--;
        return i;
      }),
      { maxConcurrency: 2 },
    );
    return batch.results();
  });
  t.deepEqual(live.result, [0, 1, 2, 3, 4, 5]);
  t.is(most, 2);
  const starts = live.client.actions.filter((a) => a.startsWith("START CONTEXT map-item"));
  t.deepEqual(starts, [0, 1, 2, 3, 4, 5].map((i) => `START CONTEXT map-item-${i}`));
});

test("item ids follow the input's order, never the order items finish in", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    // Gaps wide enough that a loaded machine cannot reorder the finishes.
    const batch = await ctx.map("m", [400, 200, 0], (child, ms) => child.step("sleep", () => tick(ms).then(() => ms)));
    return batch.results();
  });
  t.deepEqual(live.result, [400, 200, 0]);
  const succeeded = live.client.checkpoints.flat().filter((u) => u.SubType === "MapIteration" && u.Action === "SUCCEED");
  t.deepEqual(succeeded.map((u) => u.Name), ["map-item-2", "map-item-1", "map-item-0"], "finished last to first");
  succeeded.forEach((u) => t.is(u.Id, hashOperationId(`1-${Number(u.Name!.slice(-1)) + 1}`)));
});

const policies: [string, CompletionConfig | undefined, string[], CompletionReason, number[]][] = [
  // label, policy, outcomes, reason, indices that ran (maxConcurrency 1)
  ["no policy is fail-fast", undefined, ["ok", "fail", "ok", "ok"], "FAILURE_TOLERANCE_EXCEEDED", [0, 1]],
  ["allSuccessful() is fail-fast", CompletionConfig.allSuccessful(), ["ok", "fail", "ok"], "FAILURE_TOLERANCE_EXCEEDED", [0, 1]],
  ["allCompleted() runs everything", CompletionConfig.allCompleted(), ["fail", "fail", "ok"], "ALL_COMPLETED", [0, 1, 2]],
  ["firstSuccessful() stops at the first success", CompletionConfig.firstSuccessful(), ["fail", "ok", "ok"], "MIN_SUCCESSFUL_REACHED", [0, 1]],
  ["minSuccessful(2)", CompletionConfig.minSuccessful(2), ["ok", "fail", "ok", "ok"], "MIN_SUCCESSFUL_REACHED", [0, 1, 2]],
  ["minSuccessful above what can succeed ends ALL_COMPLETED", CompletionConfig.minSuccessful(3), ["ok", "fail", "ok"], "ALL_COMPLETED", [0, 1, 2]],
  ["toleratedFailureCount 1: the second failure exceeds it", { toleratedFailureCount: 1 }, ["fail", "ok", "fail", "ok"], "FAILURE_TOLERANCE_EXCEEDED", [0, 1, 2]],
  ["toleratedFailurePercentage 40: 2 of 5 is within, 3 is over", { toleratedFailurePercentage: 40 }, ["fail", "fail", "fail", "ok", "ok"], "FAILURE_TOLERANCE_EXCEEDED", [0, 1, 2]],
  ["a tolerance exceeded wins over minSuccessful", { minSuccessful: 2, toleratedFailureCount: 0 }, ["ok", "fail", "ok"], "FAILURE_TOLERANCE_EXCEEDED", [0, 1]],
  ["the last item finishing is ALL_COMPLETED even when minSuccessful is met with it", { minSuccessful: 2 }, ["fail", "ok", "ok"], "ALL_COMPLETED", [0, 1, 2]],
];

for (const [label, completion, outcomes, reason, ran] of policies) {
  test(`completion: ${label}`, async (t) => {
    const calls: number[] = [];
    const live = await runLive(async (_event, ctx) => {
      const batch = await ctx.map("m", outcomes, item(calls), { maxConcurrency: 1, completion });
      return { reason: batch.completionReason, indices: batch.all.map((entry) => entry.index), total: batch.totalCount, status: batch.status };
    });
    t.is(live.run.status, "SUCCEEDED", "a map never fails because items did");
    t.is(live.result.reason, reason);
    t.deepEqual(calls, ran, "items after completion are never started");
    t.deepEqual(live.result.indices, ran);
    t.is(live.result.total, outcomes.length);
    t.is(live.result.status, ran.some((i) => outcomes[i] === "fail") ? "FAILED" : "SUCCEEDED");
  });
}

test("an item still running when the batch completes is STARTED in the result; its later updates are dropped, never sent under the finished map", async (t) => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let slowRuns = 0;
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map(
      "m",
      ["slow", "fast"],
      async (child, name) => {
        const value = await child.step(name, async () => {
          if (name === "slow") {
            slowRuns++;
            await gate;
          }
          return name;
        });
        await child.step(`${name}-after`, () => value);
        return value;
      },
      { completion: CompletionConfig.firstSuccessful() },
    );
    // Lets the slow item finish while this invocation is still alive.
    await ctx.step("meanwhile", async () => {
      release();
      await tick(30);
    });
    await ctx.wait("later", { seconds: 1 });
    return batch.all.map((entry) => [entry.name, entry.status]);
  });
  t.deepEqual(live.result, [["map-item-0", "STARTED"], ["map-item-1", "SUCCEEDED"]]);
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(slowRuns, 1, "the replay answers from the map's stored result: the slow item is not run again");
  const actions = live.client.actions;
  t.true(actions.includes("START STEP slow"), "its START went out before the batch completed");
  for (const dropped of ["SUCCEED STEP slow", "START STEP slow-after", "SUCCEED CONTEXT map-item-0"]) t.false(actions.includes(dropped), dropped);
  const mapSucceed = JSON.parse(live.client.checkpoints.flat().find((u) => u.Name === "m" && u.Action === "SUCCEED")!.Payload!);
  t.is(mapSucceed.completionReason, "MIN_SUCCESSFUL_REACHED");
});
