import test from "ava";
import {
  customSerdes,
  durable,
  LimitExceededError,
  ValidationError,
  WaitForConditionError,
  WaitStrategy,
  type WaitStrategy as Strategy,
} from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { conditionStep, historyOf, invocationEvent, succeededStep } from "../../src/testing/history-builders.js";
import type { Operation, OperationUpdate } from "../../src/wire/types.js";
import { runLive, quiet } from "../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../helpers/terminal-conditions.js";
import { noRequestsClient } from "../helpers/recording-client.js";

type Count = { n: number };
const countTo = (target: number, delaySeconds = 10): Strategy<Count> => (state) =>
  state.n < target ? { shouldContinue: true, delay: { seconds: delaySeconds } } : { shouldContinue: false };
const FAR = "2099-01-01T00:00:00.000Z";

/**
 * A service double for hand-made histories: it records every update and answers with
 * the operation as the service would hold it afterwards (a RETRY is due far away).
 */
class AnsweringClient {
  readonly updates: OperationUpdate[] = [];
  async send(command: { input: { Updates?: OperationUpdate[] } }): Promise<unknown> {
    const updates = command.input.Updates ?? [];
    this.updates.push(...updates);
    const Operations = updates.map((u): Operation => {
      const Status = ({ START: "STARTED", RETRY: "PENDING", SUCCEED: "SUCCEEDED", FAIL: "FAILED", CANCEL: "CANCELLED" } as const)[u.Action];
      const op: Operation = { Id: u.Id, Type: u.Type, SubType: u.SubType, Name: u.Name, Status, StartTimestamp: Date.now() };
      if (u.Type === "STEP") op.StepDetails = { Result: u.Payload, Error: u.Error, NextAttemptTimestamp: u.Action === "RETRY" ? FAR : undefined };
      return op;
    });
    return { CheckpointToken: "dG9rZW4tMg==", NewExecutionState: { Operations } };
  }
}

test("cold: a waitForCondition never subscribed checks nothing and sends nothing", async (t) => {
  let checks = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.waitForCondition("poll", (s: Count) => (checks++, s), { initialState: { n: 0 }, waitStrategy: countTo(1) });
    return "done";
  });
  t.is(checks, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("each check is checkpointed: START, RETRY with the state and the delay while polling, SUCCEED with the final state", async (t) => {
  const checked: Array<[number, number]> = [];
  const decided: number[] = [];
  const live = await runLive(async (_event, ctx) =>
    ctx.waitForCondition("count", (state: Count, { attempt }) => (checked.push([state.n, attempt]), { n: state.n + 1 }), {
      initialState: { n: 0 },
      waitStrategy: (state, attempt) => (decided.push(attempt), countTo(3)(state, attempt)),
    }),
  );
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(checked, [[0, 1], [1, 2], [2, 3]]);
  t.deepEqual(decided, [1, 2, 3]);
  t.deepEqual(
    live.client.checkpoints.flat().map((u) => [u.Type, u.SubType, u.Action, u.Payload, u.StepOptions?.NextAttemptDelaySeconds]),
    [
      ["STEP", "WaitForCondition", "START", undefined, undefined],
      ["STEP", "WaitForCondition", "RETRY", '{"n":1}', 10],
      ["STEP", "WaitForCondition", "START", undefined, undefined],
      ["STEP", "WaitForCondition", "RETRY", '{"n":2}', 10],
      ["STEP", "WaitForCondition", "START", undefined, undefined],
      ["STEP", "WaitForCondition", "SUCCEED", '{"n":3}', undefined],
    ],
  );
  t.deepEqual(live.result, { n: 3 });
  t.is(live.byName("count").Status, "SUCCEEDED");
});

test("live and replay emit the same value: the state as the serdes gives it back", async (t) => {
  const seen: unknown[] = [];
  await runLive(async (_event, ctx) => {
    seen.push(await ctx.waitForCondition("when", () => ({ at: new Date(0) }), { initialState: { at: new Date(0) }, waitStrategy: () => ({ shouldContinue: false }) }));
    await ctx.wait("pause", { seconds: 1 });
  });
  t.deepEqual(seen, [{ at: "1970-01-01T00:00:00.000Z" }, { at: "1970-01-01T00:00:00.000Z" }]);
});

test("replay of a SUCCEEDED record returns the stored state without checking", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.waitForCondition("poll", () => t.fail("checked again") as never, { initialState: 0, waitStrategy: () => ({ shouldContinue: true }) }), {
    client: noRequestsClient,
    logger: quiet,
  });
  const output = await handler(invocationEvent(historyOf(conditionStep("1", "SUCCEEDED", { done: true }, { name: "poll", attempt: 4 }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: '{"done":true}' });
});

test("a failing check FAILs the operation at once (no retry); the error is a WaitForConditionError, the same live and on replay", async (t) => {
  const seen: unknown[] = [];
  let checks = 0;
  const live = await runLive(async (_event, ctx) => {
    try {
      await ctx.waitForCondition("poll", () => {
        checks++;
        throw new TypeError("bad answer");
      }, { initialState: 0, waitStrategy: () => ({ shouldContinue: true }) });
    } catch (error) {
      const e = error as WaitForConditionError;
      seen.push([e.constructor.name, e.message, (e.cause as Error).name]);
    }
    await ctx.wait("pause", { seconds: 1 });
    return "handled";
  });
  t.is(checks, 1);
  t.deepEqual(live.client.actions.filter((a) => a.endsWith("poll")), ["START STEP poll", "FAIL STEP poll"]);
  t.deepEqual(seen, [
    ["WaitForConditionError", "bad answer", "TypeError"],
    ["WaitForConditionError", "bad answer", "TypeError"],
  ]);
});

test("a FAILED record without an Error replays as WaitForConditionError with the default message", async (t) => {
  const handler = durable(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: number) => s, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }).then(
      () => "resolved",
      (e: Error) => [e.name, e.message],
    ), { client: noRequestsClient, logger: quiet });
  const output = await handler(invocationEvent(historyOf(conditionStep("1", "FAILED", undefined, { name: "poll" }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: '["WaitForConditionError","Wait for condition failed"]' });
});

