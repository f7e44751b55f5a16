import test from "ava";
import { CallbackError, CallbackTimeoutError, durable, rawSerdes, type DurableConfig, type DurableContext } from "../../src/index.js";
import { LocalTestRunner } from "../../src/testing/local-test-runner.js";

/**
 * Callbacks driven from the test: answered once started (taken with waitFor, or
 * declared up front), failed, kept alive by heartbeats, or left to time out as the
 * clock moves.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const config: DurableConfig = { logger: quiet, dev: false };
const T0 = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;

interface Decision {
  approved: boolean;
  by?: string;
}

/** Asks for an approval that times out after `minutes`, and says what came of it. */
const approval = (minutes = 60, heartbeatMinutes?: number) =>
  durable(async (_event: unknown, ctx: DurableContext) => {
    const callback = await ctx.createCallback<Decision>("approval", {
      timeout: { minutes },
      ...(heartbeatMinutes ? { heartbeatTimeout: { minutes: heartbeatMinutes } } : {}),
    });
    try {
      const decision = await callback.result;
      return decision.approved ? `approved by ${decision.by}` : "rejected";
    } catch (error) {
      if (error instanceof CallbackTimeoutError) return `timed out: ${error.message}`;
      if (error instanceof CallbackError) return `failed: ${error.message}`;
      throw error;
    }
  }, config);

test("waitFor, then succeed: the workflow gets the value; time stands still while the test acts between its awaits", async (t) => {
  const runner = new LocalTestRunner({ handler: approval(1), startTime: T0 });
  const execution = runner.run();
  const handle = await runner.callbacks.waitFor("approval");
  t.like(handle, { name: "approval", index: 0, executionArn: execution.executionArn });
  t.regex(handle.callbackId, /.+/);
  const before = runner.clock.now();
  // Real time passes (longer than nothing), virtual time does not: the one-minute timeout cannot fire first.
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.is(runner.clock.now(), before);
  await handle.succeed({ approved: true, by: "dana" });
  const result = await execution;
  t.is(result.result, "approved by dana");
  t.like(result.getOperation("approval"), { status: "SUCCEEDED", result: { approved: true, by: "dana" }, callbackId: handle.callbackId });
});

test("runner.callbacks.succeed waits for the start and answers in one call", async (t) => {
  const runner = new LocalTestRunner({ handler: approval() });
  const execution = runner.run();
  const handle = await runner.callbacks.succeed("approval", { approved: false });
  t.is(handle.name, "approval");
  t.is((await execution).result, "rejected");
});

test("waitFor may come before run(): it follows the next run", async (t) => {
  const runner = new LocalTestRunner({ handler: approval() });
  const answered = runner.callbacks.succeed("approval", { approved: true, by: "sam" });
  const result = await runner.run();
  await answered;
  t.is(result.result, "approved by sam");
});

test("answers declared up front: given as soon as each callback starts", async (t) => {
  const runner = new LocalTestRunner({ handler: approval() });
  const result = await runner.run({ callbacks: { approval: { succeed: { approved: true, by: "lee" } } } });
  t.is(result.result, "approved by lee");
  t.deepEqual(result.invocations.map((i) => i.outcome), ["PENDING", "SUCCEEDED"]);
});

test("a declared failure: an Error's name and message reach the workflow as a CallbackError", async (t) => {
  const runner = new LocalTestRunner({ handler: approval() });
  const result = await runner.run({ callbacks: { approval: { fail: new RangeError("budget exhausted") } } });
  t.is(result.result, "failed: budget exhausted");
  t.like(result.getOperation("approval").error, { ErrorType: "RangeError", ErrorMessage: "budget exhausted" });
});

test("failing from the test: fail(name, error) with a message or an ErrorObject", async (t) => {
  const runner = new LocalTestRunner({ handler: approval() });
  const execution = runner.run();
  await runner.callbacks.fail("approval", { ErrorType: "Declined", ErrorMessage: "over budget", ErrorData: '{"limit":100}' });
  const result = await execution;
  t.is(result.result, "failed: over budget");
  t.like(result.getOperation("approval").error, { ErrorType: "Declined", ErrorData: '{"limit":100}' });
});

