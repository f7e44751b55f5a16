import test from "ava";
import { CallbackTimeoutError, durable, Retry, StepError, type DurableConfig, type DurableContext } from "../../src/index.js";
import { LocalTestRunner } from "../../src/testing/local-test-runner.js";
import { replayCheck } from "../../src/testing/replay-check.js";

/**
 * LocalTestRunner: a run on the local service's engine with virtual time, and the
 * TestResult it gives back.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const config: DurableConfig = { logger: quiet, dev: false };
const T0 = Date.UTC(2025, 0, 1);
const DAY = 86_400_000;

const order = durable(async (event: { id: string; items: number[] }, ctx: DurableContext) => {
  const total = await ctx.step("validate", () => event.items.reduce((a, b) => a + b, 0));
  const paymentId = await ctx.step("charge", ({ attempt }) => {
    if (attempt === 1) throw new Error("card network busy");
    return `pay-${event.id}`;
  }, { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 2 } }) });
  await ctx.wait("cool-off", { days: 365 });
  const tracking = await ctx.runInChildContext("ship", async (shipping) => {
    const label = await shipping.step("label", () => `label-${event.id}`);
    return shipping.step("hand-over", () => `${label}/tracked`);
  });
  return { total, paymentId, tracking };
}, config);

test("a year-long wait runs in no time, on a clock that jumps to each timer exactly", async (t) => {
  const runner = new LocalTestRunner({ handler: order, startTime: T0 });
  const result = await runner.run({ input: { id: "o-1", items: [12, 30] } });
  t.is(result.status, "SUCCEEDED");
  t.deepEqual(result.result, { total: 42, paymentId: "pay-o-1", tracking: "label-o-1/tracked" });
  t.is(result.rawResult, JSON.stringify(result.result));
  // The retry 2 s later, then the wait's end a year after that: each invocation at its timer.
  t.deepEqual(
    result.invocations.map((i) => [i.startMs - T0, i.outcome]),
    [
      [0, "PENDING"],
      [2_000, "PENDING"],
      [2_000 + 365 * DAY, "SUCCEEDED"],
    ],
  );
  t.is(result.durationMs, 2_000 + 365 * DAY);
  t.is(result.getOperation("cool-off").endedAt, T0 + 2_000 + 365 * DAY);
});

test("operations: fields, a tree through parent ids, getOperation by name and index", async (t) => {
  const result = await new LocalTestRunner({ handler: order }).run({ input: { id: "o-2", items: [1] } });
  t.deepEqual(
    result.operations.map((op) => [op.name, op.type, op.status]),
    [
      ["validate", "STEP", "SUCCEEDED"],
      ["charge", "STEP", "SUCCEEDED"],
      ["cool-off", "WAIT", "SUCCEEDED"],
      ["ship", "CONTEXT", "SUCCEEDED"],
      ["label", "STEP", "SUCCEEDED"],
      ["hand-over", "STEP", "SUCCEEDED"],
    ],
    "every operation but the EXECUTION, in start order",
  );
  const charge = result.getOperation("charge");
  t.like(charge, { type: "STEP", subType: "Step", attempt: 2, result: "pay-o-2", error: undefined, parentId: undefined });
  const ship = result.getOperation("ship");
  t.like(ship, { subType: "RunInChildContext", result: "label-o-2/tracked" });
  t.deepEqual(ship.children.map((op) => op.name), ["label", "hand-over"]);
  t.is(ship.getChild("hand-over").parent, ship);
  t.is(ship.getChild("label").parentId, ship.id);
  t.deepEqual(result.roots.map((op) => op.name), ["validate", "charge", "cool-off", "ship"]);
  t.is(result.getOperationById(ship.id), ship);
  t.deepEqual(ship.descendants().map((op) => op.name), ["label", "hand-over"]);
  t.is(result.findOperation("missing"), undefined);
  t.is(result.toString().split("\n")[0], "execution SUCCEEDED");
  t.true(result.toString().includes(`\n    STEP "hand-over" (${ship.getChild("hand-over").id}) SUCCEEDED`), result.toString());
});

test("getOperation names what there is when the name or index is wrong", async (t) => {
  const result = await new LocalTestRunner({ handler: order }).run({ input: { id: "o-3", items: [1] } });
  t.throws(() => result.getOperation("chrage"), {
    message: 'TestResult.getOperation: no operation named "chrage"; operations: "validate", "charge", "cool-off", "ship", "label", "hand-over"',
  });
  t.throws(() => result.getOperation("charge", 1), {
    message: 'TestResult.getOperation: no operation named "charge" at index 1; only 1 operation(s) are named "charge"',
  });
  t.throws(() => result.getOperation("ship").getChild("insure"), { message: /has no child named "insure"; its children: "label", "hand-over"$/ });
});

test("index counts operations of the same name in start order", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    for (let i = 0; i < 3; i++) await ctx.step("tick", () => i * 10);
    return "done";
  }, config);
  const result = await new LocalTestRunner({ handler }).run();
  t.deepEqual(result.operationsNamed("tick").map((op) => op.result), [0, 10, 20]);
  t.is(result.getOperation("tick", 2).result, 20);
});

test("a failed execution: status FAILED, the error's ErrorObject fields, the failed step's error and attempts", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.step("flaky", () => {
      throw new TypeError("no route to host");
    }, { retry: Retry.fixed({ maxAttempts: 2, delay: { seconds: 1 } }) });
  }, config);
  const result = await new LocalTestRunner({ handler }).run();
  t.is(result.status, "FAILED");
  t.is(result.result, undefined);
  t.like(result.error, { ErrorType: StepError.name, ErrorMessage: "no route to host" });
  const flaky = result.getOperation("flaky");
  t.like(flaky, { status: "FAILED", attempt: 2 });
  t.like(flaky.error, { ErrorType: "TypeError", ErrorMessage: "no route to host" });
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "FAILED"]);
});

test("events: the service's events of the execution, in order, on the virtual clock", async (t) => {
  const result = await new LocalTestRunner({ handler: order, startTime: T0 }).run({ input: { id: "o-4", items: [1] } });
  const types = result.events.map((e) => e.type);
  t.is(types[0], "operation.started", "the EXECUTION's start comes first");
  t.is(types.filter((type) => type === "invocation.started").length, 3);
  t.is(types.filter((type) => type === "operation.retrying").length, 1);
  const waited = result.events.find((e) => e.name === "cool-off" && e.type === "operation.succeeded");
  t.is(waited?.at, T0 + 2_000 + 365 * DAY);
  t.true(result.events.every((e) => e.executionArn === result.executionArn));
});

test("the run's history is a fixture: replayCheck accepts it for the same code and reports a renamed step", async (t) => {
  const result = await new LocalTestRunner({ handler: order }).run({ input: { id: "o-5", items: [2] } });
  t.true(result.history.some((e) => e.EventType === "WaitSucceeded"));
  const same = await replayCheck(order, result.recordedHistory());
  t.true(same.ok, same.format());
  const renamed = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.step("check", () => 1);
  }, config);
  const changed = await replayCheck(renamed, result.recordedHistory());
  t.false(changed.ok);
  t.regex(changed.format(), /validate/);
});

test("an Observable handler: its last value is the result", async (t) => {
  const handler = durable((_event: unknown, ctx: DurableContext) => ctx.step("only", () => "value"), config);
  const result = await new LocalTestRunner({ handler }).run();
  t.is(result.result, "value");
});

test("a callback with a timeout nobody answers times out in virtual time, and the workflow sees CallbackTimeoutError", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    const callback = await ctx.createCallback("approval", { timeout: { days: 2 } });
    try {
      return await callback.result;
    } catch (error) {
      return error instanceof CallbackTimeoutError ? "timed out" : `other: ${String(error)}`;
    }
  }, config);
  const result = await new LocalTestRunner({ handler, startTime: T0 }).run();
  t.is(result.result, "timed out");
  t.like(result.getOperation("approval"), { status: "TIMED_OUT", endedAt: T0 + 2 * DAY });
});

test("the real clock: a 1 s wait takes a real second", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.wait("second", { seconds: 1 });
    return "waited";
  }, config);
  const before = Date.now();
  const result = await new LocalTestRunner({ handler, clock: "real" }).run();
  t.is(result.result, "waited");
  t.true(Date.now() - before >= 900);
});

test("one run at a time per runner, and a runner runs again once the last run ended", async (t) => {
  const handler = durable(async (event: { n: number }, ctx: DurableContext) => ctx.step("double", () => event.n * 2), config);
  const runner = new LocalTestRunner({ handler });
  const first = runner.run({ input: { n: 1 } });
  t.throws(() => runner.run({ input: { n: 2 } }), { message: /a run is still in progress/ });
  t.is((await first).result, 2);
  t.is((await runner.run({ input: { n: 4 } })).result, 8);
});

test("options are checked when the runner is made", (t) => {
  t.throws(() => new LocalTestRunner({ handler: 42 as never }), { message: /new LocalTestRunner\(\): At path: handler/ });
  t.throws(() => new LocalTestRunner({ handler: order, clok: "virtual" } as never), { message: /Unknown option "clok"/ });
  t.throws(() => new LocalTestRunner({ handler: order, functions: { "bad name!": order } }), { message: /functionName/ });
  t.throws(() => new LocalTestRunner({ handler: order, freshModulePerInvocation: true }), { message: /give handler: \{ module, export \}/ });
  t.throws(() => new LocalTestRunner({ handler: order }).run({ callbacks: { approval: { answer: 1 } as never } }), { message: /callbacks/ });
});

test("before each jump the clock lets queued microtasks and immediates land: an answer sent from them beats a timeout", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    const { result } = await ctx.createCallback<string>("webhook", { timeout: { hours: 1 } });
    try {
      return await result;
    } catch {
      return "timed out";
    }
  }, config);
  const runner = new LocalTestRunner({ handler, startTime: T0 });
  const execution = runner.run();
  // A party that answers "soon": a microtask, then two macrotask turns, then the answer.
  void runner.callbacks.waitFor("webhook").then((handle) =>
    queueMicrotask(() => setImmediate(() => setImmediate(() => void handle.succeed("delivered")))),
  );
  const result = await execution;
  t.is(result.result, "delivered");
  t.is(result.endedAt, T0, "no time passed");
});

test("executionTimeout: the execution ends TIMED_OUT when its time is up, in virtual time", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.wait("too-long", { days: 2 });
    return "finished";
  }, config);
  const result = await new LocalTestRunner({ handler, startTime: T0, executionTimeout: { days: 1 } }).run();
  t.is(result.status, "TIMED_OUT");
  t.is(result.endedAt, T0 + DAY);
  t.is(result.result, undefined);
});
