import test from "ava";
import {
  customSerdes,
  durable,
  InvokeError,
  LimitExceededError,
  rawSerdes,
  StepError,
  ValidationError,
  type DurableContext,
  type DurableLambdaHandler,
} from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { runToCompletion } from "../../src/local/in-process-runner.js";
import { VirtualClock } from "../../src/local/virtual-clock.js";
import { failedInvoke, historyOf, invocationEvent, startedInvoke, succeededInvoke, succeededStep } from "../../src/testing/history-builders.js";
import { quiet, runLive } from "../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../helpers/terminal-conditions.js";
import { noRequestsClient, RecordingClient } from "../helpers/recording-client.js";

type Fn = (event: any, ctx: DurableContext) => unknown;

/** Runs `fn` to its end with `functions` available to its chained invokes, all on one engine. */
async function runWithFunctions(fn: Fn, functions: Record<string, Fn>, input?: unknown) {
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const client = new RecordingClient(new InProcessLambdaClient(engine, { clock: clock.now }));
  const wrap = (f: Fn): DurableLambdaHandler => durable(f as never, { logger: quiet, dev: false, client });
  const handlers = Object.fromEntries(Object.entries(functions).map(([name, f]) => [name, wrap(f)]));
  const run = await runToCompletion(wrap(fn) as never, { engine, client, clock, functions: handlers as never, input });
  const own = (arn: string) => client.requests.filter((r) => r.input.DurableExecutionArn === arn);
  return {
    run,
    client,
    engine,
    result: run.result === undefined ? undefined : JSON.parse(run.result),
    invocations: run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
    /** The updates the parent execution sent, flattened. */
    updates: own(run.arn)
      .filter((r) => r.command === "CheckpointDurableExecutionCommand")
      .flatMap((r) => r.input.Updates ?? []),
  };
}

const double: Fn = async (event: { n: number }, ctx) => ctx.step("double", () => event.n * 2);

test("cold: an invoke never subscribed sends nothing and runs nothing", async (t) => {
  let ran = 0;
  const live = await runWithFunctions(async (_event, ctx) => {
    ctx.invoke("double", { n: 1 });
    return "done";
  }, { double: async () => ++ran });
  t.is(ran, 0);
  t.deepEqual(live.updates, []);
});

test("START carries the JSON payload and the FunctionName, is acknowledged, then the invoke blocks until the function's execution ends", async (t) => {
  const live = await runWithFunctions(async (_event, ctx) => ctx.invoke<number>("double", { n: 21 }, { name: "twice" }), { double });
  t.is(live.result, 42);
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.updates, [
    { Id: "c4ca4238a0b92382", Type: "CHAINED_INVOKE", SubType: "ChainedInvoke", Name: "twice", Action: "START", Payload: '{"n":21}', ChainedInvokeOptions: { FunctionName: "double" } },
  ]);
  const child = live.engine.listExecutions({ FunctionName: "double" }).DurableExecutions;
  t.is(child.length, 1);
  t.is(live.engine.describeExecution(child[0]!.DurableExecutionArn).InputPayload, '{"n":21}');
  t.is(live.engine.getRecord(live.run.arn)!.operations.find((e) => e.op.Type === "CHAINED_INVOKE")!.op.ChainedInvokeDetails?.Result, "42");
});

test("a string input is the payload, never a name; no input sends no Payload (the function gets {})", async (t) => {
  const seen: unknown[] = [];
  const echo: Fn = async (event) => (seen.push(event), event);
  const live = await runWithFunctions(async (_event, ctx) => [await ctx.invoke("echo", "hello"), await ctx.invoke("echo")], { echo });
  t.deepEqual(live.result, ["hello", {}]);
  t.deepEqual(seen, ["hello", {}]);
  t.deepEqual(live.updates.map((u) => [u.Name, u.Payload]), [[undefined, '"hello"'], [undefined, undefined]]);
});

test("replay: a SUCCEEDED invoke returns the recorded result without any request", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.invoke("pricing", { sku: "a" }, { name: "price" }), { client: noRequestsClient, logger: quiet });
  const output = await handler(invocationEvent(historyOf(succeededInvoke("1", { total: 9 }, { name: "price" }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: '{"total":9}' });
});

