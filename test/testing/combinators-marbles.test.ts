import test from "ava";
import { catchError, map, of } from "rxjs";
import type { DurableContext } from "../../src/index.js";
import { durableMarbles } from "../../src/testing/marbles/durable-marbles.js";
import type { MarbleExecution } from "../../src/testing/marbles/marble-execution.js";
import type { RecordedHistory } from "../../src/testing/recorded-history.js";

/*
 * ctx.all / allSettled / race / any with cold() stand-ins for the step bodies: the
 * timing of each input is in the diagram, and so is the replay, where every finished
 * input answers at once and only the checkpointed decision can name the winner.
 */
const marbles = (t: { deepEqual(a: unknown, b: unknown): void }) => (actual: unknown, expected: unknown) => t.deepEqual(actual, expected);

test("all: emits every value, in input order, when the slowest input completes", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) => ctx.all([ctx.step("slow", () => cold("----(a|)")), ctx.step("fast", () => cold("-(b|)"))]);
    expectObservable(invocation(workflow)).toBe("----(v|)", { v: ["a", "b"] });
  });
});

test("all: the first failure in input order rejects, once the inputs before it settled", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx
        .all([ctx.step("ok", () => cold("---(a|)")), ctx.step("bad", () => cold("-#", undefined, new Error("no")), { retry: () => ({ shouldRetry: false }) })])
        .pipe(catchError((error: Error) => of(error.message)));
    expectObservable(invocation(workflow)).toBe("---(m|)", { m: "no" });
  });
});

test("allSettled: each outcome, fulfilled or rejected, when the last one settles", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx
        .allSettled([ctx.step("ok", () => cold("--(a|)")), ctx.step("bad", () => cold("-----#", undefined, new Error("no")), { retry: () => ({ shouldRetry: false }) })])
        .pipe(map((outcomes) => outcomes.map((o) => o.status)));
    expectObservable(invocation(workflow)).toBe("-----(v|)", { v: ["fulfilled", "rejected"] });
  });
});

test("race: live, the input that settles first wins; on replay the checkpointed decision names it again", (t) => {
  let recorded!: RecordedHistory;
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.race("first", [ctx.step("tortoise", () => cold("-----(t|)")), ctx.step("hare", () => cold("--(h|)"))]);
    execution = execute(workflow);
    expectExecution(execution).toBe("--(h|)");
  });
  recorded = execution.history();
  t.true(recorded.operations.some((op) => op.SubType === "Race" && op.StepDetails?.Result === "1"), "the decision holds the winner's index");
  durableMarbles(marbles(t), ({ invocation, expectObservable }) => {
    // Replayed, the tortoise (subscribed first) would answer first: the decision says hare.
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.race("first", [ctx.step("tortoise", () => of("never run")), ctx.step("hare", () => of("never run"))]);
    expectObservable(invocation(workflow, recorded)).toBe("(h|)");
  });
});

test("race with a wait is the durable timeout: the wait wins at five minutes while the step still runs", (t) => {
  let execution!: MarbleExecution<unknown>;
  durableMarbles(marbles(t), ({ execute, expectExecution, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.race([ctx.step("slow", () => cold("10m (x|)")), ctx.wait("deadline", { minutes: 5 }).pipe(map(() => "timed out"))]);
    execution = execute(workflow);
    expectExecution(execution).toBe("5m (v|)", { v: "timed out" });
  });
  t.is(execution.status, "SUCCEEDED");
});

test("any: a failure does not win; the first success does", (t) => {
  durableMarbles(marbles(t), ({ invocation, expectObservable, cold }) => {
    const workflow = (_input: unknown, ctx: DurableContext) =>
      ctx.any([ctx.step("broken", () => cold("-#", undefined, new Error("down")), { retry: () => ({ shouldRetry: false }) }), ctx.step("backup", () => cold("---(b|)"))]);
    expectObservable(invocation(workflow)).toBe("---(b|)");
  });
});
