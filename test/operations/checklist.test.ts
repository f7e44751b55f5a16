// The parts of the per-operation checklist (DEVELOPERS.md "Taste") that read the same for
// every operation, run as one table over step, wait and child context.
import test from "ava";
import { durable, type DurableContext, type DurableOperation } from "../../src/index.js";
import { historyOf, invocationEvent, succeededContext, succeededStep, succeededWait } from "../../src/testing/history-builders.js";
import { runLive, quiet } from "../helpers/live.js";
import { assertCheckpointFailureIsTerminal } from "../helpers/terminal-conditions.js";

type Make = (ctx: DurableContext) => DurableOperation<unknown>;
const operations: Record<string, Make> = {
  step: (ctx) => ctx.step("op", () => "v"),
  wait: (ctx) => ctx.wait("op", { seconds: 1 }),
  "child context": (ctx) => ctx.runInChildContext("op", async (child) => child.step("inner", () => "v")),
};
// A history where id 1 is a different kind of operation named "op".
const otherKind: Record<string, () => ReturnType<typeof succeededStep>> = {
  step: () => succeededWait("1", { name: "op" }),
  wait: () => succeededContext("1", "v", { name: "op" }),
  "child context": () => succeededStep("1", "v", { name: "op" }),
};

for (const [label, make] of Object.entries(operations)) {
  test(`${label}: early unsubscribe detaches, the operation still completes and later subscribers share its outcome`, async (t) => {
    const live = await runLive(async (_event, ctx) => {
      const op = make(ctx);
      op.subscribe().unsubscribe();
      return [await op, await op];
    });
    t.is(live.run.status, "SUCCEEDED");
    t.is(live.client.actions.filter((a) => a.startsWith("START") && a.endsWith(" op")).length, 1, "started once");
  });

  test(`${label}: a different operation at its id in the history FAILS the execution as non-deterministic`, async (t) => {
    const handler = durable(async (_event, ctx) => {
      try {
        return await make(ctx);
      } catch {
        return "swallowed";
      }
    }, { client: { send: async () => ({}) }, logger: quiet });
    const output = (await handler(invocationEvent(historyOf(otherKind[label]!())))) as any;
    t.is(output.Status, "FAILED");
    t.is(output.Error.ErrorType, "NonDeterministicError");
  });

  test(`${label}: a checkpoint failure FAILS the execution and never reaches the user's catch`, (t) =>
    assertCheckpointFailureIsTerminal(t, make));
}
