import test from "ava";
import { catchError, concat, ignoreElements, map, of, switchMap } from "rxjs";
import { Retry, StepTimeoutError, type DurableContext } from "../../src/index.js";
import { historyOf, startedStep } from "../../src/testing/history-builders.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import type { MarbleExecution } from "../../src/testing/marbles/marble-execution.js";

/*
 * step.test.ts's request sequences as diagrams: with 2 ms of latency per request, the
 * frame of each request and of each value shows what waits for what.
 */
const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);
const actions = (execution: MarbleExecution<unknown>) =>
  execution.requests$.pipe(map((request) => request.updates.map((u) => `${u.Action} ${u.Name}`).join(", ") || "refresh"));

test("cold: a step that is never subscribed runs nothing and sends nothing", (t) => {
  let ran = 0;
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable }) => {
    const execution = execute((_input: unknown, ctx: DurableContext) => {
      ctx.step("never", () => of(++ran));
      return of("done");
    });
    expectExecution(execution).toBe("(d|)", { d: "done" });
    expectObservable(execution.requests$).toBe("");
  });
  t.is(ran, 0);
});

test("at-least-once: START and SUCCEED travel in one request; the value comes with its acknowledgement", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable }) => {
    const execution = execute((_input: unknown, ctx: DurableContext) => ctx.step("a", () => of(1)), { latency: 2 });
    expectObservable(actions(execution)).toBe("x", { x: "START a, SUCCEED a" });
    expectExecution(execution).toBe("--(v|)", { v: 1 });
  });
});

test("at-most-once: START is acknowledged in its own request before the body runs", (t) => {
  const bodyAt: number[] = [];
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable, scheduler }) => {
    const execution = execute(
      (_input: unknown, ctx: DurableContext) =>
        ctx.step("charge", () => (bodyAt.push(scheduler.now()), of(1)), { semantics: "at-most-once-per-retry" }),
      { latency: 2 },
    );
    expectObservable(actions(execution)).toBe("x-y", { x: "START charge", y: "SUCCEED charge" });
    expectExecution(execution).toBe("----(v|)", { v: 1 });
  });
  t.deepEqual(bodyAt, [2]);
});

test("retry: each attempt in a new invocation, the delay in service time, attempts counted", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    execution = execute((_input: unknown, ctx: DurableContext) =>
      ctx.step("flaky", ({ attempt }) => (attempt < 3 ? cold<number>("#", undefined, new Error(`attempt ${attempt}`)) : of(attempt)), {
        retry: Retry.linear({ maxAttempts: 5, initialDelay: { seconds: 2 }, increment: { seconds: 2 } }),
      }),
    );
    expectExecution(execution).toBe("6s (n|)", { n: 3 });
  });
  t.deepEqual(execution.invocations.map((i) => [i.startFrame, i.outcome]), [
    [0, "PENDING"],
    [2000, "PENDING"],
    [6000, "SUCCEEDED"],
  ]);
});

test("suspension: a step after a wait does not run in the first invocation", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectObservable }) => {
    execution = execute((_input: unknown, ctx: DurableContext) => concat(ctx.wait("w", { seconds: 30 }).pipe(ignoreElements()), ctx.step("after", () => of(1))));
    expectObservable(execution.requests$.pipe(map((r) => `${r.invocation}: ${r.updates.map((u) => `${u.Action} ${u.Name}`).join(", ")}`))).toBe(
      "a 29999ms b",
      { a: "1: START w", b: "2: START after, SUCCEED after" },
    );
  });
});

test("early unsubscribe detaches but never cancels: the step finishes and a later subscriber gets its value", (t) => {
  let ran = 0;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => {
      const op = ctx.step("a", () => (ran++, cold("-----(v|)")));
      op.subscribe().unsubscribe();
      return op.pipe(switchMap((first) => op.pipe(map((again) => [first, again]))));
    };
    expectExecution(execute(workflow)).toBe("5ms (v|)", { v: ["v", "v"] });
  });
  t.is(ran, 1);
});

test("timeout: an attempt over its timeout fails with StepTimeoutError in virtual time", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx
        .step("slow", () => cold("10s (x|)"), { timeout: { seconds: 1 }, retry: Retry.presets.noRetry })
        .pipe(catchError((error: Error) => of([error.name, error instanceof StepTimeoutError])));
    expectExecution(execute(workflow)).toBe("1s (e|)", { e: ["StepTimeoutError", true] });
  });
});

test("at-least-once found STARTED in the history runs again without a new START", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable }) => {
    const execution = execute((_input: unknown, ctx: DurableContext) => ctx.step("a", () => of("again")), { history: historyOf(startedStep("1", { name: "a" })) });
    expectExecution(execution).toBe("(v|)", { v: "again" });
    expectObservable(actions(execution)).toBe("x", { x: "SUCCEED a" });
  });
});