test("STARTED on replay (a check was interrupted): checks again from the stored state, without a new START", async (t) => {
  const client = new AnsweringClient();
  const seen: Array<[Count, number]> = [];
  const handler = durable(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: Count, { attempt }) => (seen.push([s, attempt]), { n: s.n + 1 }), { initialState: { n: 0 }, waitStrategy: countTo(3) }), { client, logger: quiet });
  const output = await handler(invocationEvent(historyOf(conditionStep("1", "STARTED", { n: 2 }, { name: "poll", attempt: 2 }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: '{"n":3}' });
  t.deepEqual(seen, [[{ n: 2 }, 3]]);
  t.deepEqual(client.updates.map((u) => [u.Action, u.Payload]), [["SUCCEED", '{"n":3}']]);
});

test("READY on replay: START, then a check of the stored state; without a stored state, initialState", async (t) => {
  for (const [stored, expected] of [[{ n: 5 }, { n: 5 }], [undefined, { n: 0 }]] as const) {
    const client = new AnsweringClient();
    const seen: Count[] = [];
    const handler = durable(async (_event, ctx) =>
      ctx.waitForCondition("poll", (s: Count) => (seen.push(s), s), { initialState: { n: 0 }, waitStrategy: () => ({ shouldContinue: false }) }), { client, logger: quiet });
    await handler(invocationEvent(historyOf(conditionStep("1", "READY", stored, { name: "poll" }))));
    t.deepEqual(seen, [expected]);
    t.deepEqual(client.updates.map((u) => u.Action), ["START", "SUCCEED"]);
  }
});

test("PENDING on replay: the next check is not due, so the invocation suspends without a request", async (t) => {
  let checks = 0;
  const handler = durable(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: number) => (checks++, s), { initialState: 0, waitStrategy: () => ({ shouldContinue: true }) }), { client: noRequestsClient, logger: quiet });
  const output = await handler(invocationEvent(historyOf(conditionStep("1", "PENDING", 3, { name: "poll", nextAttemptAt: FAR }))));
  t.deepEqual(output, { Status: "PENDING" });
  t.is(checks, 0);
});