test("replay: a STARTED invoke waits again without a second START", async (t) => {
  const client = new RecordingClient({ send: async () => ({}) });
  const handler = durable(async (_event, ctx) => ctx.invoke("pricing", {}), { client, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf(startedInvoke("1")))), { Status: "PENDING" });
  t.deepEqual(client.checkpoints, []);
});

test("a failed function rejects with InvokeError keeping ErrorType (as the cause's name) and ErrorData, live and on replay", async (t) => {
  const seen: unknown[] = [];
  const catching: Fn = async (_event, ctx) => {
    try {
      return await ctx.invoke("charge", { amount: 5 });
    } catch (error) {
      const e = error as InvokeError;
      seen.push([e instanceof InvokeError, e.message, (e.cause as Error).name, e.errorData]);
      return "handled";
    }
  };
  const charge: Fn = async () => {
    throw Object.assign(new RangeError("card declined"), { code: "DECLINED" });
  };
  const live = await runWithFunctions(catching, { charge });
  t.is(live.result, "handled");
  const stored = live.engine.getRecord(live.run.arn)!.operations.find((e) => e.op.Type === "CHAINED_INVOKE")!.op;
  t.is(stored.Status, "FAILED");
  const handler = durable(catching as never, { client: noRequestsClient, logger: quiet });
  await handler(invocationEvent(historyOf({ ...stored, StartTimestamp: undefined, EndTimestamp: undefined } as never)));
  const expected = [true, "card declined", "RangeError", '{"code":"DECLINED"}'];
  t.deepEqual(seen, [expected, expected]);
});

test("a function that failed with a durable-rx error: the cause is rebuilt as that class", async (t) => {
  const live = await runWithFunctions(
    async (_event, ctx) => ctx.invoke("flaky").then(String, (error: InvokeError) => [error.cause instanceof StepError, error.message]),
    { flaky: async (_event, ctx) => ctx.step("s", () => { throw new Error("boom"); }, { retry: () => ({ shouldRetry: false }) }) },
  );
  t.deepEqual(live.result, [true, "boom"]);
});

test("TIMED_OUT and STOPPED reject with InvokeError, with the service's message or a default", async (t) => {
  const messages: string[] = [];
  for (const [status, error] of [
    ["TIMED_OUT", { ErrorType: "States.Timeout", ErrorMessage: "Durable execution timed out" }],
    ["STOPPED", {}],
  ] as const) {
    const handler = durable(async (_event, ctx) => ctx.invoke("slow").then(String, (e: InvokeError) => (messages.push(`${e.name}: ${e.message}`), "x")), {
      client: noRequestsClient,
      logger: quiet,
    });
    await handler(invocationEvent(historyOf(failedInvoke("1", error, { status }))));
  }
  t.deepEqual(messages, ["InvokeError: Durable execution timed out", "InvokeError: Invoke was stopped"]);
});

test("payloadSerdes and resultSerdes replace JSON on each side", async (t) => {
  const upper = customSerdes<string>((s) => s.toUpperCase(), (s) => s!);
  const live = await runWithFunctions(
    async (_event, ctx) => ctx.invoke<string, string>("shout", "hi", { payloadSerdes: upper, resultSerdes: rawSerdes }),
    { shout: async (event: string) => `${event}!` },
  );
  t.is(live.updates[0]!.Payload, "HI");
  t.is(live.result, '"HI!"', "rawSerdes: the function's stored JSON text, as is");
});

test("a result that does not deserialize is a catchable InvokeError", async (t) => {
  const strict = customSerdes<number>(String, () => {
    throw new Error("not a number");
  });
  const live = await runWithFunctions(
    async (_event, ctx) => ctx.invoke("double", { n: 1 }, { resultSerdes: strict }).then(String, (e: InvokeError) => [e.name, /does not deserialize/.test(e.message)]),
    { double },
  );
  t.deepEqual(live.result, ["InvokeError", true]);
});

test("an input over 1 MiB is a catchable LimitExceededError and nothing is sent", async (t) => {
  const live = await runWithFunctions(
    async (_event, ctx) => ctx.invoke("double", { blob: "x".repeat(1024 * 1024) }).then(String, (e: Error) => e instanceof LimitExceededError),
    { double },
  );
  t.true(live.result);
  t.deepEqual(live.updates, []);
});

