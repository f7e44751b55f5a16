import test from "ava";
import { BatchResult, ChildContextError, durable, Retry, StepError, ValidationError } from "../../src/index.js";
import { hashOperationId } from "../../src/ids/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { failedContext, historyOf, invocationEvent, succeededStep } from "../../src/testing/history-builders.js";
import { quiet, runLive } from "../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../helpers/terminal-conditions.js";
import { describeBatch } from "./batch-helpers.js";

test("cold: a map never subscribed runs no item and sends nothing", async (t) => {
  let ran = 0;
  const live = await runLive(async (_event, ctx) => {
    ctx.map("unused", [1, 2], (child, item) => child.step(() => ++ran + item));
    return "done";
  });
  t.is(ran, 0);
  t.deepEqual(live.client.checkpoints, []);
});

test("a CONTEXT Map with one CONTEXT MapIteration per item, ids by item index, SUCCEED with the batch result", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("double", [1, 2, 3], (child, item) => child.step("x2", () => item * 2));
    return batch.results();
  });
  t.deepEqual(live.result, [2, 4, 6]);
  const updates = live.client.checkpoints.flat();
  const map = updates.find((u) => u.Name === "double" && u.Action === "START")!;
  t.like(map, { Id: hashOperationId("1"), Type: "CONTEXT", SubType: "Map" });
  for (const i of [0, 1, 2]) {
    const item = updates.find((u) => u.Name === `map-item-${i}` && u.Action === "START")!;
    t.like(item, { Id: hashOperationId(`1-${i + 1}`), ParentId: hashOperationId("1"), Type: "CONTEXT", SubType: "MapIteration" });
    const inner = updates.find((u) => u.Id === hashOperationId(`1-${i + 1}-1`))!;
    t.like(inner, { ParentId: hashOperationId(`1-${i + 1}`), Name: "x2", Type: "STEP" });
  }
  const succeed = updates.find((u) => u.Name === "double" && u.Action === "SUCCEED")!;
  t.deepEqual(JSON.parse(succeed.Payload!), {
    type: "MapResult",
    completionReason: "ALL_COMPLETED",
    totalCount: 3,
    all: [0, 1, 2].map((i) => ({ index: i, name: `map-item-${i}`, status: "SUCCEEDED", result: String((i + 1) * 2) })),
  });
  t.is(updates.indexOf(succeed), updates.length - 1, "the Map completes after every item");
});

test("the result is emitted only once the Map's SUCCEED is acknowledged", async (t) => {
  const engine = new DurableEngine();
  const live = await runLive(
    async (_event, ctx) => {
      await ctx.map("m", ["a"], (child, item) => child.step(() => item));
      return engine.getRecord(ctx.executionArn)!.operations.find((entry) => entry.op.Name === "m")!.op.Status;
    },
    { engine },
  );
  t.is(live.result, "SUCCEEDED");
});

test("a finished map replays from its stored result: no item runs again, and the result is a BatchResult equal to the live one", async (t) => {
  let runs = 0;
  const seen: BatchResult<number>[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", [1, 2, 3], (child, item) => {
      runs++;
      return child.step(() => item + 1);
    });
    seen.push(batch);
    await ctx.wait("later", { seconds: 5 });
    return batch.successCount;
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(runs, 3);
  t.is(seen.length, 2);
  t.true(seen[1] instanceof BatchResult);
  t.deepEqual(describeBatch(seen[1]), describeBatch(seen[0]));
  t.is(live.client.actions.filter((a) => a.includes("map-item")).length, 6, "items were checkpointed by the first invocation only");
});

class OutOfStock extends Error {
  override name = "OutOfStock";
  constructor(readonly sku: string) {
    super(`no ${sku} left`);
  }
}

test("failed items are in the result (the map itself succeeds), and their errors are the same class, message and data after replay", async (t) => {
  const seen: BatchResult<string>[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map(
      "m",
      ["ok", "step-fails", "throws"],
      async (child, item) => {
        if (item === "step-fails") await child.step("reserve", () => Promise.reject(new OutOfStock("sku-1")), { retry: Retry.presets.noRetry });
        if (item === "throws") throw Object.assign(new TypeError("bad item"), { code: 42 });
        return item;
      },
      { completion: { toleratedFailureCount: 5 } },
    );
    seen.push(batch);
    await ctx.wait("later", { seconds: 5 });
    return batch.status;
  });
  t.is(live.result, "FAILED");
  const map = live.client.checkpoints.flat().find((u) => u.Name === "m" && u.Action === "SUCCEED");
  t.truthy(map, "the Map CONTEXT SUCCEEDs although items failed");
  const [first, replayed] = seen;
  t.deepEqual(describeBatch(replayed), describeBatch(first));
  const [stepFailure, thrown] = first.errors();
  t.true(stepFailure instanceof ChildContextError);
  t.true(stepFailure.cause instanceof StepError);
  t.is((stepFailure.cause as Error).message, "no sku-1 left");
  t.true(thrown instanceof ChildContextError);
  t.true(thrown.cause instanceof TypeError);
  t.is((thrown as ChildContextError).errorData, '{"code":42}', "the thrown error's own properties, as a child context keeps them");
  t.true(replayed.errors()[1].cause instanceof TypeError);
  t.is((replayed.errors()[1] as ChildContextError).errorData, '{"code":42}');
  t.throws(() => replayed.throwIfError(), { is: replayed.errors()[0] });
});

