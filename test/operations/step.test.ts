import test from "ava";
import { durable, NonDeterministicError, Retry, StepError, StepInterruptedError, StepTimeoutError, ValidationError } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { failedStep, historyOf, invocationEvent, startedStep, succeededStep } from "../../src/testing/history-builders.js";
import { forkJoin, lastValueFrom, map } from "rxjs";
import { runLive, quiet } from "../helpers/live.js";
import { RecordingClient } from "../helpers/recording-client.js";

test("cold: a step that is never subscribed runs nothing and sends nothing", async (t) => {
  let ran = 0;
  const live = await runLive((_event, ctx) => {
    ctx.step("never", () => ++ran);
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
  t.is(live.result, "done");
});

test("at-least-once: START and SUCCEED travel in one request, and the value is emitted only after it is acknowledged", async (t) => {
  let seenByService: string | undefined;
  const engine = new DurableEngine();
  const live = await runLive(
    async (_event, ctx) => {
      const value = await ctx.step("a", () => ({ n: 1 }));
      seenByService = engine.getRecord(ctx.executionArn)!.operations.find((e) => e.op.Name === "a")?.op.Status;
      return value;
    },
    { engine },
  );
  t.deepEqual(live.client.checkpoints.map((updates) => updates.map((u) => u.Action)), [["START", "SUCCEED"]]);
  t.is(seenByService, "SUCCEEDED");
  t.deepEqual(live.result, { n: 1 });
  t.is(live.client.checkpoints[0]![1]!.Payload, '{"n":1}');
});

test("at-most-once: START is acknowledged in its own request before the body runs", async (t) => {
  let applied = 0;
  const seenAtBody: number[] = [];
  const live = await runLive(
    async (_event, ctx) =>
      ctx.step("charge", () => {
        seenAtBody.push(applied);
        return 1;
      }, { semantics: "at-most-once-per-retry" }),
    { afterResponse: () => void applied++ },
  );
  t.deepEqual(live.client.checkpoints.map((updates) => updates.map((u) => u.Action)), [["START"], ["SUCCEED"]]);
  t.deepEqual(seenAtBody, [1]);
});

test("the history of one invocation replays in the next: no update for completed work, no body re-run", async (t) => {
  const runs: Record<string, number> = { a: 0, b: 0 };
  const live = await runLive(async (_event, ctx) => {
    const a = await ctx.step("a", () => (runs.a++, 1));
    await ctx.wait("w", { seconds: 30 });
    const b = await ctx.step("b", () => (runs.b++, 2));
    return a + b;
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(runs, { a: 1, b: 1 });
  t.deepEqual(live.client.actions, ["START STEP a", "SUCCEED STEP a", "START WAIT w", "START STEP b", "SUCCEED STEP b"]);
  t.is(live.result, 3);
});

test("retry: a failing step is retried by its strategy, each retry in a new invocation, attempts counted", async (t) => {
  const attempts: number[] = [];
  const live = await runLive(async (_event, ctx) =>
    ctx.step("flaky", ({ attempt }) => {
      attempts.push(attempt);
      if (attempt < 3) throw new Error(`fail ${attempt}`);
      return "ok";
    }, { retry: Retry.fixed({ maxAttempts: 5, delay: { seconds: 2 } }) }),
  );
  t.deepEqual(attempts, [1, 2, 3]);
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(live.client.actions, ["START STEP flaky", "RETRY STEP flaky", "START STEP flaky", "RETRY STEP flaky", "START STEP flaky", "SUCCEED STEP flaky"]);
  const retry = live.client.checkpoints.flat().find((u) => u.Action === "RETRY")!;
  t.deepEqual(retry.StepOptions, { NextAttemptDelaySeconds: 2 });
  t.is(retry.Error?.ErrorMessage, "fail 1");
  t.is(live.result, "ok");
});

test("a step that exhausts its retries FAILs with the original name, and live and replayed errors are identical", async (t) => {
  const seen: unknown[] = [];
  class PaymentDeclined extends Error {
    override name = "PaymentDeclined";
    constructor(readonly code: string) {
      super("card declined");
    }
  }
  const body = async (_event: unknown, ctx: any) => {
    try {
      await ctx.step("pay", () => {
        throw new PaymentDeclined("E42");
      }, { retry: Retry.presets.noRetry });
    } catch (error) {
      const e = error as StepError;
      seen.push({ cls: e.constructor.name, name: e.name, code: e.code, message: e.message, cause: [(e.cause as Error).name, (e.cause as Error).message], data: e.errorData });
    }
    await ctx.wait("w", { seconds: 1 }); // forces a second invocation, which replays the failure
    return "handled";
  };
  const live = await runLive(body);
  t.is(live.result, "handled");
  t.deepEqual(live.client.actions.filter((a) => a.includes("pay")), ["START STEP pay", "FAIL STEP pay"]);
  const fail = live.client.checkpoints.flat().find((u) => u.Action === "FAIL")!;
  t.is(fail.Error?.ErrorType, "PaymentDeclined");
  t.is(seen.length, 2);
  t.deepEqual(seen[0], seen[1]);
  t.deepEqual(seen[0], { cls: "StepError", name: "StepError", code: "STEP_FAILED", message: "card declined", cause: ["PaymentDeclined", "card declined"], data: '{"code":"E42"}' });
});

test("registered error classes are rebuilt as themselves, live and on replay", async (t) => {
  class OutOfStock extends Error {
    static readonly errorType = "OutOfStock";
    override get name() {
      return "OutOfStock";
    }
  }
  const seen: boolean[] = [];
  await runLive(async (_event, ctx) => {
    await ctx.step("reserve", () => { throw new OutOfStock("none left"); }, { retry: Retry.presets.noRetry, errors: [OutOfStock] }).then(
      () => seen.push(false),
      (e) => seen.push(e instanceof OutOfStock && e.message === "none left"),
    );
    await ctx.wait({ seconds: 1 });
  });
  t.deepEqual(seen, [true, true]);
});

test("suspension: a step after a wait does not run in the first invocation", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    await ctx.wait({ seconds: 10 });
    return ctx.step(() => ++ran);
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(ran, 1);
});

test("non-determinism: a renamed step FAILS the execution even inside try/catch, naming both names", async (t) => {
  let caught = 0;
  const handler = durable(async (_event, ctx) => {
    try {
      return await ctx.step("refund", () => 1);
    } catch {
      caught++;
      return "swallowed";
    }
  }, { client: new RecordingClient({ send: async () => ({}) }), logger: quiet });
  const output = (await handler(invocationEvent(historyOf(succeededStep("1", 1, { name: "charge" }))))) as any;
  t.is(caught, 0);
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "NonDeterministicError");
  t.regex(output.Error.ErrorMessage, /charge/);
  t.regex(output.Error.ErrorMessage, /refund/);
});

test("non-determinism with onNonDeterminism: retry-invocation throws so the execution waits for a fixed deployment", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.wait("w", { seconds: 1 }), {
    client: { send: async () => ({}) },
    logger: quiet,
    onNonDeterminism: "retry-invocation",
  });
  await t.throwsAsync(handler(invocationEvent(historyOf(succeededStep("1", 1, { name: "w" })))), { instanceOf: NonDeterministicError });
});

