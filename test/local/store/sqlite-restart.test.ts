import test from "ava";
import { durable, Retry } from "../../../src/index.js";
import { DurableEngine, sequentialIds, type DurableEngineOptions } from "../../../src/local/engine/index.js";
import type { ExecutionStore } from "../../../src/local/engine/store.js";
import { InProcessLambdaClient } from "../../../src/local/in-process-client.js";
import { invokeHandler, type DurableHandler } from "../../../src/local/invoke-handler.js";
import { createLambdaContext } from "../../../src/local/lambda-context.js";
import { callbackStart, contextStart, running, stepStart, stepSucceed, T0, waitStart, type Running } from "../../helpers/engine-fixtures.js";
import { quiet } from "../../helpers/live.js";
import { plain, sqliteFile } from "./store-fixtures.js";

/**
 * A store reopened on the same file has everything, and a restarted service resumes:
 * write with one store instance, close it, open another on the file, carry on.
 */

const engineOn = (store: ExecutionStore, prefix: string, options: DurableEngineOptions = {}): DurableEngine =>
  new DurableEngine({ store, ids: sequentialIds(prefix), ...options });
const suspend = (r: Running, now = T0): void => void r.engine.completeInvocation(r.arn, { output: { Status: "PENDING" } }, now);
const callbackIdOf = (engine: DurableEngine, arn: string, id: string): string =>
  engine.getRecord(arn)?.operations.find((entry) => entry.op.Id === id)?.op.CallbackDetails?.CallbackId ?? "";

/** Everything a store answers about its executions, for comparing two stores. */
function everything(store: ExecutionStore, arns: string[]): unknown {
  return {
    records: arns.map((arn) => plain(store.get(arn))),
    list: [...store.list()],
    due: arns.map((arn) => [store.nextDueAt(arn), store.dueOperations(arn, T0 + 10_000_000).sort()]),
    earliest: store.nextDueAt(),
    dueExecutions: store.dueExecutions(T0 + 10_000_000).sort(),
    toInvoke: store.executionsToInvoke().sort(),
    invoking: store.executionsInvoking().sort(),
    byName: arns.map((arn) => {
      const record = store.get(arn);
      return record && store.findByName(record.functionName, record.qualifier, record.name);
    }),
  };
}

test("a reopened store has every execution, operation, event, callback, timer, token and invocation", (t) => {
  const file = sqliteFile(t);
  const first = file.open();
  const engine = engineOn(first, "a-");

  // A: two invocations, every kind of operation, the second invocation still running.
  const a = running({}, '{"order":7}', engine);
  a.cp([stepStart("s"), stepSucceed("s", '"charged"'), contextStart("c"), stepStart("c-1", { ParentId: "c" })], T0, "ct-1");
  a.cp(
    [
      waitStart("w", 60),
      callbackStart("cb", { TimeoutSeconds: 300, HeartbeatTimeoutSeconds: 30 }),
      stepStart("r"),
      { Id: "r", Type: "STEP", Action: "RETRY", Error: { ErrorType: "Flaky", ErrorMessage: "try again" }, StepOptions: { NextAttemptDelaySeconds: 10 } },
      { Id: "i", Type: "CHAINED_INVOKE", Action: "START", Payload: "{}", ChainedInvokeOptions: { FunctionName: "other" } },
    ],
    T0 + 1,
    "ct-2",
  );
  suspend(a, T0 + 2);
  engine.heartbeatCallback(callbackIdOf(engine, a.arn, "cb"), T0 + 5_000);
  engine.fireDue(T0 + 10_000);
  a.token = engine.beginInvocation(a.arn, T0 + 10_000).event.CheckpointToken;
  a.cp([{ Id: "r", Type: "STEP", Action: "START" }], T0 + 10_001, "ct-3");
  a.cp([], T0 + 10_002);

  // B: ended. C: never invoked, with an execution timeout.
  const b = running({}, undefined, engine);
  b.cp([{ Id: "x", Type: "EXECUTION", Action: "FAIL", Error: { ErrorMessage: "no" } }]);
  engine.completeInvocation(b.arn, { output: { Status: "FAILED", Error: { ErrorMessage: "no" } } }, T0 + 3);
  const c = engine.startExecution({ functionName: "other", name: "named", executionTimeoutSeconds: 600 }, T0 + 4);

  const arns = [a.arn, b.arn, c.arn];
  const before = everything(first, arns);
  const historyBefore = engine.getHistory(a.arn, { MaxItems: 5, ReverseOrder: true });
  first.close();

  const second = file.open();
  t.deepEqual(everything(second, arns), before);
  const reopened = engineOn(second, "b-");
  t.deepEqual(reopened.getHistory(a.arn, { MaxItems: 5, ReverseOrder: true }), historyBefore);
  // The running invocation's tokens came back: the latest checkpoints, any pages the state.
  t.is(reopened.getExecutionState({ DurableExecutionArn: a.arn, CheckpointToken: a.token }).Operations?.length, 8);
  t.notThrows(() => reopened.checkpoint({ DurableExecutionArn: a.arn, CheckpointToken: a.token, Updates: [stepSucceed("r", "3")] }, T0 + 10_003));
});