test("a list answers the callbacks of one name in turn; waitFor picks one by index", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { result } = await ctx.createCallback<string>("vote");
      answers.push(await result);
    }
    return answers;
  }, config);
  const declared = await new LocalTestRunner({ handler }).run({ callbacks: { vote: [{ succeed: "yes" }, { succeed: "no" }, { succeed: "yes" }] } });
  t.deepEqual(declared.result, ["yes", "no", "yes"]);

  const runner = new LocalTestRunner({ handler });
  const execution = runner.run();
  for (const [index, vote] of ["a", "b", "c"].entries()) await runner.callbacks.succeed("vote", vote, { index });
  t.deepEqual((await execution).result, ["a", "b", "c"]);
});

test("waitForCallback: its name names the callback; the submitter runs once", async (t) => {
  let submitted = 0;
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    return ctx.waitForCallback<boolean>("manager-approval", () => void submitted++, { timeout: { days: 7 } });
  }, config);
  const runner = new LocalTestRunner({ handler });
  const execution = runner.run();
  const handle = await runner.callbacks.waitFor("manager-approval");
  await handle.succeed(true);
  const result = await execution;
  t.is(result.result, true);
  t.is(submitted, 1);
  const context = result.getOperation("manager-approval");
  t.is(context.subType, "WaitForCallback");
  t.is(context.children.find((op) => op.type === "CALLBACK")?.callbackId, handle.callbackId);
});

test("succeedRaw sends text as is, for a rawSerdes callback", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    const { result } = await ctx.createCallback("token", { serdes: rawSerdes });
    return `got ${await result}`;
  }, config);
  const result = await new LocalTestRunner({ handler }).run({ callbacks: { token: { succeedRaw: "not json" } } });
  t.is(result.result, "got not json");
});

test("heartbeats keep a callback alive while the clock moves; without one it times out at its heartbeat deadline", async (t) => {
  const runner = new LocalTestRunner({ handler: approval(24 * 60, 5), startTime: T0 });
  const execution = runner.run();
  const handle = await runner.callbacks.waitFor("approval");
  const started = runner.clock.now();
  for (let beat = 0; beat < 3; beat++) {
    await runner.clock.advance({ minutes: 4 });
    await handle.heartbeat();
  }
  t.is(runner.clock.now(), started + 12 * MINUTE, "advance moves the clock by exactly what it was told");
  await handle.succeed({ approved: true, by: "kim" });
  t.is((await execution).result, "approved by kim");

  const silent = new LocalTestRunner({ handler: approval(24 * 60, 5), startTime: T0 });
  const run = silent.run();
  await silent.callbacks.heartbeat("approval");
  const beatAt = silent.clock.now();
  const result = await run;
  t.regex(result.result as string, /^timed out/);
  t.like(result.getOperation("approval"), { status: "TIMED_OUT", endedAt: beatAt + 5 * MINUTE });
});

test("clock.advance fires what falls due on the way, each at its own time, and stops at its target", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.wait("short", { minutes: 1 });
    await ctx.wait("long", { minutes: 10 });
    const { result } = await ctx.createCallback<string>("go");
    return result;
  }, config);
  const runner = new LocalTestRunner({ handler, startTime: T0 });
  const execution = runner.run();
  await runner.clock.advance({ minutes: 5 });
  t.is(runner.clock.now(), T0 + 5 * MINUTE);
  await runner.clock.advance({ minutes: 10 });
  t.is(runner.clock.now(), T0 + 15 * MINUTE);
  await runner.callbacks.succeed("go", "gone");
  const result = await execution;
  t.is(result.result, "gone");
  t.is(result.getOperation("short").endedAt, T0 + MINUTE);
  t.is(result.getOperation("long").endedAt, T0 + 11 * MINUTE);
});

test("the service's limits apply: a callback result over 256 KiB is refused in the test, as Lambda refuses it", async (t) => {
  const big = "x".repeat(300 * 1024);
  const runner = new LocalTestRunner({ handler: approval() });
  const execution = runner.run();
  const handle = await runner.callbacks.waitFor("approval");
  const refused = await t.throwsAsync(handle.succeed({ approved: true, by: big }));
  t.is(refused?.name, "ValidationException");
  t.regex(refused!.message, /Member must have length less than or equal to 262144/);
  await handle.succeed({ approved: true, by: "a short name" });
  t.is((await execution).result, "approved by a short name");

  // Declared up front, the refusal fails the run with the service's error.
  const declared = await t.throwsAsync(new LocalTestRunner({ handler: approval() }).run({ callbacks: { approval: { succeed: big } } }));
  t.is(declared?.name, "ValidationException");
});
