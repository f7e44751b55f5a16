import test from "ava";
import { forkJoin, lastValueFrom } from "rxjs";
import {
  CallbackError,
  CallbackTimeoutError,
  durable,
  rawSerdes,
  SerdesError,
  ValidationError,
  type DurableContext,
} from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient } from "../../src/local/in-process-client.js";
import { runToCompletion, type RunToCompletionOptions } from "../../src/local/in-process-runner.js";
import { RealClock, VirtualClock } from "../../src/local/virtual-clock.js";
import {
  failedCallback,
  historyOf,
  invocationEvent,
  startedCallback,
  succeededCallback,
  succeededStep,
  testCallbackId,
  timedOutCallback,
} from "../../src/testing/history-builders.js";
import { quiet, runLive } from "../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../helpers/terminal-conditions.js";
import { noRequestsClient, RecordingClient } from "../helpers/recording-client.js";

type Mode = "eager" | "batched" | "optimistic";

/** runLive, plus the runner's onSuspended hook: the place a test answers callbacks. */
async function runAnswering(
  fn: (event: unknown, ctx: DurableContext) => unknown,
  onSuspended: RunToCompletionOptions["onSuspended"],
  options: { mode?: Mode; clock?: VirtualClock | RealClock } = {},
) {
  const engine = new DurableEngine();
  const clock = options.clock ?? new VirtualClock();
  const client = new RecordingClient(new InProcessLambdaClient(engine, { clock: clock.now }));
  const handler = durable(fn as never, { logger: quiet, dev: false, client, checkpoint: { mode: options.mode ?? "eager" } });
  const run = await runToCompletion(handler as never, { engine, client, clock, onSuspended });
  return {
    run,
    client,
    engine,
    clock,
    result: run.result === undefined ? undefined : JSON.parse(run.result),
    invocations: run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
  };
}

/** The CallbackId the engine issued for the (only) callback named `name`. */
function issuedId(engine: DurableEngine, arn: string, name: string): string {
  return engine.getRecord(arn)!.operations.find((e) => e.op.Type === "CALLBACK" && e.op.Name === name)!.op.CallbackDetails!.CallbackId!;
}

/** Answers every open callback of the execution with `result`, once. */
function answerAll(result: string): RunToCompletionOptions["onSuspended"] {
  const answered = new Set<string>();
  return ({ arn, engine, now }) => {
    for (const { op } of engine.getRecord(arn)!.operations) {
      const id = op.CallbackDetails?.CallbackId;
      if (op.Type === "CALLBACK" && op.Status === "STARTED" && id && !answered.has(id)) {
        answered.add(id);
        engine.succeedCallback(id, result, now);
      }
    }
  };
}

test("cold: a callback never subscribed sends no START and blocks nothing", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    ctx.createCallback("unused");
    return "done";
  });
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.deepEqual(live.client.checkpoints, []);
});

test("START carries CallbackOptions in whole seconds, and {} without config", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const a = await ctx.createCallback("a", { timeout: { hours: 1 }, heartbeatTimeout: { minutes: 2 } });
    const b = await ctx.createCallback();
    return lastValueFrom(forkJoin([a.result, b.result]));
  }, answerAll('"ok"'));
  const starts = live.client.checkpoints.flat().filter((u) => u.Action === "START");
  t.deepEqual(starts, [
    { Id: "c4ca4238a0b92382", Type: "CALLBACK", SubType: "Callback", Name: "a", Action: "START", CallbackOptions: { TimeoutSeconds: 3600, HeartbeatTimeoutSeconds: 120 } },
    { Id: "c81e728d9d4c2f63", Type: "CALLBACK", SubType: "Callback", Action: "START", CallbackOptions: {} },
  ]);
  t.deepEqual(live.result, ["ok", "ok"]);
});

for (const mode of ["eager", "batched", "optimistic"] as const) {
  test(`${mode}: the handle emits only once the START is acknowledged, with the id the service issued`, async (t) => {
    const seen: { id: string; requestsAcknowledged: number }[] = [];
    let acknowledged = 0;
    const engine = new DurableEngine();
    const live = await runLive(
      async (_event, ctx) => {
        const { callbackId } = await ctx.createCallback("approval");
        seen.push({ id: callbackId, requestsAcknowledged: acknowledged });
        return callbackId;
      },
      { mode, engine, afterResponse: () => void acknowledged++ },
    );
    t.is(seen.length, 1);
    t.is(seen[0]!.id, issuedId(engine, live.run.arn, "approval"));
    t.is(seen[0]!.requestsAcknowledged, 1);
    t.is(live.result, seen[0]!.id);
  });
}