test("after a restart due timers fire, callbacks still complete, and the execution carries on", (t) => {
  const file = sqliteFile(t);
  const engine1 = engineOn(file.open(), "one-");
  const r = running({}, undefined, engine1);
  r.cp([
    waitStart("w", 60),
    callbackStart("cb", { TimeoutSeconds: 3600, HeartbeatTimeoutSeconds: 600 }),
    stepStart("s"),
    { Id: "s", Type: "STEP", Action: "RETRY", StepOptions: { NextAttemptDelaySeconds: 30 } },
  ]);
  suspend(r, T0 + 1);
  const callbackId = callbackIdOf(engine1, r.arn, "cb");
  engine1.store.close();

  // A restart: the retry comes due.
  const engine2 = engineOn(file.open(), "two-");
  t.is(engine2.nextDueAt(), T0 + 30_000);
  t.deepEqual(engine2.fireDue(T0 + 30_000), [r.arn]);
  t.deepEqual(engine2.executionsToInvoke(), [r.arn]);
  let token = engine2.beginInvocation(r.arn, T0 + 30_000).event.CheckpointToken;
  token =
    engine2.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: token, Updates: [stepStart("s"), stepSucceed("s", "1")] }, T0 + 30_001)
      .CheckpointToken ?? "";
  engine2.completeInvocation(r.arn, { output: { Status: "PENDING" } }, T0 + 30_002);
  engine2.store.close();

  // Another: the wait comes due, and the callback issued before the first restart completes.
  const engine3 = engineOn(file.open(), "three-");
  t.is(engine3.nextDueAt(r.arn), T0 + 60_000);
  t.deepEqual(engine3.fireDue(T0 + 60_000), [r.arn]);
  t.deepEqual(engine3.succeedCallback(callbackId, '"approved"', T0 + 61_000), { arn: r.arn });
  const { event } = engine3.beginInvocation(r.arn, T0 + 61_000);
  t.deepEqual(
    event.InitialExecutionState.Operations?.map((op) => [op.Id, op.Status]).slice(1),
    [
      ["w", "SUCCEEDED"],
      ["cb", "SUCCEEDED"],
      ["s", "SUCCEEDED"],
    ],
  );
  engine3.checkpoint(
    { DurableExecutionArn: r.arn, CheckpointToken: event.CheckpointToken, Updates: [{ Id: "x", Type: "EXECUTION", Action: "SUCCEED", Payload: '"done"' }] },
    T0 + 61_001,
  );
  engine3.completeInvocation(r.arn, { output: { Status: "SUCCEEDED", Result: "" } }, T0 + 61_002);
  t.like(engine3.getRecord(r.arn), { status: "SUCCEEDED", result: '"done"', endMs: T0 + 61_001 });
  const events = engine3.getHistory(r.arn, { MaxItems: 1000 }).Events;
  t.deepEqual(
    events.map((e) => e.EventId),
    events.map((_, i) => i + 1),
    "one history, numbered without a gap across three stores",
  );
  t.deepEqual(
    events.slice(-2).map((e) => e.EventType),
    ["ExecutionSucceeded", "InvocationCompleted"],
  );
  t.is(engine3.nextDueAt(), undefined);
});

test("the execution timeout fires after a restart", (t) => {
  const file = sqliteFile(t);
  const engine1 = engineOn(file.open(), "one-");
  const { arn } = engine1.startExecution({ functionName: "fn", executionTimeoutSeconds: 120 }, T0);
  engine1.store.close();
  const engine2 = engineOn(file.open(), "two-");
  t.deepEqual(engine2.fireDue(T0 + 120_000), []);
  t.like(engine2.getRecord(arn), { status: "TIMED_OUT", error: { ErrorMessage: "Durable execution timed out" } });
});

