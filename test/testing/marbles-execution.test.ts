import test from "ava";
import { catchError, concat, concatMap, forkJoin, ignoreElements, map, of, switchMap } from "rxjs";
import { Retry, type DurableContext } from "../../src/index.js";
import type { MarbleExecution } from "../../src/testing/marbles/marble-execution.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import { historyOf, succeededStep, startedWait, pendingStep } from "../../src/testing/history-builders.js";

/*
 * A whole execution on the service-time axis: invocations follow one another, virtual
 * time jumps to each timer in between, and values$ shows each value once, when it was
 * first emitted.
 */
const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

const stepsAndWait = (_input: unknown, ctx: DurableContext) =>
  concat(ctx.step("a", () => of("a")), ctx.step("b", () => of("b")), ctx.wait("w", { seconds: 5 }).pipe(ignoreElements()), ctx.step("c", () => of("c")));

test("two steps, a five-second wait, a step: (ab) 5s (c|), in two invocations", (t) => {
  let execution!: MarbleExecution<string>;
  durableMarbles(marbles(t), ({ execute, expectExecution }) => {
    execution = execute(stepsAndWait);
    expectExecution(execution).toBe("(ab) 5s (c|)");
  });
  t.deepEqual(execution.invocations, [
    { number: 1, startFrame: 0, endFrame: 0, outcome: "PENDING" },
    { number: 2, startFrame: 5000, endFrame: 5000, outcome: "SUCCEEDED" },
  ]);
  t.is(execution.status, "SUCCEEDED");
  t.deepEqual(execution.divergences, []);
});

test("values$ also reads in rxjs's own marbles, where a group takes its width in frames", (t) => {
  durableMarbles(marbles(t), ({ execute, expectObservable }) => {
    expectObservable(execute(stepsAndWait).values$).toBe("(ab) 4996ms (c|)");
  });
});

test("a year-long wait costs nothing: virtual time jumps to it", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => concat(ctx.wait("year", { days: 365 }).pipe(ignoreElements()), ctx.step("later", () => of("x")));
    expectExecution(execute(workflow)).toBe("365d (x|)");
  });
});

test("a cold() body takes service time; the invocation is alive meanwhile", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => ctx.step("slow", () => cold("10s (x|)"));
    execution = execute(workflow);
    expectExecution(execution).toBe("10s (x|)");
  });
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.endFrame]), [[0, 10_000]]);
});

test("a retried step: the failed attempt checkpoints RETRY, the next invocation runs 3 s later", (t) => {
  let execution!: MarbleExecution<string>;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("flaky", ({ attempt }) => (attempt === 1 ? cold<string>("#", undefined, new Error("busy")) : of(`ok on ${attempt}`)), {
        retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 3 } }),
      });
    execution = execute(workflow);
    expectExecution(execution).toBe("3s (x|)", { x: "ok on 2" });
  });
  t.deepEqual(execution.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
});

test("a wait that comes due while another step runs is over at the refresh, in the same invocation", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      forkJoin([ctx.wait("w", { seconds: 5 }).pipe(map(() => "waited")), ctx.step("long", () => cold("20s (x|)"))]);
    execution = execute(workflow);
    expectExecution(execution).toBe("20s (v|)", { v: ["waited", "x"] });
    // START wait and START long at 0, a refresh (no updates) when the wait comes due, SUCCEED long at 20 s.
    expectObservable(execution.requests$.pipe(map((r) => r.updates.map((u) => `${u.Action} ${u.Name}`).join(", ") || "refresh"))).toBe(
      "a 4999ms b 14999ms c",
      { a: "START w, START long", b: "refresh", c: "SUCCEED long" },
    );
  });
  t.is(execution.invocations.length, 1);
});

test("batched mode: what one tick produces leaves at once when nothing else runs", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => forkJoin([ctx.step("a", () => of(1)), ctx.step("b", () => of(2)), ctx.step("c", () => of(3))]);
    const execution = execute(workflow, { config: { checkpoint: { mode: "batched", windowMs: 10 } } });
    expectExecution(execution).toBe("(v|)", { v: [1, 2, 3] });
    expectObservable(execution.requests$.pipe(map((r) => r.updates.length))).toBe("n", { n: 6 });
  });
});

