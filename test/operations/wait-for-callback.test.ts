import test from "ava";
import {
  CallbackError,
  CallbackTimeoutError,
  ChildContextError,
  durable,
  rawSerdes,
  Retry,
  StepError,
  ValidationError,
  type DurableContext,
} from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { runToCompletion, type RunToCompletionOptions } from "../../src/local/in-process-runner.js";
import { VirtualClock } from "../../src/local/virtual-clock.js";
import {
  historyOf,
  invocationEvent,
  startedCallback,
  startedContext,
  succeededContext,
  succeededStep,
} from "../../src/testing/history-builders.js";
import { quiet, runLive } from "../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../helpers/terminal-conditions.js";
import { noRequestsClient, RecordingClient } from "../helpers/recording-client.js";

/** Runs `fn` to its end on the in-process engine; `onSuspended` is where the test answers. */
async function runAnswering(fn: (event: unknown, ctx: DurableContext) => unknown, onSuspended?: RunToCompletionOptions["onSuspended"]) {
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const client = new RecordingClient(new InProcessLambdaClient(engine, { clock: clock.now }));
  const handler = durable(fn as never, { logger: quiet, dev: false, client });
  const run = await runToCompletion(handler as never, { engine, client, clock, onSuspended });
  const operations = engine.getRecord(run.arn)!.operations.map((entry) => entry.op);
  return {
    run,
    client,
    operations,
    result: run.result === undefined ? undefined : JSON.parse(run.result),
    invocations: run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
  };
}

/** Answers the open callback of the execution, once. */
function answerOnce(answer: (engine: DurableEngine, callbackId: string, now: number) => void): RunToCompletionOptions["onSuspended"] {
  let done = false;
  return ({ arn, engine, now }) => {
    if (done) return;
    const open = engine.getRecord(arn)!.operations.find((e) => e.op.Type === "CALLBACK" && e.op.Status === "STARTED");
    if (!open) return;
    done = true;
    answer(engine, open.op.CallbackDetails!.CallbackId!, now);
  };
}

const succeedWith = (result: string) => answerOnce((engine, id, now) => engine.succeedCallback(id, result, now));

test("cold: never subscribed, nothing is created and the submitter never runs", async (t) => {
  let submitted = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.waitForCallback("approval", () => void submitted++);
    return "done";
  });
  t.is(submitted, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("a CONTEXT WaitForCallback with the CALLBACK (-1) and the unnamed submitter STEP (-2) as children; the answer is JSON-parsed", async (t) => {
  const submittedIds: string[] = [];
  const live = await runAnswering(
    async (_event, ctx) => ctx.waitForCallback<{ approved: boolean }>("approval", (callbackId) => void submittedIds.push(callbackId)),
    succeedWith('{"approved":true}'),
  );
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, { approved: true });
  const updates = live.client.checkpoints.flat();
  t.deepEqual(
    updates.map((u) => [u.Action, u.Type, u.SubType, u.Id, u.ParentId, u.Name]),
    [
      ["START", "CONTEXT", "WaitForCallback", "c4ca4238a0b92382", undefined, "approval"],
      ["START", "CALLBACK", "Callback", "ea66c06c1e1c05fa", "c4ca4238a0b92382", undefined],
      ["START", "STEP", "Step", "98c6f2c2287f4c73", "c4ca4238a0b92382", undefined],
      ["SUCCEED", "STEP", "Step", "98c6f2c2287f4c73", "c4ca4238a0b92382", undefined],
      ["SUCCEED", "CONTEXT", "WaitForCallback", "c4ca4238a0b92382", undefined, "approval"],
    ],
  );
  t.is(updates[3]!.Payload, undefined, "the submitter's value is not stored");
  t.is(updates[4]!.Payload, '{"approved":true}');
  const callback = live.operations.find((op) => op.Type === "CALLBACK")!;
  t.deepEqual(submittedIds, [callback.CallbackDetails!.CallbackId], "the submitter ran once, with the id the service issued");
});