test("replay is validated (unlike the official SDK): a step, or another name, at its id FAILS the execution", async (t) => {
  for (const record of [succeededStep("1", 1, { name: "poll" }), conditionStep("1", "SUCCEEDED", 1, { name: "other" })]) {
    const handler = durable(async (_event, ctx) => ctx.waitForCondition("poll", (s: number) => s, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }), {
      client: { send: async () => ({}) },
      logger: quiet,
    });
    const output = (await handler(invocationEvent(historyOf(record)))) as any;
    t.is(output.Status, "FAILED");
    t.is(output.Error.ErrorType, "NonDeterministicError");
  }
});

test("timeout: once the deadline has passed, the check still runs, then the operation FAILs with WaitForConditionError", async (t) => {
  const client = new AnsweringClient();
  let checks = 0;
  const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000).toISOString();
  const handler = durable(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: number) => (checks++, s + 1), { initialState: 0, waitStrategy: () => ({ shouldContinue: true, delay: { minutes: 1 } }), timeout: { hours: 1 } }).then(
      () => "resolved",
      (e: Error) => [e.name, e.message],
    ), { client, logger: quiet });
  const output = await handler(invocationEvent(historyOf(conditionStep("1", "READY", 7, { name: "poll", attempt: 7, startedAt: twoHoursAgo }))));
  t.is(checks, 1);
  t.deepEqual(output, {
    Status: "SUCCEEDED",
    Result: JSON.stringify(["WaitForConditionError", 'waitForCondition("poll") timed out: the condition was still unmet after 3600 s (8 checks)']),
  });
  t.deepEqual(client.updates.map((u) => [u.Action, u.Error?.ErrorType]), [["START", undefined], ["FAIL", "WaitForConditionError"]]);
});

test("timeout: a delay past the deadline is shortened so that the last check runs at the deadline", async (t) => {
  const client = new AnsweringClient();
  const fiftySecondsAgo = new Date(Date.now() - 50_000).toISOString();
  const handler = durable(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: number) => s, { initialState: 0, waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 30 } }), timeout: { minutes: 1 } }), { client, logger: quiet });
  const output = await handler(invocationEvent(historyOf(conditionStep("1", "READY", 0, { name: "poll", startedAt: fiftySecondsAgo }))));
  t.deepEqual(output, { Status: "PENDING" });
  const delay = client.updates.find((u) => u.Action === "RETRY")!.StepOptions!.NextAttemptDelaySeconds!;
  t.true(delay >= 9 && delay <= 10, `clamped to the ~10 s left, got ${delay}`);
});

test("timeout: a condition met at the last check succeeds; the timeout is measured from the service's START", async (t) => {
  const engine = new DurableEngine();
  const live = await runLive(
    async (_event, ctx) =>
      ctx.waitForCondition("poll", (s: Count) => ({ n: s.n + 1 }), { initialState: { n: 0 }, waitStrategy: countTo(2, 5), timeout: { hours: 1 } }),
    { engine },
  );
  t.deepEqual(live.result, { n: 2 });
  t.deepEqual(live.client.checkpoints.flat().filter((u) => u.Action === "RETRY").map((u) => u.StepOptions?.NextAttemptDelaySeconds), [5]);
});

test("WaitStrategy.fixed gives up at maxAttempts: the operation FAILs with WaitForConditionError", async (t) => {
  const live = await runLive(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: number) => s + 1, {
      initialState: 0,
      waitStrategy: WaitStrategy.fixed({ shouldContinuePolling: () => true, maxAttempts: 3, delay: { seconds: 2 } }),
    }).then(() => "resolved", (e: Error) => [e.name, e.message]),
  );
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, ["WaitForConditionError", "waitForCondition exceeded maximum attempts (3)"]);
  t.deepEqual(live.client.actions.filter((a) => a.startsWith("RETRY") || a.startsWith("FAIL")), ["RETRY STEP poll", "RETRY STEP poll", "FAIL STEP poll"]);
});