test("batched mode: sequential steps never wait for company, since none can come", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => concat(ctx.step("a", () => of("a")), ctx.step("b", () => of("b")));
    const execution = execute(workflow, { config: { checkpoint: { mode: "batched", windowMs: 10 } } });
    expectExecution(execution).toBe("(ab|)");
    expectObservable(execution.requests$.pipe(map((r) => r.updates.length))).toBe("(nn)", { n: 2 });
  });
});

test("batched mode: the window waits for running steps up to windowMs, and the values follow its acknowledgement", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      forkJoin([ctx.step("a", () => of(1)), ctx.step("b", () => cold("4ms (2|)")), ctx.step("c", () => cold("30ms (3|)"))]);
    const execution = execute(workflow, { config: { checkpoint: { mode: "batched", windowMs: 10 } } });
    // a's SUCCEED waits for company while b and c run; b joins it at 4; the window ends at 10 with c
    // still running (its START goes too); c's SUCCEED leaves alone at 30, nothing else running.
    expectObservable(execution.requests$.pipe(map((r) => r.updates.map((u) => `${u.Action} ${u.Name}`).join(", ")))).toBe("10ms n 19ms m", {
      n: "START a, SUCCEED a, START b, START c, SUCCEED b",
      m: "SUCCEED c",
    });
    expectExecution(execution).toBe("30ms (v|)", { v: [1, "2", "3"] });
  });
});

test("eager mode with 2 ms of latency: each step waits for its own acknowledgement", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => concat(ctx.step("a", () => of("a")), ctx.step("b", () => of("b")));
    expectExecution(execute(workflow, { latency: 2 })).toBe("--a--(b|)");
  });
});

test("a failed execution errors values$ with the workflow's error", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("doomed", () => cold<string>("-#", undefined, new TypeError("no")), { retry: Retry.presets.noRetry }).pipe(
        catchError((error: Error) => {
          throw new Error(`gave up: ${error.message}`);
        }),
      );
    const execution = execute(workflow);
    expectExecution(execution.values$.pipe(catchError((error: Error) => of(error.message)))).toBe("- (m|)", { m: "gave up: no" });
  });
});

test("a callback answered by the test resumes the execution where it waited", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution, hot }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.createCallback<{ approved: boolean }>("approval").pipe(switchMap((callback) => callback.result));
    execution = execute(workflow);
    hot("60m x").subscribe(() => execution.succeedCallback("approval", JSON.stringify({ approved: true })));
    expectExecution(execution).toBe("1h (v|)", { v: { approved: true } });
  });
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.outcome]), [
    [0, "PENDING"],
    [3_600_000, "SUCCEEDED"],
  ]);
});

test("starting from a recorded history: the wait keeps the time it had left, the retry its attempt count", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("a", () => of("a")).pipe(
        concatMap(() => ctx.wait("w", { minutes: 1 })),
        concatMap(() => ctx.step("flaky", ({ attempt }) => of(attempt), { retry: Retry.fixed({ maxAttempts: 5, delay: { seconds: 1 } }) })),
      );
    const history = historyOf(
      succeededStep("1", "a", { name: "a" }),
      startedWait("2", "2026-01-01T00:00:40.000Z", { name: "w" }),
    );
    execution = execute(workflow, { history });
    expectExecution(execution).toBe("40s (n|)", { n: 1 });
  });
  durableMarbles(marbles(t), ({ execute, expectExecution }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => ctx.step("flaky", ({ attempt }) => of(attempt), { retry: Retry.fixed({ maxAttempts: 5, delay: { seconds: 1 } }) });
    // Two attempts failed already; the third is due 7 s after the recorded moment.
    const history = historyOf(pendingStep("1", "2026-01-01T00:00:07.000Z", { name: "flaky", attempt: 2 }));
    expectExecution(execute(workflow, { history })).toBe("7s (n|)", { n: 3 });
  });
});
