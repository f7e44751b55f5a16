import test from "ava";
import { catchError, concat, concatMap, EMPTY, expand, ignoreElements, last, map, of, range, switchMap, timer } from "rxjs";
import { ChildContextError, StepError, type DurableContext } from "../../src/index.js";
import {
  executionStarted,
  failedContext,
  failedStep,
  historyOf,
  succeededContext,
  succeededStep,
  succeededWait,
} from "../../src/testing/history-builders.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";

/*
 * replay.test.ts, as marble diagrams: a replayed operation answers in the frame it is
 * subscribed, so what replay.test.ts checks through a handler's output is here a
 * diagram of one frame, and "no request" is an empty diagram of requests.
 */
const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

test("a SUCCEEDED step replays its result in the frame it is subscribed, without running the body", (t) => {
  let ran = 0;
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    // Subscribed at frame 3 (timer is virtual inside the run): the replayed value comes then, not before.
    const workflow = (_input: unknown, ctx: DurableContext) => timer(3).pipe(switchMap(() => ctx.step("a", () => of(++ran))));
    expectObservable(invocation(workflow, historyOf(succeededStep("1", 41, { name: "a" })))).toBe("---(v|)", { v: 41 });
  });
  t.is(ran, 0);
});

test("a step that returned undefined replays as undefined (no Result stored)", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => ctx.step("a", () => of(1));
    expectObservable(invocation(workflow, historyOf(succeededStep("1", undefined, { name: "a" })))).toBe("(u|)", { u: undefined });
  });
});

test("a FAILED step replays the same StepError the live run delivered, body not run", (t) => {
  let ran = 0;
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("a", () => of(++ran)).pipe(
        catchError((error: StepError) => of([error instanceof StepError, error.message, (error.cause as Error).name, error.errorData])),
      );
    const history = historyOf(failedStep("1", { ErrorType: "TypeError", ErrorMessage: "boom", ErrorData: '{"code":"E1"}' }, { name: "a" }));
    expectObservable(invocation(workflow, history)).toBe("(e|)", { e: [true, "boom", "TypeError", '{"code":"E1"}'] });
  });
  t.is(ran, 0);
});

test("waits, children and their steps replay from the history with no request", (t) => {
  durableMarbles(marbles(t), ({ execute, expectExecution, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("a", () => of(0)).pipe(
        concatMap((a) => concat(ctx.wait("w", { seconds: 10 }).pipe(ignoreElements()), of(a))),
        concatMap((a) => ctx.runInChildContext("kid", (child) => child.step("inner", () => of(0)).pipe(map((n) => n + 1))).pipe(map((b) => a + b))),
      );
    const history = historyOf(succeededStep("1", 1, { name: "a" }), succeededWait("2", { name: "w" }), succeededContext("3", 10, { name: "kid" }));
    const execution = execute(workflow, { history });
    expectExecution(execution).toBe("(s|)", { s: 11 });
    expectObservable(execution.requests$).toBe("");
  });
});

test("a FAILED child context replays as ChildContextError whose cause is the child's error", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.runInChildContext("kid", () => of("never")).pipe(
        catchError((error: ChildContextError) => of([error instanceof ChildContextError, error.message, (error.cause as Error).name])),
      );
    const history = historyOf(failedContext("1", { ErrorType: "RangeError", ErrorMessage: "out of range" }, { name: "kid" }));
    expectObservable(invocation(workflow, history)).toBe("(e|)", { e: [true, "out of range", "RangeError"] });
  });
});

test("a ReplayChildren context runs its function again over its finished children, in the same frame", (t) => {
  let ran = 0;
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.runInChildContext("big", (child) => {
        ran++;
        return child.step("part", () => of("fresh"));
      });
    const history = historyOf(
      succeededContext("1", undefined, { name: "big", replayChildren: true }),
      succeededStep("1-1", "stored", { name: "part", parent: "1" }),
    );
    expectObservable(invocation(workflow, history)).toBe("(s|)", { s: "stored" });
  });
  t.is(ran, 1);
});

test("5,000-step Observable loops (expand, concatMap) replay in one frame without overflowing the stack", (t) => {
  const count = 5000;
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const expanding = (_input: unknown, ctx: DurableContext) =>
      ctx.step(() => of(1)).pipe(
        expand((n) => (n < count ? ctx.step(() => of(n + 1)) : EMPTY)),
        last(),
      );
    const chained = (_input: unknown, ctx: DurableContext) => range(0, count).pipe(concatMap((i) => ctx.step(() => of(i))), last());
    expectObservable(invocation(expanding, historyOf(...Array.from({ length: count }, (_, i) => succeededStep(String(i + 1), i + 1))))).toBe("(n|)", { n: count });
    expectObservable(invocation(chained, historyOf(...Array.from({ length: count }, (_, i) => succeededStep(String(i + 1), i))))).toBe("(n|)", { n: count - 1 });
  });
});

test("the execution input is the EXECUTION operation's payload", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (input: { n: number }, ctx: DurableContext) => of([input.n, ctx.originalInput<{ n: number }>().n, ctx.originalInputRaw()]);
    expectObservable(invocation(workflow, historyOf(executionStarted({ n: 7 })))).toBe("(v|)", { v: [7, 7, '{"n":7}'] });
  });
});
