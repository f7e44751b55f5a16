import test from "ava";
import { durable, ValidationError, type DurableEvent } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { executionStarted, historyOf, invocationEvent, succeededStep } from "../../src/testing/history-builders.js";
import { runLive, quiet } from "../helpers/live.js";
import { RecordingClient } from "../helpers/recording-client.js";

const handler = durable(async () => "ok", { client: { send: async () => ({}) }, logger: quiet });

const badEvent = test.macro({
  async exec(t, event: unknown, message: RegExp) {
    await t.throwsAsync(handler(event), { instanceOf: ValidationError, message });
  },
  title: (label) => `a bad event is rejected with a clear error: ${label}`,
});

const good = invocationEvent(historyOf());
test("not an object", badEvent, "hello", /not an object/);
test("no DurableExecutionArn (not a durable invocation)", badEvent, { ...good, DurableExecutionArn: undefined }, /Unexpected payload.*DurableExecutionArn is missing/s);
test("no CheckpointToken", badEvent, { ...good, CheckpointToken: "" }, /CheckpointToken is missing/);
test("no InitialExecutionState", badEvent, { DurableExecutionArn: good.DurableExecutionArn, CheckpointToken: "t" }, /InitialExecutionState/);
test("Operations not an array", badEvent, { ...good, InitialExecutionState: { Operations: {} } }, /InitialExecutionState\.Operations/);
test("an operation with an unknown Status", badEvent, invocationEvent([{ ...executionStarted(), Status: "DONE" as never }]), /Operations\.0\.Status/);
test("an operation without Id", badEvent, invocationEvent([{ ...executionStarted(), Id: "" }]), /Operations\.0\.Id/);
test("an operation with an unknown Type", badEvent, invocationEvent([{ ...executionStarted(), Type: "TIMER" as never }]), /Operations\.0\.Type/);

test("the initial state is paged in with GetDurableExecutionState before user code runs", async (t) => {
  const engine = new DurableEngine({ eventPageSize: 2 });
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  let firstRun = true;
  const body = durable(async (_event, ctx) => {
    let sum = 0;
    for (let i = 0; i < 5; i++) sum += await ctx.step(`s${i}`, () => i);
    if (firstRun) {
      firstRun = false;
      await ctx.wait({ seconds: 1 });
    }
    return sum;
  }, { client, logger: quiet });
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  const firstOutput = await body(engine.beginInvocation(arn, Date.now()).event);
  t.is(firstOutput.Status, "PENDING");
  engine.completeInvocation(arn, { output: firstOutput }, Date.now());
  engine.fireDue(Date.now() + 2000);
  client.requests.length = 0;
  const second = engine.beginInvocation(arn, Date.now() + 2000).event;
  t.truthy(second.InitialExecutionState.NextMarker);
  t.deepEqual(await body(second), { Status: "SUCCEEDED", Result: "10" });
  const pages = client.requests.filter((r) => r.command === "GetDurableExecutionStateCommand");
  t.is(pages.length, 1, "one page of up to 1000 after the event's own page");
  t.is(pages[0]!.input.MaxItems, 1000);
  t.is(pages[0]!.input.Marker, second.InitialExecutionState.NextMarker);
  t.deepEqual(client.checkpoints, [], "every step replayed: nothing sent");
});

test("a handler returning undefined answers SUCCEEDED without Result; a throw answers FAILED without StackTrace", async (t) => {
  const empty = durable(async () => undefined, { client: { send: async () => ({}) }, logger: quiet });
  t.deepEqual(await empty(good), { Status: "SUCCEEDED" });
  const failing = durable(async () => {
    throw new RangeError("too far");
  }, { client: { send: async () => ({}) }, logger: quiet });
  t.deepEqual(await failing(good), { Status: "FAILED", Error: { ErrorType: "RangeError", ErrorMessage: "too far" } });
});

test("a result over 6 MiB is checkpointed as the EXECUTION's SUCCEED and answered with Result \"\"", async (t) => {
  const live = await runLive(async () => "x".repeat(6 * 1024 * 1024 - 10));
  const execution = live.client.checkpoints.flat().find((u) => u.Type === "EXECUTION")!;
  t.is(execution.Action, "SUCCEED");
  t.is(live.run.status, "SUCCEEDED");
  t.is(live.result.length, 6 * 1024 * 1024 - 10);
});

