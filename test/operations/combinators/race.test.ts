import test from "ava";
import { race as rxRace } from "rxjs";
import { durable, Retry, StepError, ValidationError } from "../../../src/index.js";
import { hashOperationId } from "../../../src/ids/index.js";
import { DurableEngine } from "../../../src/local/engine/index.js";
import {
  decidedRace,
  failedStep,
  historyOf,
  invocationEvent,
  startedWait,
  succeededStep,
  succeededWait,
} from "../../../src/testing/history-builders.js";
import { runLive, quiet } from "../../helpers/live.js";
import { noRequestsClient, RecordingClient } from "../../helpers/recording-client.js";

const later = (ms: number, value: unknown) => new Promise((resolve) => setTimeout(() => resolve(value), ms));
const rejectingClient = {
  send: async () => {
    throw Object.assign(new Error("rejected"), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
  },
};

test("cold: a race never subscribed sends nothing and subscribes none of its inputs", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.race("r", [ctx.step("a", () => ++ran), ctx.wait("w", { hours: 1 })]);
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
  t.is(live.result, "done");
});

test("ids are allocated at call time: inputs first (as arguments), then the race", async (t) => {
  await runLive(async (_event, ctx) => {
    const a = ctx.step("a", () => 1);
    const w = ctx.wait("w", { hours: 1 });
    const r = ctx.race("r", [a, w]);
    const child = await ctx.runInChildContext("kid", async (kid) => {
      const inner = kid.race([kid.step("x", () => "x")]);
      return [inner.id, await inner];
    });
    t.deepEqual([a.id, w.id, r.id], ["1", "2", "3"].map(hashOperationId));
    t.deepEqual(child, [hashOperationId("4-2"), "x"]);
    return r;
  });
});

test("the first input to settle wins; the decision (START + SUCCEED, payload the winner's index) is acknowledged before the race emits, and the losing wait is cancelled", async (t) => {
  const engine = new DurableEngine();
  let decisionAtEmit: string | undefined;
  const live = await runLive(
    async (_event, ctx) => {
      const winner = await ctx.race("r", [ctx.wait("slow", { hours: 1 }), ctx.step("fast", () => later(20, "fast"))]);
      decisionAtEmit = engine.getRecord(ctx.executionArn)!.operations.find((e) => e.op.Name === "r")?.op.Status;
      return winner;
    },
    { engine },
  );
  t.is(live.result, "fast");
  t.deepEqual(live.invocations, ["SUCCEEDED"]);
  t.is(decisionAtEmit, "SUCCEEDED");
  const updates = live.client.checkpoints.flat();
  const decision = updates.filter((u) => u.Name === "r");
  t.deepEqual(
    decision.map((u) => [u.Type, u.SubType, u.Action, u.Payload]),
    [
      ["STEP", "Race", "START", undefined],
      ["STEP", "Race", "SUCCEED", "1"],
    ],
  );
  t.deepEqual(updates.filter((u) => u.Action === "CANCEL"), [{ Id: hashOperationId("1"), Type: "WAIT", SubType: "Wait", Name: "slow", Action: "CANCEL" }]);
  t.is(live.byName("slow").Status, "CANCELLED");
});

test("replay returns the recorded winner without running anything, where plain RxJS race picks the first subscribed", async (t) => {
  // b won live; on replay both steps answer at once, in subscription order.
  const history = historyOf(succeededStep("1", "A", { name: "a" }), succeededStep("2", "B", { name: "b" }), decidedRace("3", 1, { name: "r" }));
  const seen: unknown[] = [];
  const handler = durable(async (_event, ctx) => {
    const a = ctx.step("a", () => t.fail("a ran again"));
    const b = ctx.step("b", () => t.fail("b ran again"));
    seen.push(await ctx.race("r", [a, b]));
    seen.push(await new Promise((resolve) => rxRace([a, b]).subscribe(resolve)));
    return seen[0];
  }, { client: noRequestsClient, logger: quiet });
  const output = await handler(invocationEvent(history));
  t.deepEqual(output, { Status: "SUCCEEDED", Result: '"B"' });
  t.deepEqual(seen, ["B", "A"]);
});