test("a pending result suspends the invocation; the answer arrives with the next one, JSON-parsed, without a second START", async (t) => {
  let notified = 0;
  const live = await runAnswering(async (_event, ctx) => {
    const { callbackId, result } = await ctx.createCallback<{ approved: boolean }>("approval");
    await ctx.step("notify", () => {
      notified++;
      return callbackId.length > 0;
    });
    const answer = await result;
    return answer.approved;
  }, answerAll('{"approved":true}'));
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.true(live.result);
  t.is(notified, 1);
  t.deepEqual(live.client.actions, ["START CALLBACK approval", "START STEP notify", "SUCCEED STEP notify"]);
});

test("replay: a SUCCEEDED callback gives its id and its answer without any request", async (t) => {
  const handler = durable(async (_event, ctx) => {
    const { callbackId, result } = await ctx.createCallback("approval");
    return { callbackId, answer: await result };
  }, { client: noRequestsClient, logger: quiet });
  const output = await handler(invocationEvent(historyOf(succeededCallback("1", '{"n":1}', { name: "approval" }))));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: JSON.stringify({ callbackId: testCallbackId("1"), answer: { n: 1 } }) });
});

test("replay: a callback still STARTED suspends again without a second START", async (t) => {
  const client = new RecordingClient({ send: async () => ({}) });
  const handler = durable(async (_event, ctx) => (await ctx.createCallback("approval")).result, { client, logger: quiet });
  const output = await handler(invocationEvent(historyOf(startedCallback("1", { name: "approval" }))));
  t.deepEqual(output, { Status: "PENDING" });
  t.deepEqual(client.checkpoints, []);
});

test("rawSerdes gives the answer as the string the party sent", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const { result } = await ctx.createCallback("raw", { serdes: rawSerdes });
    const text: string = await result;
    return text;
  }, answerAll('{"not":"parsed"}'));
  t.is(live.result, '{"not":"parsed"}');
});

test("a failure answer rejects result with CallbackError: the party's message, cause named by its ErrorType, ErrorData kept; the same on replay", async (t) => {
  const seen: unknown[] = [];
  const failure = { ErrorType: "Rejected", ErrorMessage: "not approved", ErrorData: '{"by":"alice"}' };
  const catching = async (_event: unknown, ctx: DurableContext) => {
    const { result } = await ctx.createCallback("approval");
    try {
      return await result;
    } catch (error) {
      const e = error as CallbackError;
      seen.push([e instanceof CallbackError, e instanceof CallbackTimeoutError, e.message, (e.cause as Error).name, e.errorData]);
      return "handled";
    }
  };
  let answered = false;
  const live = await runAnswering(catching, ({ arn, engine, now }) => {
    if (answered) return;
    answered = true;
    engine.failCallback(issuedId(engine, arn, "approval"), failure, now);
  });
  t.is(live.result, "handled");
  const handler = durable(catching, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf(failedCallback("1", failure, { name: "approval" })))), { Status: "SUCCEEDED", Result: '"handled"' });
  const expected = [true, false, "not approved", "Rejected", '{"by":"alice"}'];
  t.deepEqual(seen, [expected, expected]);
});

test("timeout: no answer in time rejects result with CallbackTimeoutError, live and on replay", async (t) => {
  const messages: string[] = [];
  const catching = async (_event: unknown, ctx: DurableContext) => {
    const { result } = await ctx.createCallback("approval", { timeout: { minutes: 10 } });
    return result.then(undefined, (error: unknown) => {
      t.true(error instanceof CallbackTimeoutError);
      messages.push((error as Error).message);
      return "timed out";
    });
  };
  const live = await runAnswering(catching, () => {});
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(live.result, "timed out");
  const handler = durable(catching, { client: noRequestsClient, logger: quiet });
  await handler(invocationEvent(historyOf(timedOutCallback("1", { name: "approval" }))));
  t.deepEqual(messages, ["Callback timed out", "Callback timed out"]);
});

test("heartbeat timeout: silence longer than heartbeatTimeout times the callback out; heartbeats keep it open", async (t) => {
  const outcome = async (beats: number) => {
    const clock = new VirtualClock();
    const live = await runAnswering(async (_event, ctx) => {
      const { result } = await ctx.createCallback("job", { heartbeatTimeout: { seconds: 60 }, timeout: { hours: 1 } });
      return result.then(String, (error: Error) => `${error.name}: ${error.message}`);
    }, ({ arn, engine }) => {
      if (beats === 0) return;
      const id = issuedId(engine, arn, "job");
      // 50 s between heartbeats, three times: 150 s in all, more than the 60 s heartbeat timeout.
      for (let beat = 0; beat < beats; beat++) {
        clock.advanceBy(50_000);
        engine.heartbeatCallback(id, clock.now());
      }
      clock.advanceBy(50_000);
      engine.succeedCallback(id, '"done"', clock.now());
    }, { clock });
    return live.result;
  };
  t.is(await outcome(0), "CallbackTimeoutError: Callback timed out on heartbeat");
  t.is(await outcome(3), "done");
});