test("a result larger than any payload fails with advice to offload", async (t) => {
  const output = (await durable(async () => "x".repeat(7 * 1024 * 1024), { client: { send: async () => ({}) }, logger: quiet })(good)) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "LimitExceededError");
  t.regex(output.Error.ErrorMessage, /S3/);
});

test("DurableError.invocation() thrown by the handler makes the invocation throw (Lambda retries)", async (t) => {
  const { DurableError } = await import("../../src/index.js");
  const h = durable(async () => {
    throw DurableError.invocation("try again");
  }, { client: { send: async () => ({}) }, logger: quiet });
  await t.throwsAsync(h(good), { message: "try again" });
});

test("events$: started and succeeded live, replayed tagged replay: true", async (t) => {
  const events: DurableEvent[] = [];
  const h = durable(async (_event, ctx) => {
    ctx.events$.subscribe((e) => events.push(e));
    await ctx.step("old", () => 0);
    return "x";
  }, { client: { send: async () => ({}) }, logger: quiet });
  await h(invocationEvent(historyOf(succeededStep("1", 0, { name: "old" }))));
  t.deepEqual(events.map((e) => [e.type, e.name, e.replay]), [
    ["invocation.started", undefined, false],
    ["operation.replayed", "old", true],
    ["invocation.completed", undefined, false],
  ]);
  const live: DurableEvent[] = [];
  await runLive(async (_event, ctx) => {
    ctx.events$.subscribe((e) => live.push(e));
    return ctx.step("new", () => 1);
  });
  t.deepEqual(live.filter((e) => e.type.startsWith("operation")).map((e) => [e.type, e.name, e.replay]), [
    ["operation.started", "new", false],
    ["operation.succeeded", "new", false],
  ]);
  t.true(live.some((e) => e.type === "checkpoint.flushed"));
});

test("ctx.logger is silent while replaying and logs with execution fields once live", async (t) => {
  const lines: any[] = [];
  const sink = { debug() {}, warn() {}, error() {}, info: (line: string) => lines.push(JSON.parse(line)) };
  const h = durable(async (_event, ctx) => {
    ctx.logger.info("before");
    await ctx.step("old", () => 0);
    await ctx.step("new", () => 1).pipe();
    ctx.logger.info("after");
    return "x";
  }, { client: new InProcessLambdaClient(new DurableEngine()), logger: sink, dev: false });
  const engine = new DurableEngine();
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  void arn;
  await h(invocationEvent(historyOf(succeededStep("1", 0, { name: "old" }), succeededStep("2", 1, { name: "new" }))));
  // "before" ran in an earlier invocation; "after" comes after the last operation of the history, so it is new.
  t.deepEqual(lines.map((line) => [line.message, line.isReplay]), [["after", false]]);
  lines.length = 0;
  const live = await runLive(async (_event, ctx) => {
    await ctx.step("a", () => 0);
    ctx.logger.info("hello", { k: 1 });
  }, { config: { logger: sink } });
  t.is(lines.length, 1);
  t.like(lines[0], { message: "hello", level: "INFO", executionArn: live.run.arn, isReplay: false, k: 1 });
});

test("a line logged after the last replayed operation is written (the code after it runs for the first time)", async (t) => {
  const lines: string[] = [];
  const sink = { debug() {}, warn() {}, error() {}, info: (line: string) => lines.push(JSON.parse(line).message) };
  await runLive(async (_event, ctx) => {
    ctx.logger.info("start");
    await ctx.wait({ seconds: 1 });
    ctx.logger.info("after wait");
  }, { config: { logger: sink } });
  t.deepEqual(lines, ["start", "after wait"]);
});

test("the handler-level serdes is the default of steps and child contexts", async (t) => {
  let calls = 0;
  const serdes = {
    serialize: (value: unknown) => (calls++, JSON.stringify(value)),
    deserialize: (data: string | undefined) => (data === undefined ? undefined : JSON.parse(data)),
    label: "counting",
  };
  const live = await runLive(async (_event, ctx) => ctx.runInChildContext(async (child) => child.step(() => 1)), { config: { serdes } });
  t.is(live.result, 1);
  t.is(calls, 2);
});