test("a wait strategy that answers nonsense FAILs the operation with a ValidationError naming it", async (t) => {
  const live = await runLive(async (_event, ctx) =>
    ctx.waitForCondition("poll", (s: number) => s, { initialState: 0, waitStrategy: (() => ({ again: true })) as never }).then(
      () => "resolved",
      (e: Error) => [e.name, e.message],
    ),
  );
  t.deepEqual(live.result, ["ValidationError", 'waitForCondition("poll"): the wait strategy must return { shouldContinue: boolean, delay? }; got {"again":true}']);
});

test("the state goes through the configured serdes, and one too large to checkpoint FAILs with LimitExceededError", async (t) => {
  const serdes = customSerdes<Count>((v) => `n=${v.n}`, (s) => ({ n: Number(s!.slice(2)) }));
  const live = await runLive(async (_event, ctx) => {
    const small = await ctx.waitForCondition("small", (s: Count) => ({ n: s.n + 1 }), { initialState: { n: 0 }, waitStrategy: countTo(2, 1), serdes });
    const large = await ctx.waitForCondition("large", () => "x".repeat(1_100_000), { initialState: "", waitStrategy: () => ({ shouldContinue: false }) }).then(
      () => "resolved",
      (e: Error) => e instanceof LimitExceededError,
    );
    return { small, large };
  });
  t.deepEqual(live.result, { small: { n: 2 }, large: true });
  t.deepEqual(live.client.checkpoints.flat().filter((u) => u.Name === "small" && u.Payload).map((u) => u.Payload), ["n=1", "n=2"]);
});

test("bad arguments are a ValidationError at call time and take no id", async (t) => {
  await runLive(async (_event, ctx) => {
    const strategy = () => ({ shouldContinue: false as const });
    t.throws(() => ctx.waitForCondition("p", (s: number) => s, { waitStrategy: strategy } as never), { instanceOf: ValidationError, message: /requires a config with waitStrategy and initialState/ });
    t.throws(() => ctx.waitForCondition("p", (s: number) => s, { initialState: 0 } as never), { instanceOf: ValidationError, message: /requires a config/ });
    t.throws(() => ctx.waitForCondition("p", "check" as never, { initialState: 0, waitStrategy: strategy }), { instanceOf: ValidationError, message: /check must be a function/ });
    t.throws(() => ctx.waitForCondition("p", (s: number) => s, { initialState: 0, waitStrategy: strategy, timeout: { seconds: 0 } }), { instanceOf: ValidationError, message: /timeout/ });
    t.throws(() => ctx.waitForCondition("", (s: number) => s, { initialState: 0, waitStrategy: strategy }), { instanceOf: ValidationError });
    t.is(ctx.step("next", () => 1).id, hashOperationId("1"));
  });
});

test("early unsubscribe detaches: the polling still ends and later subscribers share its outcome", async (t) => {
  let checks = 0;
  const live = await runLive(async (_event, ctx) => {
    const poll = ctx.waitForCondition("poll", (s: Count) => (checks++, { n: s.n + 1 }), { initialState: { n: 0 }, waitStrategy: countTo(2, 1) });
    poll.subscribe().unsubscribe();
    return [await poll, await poll];
  });
  t.is(checks, 2);
  t.deepEqual(live.result, [{ n: 2 }, { n: 2 }]);
});

test("a checkpoint failure FAILS the execution and never reaches the user's catch", async (t) => {
  await assertCheckpointFailureIsTerminal(t, (ctx) =>
    ctx.waitForCondition("poll", (s: number) => s, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) }),
  );
});

test("optimistic mode: the final SUCCEED is acknowledged before the state is emitted", async (t) => {
  const engine = new DurableEngine();
  let atEmit: string | undefined;
  await runLive(
    async (_event, ctx) => {
      const state = await ctx.waitForCondition("poll", (s: number) => s + 1, { initialState: 0, waitStrategy: () => ({ shouldContinue: false }) });
      atEmit = engine.getRecord(ctx.executionArn)!.operations.find((e) => e.op.Name === "poll")?.op.Status;
      return state;
    },
    { engine, mode: "optimistic" },
  );
  t.is(atEmit, "SUCCEEDED");
});
