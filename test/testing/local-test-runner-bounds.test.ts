import test from "ava";
import { durable, type DurableConfig, type DurableContext } from "../../src/index.js";
import { LocalTestRunnerError } from "../../src/testing/local-test-runner-error.js";
import { LocalTestRunner } from "../../src/testing/local-test-runner.js";

/**
 * The runner never hangs: every wait is bounded, and a wait that cannot end the way the
 * test expected fails with a message saying what it waited for.
 */

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const config: DurableConfig = { logger: quiet, dev: false };
/** Short idle detection, so these tests take a tenth of a second each. */
const limits = { idleMs: 100 };

const approvalWithoutTimeout = durable(async (_event: unknown, ctx: DurableContext) => {
  await ctx.step("prepare", () => "ready");
  const { result } = await ctx.createCallback<boolean>("approval");
  return result;
}, config);

test("a callback nobody answers: the run rejects as stuck, naming the callback and how to answer it", async (t) => {
  const runner = new LocalTestRunner({ handler: approvalWithoutTimeout, limits });
  const error = await t.throwsAsync(runner.run(), { instanceOf: LocalTestRunnerError });
  t.is(error?.reason, "stuck");
  t.regex(error!.message, /cannot finish by itself/);
  t.regex(error!.message, /CALLBACK "approval" \(\w+\) with CallbackId \S+ that nobody completed/);
  t.regex(error!.message, /runner\.callbacks\.succeed\(name, value\)/);
  t.true(error!.waitingFor.some((line) => line.includes('"approval"')));
});

test("waiting for a callback that never starts: rejected once the execution ends, listing the callbacks that did", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    const { result } = await ctx.createCallback<string>("approval", { timeout: { hours: 1 } });
    return await result;
  }, config);
  const runner = new LocalTestRunner({ handler, limits });
  const execution = runner.run();
  const error = await t.throwsAsync(runner.callbacks.waitFor("aproval"), { instanceOf: LocalTestRunnerError });
  t.is(error?.reason, "never-started");
  t.is(error?.message, 'LocalTestRunner: callback "aproval" never started: the execution ended FAILED\nCallbacks that started: "approval".');
  t.is((await execution).status, "FAILED", "the real callback timed out meanwhile");
});

test("waiting for a callback that never starts while the execution is stuck: rejected with what it waits for", async (t) => {
  const runner = new LocalTestRunner({ handler: approvalWithoutTimeout, limits });
  const execution = runner.run();
  const error = await t.throwsAsync(runner.callbacks.waitFor("approval", { index: 1 }), { instanceOf: LocalTestRunnerError });
  t.regex(error!.message, /^LocalTestRunner: callback "approval" #2 never started: the execution cannot go on by itself; it waits for:\n {2}- CALLBACK "approval"/);
  // The run itself goes on: answering the first callback ends it.
  await runner.callbacks.succeed("approval", true);
  t.is((await execution).result, true);
});

test("an operation that never starts: waitForOperation rejects once the execution has ended, naming those that started", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.step("validate", () => 1);
    await ctx.wait("cool-off", { hours: 2 });
    return "done";
  }, config);
  const runner = new LocalTestRunner({ handler, limits });
  const execution = runner.run();
  const wait = await runner.waitForOperation("cool-off");
  t.like(wait, { type: "WAIT", status: "STARTED" });
  const ended = await runner.waitForOperation("cool-off", { until: "ended" });
  t.is(ended.status, "SUCCEEDED");
  const error = await t.throwsAsync(runner.waitForOperation("ship"), { instanceOf: LocalTestRunnerError });
  t.is(error?.message, 'LocalTestRunner: operation "ship" never started: the execution ended SUCCEEDED\nOperations that started: "validate", "cool-off".');
  t.is((await execution).result, "done");
});

test("an invoke of a function the runner does not know fails the run with its name and how to register it", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => ctx.invoke("payments", { amount: 5 }, { name: "pay" }), config);
  const error = await t.throwsAsync(new LocalTestRunner({ handler, limits }).run(), { instanceOf: LocalTestRunnerError });
  t.is(error?.reason, "unregistered-function");
  t.regex(error!.message, /invoked function "payments" \(CHAINED_INVOKE "pay" \(\w+\)\), which is not registered with this runner/);
  t.regex(error!.message, /functions: \{ "payments": durableHandler \}/);
});

test("a step that never settles: the real-time bound rejects the run, naming the running invocation and its step", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    // At most once: its START is acknowledged before the body runs, so the service knows the step is open.
    await ctx.step("hang", () => new Promise(() => {}), { semantics: "at-most-once-per-retry" });
  }, config);
  const error = await t.throwsAsync(new LocalTestRunner({ handler, limits: { realTimeMs: 1_000 } }).run(), { instanceOf: LocalTestRunnerError });
  t.is(error?.reason, "real-time");
  t.regex(error!.message, /took more than 1000 ms of real time \(limits\.realTimeMs\)/);
  t.regex(error!.message, /invocation 1 to return \(it is still running, inside STEP "hang" \(\w+\)\)/);
});

test("a workflow that polls forever: the invocation bound stops it", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    for (let i = 0; ; i++) await ctx.wait(`poll-${i}`, { seconds: 10 });
  }, config);
  const error = await t.throwsAsync(new LocalTestRunner({ handler, limits: { invocations: 20 } }).run(), { instanceOf: LocalTestRunnerError });
  t.is(error?.reason, "invocations");
  t.regex(error!.message, /more than 20 invocations \(limits\.invocations\)/);
  t.regex(error!.message, /WAIT "poll-\d+"/);
});

test("virtual time is bounded too: a timer beyond limits.virtualTime rejects the run instead of jumping there", async (t) => {
  const handler = durable(async (_event: unknown, ctx: DurableContext) => {
    await ctx.wait("first-year", { days: 365 });
    await ctx.wait("second-year", { days: 365 });
  }, config);
  const error = await t.throwsAsync(new LocalTestRunner({ handler, startTime: Date.UTC(2025, 0, 1) }).run(), { instanceOf: LocalTestRunnerError });
  t.is(error?.reason, "virtual-time");
  t.regex(error!.message, /falls due at 2027-01-01T00:00:00\.000Z, 730\.0 days after the run started, beyond limits\.virtualTime \(366 days\)/);
  t.regex(error!.message, /WAIT "second-year"/);
});

test("no run started: a waitFor gives up after limits.realTimeMs", async (t) => {
  const runner = new LocalTestRunner({ handler: approvalWithoutTimeout, limits: { realTimeMs: 100 } });
  await t.throwsAsync(runner.callbacks.waitFor("approval"), { message: /no run started within 100 ms/ });
});

test("nobody waits, nobody is stuck: a test may take its time between waitFor and the answer", async (t) => {
  const runner = new LocalTestRunner({ handler: approvalWithoutTimeout, limits });
  const execution = runner.run();
  const handle = await runner.callbacks.waitFor("approval");
  // Several idle periods pass; the run is not declared stuck while the test is busy.
  await new Promise((resolve) => setTimeout(resolve, 400));
  await handle.succeed(true);
  t.is((await execution).result, true);
});

test("an input the service refuses (over 6 MiB) rejects the run with the service's error", async (t) => {
  const runner = new LocalTestRunner({ handler: approvalWithoutTimeout });
  const error = await t.throwsAsync(runner.run({ input: "x".repeat(6_300_000) }));
  t.is(error?.name, "InvalidParameterValueException");
  t.regex(error!.message, /Invoke payload exceeds the maximum size/);
});
