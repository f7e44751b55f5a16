import test from "ava";
import { fileURLToPath } from "node:url";
import { durable, Retry, type DurableContext } from "../../src/index.js";
import { loadHistory } from "../../src/testing/history-file.js";
import { historySnapshots } from "../../src/testing/history-snapshots.js";
import { assertReplays, replayCheck } from "../../src/testing/replay-check.js";
import { orderHandler, type Order } from "../fixtures/order-workflow.js";

/*
 * order.history.json was recorded from a real run of the order workflow (examples/demo.mjs)
 * and is replayed by every test run from now on (STYLE.md §7.6): a change to the SDK's
 * replay, or to the workflow, that would break executions recorded today fails here.
 */
const fixture = fileURLToPath(new URL("../fixtures/order.history.json", import.meta.url));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

test("the recorded order history replays at the end of each of its three invocations", async (t) => {
  const result = await assertReplays(orderHandler, loadHistory(fixture));
  t.deepEqual(
    result.checked.map((moment) => `${moment.snapshot}: ${moment.status}`),
    ["after invocation 1 of 3: RUNNING", "after invocation 2 of 3: RUNNING", "after invocation 3 of 3: SUCCEEDED"],
  );
});

test("the moments are the states a running execution waits in: a retry, then the cool-off wait", (t) => {
  const [first, second, last] = historySnapshots(loadHistory(fixture));
  const status = (snapshot: typeof first, name: string) => snapshot!.operations.find((operation) => operation.Name === name)?.Status;
  t.is(status(first, "charge"), "PENDING");
  t.is(first!.operations.find((operation) => operation.Name === "charge")?.StepDetails?.NextAttemptTimestamp, "2026-01-01T09:00:02.000Z");
  t.is(status(second, "cool-off"), "STARTED");
  t.is(status(last, "hand-over"), "SUCCEEDED");
  t.is(last!.result, '{"orderId":"o-42","total":42,"paymentId":"pay-o-42","tracking":"label-o-42/tracked"}');
  t.is(last!.operations.find((operation) => operation.Name === "charge")?.StepDetails?.Attempt, 2);
});

test("a version that charges before it validates cannot take over these executions: the diff says where", async (t) => {
  const reordered = durable(async (order: Order, ctx: DurableContext) => {
    const paymentId = await ctx.step("charge", () => `pay-${order.id}`, {
      semantics: "at-most-once-per-retry",
      retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 2 } }),
    });
    const total = await ctx.step("validate", () => 42);
    await ctx.wait("cool-off", { hours: 1 });
    return { paymentId, total };
  }, { logger: quiet, dev: false });
  const result = await replayCheck(reordered, loadHistory(fixture));
  t.false(result.ok);
  t.is(
    result.format().split("\n").slice(0, 6).join("\n"),
    [
      "replayCheck: the code does not replay the history: 2 differences, in 3 of 3 recorded moments",
      "  (- what the history holds, + what the code does; a position is a raw operation id: 3-1 is the first call inside operation 3)",
      "",
      "after invocation 1 of 3, after invocation 2 of 3, after invocation 3 of 3:",
      '  - 1      STEP "validate" [Step]',
      '  + 1      STEP "charge" [Step]    (name differs; id c4ca4238a0b92382)',
    ].join("\n"),
  );
});