test("an answer that does not deserialize is a catchable CallbackError whose cause is the SerdesError", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const { result } = await ctx.createCallback("approval");
    return result.then(
      () => "parsed?",
      (error: CallbackError) => [error.name, error.cause instanceof SerdesError, /does not deserialize/.test(error.message)],
    );
  }, answerAll("not json"));
  t.deepEqual(live.result, ["CallbackError", true, true]);
});

test("a result never awaited blocks nothing: the handler finishes in one invocation", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const { callbackId } = await ctx.createCallback("fire-and-forget");
    return callbackId.length > 0;
  });
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.true(live.result);
});

test("suspension waits for a running step: the callback is pending, the step finishes and is checkpointed, then PENDING", async (t) => {
  let runs = 0;
  const blocked = await runAnswering(async (_event, ctx) => {
    const cb = await ctx.createCallback<string>("approval");
    const [answer, slow] = await lastValueFrom(forkJoin([cb.result, ctx.step("slow", () => new Promise<number>((resolve) => setTimeout(() => resolve(++runs), 30)))]));
    return { answer, slow };
  }, answerAll('"yes"'));
  t.deepEqual(blocked.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(blocked.result, { answer: "yes", slow: 1 });
  t.is(runs, 1, "the step ran once, never again on replay");
  const first = blocked.client.checkpoints.flat().map((u) => `${u.Action} ${u.Type}`);
  t.deepEqual(first, ["START CALLBACK", "START STEP", "SUCCEED STEP"]);
});

test("an answer that arrives while a step keeps the invocation alive is picked up by a refresh checkpoint", async (t) => {
  const engine = new DurableEngine();
  const client = new RecordingClient(new InProcessLambdaClient(engine));
  const handler = durable(async (_event, ctx) => {
    const { callbackId, result } = await ctx.createCallback<string>("approval");
    // The party answers 200 ms later, while the slow step is still running.
    setTimeout(() => engine.succeedCallback(callbackId, '"approved"', Date.now()), 200);
    const [answer] = await lastValueFrom(forkJoin([result, ctx.step("slow", () => new Promise((resolve) => setTimeout(() => resolve("slow"), 1800)))]));
    return answer;
  }, { client, logger: quiet, dev: false });
  const run = await runToCompletion(handler as never, { engine, client, clock: new RealClock() });
  t.deepEqual(run.invocations.map((i) => ("status" in i ? i.status : "THREW")), ["SUCCEEDED"]);
  t.is(run.result, '"approved"');
  t.true(client.checkpoints.some((updates) => updates.length === 0), "an empty refresh checkpoint asked the service");
});

test("a callback inside a child context: ParentId is the child's, and the child replays its answer", async (t) => {
  let inner = 0;
  const live = await runAnswering(async (_event, ctx) =>
    ctx.runInChildContext("approval-flow", async (child) => {
      const { result } = await child.createCallback<number>("inner");
      inner++;
      return (await result) + 1;
    }), answerAll("41"));
  t.is(live.result, 42);
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  const start = live.client.checkpoints.flat().find((u) => u.Type === "CALLBACK")!;
  t.is(start.Id, "ea66c06c1e1c05fa");
  t.is(start.ParentId, "c4ca4238a0b92382");
  t.is(inner, 2, "the child's function ran again in the second invocation (its CONTEXT was still STARTED)");
});

test("callbacks combined with waits in one context: answered early, the wait still holds the branch until it is over", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const { result } = await ctx.createCallback<string>("approval");
    const [answer] = await lastValueFrom(forkJoin([result, ctx.wait("grace", { hours: 1 })]));
    return answer;
  }, answerAll('"ok"'));
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.is(live.result, "ok");
  t.deepEqual(live.client.actions, ["START CALLBACK approval", "START WAIT grace"]);
});

test("a callback with a timeout raced against a longer wait: the timeout answers first", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const { result } = await ctx.createCallback<string>("approval", { timeout: { minutes: 5 } });
    const grace = ctx.wait("grace", { minutes: 30 });
    grace.subscribe();
    return result.then(String, (error: Error) => error.name);
  }, () => {});
  t.is(live.result, "CallbackTimeoutError");
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
});