test("an item's step retries across invocations; finished items are not run again meanwhile", async (t) => {
  const calls: string[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", ["steady", "flaky"], (child, item) =>
      child.step(
        () => {
          calls.push(item);
          if (item === "flaky" && calls.filter((c) => c === "flaky").length < 3) throw new Error("try again");
          return item.toUpperCase();
        },
        { retry: Retry.fixed({ maxAttempts: 5, delay: { seconds: 2 } }) },
      ),
    );
    return batch.throwIfError();
  });
  t.deepEqual(live.result, ["STEADY", "FLAKY"]);
  t.deepEqual(live.invocations, ["PENDING", "PENDING", "SUCCEEDED"]);
  t.deepEqual(calls, ["steady", "flaky", "flaky", "flaky"]);
});

test("suspension: items waiting suspend the invocation; on resume the finished items replay and the waiting ones go on", async (t) => {
  const steps: number[] = [];
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", [0, 1, 2], async (child, item) => {
      const value = await child.step("work", () => {
        steps.push(item);
        return item;
      });
      if (item === 1) await child.wait("pause", { minutes: 10 });
      return value * 10;
    });
    return batch.results();
  });
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.deepEqual(live.result, [0, 10, 20]);
  t.deepEqual(steps, [0, 1, 2], "each item's step ran once");
});

test("non-determinism: a step where the history has the map FAILS the execution", async (t) => {
  const handler = durable(async (_event, ctx) => {
    try {
      return await ctx.map("m", [1], (child, item) => child.step(() => item));
    } catch {
      return "swallowed";
    }
  }, { client: { send: async () => ({}) }, logger: quiet });
  const output = (await handler(invocationEvent(historyOf(succeededStep("1", 1, { name: "m" }))))) as any;
  t.is(output.Status, "FAILED");
  t.is(output.Error.ErrorType, "NonDeterministicError");
});

test("non-determinism inside an item: a map resumed with different code in an unfinished item FAILS the execution", async (t) => {
  let invocation = 0;
  const live = await runLive(async (_event, ctx) => {
    invocation++;
    const batch = await ctx.map("m", [1], async (child) => {
      if (invocation === 1) {
        await child.step("first", () => 1);
        await child.wait("pause", { seconds: 5 });
      } else {
        await child.wait("changed", { seconds: 5 });
      }
    });
    return batch.status;
  });
  t.deepEqual(live.invocations, ["PENDING", "FAILED"]);
  t.is(live.run.error?.ErrorType, "NonDeterministicError");
});

test("early unsubscribe detaches: the map still completes once and later subscribers share its result", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const op = ctx.map("m", [1, 2], (child, item) => child.step(() => item));
    op.subscribe().unsubscribe();
    const [a, b] = [await op, await op];
    return a === b;
  });
  t.is(live.result, true);
  t.is(live.client.actions.filter((a) => a === "START CONTEXT m").length, 1);
});

test("a checkpoint failure FAILS the execution and never reaches the user's catch", async (t) => {
  await assertCheckpointFailureIsTerminal(t, (ctx) => ctx.map("m", [1], (child, item) => child.step(() => item)));
});

test("bad arguments are ValidationErrors at call time", async (t) => {
  const handler = durable(async (_event, ctx) => {
    t.throws(() => ctx.map("m", "abc" as never, () => 1), { instanceOf: ValidationError, message: /items must be an array/ });
    t.throws(() => ctx.map("m", [1], 3 as never), { instanceOf: ValidationError });
    t.throws(() => ctx.map("m", [1], () => 1, { maxConcurrency: 0 }), { instanceOf: ValidationError, message: /maxConcurrency/ });
    t.throws(() => ctx.map("m", [1], () => 1, { completion: { toleratedFailurePercentage: 120 } }), { instanceOf: ValidationError });
    t.throws(() => ctx.map("m", [1], () => 1, { nesting: "deep" as never }), { instanceOf: ValidationError });
    t.throws(() => ctx.map("m", [1, 2], () => 1, { itemName: (_item, i) => (i === 1 ? "bad\nname" : "ok") }), { instanceOf: ValidationError, message: /item 1/ });
    t.throws(() => ctx.map("", [1], () => 1), { instanceOf: ValidationError });
    return "checked";
  }, { client: { send: async () => ({}) }, logger: quiet });
  t.deepEqual(await handler(invocationEvent(historyOf())), { Status: "SUCCEEDED", Result: '"checked"' });
});

