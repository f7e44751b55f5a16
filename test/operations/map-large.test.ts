import test from "ava";
import { CompletionConfig, Retry, type BatchResult, type DurableContext } from "../../src/index.js";
import { runLive } from "../helpers/live.js";
import { describeBatch } from "./batch-helpers.js";

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BIG = 9 * 1024;

/**
 * 40 items, two at a time, until 30 have succeeded: item 1 is still running then
 * (STARTED), item 5 failed, items after the 31st success never started. Thirty
 * 9 KiB results put the batch over 256 KiB.
 */
async function largeBatch(nesting: "nested" | "flat") {
  const runs = new Map<number, number>();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const seen: BatchResult<string>[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map(
      "big",
      Array.from({ length: 40 }, (_, i) => i),
      async (child: DurableContext, i) => {
        runs.set(i, (runs.get(i) ?? 0) + 1);
        return child.step("make", async () => {
          if (i === 1) await gate;
          if (i === 5) throw new Error("item 5 failed");
          return String(i).padEnd(BIG, ".");
        }, { retry: Retry.presets.noRetry });
      },
      { maxConcurrency: 2, completion: CompletionConfig.minSuccessful(30), nesting },
    );
    seen.push(batch);
    await ctx.step("meanwhile", async () => {
      release();
      await tick(20);
    });
    await ctx.wait("later", { seconds: 1 });
    return batch.all.length;
  });
  return { live, runs, seen };
}

for (const nesting of ["nested", "flat"] as const) {
  test(`${nesting}: a batch result over 256 KiB is stored as a summary listing which items finished how, with ReplayChildren`, async (t) => {
    const { live } = await largeBatch(nesting);
    t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
    const succeed = live.client.checkpoints.flat().find((u) => u.Name === "big" && u.Action === "SUCCEED")!;
    t.deepEqual(succeed.ContextOptions, { ReplayChildren: true });
    const summary = JSON.parse(succeed.Payload!);
    t.like(summary, {
      type: "MapResult",
      summary: true,
      completionReason: "MIN_SUCCESSFUL_REACHED",
      totalCount: 40,
      successCount: 30,
      failureCount: 1,
      startedCount: 1,
      failed: [5],
      started: [1],
    });
    t.deepEqual(summary.succeeded, [0, [2, 4], [6, 31]]);
  });

  test(`${nesting}: a replay rebuilds exactly the summarised set, equal to the live result, and never runs an item outside it`, async (t) => {
    const { runs, seen } = await largeBatch(nesting);
    t.is(seen.length, 2);
    t.deepEqual(describeBatch(seen[1]), describeBatch(seen[0]));
    t.is(seen[1].results().length, 30);
    t.is(seen[1].errors()[0].message, "item 5 failed");
    t.deepEqual(seen[1].started().map((item) => item.index), [1]);
    t.false([...runs.keys()].some((i) => i > 31), "items after completion never started, live or replayed");
    t.is(runs.get(1), 1, "the item still running at completion is not run again");
    // Nested items replay from their own records; flat items run their function again over their replayed steps.
    const finishedRuns = nesting === "nested" ? 1 : 2;
    t.is(runs.get(0), finishedRuns);
    t.is(runs.get(5), finishedRuns);
  });
}
