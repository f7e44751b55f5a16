import test from "ava";
import { map, switchMap } from "rxjs";
import type { DurableContext } from "../../src/index.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import type { MarbleExecution } from "../../src/testing/marbles/marble-execution.js";

/*
 * Regression: a workflow that completes while its last checkpoint is still being
 * acknowledged waits for the queue to drain before it answers. If an operation is
 * still blocked then (the losing callback of a race), the suspension check queued in
 * the same frame must not turn the finished workflow into PENDING: the real handler
 * answers with its result, and so must the virtual invocation.
 */
const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

test("a workflow that completes while a race's losing callback is still blocked succeeds: it does not suspend", (t) => {
  let execution!: MarbleExecution<string>;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx
        .race("answer-or-deadline", [ctx.createCallback<string>("answer").pipe(switchMap((callback) => callback.result)), ctx.wait("deadline", { seconds: 5 }).pipe(map(() => "late"))])
        // A body that answers on a scheduled frame: its SUCCEED is acknowledged after the body completed.
        .pipe(switchMap((outcome) => ctx.step("after", () => cold("(v|)", { v: `${outcome}, handled` }))));
    execution = execute(workflow);
    expectExecution(execution).toBe("5s (v|)", { v: "late, handled" });
  });
  t.is(execution.status, "SUCCEEDED");
  t.deepEqual(execution.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
  t.is(execution.result, "late, handled");
});