test("a ClientToken retried after a restart gets the response it got before", (t) => {
  const file = sqliteFile(t);
  const engine1 = engineOn(file.open(), "one-");
  const r = running({}, undefined, engine1);
  const request = { DurableExecutionArn: r.arn, CheckpointToken: r.token, Updates: [stepStart("a")], ClientToken: "retry-me" };
  const answer = engine1.checkpoint(request, T0);
  engine1.store.close();
  const engine2 = engineOn(file.open(), "two-");
  t.deepEqual(engine2.checkpoint(request, T0 + 1), answer);
  t.is(engine2.getRecord(r.arn)?.events.filter((e) => e.EventType === "StepStarted").length, 1);
});

test("an invocation the old process left running is reported, ended as thrown, and retried", (t) => {
  const file = sqliteFile(t);
  const engine1 = engineOn(file.open(), "one-");
  const r = running({}, undefined, engine1);
  r.cp([stepStart("a")]);
  engine1.store.close();
  const engine2 = engineOn(file.open(), "two-");
  t.deepEqual(engine2.executionsInvoking(), [r.arn]);
  const end = engine2.completeInvocation(r.arn, { thrown: new Error("the service restarted") }, T0 + 1);
  t.like(end, { status: "RUNNING", reinvoke: true, invocation: { outcome: "THREW" } });
  t.deepEqual(engine2.executionsInvoking(), []);
  t.throws(() => engine2.checkpoint({ DurableExecutionArn: r.arn, CheckpointToken: r.token }, T0 + 1), {
    message: "Invalid Checkpoint Token",
  });
  t.notThrows(() => engine2.beginInvocation(r.arn, T0 + 2));
});

test("a durable handler finishes across two restarts: a retried step, then an hour's wait", async (t) => {
  const file = sqliteFile(t);
  let attempts = 0;
  const handler = durable(
    async (_event: unknown, ctx) => {
      const charged = await ctx.step(
        "charge",
        () => {
          attempts += 1;
          if (attempts === 1) throw new Error("the card network timed out");
          return 20;
        },
        { retry: Retry.fixed({ maxAttempts: 3, delay: { seconds: 30 } }) },
      );
      await ctx.wait("cool-off", { hours: 1 });
      return charged + 1;
    },
    { logger: quiet, dev: false },
  ) as unknown as DurableHandler;

  async function invoke(engine: DurableEngine, arn: string, now: number) {
    const start = engine.beginInvocation(arn, now);
    const client = new InProcessLambdaClient(engine, { clock: () => now });
    const context = createLambdaContext(start.requestId, engine.describeExecution(arn, false).FunctionArn);
    const outcome = await invokeHandler(handler, client, start.event, context, 60_000);
    return engine.completeInvocation(arn, outcome, now);
  }

  const engine1 = engineOn(file.open(), "one-");
  const { arn } = engine1.startExecution({ functionName: "payments", input: "{}" }, T0);
  t.like(await invoke(engine1, arn, T0), { status: "RUNNING", invocation: { outcome: "PENDING" } });
  engine1.store.close();

  const engine2 = engineOn(file.open(), "two-");
  const retryAt = engine2.nextDueAt(arn) ?? 0;
  t.true(retryAt >= T0 + 30_000, "the step's retry is the pending timer");
  t.deepEqual(engine2.fireDue(retryAt), [arn]);
  t.like(await invoke(engine2, arn, retryAt), { status: "RUNNING", invocation: { outcome: "PENDING" } });
  engine2.store.close();

  const engine3 = engineOn(file.open(), "three-");
  const wakeAt = engine3.nextDueAt(arn) ?? 0;
  t.is(wakeAt, retryAt + 3_600_000, "the wait's end");
  t.deepEqual(engine3.fireDue(wakeAt), [arn]);
  t.like(await invoke(engine3, arn, wakeAt), { status: "SUCCEEDED" });
  t.like(engine3.getRecord(arn), { status: "SUCCEEDED", result: "21" });
  t.is(attempts, 2);
  t.deepEqual(
    engine3.getRecord(arn)?.invocations.map((i) => i.outcome),
    ["PENDING", "PENDING", "SUCCEEDED"],
  );
});
