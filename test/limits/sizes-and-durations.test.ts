import test from "ava";
import { durable, LimitExceededError, Retry, ValidationError } from "../../src/index.js";
import { LIMITS, updateOverLimit } from "../../src/checkpoint/limits.js";
import { callbackCommand } from "../../src/cli/commands-callback.js";
import { UsageError } from "../../src/cli/usage.js";
import { toErrorObject } from "../../src/errors/index.js";
import { invocationEvent, historyOf } from "../../src/testing/history-builders.js";
import { runLive } from "../helpers/live.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const MiB = 1024 * 1024;
/** A JSON string value of exactly `bytes` bytes once serialized (the quotes count). */
const jsonOfBytes = (bytes: number) => "x".repeat(bytes - 2);

test("a step result of exactly 1 MiB is stored; one byte more fails the step with LimitExceededError naming the limit", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const fits = await ctx.step("fits", () => jsonOfBytes(MiB));
    const over = await ctx.step("over", () => jsonOfBytes(MiB + 1)).then(
      () => "stored",
      (error: Error) => `${error.name}: ${error.message}`,
    );
    return { fits: fits.length, over };
  });
  t.is(live.result.fits, MiB - 2);
  t.regex(live.result.over, /^LimitExceededError: Step over returned 1048577 bytes once serialized; the limit is 1048576\./);
  t.is(live.byName("over").Status, "FAILED", "the failure is checkpointed, so a replay delivers it too");
});

test("a ReplayChildren summary is checked like any payload: not a string is a ValidationError, over 1 MiB a LimitExceededError", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const big = () => jsonOfBytes(300 * 1024);
    const outcome = (op: PromiseLike<unknown>) =>
      Promise.resolve(op).then(
        () => "ok",
        (error: Error) => `${(error.cause as Error)?.name}: ${(error.cause as Error)?.message}`,
      );
    return {
      number: await outcome(ctx.runInChildContext("number", async () => big(), { summary: () => 42 as never })),
      huge: await outcome(ctx.runInChildContext("huge", async () => big(), { summary: () => "s".repeat(MiB + 1) })),
      fine: await outcome(ctx.runInChildContext("fine", async () => big(), { summary: () => "300 KiB of x" })),
    };
  });
  t.regex(live.result.number, /^ValidationError: runInChildContext\("number"\): summary must return a string; got number/);
  t.regex(live.result.huge, /^LimitExceededError: runInChildContext\("huge"\): the summary is 1048577 bytes; the limit is 1048576/);
  t.is(live.result.fine, "ok");
  t.is(live.byName("fine").ContextDetails.Result, "300 KiB of x");
});

test("an invoke input and a waitForCondition state over 1 MiB fail with LimitExceededError before anything is sent", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const invoke = await ctx.invoke("other-fn", jsonOfBytes(MiB + 1)).then(
      () => "sent",
      (error: Error) => error.name,
    );
    const condition = await ctx
      .waitForCondition("poll", async () => jsonOfBytes(MiB + 1), { initialState: "", waitStrategy: () => ({ shouldContinue: false }) })
      .then(
        () => "stored",
        (error: Error) => error.name,
      );
    return { invoke, condition };
  });
  t.deepEqual(live.result, { invoke: "LimitExceededError", condition: "LimitExceededError" });
  t.false(live.client.actions.some((action) => action.startsWith("START CHAINED_INVOKE")), "the oversized invoke never started");
});

test("updateOverLimit, the last check before an update is queued: payloads by type and the error-update size", (t) => {
  const step = { Id: "a", Type: "STEP", Action: "SUCCEED" } as const;
  t.is(updateOverLimit({ ...step, Payload: "x".repeat(MiB) }), undefined);
  t.regex(updateOverLimit({ ...step, Name: "s", Payload: "x".repeat(MiB + 1) })!.message, /^STEP "s" \(SUCCEED\): the payload is 1048577 bytes; the limit is 1048576/);
  t.regex(updateOverLimit({ ...step, Payload: "é".repeat(MiB / 2 + 1) })!.message, /1048578 bytes/, "bytes are counted in UTF-8");
  const execution = { Id: "e", Type: "EXECUTION", Action: "SUCCEED" } as const;
  t.is(updateOverLimit({ ...execution, Payload: "x".repeat(LIMITS.maxPayloadBytes) }), undefined, "an execution result may take 6 MiB");
  t.true(updateOverLimit({ ...execution, Payload: "x".repeat(LIMITS.maxPayloadBytes + 1) }) instanceof LimitExceededError);
  const hugeError = toErrorObject(Object.assign(new Error("m".repeat(100_000)), { detail: "d".repeat(100_000) }));
  t.is(updateOverLimit({ ...step, Action: "FAIL", Name: "n".repeat(256), Error: hugeError }), undefined, "an encoded error is truncated to fit");
  t.regex(updateOverLimit({ ...step, Action: "FAIL", Error: { ErrorMessage: "m".repeat(40_000) } })!.message, /the limit is 32768/);
});

