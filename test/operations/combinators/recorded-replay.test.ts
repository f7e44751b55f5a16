// The history a first run records replays with the same code: no step body or check runs
// again, and replayCheck finds no difference.
import test from "ava";
import { durable, Retry, type DurableContext } from "../../../src/index.js";
import { historyFromEngine } from "../../../src/testing/history-file.js";
import { replayCheck } from "../../../src/testing/replay-check.js";
import { runLive, quiet } from "../../helpers/live.js";

const noRetry = { retry: Retry.presets.noRetry };
const later = (ms: number, value: unknown) => new Promise((resolve) => setTimeout(() => resolve(value), ms));

test("race, any, all, allSettled, waitForCondition and cancelWait replay a recorded history without running anything again", async (t) => {
  let bodies = 0;
  const workflow = async (_event: unknown, ctx: DurableContext) => {
    const winner = await ctx.race("race", [ctx.wait("long", { hours: 1 }), ctx.step("quick", () => (bodies++, later(5, "quick")))]);
    const both = await ctx.all({ x: ctx.step("x", () => (bodies++, 1)), y: ctx.step("y", () => (bodies++, 2)) });
    const settled = await ctx.allSettled([ctx.step("bad", () => (bodies++, Promise.reject(new Error("no"))), noRetry)]);
    const quote = await ctx.any("quote", [ctx.step("q1", () => (bodies++, Promise.reject(new Error("down"))), noRetry), ctx.step("q2", () => (bodies++, later(10, "q2")))]);
    const polled = await ctx.waitForCondition("poll", (n: number) => (bodies++, n + 1), {
      initialState: 0,
      waitStrategy: (n) => (n < 2 ? { shouldContinue: true, delay: { seconds: 5 } } : { shouldContinue: false }),
    });
    const nap = ctx.wait("nap", { hours: 2 });
    const napped = nap.then(() => "napped");
    await ctx.step("before-cancel", () => (bodies++, "ok"));
    await ctx.cancelWait(nap);
    return { winner, both, settled: settled.map((s) => s.status), quote, polled, napped: await napped };
  };
  const live = await runLive(workflow);
  t.is(live.run.status, "SUCCEEDED");
  t.deepEqual(live.result, { winner: "quick", both: { x: 1, y: 2 }, settled: ["rejected"], quote: "q2", polled: 2, napped: "napped" });
  t.true(live.invocations.length > 1, "polling took several invocations");

  const history = historyFromEngine(live.engine, live.run.arn);
  bodies = 0;
  const result = await replayCheck(durable(workflow, { logger: quiet }), history);
  t.true(result.ok, result.format());
  t.is(bodies, 0);
});