test("early unsubscribe detaches: the callback is created once and both handle and result are shared", async (t) => {
  const live = await runAnswering(async (_event, ctx) => {
    const op = ctx.createCallback<string>("approval");
    op.subscribe().unsubscribe();
    const [a, b] = [await op, await op];
    a.result.subscribe().unsubscribe();
    return [a.callbackId === b.callbackId, await a.result, await b.result];
  }, answerAll('"x"'));
  t.deepEqual(live.result, [true, "x", "x"]);
  t.is(live.client.actions.filter((a) => a === "START CALLBACK approval").length, 1);
});

test("non-determinism: a step where the history has a callback, or another name, FAILS the execution", async (t) => {
  for (const [history, make] of [
    [succeededStep("1", 1, { name: "approval" }), (ctx: DurableContext) => ctx.createCallback("approval")],
    [startedCallback("1", { name: "approval" }), (ctx: DurableContext) => ctx.createCallback("other")],
    [startedCallback("1", { name: "approval" }), (ctx: DurableContext) => ctx.step("approval", () => 1)],
  ] as const) {
    const handler = durable(async (_event, ctx) => {
      try {
        return await make(ctx);
      } catch {
        return "swallowed";
      }
    }, { client: { send: async () => ({}) }, logger: quiet });
    const output = (await handler(invocationEvent(historyOf(history)))) as any;
    t.is(output.Status, "FAILED");
    t.is(output.Error.ErrorType, "NonDeterministicError");
  }
});

test("a checkpoint failure of the START FAILS the execution and never reaches the user's catch", async (t) => {
  await assertCheckpointFailureIsTerminal(t, (ctx) => ctx.createCallback("approval"));
});

test("a START response without a CallbackId is a CallbackError naming the callback", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.createCallback("approval").then(String, (error: Error) => `${error.name}: ${error.message}`), {
    client: { send: async () => ({ CheckpointToken: "dG9rZW4tMg==", NewExecutionState: { Operations: [] } }) },
    logger: quiet,
  });
  const output = (await handler(invocationEvent(historyOf()))) as any;
  t.regex(JSON.parse(output.Result), /^CallbackError: No callback ID found for callback "approval" \(1\)/);
});

test("bad names, durations and config keys are ValidationErrors at the call", async (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.createCallback("", {}), { instanceOf: ValidationError });
    t.throws(() => ctx.createCallback("c", { timeout: { seconds: 0 } }), { instanceOf: ValidationError, message: /createCallback\("c"\) timeout/ });
    t.throws(() => ctx.createCallback("c", { heartbeatTimeout: { seconds: 1.5 } }), { instanceOf: ValidationError });
    t.throws(() => ctx.createCallback("c", { timeout: { days: 400 } }), { instanceOf: ValidationError });
    t.throws(() => ctx.createCallback("c", { timeot: { seconds: 5 } } as never), { instanceOf: ValidationError, message: /timeot/ });
    t.throws(() => ctx.createCallback("c", { serdes: {} } as never), { instanceOf: ValidationError });
    return "checked";
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf())), { Status: "SUCCEEDED", Result: '"checked"' });
});

test("a history recorded from a first run replays createCallback, waitForCallback and invoke without running or sending anything", async (t) => {
  const runs = { submitted: 0, notified: 0 };
  const workflow = async (_event: unknown, ctx: DurableContext) => {
    const { callbackId, result } = await ctx.createCallback<string>("first");
    await ctx.step("notify", () => void runs.notified++);
    const first = await result;
    const second = await ctx.waitForCallback<string>("second", () => void runs.submitted++);
    const third = await ctx.invoke<string>("echo", "third");
    return [callbackId.length > 0, first, second, third];
  };
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const client = new InProcessLambdaClient(engine, { clock: clock.now });
  const options = { logger: quiet, dev: false, client };
  const run = await runToCompletion(durable(workflow, options) as never, {
    engine,
    client,
    clock,
    onSuspended: answerAll('"answer"'),
    functions: { echo: durable(async (event: string) => event, options) as never },
  });
  t.is(run.result, '[true,"answer","answer","third"]');
  t.deepEqual(runs, { submitted: 1, notified: 1 });

  const recorded = engine.getRecord(run.arn)!.operations.map((entry) => structuredClone(entry.op));
  const replay = durable(workflow, { logger: quiet, dev: false, client: noRequestsClient });
  t.deepEqual(await replay(invocationEvent(historyOf(...(recorded as never[])))), { Status: "SUCCEEDED", Result: run.result });
  t.deepEqual(runs, { submitted: 1, notified: 1 }, "nothing ran again");
});