test("replay: a SUCCEEDED WaitForCallback returns its stored answer without creating anything or submitting", async (t) => {
  let submitted = 0;
  const handler = durable(async (_event, ctx) => ctx.waitForCallback("approval", () => void submitted++), { client: noRequestsClient, logger: quiet });
  const history = historyOf(succeededContext("1", { ok: 1 }, { name: "approval", subType: "WaitForCallback" }));
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '{"ok":1}' });
  t.is(submitted, 0);
});

test("replay: a STARTED WaitForCallback whose submitter succeeded waits again without submitting again", async (t) => {
  let submitted = 0;
  const client = new RecordingClient({ send: async () => ({}) });
  const handler = durable(async (_event, ctx) => ctx.waitForCallback("approval", () => void submitted++), { client, logger: quiet });
  const history = historyOf(
    startedContext("1", { name: "approval", subType: "WaitForCallback" }),
    startedCallback("1-1", { parent: "1" }),
    succeededStep("1-2", undefined, { parent: "1" }),
  );
  t.deepEqual(await handler(invocationEvent(history)), { Status: "PENDING" });
  t.is(submitted, 0);
  t.deepEqual(client.checkpoints, []);
});

test("the submitter is retried by config.retry, then the answer is awaited", async (t) => {
  const attempts: number[] = [];
  const live = await runAnswering(
    async (_event, ctx) =>
      ctx.waitForCallback("approval", (_id, { attempt }) => {
        attempts.push(attempt);
        if (attempt < 3) throw new Error("mail server down");
      }, { retry: Retry.fixed({ maxAttempts: 5, delay: { seconds: 10 } }) }),
    succeedWith('"yes"'),
  );
  t.deepEqual(attempts, [1, 2, 3]);
  t.is(live.result, "yes");
  t.deepEqual(live.client.actions.filter((a) => a.startsWith("RETRY")), ["RETRY STEP", "RETRY STEP"]);
});

test("a submitter out of retries rejects with ChildContextError whose cause is the StepError, live and on replay", async (t) => {
  const seen: unknown[] = [];
  const live = await runAnswering(async (_event, ctx) => {
    const answer = () =>
      ctx.waitForCallback("approval", () => {
        throw new TypeError("no such approver");
      }, { retry: Retry.presets.noRetry });
    const outcome = await answer().then(String, (error: ChildContextError) => {
      seen.push([error.name, error.message, error.cause instanceof StepError]);
      return "handled";
    });
    await ctx.wait("then", { seconds: 1 });
    return outcome;
  });
  t.is(live.result, "handled");
  const expected = ["ChildContextError", "no such approver", true];
  t.deepEqual(seen, [expected, expected], "the same error in the second invocation, replayed from the CONTEXT");
});

test("a failure answer rejects with ChildContextError whose cause is the CallbackError, message and ErrorData kept", async (t) => {
  const live = await runAnswering(
    async (_event, ctx) =>
      ctx.waitForCallback("approval", () => {}).then(String, (error: ChildContextError) => {
        const cause = error.cause as CallbackError;
        return [error.name, cause instanceof CallbackError, cause instanceof CallbackTimeoutError, cause.message, cause.errorData, error.errorData];
      }),
    answerOnce((engine, id, now) => engine.failCallback(id, { ErrorType: "Rejected", ErrorMessage: "denied", ErrorData: '{"by":"bob"}' }, now)),
  );
  t.deepEqual(live.result, ["ChildContextError", true, false, "denied", '{"by":"bob"}', '{"by":"bob"}']);
});

test("a timeout rejects with ChildContextError whose cause is a CallbackTimeoutError", async (t) => {
  const live = await runAnswering(async (_event, ctx) =>
    ctx.waitForCallback("approval", () => {}, { timeout: { hours: 2 } }).then(String, (error: ChildContextError) => [
      error.name,
      error.cause instanceof CallbackTimeoutError,
      error.message,
    ]),
  );
  t.deepEqual(live.result, ["ChildContextError", true, "Callback timed out"]);
  t.deepEqual(live.client.checkpoints.flat().find((u) => u.Type === "CALLBACK")!.CallbackOptions, { TimeoutSeconds: 7200 });
});

