import test from "ava";
import { durable } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { runLive, quiet } from "../helpers/live.js";
import { RecordingClient } from "../helpers/recording-client.js";

test("a step still running when the invocation suspends cannot checkpoint or throw into the next invocation", async (t) => {
  let signalAborted = false;
  let finishedLate = false;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const live = await runLive(async (_event, ctx) => {
      ctx.step("straggler", ({ signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener("abort", () => (signalAborted = true));
          setTimeout(() => {
            finishedLate = true;
            reject(new Error("late failure"));
          }, 50);
        }),
      ).subscribe({ error: () => {} });
      await ctx.wait("w", { seconds: 5 });
      return "done";
    }, { maxInvocations: 5 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.true(signalAborted || live.invocations.length > 1);
    t.true(finishedLate);
    t.is(live.result, "done");
    t.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});

test("operations created after the invocation ended are inert: no request, no emission", async (t) => {
  const engine = new DurableEngine();
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  let leaked: any;
  const handler = durable(async (_event, ctx) => {
    leaked = ctx;
    return "first";
  }, { client, logger: quiet });
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  const event = engine.beginInvocation(arn, Date.now()).event;
  t.deepEqual(await handler(event), { Status: "SUCCEEDED", Result: '"first"' });
  let emitted = false;
  leaked.step("late", () => 1).subscribe(() => (emitted = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.false(emitted);
  t.deepEqual(client.checkpoints, []);
});

test("no per-execution state is kept between invocations: two executions interleaved in one process", async (t) => {
  const body = async (event: { n: number }, ctx: any) => {
    const a = await ctx.step("a", () => event.n);
    await ctx.wait("w", { seconds: 1 });
    return a * 10;
  };
  const [x, y] = await Promise.all([runLive(body, { input: { n: 1 } }), runLive(body, { input: { n: 2 } })]);
  t.is(x.result, 10);
  t.is(y.result, 20);
});