test("a winner that failed: the race rejects with its error, live and on replay alike", async (t) => {
  const seen: unknown[] = [];
  const live = await runLive(async (_event, ctx) => {
    const failing = ctx.step("bad", () => Promise.reject(new TypeError("broken")), { retry: Retry.presets.noRetry });
    try {
      await ctx.race("r", [ctx.wait("w", { hours: 1 }), failing]);
    } catch (error) {
      const e = error as StepError;
      seen.push([e.constructor.name, e.message, (e.cause as Error).name]);
    }
    await ctx.wait("pause", { seconds: 5 }); // a second invocation replays the race
    return "handled";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(seen, [
    ["StepError", "broken", "TypeError"],
    ["StepError", "broken", "TypeError"],
  ]);
  t.is(live.client.checkpoints.flat().find((u) => u.Name === "r" && u.Action === "SUCCEED")?.Payload, "1");
});

test("suspension: a race of two waits suspends; the first wait to end wins the next invocation and the other is cancelled", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    await ctx.race("r", [ctx.wait("hour", { hours: 1 }), ctx.wait("minute", { minutes: 1 })]);
    return "a wait ended";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.client.actions, ["START WAIT hour", "START WAIT minute", "START STEP r", "SUCCEED STEP r", "CANCEL WAIT hour"]);
  t.is(live.client.checkpoints.flat().find((u) => u.Action === "SUCCEED")?.Payload, "1");
  t.is(live.byName("hour").Status, "CANCELLED");
  t.is(live.result, "a wait ended");
});

test("the durable timeout: a step still waiting for its retry loses to a wait", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const call = ctx.step("call", ({ attempt }) => {
      if (attempt === 1) throw new Error("busy");
      return "answer";
    }, { retry: Retry.fixed({ maxAttempts: 2, delay: { minutes: 10 } }) });
    const answer = await ctx.race("call-or-timeout", [call, ctx.wait("deadline", { seconds: 30 })]);
    return answer ?? "timed out";
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(live.client.checkpoints.flat().find((u) => u.Name === "call-or-timeout" && u.Action === "SUCCEED")?.Payload, "1");
  t.is(live.result, "timed out");
});

test("a replayed race cancels a losing wait an earlier invocation left running", async (t) => {
  const client = new RecordingClient({ send: async () => ({}) });
  const history = historyOf(succeededStep("1", "A", { name: "a" }), startedWait("2", "2099-01-01T00:00:00.000Z", { name: "w" }), decidedRace("3", 0, { name: "r" }));
  const handler = durable(async (_event, ctx) => ctx.race("r", [ctx.step("a", () => "again"), ctx.wait("w", { hours: 1 })]), { client, logger: quiet });
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '"A"' });
  t.deepEqual(client.checkpoints, [[{ Id: hashOperationId("2"), Type: "WAIT", SubType: "Wait", Name: "w", Action: "CANCEL" }]]);
});

test("a losing wait due within the cancel margin is left to end by itself (a late CANCEL would be rejected)", async (t) => {
  const live = await runLive(async (_event, ctx) => ctx.race("r", [ctx.wait("tick", { seconds: 1 }), ctx.step("now", () => later(10, "now"))]));
  t.is(live.result, "now");
  t.false(live.client.actions.some((a) => a.startsWith("CANCEL")));
});

test("early unsubscribe detaches: the race still decides once and later subscribers share the outcome", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const r = ctx.race("r", [ctx.step("a", () => later(10, "a")), ctx.step("b", () => later(30, "b"))]);
    r.subscribe().unsubscribe();
    return [await r, await r];
  });
  t.deepEqual(live.result, ["a", "a"]);
  t.is(live.client.actions.filter((a) => a === "SUCCEED STEP r").length, 1);
});

