import test from "ava";
import { durable, Retry, ValidationError } from "../../../src/index.js";
import { failedStep, historyOf, invocationEvent, succeededStep } from "../../../src/testing/history-builders.js";
import { runLive, quiet } from "../../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../../helpers/terminal-conditions.js";
import { noRequestsClient } from "../../helpers/recording-client.js";

const later = (ms: number, value: unknown) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
const failLater = (ms: number, message: string) => later(ms, undefined).then(() => Promise.reject(new Error(message)));
const noRetry = { retry: Retry.presets.noRetry };

test("cold: all and allSettled never subscribed run nothing", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.all([ctx.step("a", () => ++ran)]);
    ctx.allSettled({ b: ctx.step("b", () => ++ran) });
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("all: values by position (tuple) and by key (record), in input order whatever the completion order; no update of its own", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const tuple = await ctx.all([ctx.step("slow", () => later(30, "slow")), ctx.step("fast", () => "fast")]);
    const record = await ctx.all({ n: ctx.step("n", () => 1), s: ctx.step("s", () => later(10, "s")) });
    return { tuple, record, empty: await ctx.all([]), emptyRecord: await ctx.all({}) };
  });
  t.deepEqual(live.result, { tuple: ["slow", "fast"], record: { n: 1, s: "s" }, empty: [], emptyRecord: {} });
  t.deepEqual(live.client.actions.filter((a) => !/ (slow|fast|n|s)$/.test(a)), [], "only the inputs' own updates");
});

test("all: suspension keeps it pending; the next invocation completes it from the history", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => ctx.all([ctx.step("a", () => (ran++, "a")), ctx.wait("w", { minutes: 5 })]));
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, ["a", null]);
  t.is(ran, 1);
});

test("all rejects with the first failure in input order, live and on replay, where Promise.all follows timing", async (t) => {
  const seen: string[][] = [];
  const live = await runLive(async (_event, ctx) => {
    // "slow" (index 0) fails after "fast" (index 1). Live, Promise.all reports "fast"; on replay
    // both failures are delivered at once in subscription order, and it reports "slow".
    const slow = ctx.step("slow", () => failLater(30, "slow"), noRetry);
    const fast = ctx.step("fast", () => Promise.reject(new Error("fast")), noRetry);
    const viaPromise = Promise.all([slow, fast]).then(() => "resolved", (e: Error) => e.message);
    const viaDurable = ctx.all([slow, fast]).then(() => "resolved", (e: Error) => e.message);
    seen.push([await viaPromise, await viaDurable]);
    await ctx.wait("pause", { seconds: 5 });
    return "handled";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(seen, [
    ["fast", "slow"],
    ["slow", "slow"],
  ]);
});

test("all rejects as soon as every input before the failure has settled: later inputs are not waited for", async (t) => {
  const live = await runLive(async (_event, ctx) =>
    ctx.all([ctx.step("bad", () => Promise.reject(new Error("bad")), noRetry), ctx.wait("long", { days: 1 })]).then(
      () => "resolved",
      (e: Error) => e.message,
    ),
  );
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.is(live.result, "bad");
});

test("all replays from the history without running anything", async (t) => {
  const history = historyOf(succeededStep("1", 1, { name: "a" }), failedStep("2", { ErrorType: "Error", ErrorMessage: "no" }, { name: "b" }), succeededStep("3", 3, { name: "c" }));
  const handler = durable(async (_event, ctx) => {
    const ok = await ctx.all({ a: ctx.step("a", () => 0) });
    const failed = await ctx.all([ctx.step("b", () => 0), ctx.step("c", () => 0)]).then(() => "resolved", (e: Error) => `${e.name}: ${e.message}`);
    return { ok, failed };
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: JSON.stringify({ ok: { a: 1 }, failed: "StepError: no" }) });
});

test("allSettled: every outcome like Promise.allSettled, by position and by key, the same on replay", async (t) => {
  const seen: unknown[] = [];
  const live = await runLive(async (_event, ctx) => {
    const outcomes = await ctx.allSettled([ctx.step("ok", () => later(20, "yes")), ctx.step("ko", () => Promise.reject(new Error("no")), noRetry)]);
    seen.push(outcomes.map((o) => (o.status === "fulfilled" ? o.value : `${(o.reason as Error).name}: ${(o.reason as Error).message}`)));
    const byKey = await ctx.allSettled({ x: ctx.step("x", () => 1) });
    seen.push(byKey);
    seen.push(await ctx.allSettled([]));
    await ctx.wait("pause", { seconds: 5 });
    return "done";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  const first = [["yes", "StepError: no"], { x: { status: "fulfilled", value: 1 } }, []];
  t.deepEqual(seen, [...first, ...first]);
});

test("allSettled: an input that cannot finish keeps it pending (suspension is not a rejection)", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const outcomes = await ctx.allSettled([ctx.wait("w", { hours: 2 }), ctx.step("s", () => "s")]);
    return outcomes.map((o) => o.status);
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, ["fulfilled", "fulfilled"]);
});

test("early unsubscribe: the inputs run to their outcome and a later await gets it", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    const both = ctx.all([ctx.step("a", () => later(10, ++ran)), ctx.step("b", () => ++ran)]);
    both.subscribe().unsubscribe();
    return [await both, await both];
  });
  t.is(ran, 2);
  t.deepEqual(live.result, [[1, 2], [1, 2]]);
  t.is(live.client.actions.filter((a) => a === "START STEP a").length, 1);
});

test("inputs that are neither an array nor a record are a ValidationError at call time", async (t) => {
  await runLive(async (_event, ctx) => {
    t.throws(() => ctx.all("x" as never), { instanceOf: ValidationError, message: /all: expected an array or a record/ });
    t.throws(() => ctx.all([1] as never), { instanceOf: ValidationError, message: /all\[0\]: expected a durable operation/ });
    t.throws(() => ctx.allSettled({ a: 2 } as never), { instanceOf: ValidationError, message: /allSettled\.a/ });
    t.throws(() => ctx.all(ctx.step("s", () => 1) as never), { instanceOf: ValidationError });
  });
});

test("a checkpoint failure of an input FAILS the execution and never reaches a catch on all", async (t) => {
  await assertCheckpointFailureIsTerminal(t, (ctx) => ctx.all([ctx.step("a", () => 1)]));
});