test("an empty map completes at once: ALL_COMPLETED, nothing started", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("none", [] as number[], (child, item) => child.step(() => item));
    return { all: batch.all, reason: batch.completionReason, total: batch.totalCount, status: batch.status };
  });
  t.deepEqual(live.result, { all: [], reason: "ALL_COMPLETED", total: 0, status: "SUCCEEDED" });
  t.deepEqual(live.client.actions, ["START CONTEXT none", "SUCCEED CONTEXT none"]);
});

test("itemName names each item's CONTEXT and its BatchResult entry; fn gets (ctx, item, index, items)", async (t) => {
  const live = await runLive(async (_event, ctx) => {
    const orders = [{ id: "a" }, { id: "b" }];
    const batch = await ctx.map("orders", orders, (child, order, index, all) => child.step(() => `${order.id}${index}/${all.length}`), {
      itemName: (order) => `order-${order.id}`,
    });
    return batch.all.map((item) => [item.name, item.result]);
  });
  t.deepEqual(live.result, [["order-a", "a0/2"], ["order-b", "b1/2"]]);
  t.true(live.client.actions.includes("START CONTEXT order-a"));
});

test("itemSerdes stores each item's result, in its CONTEXT and in the batch result", async (t) => {
  const seen: unknown[] = [];
  const upper = { serialize: (value: string) => `<${value}>`, deserialize: (data: string | undefined) => (data ?? "").slice(1, -1).toUpperCase() };
  const live = await runLive(async (_event, ctx) => {
    const batch = await ctx.map("m", ["x", "y"], async () => "v", { itemSerdes: upper });
    seen.push(batch.results());
    await ctx.wait("later", { seconds: 1 });
    return batch.results();
  });
  t.deepEqual(seen, [["V", "V"], ["V", "V"]]);
  const item = live.client.checkpoints.flat().find((u) => u.Name === "map-item-0" && u.Action === "SUCCEED")!;
  t.is(item.Payload, "<v>");
  t.is(JSON.parse(live.client.checkpoints.flat().find((u) => u.Name === "m" && u.Action === "SUCCEED")!.Payload!).all[0].result, "<V>");
});

for (const mode of ["eager", "batched", "optimistic"] as const) {
  test(`${mode}: the same result, and the map emits only after its SUCCEED is acknowledged`, async (t) => {
    const engine = new DurableEngine();
    const live = await runLive(
      async (_event, ctx) => {
        const batch = await ctx.map("m", [1, 2, 3, 4], (child, item) => child.step(() => item * item), { maxConcurrency: 2 });
        const stored = engine.getRecord(ctx.executionArn)!.operations.find((entry) => entry.op.Name === "m")!.op.Status;
        return { results: batch.results(), stored };
      },
      { engine, mode },
    );
    t.deepEqual(live.result, { results: [1, 4, 9, 16], stored: "SUCCEEDED" });
  });
}

test("a map whose CONTEXT is FAILED in the history (its function threw) rejects with ChildContextError, without running", async (t) => {
  let ran = 0;
  const handler = durable(async (_event, ctx) => {
    try {
      await ctx.map("m", [1], () => ++ran);
      return "no";
    } catch (error) {
      return [(error as Error).name, (error as Error).message, ((error as Error).cause as Error).name];
    }
  }, { client: { send: async () => ({}) }, logger: quiet });
  const history = historyOf(failedContext("1", { ErrorType: "SerdesError", ErrorMessage: "cannot store" }, { name: "m", subType: "Map" }));
  const output = (await handler(invocationEvent(history))) as any;
  t.deepEqual(JSON.parse(output.Result), ["ChildContextError", "cannot store", "SerdesError"]);
  t.is(ran, 0);
});

test("development mode: items a completed batch never started are not reported as created-but-never-subscribed", async (t) => {
  const warnings: string[] = [];
  const logger = { debug() {}, info() {}, warn: (line: string) => warnings.push(line), error() {} };
  const live = await runLive(
    async (_event, ctx) => {
      const batch = await ctx.map("m", [1, 2, 3, 4], (child, item) => child.step(() => {
        if (item === 2) throw new Error("stop");
        return item;
      }, { retry: Retry.presets.noRetry }), { maxConcurrency: 1 });
      return batch.all.length;
    },
    { config: { dev: true, logger } },
  );
  t.is(live.result, 2);
  t.deepEqual(warnings.filter((w) => w.includes("never subscribed")), []);
});

test("a suspended map of 1,500 items run one at a time resumes by replaying them one after another without growing the stack", async (t) => {
  const count = 1500;
  const live = await runLive(
    async (_event, ctx) => {
      const items = Array.from({ length: count }, (_, i) => i);
      const batch = await ctx.map("many", items, async (child, item) => {
        const value = await child.step(() => item);
        if (item === count - 1) await child.wait({ seconds: 5 });
        return value;
      }, { maxConcurrency: 1 });
      return batch.results().length;
    },
    { mode: "optimistic" },
  );
  t.deepEqual(live.invocations, ["PENDING", "SUCCEEDED"]);
  t.is(live.result, count);
});