test("race([]) is a ValidationError at call time and takes no id", async (t) => {
  await runLive(async (_event, ctx) => {
    t.throws(() => ctx.race([]), { instanceOf: ValidationError, message: /at least one input/ });
    t.throws(() => ctx.race("r", "nope" as never), { instanceOf: ValidationError, message: /expected an array/ });
    t.throws(() => ctx.race("r", [42] as never), { instanceOf: ValidationError, message: /race\("r"\)\[0\]/ });
    t.is(ctx.step("next", () => 1).id, hashOperationId("1"));
  });
});

test("non-determinism: a different operation where the history holds the race FAILS the execution", async (t) => {
  const cases = {
    "an any": (ctx: any) => ctx.any("r", [ctx.step("a", () => "A")]),
    "a step": (ctx: any) => (ctx.step("a", () => "A"), ctx.step("r", () => "r")),
    "a renamed race": (ctx: any) => ctx.race("renamed", [ctx.step("a", () => "A")]),
  };
  for (const [label, body] of Object.entries(cases)) {
    const handler = durable(async (_event, ctx) => {
      try {
        return await body(ctx);
      } catch {
        return "swallowed";
      }
    }, { client: { send: async () => ({}) }, logger: quiet });
    const output = (await handler(invocationEvent(historyOf(succeededStep("1", "A", { name: "a" }), decidedRace("2", 0, { name: "r" }))))) as any;
    t.is(output.Status, "FAILED", label);
    t.is(output.Error.ErrorType, "NonDeterministicError", label);
  }
});

test("non-determinism: a recorded winner the inputs no longer have FAILS the execution, naming both", async (t) => {
  const handler = durable(async (_event, ctx) => ctx.race("r", [ctx.step("a", () => "A")]), { client: { send: async () => ({}) }, logger: quiet });
  const output = (await handler(invocationEvent(historyOf(succeededStep("1", "A", { name: "a" }), decidedRace("2", 2, { name: "r" }))))) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "NonDeterministicError");
  t.regex(output.Error.ErrorMessage, /winner "input #2" in the history but the code asked for "1 input\(s\)"/);
});

test("a replayed failure of an input that won replays as the same error class", async (t) => {
  const history = historyOf(failedStep("1", { ErrorType: "TypeError", ErrorMessage: "broken" }, { name: "a" }), succeededWait("2", { name: "w" }), decidedRace("3", 0, { name: "r" }));
  const handler = durable(async (_event, ctx) => {
    try {
      await ctx.race("r", [ctx.step("a", () => 1), ctx.wait("w", { seconds: 1 })]);
      return "no error";
    } catch (error) {
      return [(error as Error).name, (error as Error).message];
    }
  }, { client: noRequestsClient, logger: quiet });
  t.deepEqual(await handler(invocationEvent(history)), { Status: "SUCCEEDED", Result: '["StepError","broken"]' });
});

test("a checkpoint failure of the decision FAILS the execution and never reaches the user's catch", async (t) => {
  let caught = 0;
  const history = historyOf(succeededStep("1", "A", { name: "a" }));
  const handler = durable(async (_event, ctx) => {
    try {
      return await ctx.race("r", [ctx.step("a", () => "A")]);
    } catch {
      caught++;
      return "swallowed";
    }
  }, { client: rejectingClient, logger: quiet });
  const output = (await handler(invocationEvent(history))) as any;
  t.is(caught, 0);
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "CheckpointError");
});

for (const mode of ["optimistic", "batched"] as const) {
  test(`${mode} mode: the decision is still acknowledged before the race emits`, async (t) => {
    const engine = new DurableEngine();
    let atEmit: string | undefined;
    await runLive(
      async (_event, ctx) => {
        const value = await ctx.race("r", [ctx.step("a", () => "A"), ctx.step("b", () => later(20, "B"))]);
        atEmit = engine.getRecord(ctx.executionArn)!.operations.find((e) => e.op.Name === "r")?.op.Status;
        return value;
      },
      { engine, mode },
    );
    t.is(atEmit, "SUCCEEDED");
  });
}