test("early unsubscribe detaches but never cancels: the step finishes, and a later await gets the same value", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    const op = ctx.step("a", () => new Promise<number>((resolve) => setTimeout(() => resolve(++ran), 5)));
    op.subscribe().unsubscribe();
    const later = await op;
    const again = await op;
    return [later, again];
  });
  t.is(ran, 1);
  t.deepEqual(live.result, [1, 1]);
  t.deepEqual(live.client.actions, ["START STEP a", "SUCCEED STEP a"]);
});

test("checkpoint failure (a 4xx) FAILS the execution and is never delivered to the user's catch", async (t) => {
  let caught = 0;
  const failing = {
    async send() {
      throw Object.assign(new Error("Updates too large"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
    },
  };
  const handler = durable(async (_event, ctx) => {
    try {
      return await ctx.step("a", () => 1);
    } catch {
      caught++;
      return "swallowed";
    }
  }, { client: failing, logger: quiet });
  const output = (await handler(invocationEvent(historyOf()))) as any;
  t.is(caught, 0);
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "CheckpointError");
});

test("checkpoint failure with a stale token throws so Lambda retries the invocation", async (t) => {
  const stale = {
    async send() {
      throw Object.assign(new Error("Invalid checkpoint token"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
    },
  };
  const handler = durable(async (_event, ctx) => ctx.step("a", () => 1), { client: stale, logger: quiet });
  const error = await t.throwsAsync(handler(invocationEvent(historyOf())));
  t.is(error?.name, "CheckpointError");
});

/** An execution on `engine` whose first invocation checkpointed `updates`, then crashed; returns the next event. */
async function afterCrash(engine: DurableEngine, client: RecordingClient, updates: object[]) {
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  const first = engine.beginInvocation(arn, Date.now()).event;
  await client.send({ name: "CheckpointDurableExecution", input: { DurableExecutionArn: arn, CheckpointToken: first.CheckpointToken, Updates: updates } });
  engine.completeInvocation(arn, { thrown: new Error("crash") }, Date.now());
  client.requests.length = 0;
  return engine.beginInvocation(arn, Date.now()).event;
}

test("at-most-once found STARTED on replay: StepInterruptedError goes through retry, body not re-run in that attempt", async (t) => {
  const engine = new DurableEngine();
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  const event = await afterCrash(engine, client, [{ Id: "c4ca4238a0b92382", Type: "STEP", SubType: "Step", Name: "once", Action: "START" }]);
  let ran = 0;
  const handler = durable(async (_event, ctx) => ctx.step("once", () => ++ran, { semantics: "at-most-once-per-retry", retry: Retry.presets.noRetry }), { client, logger: quiet });
  const output = (await handler(event)) as any;
  t.is(ran, 0);
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorMessage, new StepInterruptedError().message);
  t.deepEqual(client.actions, ["FAIL STEP once"]);
});

test("at-least-once found STARTED on replay runs the body again without a new START", async (t) => {
  const engine = new DurableEngine();
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  const event = await afterCrash(engine, client, [{ Id: "c4ca4238a0b92382", Type: "STEP", SubType: "Step", Name: "a", Action: "START" }]);
  const handler = durable(async (_event, ctx) => ctx.step("a", () => "again"), { client, logger: quiet });
  t.deepEqual(await handler(event), { Status: "SUCCEEDED", Result: '"again"' });
  t.deepEqual(client.actions, ["SUCCEED STEP a"]);
});

test("timeout: an attempt over its timeout fails with StepTimeoutError and its signal is aborted", async (t) => {
  let aborted = false;
  const live = await runLive(async (_event, ctx) => {
    try {
      await ctx.step("slow", ({ signal }) => new Promise((resolve) => {
        signal.addEventListener("abort", () => { aborted = true; });
        setTimeout(resolve, 5_000).unref();
      }), { timeout: { seconds: 1 }, retry: Retry.presets.noRetry });
      return "no timeout";
    } catch (error) {
      return [(error as StepError).name, error instanceof StepTimeoutError, error instanceof StepError];
    }
  });
  t.true(aborted);
  t.deepEqual(live.result, ["StepTimeoutError", true, true]);
});

test("the signal is made on first read: read after the timeout it is already aborted, with the StepTimeoutError as its reason", async (t) => {
  let lateRead!: Promise<AbortSignal>;
  const live = await runLive(async (_event, ctx) => {
    try {
      await ctx.step(
        "slow",
        (stepContext) => {
          // The body reads its signal only after the attempt timed out.
          lateRead = new Promise((resolve) => setTimeout(() => resolve(stepContext.signal), 1_200));
          return lateRead;
        },
        { timeout: { seconds: 1 }, retry: Retry.presets.noRetry },
      );
      return "no timeout";
    } catch (error) {
      return (error as Error).name;
    }
  });
  t.is(live.result, "StepTimeoutError");
  const signal = await lateRead;
  t.true(signal.aborted);
  t.true(signal.reason instanceof StepTimeoutError);
});

test("the signal is made on first read: read while the attempt runs, it aborts when the invocation ends", async (t) => {
  let signal: AbortSignal | undefined;
  const live = await runLive(async (_event, ctx) => {
    // Never awaited: the invocation ends while its body still runs.
    ctx.step("straggler", (stepContext) => {
      signal = stepContext.signal;
      return new Promise(() => {});
    }).subscribe();
    await new Promise((resolve) => setImmediate(resolve));
    return "done";
  });
  t.is(live.result, "done");
  t.false(signal === undefined);
  t.true(signal!.aborted);
});

test("the step context: attempt, a logger made on first read (the same one each time) that writes the attempt's fields", async (t) => {
  const lines: string[] = [];
  const sink = { ...quiet, info: (line: string) => lines.push(line) };
  const seen: unknown[] = [];
  await runLive(
    async (_event, ctx) =>
      ctx.step(
        "noisy",
        (stepContext) => {
          seen.push(stepContext.attempt, stepContext.logger === stepContext.logger);
          const { logger, attempt } = stepContext;
          logger.info("working", { attempt });
          if (attempt === 1) throw new Error("again");
          return "ok";
        },
        { retry: Retry.fixed({ maxAttempts: 2, delay: { seconds: 1 } }) },
      ),
    { config: { logger: sink } },
  );
  t.deepEqual(seen, [1, true, 2, true]);
  const logged = lines.map((line) => JSON.parse(line)).filter((line) => line.message === "working");
  t.deepEqual(logged.map((line) => [line.attempt, line.operationId]), [[1, "c4ca4238a0b92382"], [2, "c4ca4238a0b92382"]]);
});

test("replay through subscription: every subscriber of a recorded step gets its value, and the body never runs", async (t) => {
  let ran = 0;
  const client = new RecordingClient({ send: async () => ({}) });
  const handler = durable(
    (_event, ctx) => {
      const op = ctx.step("charge", () => ++ran);
      // Two subscribers and an await: the recorded outcome is the same for each.
      return lastValueFrom(forkJoin([op, op, op.pipe(map((value) => value * 10))]));
    },
    { client, logger: quiet },
  );
  const output = (await handler(invocationEvent(historyOf(succeededStep("1", 7, { name: "charge" }))))) as any;
  t.deepEqual(output, { Status: "SUCCEEDED", Result: "[7,7,70]" });
  t.is(ran, 0);
  t.deepEqual(client.actions, []);
});

test("replay through subscription: a recorded failure errors every subscriber with the same error", async (t) => {
  const handler = durable(
    async (_event, ctx) => {
      const op = ctx.step("charge", () => 1);
      const errors = await Promise.all([lastValueFrom(op).catch((error: Error) => error), lastValueFrom(op).catch((error: Error) => error)]);
      return [errors[0] === errors[1], errors[0] instanceof StepError, (errors[0] as Error).message];
    },
    { client: new RecordingClient({ send: async () => ({}) }), logger: quiet },
  );
  const output = (await handler(invocationEvent(historyOf(failedStep("1", { ErrorType: "Error", ErrorMessage: "card declined" }, { name: "charge" }))))) as any;
  t.deepEqual(JSON.parse(output.Result), [true, true, "card declined"]);
});

test("bad input fails at call time with a clear ValidationError", (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.step("", () => 1), { instanceOf: ValidationError, message: /name/i });
    t.throws(() => ctx.step("é", () => 1), { instanceOf: ValidationError });
    t.throws(() => ctx.step("a", 42 as never), { instanceOf: ValidationError, message: /function/ });
    t.throws(() => ctx.step("a", () => 1, { semantics: "exactly-once" as never }), { instanceOf: ValidationError, message: /semantics/ });
    t.throws(() => ctx.step("a", () => 1, { timeout: { seconds: 0 } }), { instanceOf: ValidationError });
    return "checked";
  }, { client: { send: async () => ({}) }, logger: quiet });
  return handler(invocationEvent(historyOf())).then((output) => t.deepEqual(output, { Status: "SUCCEEDED", Result: '"checked"' }));
});

test("a nested operation inside a step body is context misuse: the execution FAILS", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    try {
      return await ctx.step("outer", async () => ctx.step("inner", () => 1));
    } catch {
      return "swallowed";
    }
  });
  t.is(live.run.status, "FAILED");
  t.regex(live.run.error?.ErrorMessage ?? "", /Context usage error/);
});
