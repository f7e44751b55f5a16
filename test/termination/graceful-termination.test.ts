import test from "ava";
import { durable, Retry, StepInterruptedError, ValidationError } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { terminationMargin } from "../../src/lambda/graceful-termination.js";
import { RecordingClient } from "../helpers/recording-client.js";
import { gate, lambdaContextEndingIn, MARGIN_MS, quiet, runWithDeadlines, untilAborted } from "./deadline-helpers.js";

const interruption = (update: any) => ({ action: update.Action, type: update.Error?.ErrorType, delay: update.StepOptions?.NextAttemptDelaySeconds });

test("a running at-least-once step is sent RETRY with StepInterruptedError at the deadline, and the next invocation runs it again", async (t) => {
  const attempts: number[] = [];
  const live = await runWithDeadlines(
    async (_event, ctx) =>
      ctx.step("slow", async (stepCtx) => {
        attempts.push(stepCtx.attempt);
        return stepCtx.attempt === 1 ? untilAborted(stepCtx) : "done";
      }),
    { deadlines: [50] },
  );
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(live.run.result, '"done"');
  t.deepEqual(attempts, [1, 2], "the interrupted attempt counted: the next one is attempt 2");
  const first = live.client.checkpoints.flat();
  t.deepEqual(first.map((u) => u.Action), ["START", "RETRY", "START", "SUCCEED"], "START and the interruption; then the next attempt");
  t.like(interruption(first[1]), { action: "RETRY", type: "StepInterruptedError" });
  t.true(first[1]!.StepOptions!.NextAttemptDelaySeconds! >= 1);
  t.regex(first[1]!.Error!.ErrorMessage!, /slow was interrupted: the invocation reached its deadline/);
  t.is(live.byName("slow").StepDetails.Attempt, 2);
});

test("an at-most-once step interrupted after its START is retried per its strategy, which sees StepInterruptedError", async (t) => {
  const seen: Array<[string, number]> = [];
  const live = await runWithDeadlines(
    async (_event, ctx) =>
      ctx.step("charge", (stepCtx) => (stepCtx.attempt === 1 ? untilAborted(stepCtx) : "charged"), {
        semantics: "at-most-once-per-retry",
        retry: (error, attempt) => {
          seen.push([error.name, attempt]);
          return { shouldRetry: true, delay: { seconds: 7 } };
        },
      }),
    { deadlines: [50] },
  );
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(seen, [["StepInterruptedError", 1]]);
  const updates = live.client.checkpoints.flat();
  t.deepEqual(updates.slice(0, 2).map((u) => u.Action), ["START", "RETRY"]);
  t.is(updates[1]!.StepOptions!.NextAttemptDelaySeconds, 7);
});

test("a step with no attempts left FAILS with StepInterruptedError; with nothing due the invocation throws and the retry replays the failure", async (t) => {
  const live = await runWithDeadlines(
    async (_event, ctx) => {
      try {
        return await ctx.step("once", untilAborted, { retry: Retry.presets.noRetry });
      } catch (error) {
        return { caught: (error as Error).name, interrupted: error instanceof StepInterruptedError };
      }
    },
    { deadlines: [50] },
  );
  t.deepEqual(live.invocations, ["THREW", "SUCCEEDED"]);
  t.regex(String((live.thrown[0] as Error).message), /deadline .*nothing scheduled to resume it/);
  t.deepEqual(JSON.parse(live.run.result!), { caught: "StepInterruptedError", interrupted: true });
  t.deepEqual(live.client.actions, ["START STEP once", "FAIL STEP once"]);
});

test("nothing running and nothing blocked at the deadline: the invocation throws so Lambda retries it", async (t) => {
  let invocation = 0;
  const live = await runWithDeadlines(
    async (_event, ctx) => {
      const first = invocation++ === 0;
      const a = await ctx.step("a", () => 1);
      if (first) await new Promise(() => {}); // non-durable work that outlives the deadline
      return a + (await ctx.step("b", () => 2));
    },
    { deadlines: [50] },
  );
  t.deepEqual(live.invocations, ["THREW", "SUCCEEDED"]);
  t.is(live.run.result, "3");
  t.deepEqual(live.client.actions, ["START STEP a", "SUCCEED STEP a", "START STEP b", "SUCCEED STEP b"], "a ran once: the retry replayed it");
});

test("a blocked wait is something due: a deadline while non-durable work runs beside it answers PENDING", async (t) => {
  let invocation = 0;
  const live = await runWithDeadlines(
    async (_event, ctx) => {
      const waited = ctx.wait("pause", { minutes: 5 });
      if (invocation++ === 0) {
        waited.subscribe();
        await new Promise(() => {});
      }
      await waited;
      return "after the wait";
    },
    { deadlines: [50] },
  );
  t.deepEqual(live.invocations.slice(0, 1), ["PENDING"]);
  t.is(live.run.status, "SUCCEEDED");
  t.is(live.run.result, '"after the wait"');
});

test("after the deadline nothing new starts: a body finishing late is not recorded, and the operation after it is never created", async (t) => {
  const engine = new DurableEngine();
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  const late = gate<string>();
  const bodyDone = gate();
  let secondRan = false;
  const handler = durable(
    async (_event, ctx) => {
      const first = await ctx.step("first", async () => {
        const value = await late.promise;
        bodyDone.open();
        return value;
      });
      return ctx.step("second", () => {
        secondRan = true;
        return first;
      });
    },
    { client, logger: quiet, dev: false, terminationMarginMs: MARGIN_MS },
  );
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  const output = await handler(engine.beginInvocation(arn, Date.now()).event, lambdaContextEndingIn(30));
  t.deepEqual(output, { Status: "PENDING" });
  const sent = client.requests.length;
  late.open("finished after the deadline");
  await bodyDone.promise;
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.false(secondRan);
  t.is(client.requests.length, sent, "no request after the answer");
  t.deepEqual(client.actions, ["START STEP first", "RETRY STEP first"]);
});