test("durations out of range are ValidationErrors at the call, naming the range", async (t) => {
  const errors: string[] = [];
  const handler = durable(
    async (_event, ctx) => {
      const attempts: Array<() => unknown> = [
        () => ctx.wait("zero", { seconds: 0 }),
        () => ctx.wait("too-long", { days: 367 }),
        () => ctx.wait("fraction", { seconds: 1.5 }),
        () => ctx.step("t", () => 1, { timeout: { minutes: 16 } }),
        () => ctx.createCallback("cb", { timeout: { seconds: 0 } }),
        () => ctx.createCallback("hb", { heartbeatTimeout: { days: 400 } }),
        () => Retry.exponential({ maxAttempts: 3, maxDelay: { days: 400 } }),
      ];
      for (const attempt of attempts) {
        try {
          attempt();
          errors.push("accepted");
        } catch (error) {
          errors.push(error instanceof ValidationError ? error.message : `not a ValidationError: ${String(error)}`);
        }
      }
      return "done";
    },
    { client: { send: async () => ({}) }, logger: quiet, dev: false },
  );
  await handler(invocationEvent(historyOf()));
  t.regex(errors[0]!, /^wait\("zero"\) duration: duration must be between 1 second and 1 year \(31,622,400 s\); got 0 s/);
  t.regex(errors[1]!, /wait\("too-long"\).*1 year \(31,622,400 s\); got 31,708,800 s/);
  t.regex(errors[2]!, /whole number of seconds.*got 1\.5 s/);
  t.regex(errors[3]!, /step\("t"\) timeout.*15 minutes/);
  t.regex(errors[4]!, /createCallback\("cb"\) timeout.*between 1 second and 1 year/);
  t.regex(errors[5]!, /heartbeatTimeout.*1 year/);
  t.regex(errors[6]!, /1 year|31,622,400/);
});

test("a retry decision's delay: a fraction is rounded up to whole seconds, over a year fails the step with ValidationError before any RETRY", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const rounded = await ctx.step("rounded", (stepCtx) => (stepCtx.attempt === 1 ? Promise.reject(new Error("once")) : "ok"), {
      retry: () => ({ shouldRetry: true, delay: { seconds: 1.2 } }),
    });
    const tooLong = await ctx
      .step("too-long", () => Promise.reject(new Error("always")), { retry: () => ({ shouldRetry: true, delay: { days: 400 } }) })
      .then(
        () => "retried",
        (error: Error) => `${error.name}: ${error.message}`,
      );
    return { rounded, tooLong };
  });
  t.is(live.result.rounded, "ok");
  const retries = live.client.checkpoints.flat().filter((u) => u.Action === "RETRY");
  t.deepEqual(
    retries.map((u) => [u.Name, u.StepOptions?.NextAttemptDelaySeconds]),
    [["rounded", 2]],
  );
  t.regex(live.result.tooLong, /^ValidationError: step\(too-long\): retry delay must be at most 1 year \(31,622,400 s\); got 34,560,000 s/);
});

test("names: 256 printable ASCII characters are fine; 257, empty, or a control character are ValidationErrors naming the problem", async (t) => {
  const messages: string[] = [];
  await durable(
    async (_event, ctx) => {
      ctx.step("n".repeat(256), () => 1);
      for (const name of ["n".repeat(257), "", "tab\there"]) {
        try {
          ctx.step(name, () => 1);
        } catch (error) {
          messages.push((error as Error).message);
        }
      }
    },
    { client: { send: async () => ({}) }, logger: quiet, dev: false },
  )(invocationEvent(historyOf()));
  t.regex(messages[0]!, /the name is 257 characters long; the limit is 256/);
  t.regex(messages[1]!, /the name must not be empty/);
  t.regex(messages[2]!, /character 4 is U\+0009/);
});

test("checkpoint batch settings above the service's are refused at durable(), naming the limit", (t) => {
  t.throws(() => durable(async () => 1, { checkpoint: { maxBatchOperations: 251 } }), { instanceOf: ValidationError, message: /maxBatchOperations/ });
  t.throws(() => durable(async () => 1, { checkpoint: { maxBatchBytes: 768_001 } }), { instanceOf: ValidationError, message: /maxBatchBytes/ });
});

test("CLI: a callback result over 262,144 bytes is refused before it is sent", async (t) => {
  const io = { out() {}, err() {}, write() {}, env: {}, isTty: false, columns: 80 };
  const result = JSON.stringify("r".repeat(LIMITS.maxCallbackResultBytes));
  const error = await t.throwsAsync(callbackCommand(["succeed", "some-callback-id", result, "--endpoint", "http://127.0.0.1:9"], io));
  t.true(error instanceof UsageError);
  t.regex(error!.message, /the result is 262146 bytes; a callback result can be at most 262144 bytes/);
});