test("rawSerdes gives the answer as sent, and stores it as is", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const text: string = await ctx.waitForCallback("approval", () => {}, { serdes: rawSerdes });
    return text;
  }, succeedWith("plain text"));
  t.is(live.result, "plain text");
  t.is(live.client.checkpoints.flat().find((u) => u.Type === "CONTEXT" && u.Action === "SUCCEED")!.Payload, "plain text");
});

test("an answer that does not deserialize rejects with ChildContextError whose cause is a CallbackError", async (t) => {
  const live = await runAnswering(
    async (_event, ctx) =>
      ctx.waitForCallback("approval", () => {}).then(String, (error: ChildContextError) => error.cause instanceof CallbackError),
    succeedWith("{broken"),
  );
  t.true(live.result);
  const fail = live.client.checkpoints.flat().find((u) => u.Type === "CONTEXT" && u.Action === "FAIL")!;
  t.is(fail.Error?.ErrorType, "CallbackError");
  t.regex(fail.Error?.ErrorMessage ?? "", /does not deserialize/);
});

test("a submitter that gets an answer at once finishes in one invocation: the answer comes back with the step's checkpoint", async (t) => {
  const engine = new DurableEngine();
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  const handler = durable(
    async (_event, ctx) => ctx.waitForCallback<number>("instant", (callbackId) => void engine.succeedCallback(callbackId, "7", Date.now())),
    { client, logger: quiet, dev: false },
  );
  const run = await runToCompletion(handler as never, { engine, client });
  t.deepEqual(run.invocations.map((i) => ("status" in i ? i.status : "THREW")), ["SUCCEEDED"]);
  t.is(run.result, "7");
});

test("non-determinism: a plain child context where the history has a WaitForCallback FAILS the execution", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.waitForCallback("approval", () => {}).then(String, () => "swallowed"), {
    client: { send: async () => ({}) },
    logger: quiet,
  });
  const output = (await handler(invocationEvent(historyOf(startedContext("1", { name: "approval" }))))) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "NonDeterministicError");
});

test("early unsubscribe detaches: one CONTEXT, one submission, the answer shared", async (t) => {
  let submitted = 0;
  const live = await runAnswering(async (_event, ctx) => {
    const op = ctx.waitForCallback<string>("approval", () => void submitted++);
    op.subscribe().unsubscribe();
    return [await op, await op];
  }, succeedWith('"ok"'));
  t.deepEqual(live.result, ["ok", "ok"]);
  t.is(submitted, 1);
  t.is(live.client.actions.filter((a) => a === "START CONTEXT approval").length, 1);
});

test("a checkpoint failure FAILS the execution and never reaches the user's catch", async (t) => {
  await assertCheckpointFailureIsTerminal(t, (ctx) => ctx.waitForCallback("approval", () => {}));
});

test("a bad submitter, name, duration or config key is a ValidationError at the call", async (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.waitForCallback("w", "nope" as never), { instanceOf: ValidationError, message: /submitter must be a function/ });
    t.throws(() => ctx.waitForCallback("", () => {}), { instanceOf: ValidationError });
    t.throws(() => ctx.waitForCallback("w", () => {}, { timeout: { seconds: 0.5 } }), { instanceOf: ValidationError, message: /waitForCallback\("w"\) timeout/ });
    t.throws(() => ctx.waitForCallback("w", () => {}, { retries: 3 } as never), { instanceOf: ValidationError, message: /retries/ });
    t.throws(() => ctx.waitForCallback(() => {}, { retry: 3 } as never), { instanceOf: ValidationError });
    return "checked";
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf())), { Status: "SUCCEEDED", Result: '"checked"' });
});

test("development mode: its unnamed children are created one after the other, so no creation-order warning", async (t) => {
  const warnings: string[] = [];
  const engine = new DurableEngine();
  const client = new InProcessLambdaClient(engine);
  const logger = { ...quiet, warn: (line: string) => void warnings.push(line) };
  const handler = durable(async (_event, ctx) => ctx.waitForCallback("w", (id) => void engine.succeedCallback(id, "1", Date.now())), {
    client,
    logger,
    dev: true,
  });
  const run = await runToCompletion(handler as never, { engine, client });
  t.is(run.result, "1");
  t.deepEqual(warnings, []);
});
