import test from "ava";
import { concat, forkJoin, ignoreElements, map, of, switchMap } from "rxjs";
import { Retry, type DurableContext } from "../../src/index.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import { historyOf, startedWait, succeededStep } from "../../src/testing/history-builders.js";

/* The examples of docs/testing.md, as written there: a doc example that stops working fails here. */

const order = (_input: unknown, ctx: DurableContext) =>
  concat(ctx.step("a", () => of("a")), ctx.step("b", () => of("b")), ctx.wait("cool-off", { seconds: 5 }).pipe(ignoreElements()), ctx.step("c", () => of("c")));

test("two steps, a five-second wait, a step", (t) => {
  durableMarbles((actual, expected) => t.deepEqual(actual, expected), ({ execute, expectExecution }) => {
    expectExecution(execute(order)).toBe("(ab) 5s (c|)");
  });
});

test("a recorded history replays in one frame; a running wait is silence", (t) => {
  durableMarbles((a, e) => t.deepEqual(a, e), ({ invocation, expectObservable }) => {
    const done = historyOf(succeededStep("1", "A", { name: "a" }), succeededStep("2", "B", { name: "b" }));
    expectObservable(invocation(order, done)).toBe("(AB)");
    const waiting = historyOf(succeededStep("1", "A", { name: "a" }), succeededStep("2", "B", { name: "b" }), startedWait("3", "2026-01-01T00:00:05.000Z", { name: "cool-off" }));
    expectObservable(invocation(order, waiting)).toBe("(AB)");
  });
});

test("the first attempt fails, the retry 3 s later succeeds", (t) => {
  durableMarbles((a, e) => t.deepEqual(a, e), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("charge", ({ attempt }) => (attempt === 1 ? cold("#", undefined, new Error("busy")) : cold("1s (p|)")), {
        retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 3 } }),
      });
    expectExecution(execute(workflow)).toBe("4s (p|)");
  });
});

test("batched mode: a step's update waits for a concurrent step's, and they share one request", (t) => {
  durableMarbles((a, e) => t.deepEqual(a, e), ({ execute, expectExecution, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => forkJoin([ctx.step("a", () => of(1)), ctx.step("b", () => cold("5ms (x|)"))]);
    const execution = execute(workflow, { config: { checkpoint: { mode: "batched", windowMs: 10 } } });
    // a is done at 0 but b is still running: a's SUCCEED waits (up to 10 ms) and leaves with b's at 5.
    expectObservable(execution.requests$.pipe(map((r) => r.updates.length))).toBe("5ms n", { n: 4 });
    expectExecution(execution).toBe("5ms (v|)", { v: [1, "x"] });
  });
});

test("race: the faster input wins live", (t) => {
  durableMarbles((a, e) => t.deepEqual(a, e), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.race("first", [ctx.step("tortoise", () => cold("-----(t|)")), ctx.step("hare", () => cold("--(h|)"))]);
    expectExecution(execute(workflow)).toBe("--(h|)");
  });
});

test("a callback answered an hour later", (t) => {
  durableMarbles((a, e) => t.deepEqual(a, e), ({ execute, expectExecution, hot }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.createCallback<{ approved: boolean }>("approval").pipe(switchMap((callback) => callback.result));
    const execution = execute(workflow);
    hot("60m x").subscribe(() => execution.succeedCallback("approval", JSON.stringify({ approved: true })));
    expectExecution(execution).toBe("1h (v|)", { v: { approved: true } });
  });
});
