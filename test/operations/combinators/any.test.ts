import test from "ava";
import { AnyError, DurableError, durable, Retry, StepError } from "../../../src/index.js";
import { hashOperationId } from "../../../src/ids/index.js";
import { decidedRace, failedStep, historyOf, invocationEvent, succeededStep } from "../../../src/testing/history-builders.js";
import { runLive, quiet } from "../../helpers/live.js";
import { noRequestsClient } from "../../helpers/recording-client.js";

const later = (ms: number, value: unknown) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
const noRetry = { retry: Retry.presets.noRetry };

test("cold: an any never subscribed sends nothing", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.any([ctx.step("a", () => ++ran)]);
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("the first input to succeed wins, even after another failed first; the decision is a STEP Any holding its index", async (t) => {
  const live = await runLive(async (_event, ctx) =>
    ctx.any("quote", [
      ctx.step("down", () => Promise.reject(new Error("unavailable")), noRetry),
      ctx.step("slow", () => later(30, "slow quote")),
      ctx.wait("never", { hours: 1 }),
    ]),
  );
  t.is(live.result, "slow quote");
  const decision = live.client.checkpoints.flat().filter((u) => u.Name === "quote");
  t.deepEqual(decision.map((u) => [u.Type, u.SubType, u.Action, u.Payload]), [
    ["STEP", "Any", "START", undefined],
    ["STEP", "Any", "SUCCEED", "1"],
  ]);
  t.is(live.byName("never").Status, "CANCELLED");
});

test("every input failed: AnyError listing each input's error, checkpointed as FAIL, identical on replay", async (t) => {
  const seen: unknown[] = [];
  const live = await runLive(async (_event, ctx) => {
    try {
      await ctx.any("quote", [
        ctx.step("a", () => Promise.reject(new TypeError("no route")), noRetry),
        ctx.step("b", () => later(20, undefined).then(() => Promise.reject(new RangeError("too far"))), noRetry),
      ]);
    } catch (error) {
      const e = error as AnyError;
      seen.push({ cls: e.constructor.name, is: DurableError.is(e), code: e.code, message: e.message, errors: e.errors.map((x) => [x.name, x.message]) });
    }
    await ctx.wait("pause", { seconds: 5 });
    return "handled";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(seen.length, 2);
  t.deepEqual(seen[0], seen[1]);
  t.deepEqual(seen[0], {
    cls: "AnyError",
    is: true,
    code: "ANY_ALL_FAILED",
    message: "All 2 inputs of any() failed: [0] StepError: no route; [1] StepError: too far",
    errors: [
      ["StepError", "no route"],
      ["StepError", "too far"],
    ],
  });
  const fail = live.client.checkpoints.flat().find((u) => u.Name === "quote" && u.Action === "FAIL")!;
  t.is(fail.Error?.ErrorType, "AnyError");
});

test("any([]) rejects with an AnyError at once, as Promise.any([]) does, and records it", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const nothing = ctx.any("none", []);
    t.is(nothing.id, hashOperationId("1"));
    return nothing.then(
      () => "resolved",
      (e: AnyError) => [e.name, e.message, e.errors.length],
    );
  });
  t.deepEqual(live.result, ["AnyError", "any() was given no inputs", 0]);
  t.deepEqual(live.client.actions, ["START STEP none", "FAIL STEP none"]);
});

test("replay answers with the recorded winner, not the first input that succeeded in subscription order", async (t) => {
  const history = historyOf(
    succeededStep("1", "first", { name: "a" }),
    succeededStep("2", "second", { name: "b" }),
    decidedRace("3", 1, { name: "q", kind: "Any" }),
  );
  const handler = durable(async (_event, ctx) => ctx.any("q", [ctx.step("a", () => "x"), ctx.step("b", () => "y")]), { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '"second"' });
});

test("a replayed all-failed any rejects without consulting its inputs", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    await ctx.any("q", [ctx.step("a", () => Promise.reject(new Error("x")), noRetry)]).then(undefined, () => undefined);
    return "ok";
  });
  const recorded = live.client.checkpoints.flat().find((u) => u.Name === "q" && u.Action === "FAIL")!.Error!;
  const history = historyOf(failedStep("1", { ErrorType: "Error", ErrorMessage: "x" }, { name: "a" }), failedStep("2", recorded, { name: "q", subType: "Any" }));
  const handler = durable(async (_event, ctx) => ctx.any("q", [ctx.step("a", () => "ran")]).then(
    () => "resolved",
    (e: AnyError) => `${e.name}: ${e.errors.map((x) => x.message).join()}`,
  ), { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '"AnyError: x"' });
});

test("a Race record where the code now asks for any FAILS as non-deterministic (subtype)", async (t) => {
  const history = historyOf(succeededStep("1", "A", { name: "a" }), decidedRace("2", 0, { name: "q", kind: "Race" }));
  const handler = durable(async (_event, ctx) => ctx.any("q", [ctx.step("a", () => "A")]), { client: { send: async () => ({}) }, logger: quiet });
  const output = (await handler(invocationEvent(history))) as any;
  t.is(output.Status, "FAILED");
  t.regex(output.Error.ErrorMessage, /subtype "Race" in the history but the code asked for "Any"/);
});

test("the listed errors stay within the service's limit for an update carrying an Error, however many inputs", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const inputs = Array.from({ length: 400 }, (_, i) => ctx.step(`s${i}`, () => Promise.reject(new Error("x".repeat(500))), noRetry));
    return ctx.any("many", inputs).then(
      () => "resolved",
      (e: AnyError) => [e.errors.length, e.errors.every((x) => x instanceof StepError)],
    );
  });
  t.deepEqual(live.result, [400, true]);
  const fail = live.client.checkpoints.flat().find((u) => u.Name === "many" && u.Action === "FAIL")!;
  t.true(JSON.stringify(fail).length < 32_768);
});

test("suspension: an any whose inputs all wait suspends, and decides in the invocation where one ends", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    await ctx.any("q", [ctx.wait("day", { days: 1 }), ctx.wait("hour", { hours: 1 })]);
    return "one ended";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.client.actions, ["START WAIT day", "START WAIT hour", "START STEP q", "SUCCEED STEP q", "CANCEL WAIT day"]);
});

test("early unsubscribe detaches: the any decides once and later subscribers share the outcome", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const q = ctx.any("q", [ctx.step("a", () => later(10, "a"))]);
    q.subscribe().unsubscribe();
    return [await q, await q];
  });
  t.deepEqual(live.result, ["a", "a"]);
  t.is(live.client.actions.filter((a) => a === "SUCCEED STEP q").length, 1);
});

test("a checkpoint failure of the decision FAILS the execution and never reaches the user's catch", async (t) => {
  let caught = 0;
  const handler = durable(async (_event, ctx) => {
    try {
      return await ctx.any("q", [ctx.step("a", () => "A")]);
    } catch {
      caught++;
      return "swallowed";
    }
  }, {
    client: { send: async () => { throw Object.assign(new Error("rejected"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } }); } },
    logger: quiet,
  });
  const output = (await handler(invocationEvent(historyOf(succeededStep("1", "A", { name: "a" }))))) as any;
  t.is(caught, 0);
  t.is(output.Error.ErrorType, "CheckpointError");
});
