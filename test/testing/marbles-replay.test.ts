import test from "ava";
import { catchError, concat, concatMap, expand, EMPTY, ignoreElements, last, map, of, range, switchMap } from "rxjs";
import { fileURLToPath } from "node:url";
import type { DurableContext } from "../../src/index.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import { failedStep, historyOf, startedWait, succeededContext, succeededStep, succeededWait } from "../../src/testing/history-builders.js";
import { loadHistory } from "../../src/testing/history-file.js";
import type { Order } from "../fixtures/order-workflow.js";

/*
 * Replay under a TestScheduler: a recorded operation answers synchronously when it is
 * subscribed, so a replayed workflow reads as one group at frame 0.
 */
const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

const twoSteps = (_input: unknown, ctx: DurableContext) => concat(ctx.step("a", () => of("never run")), ctx.step("b", () => of("never run")));

test("replayed operations emit at once, in order, at the frame they are subscribed", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const history = historyOf(succeededStep("1", "A", { name: "a" }), succeededStep("2", "B", { name: "b" }));
    expectObservable(invocation(twoSteps, history)).toBe("(AB|)");
  });
});

test("a replayed failure errors at once with the error the live run delivered", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("a", () => of(1)).pipe(catchError((error: Error) => of(`${error.name}: ${error.message} (${(error.cause as Error).name})`)));
    const history = historyOf(failedStep("1", { ErrorType: "RangeError", ErrorMessage: "too big" }, { name: "a" }));
    expectObservable(invocation(workflow, history)).toBe("(x|)", { x: "StepError: too big (RangeError)" });
  });
});

test("suspension is silence: a history that ends at a running wait emits what came before, then nothing", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      concat(ctx.step("a", () => of("a")), ctx.wait("w", { hours: 1 }).pipe(ignoreElements()), ctx.step("b", () => of("b")));
    const history = historyOf(succeededStep("1", "a", { name: "a" }), startedWait("2", "2026-01-01T01:00:00.000Z", { name: "w" }));
    expectObservable(invocation(workflow, history)).toBe("a");
  });
});

test("after the recorded history, new work runs in virtual time: a cold() body takes its frames", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => concat(ctx.step("a", () => cold("--x|")), ctx.step("b", () => cold("---(y|)")));
    const history = historyOf(succeededStep("1", "a", { name: "a" }));
    // a replays at 0; b's body emits y and completes at 3: the step emits it then.
    expectObservable(invocation(workflow, history)).toBe("a--(y|)");
  });
});

test("a waited-out wait, a child context and a step all replay in one frame", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step("a", () => of(0)).pipe(
        switchMap((a) => ctx.wait("w", { seconds: 10 }).pipe(map(() => a))),
        switchMap((a) => ctx.runInChildContext("kid", (child) => child.step("inner", () => of(0))).pipe(map((b) => a + b))),
      );
    const history = historyOf(succeededStep("1", 1, { name: "a" }), succeededWait("2", { name: "w" }), succeededContext("3", 10, { name: "kid" }));
    expectObservable(invocation(workflow, history)).toBe("(s|)", { s: 11 });
  });
});

test("a replayed loop of 2,000 steps (expand) emits its last value in frame 0 without growing the stack", (t) => {
  const steps = Array.from({ length: 2000 }, (_, i) => succeededStep(String(i + 1), i + 1));
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.step(() => of(1)).pipe(
        expand((n) => (n < 2000 ? ctx.step(() => of(n + 1)) : EMPTY)),
        last(),
      );
    expectObservable(invocation(workflow, historyOf(...steps))).toBe("(n|)", { n: 2000 });
  });
});

test("a mismatch with the history fails the invocation with NonDeterministicError, at once", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => ctx.step("renamed", () => of(1));
    const replay = invocation(workflow, historyOf(succeededStep("1", 1, { name: "a" }))).pipe(catchError((error: Error) => of(error.name)));
    expectObservable(replay).toBe("(e|)", { e: "NonDeterministicError" });
  });
});

test("a history loaded from a file (the recorded order) replays as one group", (t) => {
  const history = loadHistory(fileURLToPath(new URL("../fixtures/order.history.json", import.meta.url)));
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    // The order workflow written as one Observable: the same operations in the same order.
    const order = (input: Order, ctx: DurableContext) =>
      ctx.step("validate", () => of(0)).pipe(
        concatMap((total) => ctx.step("charge", () => of("?"), { semantics: "at-most-once-per-retry" }).pipe(map((paymentId) => ({ total, paymentId })))),
        concatMap((paid) => ctx.wait("cool-off", { hours: 1 }).pipe(map(() => paid))),
        concatMap((paid) =>
          ctx
            .runInChildContext("ship", (shipping) => shipping.step("label", () => of("?")).pipe(concatMap(() => shipping.step("hand-over", () => of("?")))))
            .pipe(map((tracking) => ({ orderId: input.id, ...paid, tracking }))),
        ),
      );
    expectObservable(invocation(order, history)).toBe("(o|)", {
      o: { orderId: "o-42", total: 42, paymentId: "pay-o-42", tracking: "label-o-42/tracked" },
    });
  });
});

test("the values of replayed steps equal what range() of live steps would give: a replayed concatMap", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => range(0, 3).pipe(concatMap((i) => ctx.step(`s${i}`, () => of(i))));
    const history = historyOf(...[0, 1, 2].map((i) => succeededStep(String(i + 1), i * 10, { name: `s${i}` })));
    expectObservable(invocation(workflow, history)).toBe("(abc|)", { a: 0, b: 10, c: 20 });
  });
});