test("never killed mid-checkpoint: a request in flight at the deadline completes, then the interruption is sent, then the answer", async (t) => {
  const live = await runWithDeadlines(
    async (_event, ctx) =>
      ctx.all([ctx.step("quick", () => "q"), ctx.step("slow", (stepCtx) => (stepCtx.attempt === 1 ? untilAborted(stepCtx) : "s"))]),
    // Each request takes 80 ms: quick's SUCCEED is in flight when the deadline comes at 40 ms.
    { deadlines: [40], latencyMs: 80 },
  );
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(JSON.parse(live.run.result!), ["q", "s"]);
  const first = live.client.checkpoints.slice(0, 2).map((batch) => batch.map((u) => `${u.Action} ${u.Name}`));
  t.deepEqual(first, [["START quick", "START slow", "SUCCEED quick"], ["RETRY slow"]]);
});

test("a waitForCondition check interrupted at the deadline resumes from the state it started from", async (t) => {
  const states: number[] = [];
  const live = await runWithDeadlines(
    async (_event, ctx) =>
      ctx.waitForCondition(
        "poll",
        async (state: number, stepCtx) => {
          states.push(state);
          if (state === 1 && stepCtx.attempt === 2) return untilAborted(stepCtx).then(() => -1);
          return state + 1;
        },
        { initialState: 0, waitStrategy: (state) => (state >= 2 ? { shouldContinue: false } : { shouldContinue: true, delay: { seconds: 1 } }) },
      ),
    { deadlines: [undefined, 50] },
  );
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(states, [0, 1, 1], "the interrupted check (state 1) ran again from state 1");
  t.is(live.run.result, "2");
  const updates = live.client.checkpoints.flat().map((u) => [u.Action, u.Payload]);
  t.deepEqual(updates, [
    ["START", undefined],
    ["RETRY", "1"],
    ["START", undefined],
    ["RETRY", "1"], // the interruption keeps the state the check started from
    ["START", undefined],
    ["SUCCEED", "2"],
  ]);
});

for (const mode of ["batched", "optimistic"] as const) {
  test(`${mode} mode: the running step is interrupted and the execution finishes the same`, async (t) => {
    let invocation = 0;
    const live = await runWithDeadlines(
      async (_event, ctx) => {
        const first = invocation++ === 0;
        // b runs from the start of the invocation, so the deadline always finds it running.
        const [a, b] = await ctx.all([ctx.step("a", () => 1), ctx.step("b", (stepCtx): Promise<unknown> => (first ? untilAborted(stepCtx) : Promise.resolve(2)))]);
        return a + (b as number);
      },
      { deadlines: [50], config: { checkpoint: { mode } } },
    );
    t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
    t.is(live.run.result, "3");
    t.true(live.client.actions.includes("RETRY STEP b"));
    t.is(live.client.actions.filter((a) => a === "SUCCEED STEP a").length, 1);
  });
}

test("a checkpoint failing at the deadline is answered as checkpoint failures are: a 4xx fails the execution", async (t) => {
  let requests = 0;
  const live = await runWithDeadlines(async (_event, ctx) => ctx.step("slow", untilAborted), {
    deadlines: [50],
    beforeRequest: (name) => {
      if (name.startsWith("CheckpointDurableExecution") && ++requests === 2) {
        throw Object.assign(new Error("Invalid parameter"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
      }
    },
  });
  t.deepEqual(live.invocations, ["FAILED"]);
  t.is(live.run.error?.ErrorType, "CheckpointError");
});

test("terminationMarginMs: 0 arms nothing; a bad margin is a ValidationError at durable()", async (t) => {
  t.throws(() => durable(async () => 1, { terminationMarginMs: -1 }), { instanceOf: ValidationError, message: /terminationMarginMs/ });
  t.throws(() => durable(async () => 1, { terminationMarginMs: 1.5 }), { instanceOf: ValidationError });
  const engine = new DurableEngine();
  const client = new InProcessLambdaClient(engine);
  const release = gate<string>();
  const handler = durable(async (_event, ctx) => ctx.step("s", () => release.promise), { client, logger: quiet, dev: false, terminationMarginMs: 0 });
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  const answer = handler(engine.beginInvocation(arn, Date.now()).event, lambdaContextEndingIn(-MARGIN_MS + 20));
  await new Promise((resolve) => setTimeout(resolve, 60));
  release.open("finished past the (fake) timeout");
  t.deepEqual(await answer, { Status: "SUCCEEDED", Result: '"finished past the (fake) timeout"' });
});

test("the default margin is 2 s, never more than a quarter of the time the invocation began with", (t) => {
  t.is(terminationMargin(undefined, 15 * 60_000), 2_000);
  t.is(terminationMargin(undefined, 3_000), 750);
  t.is(terminationMargin(undefined, 0), 0);
  t.is(terminationMargin(500, 3_000), 500, "a configured margin is used as given");
});

test("a context without getRemainingTimeInMillis arms no deadline", async (t) => {
  const engine = new DurableEngine();
  const client = new InProcessLambdaClient(engine);
  const handler = durable(async (_event, ctx) => ctx.step("s", () => "ok"), { client, logger: quiet, dev: false });
  const { arn } = engine.startExecution({ functionName: "fn" }, Date.now());
  t.deepEqual(await handler(engine.beginInvocation(arn, Date.now()).event, { awsRequestId: "r" }), { Status: "SUCCEEDED", Result: '"ok"' });
});