test("a function the runner does not know fails the invoke with ResourceNotFoundException", async (t) => {
  const live = await runWithFunctions(
    async (_event, ctx) => ctx.invoke("missing").then(String, (e: InvokeError) => [e.message, (e.cause as Error).name]),
    { double },
  );
  t.deepEqual(live.result, ["Function not found: missing", "ResourceNotFoundException"]);
});

test("chained invokes nest and wait in virtual time; an ARN or name:version names the registered function", async (t) => {
  const live = await runWithFunctions(
    async (_event, ctx) => {
      const a = await ctx.invoke<number>("arn:aws:lambda:us-east-1:123456789012:function:outer:3", { n: 1 });
      const b = await ctx.invoke<number>("outer:$LATEST", { n: 2 });
      return a + b;
    },
    {
      outer: async (event: { n: number }, ctx) => {
        await ctx.wait("pause", { days: 1 });
        return (await ctx.invoke<number>("double", event)) + 1;
      },
      double,
    },
  );
  t.is(live.result, 2 + 1 + 4 + 1);
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.is(live.engine.listExecutions({ FunctionName: "double" }).DurableExecutions.length, 2);
});

test.serial("the trace header Lambda provides is passed on as ChainedInvokeOptions.XAmznTraceId", async (t) => {
  const previous = process.env._X_AMZN_TRACE_ID;
  process.env._X_AMZN_TRACE_ID = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1";
  try {
    const live = await runWithFunctions(async (_event, ctx) => ctx.invoke("double", { n: 1 }), { double });
    t.deepEqual(live.updates[0]!.ChainedInvokeOptions, { FunctionName: "double", XAmznTraceId: process.env._X_AMZN_TRACE_ID } as never);
  } finally {
    if (previous === undefined) delete process.env._X_AMZN_TRACE_ID;
    else process.env._X_AMZN_TRACE_ID = previous;
  }
});

test("early unsubscribe detaches: one START, one execution, the result shared", async (t) => {
  const live = await runWithFunctions(async (_event, ctx) => {
    const op = ctx.invoke<number>("double", { n: 2 });
    op.subscribe().unsubscribe();
    return [await op, await op];
  }, { double });
  t.deepEqual(live.result, [4, 4]);
  t.is(live.updates.filter((u) => u.Action === "START").length, 1);
  t.is(live.engine.listExecutions({ FunctionName: "double" }).DurableExecutions.length, 1);
});

test("non-determinism: an invoke where the history has a step, or another name, FAILS the execution", async (t) => {
  for (const [history, make] of [
    [succeededStep("1", 1), (ctx: DurableContext) => ctx.invoke("double")],
    [startedInvoke("1", { name: "a" }), (ctx: DurableContext) => ctx.invoke("double", {}, { name: "b" })],
  ] as const) {
    const handler = durable(async (_event, ctx) => make(ctx).then(String, () => "swallowed"), { client: { send: async () => ({}) }, logger: quiet });
    const output = (await handler(invocationEvent(historyOf(history)))) as any;
    t.is(output.Status, "FAILED");
    t.is(output.Error.ErrorType, "NonDeterministicError");
  }
});

test("a checkpoint failure of the START FAILS the execution and never reaches the user's catch", async (t) => {
  await assertCheckpointFailureIsTerminal(t, (ctx) => ctx.invoke("double", {}));
});

test("without `functions`, the runner leaves the invoke to onSuspended (here: nobody), and says so", async (t) => {
  const error = await runLive(async (_event, ctx) => ctx.invoke("double", { n: 1 }), { maxInvocations: 3 }).catch((e: Error) => e);
  t.regex((error as Error).message, /CHAINED_INVOKE .* of function double that nobody ran/);
});

test("a bad function name, operation name or config key is a ValidationError at the call", async (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.invoke(""), { instanceOf: ValidationError });
    t.throws(() => ctx.invoke("not a function!"), { instanceOf: ValidationError, message: /not a function name/ });
    t.throws(() => ctx.invoke("f".repeat(141)), { instanceOf: ValidationError, message: /1–140/ });
    t.throws(() => ctx.invoke(42 as never), { instanceOf: ValidationError });
    t.throws(() => ctx.invoke("double", {}, { name: "" }), { instanceOf: ValidationError });
    t.throws(() => ctx.invoke("double", {}, { nmae: "x" } as never), { instanceOf: ValidationError, message: /nmae/ });
    return "checked";
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf())), { Status: "SUCCEEDED", Result: '"checked"' });
});
